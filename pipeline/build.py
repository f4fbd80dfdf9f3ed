"""One run of the pipeline: extract -> transform -> render, each stage reading what the last one wrote,
each doing only what changed since the run recorded in `data/processed/<year>/manifest.json`.

Heavy libraries are imported inside the stages, so a run with nothing to do ends before loading them.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from pathlib import Path
from typing import Callable

from pipeline import manifest, synthetic
from pipeline.config import Config
from pipeline.files import OutputSet, write_atomically
from pipeline.problems import InputError, Problem, order

Say = Callable[[str], None]
SHOWN_WARNINGS = 10
FEW = 2  # inputs re-read: at most this many, and a run is a re-run after a fix


def _timed(say: Say, what: str, step: Callable):
    t = time.perf_counter()
    result = step()
    say(f"{what} ({time.perf_counter() - t:.1f} s)")
    return result


def _folder(config: Config) -> Path:
    return config.processed_year(config.year)


def run_key(config: Config, inputs: dict[str, str]) -> str:
    """Everything a report is made from: inputs, config, template, code and the year."""
    return manifest.text_hash(str(config.year), manifest.code_version(), manifest.file_hash(config.path),
                              manifest.file_hash(config.template), json.dumps(inputs, sort_keys=True))


def extract(config: Config, say: Say, pool=None):
    """Check the template, validate every changed input (raising InputError with every problem) and write the
    typed tables."""
    from pipeline.extract import run
    from pipeline.render import template
    from pipeline.transform.catalogue import REGISTRY
    from pipeline.transform.rag import check_targets

    in_template, template_warnings = template.check(config.template, template.declared())
    for warning in template_warnings:
        say(f"warning: {warning}")
    problems = check_targets(config.targets, sorted(REGISTRY), config.path.name) + demo_inputs(config) + in_template
    if problems:
        raise InputError(problems)
    extracted, changed = _timed(say, "checked the inputs",
                                lambda: run.extract(config, _folder(config) / "extract", pool))
    say(f"read {', '.join(changed)}" if changed else "no input has changed since it was last read")
    return extracted, changed


def transform(config: Config, say: Say, extracted, before: dict, pool=None) -> str:
    """Compute the indicator table unless nothing it depends on has changed; returns its hash."""
    from pipeline.transform import run

    folder = _folder(config)
    key = manifest.text_hash(manifest.code_version(), manifest.file_hash(config.path), str(config.year),
                             json.dumps(extracted.data_units(), sort_keys=True))
    indicators = folder / "indicators.csv"
    run.pass_commentary(extracted.commentary(config.year), folder)  # an edit to it recomputes no indicator
    for note in extracted.commentary_notes(config.year):
        say(f"commentary: {note}")
    if before.get("transform") == key and indicators.exists() and \
            manifest.file_hash(indicators) == before.get("indicators"):
        say("the indicators are unchanged")
        return key
    result = _timed(say, "computed the indicators", lambda: run.transform(extracted, config, folder / "cache", pool))
    run.write(result, run.text_tables(extracted, config.year), config.year, folder, config.targets,
              run.comparator_groups(extracted, folder / "cache"))
    recomputed = ", ".join(map(str, result.recomputed)) or "none (all cached)"
    say(f"wrote {indicators} ({len(result.indicators):,} rows; years recomputed: {recomputed})")
    # a whole file's warnings (a published file absent, a figure that does not reconcile) before a row's
    unique = {str(w): w for w in result.warnings.warnings}
    warnings = sorted(unique, key=lambda text: (unique[text].row is not None or bool(unique[text].sheet),
                                                order(unique[text])))
    for warning in warnings[:SHOWN_WARNINGS]:
        say(f"warning: {warning}")
    if len(warnings) > SHOWN_WARNINGS:
        say(f"... and {len(warnings) - SHOWN_WARNINGS} more warnings: all are in {folder / 'warnings.csv'} "
            "and the technical annex (technical_annex.docx beside the report)")
    return key


def render(config: Config, say: Say, before: dict, pool=None, html: bool = False):
    from pipeline.render import report

    rendered = _timed(say, "drew the figures and wrote the report",
                      lambda: report.render(config, config.year, before.get("data", {}), pool, html,
                                            before.get("svg", {})))
    say(f"redrew {len(rendered.drawn)} figure(s): {', '.join(rendered.drawn)}" if rendered.drawn
        else "no figure's data changed: none redrawn")
    say(f"wrote {rendered.document} and {rendered.spreadsheet}" + (f" and {rendered.html}" if html else ""))
    for warning in rendered.warnings:
        say(f"warning: {warning}")
    for stale, how in ((rendered.document.with_suffix(".pdf"), "make pdf"),
                       *([] if html else [(rendered.document.with_suffix(".html"), "make html")])):
        if stale.exists():  # a PDF or web page of the report as it was would mislead
            stale.unlink()
            say(f"removed {stale.name}, which showed the report before this run ({how} writes it again)")
    return rendered


def _keep_run(folder: Path, runs: list[dict], indicators_hash: str) -> list[dict]:
    """Keep each distinct indicator table a year's runs produce, so two runs can be compared."""
    if runs and runs[-1]["indicators"] == indicators_hash:
        return runs
    number = runs[-1]["run"] + 1 if runs else 1
    write_atomically(folder / "runs" / f"{number}.csv", lambda tmp: shutil.copyfile(folder / "indicators.csv", tmp))
    return [*runs, {"run": number, "indicators": indicators_hash,
                    "when": dt.datetime.now().isoformat(timespec="seconds")}]


def run_line(runs: list[dict], year: int) -> str:
    """The run's number, so that `iru diff --before/--after` can be used without opening manifest.json."""
    number = runs[-1]["run"]
    compare = f": `iru diff --before {number - 1} --after {number}` shows what it changed" if number > 1 else ""
    return f"this is run {number} of {year}{compare}"


def settle_status(config: Config, say: Say, final: bool) -> None:
    """DRAFT or FINAL, decided once by `pipeline.final`'s one rule and written for render: the typed numbers the
    report contradicts are warnings; `--final` refuses a report that would be a draft, naming every reason; a
    plain build says why a report its config calls FINAL is marked DRAFT."""
    from pipeline import final as publication

    decided = publication.decide(config)
    for problem in decided.typed:
        say(f"warning: {problem}")
    why = decided.reasons
    if final:
        decided.refuse_draft()
    elif config.publication.get("status") == publication.FINAL and why:
        say(f"the report is marked DRAFT though publication.status is FINAL: {why[0]}"
            + (f" (and {len(why) - 1} more: iru report --final lists them)" if len(why) > 1 else ""))


def report(config: Config, say: Say, final: bool = False, html: bool = False) -> Path:
    """Build the report (and, with `html`, its web edition) from what changed since the last run."""
    folder = _folder(config)
    path = folder / "manifest.json"
    before = manifest.read(path)
    inputs = manifest.input_hashes(config.raw, config.trend_years)
    key = run_key(config, inputs)
    root = config.path.parent
    web = _relative(config.output_year(config.year) / "annual_report.html", root)
    if before.get("key") == key and manifest.outputs_intact(before, root) and not final and \
            (not html or web in before.get("outputs", {})):
        say("Nothing has changed since the last run: the report is up to date.")
        if before.get("runs"):
            say(run_line(before["runs"], config.year))
        return config.output_year(config.year) / "annual_report.docx"
    from pipeline import parallel
    from pipeline.edited import keep_edited_report
    from pipeline.render.drawing import warm_up

    document = config.output_year(config.year) / "annual_report.docx"
    keep_edited_report(document, before.get("outputs", {}).get(_relative(document, root)),
                       config.raw_year(config.year) / "commentary.docx", say)

    # the outputs are written in staged copies of their folders, and moved in together once all are made
    with OutputSet(config.output_folders, config.processed, ("extract",)) as staging, parallel.pool() as pool:
        extracted, reread = extract(config, say, pool)
        if len(reread) <= FEW:  # a fix: the workers load the drawing libraries while this process recomputes
            warm_up(pool)  # (a first build keeps them for the years' indicators; they load at the first figure)
        config, say = config.staging(staging.stage()), staging.shown(say)
        folder = _folder(config)
        transform_key = transform(config, say, extracted, before, pool)
        settle_status(config, say, final)  # after transform: a typed number it contradicts is a reason
        rendered = render(config, say, before, pool, html)
        indicators_hash = manifest.file_hash(folder / "indicators.csv")
        outputs = [rendered.document, rendered.spreadsheet, rendered.annex, folder / "indicators.csv",
                   *rendered.figures, *([rendered.html] if rendered.html else [])]
        manifest.write(folder / path.name, {
            "key": key, "year": config.year, "code": manifest.code_version(),
            "config": manifest.file_hash(config.path), "template": manifest.file_hash(config.template),
            "inputs": inputs, "sheets": extracted.sheet_hashes(), "units": extracted.units,
            "transform": transform_key, "indicators": indicators_hash, "data": rendered.hashes, "svg": rendered.svg,
            "outputs": {_relative(staging.final(p), root): manifest.file_hash(p) for p in outputs},
            "runs": (runs := _keep_run(folder, before.get("runs", []), indicators_hash)),
        })
        staging.commit()
    say(run_line(runs, config.year))
    # render removed the old PDF from the staged copy, but a commit only moves files in: remove it here too
    staging.final(rendered.document).with_suffix(".pdf").unlink(missing_ok=True)
    if not html:  # and a web page of the report as it was
        staging.final(rendered.document).with_suffix(".html").unlink(missing_ok=True)
    return staging.final(rendered.document)


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _one_authority(job: tuple[Path, int | None, bool, bool]) -> tuple[str, bool, list[str]]:
    """Build one authority's report in this (worker) process: its name (and config), whether it worked, and
    what it said, the reason it failed first."""
    from pipeline import lock
    from pipeline.config import load_config

    path, year, final, html = job
    name, messages = str(path), []
    try:
        config = load_config(path, year)
        name = f"{config.authority.name} ({path})"
        with lock.held(config):
            report(config, messages.append, final, html)
        return name, True, messages
    except InputError as exc:
        return name, False, [f"{len(exc.problems)} problem(s), nothing written; the first: {exc.problems[0]}",
                             *(f"  {p}" for p in exc.problems)]
    except Exception as exc:  # a fault in one authority's run must not take the others down with it
        return name, False, [f"could not be built: {type(exc).__name__}: {exc}"]


def batch(paths: list[Path], year: int | None, say: Say, final: bool = False, html: bool = False) -> bool:
    """Several authorities' reports, in parallel across the cores; the published files each config names are
    read once, before the work is shared out. One authority's bad input fails that authority alone."""
    import os

    from pipeline import parallel
    from pipeline.config import load_config
    from pipeline.extract import run
    from pipeline.problems import Problems

    for path in paths:
        try:
            run.read_published_once(load_config(path, year).published, Problems())
        except Exception:  # noqa: BLE001 (a bad config, a missing folder: reported when that authority runs)
            pass
    os.environ["IRU_WORKERS"] = "1"  # the authorities share the cores; each runs its own steps in turn
    results = parallel.run_all(_one_authority, [(p, year, final, html) for p in paths])
    for name, ok, messages in results:
        if not ok:
            say(f"FAILED: {name}")
            for message in messages[1:]:
                say(f"  {message}")
    say(f"Summary: {sum(ok for _, ok, _ in results)} of {len(results)} authorities built")
    for name, ok, messages in results:
        say(f"  {'done' if ok else 'FAILED'}: {name}: {messages[-1] if ok else messages[0]}")
    return all(ok for _, ok, _ in results)


def _own_rows(config: Config, year: int, years: list[int]):
    """The authority's own annual rows for the given years (and DfE's published figures for it, which stand in
    for a year without local data): from this year's table, which holds five years, or from each year's own
    table for years further back."""
    import pandas as pd

    from pipeline import table

    def read(y: int):
        path = config.processed_year(y) / "indicators.csv"
        return table.read(path) if path.exists() else table.empty()

    current = read(year)
    parts = [current[current.period == str(y)] if (current.period == str(y)).any() else
             read(y).query("period == @y_text", local_dict={"y_text": str(y)}) for y in years]
    own = pd.concat(parts, ignore_index=True)
    return own[own.area_type.isin(["LA", "LOCALITY", "LA_PUBLISHED"])]


def commentary(config: Config, say: Say, from_year: int | None = None, blank: bool = False) -> Path:
    """The year's commentary.docx, never over an existing one: last year's words carried over (or `from_year`'s),
    each section marked as last year's until edited; a starter, one heading per slot with its prompt, when
    there are none or `blank` asks for it."""
    from pipeline.carried import write_carried
    from pipeline.extract.commentary_file import NAMES, found
    from pipeline.extract.shown_titles import shown_titles
    from pipeline.starter import write_starter

    path = config.raw_year(config.year) / NAMES[0]
    existing = found(config.raw_year(config.year))
    if existing:
        raise UsageError(f"{existing[0]} already exists: it is left as it is (move it away to start again)")
    source_year = config.year - 1 if from_year is None else from_year
    sources = [] if blank else found(config.raw_year(source_year))
    if from_year is not None and not sources:
        raise UsageError(f"there is no commentary for {from_year} in {config.raw_year(from_year)} to start from")
    titles = shown_titles(config.template)  # the headings as the report shows them
    if not sources:
        write_starter(path, config.year, titles)
        say(f"wrote {path}: write the year's commentary under each heading, then run iru report")
        return path
    carried = write_carried(path, config.year, sources[0], source_year, titles)
    say(f"wrote {path}, starting from {source_year}'s commentary: {len(carried)} section(s) carried over, each "
        f"marked as last year's and counted as unwritten until you edit it (iru diff {source_year} {config.year} "
        f"lists the numbers that moved); the others hold their prompt")
    return path


INPUT_DOCS = "docs/inputs.md"


def demo_inputs(config: Config) -> list[Problem]:
    """A real authority's run stops at any synthetic file among its inputs (a demo `published/` file left
    beside real downloads), naming it; the demo authority's run reads nothing else."""
    if synthetic.is_demo_authority(config.authority):
        return []
    return [Problem(str(p.relative_to(config.raw)), message="is synthetic demo data (written by iru demo-data), "
                    f"not {config.authority.name}'s or DfE's figures",
                    expected="the real file in its place: delete this one")
            for p in manifest.input_files(config.raw, config.trend_years) if synthetic.is_synthetic(p)]


def _where_inputs_go(config: Config) -> Problem:
    year = config.raw_year(config.year)
    return Problem(config.path.name, message=f"{config.authority.name} has no data in {config.raw}, and demo data "
                   "is written only for the demo authority's configuration",
                   expected=f"chic.xlsx, iru.xlsx, cp.xlsx and lado.xlsx (or folders of CSVs) in {year}/ and DfE's "
                   f"published files in {config.published}/, as {INPUT_DOCS} describes")


def demo_data(config: Config, say: Say, scale: float, seed: int, if_missing: bool, form: str = "demo",
              force: bool = False, remove: bool = False) -> None:
    """The synthetic authority's five years and published files, written into the configured raw folder
    (the one command that writes there: it stands in for an analyst putting files in place). Written only
    for the demo authority; never over files it did not write itself (its record holds their hashes)
    unless forced; `remove` deletes exactly what it wrote."""
    raw = config.raw
    if remove:
        return _remove_demo(raw, say)
    present = synthetic.data_files(raw)
    if if_missing and present:
        return
    if not synthetic.is_demo_authority(config.authority):
        raise InputError([_where_inputs_go(config)] if not present else [Problem(
            config.path.name, column="authority", message=f"names {config.authority.name}: demo data is written "
            f"only for the demo authority ({synthetic.DEMO_NAME}, {synthetic.DEMO_OLD_LA_CODE})",
            expected="the shipped config.yaml, or a copy with the demo authority's codes")])
    foreign = synthetic.foreign_files(raw)
    if foreign and not force:
        raise InputError([Problem(str(p.relative_to(raw)), message="was not written by iru demo-data (or has been "
                                  "changed since): left as it is, and no demo data written",
                                  expected="--force to overwrite it") for p in foreign])
    from pipeline.demo import DEMO_RETURNS, generate

    years = config.trend_years
    returns = {"demo": DEMO_RETURNS, "workbooks": {}, "returns": dict.fromkeys(years, "xml")}[form]
    generate(raw, years=years, seed=seed, scale=scale, returns=returns)
    synthetic.record(raw)
    say(f"wrote demo data for {years[0]}-{years[-1]} to {raw} (listed in {raw / synthetic.RECORD})")


def _remove_demo(raw: Path, say: Say) -> None:
    """Delete the files demo-data wrote and has not seen changed, and the folders they leave empty."""
    written = set(synthetic.written_by_demo(raw))
    changed = {p.relative_to(raw).as_posix() for p in synthetic.foreign_files(raw)}
    removed = [raw / name for name in sorted(written - changed) if (raw / name).is_file()]
    for path in removed:
        path.unlink()
    for folder in sorted({p.parent for p in removed}, key=lambda p: len(p.parts), reverse=True):
        if folder != raw and not any(folder.iterdir()):
            folder.rmdir()
    (raw / synthetic.RECORD).unlink(missing_ok=True)
    say(f"removed {len(removed)} demo data file(s) from {raw}"
        + (f"; kept {len(written & changed)} changed since" if written & changed else ""))


def diff(config: Config, say: Say, years: tuple[int, int] | None, runs: tuple[int, int] | None) -> Path:
    """Which numbers moved: one year against another (the authority's own figures), or two kept runs of the
    configured year (what did a data fix change?). Prints them, largest first, and writes them as Markdown."""
    from pipeline import table
    from pipeline.render import diff as render_diff
    from pipeline.transform.changes import between, compare

    if runs:
        folder = _folder(config) / "runs"
        missing = [r for r in runs if not (folder / f"{r}.csv").exists()]
        if missing:
            kept = sorted(int(p.stem) for p in folder.glob("*.csv")) if folder.is_dir() else []
            raise UsageError(f"no run {missing[0]} of {config.year} is kept (kept runs: {kept or 'none'})")
        before, after = (table.read(folder / f"{r}.csv") for r in runs)
        changes = compare(before, after, match_period=True)
        title, labels = f"Changes between runs {runs[0]} and {runs[1]} of {config.year}", (f"run {runs[0]}",
                                                                                         f"run {runs[1]}")
        path = config.output / str(config.year) / f"changes_run_{runs[0]}_to_{runs[1]}.md"
    else:
        first, second = years or (config.year - 1, config.year)
        own = _own_rows(config, second, [first, second])
        changes = between(own, str(first), str(second))
        title, labels = f"Changes from {first} to {second}", (str(first), str(second))
        path = config.output / str(second) / f"changes_since_{first}.md"
    shown = render_diff.visible(changes)
    for row in render_diff.rows(shown):
        say(" | ".join(c for c in row if c))
    render_diff.write(path, changes, title, *labels)
    say(f"{len(shown)} values changed as the report prints them.{render_diff.hidden_text(changes, shown)} "
        f"Wrote {path}")
    return path


class UsageError(Exception):
    """A command asked for something that does not exist (exit status 2)."""


def pdf(config: Config, say: Say) -> Path | None:
    """The report's accessible PDF, after its .docx (run `report` first): its contents numbered by page.
    Without LibreOffice, says so and leaves the .docx as it is."""
    from pipeline.render import pdf as render_pdf
    from pipeline.render.reproducible import fixed_time

    out = config.output_year(config.year)
    docx, target = out / "annual_report.docx", out / "annual_report.pdf"
    if render_pdf.soffice() is None:
        say(f"LibreOffice (soffice) is not installed, so no PDF was written; the report is {docx}")
        return None
    _timed(say, "wrote the PDF with LibreOffice",
           lambda: render_pdf.publish(docx, target, config.processed / "libreoffice", fixed_time(config.year)))
    path = _folder(config) / "manifest.json"
    recorded = manifest.read(path)
    name = _relative(docx, config.path.parent)
    if name in recorded.get("outputs", {}):  # the contents now carry page numbers: the .docx is still current
        recorded["outputs"][name] = manifest.file_hash(docx)
        manifest.write(path, recorded)
    say(f"wrote {target}")
    return target
