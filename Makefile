# Two commands on a fresh machine: `make run` (open the TUI on the bundled map) and
# `make test` (the whole suite). Both set everything up first; each step is idempotent.
#
# Python packages come from the locks in requirements/ (exact versions, with hashes):
# `make run` installs requirements/runtime.txt, `make test` requirements/test.txt (runtime and
# the test tools). `make lock` refreshes both from pyproject.toml and requirements/tested.txt.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check
RUNTIME_STAMP := $(VENV)/.argmap-runtime
TEST_STAMP    := $(VENV)/.argmap-test
UV_VERSION    := 0.13.9
ARGDOWN_VERSION := 1.7.5
ARGDOWN := .ci/node/node_modules/.bin/argdown

.PHONY: run test bench setup setup-run bytecode dot test-programs lock clean

run: setup-run dot
	$(BIN)/argmap tui

test: setup test-programs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python benchmarks/run.py

# `setup` is what the tests need; `setup-run` only what running argmap needs.
setup: $(TEST_STAMP) dot bytecode
setup-run: $(RUNTIME_STAMP) bytecode

# argmap's own modules compiled ahead (the installed packages were, by pip): where Python
# may not write its caches (PYTHONDONTWRITEBYTECODE, a read-only checkout) every command would
# otherwise compile them again at start-up, measured at 50 ms of a 220 ms `argmap validate`.
# Only changed modules are compiled again; a stale file is never used (Python checks each).
bytecode: | $(BIN)/python
	@$(BIN)/python -m compileall -q argmap >/dev/null

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "argmap needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version 2>&1)."; \
	  echo "Run with another interpreter: make PYTHON=python3.12 $(MAKECMDGOALS)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# The locked packages (every one checked against its hash), then argmap itself, editable,
# built with the locked hatchling so that nothing unlocked is fetched.
$(RUNTIME_STAMP): requirements/runtime.txt pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/runtime.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(TEST_STAMP): requirements/test.txt pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/test.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $(RUNTIME_STAMP) $@

# Refresh the locks: after changing the dependencies in pyproject.toml, or raising a version in
# requirements/tested.txt. Needs the network (PyPI); run `make test` after.
lock: | $(BIN)/python
	$(PIP) install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip compile pyproject.toml requirements/build.in -c requirements/tested.txt \
	  --generate-hashes --universal --python-version 3.11 --no-header -o requirements/runtime.txt
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --extra test -c requirements/tested.txt \
	  --generate-hashes --universal --python-version 3.11 --no-header -o requirements/test.txt

# Graphviz's `dot` renders the diagrams. Install it with apt when we may; otherwise say how.
dot:
	@if command -v dot >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Graphviz (dot) with apt-get..."; \
	  { apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq graphviz >/dev/null; } \
	    || { echo "apt-get could not install graphviz; install it by hand: apt-get install graphviz"; exit 1; }; \
	else \
	  echo "Graphviz's dot is not installed. Install it, then run make again:"; \
	  echo "  Debian/Ubuntu: sudo apt-get install graphviz"; \
	  echo "  Fedora:        sudo dnf install graphviz"; \
	  echo "  macOS:         brew install graphviz"; \
	  exit 1; \
	fi

# The outside programs the tests use: Chromium (the HTML briefing looked at headless),
# poppler-utils (PDF pages to PNG and text), and Node's Argdown CLI (argmap's Argdown export
# checked with the real parser; argmap never runs it), pinned and installed into .ci/node.
# Where they cannot be installed (not root, no apt-get, no npm) this says how, and the tests
# that need them skip with the reason; under CI=true those tests fail instead.
test-programs:
	@need=""; \
	command -v chromium >/dev/null 2>&1 || need="$$need chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || need="$$need poppler-utils"; \
	if [ -n "$$need" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make: installing$$need with apt-get"; \
	    { apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $$need >/dev/null; } \
	      || echo "make: apt-get could not install$$need; the tests that need them will skip"; \
	  else \
	    echo "make: missing$$need; install them (Debian/Ubuntu: sudo apt-get install$$need) or the tests that need them skip"; \
	  fi; \
	fi
	@if [ ! -x $(ARGDOWN) ]; then \
	  if command -v npm >/dev/null 2>&1; then \
	    echo "make: installing @argdown/cli $(ARGDOWN_VERSION) into .ci/node"; \
	    npm install --prefix .ci/node --no-audit --no-fund --loglevel=error @argdown/cli@$(ARGDOWN_VERSION) >/dev/null \
	      || echo "make: npm could not install @argdown/cli; the tests that need it will skip"; \
	  else \
	    echo "make: node/npm missing, so the Argdown CLI cannot be installed (Debian/Ubuntu: sudo apt-get install nodejs npm); its tests skip"; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist
