"""The extract stage: validate each workbook and the published files, then write typed tables.

Work is done in units (one workbook of one year, or the published files), each cached by the hash of
its content, the code and the settings that shape it: a re-run re-reads only what changed. Every
changed unit is read and checked before anything is written, so bad input leaves no partial output.
"""
from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pandas as pd

from pipeline import manifest, parallel
from pipeline.config import Config
from pipeline.files import cached_key, commit_folder, discard_folder, outermost_missing, stage_folder
from pipeline.extract import published as pub
from pipeline.extract import commentary_file
from pipeline.extract.commentary import read_commentary
from pipeline.extract.schema import WORKBOOKS, Workbook
from pipeline.extract.returns_layout import ORIGINS
from pipeline.extract.shown_titles import shown_titles
from pipeline.extract.sources import read_year_workbook
from pipeline.extract.year_check import check_year
from pipeline.problems import Problem, Problems, in_folder

PUBLISHED = "published"
COMMENTARY = "commentary"
TAGGED = ("actions", "plan")  # iru sheets whose text may hold tags: every text cell is filled, so checked


@dataclass(frozen=True)
class Unit:
    """One cacheable piece of input: `2025/chic` (a workbook of a year) or `published`, and its key."""

    name: str
    key: str
    required: bool = True

    @property
    def year(self) -> int:
        return int(self.name.split("/")[0])

    @property
    def workbook(self) -> Workbook:
        return next(wb for wb in WORKBOOKS if wb.name == self.name.split("/")[1])


def _workbook_unit(config: Config, year: int, workbook: Workbook, required: bool) -> Unit | None:
    files = manifest.workbook_files(config.raw_year(year)).get(workbook.name, [])
    if not files and not required:
        return None
    key = manifest.text_hash(manifest.code_version(), str(year), json.dumps(config.localities, sort_keys=True),
                             *(manifest.file_hash(p) for p in files))
    return Unit(f"{year}/{workbook.name}", key, required)


def _published_unit(config: Config) -> Unit:
    settings = json.dumps([config.authority.old_la_code, config.statistical_neighbours, config.good_authorities])
    return Unit(PUBLISHED, manifest.text_hash(published_key(config.published), settings))


def _commentary_unit(config: Config) -> Unit:
    """The manager's commentary for the reporting year (optional: without it, every slot is empty)."""
    files = commentary_file.found(config.raw_year(config.year))
    found = [f"{p.name}:{manifest.file_hash(p)}" for p in files] or [
        f"none, but for {commentary_file.years_with(config.raw, config.year)}"]
    return Unit(f"{config.year}/{COMMENTARY}", manifest.text_hash(manifest.code_version(),
                                                                   manifest.file_hash(config.template), *found))


def _read_commentary(config: Config, year: int) -> tuple[dict[str, pd.DataFrame], Problems]:
    """The year's commentary however it was saved (converted to .docx first if need be). Without one, every
    slot is empty and one warning says so, naming any other year that has one."""
    files, problems = commentary_file.found(config.raw_year(year)), Problems()
    if len(files) > 1:
        problems.error(f"{year}/{files[1].name}", message=f"is a second commentary for {year}, beside {files[0].name}",
                       expected="one commentary file: move the other away")
        return {}, problems
    if not files:
        problems.warn(f"{year}/{commentary_file.NAMES[0]}", message=commentary_file.missing_message(
            year, commentary_file.years_with(config.raw, year)))
        return read_commentary(config.raw_year(year) / commentary_file.NAMES[0], Problems()), problems
    name = f"{year}/{files[0].name}"
    with tempfile.TemporaryDirectory() as work:
        try:
            docx = commentary_file.as_docx(files[0], Path(work))
        except commentary_file.Unreadable as exc:
            problems.error(name, message=str(exc))
            return {}, problems
        found = Problems()
        tables = read_commentary(docx, found, shown_titles(config.template))
    problems.errors += [replace(p, file=name) for p in found.errors]
    problems.warnings += [replace(p, file=name) for p in found.warnings]
    return tables, problems


def tag_problems_in(tables: dict[str, pd.DataFrame], problems: Problems) -> None:
    """Tags typed into the iru workbook's text are checked as the commentary's are."""
    from pipeline.extract.tags import tag_problems

    for sheet in TAGGED:
        frame = tables.get(sheet)
        if frame is None:
            continue
        for column in [c for c in frame.columns if c != "_row"]:
            for row, text in zip(frame["_row"], frame[column]):
                for message in tag_problems(text if isinstance(text, str) else ""):
                    problems.error("iru.xlsx", sheet, int(row), column.upper(), message)


def _read_unit(job: tuple[Config, Unit, Path]) -> Problems:
    """Read and validate one unit and, if it has no error, stage its typed tables beside `target` (in a
    worker, so that the tables never travel back to the main process). Returns its problems."""
    config, unit, target = job
    problems = Problems()
    if unit.name == PUBLISHED:
        published, extra = extract_published(config, problems)
        tables = {"published": published}
    elif unit.name.endswith(f"/{COMMENTARY}"):
        tables, found = _read_commentary(config, unit.year)
        # unwritten sections are the manager's to-do list, said on each run, not data-quality warnings
        extra = {"notes": [asdict(w) for w in found.warnings]}
        problems = Problems(found.errors)
    else:
        tables = read_year_workbook(config.raw_year(unit.year), unit.workbook, unit.year, config.localities, problems,
                                    required=unit.required) or {}
        if unit.workbook.name == "iru":
            tag_problems_in(tables, problems)
        check_year(tables, unit.workbook, unit.year, problems)
        extra, year = {}, str(unit.year)
        problems = Problems(in_folder(problems.errors, year), in_folder(problems.warnings, year))
    if not problems.errors:
        stage_folder(target, lambda folder: _fill(folder, tables, {**extra, "warnings": [
            asdict(w) for w in problems.warnings]}))
    return problems


def _fill(folder: Path, tables: dict[str, pd.DataFrame], extra: dict) -> None:
    for name, frame in tables.items():
        if name == ORIGINS:  # not a sheet: where a return's rows came from
            frame.to_feather(folder / f"{ORIGINS}.feather")
        else:
            frame.to_parquet(folder / f"{name}.parquet", index=False)
    (folder / "extra.json").write_text(json.dumps(extra, indent=1, sort_keys=True))


def plan(config: Config) -> list[Unit]:
    """The units a report for the configured year needs: four workbooks of the year (required), those of
    the four years before where present, and the published files."""
    units = []
    for year in config.trend_years:
        required = year == config.year
        if required or config.raw_year(year).is_dir():
            units += [u for wb in WORKBOOKS if (u := _workbook_unit(config, year, wb, required))]
    return units + [_commentary_unit(config), _published_unit(config)]


def extract_published(config: Config, problems: Problems) -> tuple[pd.DataFrame, dict[str, list[int]]]:
    """The published comparator files, and the member lists of the comparator groups."""
    folder = config.published
    if not folder.is_dir():
        problems.warn("published", message="folder is missing: no comparators or rates",
                      expected=f"DfE and ONS files in {folder}")
        return pd.DataFrame(columns=pub.PUBLISHED_COLUMNS), {"statistical_neighbours": [], "good_authorities": []}
    published = read_published_once(folder, problems)
    pub.report_absent(folder, published, problems)
    groups = {
        "statistical_neighbours": _group(config.statistical_neighbours, folder, problems,
                                         lambda p: pub.read_statistical_neighbours(p, config.authority.old_la_code)),
        "good_authorities": _group(config.good_authorities, folder, problems,
                                   lambda p: _old_codes(pub.read_good_authorities(p), published)),
    }
    return published, groups


_READ: dict[str, tuple[pd.DataFrame, list[Problem], list[Problem]]] = {}


def published_key(folder: Path) -> str:
    """The content of a folder of published files (and the code that reads them)."""
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    return manifest.text_hash(manifest.code_version(), *(f"{p.name}:{manifest.file_hash(p)}" for p in files))


def read_published_once(folder: Path, problems: Problems) -> pd.DataFrame:
    """The published files of a folder, read once per process (and, in a batch, once before the
    authorities' processes fork): files with the same content are the same table."""
    key = published_key(folder)
    if key not in _READ:
        mine = Problems()
        _READ[key] = (pub.read_published(folder, mine), mine.errors, mine.warnings)
    published, errors, warnings = _READ[key]
    problems.errors.extend(errors)
    problems.warnings.extend(warnings)
    return published


def _group(setting, folder: Path, problems: Problems, read) -> list[int]:
    if not isinstance(setting, str):
        return list(setting)
    path = folder / setting
    if not path.exists():
        problems.warn(setting, message="comparator file is missing: that comparator is left out",
                      expected=f"the file in {folder}")
        return []
    try:
        return read(path)
    except (KeyError, ValueError) as exc:
        problems.error(setting, message=f"cannot be read: {exc}")
        return []


def _old_codes(new_codes: list[str], published: pd.DataFrame) -> list[int]:
    lookup = pub.area_lookup(published)
    mapped = lookup[lookup.new_code.isin(new_codes)].old_la_code.dropna()
    return sorted(int(c) for c in mapped.unique())


# --- running the stage -----------------------------------------------------------------------------
def extract(config: Config, folder: Path, pool=None) -> tuple["Extracted", list[str]]:
    """Bring every unit under `folder` up to date (reading in `pool`'s workers, if lent one). Returns what
    transform will read and the names of the units re-read; raises InputError, having changed nothing, if
    any changed unit has a problem: the units are staged, and put in place only once all are valid."""
    units = plan(config)
    stale = [u for u in units if cached_key(folder / u.name) != u.key]
    stale.sort(key=lambda u: u.name != PUBLISHED)  # the longest read first, so the cores finish together
    new = outermost_missing(folder)
    problems = Problems()
    try:
        for mine in parallel.run_all(_read_unit, [(config, u, folder / u.name) for u in stale], lent=pool,
                                     progress="inputs read"):
            problems.extend(mine)
        problems.raise_if_any()
    except BaseException:  # bad input, a fault or Ctrl-C: nothing staged is kept
        for unit in stale:
            discard_folder(folder / unit.name)
        for year_folder in {(folder / u.name).parent for u in stale} - {folder}:
            with contextlib.suppress(OSError):  # made for this run's staged copies alone: removed if left empty
                year_folder.rmdir()
        if new:  # a first run on bad input leaves no trace
            shutil.rmtree(new, ignore_errors=True)
        raise
    for unit in stale:
        commit_folder(folder / unit.name, unit.key)
    _remove_others(folder, {u.name for u in units})
    return Extracted(folder, {u.name: u.key for u in units}), [u.name for u in stale]


def _remove_others(folder: Path, keep: set[str]) -> None:
    """Units no longer part of the run (a year moved out of the trend, the demo data removed) are removed:
    all found first, then deleted, as a folder deleted mid-walk would stop the walk."""
    if not folder.is_dir():
        return
    others = [k.parent for k in folder.rglob("key") if k.parent.relative_to(folder).as_posix() not in keep]
    for unit in others:
        shutil.rmtree(unit, ignore_errors=True)


# --- what transform reads ------------------------------------------------------------------------
@dataclass
class Extracted:
    """The extract stage's output as transform sees it: read from disk, a year at a time."""

    folder: Path
    units: dict[str, str]  # unit name -> key

    def years(self) -> list[int]:
        return sorted({int(name.split("/")[0]) for name in self.units if name != PUBLISHED})

    def workbooks(self, year: int) -> set[str]:
        return {n.split("/")[1] for n in self.units if n.startswith(f"{year}/")}

    def year_key(self, year: int, workbooks: tuple[str, ...]) -> str:
        """What a year's figures from these workbooks depend on: the workbooks' contents."""
        return manifest.text_hash(*(f"{year}/{w}={self.units[f'{year}/{w}']}" for w in sorted(workbooks)))

    def tables(self, year: int, workbooks: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
        """The typed sheets of the year (of the given workbooks only, if named), named like `chic.episodes`."""
        out = {}
        for name in sorted(n for n in self.units if n.startswith(f"{year}/")):
            workbook = name.split("/")[1]
            if workbooks is not None and workbook not in workbooks:
                continue
            for path in sorted((self.folder / name).glob("*.parquet")):
                out[f"{workbook}.{path.stem}"] = pd.read_parquet(path)
        return out

    def table(self, year: int, name: str) -> pd.DataFrame | None:
        """One typed sheet (`iru.actions`), or None if the year has no such workbook."""
        workbook, sheet = name.split(".")
        path = self.folder / str(year) / workbook / f"{sheet}.parquet"
        return pd.read_parquet(path) if path.exists() else None

    def commentary(self, year: int) -> dict[str, pd.DataFrame]:
        """The commentary's typed tables (`slots`, `links`) for the year, if it was read."""
        folder = self.folder / str(year) / COMMENTARY
        return {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}

    def commentary_notes(self, year: int) -> list[Problem]:
        """What the commentary still lacks (its unwritten sections)."""
        name = f"{year}/{COMMENTARY}"
        return [Problem(**w) for w in self.extra(name).get("notes", [])] if name in self.units else []

    def data_units(self) -> dict[str, str]:
        """The units the indicators are computed from: all but the commentary, which only render reads."""
        return {name: key for name, key in self.units.items() if not name.endswith(f"/{COMMENTARY}")}

    def published(self) -> pd.DataFrame:
        path = self.folder / PUBLISHED / "published.parquet"
        return pd.read_parquet(path) if path.exists() else pd.DataFrame(columns=pub.PUBLISHED_COLUMNS)

    def extra(self, name: str) -> dict:
        return json.loads((self.folder / name / "extra.json").read_text())

    def located(self, warnings: list[Problem]) -> list[Problem]:
        """Warnings about a typed row (`2025/cp.xlsx › conferences › row 9`), named where the row came from when
        a DfE return gave it (`2025/cin_census.xml › Child 4 (LAchildID X) › CINdetails 1 › Section47 1`)."""
        origins: dict[str, dict] = {}
        out = []
        for p in warnings:
            unit = p.file.removesuffix(".xlsx")
            path = self.folder / unit / f"{ORIGINS}.feather"
            if p.row is None or unit not in self.units or not path.exists():
                out.append(p)
                continue
            if unit not in origins:
                frame = pd.read_feather(path)
                origins[unit] = dict(zip(zip(frame["sheet"], frame["_row"]), zip(frame["file"], frame["at"])))
            file, at = origins[unit].get((p.sheet, p.row), (None, ""))
            year = unit.split("/")[0]
            out.append(p if file is None else replace(p, file=f"{year}/{file}", sheet=at or p.sheet,
                                                      row=None if at else p.row))
        return out

    def groups(self) -> dict[str, list[int]]:
        extra = self.extra(PUBLISHED)
        return {k: extra.get(k, []) for k in ("statistical_neighbours", "good_authorities")}

    def warnings(self) -> list[Problem]:
        return [Problem(**w) for name in sorted(self.units) for w in self.extra(name).get("warnings", [])]

    def sheet_hashes(self) -> dict[str, str]:
        return {f"{name}/{p.stem}": manifest.file_hash(p) for name in sorted(self.units)
                for p in sorted((self.folder / name).glob("*.parquet"))}

