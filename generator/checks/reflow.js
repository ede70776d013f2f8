'use strict';
// WCAG 2.2 1.4.10 Reflow: at 320 CSS pixels wide a page must not scroll
// sideways (data tables may scroll inside their own region). Loads each page
// in one browser at that width and reports what sticks out.
// Usage: node reflow.js CONFIG.json  (config: {chromium, args, urls}); prints JSON.

const fs = require('fs');
const puppeteer = require('puppeteer');

async function main() {
	const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf-8'));
	const browser = await puppeteer.launch({executablePath: config.chromium, args: config.args});
	const page = await browser.newPage();
	await page.setViewport({width: 320, height: 640, deviceScaleFactor: 1});
	const results = {};
	for (const url of config.urls) {
		try {
			await page.goto(url, {waitUntil: 'load', timeout: 60000});
			results[url] = await page.evaluate(() => {
				const root = document.documentElement;
				if (root.scrollWidth <= root.clientWidth) {
					return [];
				}
				const width = root.clientWidth;
				const scrolls = element => {
					for (let node = element.parentElement; node; node = node.parentElement) {
						const overflow = getComputedStyle(node).overflowX;
						if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') {
							return true;
						}
					}
					return false;
				};
				const describe = element => {
					let selector = element.tagName.toLowerCase();
					if (element.id) {
						selector += '#' + element.id;
					} else if (element.className && typeof element.className === 'string') {
						selector += '.' + element.className.trim().split(/\s+/).join('.');
					}
					return selector;
				};
				const wide = [...document.body.querySelectorAll('*')]
					.filter(element => element.getBoundingClientRect().right > width + 1 && !scrolls(element));
				// Report the outermost offenders: their children stick out because they do.
				const outermost = wide.filter(element => !wide.includes(element.parentElement));
				return [{
					width: root.scrollWidth,
					elements: outermost.slice(0, 5).map(element => ({
						selector: describe(element),
						right: Math.round(element.getBoundingClientRect().right),
						html: element.outerHTML.slice(0, 160)
					}))
				}];
			});
		} catch (error) {
			results[url] = [{failed: String(error && error.message)}];
		}
	}
	await browser.close();
	process.stdout.write(JSON.stringify(results));
}

main().catch(error => {
	console.error(error);
	process.exit(1);
});
