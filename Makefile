# `make build` and `make test` do all set-up on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test golden clean

build: $(STAMP)
	$(BIN)/clerk build

test: $(STAMP)
	$(BIN)/python -m pytest

# Regenerate the golden HTML of the example site; review the diff before committing.
golden: $(STAMP)
	$(BIN)/python -m tests.update_golden

# Debian splits venv out of python3; install it when we can (as root) and it is missing.
$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { [ "$$(id -u)" = 0 ] && rm -rf $(VENV) \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv \
		&& $(PYTHON) -m venv $(VENV); }

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf build $(VENV)
