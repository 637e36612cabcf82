# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 5000
HOST   ?= 0.0.0.0
DB     ?= data/palabre.db
STAMP  := $(VENV)/.installed

.PHONY: run test setup chromium libreoffice bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(PY) -m facilitator serve --host $(HOST) --port $(PORT) --db $(DB) --demo

# Browser tests drive Debian's Chromium; install it from Debian when it is missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The restitution's test converts the .docx with LibreOffice headless (Debian's writer without
# its GUI; the full writer package where that one is not available).
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { \
	  echo "Installing Debian's LibreOffice Writer for the restitution tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq; \
	  PKG=libreoffice-writer-nogui; \
	  apt-cache policy $$PKG | grep -q 'Candidate: [0-9]' || PKG=libreoffice-writer; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$PKG >/dev/null; }

test: $(STAMP) chromium libreoffice
	$(PY) -m pytest -q

# The benchmark's simulated phones need aiohttp (the `bench` extra), installed once.
$(VENV)/.bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

bench: $(VENV)/.bench
	$(PY) -m bench.load --phones 200
	$(PY) -m bench.exports

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
