"""Problems found in input, in the words an analyst reads them.

Every stage reports bad input the same way: `file › sheet › row N › COLUMN: problem (expected …)`,
all problems at once, then exit status 1. Warnings use the same shape but do not stop the run.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    message: str = ""
    expected: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(self.sheet)
        if self.row is not None:
            where.append(f"row {self.row}")
        text = " › ".join(where)
        if self.column:
            text += f" › {self.column}"
        text += f": {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return one_line(text)


MAX_LINE = 1000  # characters: a message quotes an excerpt of a value, never a whole (perhaps huge) one


def one_line(text: str) -> str:
    """A message never spans lines: line breaks in a value (or a library's message) are shown escaped; nor is
    it ever longer than MAX_LINE, whatever a value or a library put in it."""
    text = text.strip()[:MAX_LINE * 2].replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= MAX_LINE else text[:MAX_LINE - 1] + "…"


def write_csv(problems: list[Problem], path: Path) -> None:
    """Every problem, a row each, in the columns an analyst filters on."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["file", "sheet", "row", "column", "message", "expected"])
        out.writerows([p.file, p.sheet, "" if p.row is None else p.row, p.column, p.message, p.expected]
                      for p in problems)


def in_folder(problems: list[Problem], folder: str) -> list[Problem]:
    """The problems with their file named inside a folder (`2025/cp.xlsx`): five years have a cp.xlsx each.
    config.yaml, which a year's setting may be missing from, is one for all years and stays as it is."""
    return [p if p.file == "config.yaml" else replace(p, file=f"{folder}/{p.file}") for p in problems]


class InputError(Exception):
    """Raised with every problem found, so the analyst can fix them all in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=order)
        super().__init__("\n".join(str(p) for p in self.problems))


def order(p: Problem) -> tuple:
    """The order an analyst reads problems in: by file, then by child or row as numbers (CHILD 98 before
    CHILD 100, AREVIEW 6 before AREVIEW 10, row 9 before row 10), then by column."""
    return (_natural(p.file), _natural(p.sheet), -1 if p.row is None else p.row, _natural(p.column), p.message,
            p.expected)


def _natural(text: str) -> tuple:
    """Text as a key whose runs of digits compare as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


@dataclass
class Problems:
    """Collects errors and warnings while a stage runs."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, *args, **kw) -> None:
        self.errors.append(Problem(*args, **kw))

    def warn(self, *args, **kw) -> None:
        self.warnings.append(Problem(*args, **kw))

    def extend(self, other: "Problems") -> None:
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InputError(self.errors)
