# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 5000
HOST   ?= 0.0.0.0
DB     ?= data/palabre.db
STAMP  := $(VENV)/.installed

.PHONY: run test setup chromium libreoffice bench clean offline

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's dependencies change. pip's and setuptools' chatter goes to a
# log (shown only if the install fails), so `make run` starts with the links, not with warnings.
$(STAMP): pyproject.toml | $(PY)
	@echo "Installing Palabre's dependencies into $(VENV) (once; log in $(VENV)/install.log)..."
	@{ $(PY) -m pip install --upgrade pip && $(PY) -m pip install -e '.[test]'; } \
	  > $(VENV)/install.log 2>&1 || { tail -40 $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

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

# A folder of wheels for a laptop that never sees the internet (README, "Installing offline"):
# Palabre itself and every dependency, for Linux, Windows and macOS, Python 3.11 to 3.13.
WHEELS ?= wheels
# One download per system (pip takes one wheel per package and call): Linux x86-64 and ARM,
# Windows, macOS Intel and Apple silicon; each line lists the tags of one system.
OFFLINE_SYSTEMS := manylinux2014_x86_64,manylinux_2_17_x86_64,manylinux_2_28_x86_64 \
  manylinux2014_aarch64,manylinux_2_17_aarch64,manylinux_2_28_aarch64 win_amd64 \
  macosx_10_9_x86_64,macosx_10_13_x86_64,macosx_11_0_x86_64,macosx_13_0_x86_64,macosx_10_9_universal2,macosx_11_0_universal2 \
  macosx_11_0_arm64,macosx_12_0_arm64,macosx_14_0_arm64,macosx_10_9_universal2,macosx_11_0_universal2
offline: $(STAMP)
	$(PY) -m pip wheel --quiet --no-deps -w $(WHEELS) .
	$(PY) -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml','rb'))['project']['dependencies']))" > $(WHEELS)/requirements.txt
	for system in $(OFFLINE_SYSTEMS); do for v in 3.11 3.12 3.13; do \
	  $(PY) -m pip download --quiet --only-binary=:all: --implementation cp --python-version $$v \
	    $$(echo $$system | tr ',' '\n' | sed 's/^/--platform /') -d $(WHEELS) \
	    -r $(WHEELS)/requirements.txt || exit 1; \
	done; done
	@echo "Copy $(WHEELS)/ to the laptop, then: python -m pip install --no-index --find-links $(WHEELS) palabre"

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
