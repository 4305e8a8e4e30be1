# Arvovalinnat: the two commands a new user needs.
#   make run   - create .venv, install pinned requirements, start the app
#   make test  - create .venv, install pinned test requirements (and Debian's chromium
#                for the browser tests when it is missing), run every test
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test install install-dev chromium validate bench clean

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
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

chromium:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || \
	  { echo "Installing Debian's chromium for the browser tests"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install-dev chromium
	$(PY) -m pytest -n 2 -q

validate: install
	$(PY) -m models validate

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) .cache .pytest_cache
