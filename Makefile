# vanthu: `make demo` and `make test` set up everything they need on a fresh Debian machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd poppler-utils fonts-croscore chromium
SHARED ?= ../shared
OUT ?= out

.PHONY: setup system venv demo test lint schema samples model bench bench-restore bench-ocr score clean

setup: system venv model

# System packages: Tesseract 5 with the Vietnamese model, Poppler, the Tinos font, and Chromium
# for the review screen's browser tests (playwright drives /usr/bin/chromium; it never downloads one).
system:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "installing $(APT_PACKAGES)"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The restore language model, built offline from installed packages and dictionaries/, and
# the decoder's C version (skipped, with a note, where there is no C compiler; the Python
# decoder gives the same results). Bytecode is compiled here too: where PYTHONDONTWRITEBYTECODE
# is set, every run would otherwise compile the package again (about 0.1 s a process).
model: venv
	$(BIN)/python scripts/build_accel.py
	$(BIN)/python -m pipeline.restore.build --if-missing
	$(BIN)/python -m compileall -q pipeline schemas dictionaries

demo: setup
	rm -rf $(OUT)
	$(BIN)/vanthu convert samples/inputs --out $(OUT) --summary

test: setup
	$(BIN)/python -m schemas.generate --check
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

schema: venv
	$(BIN)/python -m schemas.generate

samples: venv
	$(BIN)/python samples/make_samples.py

bench: bench-restore bench-ocr

bench-restore: setup
	$(BIN)/python scripts/bench_restore.py --shared $(SHARED)

bench-ocr: setup
	$(BIN)/python scripts/bench_ocr.py --shared $(SHARED)

# Score against the dev set: seeds (legacy OCR text) and scans (PDFs), with seconds per scanned page.
score: setup
	$(BIN)/python scripts/score_dev.py --shared $(SHARED)

clean:
	rm -rf $(OUT) build .pytest_cache .ruff_cache pipeline/restore/_decode*.so
