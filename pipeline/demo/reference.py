"""Reference files: DfE's statistical neighbour groupings and Ofsted's inspection outcomes.

Neighbours are the ten authorities nearest on deprivation, rurality and size. Inspection judgements
are drawn so that about two in five authorities are Good or Outstanding; sub-judgements sit close to
the overall one. The ODS keeps Ofsted's sheets, with two rows (title and description) above each table.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.demo.authorities import neighbours
from pipeline.demo.ods import write_ods
from pipeline.synthetic import MARKER

NEIGHBOURS = "New_Statistical_Neighbour_Groupings_April_2021.csv"
CLOSENESS = ((0.35, "Extremely Close"), (0.55, "Very Close"), (0.8, "Close"), (1.1, "Somewhat close"),
             (np.inf, "Not Close"))
GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
GRADE_SHARE = (0.1, 0.29, 0.42, 0.19)
JUDGEMENTS = ("Overall effectiveness", "The impact of leaders on social work practice with children and families",
              "The experiences and progress of children who need help and protection",
              "The experiences and progress of children in care", "The experiences and progress of care leavers")
CARE_LEAVERS_FROM = pd.Timestamp("2023-01-01")  # the care leavers sub-judgement was introduced then
LINK = "Ofsted Local Authority Webpage"
TABLE_NOTE = ("This worksheet contains one table with no blank rows or columns. This table begins in cell A3. "
              "Column A includes a link to the Ofsted Local Authority Report Webpage for each local authority. "
              "Links will open in a new window.")


def write_neighbours(folder: Path, las: pd.DataFrame) -> None:
    """DfE's layout: LA num, LA Name, LA number, GOInd, GOReg, then SN1, SNP, ... SN10, SNP (a trailing comma)."""
    nearest, distance = neighbours(las)
    codes = las["old_la_code"].to_numpy()
    header = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"] + [x for k in range(1, 11) for x in (f"SN{k}", "SNP")]
    lines = [",".join(header) + f",{MARKER}"]  # the trailing comma's empty column, named as synthetic
    for i, la in las.reset_index(drop=True).iterrows():
        close = [next(name for limit, name in CLOSENESS if d < limit) for d in distance[i]]
        pairs = [x for code, c in zip(codes[nearest[i]], close) for x in (str(code), c)]
        name = f'"{la["la_name"]}"' if "," in la["la_name"] else la["la_name"]
        lines.append(",".join([str(la["old_la_code"]), name, str(la["old_la_code"]), str(la["go_ind"]),
                               la["sn_region"], *pairs]) + ",")
    (folder / NEIGHBOURS).write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8", newline="")


def write_inspections(folder: Path, las: pd.DataFrame, year: int, rng: np.random.Generator) -> None:
    """Ofsted's LA inspection outcomes as at 31 March `year` (named, as the real file is, for 2025)."""
    latest = _latest(las, year, rng)
    history = _history(latest, rng)
    in_year = _in_year(latest, year, rng)
    sheets = {
        "Cover": _cover(year),
        "Contents": pd.DataFrame([["Contents", None],
                                  ["Worksheet title and link", "Description of contents of worksheet"],
                                  ["Notes", "Notes about the data."],
                                  ["Inspections as at 31 March", "Each local authority's most recent judgements."],
                                  ["In-year inspections", "Inspections and visits in the year."],
                                  ["ILACS inspection history", "Every inspection since 2018."]]),
        "Notes": pd.DataFrame([["Notes"], ["Synthetic data generated for the IRU report demo; not Ofsted's figures."]]),
        "Inspections_as_at_31_March": _titled(latest, f"Local authority inspection judgements as at 31 March {year}"),
        "In-year_inspections": _titled(in_year,
                                       f"Local authority in-year inspection activity {year - 1}-{year % 100:02d}"),
        "ILACS_inspection_history": _titled(history, f"ILACS inspection history from 2018-{year}"),
    }
    write_ods(folder / "LA_Inspection_Outcomes_as_at_31_March_2025.ods", sheets, "IRU report demo data")


def _grades(rng: np.random.Generator, n: int) -> np.ndarray:
    """Overall grades, then sub-judgements within a grade of the overall one."""
    overall = rng.choice(len(GRADES), n, p=GRADE_SHARE)
    subs = np.clip(overall[:, None] + rng.choice([-1, 0, 0, 0, 1], (n, len(JUDGEMENTS) - 1)), 0, len(GRADES) - 1)
    return np.array(GRADES, dtype=object)[np.column_stack([overall, subs])]


def _latest(las: pd.DataFrame, year: int, rng: np.random.Generator) -> pd.DataFrame:
    n = len(las)
    inspected = pd.Timestamp(f"{year - 6}-01-07") + pd.to_timedelta(rng.integers(0, 6 * 365, n), "D")
    inspected = inspected - pd.to_timedelta(inspected.day_of_week, "D")  # inspections start on a Monday
    frame = pd.DataFrame({"Web link": LINK, "Local authority area code": las["new_la_code"].to_numpy(),
                          "Local authority name": las["la_name"].to_numpy(),
                          "Ofsted region": las["ofsted_region"].to_numpy(), "Inspection date": inspected,
                          "Publication date": inspected + pd.to_timedelta(rng.integers(35, 60, n), "D")})
    grades = pd.DataFrame(_grades(rng, n), columns=JUDGEMENTS)
    grades.loc[(frame["Inspection date"] < CARE_LEAVERS_FROM).to_numpy(), JUDGEMENTS[-1]] = None
    return pd.concat([frame, grades], axis=1).sort_values("Local authority name", kind="stable").reset_index(drop=True)


def _history(latest: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The latest inspection plus, for most authorities, an earlier one under ILACS (from 2018)."""
    earlier = latest[latest["Inspection date"] >= pd.Timestamp("2021-06-01")].copy()
    before = pd.to_timedelta(rng.integers(3 * 365, 4 * 365, len(earlier)), "D")
    earlier["Inspection date"] = earlier["Inspection date"] - before
    earlier["Inspection date"] -= pd.to_timedelta(earlier["Inspection date"].dt.day_of_week, "D")
    earlier["Publication date"] = earlier["Inspection date"] + pd.to_timedelta(rng.integers(35, 60, len(earlier)), "D")
    earlier[list(JUDGEMENTS)] = _grades(rng, len(earlier))
    earlier[JUDGEMENTS[-1]] = None
    both = pd.concat([earlier, latest]).sort_values(["Local authority name", "Inspection date"], kind="stable")
    both.insert(3, "Local authority status", "Current")
    both.insert(7, "Inspection type", np.where(rng.random(len(both)) < 0.3, "ILACS Short Inspection",
                                               "ILACS Standard Inspection"))
    return both.reset_index(drop=True)


def _in_year(latest: pd.DataFrame, year: int, rng: np.random.Generator) -> pd.DataFrame:
    """Inspections in the year (with judgements) and focused or monitoring visits (with a theme)."""
    start, end = pd.Timestamp(f"{year - 1}-04-01"), pd.Timestamp(f"{year}-03-31")
    inspected = latest[(latest["Inspection date"] >= start) & (latest["Inspection date"] <= end)].copy()
    inspected.insert(6, "Inspection/Visit type", "ILACS Standard Inspection")
    visited = latest[latest["Inspection date"] < start].sample(frac=0.55, random_state=rng).copy()
    visited["Inspection date"] = start + pd.to_timedelta(rng.integers(0, 330, len(visited)), "D")
    visited["Publication date"] = visited["Inspection date"] + pd.to_timedelta(rng.integers(25, 45, len(visited)), "D")
    visited.insert(6, "Inspection/Visit type", np.where(visited["Overall effectiveness"] == "Inadequate",
                                                        "ILACS Monitoring Visit", "ILACS Focused Visit"))
    visited[list(JUDGEMENTS)] = None
    visited["Visit Theme"] = rng.choice(["Children in need/subject to a plan", "Children in care", "Care leavers",
                                         "Front door"], len(visited))
    both = pd.concat([inspected, visited]).sort_values("Local authority name", kind="stable")
    both = both.rename(columns={"Ofsted region": "Region", "Inspection date": "Inspection/Visit date"})
    return both.reset_index(drop=True)


def _titled(table: pd.DataFrame, title: str) -> pd.DataFrame:
    """A table with Ofsted's two rows above it: the title, and a note on the layout."""
    head = pd.DataFrame([[title] + [None] * (table.shape[1] - 1), [TABLE_NOTE] + [None] * (table.shape[1] - 1),
                         list(table.columns)], columns=table.columns)
    return pd.concat([head, table.astype(object).where(table.notna(), None)], ignore_index=True)


def _cover(year: int) -> pd.DataFrame:
    return pd.DataFrame([[f"Local authority inspection outcomes as at 31 March {year}", None],
                         ["Section", "Detail"], ["Policy area:", "Local Authority Inspection Outcomes"],
                         ["Theme:", "Children's Social Care"], ["Coverage:", "England (synthetic demo data)"],
                         ["Period covered:", f"Inspections as at 31 March {year}"]])

