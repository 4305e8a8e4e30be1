# Arvovalinnat: the two commands a new user needs.
#   make run   - create .venv, install pinned requirements, start the app
#   make test  - create .venv, install pinned test requirements (and Debian's chromium and
#                postgresql for the browser and storage tests when missing), run every test
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test install install-dev system-packages validate bench bench-browser bench-load bench-peers clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	MALLOC_ARENA_MAX=2 $(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

# Debian packages the tests need when missing: chromium (browser tests) and postgresql (workshop storage tests
# start a throwaway cluster; they use only the server binaries, no running service).
system-packages:
	@missing=""; \
	  { command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium; } || missing="$$missing chromium"; \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing Debian packages for the tests:$$missing"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi

test: install-dev system-packages
	$(PY) -m pytest -n 2 -q

validate: install
	$(PY) -m models validate

bench: install-dev system-packages
	$(PY) bench/run_all.py
	$(PY) bench/bench_browser.py

bench-browser: install-dev system-packages
	$(PY) bench/bench_browser.py

bench-load: install-dev system-packages
	$(PY) bench/load.py --sessions 10,30,60 --ramp 30 --think 3 --probe

# The OpenFisca side runs in its own venv (openfisca-core pins its own dependencies).
bench-peers: install
	test -x bench/peers/.venv/bin/python || { $(PYTHON) -m venv bench/peers/.venv && \
	  bench/peers/.venv/bin/pip install --quiet -r bench/peers/requirements.txt; }
	$(PY) bench/peers/bench_peers.py

clean:
	rm -rf $(VENV) .cache .pytest_cache
