"""The internal errors the hostile-input campaign found, each now a plain message (or no fault at all), each
with the test that failed before: a long authority name, a text sheet with headers and no rows, the pool's
thread outliving an input error, an unreadable published file said as a write error, matplotlib's warnings
on stderr, and a failed validate leaving an empty year folder behind."""
from __future__ import annotations

import shutil
import sys
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from click.testing import CliRunner

from pipeline import manifest, parallel
from pipeline.cli import main
from pipeline.config import load_config
from pipeline.problems import InputError
from pipeline.render import charts, document
from pipeline.render.figures import FIGURES
from tests.conftest import REPO


def test_an_authority_name_too_long_for_the_cover_is_a_config_problem(tmp_path):
    config = (REPO / "config.yaml").read_text()
    name = next(line for line in config.splitlines() if line.startswith("  name: "))
    (tmp_path / "config.yaml").write_text(config.replace(name, "  name: " + "Borough " * 40, 1))
    with pytest.raises(InputError) as caught:
        load_config(tmp_path / "config.yaml")
    assert [str(p) for p in caught.value.problems] == [
        'config.yaml › authority.name: is 319 characters long, "Borough Borough Borough Borough Borough …" '
        "(expected at most 100)"]


def test_a_text_table_with_headers_and_no_rows_gets_its_header_widths():
    widths = document.column_widths(["Theme", "Objective", "Action", "Lead", "Milestones", "RAG"], [], 9000)
    assert len(widths) == 6 and sum(widths) <= 9000 and min(widths) > 0


def _fails(_: int) -> int:
    raise ValueError("bad input")


@pytest.mark.skipif(sys.platform != "linux", reason="the pool forks its workers on Linux")
def test_a_pool_stopped_by_an_error_has_finished_its_thread_before_the_error_goes_on():
    """Left running, the executor's thread could write to a closed pipe at exit (Errno 9, once in 100 runs)."""
    with pytest.raises(ValueError):
        with parallel._executor(2) as executor:
            results = executor.map(_fails, range(4))
            thread = executor._executor_manager_thread
            list(results)
    assert not thread.is_alive()


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="no /proc/self/clear_refs (not Linux)")
def test_an_input_that_cannot_be_read_is_said_as_a_read_error_naming_it():
    """/proc/self/clear_refs, as a `published/` linked to /proc/self shows it: it cannot be read."""
    with pytest.raises(InputError) as caught:
        manifest.file_hash(Path("/proc/self/clear_refs"))
    problem = caught.value.problems[0]
    assert problem.file == "self/clear_refs" and problem.message.startswith("cannot be read: ")


def test_matplotlib_s_warnings_never_reach_the_user(tmp_path, monkeypatch):
    def odd(figure, frame):  # a name with a character no font has: matplotlib warns, twice, on stderr
        fig, ax = plt.subplots(figsize=(2, 2), layout="constrained")
        ax.set_ylabel("Locality \ue000 with a very long name indeed " * 3)
        return fig

    monkeypatch.setattr(charts, "chart", odd)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts.draw(FIGURES[0], None, tmp_path / "odd.png")
    assert (tmp_path / "odd.png").exists() and [str(w.message) for w in caught] == []


def test_a_failed_validate_leaves_no_year_folder_behind(small_raw, tmp_path, monkeypatch):
    monkeypatch.setenv("IRU_WORKERS", "1")
    shutil.copy(REPO / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(small_raw, tmp_path / "data" / "raw")
    validate = ["validate", "--config", str(tmp_path / "config.yaml")]
    assert CliRunner().invoke(main, validate).exit_code == 0
    shutil.copytree(small_raw / "2025", tmp_path / "data" / "raw" / "2024")  # 2025's dates are not 2024's
    result = CliRunner().invoke(main, validate)
    assert result.exit_code == 1 and "nothing was written" in result.output
    extract = tmp_path / "data" / "processed" / "2025" / "extract"
    assert sorted(p.name for p in extract.iterdir()) == ["2025", "published"]
