"""Load and validate `config.yaml` into one typed object.

The accepted keys are declared once, as data (`SCHEMA`); an unknown key, a missing key or a
value of the wrong type is reported with the key's full path and the nearest valid key.
Paths in the file are relative to the file itself.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
STATUSES = ("DRAFT", "FINAL")
GROUP = OneOf((ListOf(int), {"file": str}), "a list of old LA codes or {file: NAME}")
TARGET = OneOf(
    (
        {"green_at": NUMBER, "amber_at": NUMBER, "higher_is_better": bool},
        {"compare_to": str, "amber_within_pct": NUMBER, "higher_is_better": bool},
    ),
    "{green_at, amber_at, higher_is_better} or {compare_to, amber_within_pct, higher_is_better}",
)

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
    "localities": MapOf(int),
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
        },
        {"iro_caseload_target": 60, "iro_handbook_range": [50, 70], "isro_caseload_target": 60},
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
        },
        {"title": None, "published": None, "author": "Independent Reviewing Unit",
         "contact": "[contact to be added]", "status": "DRAFT", "version": "1.0"},
    ),
}

_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", NUMBER: "a number",
               dt.date: "a date written YYYY-MM-DD"}


def _type_name(spec) -> str:
    if isinstance(spec, Opt):
        return _type_name(spec.spec)
    if isinstance(spec, dict):
        return "a mapping with keys " + ", ".join(spec)
    if isinstance(spec, MapOf):
        return f"a mapping of names to {_type_name(spec.value)}"
    if isinstance(spec, ListOf):
        return f"a list of {_type_name(spec.item)}"
    if isinstance(spec, OneOf):
        return spec.describe
    return _TYPE_NAMES[spec]


def _check(value, spec, path: str, errors: list[str]):
    """Return the value with defaults filled in, appending `path: message` strings to errors."""
    if isinstance(spec, Opt):
        spec = spec.spec
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            errors.append(f"{path}: is {value!r} (expected {_type_name(spec)})")
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
                errors.append(f"{_join(path, key)}: missing (expected {_type_name(sub)})")
        return out
    if isinstance(spec, MapOf):
        if not isinstance(value, dict):
            errors.append(f"{path}: is {value!r} (expected {_type_name(spec)})")
            return {}
        return {str(k): _check(v, spec.value, _join(path, k), errors) for k, v in value.items()}
    if isinstance(spec, ListOf):
        if not isinstance(value, list):
            errors.append(f"{path}: is {value!r} (expected {_type_name(spec)})")
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
        errors.append(f"{path}: is {value!r} (expected {_type_name(spec)})")
    return value


def _join(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)


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
    publication: dict = field(default_factory=dict)

    @property
    def trend_years(self) -> list[int]:
        """The reporting years the report's trends show: this one and the four before."""
        return list(range(self.year - TREND_YEARS + 1, self.year + 1))

    def raw_year(self, year: int) -> Path:
        return self.raw / str(year)

    @property
    def published(self) -> Path:
        return self.raw / "published"

    def processed_year(self, year: int) -> Path:
        return self.processed / str(year)

    def with_year(self, year: int) -> "Config":
        from dataclasses import replace

        return replace(self, year=year)


TREND_YEARS = 5
COMPARE_TO = ("ENGLAND", "REGION", "STAT_NEIGHBOURS", "GOOD_LAS")


def load_config(path: str | Path, year: int | None = None) -> Config:
    """Read config.yaml; raise InputError listing every problem, each naming its key."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise InputError([Problem(name, message="config file not found", expected=f"a file at {path}")])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        raise InputError([Problem(name, row=row, message=f"not valid YAML: {getattr(exc, 'problem', exc)}")])
    errors: list[str] = []
    data = _check(raw if raw is not None else {}, SCHEMA, "", errors)
    for ind, t in ((data or {}).get("targets") or {}).items():
        if isinstance(t, dict) and isinstance(t.get("compare_to"), str) and t["compare_to"] not in COMPARE_TO:
            near = difflib.get_close_matches(t["compare_to"], COMPARE_TO, n=1, cutoff=0.3)
            hint = f"did you mean '{near[0]}'?" if near else "one of " + ", ".join(COMPARE_TO)
            errors.append(f"targets.{ind}.compare_to: unknown comparator {t['compare_to']!r} ({hint})")
    status = ((data or {}).get("publication") or {}).get("status")
    if isinstance(status, str) and status not in STATUSES:
        errors.append(f"publication.status: is {status!r} (expected DRAFT or FINAL)")
    if errors:
        raise InputError([Problem(name, column=e.split(": ", 1)[0], message=e.split(": ", 1)[1]) for e in errors])

    base = path.resolve().parent
    p = data["paths"]

    def group(value):
        return value["file"] if isinstance(value, dict) else list(value)

    return Config(
        path=path.resolve(),
        authority=Authority(**data["authority"]),
        year=year if year is not None else data["year"],
        raw=base / p["raw"],
        processed=base / p["processed"],
        figures=base / p["figures"],
        output=base / p["output"],
        template=(base / p["template"]) if p["template"] else PACKAGE_TEMPLATE,
        localities=dict(data["localities"]),
        statistical_neighbours=group(data["comparators"]["statistical_neighbours"]),
        good_authorities=group(data["comparators"]["good_authorities"]),
        targets={k: Target(**v) for k, v in data["targets"].items()},
        suppression_enabled=data["suppression"]["enabled"],
        suppression_max_count=data["suppression"]["max_count"],
        team=data["team"],
        publication={**data["publication"], "version": str(data["publication"]["version"])},
    )
