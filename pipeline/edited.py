"""Nobody's edits are destroyed without a copy. The generated report is rewritten by every run, and the template
by `make template`: a file someone has edited since it was written is first copied beside itself, dated
(`annual_report.edited-2025-06-30.docx`), and the copy is named on the console.

Standard library only: the check runs before a build imports pandas.
"""
from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path
from typing import Callable

from pipeline import manifest


def dated_copy(path: Path, kind: str) -> Path:
    """Copy `path` to `<stem>.<kind>-<today>.docx` beside it (`-2`, `-3` … if one was made today already)."""
    stamp = dt.date.today().isoformat()
    copy = next(c for n in itertools.count(1) if not (c := path.with_name(
        f"{path.stem}.{kind}-{stamp}{'' if n == 1 else f'-{n}'}{path.suffix}")).exists())
    shutil.copy2(path, copy)
    return copy


def keep_edited_report(report: Path, recorded: str | None, commentary: Path, say: Callable[[str], None]) -> None:
    """If the report differs from what the last run recorded (`recorded`, its hash), someone typed into it: keep
    a dated copy before this run writes it again, and point to the commentary as the place for words."""
    if recorded is None or not report.is_file() or manifest.file_hash(report) == recorded:
        return
    copy = dated_copy(report, "edited")
    say(f"{report} was changed after the last run wrote it: kept as {copy.name} before writing it again. Words for "
        f"the report belong in {commentary}, which every run puts in")
