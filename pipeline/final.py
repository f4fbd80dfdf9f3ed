"""DRAFT or FINAL, decided by one rule that the cover, every page header, the spreadsheet's cover and
`iru report --final` all follow.

A report is FINAL only when nothing keeps it a draft: `publication.status` in config.yaml says FINAL (the
sign-off) and every section's commentary is written. Each thing that keeps it a draft is a reason, said in
the analyst's words: a plain build lists them as it marks the report DRAFT; `--final` refuses with them.

The rule is applied once a run, after transform (a typed number is checked against the indicators transform
wrote), and its verdict is written beside the processed tables (`status.json`): the run's warnings, `--final`,
the author's checklist and every edition (Word, web page, spreadsheet, and so the PDF) read it, and none
decides it again.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.config import Config
from pipeline.files import write_atomically
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


FILE = "status.json"


@dataclass(frozen=True)
class Decided:
    """The run's one verdict: DRAFT or FINAL, every reason for a draft, and (among them) the typed numbers the
    report contradicts, which the author's checklist lists."""

    status: str
    reasons: list[Problem]
    typed: list[Problem]

    def refuse_draft(self) -> None:
        """`--final`: a report that would be a draft is not built; every reason is listed."""
        if self.reasons:
            raise InputError(self.reasons)


def decide(config: Config) -> Decided:
    """Apply the rule to what transform wrote for the year (its commentary slots and indicators), once, and
    write the verdict beside them."""
    from pipeline.render.commentary import read

    folder = config.processed_year(config.year)
    slots = read(folder / "commentary")["slots"]
    found = {reason: reason(config, slots) for reason in REASONS}
    reasons = [problem for problems in found.values() for problem in problems]
    decided = Decided(DRAFT if reasons else FINAL, reasons, found[contradicted])
    write(folder, decided)
    return decided


def write(folder: Path, decided: Decided) -> None:
    payload = {"status": decided.status, "reasons": [dataclasses.asdict(p) for p in decided.reasons],
               "typed": [dataclasses.asdict(p) for p in decided.typed]}
    write_atomically(folder / FILE, lambda tmp: tmp.write_text(json.dumps(payload, indent=1), encoding="utf-8"))


def read(folder: Path) -> Decided:
    """The verdict `decide` wrote for the year in `folder`."""
    payload = json.loads((folder / FILE).read_text(encoding="utf-8"))
    return Decided(payload["status"], [Problem(**p) for p in payload["reasons"]],
                   [Problem(**p) for p in payload["typed"]])
