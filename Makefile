# isp-b2b-kit — set-up, tests, demo. Needs only python3 (3.10+) and, for the
# LibreOffice tests, apt-get (run as root) to install LibreOffice when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: all venv test demo workbooks fonts bench libreoffice docs clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# LibreOffice (headless Calc and Writer + Python script provider), Liberation fonts
# (metric twins of Times New Roman / Arial for the DOCX templates) and poppler's pdftotext,
# installed with apt-get where missing; skipped quietly where apt-get is absent.
libreoffice:
	@if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 \
	    || ! dpkg -s libreoffice-script-provider-python >/dev/null 2>&1 \
	    || ! dpkg -s libreoffice-writer-nogui >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing LibreOffice Calc (headless) and poppler-utils…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libreoffice-calc-nogui libreoffice-writer-nogui libreoffice-script-provider-python poppler-utils \
	      fonts-liberation >/dev/null; \
	  else echo "LibreOffice missing and apt-get unavailable: LibreOffice tests will be skipped (fail on CI)."; fi; \
	fi

# Two workers (pytest-xdist): the LibreOffice, PDF and subprocess tests overlap on two cores.
# Whole files per worker (module fixtures built once), in conftest's costliest-first order;
# three workers measured slower on two cores (more collection, same work).
# The sources are byte-compiled first (0.4 s): else on a first run both workers compile them at once.
# Quietly and whatever it finds: a file that does not compile is pytest's to report, with its line.
TEST_WORKERS ?= 2
test: venv libreoffice
	$(PY) -m compileall -qq jobs addin tests || true
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

demo: venv
	$(VENV)/bin/b2bkit demo

workbooks: venv
	$(VENV)/bin/b2bkit workbooks
	$(PY) -m jobs.libreoffice.basic

# The PDF faces reduced to the kit's repertoire (jobs/pdf.py), after a change of REPERTOIRE or fontTools.
fonts: venv
	$(PY) -c "from jobs import pdf; [f.with_name(f.stem + '-kit.ttf').write_bytes(pdf.reduced_face(f)) for f in (pdf.FONT_REGULAR, pdf.FONT_BOLD)]"

docs: venv
	$(PY) -m addin.reference > docs/functions.md

bench: venv libreoffice
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) tests/bench.py

clean:
	rm -rf $(VENV) build *.egg-info
