"""DRAFT or FINAL, decided by one rule that the cover, every page header, the spreadsheet's cover and
`iru report --final` all follow.

A report is FINAL only when nothing keeps it a draft: `publication.status` in config.yaml says FINAL (the
sign-off) and every section's commentary is written. Each thing that keeps it a draft is a reason, said in
the analyst's words: a plain build lists them as it marks the report DRAFT; `--final` refuses with them.
"""
from __future__ import annotations

import pandas as pd

from pipeline.config import Config
from pipeline.problems import InputError, Problem

DRAFT, FINAL = "DRAFT", "FINAL"


def _not_signed_off(config: Config, slots: pd.DataFrame) -> list[Problem]:
    if config.publication.get("status", DRAFT) == FINAL:
        return []
    return [Problem(config.path.name, column="publication.status", message="is DRAFT",
                    expected="publication.status: FINAL once the report is signed off")]


def _unwritten(config: Config, slots: pd.DataFrame) -> list[Problem]:
    from pipeline.render.commentary import unwritten

    return [Problem(f"{config.year}/commentary.docx", title, message="not yet written",
                    expected="the manager's words under this heading: a final report needs every section's "
                    "commentary") for title in unwritten(slots)]


def contradicted(config: Config, slots: pd.DataFrame | None = None) -> list[Problem]:
    """The numbers typed as text in the commentary and the unit's tables that disagree with the report's figure
    for the measure their words name (issue 20): read from what transform wrote for the year, so asked after it."""
    from pipeline.render import checklist
    from pipeline.transform import typed_numbers

    folder = config.processed_year(config.year)
    if not (folder / "indicators.csv").exists():
        return []
    return checklist.reasons(typed_numbers.check(folder, config.year), config.year)


# each: (config, the commentary's slots) -> what keeps the report a draft
REASONS = (_not_signed_off, _unwritten, contradicted)


def draft_reasons(config: Config, slots: pd.DataFrame) -> list[Problem]:
    """Why the report is a draft (none: it is final)."""
    return [problem for reason in REASONS for problem in reason(config, slots)]


def status(config: Config, slots: pd.DataFrame) -> str:
    return DRAFT if draft_reasons(config, slots) else FINAL


def refuse_draft(config: Config, slots: pd.DataFrame) -> None:
    """`--final`: a report that would be a draft is not built; every reason is listed."""
    reasons = draft_reasons(config, slots)
    if reasons:
        raise InputError(reasons)
