"""Byte-identical office files: the same inputs must give the same bytes, so a rebuild can be diffed.

Word and Excel files are zip archives whose entries carry the time they were written; this rewrites
every entry, in the same order, with one fixed time.
"""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path


def fixed_time(year: int) -> dt.datetime:
    """The documents' date: 1 April after the reporting year ends (the first day they could be written)."""
    return dt.datetime(year, 4, 1)


def normalise_zip(path: Path, when: dt.datetime) -> None:
    """Rewrite the archive in place with a fixed timestamp on every entry (order and contents unchanged).
    Call it on a file not yet renamed into place (see files.write_atomically)."""
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            # Images are compressed already: storing them saves the time of deflating them again.
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
