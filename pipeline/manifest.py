"""What a run was made from, and whether anything has changed since: content hashes, not file times.

Standard library only, so that a re-run with nothing changed can say so before importing pandas.
`data/processed/<year>/manifest.json` records the hash of every input file (and, once extracted,
every sheet), the config, the template, the code, and each figure's and table's data.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pipeline
from pipeline.extract import commentary_file
from pipeline.extract.returns_layout import return_files
from pipeline.files import write_atomically
from pipeline.problems import InputError, Problem

WORKBOOK_NAMES = ("chic", "iru", "cp", "lado")
PACKAGE = Path(pipeline.__file__).resolve().parent


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's content. A run asks for an input's hash at several steps; within one
    process the answer is remembered while the file's size and modification time are unchanged (across
    runs, only content counts)."""
    try:
        stat = path.stat()
        return _content_hash(str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError as exc:  # a read error, said as one (not as a failure to write an unnamed file)
        raise InputError([Problem(f"{path.parent.name}/{path.name}", message=f"cannot be read: "
                                  f"{exc.strerror or exc}", expected=f"a readable file at {path} (a link to "
                                  "somewhere readable)")]) from None


@lru_cache(maxsize=4096)
def _content_hash(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def text_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@lru_cache(maxsize=None)
def code_version() -> str:
    """The package version and a hash of its source (and the schemas it validates against): a code change
    invalidates every cached step."""
    sources = sorted(p for p in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.xsd")] if "demo" not in p.parts)
    return f"{pipeline.__version__}+{text_hash(*(file_hash(p) for p in sources))[:16]}"


def workbook_files(raw_year: Path) -> dict[str, list[Path]]:
    """Each workbook of a year's folder: its xlsx, or the CSVs of its folder, and the files of any DfE return
    standing in for it (both, if both are there: extract then says so)."""
    out = {}
    for name in WORKBOOK_NAMES:
        xlsx = raw_year / f"{name}.xlsx"
        folder = raw_year / name
        if xlsx.is_file():
            out[name] = [xlsx]
        elif folder.is_dir():
            out[name] = sorted(folder.glob("*.csv"))
    for name, paths in return_files(raw_year).items():
        out[name] = out.get(name, []) + paths
    return out


def input_files(raw: Path, years: list[int]) -> list[Path]:
    """Every file the run may read: the years' workbooks and the published files."""
    files = [p for y in years for paths in workbook_files(raw / str(y)).values() for p in paths]
    files += [c for y in years for c in commentary_file.found(raw / str(y))]
    published = raw / "published"
    if published.is_dir():
        files += sorted(p for p in published.iterdir() if p.is_file())
    return files


def input_hashes(raw: Path, years: list[int]) -> dict[str, str]:
    """Every file the run may read, by its path under the raw folder."""
    return {str(p.relative_to(raw)): file_hash(p) for p in input_files(raw, years)}


def read(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def write(path: Path, manifest: dict) -> None:
    write_atomically(path, lambda tmp: tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n"))


def outputs_intact(manifest: dict, root: Path) -> bool:
    """Every output the last run recorded is still there, unchanged."""
    outputs = manifest.get("outputs", {})
    return bool(outputs) and all((root / p).is_file() and file_hash(root / p) == h for p, h in outputs.items())
