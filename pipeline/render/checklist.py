"""The author's checklist, written beside the report (output/<year>/author_checklist.md, never in it): each
number typed in the commentary or the unit's own tables that disagrees with the report's figure for the
measure its words name, with the tag that would keep it right. The run warns with the same lines, and
`iru report --final` refuses while any stands."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.files import write_atomically
from pipeline.problems import Problem
from pipeline.render.formats import number
from pipeline.transform.catalogue import REGISTRY

FILE = "author_checklist.md"


def tag(indicator: str, breakdown: str) -> str:
    return f"{{{{ v('{indicator}'{f', {breakdown!r}' if breakdown else ''}) }}}}"


def reasons(found: pd.DataFrame, year: int) -> list[Problem]:
    """One problem per contradiction, naming the file and section (or sheet and column) and quoting the
    sentence, with the report's value and the tag that prints it."""
    out = []
    for r in found.itertuples():
        shown = number(r.value, r.indicator, r.unit)
        title = REGISTRY[r.indicator].title
        if r.complement:
            said = f"the report gives {shown} for '{title}', so {number(100 - r.value, r.indicator, r.unit)} without"
            keep = f"the figure the report gives, {tag(r.indicator, r.breakdown)}, with the sentence turned round"
        else:
            said = f"the report gives {shown} for '{title}'"
            keep = f"the tag {tag(r.indicator, r.breakdown)}, which always prints the report's figure"
        out.append(Problem(f"{year}/{r.file}", r.section, column=r.column,
                           message=f"\u201c{r.sentence}\u201d types {r.typed}, but {said}", expected=keep))
    return out


def write(path: Path, problems: list[Problem], year: int) -> None:
    """The checklist, rewritten each run (an empty one says so, so a stale list never lingers)."""
    lines = [f"# Author's checklist for the {year - 1}-{str(year)[2:]} report", "",
             "Numbers typed as text in the commentary or the unit's own tables that disagree with the report's "
             "figure for the measure their words name. Replace each with the tag shown (or correct it); "
             "`iru report --final` refuses while any stands.", ""]
    lines += [f"- [ ] {p}" for p in problems] or ["None: every typed number that names a measure agrees with it."]
    write_atomically(path, lambda tmp: tmp.write_text("\n".join(lines) + "\n", encoding="utf-8"))
