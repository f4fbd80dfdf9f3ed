"""A board report and a technical annex: the report defines its measures in words and says how many data-quality
warnings there were; the ids, column names, codes and every warning, row by row, are in the annex the analyst
keeps (technical_annex.docx, beside the report)."""
from __future__ import annotations

import re

import pandas as pd
from docx import Document

from pipeline.render.annex import FILE
from pipeline.render.definitions import codes, in_words
from pipeline.render.summary import warning_groups
from pipeline.transform.catalogue import REGISTRY
from tests.conftest import docx_text


def test_every_definition_in_the_report_is_in_words():
    printed = {ind: in_words(ind) for ind in REGISTRY}
    assert {ind: codes(text) for ind, text in printed.items() if codes(text)} == {}
    assert in_words("chic.starts") == "Children who started to be looked after in the year, leaving out short breaks."
    assert in_words("cp.count_31mar") == "Distinct children with a plan open at 31 March."  # its codes in brackets
    assert all(printed.values())


def test_the_code_finder_finds_ids_columns_codes_files_and_keys_but_not_the_glossary():
    text = ("SDQ score a cause for concern (chic.sdq_concern_pct); RNE = S (not V3/V4); `domestic_abuse`; see "
            "config.yaml; 2023/cin_census.xml › Child 549 › S47_START; CPP_END; PN7; old_la_code")
    assert codes(text) == ["chic.sdq_concern_pct", "RNE = S", "V3/V4", "`domestic_abuse`", "config.yaml",
                           "cin_census.xml", "\u203a", "\u203a", "S47_START", "CPP_END", "PN7", "old_la_code",
                           "RNE"]
    assert codes("The IRO, ISRO and LADO; ICPCs, RCPCs, SDQ, UASC, EET and NEET; RAG; 2.1 FTE; 1 April 2024; "
                 "section 47 of the Children Act 1989; DfE's SSDA903 return; 31 per 10,000.") == []


def test_the_annex_lists_every_warning_with_all_its_rows():
    rows = [{"file": "2025/cp.xlsx", "sheet": "conferences", "row": str(r), "column": "S47_START",
             "message": "ICPC has no section 47 start date"} for r in range(2, 17)]
    assert warning_groups(pd.DataFrame(rows), shown=None) == [
        "2025/cp.xlsx › conferences › S47_START: ICPC has no section 47 start date (rows "
        + ", ".join(str(r) for r in range(2, 17)) + ")"]


def test_the_report_keeps_a_line_on_data_quality_and_the_annex_the_ids_codes_and_warnings(built_demo):
    config, out, _ = built_demo
    warnings = pd.read_csv(config.processed_year(2025) / "warnings.csv", dtype=str, keep_default_na=False)
    assert len(warnings) > 10
    report = docx_text(out)
    assert f"The run found {len(warnings):,} data-quality warnings in the data" in report
    assert "technical annex" in report and "\u203a" not in report and "(chic.starts)" not in report
    annex = Document(out.parent / FILE)
    text = "\n".join(p.text for p in annex.paragraphs)
    cells = [[c.text for c in row.cells] for row in annex.tables[0].rows]
    assert cells[0] == ["Indicator", "Id", "Definition"] and len(cells) == len(REGISTRY) + 1
    assert ["Children who started to be looked after", "chic.starts",
            "Distinct children with an episode starting in the year with RNE = S (not V3/V4)."] in cells
    for w in warnings.itertuples():  # every warning, each of its rows
        line = next(ln for ln in text.splitlines() if ln.startswith(f"{w.file} › {w.sheet}") and w.message in ln)
        assert not w.row or re.search(rf"\b{int(float(w.row))}\b", line.split(w.message)[1]), (w, line)
    assert annex.core_properties.title.endswith("technical annex")
