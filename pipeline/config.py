"""Load and validate `config.yaml` into one typed object.

The accepted keys are declared once, as data (`SCHEMA`); an unknown key, a missing key or a
value of the wrong type is reported with the key's full path and the nearest valid key.
Paths in the file are relative to the file itself.
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
import zipfile
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import yaml

from pipeline.extract.archive import archive_problem
from pipeline.problems import InputError, Problem

PACKAGE_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "annual_report.docx"


# --- the schema, as data --------------------------------------------------------------------
@dataclass(frozen=True)
class Opt:
    """An optional key, with the value it takes when absent."""

    spec: Any
    default: Any = None


@dataclass(frozen=True)
class MapOf:
    """A mapping whose keys the user chooses (localities, targets)."""

    value: Any


@dataclass(frozen=True)
class ListOf:
    item: Any


@dataclass(frozen=True)
class OneOf:
    options: tuple
    describe: str


NUMBER = (int, float)
POPULATION_GROUPS = ("white", "mixed", "asian", "black", "other")  # DfE's five ethnic groups, not known aside
STATUSES = ("DRAFT", "FINAL")
GROUP = OneOf((ListOf(int), {"file": str}), "a list of old LA codes or {file: NAME}")
TARGET = OneOf(
    (
        {"green_at": NUMBER, "amber_at": NUMBER, "higher_is_better": bool},
        {"compare_to": str, "amber_within_pct": NUMBER, "higher_is_better": bool},
    ),
    "{green_at, amber_at, higher_is_better} or {compare_to, amber_within_pct, higher_is_better}",
)

# What the covering report says where config.yaml is silent (publication.*).
COVERING = {"committee": "Corporate Parenting Board",
            "recommendation": "That the board notes the report, and the development plan for the year ahead in part 6.",
            "cabinet_member": "[to be added]", "electoral_divisions": "All", "background_papers": "None"}
COVERING_PURPOSE = ("To present the annual report of the Independent Reviewing Unit for {year}, which the IRO Handbook "
                    "requires, so that the board can scrutinise the service's work for children in care, children on "
                    "child protection plans and the management of allegations.")

SCHEMA = {
    "authority": {"name": str, "old_la_code": int, "new_la_code": str, "region": str},
    "year": int,
    "paths": {
        "raw": str,
        "processed": str,
        "figures": str,
        "output": str,
        "template": Opt(str),
    },
    "localities": Opt(MapOf(int), {}),
    # instead of typed populations: ONS's small-area estimates summed over a lookup of areas to localities
    "locality_populations": Opt({"file": str, "lookup": str}),
    # the area's children aged 0-17 by DfE's ethnic groups (2021 Census): what the children's ethnicity is set against
    "population_by_ethnicity": Opt({"source": str, **{group: int for group in POPULATION_GROUPS}}),
    "comparators": {
        "statistical_neighbours": Opt(GROUP, []),
        "good_authorities": Opt(GROUP, []),
    },
    "targets": Opt(MapOf(TARGET), {}),
    "suppression": Opt({"enabled": bool, "max_count": Opt(int, 5)}, {"enabled": False, "max_count": 5}),
    "team": Opt(
        {
            "iro_caseload_target": Opt(NUMBER, 60),
            "iro_handbook_range": Opt(ListOf(NUMBER), [50, 70]),
            "isro_caseload_target": Opt(NUMBER, 60),
            "escalation_timescale_days": Opt(int, 20),
            "record_issued_days": Opt(int, 20),
        },
        {"iro_caseload_target": 60, "iro_handbook_range": [50, 70], "isro_caseload_target": 60,
         "escalation_timescale_days": 20, "record_issued_days": 20},
    ),
    # The cover: what a reader needs to cite and query the report. `status` prints on the cover and every page.
    "publication": Opt(
        {
            "title": Opt(str),  # default: "<authority> Independent Reviewing Unit annual report"
            "published": Opt(dt.date),  # the date of publication, YYYY-MM-DD; absent: "not yet published"
            "author": Opt(str, "Independent Reviewing Unit"),
            "contact": Opt(str, "[contact to be added]"),  # an email address or telephone number
            "status": Opt(str, "DRAFT"),  # DRAFT or FINAL
            "version": Opt(OneOf((str, NUMBER), "text or a number such as 1.0"), "1.0"),
            # The covering report to the committee, on the page after the cover (issue 23)
            "committee": Opt(str, COVERING["committee"]),
            "report_of": Opt(str),  # default: the author
            "purpose": Opt(str),  # default: COVERING_PURPOSE, for the year
            "recommendation": Opt(str, COVERING["recommendation"]),
            "cabinet_member": Opt(str, COVERING["cabinet_member"]),
            "enquiries": Opt(str),  # default: the contact
            "electoral_divisions": Opt(str, COVERING["electoral_divisions"]),
            "background_papers": Opt(str, COVERING["background_papers"]),
            "accessibility_contact": Opt(str),  # default: contact
            "accessibility_tested": Opt(dt.date),  # when a person last tested the web edition
            "accessibility_issues": Opt(ListOf(str), []),  # what is known not to meet WCAG 2.2 AA
        },
        {"title": None, "published": None, "author": "Independent Reviewing Unit",
         "contact": "[contact to be added]", "status": "DRAFT", "version": "1.0", **COVERING,
         "accessibility_contact": None, "accessibility_tested": None, "accessibility_issues": []},
    ),
}

# One line for each key, for docs/config.md (generated; a test fails if a key of SCHEMA has none).
DESCRIPTIONS = {
    "authority": "Who the report is for.",
    "authority.name": "The authority's name as the report prints it.",
    "authority.old_la_code": "DfE's three-digit local authority code (999 is the demo authority, Demoshire).",
    "authority.new_la_code": "ONS's nine-character code (E06…, E08…, E09…, E10…).",
    "authority.region": "The region as DfE names it, for the regional comparator.",
    "year": "The reporting year, named by the year it ends (2025: 1 April 2024 to 31 March 2025); --year "
            "overrides it.",
    "paths": "Where things are, relative to config.yaml.",
    "paths.raw": "The inputs: <raw>/<year>/{chic,iru,cp,lado}.xlsx and <raw>/published/.",
    "paths.processed": "What the pipeline keeps between runs (safe to delete).",
    "paths.figures": "The figures drawn, as PNG.",
    "paths.output": "The report, the spreadsheet and the change lists.",
    "paths.template": "A Word template of your own (default: the project's templates/annual_report.docx).",
    "localities": "The authority's localities, each with its population aged 0 to 17 (names as the workbooks' "
                  "LOCALITY columns give them): ONS's mid-year estimates for small areas (LSOAs), summed over "
                  "the locality's areas, for mid-(year - 1). Required unless locality_populations is given.",
    "locality_populations": "Instead of typing the populations under localities: ONS's small-area population "
                            "file and a lookup of its areas to localities, both in published/; the localities "
                            "are the lookup's, each the sum of its areas' ages 0 to 17.",
    "locality_populations.file": "ONS's lower layer super output area (LSOA) mid-year population estimates by "
                                 "single year of age (CSV or .xlsx), for mid-(year - 1): mid-2024 for 2025.",
    "locality_populations.lookup": "A CSV or .xlsx with columns AREA_CODE (the ONS file's area codes) and "
                                   "LOCALITY (the name the workbooks' LOCALITY columns use).",
    "population_by_ethnicity": "The area's children aged 0 to 17 by DfE's five ethnic groups (counts), for setting the "
                               "ethnicity of children in care and on plans beside them; ONS's mid-year estimates have "
                               "none, so from the 2021 Census (Nomis table RM032, ethnic group by age, ages 0 to 17 "
                               "summed). Absent: the report says the comparison is not recorded.",
    "population_by_ethnicity.source": "Where the counts come from, as the report cites it (for example \"ONS, Census "
                                      "2021, table RM032\").",
    "population_by_ethnicity.white": "Children aged 0 to 17 of white ethnicity.",
    "population_by_ethnicity.mixed": "Children aged 0 to 17 of mixed or multiple ethnicity.",
    "population_by_ethnicity.asian": "Children aged 0 to 17 of Asian or Asian British ethnicity.",
    "population_by_ethnicity.black": "Children aged 0 to 17 of black, black British, Caribbean or African ethnicity.",
    "population_by_ethnicity.other": "Children aged 0 to 17 of other ethnicity.",
    "comparators": "The comparator groups besides England and the region.",
    "comparators.statistical_neighbours": "A list of old LA codes, or {file: NAME} of DfE's statistical "
                                          "neighbour groupings in published/.",
    "comparators.good_authorities": "A list of old LA codes, or {file: NAME} of Ofsted's outcomes .ods in "
                                    "published/ (authorities judged Good or better).",
    "targets": "RAG targets by indicator id (or id:breakdown): {green_at, amber_at, higher_is_better} or "
               "{compare_to, amber_within_pct, higher_is_better}.",
    "suppression": "Disclosure control of small numbers.",
    "suppression.enabled": "Suppress small numbers (for a report published outside the authority).",
    "suppression.max_count": "The largest count suppressed.",
    "team": "The unit's own targets, quoted by the report.",
    "team.iro_caseload_target": "Children in care per full-time IRO the unit aims for.",
    "team.iro_handbook_range": "The IRO Handbook's range of caseloads per full-time IRO, [low, high].",
    "team.isro_caseload_target": "Children on plans per full-time ISRO the unit aims for.",
    "team.escalation_timescale_days": "The local dispute-resolution protocol's timescale, in working days, for "
                                      "an escalation to be resolved and new actions agreed (default 20).",
    "team.record_issued_days": "Working days after a review within which its record is to be issued (default 20).",
    "publication": "What the cover and the spreadsheet's cover say about the publication.",
    "publication.title": "The report's title on its cover.",
    "publication.published": "The date of publication, YYYY-MM-DD (absent: not yet published).",
    "publication.author": "Who wrote the report (the unit or its manager).",
    "publication.contact": "Who readers contact with questions (an email address or team).",
    "publication.status": "DRAFT or FINAL: printed on the cover and in every page header.",
    "publication.version": "The document's version, as the cover prints it.",
    "publication.committee": "The committee or board the covering report is to (default: Corporate Parenting Board).",
    "publication.report_of": "Whose report it is, as the covering report names them (default: the author).",
    "publication.purpose": "The report's purpose, as the covering report opens (default: a sentence naming the IRO "
                           "Handbook's requirement and the year).",
    "publication.recommendation": "What the committee is asked to do (default: note the report and the plan).",
    "publication.cabinet_member": "The cabinet member responsible for children's services.",
    "publication.enquiries": "The contact for enquiries: name, post, email and telephone (default: the contact).",
    "publication.electoral_divisions": "The electoral divisions the report concerns (default: All).",
    "publication.background_papers": "The background papers, under the Local Government Act 1972 (default: None).",
    "publication.accessibility_contact": "Who readers contact about the web edition's accessibility or another "
                                         "format (default: contact).",
    "publication.accessibility_tested": "When a person last tested the web edition's accessibility, YYYY-MM-DD, for "
                                        "its accessibility statement (absent: not yet tested by a person).",
    "publication.accessibility_issues": "What is known not to meet WCAG 2.2 AA, one line each, for the accessibility "
                                        "statement (empty: fully compliant as far as is known).",
}


def keys(spec=None, path: str = "") -> list[tuple[str, Any]]:
    """Every key of the schema, by its full path, with its spec, in the order declared."""
    spec = SCHEMA if spec is None else spec
    spec = spec.spec if isinstance(spec, Opt) else spec
    if not isinstance(spec, dict):
        return []
    return [item for key, sub in spec.items() for item in [(_join(path, key), sub), *keys(sub, _join(path, key))]]


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", NUMBER: "a number",
               dt.date: "a date written YYYY-MM-DD"}


def type_name(spec) -> str:
    if isinstance(spec, Opt):
        return type_name(spec.spec)
    if isinstance(spec, dict):
        return "a mapping with keys " + ", ".join(spec)
    if isinstance(spec, MapOf):
        return f"a mapping of names to {type_name(spec.value)}"
    if isinstance(spec, ListOf):
        return f"a list of {type_name(spec.item)}"
    if isinstance(spec, OneOf):
        return spec.describe
    return _TYPE_NAMES[spec]


def _check(value, spec, path: str, errors: list[str]):
    """Return the value with defaults filled in, appending `path: message` strings to errors."""
    if isinstance(spec, Opt):
        spec = spec.spec
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            errors.append(f"{path}: is {value!r} (expected {type_name(spec)})")
            return None
        out = {}
        for key in value:
            if key not in spec:
                near = difflib.get_close_matches(str(key), list(spec), n=1, cutoff=0.5)
                hint = f"did you mean '{near[0]}'?" if near else "valid keys: " + ", ".join(spec)
                errors.append(f"{_join(path, key)}: unknown key ({hint})")
        for key, sub in spec.items():
            if key in value and value[key] is not None:
                out[key] = _check(value[key], sub, _join(path, key), errors)
            elif isinstance(sub, Opt):
                out[key] = sub.default
            else:
                errors.append(f"{_join(path, key)}: missing (expected {type_name(sub)})")
        return out
    if isinstance(spec, MapOf):
        if not isinstance(value, dict):
            errors.append(f"{path}: is {value!r} (expected {type_name(spec)})")
            return {}
        return {str(k): _check(v, spec.value, _join(path, k), errors) for k, v in value.items()}
    if isinstance(spec, ListOf):
        if not isinstance(value, list):
            errors.append(f"{path}: is {value!r} (expected {type_name(spec)})")
            return []
        return [_check(v, spec.item, f"{path}[{i}]", errors) for i, v in enumerate(value)]
    if isinstance(spec, OneOf):
        for option in spec.options:
            trial: list[str] = []
            checked = _check(value, option, path, trial)
            if not trial:
                return checked
        if isinstance(value, dict):  # report against the option sharing most keys
            best = max((o for o in spec.options if isinstance(o, dict)), key=lambda o: len(set(o) & set(value)))
            return _check(value, best, path, errors)
        errors.append(f"{path}: is {value!r} (expected {spec.describe})")
        return None
    ok = isinstance(value, spec) and not (isinstance(value, bool) and spec is not bool)
    if not ok:
        errors.append(f"{path}: is {value!r} (expected {type_name(spec)})")
    return value


def _join(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)


# --- values: beyond its type, each number must be one a real authority could have -----------------
LIMITS = {  # key (`*` for any name or position) -> (lowest, highest)
    "year": (2000, 2100),
    "authority.old_la_code": (100, 999),
    "localities.*": (1, 5_000_000),  # children aged 0-17: England's largest authority has under 400,000
    "population_by_ethnicity.*": (0, 5_000_000),
    "suppression.max_count": (0, 100),
    "team.iro_caseload_target": (1, 1000),
    "team.isro_caseload_target": (1, 1000),
    "team.iro_handbook_range.*": (1, 1000),
    "team.escalation_timescale_days": (1, 250),
    "team.record_issued_days": (1, 250),
}
PAIRS = ("team.iro_handbook_range",)  # [low, high]
LENGTHS = {  # key -> most characters: the cover's lines, and Word's document properties (255 at most)
    "authority.name": 100,  # England's longest is 36 ("Bath and North East Somerset Council")
    "authority.region": 100,
    "publication.*": 255,
    "population_by_ethnicity.source": 255,
}


def _leaves(value, path: str = ""):
    """Every (key, value) below `value`, list items keyed by their position."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _leaves(sub, _join(path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _leaves(sub, _join(path, i))
    else:
        yield path, value


def _check_values(data: dict, errors: list[str]) -> None:
    """Numbers that are not finite or outside their key's range, [low, high] pairs that are not, and text
    longer than its key allows."""
    for key, value in _leaves(data):
        longest = next((n for pattern, n in LENGTHS.items() if fnmatchcase(key, pattern)), None)
        if isinstance(value, str) and longest and len(value) > longest:
            errors.append(f"{key}: is {len(value):,} characters long, \"{value[:40]}…\" (expected at most {longest})")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if not math.isfinite(value):
            errors.append(f"{key}: is {value!r} (expected a finite number)")
            continue
        limits = next((lim for pattern, lim in LIMITS.items() if fnmatchcase(key, pattern)), None)
        if limits and not limits[0] <= value <= limits[1]:
            errors.append(f"{key}: {value!r} is out of range (expected {limits[0]:,} to {limits[1]:,})")
    for key in PAIRS:
        group, name = key.split(".")
        pair = (data.get(group) or {}).get(name)
        if isinstance(pair, list) and (len(pair) != 2 or all(isinstance(v, (int, float)) for v in pair)
                                       and pair[0] > pair[1]):
            errors.append(f"{key}: is {pair!r} (expected two numbers, [low, high], low first)")


def _check_localities(data: dict, errors: list[str]) -> None:
    """The localities' populations are typed under `localities` or read by `locality_populations`: one of the two."""
    if data.get("localities") and data.get("locality_populations"):
        errors.append("locality_populations: is given as well as the populations under localities (expected one "
                      "of the two: remove the numbers, or this key)")
    elif not data.get("localities") and not data.get("locality_populations"):
        errors.append(f"localities: missing (expected {type_name(SCHEMA['localities'])}, or locality_populations: "
                      "{file: ONS small-area estimates, lookup: areas to localities})")


def _from_ons(folder: Path, files: dict) -> tuple[dict[str, int], list[Problem]]:
    from pipeline.extract.localities import locality_populations

    found, problems = locality_populations(folder / files["file"], folder / files["lookup"])
    bad = {name: n for name, n in found.items() if not LIMITS["localities.*"][0] <= n <= LIMITS["localities.*"][1]}
    problems += [Problem(files["lookup"], column="LOCALITY", message=f"{name}'s areas hold {n:,} children aged 0 to "
                         "17 in the ONS file", expected="at least one child: does the lookup name its areas?")
                 for name, n in bad.items()]
    return found, problems


def _check_population_by_ethnicity(data: dict, errors: list[str]) -> None:
    """Counts of which at least one is a child: all five at 0 is a table not filled in."""
    counts = data.get("population_by_ethnicity")
    if isinstance(counts, dict) and all(isinstance(counts.get(g), int) for g in POPULATION_GROUPS) \
            and not sum(counts[g] for g in POPULATION_GROUPS):
        errors.append("population_by_ethnicity: counts no children (expected the area's children aged 0 to 17 in "
                      "each ethnic group, from the 2021 Census)")


# --- paths: nothing is ever written in the raw folder ------------------------------------------------
WRITTEN = ("processed", "figures", "output")


def _check_paths(base: Path, paths: dict, errors: list[str]) -> None:
    """Every folder the pipeline writes must lie outside the raw folder, and not hold it (symlinks followed)."""
    raw = (base / paths["raw"]).resolve()
    for key in WRITTEN:
        folder = (base / paths[key]).resolve()
        if folder == raw or raw in folder.parents:
            where = "is" if folder == raw else "is inside"
        elif folder in raw.parents:
            where = "holds"
        else:
            continue
        errors.append(f"paths.{key}: {paths[key]!r} {where} paths.raw ({paths['raw']!r}): the analyst's files "
                      f"there must never be written (expected a folder outside paths.raw, such as {key!r})")


def template_problems(template: Path) -> list[Problem]:
    """A template that is missing or not a Word document, found before any work is done."""
    expected = "a Word document (.docx), such as templates/annual_report.docx"
    if not template.is_file():
        return [Problem(template.name, message=f"template not found at {template}", expected=expected)]
    try:
        with zipfile.ZipFile(template) as docx:
            names = set(docx.namelist())
    except (OSError, zipfile.BadZipFile) as exc:
        return [Problem(template.name, message=f"template cannot be read as a Word document: {exc}",
                        expected=expected)]
    if not {"[Content_Types].xml", "word/document.xml"} <= names:
        return [Problem(template.name, message="template is a zip file but not a Word document", expected=expected)]
    refused = archive_problem(template)
    return [Problem(template.name, message=f"template {refused[0]}", expected=refused[1])] if refused else []


# --- the typed object ------------------------------------------------------------------------
@dataclass(frozen=True)
class Authority:
    name: str
    old_la_code: int
    new_la_code: str
    region: str


@dataclass(frozen=True)
class Target:
    higher_is_better: bool
    green_at: float | None = None
    amber_at: float | None = None
    compare_to: str | None = None
    amber_within_pct: float | None = None


@dataclass(frozen=True)
class Config:
    path: Path
    authority: Authority
    year: int
    raw: Path
    processed: Path
    figures: Path
    output: Path
    template: Path
    localities: dict[str, int]
    statistical_neighbours: list[int] | str
    good_authorities: list[int] | str
    targets: dict[str, Target]
    suppression_enabled: bool
    suppression_max_count: int
    team: dict = field(default_factory=dict)
    staged: tuple[tuple[Path, Path], ...] = ()  # while a run stages its outputs: (folder, its staged copy)
    publication: dict = field(default_factory=dict)
    population_by_ethnicity: dict | None = None  # group -> children aged 0-17, and its source

    @property
    def trend_years(self) -> list[int]:
        """The reporting years the report's trends show: this one and the four before."""
        return list(range(self.year - TREND_YEARS + 1, self.year + 1))

    def raw_year(self, year: int) -> Path:
        return self.raw / str(year)

    @property
    def published(self) -> Path:
        return self.raw / "published"

    def _year_folder(self, root: Path, year: int) -> Path:
        folder = root / str(year)
        return dict(self.staged).get(folder, folder)

    def processed_year(self, year: int) -> Path:
        return self._year_folder(self.processed, year)

    def figures_year(self, year: int) -> Path:
        return self._year_folder(self.figures, year)

    def output_year(self, year: int) -> Path:
        return self._year_folder(self.output, year)

    @property
    def output_folders(self) -> list[Path]:
        """The folders a report run writes, which change together (`files.OutputSet`)."""
        return [self.processed_year(self.year), self.figures_year(self.year), self.output_year(self.year)]

    def staging(self, staged: dict[Path, Path]) -> "Config":
        """This config writing its outputs in their staged copies (folder -> copy)."""
        from dataclasses import replace

        return replace(self, staged=tuple(staged.items()))

    def with_year(self, year: int) -> "Config":
        from dataclasses import replace

        return replace(self, year=year)


TREND_YEARS = 5
COMPARE_TO = ("ENGLAND", "REGION", "STAT_NEIGHBOURS", "GOOD_LAS")


def _text(path: Path) -> str:
    """The file as text: UTF-8 (with or without a byte-order mark), else a problem naming the line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(path.name, message=f"config file cannot be read: {exc.strerror}",
                                  expected=f"a readable file at {path}")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError([Problem(path.name, row=line, message=f"is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                                  expected="the file saved as UTF-8")]) from None


MAX_CONFIG = 1 << 20  # bytes: a config is a page or two


def _refuse_aliases(text: str, name: str) -> None:
    """YAML's anchors and aliases (`&a`, `*a`) refused before the file is loaded: nested aliases expand
    exponentially (an 850-byte 'billion laughs' is gigabytes), and a config has no need of them. The events
    are read as a stream, nothing expanded."""
    if len(text) > MAX_CONFIG:
        raise InputError([Problem(name, message=f"is {len(text):,} characters long (the limit is {MAX_CONFIG:,})",
                                  expected="a config.yaml of a page or two, as the project's own")])
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            kind = f"an alias *{event.anchor}" if isinstance(event, yaml.AliasEvent) else f"an anchor &{event.anchor}"
            raise InputError([Problem(name, row=event.start_mark.line + 1, message=f"uses {kind[:60]}, which a "
                                      "config may not (nested aliases can expand to gigabytes)",
                                      expected="each value written out in full")])


def load_config(path: str | Path, year: int | None = None) -> Config:
    """Read config.yaml; raise InputError listing every problem, each naming its key."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise InputError([Problem(name, message="config file not found", expected=f"a file at {path}")])
    try:
        text = _text(path)
        _refuse_aliases(text, name)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        raise InputError([Problem(name, row=row, message=f"not valid YAML: {getattr(exc, 'problem', exc)}")])
    errors: list[str] = []
    data = _check(raw if raw is not None else {}, SCHEMA, "", errors)
    if year is not None:
        data = {**(data or {}), "year": year}
    if isinstance(data, dict):
        _check_values(data, errors)
    if not errors:
        _check_paths(path.resolve().parent, data["paths"], errors)
    for ind, t in ((data or {}).get("targets") or {}).items():
        if isinstance(t, dict) and isinstance(t.get("compare_to"), str) and t["compare_to"] not in COMPARE_TO:
            near = difflib.get_close_matches(t["compare_to"], COMPARE_TO, n=1, cutoff=0.3)
            hint = f"did you mean '{near[0]}'?" if near else "one of " + ", ".join(COMPARE_TO)
            errors.append(f"targets.{ind}.compare_to: unknown comparator {t['compare_to']!r} ({hint})")
    if isinstance(data, dict):
        _check_localities(data, errors)
        _check_population_by_ethnicity(data, errors)
    status = ((data or {}).get("publication") or {}).get("status")
    if isinstance(status, str) and status not in STATUSES:
        errors.append(f"publication.status: is {status!r} (expected DRAFT or FINAL)")
    if errors:
        raise InputError([Problem(name, column=e.split(": ", 1)[0], message=e.split(": ", 1)[1]) for e in errors])

    base = path.resolve().parent
    p = data["paths"]

    def group(value):
        return value["file"] if isinstance(value, dict) else list(value)

    template = (base / p["template"]) if p["template"] else PACKAGE_TEMPLATE
    problems = template_problems(template)
    localities = dict(data["localities"])
    if data["locality_populations"]:
        localities, found = _from_ons(base / p["raw"] / "published", data["locality_populations"])
        problems += found
    if problems:
        raise InputError(problems)
    return Config(
        path=path.resolve(),
        authority=Authority(**data["authority"]),
        year=data["year"],
        raw=base / p["raw"],
        processed=base / p["processed"],
        figures=base / p["figures"],
        output=base / p["output"],
        template=template,
        localities=localities,
        statistical_neighbours=group(data["comparators"]["statistical_neighbours"]),
        good_authorities=group(data["comparators"]["good_authorities"]),
        targets={k: Target(**v) for k, v in data["targets"].items()},
        suppression_enabled=data["suppression"]["enabled"],
        suppression_max_count=data["suppression"]["max_count"],
        team=data["team"],
        publication={**data["publication"], "version": str(data["publication"]["version"])},
        population_by_ethnicity=data["population_by_ethnicity"],
    )
