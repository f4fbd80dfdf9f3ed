"""The team table shows the reporting year beside last year, FTE to one decimal place, and every column of
the unit's own text tables that the input contract defines appears in the report."""
import pandas as pd

from pipeline import table
from pipeline.extract.schema import IRU
from pipeline.render import query
from pipeline.render.figures import TABLES_BY_ID, TEXT_TABLES
from pipeline.render.formats import number
from pipeline.render.report import TITLES
from tests.conftest import compute, year_data

STAFF = {"ROLE": "IRO", "LOCUM": "N", "START_DATE": "01/04/2020"}


def test_fte_prints_to_one_decimal_place():
    data = year_data(iru_staff=[{**STAFF, "STAFF_ID": "A", "FTE": "1"}, {**STAFF, "STAFF_ID": "B", "FTE": "1.1"}])
    from pipeline.transform.catalogue import REGISTRY

    fte = compute("iru.fte", data).set_index("breakdown")
    assert REGISTRY["iru.fte"].unit == "fte" and fte.value["IRO"] == 2.1
    assert number(2.1, "iru.fte", "fte") == "2.1" and number(3, "iru.fte", "fte") == "3.0"


def test_the_team_table_shows_the_reporting_year_and_last_year_labelled():
    rows = [("iru.fte", "2025", "IRO", 14.5, "fte"), ("iru.fte", "2024", "IRO", 14.3, "fte"),
            ("iru.headcount", "2025", "IRO", 16, "count"), ("iru.headcount", "2024", "IRO", 15, "count")]
    indicators = table.conform(pd.DataFrame([{"indicator": i, "period": p, "area_type": "LA", "area": "X",
                                              "breakdown": b, "value": v, "unit": u} for i, p, b, v, u in rows]))
    frame = query.frame(indicators, TABLES_BY_ID["team"].query, 2025, TITLES)
    cells = query.grid(frame, "display")
    assert list(cells.columns) == ["Staff in post at 31 March (full-time equivalent), 2024-25",
                                   "Staff in post at 31 March (people), 2024-25",
                                   "Staff in post at 31 March (full-time equivalent), 2023-24",
                                   "Staff in post at 31 March (people), 2023-24"]
    assert cells.loc["IROs"].tolist() == ["14.5", "16", "14.3", "15"]


def test_every_column_of_the_actions_and_the_plan_is_shown():
    from pipeline.transform.run import MILESTONES

    for name in ("actions", "plan"):
        sheet = next(s for s in IRU.sheets if s.name == name)
        shown = set(TEXT_TABLES[name][1]) | (set(MILESTONES) if "milestones" in TEXT_TABLES[name][1] else set())
        assert {c.name.lower() for c in sheet.columns} == shown - {"milestones"}, name


def test_a_plans_milestones_are_one_cell_a_line_each():
    from pipeline.render.document import build_table

    xml = build_table(["Milestones"], [["By June\nBy March"]], "Plan")
    assert 'By June</w:t><w:br/><w:t xml:space="preserve">By March' in xml


def test_the_milestones_are_numbered_lines_of_one_cell():
    from pipeline.transform.run import text_tables

    plan = pd.DataFrame({"theme": ["T"], "milestone_1": ["By June"], "milestone_2": [None],
                         "milestone_3": ["By March"], "_row": [2]})

    class Extracted:
        def table(self, year, name):
            return plan if name == "iru.plan" else None

        def groups(self):
            return {"statistical_neighbours": [], "good_authorities": []}

    assert text_tables(Extracted(), 2025)["plan"].milestones.tolist() == ["1. By June\n3. By March"]
