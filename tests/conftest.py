"""Shared test helpers: build typed tables the way an analyst types them, through the real validator."""
from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import settings

from pipeline.extract.schema import WORKBOOKS
from pipeline.extract.workbook import validate_sheet
from pipeline.problems import Problems
from pipeline.transform.catalogue import REGISTRY
from pipeline.transform.dates import ReportingYear
from pipeline.transform.year_data import YearData

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PUBLISHED = SHARED / "data" / "published"
LOCALITIES = {"North": 31000, "South": 38500, "City": 21800, "Mid and East": 56900}
SHEETS = {f"{wb.name}.{s.name}": s for wb in WORKBOOKS for s in wb.sheets}

# The fuzz tests: a few dozen cases, the same every run, in the suite; `make fuzz` runs hundreds of fresh ones.
settings.register_profile("suite", max_examples=40, derandomize=True)
settings.register_profile("fuzz", max_examples=int(os.environ.get("IRU_FUZZ_EXAMPLES", 500)), print_blob=True)
settings.load_profile(os.environ.get("IRU_FUZZ_PROFILE", "suite"))

needs_shared = pytest.mark.skipif(not PUBLISHED.is_dir(),
                                  reason=f"the real published files are not at {PUBLISHED} (as on a user's machine)")


def sheet(name: str, rows: list[dict], year: int = 2025) -> pd.DataFrame:
    """A typed table from rows of text, exactly as extract would make it from a CSV."""
    spec = SHEETS[name]
    columns = [c.name for c in spec.columns if c.required] + sorted({k for r in rows for k in r} - {
        c.name for c in spec.columns if c.required})
    raw = pd.DataFrame([{c: str(r.get(c, "")) for c in columns} for r in rows], columns=columns, dtype=object)
    problems = Problems()
    typed = validate_sheet(raw, spec, name, pd.Timestamp(year, 3, 31), LOCALITIES, problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    return typed


def year_data(year: int = 2025, population: float | None = None, **tables: list[dict]) -> YearData:
    """YearData from keyword tables named like chic_episodes=[{...}, ...]."""
    typed = {name.replace("_", ".", 1): sheet(name.replace("_", ".", 1), rows, year) for name, rows in tables.items()}
    return YearData(ReportingYear(year), typed, population, LOCALITIES, Problems())


def compute(indicator: str, data: YearData) -> pd.DataFrame:
    """An indicator's rows as a frame (columns missing from every row are absent, as NaN elsewhere)."""
    rows = pd.DataFrame(REGISTRY[indicator].func(data))
    for col in ("period", "area_type", "area"):
        if col not in rows:
            rows[col] = np.nan
    return rows.fillna({"breakdown": ""})


def value(indicator: str, data: YearData, breakdown: str = "", **where) -> float:
    rows = compute(indicator, data)
    rows = rows[rows.breakdown == breakdown]
    for col in ("period", "area_type", "area"):  # the authority's total for the year unless asked
        if col in rows and col not in where:
            rows = rows[rows[col].isna()]
    for col, want in where.items():
        rows = rows[rows[col] == want]
    assert len(rows) == 1, rows
    return rows.value.iloc[0]


# --- built projects, shared by the end-to-end tests ---------------------------------------------------
@pytest.fixture(scope="session")
def demo_raw(tmp_path_factory) -> Path:
    """The demo data set, generated once per test session."""
    from pipeline.demo import generate

    raw = tmp_path_factory.mktemp("demo") / "raw"
    generate(raw, years=range(2021, 2026), seed=2025)
    return raw


def write_config(folder: Path, **changes) -> Path:
    """The shipped config, with `changes` merged in, written into `folder`."""
    import yaml

    config = yaml.safe_load((REPO / "config.yaml").read_text())
    for key, value in changes.items():
        if isinstance(value, dict):
            config[key] = {**config.get(key, {}), **value}
        else:
            config[key] = value
    (folder / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    return folder / "config.yaml"


def make_project(folder: Path, raw: Path, **changes) -> Path:
    """A project folder: the shipped config (with `changes` merged in) beside a copy of the raw data."""
    import shutil

    shutil.copytree(raw, folder / "data" / "raw")
    return write_config(folder, **changes)


def copy_project(built, folder: Path, **changes) -> Path:
    """A copy of a built project (`built_demo`), its caches and outputs with it, and `changes` merged into its
    config: a build there redoes only what the changes touch, as an analyst's next run would, in seconds where
    a first build of the same inputs takes a minute. The shared build is never changed."""
    import shutil

    shutil.copytree(built[0].path.parent, folder, symlinks=True, dirs_exist_ok=True)
    return write_config(folder, **changes)


@pytest.fixture(autouse=True)
def cores_kept():
    """`iru report --batch`, run in this process, sets IRU_WORKERS=1 for good: put back what it was, so a later
    test builds as it would alone."""
    before = os.environ.get("IRU_WORKERS")
    yield
    if before is None:
        os.environ.pop("IRU_WORKERS", None)
    else:
        os.environ["IRU_WORKERS"] = before


def build(config_path: Path):
    from pipeline import build as pipeline_build
    from pipeline.config import load_config

    config = load_config(config_path)
    messages: list[str] = []
    out = pipeline_build.report(config, messages.append)
    return config, out, messages


@pytest.fixture(scope="session")
def built_demo(demo_raw, tmp_path_factory):
    """The demo report, built once: (config, document path, messages)."""
    return build(make_project(tmp_path_factory.mktemp("project"), demo_raw))


@pytest.fixture(scope="session")
def published(built_demo, tmp_path_factory):
    """The demo report's PDF, written once from a copy of its output (the shared build stays as built):
    (config, .docx, .pdf, messages); LibreOffice's test modules share it."""
    import shutil
    from dataclasses import replace

    from pipeline.build import pdf as build_pdf

    config, out, _ = built_demo
    copy = tmp_path_factory.mktemp("published") / "output"
    shutil.copytree(config.output, copy)
    config = replace(config, output=copy)
    messages: list[str] = []
    pdf = build_pdf(config, messages.append)
    return config, copy / out.relative_to(out.parents[1]), pdf, messages


def docx_text(path: Path) -> str:
    """Every piece of text in a .docx, field results included."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
    return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


@pytest.fixture(scope="session")
def small_raw(tmp_path_factory) -> Path:
    """A tenth-size demo year (2025 only, no published files): enough for a validate in a few seconds."""
    from pipeline.demo import generate

    raw = tmp_path_factory.mktemp("small") / "raw"
    generate(raw, years=[2025], scale=0.1, published=False)
    return raw
