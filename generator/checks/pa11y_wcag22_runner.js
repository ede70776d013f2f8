'use strict';
// A pa11y runner for the WCAG 2.2 success criteria that pa11y's own axe runner
// leaves out (it asks axe only for the wcag2a/wcag21a/wcag2aa/wcag21aa tags).
// It reuses the axe-core that the 'axe' runner injects, so list it after 'axe'.
// pa11y turns `run` into source text and evaluates it in the page: it must
// not refer to anything outside itself.

module.exports = {
	supports: '^9.0.0',
	scripts: [],
	run: async () => {
		const axe = window.axe;
		if (!axe) {
			throw new Error('the wcag22 runner needs the axe runner listed before it');
		}
		// pa11y starts its runners together, and axe runs one audit at a time.
		let results;
		for (;;) {
			try {
				results = await axe.run(window.document, {
					runOnly: {type: 'tags', values: ['wcag22a', 'wcag22aa']}
				});
				break;
			} catch (error) {
				if (!/already running/i.test(String(error && error.message))) {
					throw error;
				}
				await new Promise(resolve => setTimeout(resolve, 20));
			}
		}
		const level = impact => (impact === 'critical' || impact === 'serious' ? 'error' : 'warning');
		return results.violations.flatMap(violation => violation.nodes.map(node => ({
			code: violation.id,
			type: level(violation.impact),
			message: `${violation.help} (${violation.helpUrl})`,
			element: node.target && node.target.length === 1 ? window.document.querySelector(node.target[0]) : null
		})));
	}
};
