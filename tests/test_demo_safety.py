"""Demo data is never taken for real: written only for the demo authority, never over an analyst's files,
recognisable in every file, and refused among a real authority's inputs."""
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.synthetic import RECORD, is_synthetic
from tests.conftest import PUBLISHED, REPO, needs_shared


def _config(folder: Path, real: bool) -> Path:
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    if real:
        config["authority"] = {"name": "Devon", "old_la_code": 878, "new_la_code": "E10000008", "region": "South West"}
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def _iru(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(map(str, args)))
    return result.exit_code, result.output


def test_a_real_authority_with_no_data_is_told_where_to_put_it(tmp_path):
    code, out = _iru("report", "--demo-data-if-missing", "--config", _config(tmp_path, real=True))
    assert code == 1
    assert "Devon has no data in" in out and "chic.xlsx, iru.xlsx, cp.xlsx and lado.xlsx" in out
    assert "docs/inputs.md" in out and not (tmp_path / "data" / "raw").exists()


def test_demo_data_is_written_only_for_the_demo_authority(tmp_path):
    (tmp_path / "data" / "raw" / "2025").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "2025" / "notes.txt").write_text("mine")
    code, out = _iru("demo-data", "--config", _config(tmp_path, real=True))
    assert code == 1 and "names Devon: demo data is written only for the demo authority (Demoshire, 999)" in out


def test_demo_data_never_overwrites_files_it_did_not_write(tmp_path, demo_raw):
    config = _config(tmp_path, real=False)
    raw = tmp_path / "data" / "raw"
    (raw / "2025").mkdir(parents=True)
    (raw / "2025" / "lado.xlsx").write_bytes(b"an analyst's own workbook")
    code, out = _iru("demo-data", "--config", config)
    assert code == 1 and "2025/lado.xlsx: was not written by iru demo-data" in out and "--force" in out
    assert (raw / "2025" / "lado.xlsx").read_bytes() == b"an analyst's own workbook"


def test_demo_data_records_what_it_wrote_and_removes_only_that(tmp_path):
    config = _config(tmp_path, real=False)
    raw = tmp_path / "data" / "raw"
    (raw / "2025").mkdir(parents=True)
    (raw / "2025" / "lado.xlsx").write_bytes(b"an analyst's own workbook")
    code, _ = _iru("demo-data", "--force", "--scale", "0.05", "--config", config)
    assert code == 0 and is_synthetic(raw / "2025" / "lado.xlsx")
    assert "published/bds_long_0.parquet" in (raw / RECORD).read_text()
    assert _iru("demo-data", "--scale", "0.05", "--config", config)[0] == 0  # its own files: rewritten
    (raw / "2025" / "cp.xlsx").write_bytes(b"edited since")
    (raw / "mine.csv").write_text("a,b\n")
    code, out = _iru("demo-data", "--remove", "--config", config)
    assert code == 0 and "kept 1 changed since" in out
    assert sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file()) == ["2025/cp.xlsx",
                                                                                           "mine.csv"]


def test_every_demo_file_is_marked_and_a_real_run_stops_at_one(tmp_path, demo_raw):
    assert all(is_synthetic(p) for p in demo_raw.rglob("*") if p.is_file())
    config = _config(tmp_path, real=True)
    raw = tmp_path / "data" / "raw"
    shutil.copytree(demo_raw / "2025", raw / "2025")
    (raw / "published").mkdir()
    shutil.copy(demo_raw / "published" / "bds_long_0.parquet", raw / "published")
    code, out = _iru("validate", "--config", config)
    assert code == 1
    assert "published/bds_long_0.parquet: is synthetic demo data (written by iru demo-data), not Devon's or " \
           "DfE's figures" in out
    assert out.count("is synthetic demo data") == 6  # four workbooks, the commentary, the LAIT file


@needs_shared
def test_real_files_are_not_taken_for_synthetic():
    files = [p for p in PUBLISHED.rglob("*") if p.is_file()]
    assert len(files) > 10 and not [p.name for p in files if is_synthetic(p)]


def test_a_demo_run_says_demonstration_data_on_the_cover_and_every_page(built_demo):
    import zipfile

    from docx import Document

    _, document, _ = built_demo
    doc = Document(document)
    assert any("Demonstration data" in p.text for p in doc.paragraphs[:3])
    assert all("Demonstration data" in s.header.paragraphs[0].text for s in doc.sections)
    with zipfile.ZipFile(document) as z:  # the one header every section uses
        assert [n for n in z.namelist() if n.startswith("word/header")] == ["word/header1.xml"]
