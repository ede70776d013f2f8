'use strict';
// A pa11y runner for WCAG 2.2 1.4.10 Reflow: at 320 CSS pixels wide a page
// must not scroll sideways (data tables may scroll inside their own region).
// browser_checks.js runs it on the page pa11y's other runners have just
// checked, with the viewport narrowed to 320 CSS pixels: one load serves both.
// What sticks out goes in runnerExtras, which reflow.py turns into findings.
// pa11y turns `run` into source text and evaluates it in the page: it must
// not refer to anything outside itself.

module.exports = {
	supports: '^9.0.0',
	scripts: [],
	run: async () => {
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
			code: 'horizontal-scroll',
			type: 'error',
			message: 'the page scrolls sideways',
			element: null,
			runnerExtras: {
				width: root.scrollWidth,
				elements: outermost.slice(0, 5).map(element => ({
					selector: describe(element),
					right: Math.round(element.getBoundingClientRect().right),
					html: element.outerHTML.slice(0, 160)
				}))
			}
		}];
	}
};
