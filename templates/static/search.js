// Site search over Pagefind's index (pagefind/, made at each build from the staged site).
// A small UI of our own rather than Pagefind's: a labelled form, a live status that says how
// many results there are, and results as a list of links that say their committee and meeting.
// Without JavaScript the form stays hidden and the page offers the plain index (search/all/).

const form = document.querySelector('form.search-form');
const query = form.elements.q;
// The filters are the form's lists: a council's (committee, year, kind) or a portal's (council, kind).
const filters = [...form.querySelectorAll('select')].map(select => select.name);
const status = document.querySelector('.search-status');
const list = document.querySelector('.search-results');
const root = new URL(form.dataset.siteRoot, window.location.href);
const view = form.dataset.view;
// Enough to read through; the status says when there are more than are shown.
const SHOWN = 30;

let pagefind = null;

async function loadIndex() {
	if (pagefind === null) {
		pagefind = await import(new URL('pagefind/pagefind.js', root).href);
		await pagefind.options({excerptLength: 30});
	}
	return pagefind;
}

function chosenFilters() {
	const chosen = {};
	for (const name of filters) {
		const value = form.elements[name].value;
		if (value) {
			chosen[name] = value;
		}
	}
	return chosen;
}

function plural(count, word) {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function resultItem(data) {
	const item = document.createElement('li');
	const heading = document.createElement('h2');
	const link = document.createElement('a');
	link.href = new URL(view + data.url.replace(/^\//, ''), root).href;
	link.textContent = data.meta.title;
	heading.append(link);
	item.append(heading);
	const meeting = [data.meta.committee, data.meta.meeting].filter(Boolean).join(', meeting of ');
	// A portal's index says whose each result is (render/portal.py).
	const where = [data.meta.council, meeting].filter(Boolean).join(': ');
	if (where) {
		const context = document.createElement('p');
		context.className = 'search-result-context';
		context.textContent = where;
		item.append(context);
	}
	const excerpt = document.createElement('p');
	// Pagefind's excerpt is the page's text, escaped, with the words found in <mark>.
	excerpt.innerHTML = data.excerpt;
	item.append(excerpt);
	return item;
}

async function run() {
	const words = query.value.trim();
	const chosen = chosenFilters();
	if (!words && Object.keys(chosen).length === 0) {
		status.textContent = 'Type the words to search for.';
		list.replaceChildren();
		return;
	}
	status.textContent = 'Searching…';
	list.setAttribute('aria-busy', 'true');
	const index = await loadIndex();
	const found = await index.search(words || null, {filters: chosen});
	const shown = await Promise.all(found.results.slice(0, SHOWN).map(result => result.data()));
	list.replaceChildren(...shown.map(resultItem));
	// Done: assistive technology reads the list now (and the accessibility gate checks it now).
	list.setAttribute('aria-busy', 'false');
	const total = found.results.length;
	const about = words ? ` for “${words}”` : '';
	status.textContent = total === 0
		? `No results${about}.`
		: `${plural(total, 'result')}${about}${total > SHOWN ? `; the first ${SHOWN} are shown` : ''}.`;
}

function remember() {
	const address = new URL(window.location.href);
	address.search = '';
	for (const [name, value] of new FormData(form)) {
		if (value) {
			address.searchParams.set(name, value);
		}
	}
	window.history.replaceState(null, '', address);
}

form.addEventListener('submit', event => {
	event.preventDefault();
	remember();
	run().catch(() => {
		status.textContent = 'Search could not be loaded. Every meeting and paper is in the index linked below.';
	});
});

// A search kept in the address (a link shared, or the page reloaded) is run again.
const asked = new URL(window.location.href).searchParams;
for (const name of ['q', ...filters]) {
	if (asked.has(name)) {
		form.elements[name].value = asked.get(name);
	}
}
form.hidden = false;
if (asked.toString()) {
	run().catch(() => {
		status.textContent = 'Search could not be loaded. Every meeting and paper is in the index linked below.';
	});
}
