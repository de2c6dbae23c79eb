# Two entry points: `make run` (install, migrate, demo data, serve) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test test-pg install install-dev chromium office ocr bench

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: $(VENV)/.installed ocr
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app demo
	$(BIN)/flask --app app run --host $(HOST) --port $(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# LibreOffice (headless Writer and Calc) and poppler: the tests render the exported .docx to PDF/PNG and open the
# exported .xlsx in Calc.
office:
	@dpkg -s libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils >/dev/null 2>&1 || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui libreoffice-calc-nogui \
	  poppler-utils fonts-liberation >/dev/null)

# Tesseract with Vietnamese data reads scanned plans and photos; poppler's tools are used by the tests and bench.
ocr:
	@command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie && \
	  command -v pdftoppm >/dev/null 2>&1 || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-vie poppler-utils >/dev/null)

test: $(VENV)/.installed-dev chromium office ocr
	$(BIN)/python -m pytest -n 2

test-pg: $(VENV)/.installed-dev chromium office ocr
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -n 2

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py --scale 0.01
