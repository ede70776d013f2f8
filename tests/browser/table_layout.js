'use strict';
// How a page's record tables are laid out and exposed, at a phone's width and a desktop's.
// Usage: node table_layout.js CHROMIUM URL; prints JSON {"<width>": {...}} for 390 and 1280 CSS px.
// Used by tests/test_wide_tables.py.

const puppeteer = require('puppeteer');

// The accessibility tree under each table: role and name, as assistive technology gets them.
async function tables(page) {
	const client = await page.target().createCDPSession();
	const {nodes} = await client.send('Accessibility.getFullAXTree');
	const byId = new Map(nodes.map(node => [node.nodeId, node]));
	const shown = new Set(['table', 'caption', 'rowgroup', 'row', 'columnheader', 'rowheader', 'cell']);
	const walk = (node, out) => {
		const role = node.role && node.role.value;
		if (!node.ignored && shown.has(role)) {
			out.push([role, (node.name && node.name.value) || '']);
		}
		for (const id of node.childIds || []) {
			walk(byId.get(id), out);
		}
		return out;
	};
	await client.detach();
	return nodes.filter(node => node.role && node.role.value === 'table').map(table => walk(table, []));
}

async function main() {
	const [chromium, url] = process.argv.slice(2);
	const browser = await puppeteer.launch({executablePath: chromium, args: ['--no-sandbox', '--disable-gpu']});
	const page = await browser.newPage();
	const results = {};
	for (const width of [390, 1280]) {
		await page.setViewport({width, height: 900, deviceScaleFactor: 1});
		await page.goto(url, {waitUntil: 'load'});
		const layout = await page.evaluate(() => [...document.querySelectorAll('table.records')].map(table => ({
			rowDisplay: getComputedStyle(table.querySelector('tbody tr')).display,
			labels: [...table.querySelectorAll('tbody tr:first-child > *')].map(cell => getComputedStyle(cell, '::before').content),
			scrollsSideways: table.parentElement.scrollWidth > table.parentElement.clientWidth,
			columnWidths: [...table.querySelectorAll('thead th')].map(cell => Math.round(cell.getBoundingClientRect().width)),
		})));
		results[width] = {layout, tables: await tables(page)};
	}
	await browser.close();
	process.stdout.write(JSON.stringify(results));
}

main().catch(error => {
	console.error(error);
	process.exit(1);
});
