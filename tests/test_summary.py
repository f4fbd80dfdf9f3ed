"""Section 5 and the appendix: moves that show, and warnings grouped so a long list stays readable."""
import numpy as np
import pandas as pd

from pipeline.render.summary import moves, warning_groups


def test_summary_moves_are_the_notable_ones_totals_first():
    changes = pd.DataFrame([
        {"indicator": "chic.age_pct", "breakdown": "1_4", "area_type": "LA", "unit": "percent", "before": 10.0,
         "after": 30.0, "better": "yes", "after_rag": "", "notable": True},
        {"indicator": "chic.sdq_concern_pct", "breakdown": "", "area_type": "LA", "unit": "percent", "before": 44.1,
         "after": 44.4, "better": "no", "after_rag": "", "notable": False},
        {"indicator": "reviews.timely_pct", "breakdown": "", "area_type": "LA", "unit": "percent", "before": 80.0,
         "after": 90.0, "better": "yes", "after_rag": "AMBER", "notable": True},
        {"indicator": "cp.repeat_ever_pct", "breakdown": "", "area_type": "LA", "unit": "percent", "before": np.nan,
         "after": 30.0, "better": "no", "after_rag": "", "notable": False},
    ])
    assert [(m.title, m.before, m.after) for m in moves(changes, "yes")] == [
        ("Reviews held on time", "80%", "90%"), ("Age at 31 March: 1 to 4", "10%", "30%")]
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
