# Guildhall: `make run` serves the site with demo data (`make dev` with Django's debug
# pages), `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test lint format css tinymce messages migrate seed chromium gettext install install-dev clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi

# msgfmt, for compilemessages (the compiled .mo files are committed, so this is optional).
gettext:
	@command -v msgfmt >/dev/null || { \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null) \
		|| echo "gettext not installed: using the committed .mo files"; }

messages: $(VENV)/.installed gettext
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0; fi

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput -v 0

seed: migrate
	$(PY) manage.py seed_demo

# The web server and the Huey consumer together; links in mails follow HOST and PORT.
define serve
	@echo "Guildhall: http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the Huey consumer)"
	@trap 'kill $$huey_pid 2>/dev/null; wait $$huey_pid 2>/dev/null' EXIT INT TERM; \
	export HOST=$(HOST) PORT=$(PORT) $(1); \
	$(PY) manage.py run_huey --quiet & huey_pid=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT)
endef

# How members see the site: DEBUG off (the site's own error pages), static files by
# whitenoise, a secret key generated into var/ on the first run.
run: install messages migrate seed
	$(call serve,LOCAL_PREVIEW=1)

# For developers: Django's debug pages and tracebacks.
dev: install messages migrate seed
	$(call serve,DEBUG=1)

test: install-dev chromium
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rebuild the committed Tailwind CSS (needs Node and npm).
css:
	npm install --no-audit --no-fund --silent
	npx tailwindcss -i static/src/input.css -o static/css/site.css --minify

# Rebuild the vendored TinyMCE skin (brand colours) and the corrected Russian pack.
tinymce: $(VENV)/.installed
	$(PY) scripts/tinymce_assets.py

clean:
	rm -rf $(VENV) node_modules var
