"""The project documents itself: docs/inputs.md, indicators.md and config.md are generated from the code's
declarations and must match them; every key, column and sheet is described; nothing points outside."""
import re

import pytest

from pipeline import docs
from pipeline.config import DESCRIPTIONS, keys
from pipeline.extract.schema import MEANINGS, SHEET_NOTES, WORKBOOKS
from tests.conftest import REPO


@pytest.mark.parametrize("name", sorted(docs.PAGES))
def test_the_generated_docs_match_the_declarations(name):
    assert (docs.DOCS / name).read_text() == docs.PAGES[name](), f"docs/{name} is out of date: run `make docs`"


def test_every_config_key_column_and_sheet_is_described():
    assert [k for k, _ in keys() if k not in DESCRIPTIONS] == []
    assert [k for k in DESCRIPTIONS if k not in dict(keys())] == []
    assert [c.name for wb in WORKBOOKS for s in wb.sheets for c in s.columns if c.name not in MEANINGS] == []
    assert [f"{wb.name}.{s.name}" for wb in WORKBOOKS for s in wb.sheets if f"{wb.name}.{s.name}" not in SHEET_NOTES] \
        == []


def test_the_docs_say_what_the_validator_checks():
    inputs = (docs.DOCS / "inputs.md").read_text()
    assert re.search(r"\| `DUC` \|.*DOB plus 18 years: on or before the child's 18th birthday \(SSDA903 rule 304\)",
                     inputs)
    assert "[inputs-returns.md](inputs-returns.md)" in inputs
    assert "[inputs-commentary.md](inputs-commentary.md)" in inputs
    indicators = (docs.DOCS / "indicators.md").read_text()
    assert "### `iru.fte`: Staff in post at 31 March (full-time equivalent)" in indicators


def test_no_project_file_points_outside_the_project():
    """Tests may read the shared reference files (conftest.SHARED); nothing else may refer to them."""
    skip = {".git", ".venv", "data", "output", "figures", "tests", "iru_report.egg-info"}
    files = [p for p in REPO.rglob("*") if p.is_file() and not skip & set(p.relative_to(REPO).parts)
             and p.suffix in (".py", ".md", ".yaml", ".toml", ".txt", "") and p.name != "annual_report.docx"]
    assert len(files) > 20
    assert [str(p.relative_to(REPO)) for p in files if "../shared" in p.read_text(errors="replace")] == []
