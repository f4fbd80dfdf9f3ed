"""Build the demo report from nothing and read it back: the table, the figures, the document."""
from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from click.testing import CliRunner
from docx import Document

from pipeline.cli import main
from pipeline.render.figures import FIGURES
from tests.conftest import make_project

NS = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
REQUIRED = ["chic.count_31mar", "chic.rate_per_10k", "chic.starts", "chic.ceased", "chic.legal_status_pct",
            "cp.count_31mar", "cp.rate_per_10k", "lado.referrals"]


@pytest.fixture(scope="module")
def built(built_demo):
    config, out, _ = built_demo
    return config, out


def indicators(config) -> pd.DataFrame:
    from pipeline import table

    return table.read(config.processed / "2025" / "indicators.csv")


def test_indicator_table_has_five_years_and_comparators(built):
    config, _ = built
    table = pd.read_csv(config.processed / "2025" / "indicators.csv", dtype=str, keep_default_na=False)
    assert list(table.columns) == ["indicator", "period", "area_type", "area", "breakdown", "numerator",
                                   "denominator", "value", "unit", "status", "rag", "source"]
    for ind in REQUIRED:
        la = table[(table.indicator == ind) & (table.area_type == "LA")]
        assert {"2021", "2022", "2023", "2024", "2025"} <= set(la.period), ind
    for ind in ["chic.count_31mar", "chic.rate_per_10k", "chic.legal_status_pct", "cp.rate_per_10k"]:
        areas = set(table[table.indicator == ind].area_type)
        assert {"ENGLAND", "REGION", "STAT_NEIGHBOURS", "GOOD_LAS", "LA_PUBLISHED"} <= areas, ind
    months = table[(table.indicator == "lado.referrals") & (table.period.str.len() == 7) & (table.area_type == "LA")]
    assert len(months) == 60  # twelve months for each of five years
    keys = ["indicator", "period", "area_type", "area", "breakdown"]
    assert not table.duplicated(keys).any()
    assert table[keys].equals(table[keys].sort_values(keys).reset_index(drop=True))


def test_local_count_agrees_with_the_published_figure(built):
    config, _ = built
    table = indicators(config)
    rows = table[(table.indicator == "chic.count_31mar") & (table.period == "2024")].set_index("area_type").value
    assert rows["LA"] == rows["LA_PUBLISHED"]


def full_text(paragraph) -> str:
    """The paragraph's text including field results (python-docx's .text skips SEQ fields)."""
    return "".join(t.text or "" for t in paragraph._p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))


def test_every_figure_is_drawn_and_placed_with_alt_text_and_caption(built):
    config, out = built
    for figure in FIGURES:
        assert (config.figures / "2025" / f"{figure.id}.png").stat().st_size > 10_000
    doc = Document(out)
    captions = [full_text(p) for p in doc.paragraphs if p.style.name == "Caption"]
    figure_captions = [c for c in captions if c.startswith("Figure ")]
    assert [c.split(":")[0] for c in figure_captions] == [f"Figure {i}" for i in range(1, len(FIGURES) + 1)]
    assert any("Children in care per 10,000" in c and "Source:" in c and "DfE" in c for c in figure_captions)
    descriptions = [d.get("descr") for d in doc.element.body.iterfind(".//wp:docPr", NS)]
    assert len(descriptions) == len(FIGURES) and all(descriptions)
    table = indicators(config)
    count = table[(table.indicator == "chic.count_31mar") & (table.area_type == "LA") & (table.period == "2025")]
    assert any(f"2024-25 {count.value.iloc[0]:,.0f}" in d for d in descriptions)


def test_headings_are_real_heading_styles_in_order(built):
    _, out = built
    doc = Document(out)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:7] == ["Executive summary", "1. The service", "2. Children in care", "3. Child protection",
                            "4. Allegations against people who work with children (LADO)", "5. Summary",
                            "6. Development plan for 2025-26"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "{{" not in text and "{%" not in text
    assert "children in care in Demoshire" in text


def test_report_names_its_year_and_authority(built):
    _, out = built
    with zipfile.ZipFile(out) as z:
        core = z.read("docProps/core.xml").decode()
    assert "Demoshire Independent Reviewing Unit annual report 2024-25" in core


def test_cli_bad_input_exits_1_listing_problems_and_writes_nothing(demo_raw, tmp_path):
    config = make_project(tmp_path, demo_raw)
    lado = tmp_path / "data" / "raw" / "2025" / "lado.xlsx"
    frames = pd.read_excel(lado, sheet_name=None, engine="calamine")
    refs = frames["referrals"].astype(object)
    refs.loc[3, "DATE_RECEIVED"] = "31/02/2025"
    refs.loc[7, "SOURCE"] = "POSTMAN"
    frames["referrals"] = refs
    with pd.ExcelWriter(lado, engine="xlsxwriter") as xl:
        for name, frame in frames.items():
            frame.to_excel(xl, sheet_name=name, index=False)
    result = CliRunner().invoke(main, ["report", "--config", str(config)])
    assert result.exit_code == 1, result.output
    assert 'lado.xlsx › referrals › row 5 › DATE_RECEIVED: "31/02/2025" is not a date' in result.output
    assert 'lado.xlsx › referrals › row 9 › SOURCE: "POSTMAN" is not a known code' in result.output
    assert not (tmp_path / "data" / "processed" / "2025").exists()
    assert not (tmp_path / "output").exists()


def test_cli_bad_usage_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["report", "--year", "next"])
    assert result.exit_code == 2
