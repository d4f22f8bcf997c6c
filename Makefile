# Two entry points for a fresh machine (see README):
#   make demo   install spinscope in .venv and run it on the bundled samples
#   make test   install it with the test tools (and Chromium) and run every test
# Re-running either only reinstalls when pyproject.toml, setup.py, the C engine or
# constraints.txt changed (the install compiles src/spinscope/persuasion/engine/e5.c).
# constraints.txt pins the numeric libraries the shipped models were trained with.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install install-dev chromium lint schema bench clean

demo: $(VENV)/.installed
	$(BIN)/spinscope demo

test: $(VENV)/.installed-dev chromium
	$(BIN)/pytest -q

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "spinscope needs Python >= 3.11 (set PYTHON=python3.11 or newer)"; exit 1; }
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { $(SUDO) apt-get update \
		&& $(SUDO) apt-get install -y python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml setup.py src/spinscope/persuasion/engine/e5.c constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml setup.py src/spinscope/persuasion/engine/e5.c constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(VENV)/.installed $@

# Browser tests drive Debian's Chromium (no browser download by Playwright).
chromium:
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update \
		&& $(SUDO) apt-get install -y chromium; }

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

schema: $(VENV)/.installed
	$(BIN)/python -m spinscope.schema

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_ingest.py ../shared/data/semeval2023/fr/train-articles-subtask-3

clean:
	rm -rf $(VENV) spinscope.db spinscope.db-wal spinscope.db-shm
