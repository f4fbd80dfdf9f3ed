"""How an analyst's file is stored, checked before a reader opens it: so a password, an empty or cut-short
file, or a CSV saved by Excel in Windows-1252 gets a plain message of its own instead of a library's error."""
from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from pipeline.extract.archive import archive_problem

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound document: an encrypted .xlsx, or an old .xls
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
ZIP = b"PK\x03\x04"
WINDOWS = "cp1252"  # Excel's "CSV (Comma delimited)" on an English Windows


def workbook_problem(path: Path) -> tuple[str, str] | None:
    """Why an .xlsx cannot be opened, as (message, what to do), or None if it looks like a workbook."""
    size = path.stat().st_size
    if not size:
        return "is empty (0 bytes)", "the workbook saved again from Excel, or copied again"
    with open(path, "rb") as f:
        head = f.read(len(OLE))
    if head.startswith(OLE):  # only then is the whole file read, to look for the encrypted package
        if ENCRYPTED in path.read_bytes():
            return "is protected with a password", "a copy saved without one (File › Info › Protect Workbook)"
        return "is an old-format Excel file (.xls) named .xlsx", "it saved as an Excel Workbook (.xlsx)"
    if head.startswith(ZIP) and not zipfile.is_zipfile(path):
        return (f"is incomplete: it ends after {size:,} bytes, part way through",
                "the whole file: save or copy it again")
    return archive_problem(path)


def decode_csv(path: Path) -> tuple[str, str]:
    """A CSV's text and the encoding it was read in: UTF-8 (with or without a byte-order mark) when it
    decodes as UTF-8, otherwise Windows-1252, which decodes any byte."""
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "UTF-8 with a byte-order mark"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode(WINDOWS, errors="replace"), "Windows-1252"
