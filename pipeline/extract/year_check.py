"""A year's folder must hold that year's records: a workbook copied from last year's folder (or a return
for the wrong collection year) validates cleanly, row by row, yet would report 0 reviews and 0 referrals.
So each sheet that records events has one date that places a record in a year, and when (almost) none of
a sheet's records fall in the reporting year, the run stops and says so.
"""
from __future__ import annotations

import pandas as pd

from pipeline.extract.returns_layout import ORIGINS
from pipeline.extract.schema import Workbook
from pipeline.problems import Problems

# sheet -> (the date that places its record in a year, what a record is called)
DATED = {
    "chic.episodes": ("DECOM", "episode"), "chic.reviews": ("REVIEW", "review"),
    "iru.reviews": ("REVIEW_DATE", "review"), "iru.escalations": ("DATE_RAISED", "escalation"),
    "iru.advocacy": ("REQUEST_DATE", "advocacy request"),
    "cp.plans": ("CPP_START", "plan"), "cp.conferences": ("CONFERENCE_DATE", "conference"),
    "lado.referrals": ("DATE_RECEIVED", "referral"), "lado.meetings": ("MEETING_DATE", "meeting"),
}
FEWEST = 10  # a sheet with fewer dated records says too little to judge
ALMOST_NONE = 0.05  # a share of records in the year below this is (almost) none: a whole year's file would hold more


def _span(year: int) -> str:
    return f"1 April {year - 1} and 31 March {year}"


def check_year(tables: dict[str, pd.DataFrame], workbook: Workbook, year: int, problems: Problems) -> None:
    """An error for each sheet whose records (almost) all fall outside the reporting year, naming the year
    most of them fall in."""
    origins = tables.get(ORIGINS)
    for sheet, frame in tables.items():
        column, noun = DATED.get(f"{workbook.name}.{sheet}", (None, ""))
        if column is None or column.lower() not in frame:
            continue
        files = origins.loc[origins["sheet"] == sheet, "file"] if origins is not None else []
        file = str(files.iloc[0]) if len(files) else workbook.filename  # a return's file, or the workbook
        dates = pd.to_datetime(frame[column.lower()], errors="coerce").dropna()
        if len(dates) < FEWEST:
            continue
        inside = int(dates.between(pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)).sum())
        if inside >= ALMOST_NONE * len(dates):
            continue
        years = dates.dt.year + (dates.dt.month >= 4)  # each date's reporting year (April to March)
        usual = int(years.mode().iloc[0])
        problems.error(file, sheet, column=column, message=(f"only {inside} of {len(dates)} {noun}s" if inside else
                       f"no {noun}") + f" falls between {_span(year)}; most fall between "
                       f"{_span(usual)}: is this {'last' if usual == year - 1 else 'another'} year's file?",
                       expected=f"{year}'s records in the {year} folder")
