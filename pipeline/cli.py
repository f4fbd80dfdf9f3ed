"""The `iru` command. Each command reads the config and calls one function of `pipeline.build`.

Exit status: 0 done, 1 bad input (every problem listed), 2 bad usage.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from pipeline.problems import InputError, one_line

CONFIG = click.option("--config", "config_path", default="config.yaml", show_default=True,
                      type=click.Path(dir_okay=False, path_type=Path), help="The run's config.yaml.")
DEMO_SEED = 2025
YEAR = click.option("--year", type=int, default=None, help="Reporting year (ending 31 March); overrides config.")
QUIET = click.option("--quiet", is_flag=True, help="Print nothing but errors.")
DEMO_IF_MISSING = click.option("--demo-data-if-missing", "demo_if_missing", is_flag=True,
                               help="First write the demo data set if the raw folder is empty (as `iru demo-data "
                                    "--if-missing`, in the same process: what `make report` does).")


def _say(quiet: bool):
    return (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))


def _run(step, config_path: Path, year: int | None, quiet: bool, *args):
    """Load the config and run one step of `pipeline.build` holding the folder's lock: bad input exits 1
    listing every problem."""
    from pipeline import build, lock, progress
    from pipeline.config import load_config

    progress.enable(not quiet)
    config = None
    with _stopped():
        try:
            config = load_config(config_path, year)
            with lock.held(config):
                return getattr(build, step)(config, _say(quiet), *args)
        except InputError as exc:
            _print_problems(exc.problems, config and config.processed_year(config.year) / PROBLEMS_FILE)
            sys.exit(1)
        except build.UsageError as exc:
            raise click.UsageError(str(exc)) from None


PRINTED = 200  # problems printed; the rest are in the csv (194,004 duplicate ids once printed 32 MB)
PROBLEMS_FILE = "problems.csv"


def _print_problems(problems: list, csv_path: Path | None) -> None:
    """The first PRINTED problems, then, if there are more, all of them in a CSV whose path is said (none
    beside a config that could not be read). A CSV left by an earlier run is removed when not needed."""
    click.echo(f"{len(problems)} problem(s) stopped the run; nothing was written:", err=True)
    for problem in problems[:PRINTED]:
        click.echo(f"  {problem}", err=True)
    if csv_path is None:
        return
    if len(problems) <= PRINTED:
        csv_path.unlink(missing_ok=True)
        return
    from pipeline.files import write_atomically
    from pipeline.problems import write_csv

    write_atomically(csv_path, lambda tmp: write_csv(problems, tmp))
    click.echo(f"  and {len(problems) - PRINTED:,} more: all are in {csv_path}", err=True)


@contextmanager
def _stopped():
    """A bad environment (an output that cannot be written, another run) or Ctrl-C: one line, no traceback."""
    from pipeline.files import Blocked, blocked_by

    try:
        yield
    except Blocked as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except OSError as exc:  # writing outside a run's outputs (a change list from `iru diff`, the demo data)
        click.echo(str(blocked_by(exc)), err=True)
        sys.exit(1)
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as exc:
        if os.environ.get("IRU_DEBUG"):
            raise
        click.echo(f"internal error, a fault in the pipeline rather than in the input: {type(exc).__name__}: "
                   f"{one_line(str(exc))} (IRU_DEBUG=1 shows where; please report it)", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted: stopped, and the outputs are as the last finished run left them.", err=True)
        sys.exit(130)


@click.group()
def main() -> None:
    """Build the Independent Reviewing Unit annual report from the year's workbooks."""


@main.command()
@click.option("--config", "config_paths", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The run's config.yaml (default ./config.yaml); give several to build several authorities.")
@click.option("--batch", "batch_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file listing config files, one per line (relative to the file), to build in parallel.")
@YEAR
@click.option("--pdf", is_flag=True, help="Also write the accessible PDF with LibreOffice (a few seconds more).")
@click.option("--final", is_flag=True, help="Refuse to build while any section's commentary is unwritten.")
@click.option("--html", is_flag=True, help="Also write the accessible web edition, annual_report.html (one file).")
@QUIET
@DEMO_IF_MISSING
def report(config_paths, batch_file, year, pdf, final, html, quiet, demo_if_missing):
    """Validate, compute every indicator, draw the figures and write the Word report."""
    paths = list(config_paths)
    if batch_file:
        lines = [ln.split("#")[0].strip() for ln in batch_file.read_text().splitlines()]
        paths += [batch_file.parent / ln for ln in lines if ln]
    if len(paths) <= 1:
        _report(paths[0] if paths else Path("config.yaml"), year, quiet, demo_if_missing, final, html)
        if pdf:
            _run("pdf", paths[0] if paths else Path("config.yaml"), year, quiet)
        return
    from pipeline import build

    with _stopped():
        if not build.batch(paths, year, _say(quiet), final, html):
            sys.exit(1)
    for path in paths if pdf else []:
        _run("pdf", path, year, quiet)


@main.command()
@CONFIG
@YEAR
@QUIET
def validate(config_path, year, quiet):
    """Check the year's workbooks and published files; list every problem."""
    _run("extract", config_path, year, quiet)
    if not quiet:
        click.echo("The input is valid.", err=True)


@main.command()
@CONFIG
@YEAR
@QUIET
@DEMO_IF_MISSING
def figures(config_path, year, quiet, demo_if_missing):
    """Bring the figures (and so the report) up to date: only what changed is redrawn."""
    _report(config_path, year, quiet, demo_if_missing)


def _report(config_path: Path, year: int | None, quiet: bool, demo_if_missing: bool, final: bool = False,
            html: bool = False) -> None:
    if demo_if_missing:
        _run("demo_data", config_path, year, quiet, 1.0, DEMO_SEED, True)
    _run("report", config_path, year, quiet, final, html)


@main.command()
@CONFIG
@YEAR
@click.option("--from", "from_year", type=int, help="Start from this year's commentary (default: last year's, "
              "if there is one).")
@click.option("--blank", is_flag=True, help="Start from the blank starter even if last year has a commentary.")
@QUIET
def commentary(config_path, year, from_year, blank, quiet):
    """Write the year's commentary.docx: last year's words carried over, each section marked as last year's
    until edited, or (with none, or --blank) a starter with one heading per section and what belongs there."""
    if from_year is not None and blank:
        raise click.UsageError("give --from YEAR or --blank, not both")
    _run("commentary", config_path, year, quiet, from_year, blank)


@main.command("demo-data")
@CONFIG
@YEAR
@click.option("--scale", type=float, default=1.0, show_default=True, help="Multiply the authority's case volumes.")
@click.option("--seed", type=int, default=DEMO_SEED, show_default=True)
@click.option("--if-missing", is_flag=True, help="Do nothing if the raw folder already holds data.")
@click.option("--format", "form", type=click.Choice(["demo", "workbooks", "returns"]), default="demo",
              show_default=True,
              help="workbooks: every year as the four workbooks; returns: every year's chic and cp as the SSDA903 "
                   "XML and CIN census; demo: 2023 and 2024 as returns (903 XML, then CSVs), the rest as workbooks.")
@click.option("--force", is_flag=True, help="Overwrite files in the raw folder that demo-data did not write.")
@click.option("--remove", is_flag=True, help="Delete the demo data (only the files demo-data wrote, unchanged).")
@QUIET
def demo_data(config_path, year, scale, seed, if_missing, form, force, remove, quiet):
    """Write the demo authority's synthetic workbooks (the five years to --year) and published files into the raw
    folder: only for the demo authority's config, and never over files it did not write unless --force."""
    _run("demo_data", config_path, year, quiet, scale, seed, if_missing, form, force, remove)


@main.command()
@click.argument("years", nargs=-1, type=int)
@click.option("--before", "run_before", type=int, help="A kept run of the configured year (see manifest.json).")
@click.option("--after", "run_after", type=int, help="A later kept run of the same year.")
@CONFIG
@YEAR
@QUIET
def diff(years, run_before, run_after, config_path, year, quiet):
    """Which numbers moved: `iru diff 2024 2025`, or `--before 1 --after 2` for two runs of one year.
    With neither, the configured year against the year before."""
    if len(years) not in (0, 2) or (run_before is None) != (run_after is None) or (years and run_before):
        raise click.UsageError("give two years (iru diff 2024 2025) or two runs (--before 1 --after 2)")
    runs = (run_before, run_after) if run_before is not None else None
    _run("diff", config_path, year, quiet, tuple(years) or None, runs)


if __name__ == "__main__":
    main()
