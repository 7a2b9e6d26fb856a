# Customer-experience course: set up, serve, test.
#
#   make serve            serve the course with Voila (HOST=127.0.0.1 PORT=8866 by default;
#                         CLASS_LECTURE=03 CLASS_SIZE=30 prepares a class's pages ahead)
#   make test             run every test (unit, notebook execution, browser)
#   make lint             ruff
#   make bench            benchmarks: every page vs the floor, a class of 10 and 30 (BENCH_ARGS)
#   make clean            remove the virtualenv and caches
#
# Set-up is idempotent: stamp files in .venv record what was installed; they are rebuilt only
# when pyproject.toml or the Voila template changes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8866
# A class about to open one lecture: `make serve CLASS_LECTURE=03 CLASS_SIZE=30` prepares 30
# pages of lecture 03 before the learners arrive (Voila's preheated kernels).
CLASS_LECTURE ?=
CLASS_SIZE ?= 0
PYTEST_ARGS ?=
BENCH_ARGS ?=
CHROMIUM ?= /usr/bin/chromium
# Debian packages the tests need besides Chromium (added unless CHROMIUM points elsewhere):
# CJK fonts, pdftoppm (the exported PDF is looked at), Pango (WeasyPrint makes the PDF),
# PostgreSQL (the class store's tests and the JupyterHub smoke test start a server of their own).
SYSTEM_PACKAGES ?= fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 postgresql

STAMP := $(VENV)/.cx-installed
TEST_STAMP := $(VENV)/.cx-test-installed
INSTALLED_FILES := voila.json $(shell find share/jupyter/voila/templates/cx jupyter-config -type f 2>/dev/null)

.PHONY: help setup setup-test system-deps serve test lint bench clean

help:
	@echo "make serve   serve the course with Voila (HOST=$(HOST) PORT=$(PORT))"
	@echo "make test    run every test (unit, notebooks, browser)"
	@echo "make lint    ruff check"
	@echo "make bench   benchmarks: pages vs the floor, a class of 10 and 30"
	@echo "make clean   remove .venv and caches"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
	  echo "Python 3.11 or newer is needed ($(PYTHON) is $$($(PYTHON) --version 2>&1))." >&2; \
	  echo "Install it, or run: make PYTHON=/path/to/python3.11 ..." >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtualenv. On Debian/Ubuntu: apt-get install python3-venv" >&2; \
	  rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(INSTALLED_FILES) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

setup: $(STAMP)

setup-test: $(TEST_STAMP)

# Chromium and CJK fonts for the browser tests and the benchmark, and Node.js for the tests that
# check the ES modules agree with Python (Debian packages).
system-deps:
	@needed="$(SYSTEM_PACKAGES)"; \
	if [ "$(CHROMIUM)" = /usr/bin/chromium ] || [ ! -x "$(CHROMIUM)" ]; then needed="chromium $$needed"; fi; \
	missing=""; \
	command -v node >/dev/null 2>&1 || missing="nodejs"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	for pkg in $$needed; do \
	  dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then \
	  echo "Installing$$missing with apt-get"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update && apt-get install -y --no-install-recommends $$missing; \
	else \
	  echo "Missing system packages for the browser tests:$$missing" >&2; \
	  echo "Install them as root:  apt-get update && apt-get install -y$$missing" >&2; \
	  echo "(or point CHROMIUM=/path/to/chromium at another Chromium build)" >&2; \
	  exit 1; \
	fi

serve: $(STAMP)
	$(BIN)/python -m cxwidgets.serve --host $(HOST) --port $(PORT) \
	  --class-lecture "$(CLASS_LECTURE)" --class-size "$(CLASS_SIZE)"

# pytest exits 5 when it collected no test: that is a failure here, never a silent pass.
test: $(TEST_STAMP) system-deps
	@status=0; CX_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest --durations=15 $(PYTEST_ARGS) \
	  || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no test: failing." >&2; exit 1; fi; \
	exit $$status

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

# Every page against the floor, click -> chart latencies, then a class of 10 and of 30 opening
# lecture 03 at once (about 30 minutes on two cores). Figures are printed, never asserted.
bench: $(TEST_STAMP) system-deps
	CX_CHROMIUM=$(CHROMIUM) $(BIN)/python benchmarks/bench_pages.py $(BENCH_ARGS)
	CX_CHROMIUM=$(CHROMIUM) $(BIN)/python benchmarks/bench_class.py --learners 10 30

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist *.egg-info
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
