'use strict';
// Uses the search page as a reader does: types words, chooses filters with the keyboard, presses
// Enter, and reads back what the live status says and the results listed.
// Usage: node search.js CHROMIUM URL SEARCHES_JSON, where SEARCHES_JSON is a list of
// {"q": words, "committee": name or "", "width": CSS px, "screenshot": path or null};
// prints JSON: one {"status", "results": [{title, href, context}], "markup", "focus"} per search,
// "markup" counting elements in the results other than those search.js makes.
// Used by tests/test_search.py.

const puppeteer = require('puppeteer');

async function search(page, url, asked) {
	await page.setViewport({width: asked.width, height: 900, deviceScaleFactor: 1});
	await page.goto(url, {waitUntil: 'load'});
	await page.waitForSelector('form.search-form:not([hidden])');
	await page.focus('#search-query');
	const focus = await page.evaluate(() => {
		const style = getComputedStyle(document.activeElement);
		return {id: document.activeElement.id, outline: style.outlineStyle, outlineWidth: style.outlineWidth};
	});
	await page.keyboard.type(asked.q);
	if (asked.committee) {
		await page.select('#search-committee', asked.committee);
	}
	await page.focus('#search-query');
	await page.keyboard.press('Enter');
	await page.waitForFunction(() => {
		const text = document.querySelector('.search-status').textContent;
		return text && text !== 'Searching…';
	}, {timeout: 30000});
	if (asked.screenshot) {
		await page.screenshot({path: asked.screenshot, fullPage: true});
	}
	return page.evaluate(focus => ({
		status: document.querySelector('.search-status').textContent,
		statusRole: document.querySelector('.search-status').getAttribute('role'),
		results: [...document.querySelectorAll('.search-results > li')].map(item => ({
			title: item.querySelector('h2 a').textContent,
			href: item.querySelector('h2 a').href,
			context: (item.querySelector('.search-result-context') || {textContent: ''}).textContent,
		})),
		markup: document.querySelectorAll('.search-results *:not(li, h2, a, p, mark)').length,
		scrollsSideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
		focus,
	}), focus);
}

async function main() {
	const [chromium, url, searches] = process.argv.slice(2);
	const browser = await puppeteer.launch({executablePath: chromium, args: ['--no-sandbox', '--disable-gpu']});
	try {
		const page = await browser.newPage();
		const results = [];
		for (const asked of JSON.parse(searches)) {
			results.push(await search(page, url, asked));
		}
		process.stdout.write(JSON.stringify(results));
	} finally {
		await browser.close();
	}
}

main().catch(error => {
	console.error(error);
	process.exit(1);
});
