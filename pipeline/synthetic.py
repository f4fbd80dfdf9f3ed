"""Demo data is never taken for real: which authority is the demo one, the marker every synthetic file
carries, and the record `iru demo-data` keeps of what it wrote.

Standard library only, so `make report` can check for demo data without importing pandas.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

DEMO_NAME, DEMO_OLD_LA_CODE, DEMO_NEW_LA_CODE = "Demoshire", 999, "E10999999"
MARKER = "synthetic_demo_data"  # a CSV's last column; a zip's (xlsx, ods) comment; a parquet's metadata key
MARKER_TEXT = f"{MARKER}: written by iru demo-data; not any real authority's or DfE's figures"
RECORD = ".demo-data.json"  # in the raw folder: each file demo-data wrote, with its SHA-256
LEFT_ALONE = {"README.md", RECORD}
LOOK = 1 << 16  # the marker is in a CSV's header line, or in a zip's or parquet's last bytes


def is_demo_authority(authority) -> bool:
    return (authority.old_la_code, authority.new_la_code) == (DEMO_OLD_LA_CODE, DEMO_NEW_LA_CODE)


def is_synthetic(path: Path) -> bool:
    """True if the file carries the demo-data marker (reads a CSV's first line, or another file's last 64 KiB)."""
    with open(path, "rb") as f:
        if path.suffix.lower() == ".csv":
            return MARKER.encode() in f.read(LOOK).split(b"\n", 1)[0]
        f.seek(max(f.seek(0, 2) - LOOK, 0))
        return MARKER.encode() in f.read()


def mark_zip(path: Path) -> None:
    """Mark a zip-based file (a .docx written by a library that sets no comment) as synthetic."""
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = MARKER_TEXT.encode()


def data_files(raw: Path) -> list[Path]:
    """Every file under the raw folder an analyst or demo-data put there."""
    if not raw.is_dir():
        return []
    return sorted(p for p in raw.rglob("*") if p.is_file() and p.name not in LEFT_ALONE)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def written_by_demo(raw: Path) -> dict[str, str]:
    """The record of what demo-data wrote: path under raw -> SHA-256 ({} if none)."""
    try:
        return json.loads((raw / RECORD).read_text())
    except (OSError, ValueError):
        return {}


def foreign_files(raw: Path) -> list[Path]:
    """Files demo-data did not write, or that were changed since it did (and so lost the marker, or were never
    synthetic): never overwritten without --force."""
    record = written_by_demo(raw)
    return [p for p in data_files(raw)
            if record.get(p.relative_to(raw).as_posix()) != _sha256(p) and not is_synthetic(p)]


def record(raw: Path) -> None:
    """Note every file now under raw as written by demo-data."""
    files = {p.relative_to(raw).as_posix(): _sha256(p) for p in data_files(raw)}
    (raw / RECORD).write_text(json.dumps(files, indent=1, sort_keys=True) + "\n")
