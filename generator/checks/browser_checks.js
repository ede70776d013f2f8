'use strict';
// The browser checks of Clerk's gate: one Chromium, a few tabs, each page loaded once.
// In a tab, pa11y loads the page and runs its runners (axe, HTML CodeSniffer and
// Clerk's WCAG 2.2 runner) at pa11y's desktop viewport; then, on the same loaded
// page, pa11y runs the reflow runner with the viewport narrowed to 320 CSS pixels
// (a narrower viewport lays the page out again, as loading it at that width would:
// the site's only script, search's, does not read the width).
// Tabs are opened once and never closed while pages are checked: pa11y-ci's
// closing of a page per URL is what loses pages at concurrency 2.
// Usage: node browser_checks.js CONFIG.json (see browser_checks.py). It starts Chromium and opens
// its tabs at once, then reads jobs from stdin, one JSON line each ({pages, report}): the build
// starts it while it writes the site, so that no page waits for Chromium to start. For each job
// it writes job.report and then says `done` on stdout; it ends when stdin ends.

const fs = require('fs');
const readline = require('readline');
const pa11y = require('pa11y');
const puppeteer = require('puppeteer');

async function launch(config) {
	const options = {executablePath: config.chromium, args: config.args};
	try {
		return await puppeteer.launch(options);
	} catch {
		// As pa11y-ci does: Chromium sometimes fails to start once.
		return puppeteer.launch(options);
	}
}

function failure(error) {
	return {failed: String((error && error.message) || error)};
}

async function checkPage(browser, tab, config, entry) {
	const common = {browser, page: tab, ignoreUrl: true, timeout: config.timeout, standard: config.standard};
	const result = {};
	try {
		// Loaded here rather than by pa11y, which waits for the network to be idle for 500 ms
		// (networkidle2): the pages are static, and search's results, which its script fetches
		// after the load, are waited for by the page's action.
		await tab.setViewport(pa11y.defaults.viewport);
		await tab.goto(entry.url, {waitUntil: 'load', timeout: config.timeout});
		result.pa11y = (await pa11y(entry.url, {...common, runners: config.runners, actions: entry.actions || []})).issues;
	} catch (error) {
		result.pa11y = failure(error);
		result.reflow = {failed: 'the page could not be loaded: ' + result.pa11y.failed};
		return result;
	}
	try {
		const narrow = {...common, runners: [config.reflow.runner], viewport: config.reflow.viewport};
		result.reflow = (await pa11y(entry.url, narrow)).issues;
	} catch (error) {
		result.reflow = failure(error);
	}
	return result;
}

async function checkPages(browser, tabs, newTab, config, pages) {
	const results = {};
	const queue = [...pages];
	const worker = async (index) => {
		for (let entry = queue.shift(); entry; entry = queue.shift()) {
			const result = await checkPage(browser, tabs[index], config, entry);
			results[entry.url] = result;
			if (result.pa11y.failed || result.reflow.failed) {
				// A tab that failed a page (it may have crashed) is not trusted with the next one.
				await tabs[index].close().catch(() => {});
				tabs[index] = await newTab();
			}
		}
	};
	await Promise.all(tabs.map((_, index) => worker(index)));
	return results;
}

async function main() {
	const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf-8'));
	const browser = await launch(config);
	const newTab = async () => {
		const tab = await browser.newPage();
		await tab.setUserAgent(pa11y.defaults.userAgent);
		return tab;
	};
	const tabs = await Promise.all(Array.from({length: Math.max(1, config.tabs)}, newTab));
	for await (const line of readline.createInterface({input: process.stdin})) {
		if (!line.trim()) {
			continue;
		}
		const job = JSON.parse(line);
		// No more tabs at work than pages: an idle tab costs nothing, a tab's page load shares the processor.
		const working = tabs.slice(0, Math.max(1, Math.min(tabs.length, job.pages.length)));
		const results = await checkPages(browser, working, newTab, config, job.pages);
		tabs.splice(0, working.length, ...working);
		fs.writeFileSync(job.report, JSON.stringify(results));
		process.stdout.write('done\n');
	}
	await browser.close();
}

main().catch(error => {
	console.error(error);
	process.exit(1);
});
