# ipcenter — two commands:
#   make run    install what is missing, migrate, load the demo data, serve on 127.0.0.1:5000
#   make test   the same set-up, then the whole test suite (extra pytest options: PYTEST_ARGS=...)
# Each step is skipped quickly when its work is already done.

SHELL   := /bin/bash
VENV    := .venv
PYTHON  ?= python3
FLASK   := $(VENV)/bin/flask --app ipcenter
# The virtual environment is rebuilt when setup.cfg changes (a stamp named by its hash).
STAMP   := $(VENV)/.stamp-$(shell sha256sum setup.cfg | cut -c1-16)
# CJK fonts for pages and PDFs, Pango and HarfBuzz's subsetter for WeasyPrint (without
# libharfbuzz-subset0 it falls back to a slow subsetter), Chromium for the browser tests, OCR
# and PDF tools; AR PL UKai for the documents' 楷体 headings.
DEBS    := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium \
           tesseract-ocr tesseract-ocr-chi-sim poppler-utils fonts-arphic-ukai

.PHONY: run test setup debian venv translations db demo search clean

# HOST=0.0.0.0 serves other machines: set IPCENTER_SITE_URL then (check-site warns).
HOST    ?= 127.0.0.1
PORT    ?= 5000

run: setup
	$(FLASK) ipcenter check-site --host $(HOST)
	$(FLASK) run --host $(HOST) --port $(PORT)

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

setup: debian venv translations db demo search

# Debian packages: installed with apt-get when running as root, else named for the admin.
debian:
	@missing=""; \
	for pkg in $(DEBS); do \
	  dpkg -s $$pkg 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	else \
	  echo "*** Missing Debian packages:$$missing" >&2; \
	  echo "*** Install them as root: apt-get install --no-install-recommends$$missing" >&2; \
	  echo "*** (without them PDFs lack Chinese fonts and the browser tests are skipped)" >&2; \
	fi

venv: $(STAMP)

$(STAMP): setup.cfg
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.stamp-*
	touch $@

# Compiles each .po catalogue newer than its .mo (so that a second `make` writes nothing: two
# `make test` at once, as in CI, must not rewrite a catalogue the other is reading).
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/*.po))

translations: $(CATALOGUES)

translations/%.mo: translations/%.po | venv
	$(VENV)/bin/pybabel compile -f --statistics -i $< -o $@

db: venv
	$(FLASK) db upgrade

demo: db
	$(FLASK) ipcenter seed-demo

# Restores a missing search index, or rebuilds one of an older format, from the database.
search: demo
	$(FLASK) search check --repair

clean:
	rm -rf $(VENV) test-artifacts
