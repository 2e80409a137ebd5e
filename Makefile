# Two commands on a fresh machine: `make run` (open the TUI on the bundled map) and
# `make test` (the whole suite). Both set everything up first; each step is idempotent.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.argmap-installed

.PHONY: run test bench setup dot clean

run: setup
	$(BIN)/argmap tui

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python benchmarks/run.py

setup: $(STAMP) dot

# The virtualenv and the package (editable, with its test extras). Re-run when the
# dependencies change.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "argmap needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version 2>&1)."; \
	  echo "Run with another interpreter: make PYTHON=python3.12 $(MAKECMDGOALS)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Graphviz's `dot` renders the diagrams. Install it with apt when we may; otherwise say how.
dot:
	@if command -v dot >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Graphviz (dot) with apt-get..."; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; } \
	    || { echo "apt-get could not install graphviz; install it by hand: apt-get install graphviz"; exit 1; }; \
	else \
	  echo "Graphviz's dot is not installed. Install it, then run make again:"; \
	  echo "  Debian/Ubuntu: sudo apt-get install graphviz"; \
	  echo "  Fedora:        sudo dnf install graphviz"; \
	  echo "  macOS:         brew install graphviz"; \
	  exit 1; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist
