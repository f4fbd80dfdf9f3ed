"""Where a year's commentary is, however the manager saved it: `commentary.docx` whatever the case of its
name, or a LibreOffice (.odt) or older Word (.doc) file, converted to .docx by LibreOffice where it is
installed. Standard library only: the manifest lists the file among a run's inputs before pandas loads.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

NAMES = ("commentary.docx", "commentary.odt", "commentary.doc")  # the first is what `make commentary` writes
CONVERTED = {".odt": "a LibreOffice (OpenDocument) file", ".doc": "an older Word (.doc) file"}


def found(raw_year: Path) -> list[Path]:
    """Every commentary file of a year's folder, whatever the case of its name (Word's `~$` lock files aside)."""
    if not raw_year.is_dir():
        return []
    return sorted(p for p in raw_year.iterdir() if p.name.lower() in NAMES and p.is_file())


def years_with(raw: Path, but: int) -> list[int]:
    """The other years whose folder holds a commentary (to say so when the reporting year has none)."""
    if not raw.is_dir():
        return []
    return sorted(int(p.name) for p in raw.iterdir() if p.name.isdigit() and int(p.name) != but and found(p))


def missing_message(year: int, others: list[int]) -> str:
    """One line for a year with no commentary at all, rather than one per section."""
    elsewhere = f" (there is one for {', '.join(map(str, others))} only)" if others else ""
    return (f"no commentary for {year}{elsewhere}, so every section is empty and the report a DRAFT: "
            "`make commentary` writes a starter")


class Unreadable(Exception):
    """A commentary that cannot be read as Word: the message says what to do."""


def as_docx(path: Path, work: Path) -> Path:
    """The commentary as a .docx: the file itself, or LibreOffice's conversion of it written into `work`."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return path
    program = shutil.which("soffice") or shutil.which("libreoffice")
    save_as = "open it in Word or LibreOffice and save it as Word (.docx) under the name commentary.docx"
    if program is None:
        raise Unreadable(f"is {CONVERTED[suffix]}, and LibreOffice, which would read it, is not installed: {save_as}")
    source = work / f"commentary{suffix}"
    shutil.copyfile(path, source)
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work), str(source)],
                              capture_output=True, text=True, timeout=300)
    converted = work / "commentary.docx"
    if done.returncode != 0 or not converted.exists():
        raise Unreadable(f"is {CONVERTED[suffix]} that LibreOffice could not convert: {save_as}")
    return converted
