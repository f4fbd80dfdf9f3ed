"""Re-runs: a manifest of content hashes, nothing redone when nothing changed, only what a fix touched
redrawn, and the diff of two years or two runs."""
from __future__ import annotations

import json
import pickle
import time

import pytest
from click.testing import CliRunner

from pipeline import table
from pipeline.cli import main
from pipeline.transform.changes import compare
from scripts.bench import fix_one_row
from tests.conftest import REPO, build, copy_project


@pytest.fixture(scope="module")
def project(built_demo, tmp_path_factory):
    """A copy of the built demo, for these tests change it."""
    from pipeline.config import load_config

    folder = tmp_path_factory.mktemp("incremental")
    config_path = copy_project(built_demo, folder)
    return folder, config_path, load_config(config_path)


def manifest(config) -> dict:
    return json.loads((config.processed_year(2025) / "manifest.json").read_text())


def test_manifest_records_inputs_sheets_config_template_code_and_each_figure(project):
    _, _, config = project
    m = manifest(config)
    assert "2025/lado.xlsx" in m["inputs"] and "published/bds_long_0.parquet" in m["inputs"]
    assert all(len(h) == 64 for h in m["inputs"].values())
    assert "2025/chic/episodes" in m["sheets"] and "2021/cp/plans" in m["sheets"]
    assert len(m["config"]) == 64 and len(m["template"]) == 64 and m["code"].startswith("0.1.0+")
    assert {"cla_rate_trend", "lado_outcome", "health", "team"} <= set(m["data"])
    assert m["runs"][0]["run"] == 1


def test_nothing_changed_means_nothing_redone_even_after_a_touch(project):
    folder, config_path, config = project
    (folder / "data" / "raw" / "2025" / "lado.xlsx").touch()
    docx = config.output / "2025" / "annual_report.docx"
    stamp = docx.stat().st_mtime_ns
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["report", "--config", str(config_path)])
    assert result.exit_code == 0 and "Nothing has changed" in result.output
    assert time.perf_counter() - start < 2
    assert docx.stat().st_mtime_ns == stamp


def test_deleted_outputs_are_rebuilt_and_only_they(project):
    _, config_path, config = project
    xlsx, png = config.output / "2025" / "tables.xlsx", config.figures / "2025" / "cp_age.png"
    xlsx.unlink()
    png.unlink()
    _, _, messages = build(config_path)
    assert xlsx.exists() and png.exists() and "redrew 1 figure(s): cp_age" in messages
    assert "no input has changed since it was last read" in messages and "the indicators are unchanged" in messages


def test_a_one_row_fix_redraws_only_the_figures_whose_data_changed(project):
    folder, config_path, config = project
    fix_one_row(folder / "data" / "raw")
    pngs = {p.name: p.stat().st_mtime_ns for p in (config.figures / "2025").glob("*.png")}
    _, _, messages = build(config_path)
    assert "read 2025/lado" in messages
    assert any("years recomputed: 2025)" in m for m in messages)
    assert "redrew 1 figure(s): lado_outcome" in messages
    changed = {p.name for p in (config.figures / "2025").glob("*.png") if p.stat().st_mtime_ns != pngs.get(p.name)}
    assert changed == {"lado_outcome.png"}
    assert manifest(config)["runs"][-1]["run"] == 2
    assert "this is run 2 of 2025: `iru diff --before 1 --after 2` shows what it changed" in messages


def test_diff_of_two_runs_names_the_numbers_the_fix_moved(project):
    _, config_path, config = project
    result = CliRunner().invoke(main, ["diff", "--before", "1", "--after", "2", "--config", str(config_path)])
    assert result.exit_code == 0, result.output
    written = (config.output / "2025" / "changes_run_1_to_2.md").read_text()
    # one referral of about 600 moved from NFA to Advice: each share moves by under half a point, which the
    # report's whole percentages do not show, so the list says how many moved and shows none
    runs = config.processed_year(2025) / "runs"
    moved = compare(table.read(runs / "1.csv"), table.read(runs / "2.csv"), match_period=True)
    assert set(moved.indicator) == {"lado.referral_outcome_pct"} and moved.change.abs().max() < 0.5
    assert {"NFA", "ADVICE"} <= set(moved.breakdown)
    assert "0 values changed; 0 of them are notable moves" in written
    assert f"{len(moved)} more moved by less than the report's rounding shows." in written
    assert "lado." not in written and "chic." not in written


def test_diff_of_two_years_lists_moves_largest_first(project):
    _, config_path, config = project
    result = CliRunner().invoke(main, ["diff", "2024", "2025", "--config", str(config_path)])
    assert result.exit_code == 0
    lines = (config.output / "2025" / "changes_since_2024.md").read_text().splitlines()
    assert lines[0] == "# Changes from 2024 to 2025" and "| Indicator | Area | 2024 | 2025 | RAG |" in lines


def test_diff_of_a_run_that_was_not_kept_is_a_usage_error(project):
    _, config_path, _ = project
    result = CliRunner().invoke(main, ["diff", "--before", "1", "--after", "9", "--config", str(config_path)])
    assert result.exit_code == 2 and "no run 9 of 2025 is kept" in result.output


def test_a_fix_loads_neither_the_bank_holiday_rules_nor_the_drawing_libraries_here(project):
    """The speed of a re-run rests on this process importing only what it needs: the calendar comes from
    the cache, and matplotlib and gptables load in the workers."""
    import os
    import subprocess
    import sys

    folder, config_path, _ = project
    fix_one_row(folder / "data" / "raw")
    script = ("import sys; from pipeline.cli import main\n"
              f"main(['report', '--quiet', '--config', {str(config_path)!r}], standalone_mode=False)\n"
              "print(sorted(m for m in ('holidays', 'matplotlib', 'gptables') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "IRU_WORKERS": "2"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_workers_can_be_limited(monkeypatch):
    from pipeline import parallel

    monkeypatch.setenv("IRU_WORKERS", "1")
    assert parallel.workers() == 1
    assert parallel.run_all(abs, [-1, -2, 3]) == [1, 2, 3]


def test_memo_makes_only_what_changed_and_survives_a_corrupt_cache(tmp_path):
    from pipeline.files import memo

    cache, calls = tmp_path / "memo.pickle", []

    def make(ids):
        calls.append(ids)
        return {i: i.upper() for i in ids}

    assert memo(cache, {"a": "1", "b": "1"}, make) == {"a": "A", "b": "B"}
    assert memo(cache, {"a": "1", "b": "2", "c": "1"}, make) == {"a": "A", "b": "B", "c": "C"}
    assert memo(cache, {"a": "1", "b": "2", "c": "1"}, make) == {"a": "A", "b": "B", "c": "C"}
    cache.write_bytes(b"not a pickle")
    assert memo(cache, {"a": "1"}, make) == {"a": "A"}
    cache.write_bytes(pickle.dumps(["a pickle of something else"]))
    assert memo(cache, {"a": "1"}, make) == {"a": "A"}
    assert calls == [["a", "b"], ["b", "c"], ["a"], ["a"]]


def test_make_reports_no_change_run_checks_for_demo_data_without_loading_pandas(project):
    """`make report` is one process: the demo-data check and the no-change check, before pandas is imported."""
    import subprocess
    import sys

    _, config_path, _ = project
    script = ("import sys; from pipeline.cli import main\n"
              f"main(['report', '--demo-data-if-missing', '--config', {str(config_path)!r}], standalone_mode=False)\n"
              "print(sorted(m for m in ('pandas', 'numpy', 'tqdm', 'docx') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Nothing has changed" in done.stderr and done.stdout.strip() == "[]"
    assert "$(IRU) report --demo-data-if-missing" in (REPO / "Makefile").read_text()
