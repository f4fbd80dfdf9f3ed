"""Bombs refused in bounded memory and time, before they are read: zip parts that expand too far (in a
workbook, the commentary, the template), a part that lies about its size, a YAML alias bomb in config.yaml;
and however many problems there are, the terminal gets 200 of them and a CSV the rest. Each run that could
blow up runs in a child process whose address space the test limits, so a regression fails the test, not
the machine."""
from __future__ import annotations

import csv
import os
import re
import resource
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.extract import archive
from pipeline.problems import MAX_LINE, Problem
from tests.conftest import REPO

IRU = Path(sys.executable).parent / "iru"
MEMORY = 1 << 30  # a validate of the small project needs about 150 MB resident; a bomb gigabytes


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _iru(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command in a child process limited to MEMORY and 120 s."""
    return subprocess.run([str(IRU), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          preexec_fn=_limited, env={**os.environ, "IRU_WORKERS": "1"})


def _zeros(book: zipfile.ZipFile, name: str, size: int) -> None:
    """A part of `size` zero bytes, written a megabyte at a time (it compresses about 1000:1)."""
    with book.open(name, "w", force_zip64=size > 1 << 31) as part:
        for start in range(0, size, archive.MB):
            part.write(bytes(min(archive.MB, size - start)))


def _lying(path: Path, name: str, declared: int) -> None:
    """The central directory of `path` made to declare `declared` bytes for the part `name`."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")
    while True:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length].decode() == name:
            struct.pack_into("<I", data, at + 24, declared)
            break
        at = data.index(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_a_part_expanding_over_100_to_1_beyond_8_mb_is_refused_naming_it(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.xlsx", "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
        _zeros(book, "xl/worksheets/sheet1.xml", 20 * archive.MB)
    message, _ = archive.archive_problem(tmp_path / "a.xlsx")
    assert message.startswith("part 'xl/worksheets/sheet1.xml' would expand ") and "20 MB" in message, message


def test_a_small_part_may_compress_as_well_as_it_likes(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.xlsx", "w", zipfile.ZIP_DEFLATED) as book:
        _zeros(book, "xl/worksheets/sheet1.xml", 4 * archive.MB)  # 1000:1, but only 4 MB
    assert archive.archive_problem(tmp_path / "a.xlsx") is None


@pytest.mark.parametrize("size,compressed,words", [
    (300 * archive.MB, 10 * archive.MB, "would expand to 300 MB (the limit for one part is 200 MB)"),
    (150 * archive.MB, 1 * archive.MB, "would expand 150 times, to 150 MB"),
])
def test_declared_sizes_over_the_limits_are_refused_before_reading(size, compressed, words):
    part = zipfile.ZipInfo("word/document.xml")
    part.file_size, part.compress_size = size, compressed
    assert archive._declared([part]) == f"part 'word/document.xml' {words}" + (
        " (the limit is 100:1 beyond 8 MB): a zip bomb" if "times" in words else "")


def test_parts_adding_up_over_the_limit_and_too_many_parts_are_refused():
    parts = [zipfile.ZipInfo(f"p{i}") for i in range(6)]
    for part in parts:
        part.file_size, part.compress_size = 190 * archive.MB, 100 * archive.MB
    assert archive._declared(parts) == "would expand to 1,140 MB in all (the limit is 1,024 MB)"
    assert archive._declared([zipfile.ZipInfo(f"p{i}") for i in range(10_001)]) == (
        "holds 10,001 parts (the limit is 10,000)")


def test_a_part_that_lies_about_its_size_is_refused_as_damaged(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.docx", "w", zipfile.ZIP_DEFLATED) as book:
        _zeros(book, "word/document.xml", 2 * archive.MB)
    _lying(tmp_path / "a.docx", "word/document.xml", 1000)
    message, _ = archive.archive_problem(tmp_path / "a.docx")
    assert message.startswith("part 'word/document.xml' is damaged or is not the size it declares"), message


@pytest.fixture
def project(small_raw, tmp_path) -> Path:
    shutil.copy(REPO / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(small_raw, tmp_path / "data" / "raw")
    return tmp_path


def _bombed(path: Path) -> None:
    """A 200 MB part of zeros (about 200 KB compressed) added to a real file."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book:
        _zeros(book, "xl/media/bomb.bin" if path.suffix == ".xlsx" else "word/media/bomb.bin", 200 * archive.MB)


@pytest.mark.parametrize("target,named", [
    ("data/raw/2025/iru.xlsx", "  2025/iru.xlsx: part 'xl/media/bomb.bin' would expand 1,0"),
    ("data/raw/2025/commentary.docx", "  2025/commentary.docx: part 'word/media/bomb.bin' would expand 1,0"),
    ("annual_report.docx", "  annual_report.docx: template part 'word/media/bomb.bin' would expand 1,0"),
])
def test_a_bomb_in_each_kind_of_input_is_one_problem_in_bounded_memory(project, target, named):
    if target == "annual_report.docx":
        shutil.copy(REPO / "templates" / "annual_report.docx", project / target)
        config = (project / "config.yaml").read_text()
        (project / "config.yaml").write_text(config.replace("\npaths:\n", f"\npaths:\n  template: {target}\n", 1))
    _bombed(project / target)
    result = _iru("validate", "--config", "config.yaml", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert any(line.startswith(named) for line in result.stderr.splitlines()), result.stderr
    assert not (project / "data" / "processed").exists()


BILLION_LAUGHS = "localities:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"  {n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))


def test_a_yaml_alias_bomb_is_refused_at_load_in_bounded_memory(project):
    config = (project / "config.yaml").read_text()
    bombed = re.sub(r"\nlocalities:.*\n(?:  .*\n)+", "\n" + BILLION_LAUGHS, config, count=1)
    (project / "config.yaml").write_text(bombed)
    row = bombed[:bombed.index("&a")].count("\n") + 1
    assert len(BILLION_LAUGHS) < 1000 and bombed != config
    result = _iru("validate", "--config", "config.yaml", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert [ln.strip() for ln in result.stderr.splitlines()[1:]] == [
        f"config.yaml › row {row}: uses an anchor &a, which a config may not (nested aliases can expand to gigabytes) "
        "(expected each value written out in full)"]


def test_problems_beyond_200_are_counted_and_all_written_to_a_csv(tmp_path, capsys):
    from pipeline.cli import _print_problems

    problems = [Problem("2025/cp.xlsx", "plans", row, "CHILD", "the id is used twice") for row in range(2, 252)]
    _print_problems(problems, tmp_path / "problems.csv")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 202 and lines[-1] == f"  and 50 more: all are in {tmp_path / 'problems.csv'}"
    rows = list(csv.DictReader(open(tmp_path / "problems.csv", encoding="utf-8")))
    assert len(rows) == 250 and rows[-1]["row"] == "251" and rows[0]["message"] == "the id is used twice"
    _print_problems(problems[:3], tmp_path / "problems.csv")  # a later run with few: the old list is gone
    assert not (tmp_path / "problems.csv").exists() and len(capsys.readouterr().err.splitlines()) == 4


def test_no_message_prints_more_than_a_bounded_excerpt_of_a_value():
    line = str(Problem("config.yaml", message=f"'{'lol' * 1_000_000}' is not a number"))
    assert len(line) == MAX_LINE and line.endswith("…")
