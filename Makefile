# One command each. `make report` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
IRU := $(BIN)/iru
CONFIG ?= config.yaml
YEAR_FLAG := $(if $(YEAR),--year $(YEAR),)

.PHONY: report test validate figures diff commentary demo-data bench scale template clean

$(VENV)/installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

report: $(VENV)/installed  ## the Word report (demo data first if data/raw is empty)
	$(IRU) demo-data --if-missing --config $(CONFIG)
	$(IRU) report --config $(CONFIG) $(YEAR_FLAG)

test: $(VENV)/installed  ## the whole test suite
	$(BIN)/python -m pytest -q

validate: $(VENV)/installed  ## check the inputs only
	$(IRU) validate --config $(CONFIG) $(YEAR_FLAG)

figures: $(VENV)/installed  ## the figures only
	$(IRU) demo-data --if-missing --config $(CONFIG)
	$(IRU) figures --config $(CONFIG) $(YEAR_FLAG)

diff: $(VENV)/installed  ## what moved since last year (the configured year against the one before)
	$(IRU) diff --config $(CONFIG) $(YEAR_FLAG)

bench: $(VENV)/installed  ## time a cold build, a no-change re-run, a one-row fix and the chart floor
	$(BIN)/python scripts/bench.py

scale: $(VENV)/installed  ## time validate + transform at three sizes up to England's
	$(BIN)/python scripts/scale.py

commentary: $(VENV)/installed  ## a starter commentary.docx for the year (never over an existing one)
	$(IRU) commentary --config $(CONFIG) $(YEAR_FLAG)

demo-data: $(VENV)/installed  ## (re)write the synthetic demo data set into data/raw
	$(IRU) demo-data --config $(CONFIG)

template: $(VENV)/installed  ## rebuild templates/annual_report.docx from templates/build_template.py
	$(BIN)/python templates/build_template.py

clean:  ## remove everything the pipeline made (never data/raw)
	rm -rf data/processed/[0-9]* figures/[0-9]* output
