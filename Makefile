# The two commands a newcomer needs are `make run` and `make test` (README).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON_SYSTEM ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get
# Debian's own packages the project needs on the machine, installed when missing.
SYSTEM_TOOLS := msgfmt:gettext npm:npm
# Only `make test` needs these: it checks deploy/nginx.conf with `nginx -t` and starts a
# throwaway Redis for the cache tests.
TEST_TOOLS := nginx:nginx-light openssl:openssl redis-server:redis-server

.PHONY: help install install-dev system-deps test-deps browser-deps assets css icons messages lexicon \
        run serve backup restore test test-sqlite test-postgres lint clean

help:
	@echo "make run   - install, migrate, seed an empty database and serve at http://127.0.0.1:$(PORT)/ (SQLite)"
	@echo "make test  - lint, migration check, and the whole suite on SQLite and PostgreSQL"
	@echo "make serve - production server (gunicorn) at 127.0.0.1:$(PORT); needs SECRET_KEY, CACHE_URL"
	@echo "make backup / make restore FILE=var/backups/… - database and media in one archive"

$(PY):
	$(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamp files make a second install a no-op until pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[dev]"
	touch $@ $(VENV)/.installed

install: system-deps $(VENV)/.installed assets css messages lexicon

install-dev: system-deps $(VENV)/.installed-dev assets css messages lexicon

# What search keys need of hazm's word list, extracted so page views never load hazm
# (exhibition/persian/lexicon.py); rebuilt when hazm or the builder changes.
LEXICON := exhibition/persian/lexicon.txt.gz
lexicon: $(LEXICON)

$(LEXICON): exhibition/persian/lexicon.py $(VENV)/.installed
	$(PY) -c 'from exhibition.persian import lexicon; lexicon.write_lexicon()'

# Front-end assets come from the pinned package-lock.json: the Vazirmatn font
# (SIL OFL, served from static/, never fetched at run time) and axe-core for
# the browser tests. File targets make a second run a no-op; the copies in
# static/fonts/vazirmatn/ are git-ignored.
FONT_DIR := static/fonts/vazirmatn
FONT_SRC := node_modules/vazirmatn
FONTS := $(FONT_DIR)/Vazirmatn-Variable.woff2 $(FONT_DIR)/OFL.txt

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The source name has brackets (Vazirmatn[wght].woff2), which Make would read
# as a glob; the stamp above stands for it.
$(FONT_DIR)/Vazirmatn-Variable.woff2: node_modules/.package-lock.json
	mkdir -p $(@D)
	cp '$(FONT_SRC)/fonts/webfonts/Vazirmatn[wght].woff2' $@

$(FONT_DIR)/OFL.txt: node_modules/.package-lock.json
	mkdir -p $(@D)
	cp $(FONT_SRC)/OFL.txt $@

assets: $(FONTS)

# The site's stylesheet and the admin's are the partials in styles/ concatenated
# (manage.py build_css; some partials are in both); the bundles are committed, so
# serving them needs no build step, and a test fails when one differs from its
# partials. One run writes both (a grouped target); touched so an unchanged rebuild
# is a no-op.
CSS_PARTIALS := $(wildcard styles/*.css)
CSS_BUNDLES := static/css/site.css static/css/admin.css

$(CSS_BUNDLES) &: $(CSS_PARTIALS) exhibition/management/commands/build_css.py | $(VENV)/.installed
	$(MANAGE) build_css
	touch $(CSS_BUNDLES)

css: $(CSS_BUNDLES)

# The web app's PNG icons, drawn by Chromium from static/img/favicon.svg (committed;
# run after changing the favicon). Not a dependency of install: it needs the browser.
icons: install-dev browser-deps
	$(MANAGE) build_icons

# tool:package pairs; a package is installed when its tool is not on the PATH (nor in
# /usr/sbin, where nginx lives).
define install_missing
	@for pair in $(1); do \
	  tool=$${pair%%:*}; package=$${pair##*:}; \
	  if ! PATH="$$PATH:/usr/sbin" command -v $$tool >/dev/null; then \
	    echo "installing Debian package $$package"; \
	    $(APT_GET) update -qq && $(APT_GET) install -y -qq $$package >/dev/null; \
	  fi; \
	done
endef

system-deps:
	$(call install_missing,$(SYSTEM_TOOLS))

test-deps:
	$(call install_missing,$(TEST_TOOLS))

browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  $(APT_GET) update -qq && $(APT_GET) install -y -qq chromium >/dev/null; \
	fi

messages:
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

run: install
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) seed --if-empty
	$(MANAGE) collectstatic --noinput -v 0
	@echo "Serving on http://127.0.0.1:$(PORT)/"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The production server on this machine, behind a reverse proxy that terminates TLS
# (docs/deployment.md). Needs SECRET_KEY and CACHE_URL in the environment or .env; it
# does not seed: a site's content is its staff's (run `manage.py seed` once by hand).
serve: export DJANGO_SETTINGS_MODULE := exhibition.settings.prod
serve: install
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) seed --if-empty
	$(MANAGE) collectstatic --noinput -v 0
	@echo "Serving on http://$${BIND:-127.0.0.1:$(PORT)}/ (reach it through the proxy)"
	PORT=$(PORT) exec $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py exhibition.wsgi

# One archive under var/backups/: the database (pg_dump or SQLite's backup API) and
# the media folder. Set DJANGO_SETTINGS_MODULE/DATABASE_URL as the site runs.
backup: $(VENV)/.installed
	$(MANAGE) backup

restore:
	@if [ -z "$(FILE)" ]; then echo "usage: make restore FILE=var/backups/<archive>.tar.gz"; exit 2; fi
	$(MAKE) --no-print-directory $(VENV)/.installed
	$(MANAGE) restore "$(FILE)"

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install-dev test-deps browser-deps lint
	DJANGO_SETTINGS_MODULE=exhibition.settings.test $(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "=== test suite on SQLite ==="
	env -u DATABASE_URL $(PY) -m pytest

test-postgres:
	@if [ -n "$${DATABASE_URL:-}" ]; then \
	  echo "=== test suite on PostgreSQL (DATABASE_URL) ==="; \
	  $(PY) -m pytest -m "not browser"; \
	else \
	  echo "=== test suite on PostgreSQL (throwaway cluster) ==="; \
	  $(PY) -m exhibition.throwaway_postgres -- $(PY) -m pytest -m "not browser"; \
	fi

clean:
	rm -rf $(VENV) var/static node_modules $(FONT_DIR)
