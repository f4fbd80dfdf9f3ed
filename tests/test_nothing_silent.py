"""Nothing silent: an absent published file, and a local figure far from DfE's published one, are warnings
printed by the run and listed in the technical annex beside the report."""
import pandas as pd

from pipeline import table
from pipeline.extract.published import read_published, report_absent
from pipeline.problems import Problems
from pipeline.transform.reconcile import reconcile
from tests.conftest import build, copy_project, docx_text


def _rows(*rows) -> pd.DataFrame:
    return table.conform(pd.DataFrame([dict(zip(["indicator", "period", "area_type", "breakdown", "value", "unit",
                                                 "source"], r)) for r in rows]))


def test_local_and_published_figures_apart_beyond_the_tolerance_are_warned():
    pairs = [("chic.count_31mar", "2025", 26, 638, "count"),  # the extract lost most children
             ("chic.starts", "2025", 110, 100, "count"),  # 10%, 10 children: apart
             ("chic.ceased", "2025", 104, 100, "count"),  # 4%: within
             ("cp.starts", "2025", 14, 10, "count"),  # 40% but 4 children: within
             ("chic.legal_status_pct", "2025", 66, 60, "percent"),  # 6 points: apart
             ("chic.age_pct", "2025", 64, 60, "percent"),  # 4 points: within
             ("chic.rate_per_10k", "2025", 53, 50, "rate_per_10k")]  # 6%: apart
    rows = [r for i, p, local, published, u in pairs for r in (
        (i, p, "LA", "", local, u, ""), (i, p, "LA_PUBLISHED", "", published, u, "dfe.csv"))]
    warnings = [str(w) for w in reconcile(_rows(*rows, ("cp.count_31mar", "2025", "LA", "", 5, "count", "")))]
    expected = " (expected the local figure within 5% (and 5 children, or 5 percentage points) of DfE's)"
    assert warnings == [
        "dfe.csv › chic.count_31mar: local 26, DfE published 638 for 2024-25: is the extract complete?" + expected,
        "dfe.csv › chic.legal_status_pct: local 66%, DfE published 60% for 2024-25: is the extract complete?"
        + expected,
        "dfe.csv › chic.rate_per_10k: local 53.0, DfE published 50.0 for 2024-25: is the extract complete?"
        + expected,
        "dfe.csv › chic.starts: local 110, DfE published 100 for 2024-25: is the extract complete?" + expected]


def test_each_absent_published_file_names_what_is_lost(demo_raw, tmp_path):
    import shutil

    folder = tmp_path / "published"
    shutil.copytree(demo_raw / "published", folder)
    (folder / "la_care_leavers_intouch.csv").unlink()
    (folder / "bds_long_0.parquet").unlink()
    problems = Problems()
    report_absent(folder, read_published(folder, Problems()), problems)
    assert [str(p).split(" (expected")[0] for p in problems.warnings] == [
        "published/bds_long_0.parquet: is not there: cp.ended_2y_plus_pct, cp.icpc_timely_pct, cp.rate_per_10k, "
        "cp.rcpc_timely_pct are left out (comparators, and published figures for years without local data)",
        "published/la_care_leavers_intouch.csv: is not there: leavers.in_touch_pct is left out (comparators, and "
        "published figures for years without local data)"]


def test_an_absent_published_file_is_printed_and_in_the_technical_annex(built_demo, tmp_path):
    config = copy_project(built_demo, tmp_path)
    (tmp_path / "data" / "raw" / "published" / "la_care_leavers_intouch.csv").unlink()
    _, document, messages = build(config)
    said = "published/la_care_leavers_intouch.csv: is not there: leavers.in_touch_pct is left out"
    assert any(m.startswith(f"warning: {said}") for m in messages), messages
    assert said in docx_text(document.parent / "technical_annex.docx")
    assert "data-quality warning" in docx_text(document) and said not in docx_text(document)
