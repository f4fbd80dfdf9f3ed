"""Nothing lost: data/raw is never touched, a build killed midway leaves the last report whole, the
next run recovers, and one authority's bad input in a batch fails that authority alone."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from docx import Document

from pipeline.cli import main
from pipeline.files import RUN
from pipeline.lock import LOCK
from tests.conftest import copy_project, make_project


def tree_hash(folder: Path) -> dict[str, str]:
    """Every file's content, but the run lock's (which says when the last run started)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != LOCK}


def test_raw_data_is_byte_identical_after_every_command(demo_raw, tmp_path):
    config = str(make_project(tmp_path, demo_raw))
    raw = tmp_path / "data" / "raw"
    before = tree_hash(raw)
    for args in (["demo-data", "--if-missing"], ["validate"], ["report"], ["figures"], ["diff"], ["report"],
                 ["diff", "2023", "2025"]):
        result = CliRunner().invoke(main, [*args, "--config", config])
        assert result.exit_code == 0, (args, result.output)
        assert tree_hash(raw) == before, args


def _break_lado(raw: Path) -> None:
    path = raw / "2025" / "lado.xlsx"
    sheets = pd.read_excel(path, sheet_name=None, engine="calamine")
    refs = sheets["referrals"].astype(object)
    refs.loc[0, "SOURCE"] = "NOBODY"
    sheets["referrals"] = refs
    with pd.ExcelWriter(path, engine="xlsxwriter") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name, index=False)


def test_a_build_killed_midway_leaves_the_last_report_whole_and_the_next_run_recovers(built_demo, tmp_path):
    config = copy_project(built_demo, tmp_path)
    assert CliRunner().invoke(main, ["report", "--config", str(config)]).exit_code == 0
    out = tmp_path / "output" / "2025"
    last = {name: (out / name).read_bytes() for name in ("annual_report.docx", "tables.xlsx")}
    last_set = _output_set(tmp_path)
    # A change that makes every stage run again, then a kill while the figures are being drawn.
    (tmp_path / "config.yaml").write_text((tmp_path / "config.yaml").read_text().replace("Demoshire", "Demoshire CC"))
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "report", "--config", str(config)],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    for line in process.stdout:
        if line.startswith("wrote") and "indicators.csv" in line or time.monotonic() > deadline:
            time.sleep(0.3)  # drawing is under way (a second lets a warm worker finish the spreadsheet)
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for name, content in last.items():
        assert (out / name).read_bytes() == content, name
    assert _output_set(tmp_path) == last_set  # the change list, indicator table, figures and manifest too
    Document(out / "annual_report.docx")
    result = CliRunner().invoke(main, ["report", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "Demoshire CC" in [p.text for p in Document(out / "annual_report.docx").paragraphs[:4]]  # the cover
    assert not list(tmp_path.rglob("*.tmp")) and not list(tmp_path.rglob(RUN))


def _output_set(project: Path) -> dict[str, str]:
    """Every output of the year: not the staged copies a killed run leaves (cleared by the next start), nor
    the extract cache (content-keyed, and committed before a run's outputs are staged)."""
    return {name: digest for folder in ("output", "figures", "data/processed")
            for name, digest in tree_hash(project / folder).items() if not {RUN, "extract"} & set(Path(name).parts)}


def test_a_batch_builds_each_authority_and_one_bad_input_fails_only_its_own(built_demo, demo_raw, tmp_path):
    good, bad = tmp_path / "good", tmp_path / "bad"
    copy_project(built_demo, good)
    (good / "output" / "2025" / "annual_report.docx").unlink()  # so the batch builds it again, from its caches
    bad.mkdir()
    make_project(bad, demo_raw, authority={"name": "Badshire"})
    _break_lado(bad / "data" / "raw")
    empty, broken = tmp_path / "empty", tmp_path / "broken"  # no published/ folder (nor data); a bad config
    empty.mkdir()
    broken.mkdir()
    (empty / "config.yaml").write_text((good / "config.yaml").read_text())
    (broken / "config.yaml").write_text("authority: [unclosed\n")
    listing = tmp_path / "authorities.txt"
    listing.write_text("# one config per line\ngood/config.yaml\nbad/config.yaml\nempty/config.yaml\n"
                       "broken/config.yaml\nmissing/config.yaml\n")
    result = CliRunner().invoke(main, ["report", "--batch", str(listing)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    summary = result.output.split("Summary: ")[1].splitlines()
    assert summary[0] == "1 of 5 authorities built"
    assert [line.split(":")[0].strip() for line in summary[1:]] == ["done", "FAILED", "FAILED", "FAILED", "FAILED"]
    assert 'SOURCE: "NOBODY" is not a known code' in summary[2] and "Badshire" in summary[2]
    assert "2025/chic.xlsx: file is missing" in summary[3]
    assert "not valid YAML" in summary[4] and "config file not found" in summary[5]
    assert (good / "output" / "2025" / "annual_report.docx").exists()
    assert not (bad / "output").exists()


def test_bad_input_after_a_good_build_changes_nothing_already_processed(built_demo, tmp_path):
    """The changed workbooks are read and staged together; one bad one means none is put in place."""
    config = copy_project(built_demo, tmp_path)
    assert CliRunner().invoke(main, ["report", "--quiet", "--config", str(config)]).exit_code == 0
    processed = tmp_path / "data" / "processed"
    before = tree_hash(processed)
    raw = tmp_path / "data" / "raw" / "2025"
    for name in ("cp", "lado"):  # two changed workbooks: a good one and a bad one
        sheets = pd.read_excel(raw / f"{name}.xlsx", sheet_name=None, engine="calamine")
        first = next(iter(sheets))
        sheets[first] = sheets[first].astype(object)
        if name == "lado":
            sheets[first].iloc[0, 0] = None  # a blank key
        with pd.ExcelWriter(raw / f"{name}.xlsx", engine="xlsxwriter") as xl:
            for sheet, frame in sheets.items():
                frame.to_excel(xl, sheet_name=sheet, index=False)
    result = CliRunner().invoke(main, ["report", "--config", str(config)])
    assert result.exit_code == 1 and "lado.xlsx" in result.output, result.output
    assert tree_hash(processed) == before
    assert not list(processed.rglob("*.tmp"))
