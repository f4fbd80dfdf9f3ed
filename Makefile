# One command each. `make report` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
IRU := $(BIN)/iru
CONFIG ?= config.yaml
YEAR_FLAG := $(if $(YEAR),--year $(YEAR),)

.PHONY: report pdf html test fuzz validate figures diff commentary demo-data remove-demo-data bench scale docs template clean

$(VENV)/installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

report: $(VENV)/installed  ## the Word report (demo data first if data/raw is empty and the config is the demo's)
	$(IRU) report --demo-data-if-missing --config $(CONFIG) $(YEAR_FLAG)

pdf: $(VENV)/installed  ## the Word report and its accessible PDF (LibreOffice; a few seconds more)
	$(IRU) report --pdf --demo-data-if-missing --config $(CONFIG) $(YEAR_FLAG)

html: $(VENV)/installed  ## the Word report and its accessible web edition, output/<year>/annual_report.html
	$(IRU) report --html --demo-data-if-missing --config $(CONFIG) $(YEAR_FLAG)

# axe-core (pinned in package.json and package-lock.json), for the web edition's accessibility test; never fetched
# when a report is built. Without npm the test says so and is skipped.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is not installed: the web edition's accessibility test will be skipped"; fi

test: $(VENV)/installed node_modules/.installed  ## the whole test suite
	$(BIN)/python -m pytest -q

fuzz: $(VENV)/installed  ## before a release: 500 fresh corrupted workbooks (each that validates also built) and configs
	IRU_FUZZ_PROFILE=fuzz IRU_FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),500) $(BIN)/python -m pytest -q -p no:cacheprovider \
		tests/test_hostile_input.py

validate: $(VENV)/installed  ## check the inputs only
	$(IRU) validate --config $(CONFIG) $(YEAR_FLAG)

figures: $(VENV)/installed  ## the figures only
	$(IRU) figures --demo-data-if-missing --config $(CONFIG) $(YEAR_FLAG)

diff: $(VENV)/installed  ## what moved since last year (the configured year against the one before)
	$(IRU) diff --config $(CONFIG) $(YEAR_FLAG)

bench: $(VENV)/installed  ## time a cold build, a no-change re-run, a one-row fix and the chart floor
	$(BIN)/python scripts/bench.py

scale: $(VENV)/installed  ## time validate + transform at three sizes up to England's
	$(BIN)/python scripts/scale.py

commentary: $(VENV)/installed  ## the year's commentary.docx: last year's words (or FROM=YEAR's) marked as such, else a starter; never over one
	$(IRU) commentary --config $(CONFIG) $(YEAR_FLAG) $(if $(FROM),--from $(FROM),)

demo-data: $(VENV)/installed  ## (re)write the synthetic demo data set into data/raw (never over other files)
	$(IRU) demo-data --config $(CONFIG)

remove-demo-data: $(VENV)/installed  ## delete the demo data set from data/raw (only the files demo-data wrote)
	$(IRU) demo-data --remove --config $(CONFIG)

docs: $(VENV)/installed  ## write docs/inputs.md, indicators.md and config.md from the code's declarations
	$(BIN)/python -m pipeline.docs

template: $(VENV)/installed  ## rebuild templates/annual_report.docx from build_template.py (never over an edited one unless FORCE=1, which keeps a dated copy)
	$(BIN)/python templates/build_template.py $(if $(FORCE),--force,)

clean:  ## remove everything the pipeline made (never data/raw)
	rm -rf data/processed/[0-9]* figures/[0-9]* output
