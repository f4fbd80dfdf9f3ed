"""The `iru` command. Each command reads the config and calls one function of `pipeline.build`.

Exit status: 0 done, 1 bad input (every problem listed), 2 bad usage.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.problems import InputError

CONFIG = click.option("--config", "config_path", default="config.yaml", show_default=True,
                      type=click.Path(dir_okay=False, path_type=Path), help="The run's config.yaml.")
YEAR = click.option("--year", type=int, default=None, help="Reporting year (ending 31 March); overrides config.")
QUIET = click.option("--quiet", is_flag=True, help="Print nothing but errors.")


def _say(quiet: bool):
    return (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))


def _run(step, config_path: Path, year: int | None, quiet: bool, *args):
    """Load the config and run one step of `pipeline.build`: bad input exits 1 listing every problem."""
    from pipeline import build
    from pipeline.config import load_config

    try:
        config = load_config(config_path, year)
        return getattr(build, step)(config, _say(quiet), *args)
    except InputError as exc:
        click.echo(f"{len(exc.problems)} problem(s) stopped the run; nothing was written:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    except build.UsageError as exc:
        raise click.UsageError(str(exc)) from None


@click.group()
def main() -> None:
    """Build the Independent Reviewing Unit annual report from the year's workbooks."""


@main.command()
@click.option("--config", "config_paths", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The run's config.yaml (default ./config.yaml); give several to build several authorities.")
@click.option("--batch", "batch_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file listing config files, one per line (relative to the file), to build in parallel.")
@YEAR
@click.option("--final", is_flag=True, help="Refuse to build while any section's commentary is unwritten.")
@QUIET
def report(config_paths, batch_file, year, final, quiet):
    """Validate, compute every indicator, draw the figures and write the Word report."""
    paths = list(config_paths)
    if batch_file:
        lines = [ln.split("#")[0].strip() for ln in batch_file.read_text().splitlines()]
        paths += [batch_file.parent / ln for ln in lines if ln]
    if len(paths) <= 1:
        _run("report", paths[0] if paths else Path("config.yaml"), year, quiet, final)
        return
    from pipeline import build

    if not build.batch(paths, year, _say(quiet)):
        sys.exit(1)


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
def figures(config_path, year, quiet):
    """Bring the figures (and so the report) up to date: only what changed is redrawn."""
    _run("report", config_path, year, quiet)


@main.command()
@CONFIG
@YEAR
@QUIET
def commentary(config_path, year, quiet):
    """Write a starter commentary.docx for the year (one heading per section, with what belongs there)."""
    _run("commentary", config_path, year, quiet)


@main.command("demo-data")
@CONFIG
@YEAR
@click.option("--scale", type=float, default=1.0, show_default=True, help="Multiply the authority's case volumes.")
@click.option("--seed", type=int, default=2025, show_default=True)
@click.option("--if-missing", is_flag=True, help="Do nothing if the raw folder already holds data.")
@QUIET
def demo_data(config_path, year, scale, seed, if_missing, quiet):
    """Write a synthetic authority's workbooks (the five years to --year) and published files into the raw folder."""
    _run("demo_data", config_path, year, quiet, scale, seed, if_missing)


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
