"""Section 5 and the appendix: moves that show, and warnings grouped so a long list stays readable."""
import numpy as np
import pandas as pd

from pipeline.render.summary import moves, warning_groups


def test_summary_moves_are_the_notable_ones_by_importance_two_per_area():
    def move(indicator, breakdown, before, after, better, notable=True, rag=""):
        return {"indicator": indicator, "breakdown": breakdown, "area_type": "LA", "unit": "percent", "before": before,
                "after": after, "better": better, "after_rag": rag, "notable": notable, "size": abs(after - before)}

    changes = pd.DataFrame([
        move("chic.age_pct", "1_4", 10.0, 30.0, "yes"),  # detail, the largest move
        move("chic.sdq_concern_pct", "", 44.1, 44.4, "no", notable=False),
        move("reviews.timely_pct", "", 80.0, 90.0, "yes", rag="AMBER"),  # headline
        move("cp.repeat_ever_pct", "", np.nan, 30.0, "no", notable=False),
        move("chic.health_pct", "dental", 70.0, 80.0, "yes"),  # supporting
        move("leavers.activity_pct", "eet", 47.0, 56.0, "yes"),  # headline (care leavers: the children in care area)
    ])
    # headline first (a total before a breakdown), then supporting; the detail move, though largest, is the third
    # of the children-in-care area and so left out
    assert [(m.title, m.before, m.after) for m in moves(changes, "yes")] == [
        ("Reviews held on time", "80%", "90%"),
        ("Activity of care leavers aged 19 to 21: In education, employment or training", "47%", "56%"),
        ("Health of children looked after for 12 months: Dental check", "70%", "80%")]
    assert moves(changes, "no") == []  # a 0.3-point move is not notable


def test_warnings_are_grouped_by_sheet_column_and_problem_with_their_rows():
    rows = [{"file": "2025/cp.xlsx", "sheet": "conferences", "row": str(r), "column": "S47_START",
             "message": "ICPC has no section 47 start date"} for r in range(2, 17)]
    rows.append({"file": "published", "sheet": "", "row": "", "column": "", "message": "folder is missing"})
    lines = warning_groups(pd.DataFrame(rows))
    assert lines == ["2025/cp.xlsx › conferences › S47_START: ICPC has no section 47 start date "
                     "(rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 and 3 more)",
                     "published: folder is missing"]


def test_sources_are_publications_with_the_years_used_not_the_march_before_the_first():
    from pipeline import table
    from pipeline.render.summary import sources

    rows = table.conform(pd.DataFrame([
        {"indicator": "cp.count_month_end", "period": "2020-03", "area_type": "LA", "area": "X", "source": "local"},
        {"indicator": "cp.count_31mar", "period": "2021", "area_type": "LA", "area": "X", "source": "local"},
        {"indicator": "cp.count_31mar", "period": "2025", "area_type": "LA", "area": "X", "source": "local"},
        {"indicator": "cp.rate_per_10k", "period": "2024", "area_type": "ENGLAND", "area": "England",
         "source": "bds_long_0.parquet"},
        {"indicator": "population.under_18", "period": "2024", "area_type": "LA", "area": "X",
         "source": "ons_mid-year_population_estimates_2012_to_2024.csv"},
        {"indicator": "population.under_18", "period": "2023", "area_type": "LA", "area": "X",
         "source": "ons_mid-year_population_estimates_2012_to_2024.csv"},
    ]))
    assert sources(rows, "X") == [
        {"source": "X's own case records (children in care, child protection, the IRU and the LADO)",
         "periods": "2020-21 to 2024-25"},
        {"source": "Local Authority Interactive Tool (LAIT), Department for Education, 2024 "
                   "(https://www.gov.uk/government/publications/local-authority-interactive-tool-lait)",
         "periods": "2023-24"},
        {"source": "Population estimates for England and Wales: mid-year estimates, Office for National Statistics, "
                   "2025 (https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
                   "populationestimates)",
         "periods": "mid-2023 to mid-2024 (the rates per 10,000 children for 2023-24 to 2024-25)"}]


def test_every_published_file_the_pipeline_reads_is_named_as_a_publication():
    from pipeline.extract.published_map import EES_FILES, LAIT_FILES
    from pipeline.publications import cite, publication

    prefixes = [p for family in EES_FILES.values() for p in family] + list(LAIT_FILES) + [
        "New_Statistical_Neighbour_Groupings_April_2021.csv", "LA_Inspection_Outcomes_as_at_31_March_2025.ods"]
    assert [p for p in prefixes if publication(p) is None] == []
    assert cite("la_children_who_ceased_during_the_year.csv", 2024) == (
        "Children looked after in England including adoptions, Department for Education, 2024 "
        "(https://explore-education-statistics.service.gov.uk/find-statistics/"
        "children-looked-after-in-england-including-adoptions)")
    assert cite("d3_cpps_subsequent_plan_2013_to_2025.csv").startswith(
        "Characteristics of children in need, Department for Education, 2025 (")


def test_category_labels_spell_out_codes_and_keep_typed_reasons_as_typed():
    from pipeline.render.labels import breakdown

    assert [breakdown(c) for c in ("NFA", "MAS", "SOCIAL_CARE", "CLA_REVIEW", "PN1", "IRO absence", "")] == [
        "No further action", "Strategy meeting", "Social care", "Child in care review",
        "Spoke for themselves", "IRO absence", "All"]
