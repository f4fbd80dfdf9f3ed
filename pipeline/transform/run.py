"""The transform stage: every indicator for the trend years, comparators, RAG and disclosure control,
into the one tidy indicator table.

Each year's own indicators are cached by the content of that year's workbooks (and the code), so a
fix to one year's data recomputes that year only.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import manifest, parallel, table
from pipeline.config import Config
from pipeline.files import memo, write_atomically
from pipeline.extract.run import PUBLISHED, Extracted
from pipeline.extract.schema import WORKBOOKS
from pipeline.problems import Problem, Problems, in_folder, order
from pipeline.transform.catalogue import REGISTRY
from pipeline.transform.changes import year_on_year
from pipeline.transform.comparators import comparator_rows
from pipeline.transform.dates import ReportingYear, bank_holidays
from pipeline.transform.disclosure import suppress
from pipeline.transform.findings import findings
from pipeline.transform.overlaps import disagreements
from pipeline.transform.reconcile import reconcile
from pipeline.transform.rag import apply_rag
from pipeline.transform.registry import SETTING, input_name
from pipeline.transform.year_data import YearData

POPULATION = "population.under_18"
TEXT_TABLES = ("iru.actions", "iru.plan")
MILESTONES = ("milestone_1", "milestone_2", "milestone_3")  # shown as one cell, a numbered line each
CHECKS = "checks"


@dataclass
class Transformed:
    indicators: pd.DataFrame  # what the report shows (suppressed when disclosure control is on)
    unsuppressed: pd.DataFrame
    warnings: Problems
    recomputed: list[int]  # years whose own indicators were computed afresh


def populations(published: pd.DataFrame, config: Config, years: list[int]) -> dict[int, float | None]:
    """The ONS estimate of the authority's 0-17s at mid-(year-1): DfE's denominator for year `year`."""
    a = config.authority
    rows = published[(published.indicator == POPULATION) & (published.level == "LA")
                     & ((published.old_la_code == a.old_la_code) | (published.new_code == a.new_la_code))]
    rows = rows.dropna(subset=["value"])
    first = rows.drop_duplicates("period").set_index("period").value
    return {year: float(first[str(year - 1)]) if str(year - 1) in first.index else None for year in years}


def local_rows(data: YearData, authority: str, indicators=None) -> pd.DataFrame:
    """Run the indicators (every one by default) whose tables the year has, completing their rows."""
    defaults = {"period": str(data.year.year), "area_type": "LA", "area": authority, "status": "",
                "numerator": np.nan, "denominator": np.nan}
    rows = [{**defaults, **row, "indicator": ind.id, "unit": ind.unit, "source": "local"}
            for ind in (REGISTRY.values() if indicators is None else indicators)
            if data.has(*ind.needs) and not data.unrecorded(ind.columns)
            for row in ind.func(data)]
    return table.conform(pd.DataFrame(rows)) if rows else table.empty()


def warn_unrecorded(data: YearData, indicators) -> None:
    """A warning for each optional input the year's records leave out, naming the measures it would add."""
    wanted: dict[str, list[str]] = {}
    for ind in indicators:
        if data.has(*(n for n in ind.needs if not _optional_sheet(n))):  # its workbook is there
            for column in data.unrecorded(ind.columns):
                wanted.setdefault(column, []).append(ind.title.lower())
    for column, titles in wanted.items():
        workbook, sheet, *name = column.split(".")
        setting = workbook == SETTING
        missing = "is not given" if setting else "is not recorded" if name else "sheet is not there"
        data.warnings.warn("config.yaml" if setting else f"{workbook}.xlsx", "" if setting else sheet,
                           column=sheet if setting else name[0] if name else "",
                           message=f"{missing}: the report leaves out {', '.join(dict.fromkeys(titles))}",
                           expected=f"{input_name(column)} to report {'them' if len(titles) > 1 else 'it'}")


def _optional_sheet(name: str) -> bool:
    workbook, sheet = name.split(".")
    return any(s.optional for w in WORKBOOKS if w.name == workbook for s in w.sheets if s.name == sheet)


def _by_workbooks() -> dict[str, tuple[tuple[str, ...], list]]:
    """The indicators by the workbooks they read (name -> workbooks, indicators): a fix to one workbook
    recomputes only its groups. CHECKS, the cross-workbook data-quality checks, is a group of its own."""
    groups: dict[str, tuple[tuple[str, ...], list]] = {CHECKS: (("chic", "iru"), [])}
    for ind in REGISTRY.values():
        workbooks = tuple(sorted({n.split(".")[0] for n in ind.needs}))
        groups.setdefault("+".join(workbooks), (workbooks, []))[1].append(ind)
    return groups


GROUPS = _by_workbooks()


def cross_checks(tables: dict[str, pd.DataFrame], problems: Problems) -> None:
    """Warnings a real extract often earns and the report survives: rows about children not in the header."""
    if "chic.header" not in tables:
        return
    known = set(tables["chic.header"].child)
    for name in ("chic.episodes", "chic.reviews", "iru.reviews"):
        if name in tables:
            frame = tables[name]
            workbook, sheet = name.split(".")
            for row in frame.loc[~frame.child.isin(known), "_row"]:
                problems.warn(f"{workbook}.xlsx", sheet, int(row), "CHILD", "no matching child in the header sheet")


def _group_key(extracted: Extracted, config: Config, year: int, workbooks: tuple[str, ...],
               pop: float | None, calendar_key: str) -> str:
    return manifest.text_hash(manifest.code_version(), pd.__version__, extracted.year_key(year, workbooks),
                              repr(pop), config.authority.name, json.dumps(config.localities, sort_keys=True),
                              calendar_key, json.dumps(settings(config, year), sort_keys=True),
                              str(year == config.year))


def settings(config: Config, year: int) -> dict:
    """What indicators measure against besides the records: the team's timescales, and (for the reporting year
    only: it is one census, not a series) the area's children by ethnic group."""
    return {**config.team, "population_by_ethnicity": config.population_by_ethnicity if year == config.year else None}


def calendar(cache: Path) -> np.ndarray:
    """England and Wales bank holidays, kept under the hash of the `holidays` package's rules for the UK:
    loading the package costs a fifth of a second, which a re-run after a fix need not pay."""
    rules = Path(importlib.util.find_spec("holidays").submodule_search_locations[0]) / "countries" / "united_kingdom.py"
    return memo(cache / "bank_holidays.pickle", {"days": manifest.file_hash(rules)},
                lambda ids: {"days": bank_holidays()})["days"]


def _compute(job: tuple) -> tuple[pd.DataFrame, list[Problem]]:
    """One year's rows and warnings from one group of workbooks (in a worker)."""
    extracted, config, year, group, pop, holidays = job
    problems = Problems()
    workbooks, indicators = GROUPS[group]
    tables = extracted.tables(year, workbooks)
    if group == CHECKS:
        cross_checks(tables, problems)
        rows = table.empty()
    else:
        data = YearData(ReportingYear(year), tables, pop, config.localities, problems, holidays, settings(config, year))
        rows = local_rows(data, config.authority.name, indicators)
        if year == config.year:  # earlier years' records may predate the column: no need to say so each year
            warn_unrecorded(data, indicators)
    return rows, extracted.located(in_folder(problems.warnings, str(year)))


def _published_key(extracted: Extracted) -> str:
    """What a step made from the published files alone depends on: they, and the code."""
    return manifest.text_hash(manifest.code_version(), pd.__version__, extracted.units.get(PUBLISHED, ""))


def own_years(extracted: Extracted, config: Config, cache: Path,
              pool=None) -> tuple[dict[int, tuple[pd.DataFrame, list[Problem]]], list[int]]:
    """Each year's own rows and warnings, group by group: kept from the last run where the group's workbooks
    are unchanged, else computed (in parallel). Returns them by year, and the years with anything recomputed.
    The populations are kept too, so that a run after a fix to a workbook never reads the published files."""
    years = extracted.years()
    pops = memo(cache / "populations.pickle",
                {"populations": manifest.text_hash(_published_key(extracted), repr(config.authority), repr(years))},
                lambda ids: {"populations": populations(extracted.published(), config, years)})["populations"]
    jobs = {f"{year}/{group}": (year, group) for year in extracted.years() for group, (workbooks, _) in GROUPS.items()
            if set(workbooks) <= extracted.workbooks(year)}
    holidays = calendar(cache)
    calendar_key = manifest.text_hash(holidays.tobytes().hex())
    keys = {id_: _group_key(extracted, config, year, GROUPS[group][0], pops[year], calendar_key)
            for id_, (year, group) in jobs.items()}
    recomputed: set[int] = set()

    def make(ids: list[str]) -> dict[str, tuple[pd.DataFrame, list[Problem]]]:
        recomputed.update(jobs[i][0] for i in ids)
        work = [(extracted, config, *jobs[i], pops[jobs[i][0]], holidays) for i in ids]
        return dict(zip(ids, parallel.run_all(_compute, work, lent=pool, progress="years' indicators computed")))

    parts: dict[int, list] = {}
    for id_, found in memo(cache / "own_years.pickle", keys, make).items():
        parts.setdefault(jobs[id_][0], []).append(found)
    out = {year: (pd.concat([rows for rows, _ in found], ignore_index=True),
                  [w for _, warnings in found for w in warnings]) for year, found in parts.items()}
    return out, sorted(recomputed)


def kept_rows(processed: Path, year: int) -> pd.DataFrame:
    """A year with no raw data: the authority's own rows kept from that year's run, if any."""
    path = processed / str(year) / "indicators_unsuppressed.csv"
    if not path.exists():
        return table.empty()
    old = table.read(path)
    return old[old.area_type.isin(["LA", "LOCALITY"]) & (old.period.map(table.year_of) == year)]


def _one_row_per_key(rows: pd.DataFrame) -> pd.DataFrame:
    """Where two years both give a month (the year's month ends start with the March before), keep the
    row of the year that month belongs to."""
    owner = rows.period.map(table.year_of) == rows["_year"]
    ordered = rows.assign(_owner=owner).sort_values("_owner", ascending=False, kind="stable")
    return ordered.drop_duplicates(table.SORT).drop(columns=["_owner", "_year"])


def comparators(extracted: Extracted, config: Config, cache: Path) -> pd.DataFrame:
    """The comparator rows, kept while the published files' content and the groups' members are unchanged."""
    periods = [str(y) for y in config.trend_years]
    groups = extracted.groups()
    key = manifest.text_hash(_published_key(extracted), json.dumps(groups), repr(config.authority), *periods)
    return memo(cache / "comparators.pickle", {"rows": key},
                lambda ids: {"rows": comparator_rows(extracted.published(), config.authority, groups,
                                                     periods)})["rows"]


def transform(extracted: Extracted, config: Config, cache: Path, pool=None) -> Transformed:
    """The year's indicator table: the authority's own rows for the five years, its comparators, RAG, and
    (if configured) disclosure control. Years are computed in `pool`'s workers, if lent one."""
    warnings = Problems(warnings=extracted.warnings())
    own, recomputed = own_years(extracted, config, cache, pool)
    parts = []
    for year in config.trend_years:
        if year in own:
            rows, year_warnings = own[year]
            warnings.warnings.extend(year_warnings)
            parts.append(rows.assign(_year=year))
        else:
            parts.append(kept_rows(config.processed, year).assign(_year=year))
    own_rows = pd.concat(parts, ignore_index=True)
    warnings.warnings.extend(disagreements(own_rows))
    own_rows = _one_row_per_key(own_rows)
    parts = [own_rows, comparators(extracted, config, cache)]
    combined = pd.concat([p for p in parts if len(p)], ignore_index=True)
    unsuppressed = apply_rag(table.conform(combined), config.targets)
    warnings.warnings.extend(reconcile(unsuppressed))
    shown = suppress(unsuppressed, config.suppression_max_count) if config.suppression_enabled else unsuppressed
    return Transformed(shown, unsuppressed, warnings, recomputed)


def text_tables(extracted: Extracted, year: int) -> dict[str, pd.DataFrame]:
    """The unit's own text tables (last year's actions, next year's plan), passed through for render."""
    out = {}
    for name in TEXT_TABLES:
        frame = extracted.table(year, name)
        if frame is not None:
            out[name.split(".")[1]] = frame.drop(columns="_row")
    if "plan" in out:
        plan = out["plan"]
        out["plan"] = plan.assign(milestones=["\n".join(f"{i}. {m}" for i, m in enumerate(row, 1)
                                                        if isinstance(m, str) and m.strip())
                                              for row in plan[list(MILESTONES)].itertuples(index=False)])
    return out


def comparator_groups(extracted: Extracted, cache: Path) -> pd.DataFrame:
    """The members of each comparator group, with their names, for the report's definitions: kept while the
    published files and the groups are unchanged."""
    groups = extracted.groups()
    key = manifest.text_hash(_published_key(extracted), json.dumps(groups))
    return memo(cache / "comparator_groups.pickle", {"rows": key},
                lambda ids: {"rows": _named_members(extracted.published(), groups)})["rows"]


def _named_members(published: pd.DataFrame, groups: dict[str, list[int]]) -> pd.DataFrame:
    from pipeline.extract.published import area_lookup

    names = area_lookup(published).set_index("old_la_code").name
    rows = [{"group": group, "old_la_code": code, "name": names.get(code, str(code))}
            for group, codes in groups.items() for code in codes]
    return pd.DataFrame(rows, columns=["group", "old_la_code", "name"])


def _atomic_csv(frame: pd.DataFrame, path: Path) -> None:
    write_atomically(path, lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))


def pass_commentary(commentary: dict[str, pd.DataFrame], folder: Path) -> None:
    """The manager's commentary, passed through to render as read."""
    for name, frame in commentary.items():
        write_atomically(folder / "commentary" / f"{name}.parquet", lambda tmp, f=frame: f.to_parquet(tmp, index=False))


def write(result: Transformed, texts: dict[str, pd.DataFrame], year: int, folder: Path,
          targets: dict | None = None, groups: pd.DataFrame | None = None) -> None:
    """What render reads: the indicator table (and its unsuppressed twin), changes, findings, warnings, texts
    and the comparator groups' members."""
    table.write(result.indicators, folder / "indicators.csv")
    twin = folder / "indicators_unsuppressed.csv"
    if result.unsuppressed is result.indicators:  # disclosure control is off: the same table, so the same bytes
        write_atomically(twin, lambda tmp: shutil.copyfile(folder / "indicators.csv", tmp))
    else:
        table.write(result.unsuppressed, twin)
    changes = year_on_year(result.indicators, year)
    _atomic_csv(changes, folder / "changes.csv")
    _atomic_csv(findings(result.indicators, changes, year, targets or {}), folder / "findings.csv")
    unique = sorted({str(w): w for w in result.warnings.warnings}.items(), key=lambda item: order(item[1]))
    fields = ["file", "sheet", "row", "column", "message"]
    _atomic_csv(pd.DataFrame([{"text": text, **{f: getattr(w, f) for f in fields}} for text, w in unique],
                             columns=["text", *fields]), folder / "warnings.csv")
    for name, frame in texts.items():
        _atomic_csv(frame, folder / "text" / f"{name}.csv")
    if groups is not None:
        _atomic_csv(groups, folder / "comparator_groups.csv")
