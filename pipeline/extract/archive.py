"""Zip bombs refused before a reader opens the file: an .xlsx, .docx or .ods is a zip, and a 3 MB one can
expand to gigabytes in calamine or python-docx, which hold a part whole in memory.

The central directory's declared sizes are checked first, against limits far above any real return (the
largest sheet of an authority England's size is about 60 MB of XML); then every part is read through in
1 MB chunks, which Python's zip reader stops at the declared size and checks against the part's CRC, so a
part that lies about its size is refused as damaged instead of being believed. A part with a DTD is refused
too (`<!DOCTYPE`, which Office never writes): entities, internal or external, never reach a reader.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

MB = 1 << 20
MAX_PART = 200 * MB  # what one part may expand to
MAX_TOTAL = 1024 * MB  # what all parts together may expand to
MAX_RATIO = 100  # how much a part may expand by, once it is larger than RATIO_FROM
RATIO_FROM = 8 * MB
MAX_PARTS = 10_000
CHUNK = MB
EXPECTED = "the file as Excel, Word or LibreOffice saved it (no part of it over 200 MB, or compressed over 100:1)"
LIMITS = (f"one part at most {MAX_PART // MB} MB, all parts {MAX_TOTAL // MB} MB, a part over {RATIO_FROM // MB} MB "
          f"compressed at most {MAX_RATIO}:1, at most {MAX_PARTS:,} parts")


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB"


def archive_problem(path: Path) -> tuple[str, str] | None:
    """Why a zip-based file would expand beyond the limits (or cannot be expanded), as (message, what to do),
    naming the part; None for one within them, or for a file that is not a zip (its reader says so)."""
    if not zipfile.is_zipfile(path):
        return None
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            refused = _declared(parts)
            if refused:
                return refused, EXPECTED
            for part in parts:  # declared sizes may lie: each part read through, bounded, and its CRC checked
                try:
                    if _declares_dtd(book, part):
                        return (f"part {_name(part)} declares a DTD (<!DOCTYPE …>, perhaps with entities), which "
                                "Word, Excel and LibreOffice never write: nothing in it was read", EXPECTED)
                except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                    return f"part {_name(part)} is damaged or is not the size it declares ({exc})", EXPECTED
                except (NotImplementedError, RuntimeError) as exc:  # encrypted, or an unknown compression
                    return f"part {_name(part)} cannot be read ({exc})", EXPECTED
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        return f"cannot be read as a zip archive ({exc})", EXPECTED
    return None


DOCTYPE = tuple("<!DOCTYPE".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))
MARKUP = (".xml", ".rels", ".vml")  # the parts the readers parse (a picture, an SVG even, is left as it is)


def _declares_dtd(book: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Reads the part through in CHUNKs, and says whether it holds a DTD: defusedxml's rule for XML from
    outside (no DTD, so no entity of any kind), which no reader of ours then has to get right."""
    markup = part.filename.lower().endswith(MARKUP)
    found, tail = False, b""
    with book.open(part) as data:
        while chunk := data.read(CHUNK):
            found = found or markup and any(d in tail + chunk for d in DOCTYPE)
            tail = chunk[-32:]
    return found


def _declared(parts: list[zipfile.ZipInfo]) -> str | None:
    """What the central directory says that is beyond the limits."""
    if len(parts) > MAX_PARTS:
        return f"holds {len(parts):,} parts (the limit is {MAX_PARTS:,})"
    for part in parts:
        if part.file_size > MAX_PART:
            return (f"part {_name(part)} would expand to {_mb(part.file_size)} (the limit for one part is "
                    f"{_mb(MAX_PART)})")
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            return (f"part {_name(part)} would expand {part.file_size // max(part.compress_size, 1):,} times, "
                    f"to {_mb(part.file_size)} (the limit is {MAX_RATIO}:1 beyond {_mb(RATIO_FROM)}): a zip bomb")
    total = sum(p.file_size for p in parts)
    if total > MAX_TOTAL:
        return f"would expand to {_mb(total)} in all (the limit is {_mb(MAX_TOTAL)})"
    return None


def _name(part: zipfile.ZipInfo) -> str:
    name = part.filename if len(part.filename) <= 80 else part.filename[:79] + "…"
    return f"'{name}'"
