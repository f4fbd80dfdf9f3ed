"""A year of real use (issue 21, items 1-6): from the first real run after the demo to next year's report,
nothing an analyst or a manager made is lost and nothing goes wrong silently."""
from __future__ import annotations

from pathlib import Path

from pipeline.extract.run import _remove_others


def test_units_no_longer_in_the_run_are_all_removed_in_one_run(tmp_path):
    extract = tmp_path / "extract"
    units = [f"{y}/{w}" for y in (2021, 2022, 2023, 2024) for w in ("chic", "cp", "iru", "lado")] + ["2025/cp"]
    for name in units:
        (extract / name).mkdir(parents=True)
        (extract / name / "key").write_text("k")
        (extract / name / "plans.parquet").write_bytes(b"x")
    _remove_others(extract, {"2025/cp", "published"})
    assert sorted(p.parent.relative_to(extract).as_posix() for p in extract.rglob("key")) == ["2025/cp"]


# --- 3. DRAFT and FINAL never disagree ---------------------------------------------------------------
def _slots(*unwritten: str):
    from pipeline.render.commentary import read
    from pipeline.slots import BY_ID

    slots = read(Path("/nonexistent"))["slots"]
    slots["status"] = ["empty" if s in unwritten else "filled" for s in slots.slot]
    assert all(s in BY_ID for s in unwritten)
    return slots


def _config(status: str):
    import dataclasses

    from pipeline.config import load_config
    from tests.conftest import REPO

    config = load_config(REPO / "config.yaml")
    return dataclasses.replace(config, publication={**config.publication, "status": status})


def test_a_report_is_final_only_when_signed_off_and_every_section_is_written():
    from pipeline import final
    from pipeline.render.report import cover

    signed_off, shipped = _config("FINAL"), _config("DRAFT")
    done = cover(signed_off, 2025, final.status(signed_off, _slots()))
    assert done["publication"]["status"] == "FINAL" and done["marks"] == ["Demonstration data"]
    for config, slots in ((signed_off, _slots("summary")), (shipped, _slots())):  # never FINAL beside DRAFT
        page = cover(config, 2025, final.status(config, slots))
        assert page["publication"]["status"] == "DRAFT" and page["marks"] == ["Demonstration data", "DRAFT"]
    assert [str(p) for p in final.draft_reasons(shipped, _slots("summary"))] == [
        "config.yaml › publication.status: is DRAFT (expected publication.status: FINAL once the report is "
        "signed off)",
        "2025/commentary.docx › 5. Summary: not yet written (expected the manager's words under this heading: "
        "a final report needs every section's commentary)"]


def test_final_refuses_a_signed_off_looking_report_whose_config_still_says_draft(demo_raw, tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main
    from tests.conftest import make_project

    config = make_project(tmp_path, demo_raw)  # the demo's commentary is complete; its config says DRAFT
    result = CliRunner().invoke(main, ["report", "--final", "--quiet", "--config", str(config)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == ["  config.yaml › publication.status: is DRAFT (expected "
                                              "publication.status: FINAL once the report is signed off)"]
    assert not (tmp_path / "output").exists()
