# doorbraak — every target creates .venv when needed; nothing relies on what the machine happens to have.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench schema clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

## demo: check and compute the shipped sample cases, then the portfolio report and site over them
demo: $(STAMP)
	$(VENV)/bin/doorbraak validate sample_cases
	@for f in sample_cases/*.yaml; do echo; echo "=== $$f"; $(VENV)/bin/doorbraak calc "$$f"; done
	@echo; echo "=== portfolio: doorbraak report sample_cases"; $(VENV)/bin/doorbraak report --quiet sample_cases
	@echo; echo "=== portfolio site: doorbraak site sample_cases -o build/demo-site"; \
		$(VENV)/bin/doorbraak site sample_cases -o build/demo-site --quiet; \
		echo "open build/demo-site/index.html in a browser, or run: $(VENV)/bin/doorbraak serve sample_cases"

## test: the linter, then the whole test suite
test: lint
	$(PY) -m pytest -q

## lint: ruff over the package, tests, tools and benchmarks (configuration in pyproject.toml)
lint: $(STAMP)
	$(VENV)/bin/ruff check doorbraak_cli tests tools bench

## bench: latency of calc (and meting) against `import typer`; report at 10,000 cases against the parse floor; site and serve
## (every benchmark runs, also after one missed its goal; the exit code is 1 when any missed)
bench: $(STAMP)
	@status=0; \
	for b in calc_latency report_scale site_scale; do \
		echo "$(PY) bench/$$b.py"; $(PY) bench/$$b.py || status=1; \
	done; \
	exit $$status

## schema: regenerate the shipped JSON Schemas and their compiled checks
schema: $(STAMP)
	$(PY) tools/make_schema.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist *.egg-info
