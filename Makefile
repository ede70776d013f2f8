# `make build` and `make test` do all set-up on a fresh Debian machine:
# Debian packages (when run as root: Chromium, Java, Node, WeasyPrint's
# Pango, the Liberation fonts embedded in PDFs, poppler for the PDF tests), a venv with the Python packages, and
# the npm checkers (pa11y-ci, vnu-jar) pinned by package-lock.json.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# Browsers come from Debian only: never let puppeteer download one.
export PUPPETEER_SKIP_DOWNLOAD := 1

.PHONY: build test golden bench bench-pdf bench-html bench-formats clean system-packages

build: system-packages $(STAMP) $(NODE_STAMP)
	$(BIN)/clerk build

# Test files run side by side, one process per core (TEST_PROCESSES=1 for one): each file's tests stay together,
# so a module's fixtures are made once.
TEST_PROCESSES ?= auto
test: system-packages $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist loadfile

# Regenerate the golden HTML of the example site; review the diff before committing.
golden: system-packages $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m tests.update_golden

bench: system-packages $(STAMP) $(NODE_STAMP)
	$(BIN)/python bench/gate.py

bench-pdf: system-packages $(STAMP)
	$(BIN)/python bench/pdf.py

bench-html: system-packages $(STAMP)
	$(BIN)/python bench/html_build.py

bench-formats: system-packages $(STAMP)
	$(BIN)/python bench/formats.py

# The commands Clerk runs, mapped to the Debian packages that provide them.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	$(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	ldconfig -p | grep -q 'libpango-1.0.so.0' || missing="$$missing libpango-1.0-0"; \
	ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || missing="$$missing libpangoft2-1.0-0"; \
	ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || missing="$$missing libharfbuzz-subset0"; \
	test -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf || missing="$$missing fonts-liberation"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v lou_translate >/dev/null 2>&1 || missing="$$missing liblouis-bin"; \
	test -f /usr/share/liblouis/tables/en-ueb-g2.ctb || missing="$$missing liblouis-data"; \
	command -v espeak-ng >/dev/null 2>&1 || missing="$$missing espeak-ng"; \
	command -v opusenc >/dev/null 2>&1 || missing="$$missing opus-tools"; \
	command -v sox >/dev/null 2>&1 || missing="$$missing sox"; \
	command -v epubcheck >/dev/null 2>&1 || missing="$$missing epubcheck"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "Missing Debian packages:$$missing. Run 'make' as root, or: sudo apt-get install$$missing" >&2; exit 1; \
		fi; \
	fi

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

clean:
	rm -rf build $(VENV) node_modules .clerk-cache
