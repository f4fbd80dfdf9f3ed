"""config.yaml: validated on load, every problem naming its key and the nearest valid one."""
from pathlib import Path

import pytest
import yaml

from pipeline.config import load_config
from pipeline.problems import InputError

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path, data) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def base() -> dict:
    return yaml.safe_load((REPO / "config.yaml").read_text())


def messages(tmp_path, data) -> list[str]:
    with pytest.raises(InputError) as err:
        load_config(write(tmp_path, data))
    return [str(p) for p in err.value.problems]


def test_the_shipped_config_loads_with_paths_relative_to_it(tmp_path):
    config = load_config(write(tmp_path, base()))
    assert config.authority.name == "Demoshire" and config.year == 2025
    assert config.raw == tmp_path / "data" / "raw"
    assert config.localities["Mid and East"] == 56900
    assert config.targets["cp.icpc_timely_pct"].green_at == 90
    assert config.suppression_enabled is False and config.suppression_max_count == 5


def test_year_flag_overrides_the_file(tmp_path):
    assert load_config(write(tmp_path, base()), year=2024).year == 2024


def test_unknown_key_suggests_the_nearest(tmp_path):
    data = base()
    data["authority"]["nmae"] = data["authority"].pop("name")
    found = messages(tmp_path, data)
    assert "config.yaml › authority.nmae: unknown key (did you mean 'name'?)" in found
    assert "config.yaml › authority.name: missing (expected text)" in found


def test_wrong_type_names_key_and_expectation(tmp_path):
    data = base()
    data["year"] = "twenty"
    data["localities"]["North"] = "lots"
    found = messages(tmp_path, data)
    assert "config.yaml › year: is 'twenty' (expected a whole number)" in found
    assert "config.yaml › localities.North: is 'lots' (expected a whole number)" in found


def test_top_level_typo(tmp_path):
    data = base()
    data["suppresion"] = data.pop("suppression")
    assert "config.yaml › suppresion: unknown key (did you mean 'suppression'?)" in messages(tmp_path, data)


def test_targets_are_absolute_or_relative(tmp_path):
    data = base()
    data["targets"] = {"cp.icpc_timely_pct": {"green_at": 90, "amber_at": "eighty", "higher_is_better": True},
                       "cp.repeat_2y_pct": {"compare_to": "STAT_NEIGHBOR", "amber_within_pct": 10,
                                            "higher_is_better": False}}
    found = messages(tmp_path, data)
    assert "config.yaml › targets.cp.icpc_timely_pct.amber_at: is 'eighty' (expected a number)" in found
    assert any("STAT_NEIGHBOR" in f and "did you mean 'STAT_NEIGHBOURS'?" in f for f in found)


def test_comparator_groups_are_lists_or_files(tmp_path):
    data = base()
    data["comparators"] = {"statistical_neighbours": [933, 893], "good_authorities": {"file": "x.ods"}}
    config = load_config(write(tmp_path, data))
    assert config.statistical_neighbours == [933, 893] and config.good_authorities == "x.ods"


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(InputError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "config.yaml"
    bad.write_text("authority: [unclosed\n")
    with pytest.raises(InputError, match="not valid YAML"):
        load_config(bad)


def test_a_target_for_an_unknown_indicator_is_an_error_naming_the_nearest(tmp_path):
    from pipeline.transform.catalogue import REGISTRY
    from pipeline.transform.rag import check_targets

    data = base()
    data["targets"]["cp.icpc_timly_pct"] = data["targets"].pop("cp.icpc_timely_pct")
    config = load_config(write(tmp_path, data))
    found = [str(p) for p in check_targets(config.targets, sorted(REGISTRY), "config.yaml")]
    assert found == ["config.yaml › targets.cp.icpc_timly_pct: unknown indicator (did you mean 'cp.icpc_timely_pct'?)"]


@pytest.mark.parametrize("key, value", [("output", "data/raw"), ("processed", "data/raw/cache"), ("figures", "data"),
                                        ("output", ".")])
def test_nothing_the_pipeline_writes_may_be_in_or_above_the_raw_folder(tmp_path, key, value):
    data = base()
    data["paths"][key] = value
    found = messages(tmp_path, data)
    assert len(found) == 1 and found[0].startswith(f"config.yaml › paths.{key}: ") and "paths.raw" in found[0]


def test_a_symlink_into_the_raw_folder_is_followed(tmp_path):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "out").symlink_to(tmp_path / "data" / "raw")
    data = base()
    data["paths"]["output"] = "out"
    assert any("paths.output" in f and "paths.raw" in f for f in messages(tmp_path, data))


def test_a_config_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_bytes(yaml.safe_dump(base()).encode().replace(b"Demoshire", "Démoshire".encode("latin-1")))
    with pytest.raises(InputError) as err:
        load_config(path)
    line = yaml.safe_dump(base()).splitlines().index(next(ln for ln in yaml.safe_dump(base()).splitlines()
                                                           if "Demoshire" in ln)) + 1
    assert [str(p) for p in err.value.problems] == [
        f"config.yaml › row {line}: is not UTF-8 text (byte 0xe9) (expected the file saved as UTF-8)"]


@pytest.mark.parametrize("key, value, shown", [
    (("team", "iro_handbook_range"), [], "team.iro_handbook_range: is []"),
    (("team", "iro_handbook_range"), [70], "team.iro_handbook_range: is [70]"),
    (("team", "iro_handbook_range"), [70, 50], "team.iro_handbook_range: is [70, 50]"),
    (("localities", "North"), 0, "localities.North: 0 is out of range"),
    (("localities", "North"), -5, "localities.North: -5 is out of range"),
    (("localities", "North"), 10**30, "localities.North: 1000000000000000000000000000000 is out of range"),
    (("localities", "North"), float("inf"), "localities.North: is inf (expected a whole number)"),
    (("team", "iro_caseload_target"), float("nan"), "team.iro_caseload_target: is nan (expected a finite number)"),
    (("year",), 25, "year: 25 is out of range (expected 2,000 to 2,100)"),
])
def test_config_numbers_are_checked_for_shape_and_range(tmp_path, key, value, shown):
    data = base()
    *outer, last = key
    (data[outer[0]] if outer else data)[last] = value
    found = messages(tmp_path, data)
    assert any(f.startswith(f"config.yaml › {shown}") for f in found), found


def test_a_missing_or_foreign_template_is_a_problem_at_load(tmp_path):
    data = base()
    data["paths"]["template"] = "nowhere.docx"
    assert any("nowhere.docx: template not found" in f for f in messages(tmp_path, data))
    (tmp_path / "fake.docx").write_text("not a zip")
    data["paths"]["template"] = "fake.docx"
    assert any("fake.docx: template cannot be read as a Word document" in f for f in messages(tmp_path, data))


def test_publication_keys_fill_the_cover_and_status_must_be_draft_or_final(tmp_path):
    config = load_config(write(tmp_path, base()))
    assert config.publication["status"] == "DRAFT" and config.publication["version"] == "0.1"
    assert str(config.publication["published"]) == "2025-09-30"
    data = base()
    data["publication"] = {"status": "final", "published": "30/09/2025", "version": 2}
    assert messages(tmp_path, data) == [
        "config.yaml › publication.published: is '30/09/2025' (expected a date written YYYY-MM-DD)",
        "config.yaml › publication.status: is 'final' (expected DRAFT or FINAL)"]
    del data["publication"]
    assert load_config(write(tmp_path, data)).publication["status"] == "DRAFT"
