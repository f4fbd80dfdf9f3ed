"""The accessible spreadsheet: written from a small indicator table, then read back as a user's software would."""
from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from pipeline import table as indicator_table
from pipeline.render import report, spreadsheet
from pipeline.render.figures import BY_ID, TABLES_BY_ID

AUTHORITY = 'Bath & North East <Somerset> "Zoë"'
ITEMS = (BY_ID["cla_rate_trend"], TABLES_BY_ID["sdq"], BY_ID["cla_legal_status"], BY_ID["cp_month_end"])


def row(indicator, period, area_type, value, unit, breakdown="", status="", area="", source=""):
    area = area or {"LA": AUTHORITY, "LA_PUBLISHED": AUTHORITY, "REGION": "South West"}.get(area_type, "")
    return {"indicator": indicator, "period": period, "area_type": area_type, "area": area, "breakdown": breakdown,
            "numerator": None, "denominator": None, "value": value, "unit": unit, "status": status, "rag": "",
            "source": source or ("local" if area_type == "LA" else "cla_2025.csv")}


def indicators() -> pd.DataFrame:
    rows = [row("chic.rate_per_10k", str(y), "LA", 60 + y - 2021 + 0.5, "rate_per_10k") for y in range(2022, 2026)]
    rows += [row("chic.rate_per_10k", "2021", "LA_PUBLISHED", 58.4, "rate_per_10k")]
    rows += [row("chic.rate_per_10k", str(y), "ENGLAND", 70.0 + y - 2021, "rate_per_10k") for y in range(2021, 2026)]
    rows += [row("chic.rate_per_10k", str(y), "STAT_NEIGHBOURS", 55.55, "rate_per_10k") for y in range(2021, 2026)]
    rows += [row("chic.legal_status_pct", p, "LA", v, "percent", breakdown=b, status=s)
             for p in ("2024", "2025")
             for b, v, s in (("care_order", 71.5, ""), ("placement_order", 12.4, ""), ("s20", None, "c"))]
    rows += [row("chic.legal_status_pct", "2025", "ENGLAND", v, "percent", breakdown=b)
             for b, v in (("care_order", 70.2), ("s20", 15.0))]
    rows += [row("chic.sdq_concern_pct", "2025", "LA", 38.6, "percent"),
             row("chic.sdq_mean", "2025", "LA", 14.25, "score"),
             row("chic.sdq_concern_pct", "2025", "REGION", 37.0, "percent"),
             row("chic.sdq_mean", "2025", "REGION", 13.9, "score")]
    return indicator_table.conform(pd.DataFrame(rows))


TEXTS = {"actions": pd.DataFrame({"action": ["Raise <script>alert('x')</script> & \"quotes\"", "See [plan](v2)"],
                                  "outcome_sought": ["Zoë's review =SUM(A1)", "-"],
                                  "outcome": ["http://example.org", ""], "further_action": ["Ask again", ""],
                                  "rag": ["G", "A"]})}


def write(path, texts=TEXTS, cache=None):
    cache = cache or path.parent / "cache"
    chosen = report.selections(ITEMS, indicators(), 2025, AUTHORITY, cache / "selections.pickle")
    spreadsheet.write(path, ITEMS, chosen, texts, AUTHORITY, 2025, cache / "sheets.pickle")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "tables.xlsx"
    write(path)
    return path


def rows_of(path, sheet) -> list[list]:
    return [list(r) for r in load_workbook(path)[sheet].iter_rows(values_only=True)]


def table_of(path, sheet) -> list[list]:
    """The sheet's Excel table, header first: the rows from the first header cell down."""
    ws = load_workbook(path)[sheet]
    (name, ref), = ws.tables.items()
    return [[c.value for c in r] for r in ws[ref]]


def test_sheets_cover_contents_notes_then_one_per_item_and_text_table(workbook):
    names = load_workbook(workbook).sheetnames
    assert names == ["Cover", "Contents", "Notes", "cla_rate_trend", "sdq", "cla_legal_status", "cp_month_end",
                     "actions"]
    cover = [r[0] for r in rows_of(workbook, "Cover")]
    assert cover[0] == f"{AUTHORITY} Independent Reviewing Unit annual report 2024-25: tables"


def test_trend_sheet_numbers_unrounded_with_units_and_published_year(workbook):
    table = table_of(workbook, "cla_rate_trend")
    assert table[0] == ["Year", f"{AUTHORITY} (per 10,000)", "England (per 10,000)",
                        "Statistical neighbours (per 10,000)"]
    assert table[1] == ["2020-21", 58.4, 70, 55.55]  # no local 2021 row: DfE's published 58.4 fills in
    assert table[5] == ["2024-25", 64.5, 74, 55.55]  # unrounded: the cell's format shows 65, as the report does
    assert all(isinstance(v, (int, float)) for r in table[1:] for v in r[1:])
    text = " ".join(str(r[0]) for r in rows_of(workbook, "cla_rate_trend")[:8])
    assert "Source:" in text and "[note" in text


def test_suppressed_and_missing_cells_show_symbols_and_refer_to_the_note(workbook):
    table = table_of(workbook, "cla_legal_status")
    assert table[0][1] == f"{AUTHORITY} 2024-25 (%)"
    by_label = {r[0]: r[1:] for r in table[1:]}
    assert by_label["Care order"][:2] == [71.5, 71.5]
    assert by_label["Section 20"][:2] == ["c", "c"]
    assert by_label["Placement order"][2] == "x"  # England has no row for it
    notes = {r[0]: r[1] for r in table_of(workbook, "Notes")[1:]}
    symbols = next(n for n, text in notes.items() if text.startswith("Symbols"))
    assert any(f"[note {symbols}]" in str(r[0]) for r in rows_of(workbook, "cla_legal_status")[:8])
    assert any("unweighted means" in t for t in notes.values())
    assert any("DfE published for it" in t for t in notes.values())


def test_mixed_units_go_in_the_row_labels_with_each_rows_decimals(workbook):
    table = table_of(workbook, "sdq")
    assert table[0][0] == "Measure"
    assert table[1][0] == "SDQ score a cause for concern (%)" and table[1][1] == 38.6
    assert table[2][0] == "Average SDQ score" and table[2][1] == 14.25  # shown to one decimal place
    sheet, last = load_workbook(workbook)["sdq"], len(rows_of(workbook, "sdq"))
    assert [sheet.cell(row=r, column=2).number_format for r in (last - 1, last)] == ["#,##0", "#,##0.0"]


def test_numbers_right_aligned_under_right_aligned_headers_with_the_reports_places(workbook):
    sheet = load_workbook(workbook)["cla_rate_trend"]
    header = next(r for r in range(1, 20) if sheet.cell(row=r, column=1).value == "Year")
    for column in (2, 3, 4):
        cells = [sheet.cell(row=r, column=column) for r in range(header, header + 6)]
        assert all(c.alignment.horizontal == "right" for c in cells)
        assert {c.number_format for c in cells[1:] if isinstance(c.value, float | int)} == {"#,##0"}


def test_empty_figure_gets_a_sheet_without_blank_cells(workbook):
    assert table_of(workbook, "cp_month_end") == [["Month", "Value"], ["No data for this year", "x"]]


def test_text_from_spreadsheets_comes_out_intact(workbook):
    table = table_of(workbook, "actions")
    assert table[0] == ["Action", "Outcome sought", "Outcome", "Further action", "RAG"]
    assert table[1] == ["Raise <script>alert('x')</script> & \"quotes\"", "Zoë's review =SUM(A1)",
                        "http://example.org", "Ask again", "G"]
    assert table[2] == ["See [plan](v2)", "-", "Not recorded", "Not recorded", "A"]
    calamine = CalamineWorkbook.from_path(str(workbook))
    assert calamine.get_sheet_by_name("Cover").to_python()[0][0].startswith(AUTHORITY)


def test_same_inputs_give_the_same_bytes_from_scratch_or_from_the_cache(workbook, tmp_path):
    again, cached = tmp_path / "tables.xlsx", tmp_path / "cached.xlsx"
    write(again)
    write(cached, cache=workbook.parent / "cache")  # every sheet's layout kept from the first write
    assert again.read_bytes() == workbook.read_bytes() == cached.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "cached.xlsx", "tables.xlsx"]  # no temporary file


def test_sheet_names_are_valid_and_unique():
    names = spreadsheet.sheet_names(["notes", "a" * 40, "a" * 35, "x y/z", "cp_age"], {"cp_age": "Figure 3"})
    assert list(names.values()) == ["notes_2", "a" * 31, "a" * 29 + "_2", "x_y_z", "Figure 3"]


@pytest.fixture(scope="module")
def as_published(tmp_path_factory):
    """The workbook as a run writes it: sheets numbered as the template numbers them, the cover from the
    config's publication keys, the targets and changes, and percentages with their counts."""
    rows = indicators()
    own = (rows.indicator == "chic.legal_status_pct") & (rows.area_type == "LA") & rows.value.notna()
    rows.loc[own, "numerator"] = [143.0, 31.0, 143.0, 31.0]
    rows.loc[own, "denominator"] = 200.0
    path = tmp_path_factory.mktemp("published") / "tables.xlsx"
    chosen = report.selections(ITEMS, rows, 2025, AUTHORITY, path.parent / "selections.pickle")
    numbers = {"key_numbers": "Table 1", "targets": "Table 2", "cla_legal_status": "Figure 1", "actions": "Table 3",
               "sdq": "Table 4", "cla_rate_trend": "Figure 2"}
    summary = {"key_numbers": pd.DataFrame([{"title": "Children in care at 31 March", "after": 385.0, "before": 410.0,
                                             "direction": "Down 6%"}]),
               "targets": pd.DataFrame([{"title": "Reviews on time", "green_at": 95, "amber_at": 85, "value": 91.25,
                                         "rag": "AMBER"}]),
               "changes": pd.DataFrame([{"title": "Children in care", "before": 410.0, "after": 385.0,
                                         "before_rag": "", "after_rag": ""}])}
    publication = {"published": "30 September 2025", "status": "FINAL", "version": "1.0",
                   "author": "IRU manager", "contact": "iru@example.gov.uk"}
    spreadsheet.write(path, ITEMS, chosen, TEXTS, AUTHORITY, 2025, path.parent / "sheets.pickle", numbers=numbers,
                      publication=publication, summary=summary)
    return path


def test_sheets_follow_the_report_named_by_number_and_titled_by_caption(as_published):
    names = load_workbook(as_published).sheetnames
    assert names == ["Cover", "Contents", "Notes", "Table 1", "Table 2", "Figure 1", "Table 3", "Table 4",
                     "Figure 2", "cp_month_end", "Changes"]
    assert rows_of(as_published, "Figure 1")[0][0] == "Figure 1: Legal status of children in care at 31 March, " \
                                                      "2023-24 to 2024-25"
    cover = " ".join(str(r[0]) for r in rows_of(as_published, "Cover"))
    assert "Published: 30 September 2025. Status: FINAL, version 1.0." in cover and "iru@example.gov.uk" in cover
    assert "The unit's own text tables are Table 3 (last year's actions and how they went)." in cover
    assert "The last worksheet, Changes, lists every figure" in cover


def test_each_percentage_has_its_numerator_and_denominator_beside_it(as_published):
    table = table_of(as_published, "Figure 1")
    assert table[0][:4] == [f"Category", f"{AUTHORITY} 2024-25 (%)", f"{AUTHORITY} 2024-25: number",
                            f"{AUTHORITY} 2024-25: out of"]
    assert table[1][:4] == ["Care order", 71.5, 143, 200]
    sheet = load_workbook(as_published)["Figure 1"]
    header = next(r for r in range(1, 20) if sheet.cell(row=r, column=1).value == "Category")
    assert [sheet.cell(row=header + 1, column=c).number_format for c in (2, 3, 4)] == ["#,##0"] * 3


def test_the_summary_tables_and_the_changes_have_sheets_of_their_own(as_published):
    assert rows_of(as_published, "Table 1")[0][0] == "Table 1: The year at a glance"
    assert table_of(as_published, "Table 1") == [["Measure", "2024-25", "2023-24", "Direction"],
                                                 ["Children in care at 31 March", 385, 410, "Down 6%"]]
    assert table_of(as_published, "Table 2") == [["Indicator", "Green at", "Amber at", "Result", "RAG"],
                                                  ["Reviews on time", 95, 85, 91.25, "AMBER"]]
    assert table_of(as_published, "Changes")[1][:3] == ["Children in care", 410, 385]
