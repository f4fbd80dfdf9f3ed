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


def _run(step, config_path: Path, year: int | None, quiet: bool):
    from pipeline import build
    from pipeline.config import load_config

    try:
        config = load_config(config_path, year)
        return getattr(build, step)(config, _say(quiet))
    except InputError as exc:
        click.echo(f"{len(exc.problems)} problem(s) stopped the run; nothing was written:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)


@click.group()
def main() -> None:
    """Build the Independent Reviewing Unit annual report from the year's workbooks."""


@main.command()
@CONFIG
@YEAR
@QUIET
def report(config_path, year, quiet):
    """Validate, compute every indicator, draw the figures and write the Word report."""
    _run("report", config_path, year, quiet)


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


@main.command("demo-data")
@CONFIG
@click.option("--scale", type=float, default=1.0, show_default=True, help="Multiply the authority's case volumes.")
@click.option("--seed", type=int, default=2025, show_default=True)
@click.option("--if-missing", is_flag=True, help="Do nothing if the raw folder already holds data.")
@QUIET
def demo_data(config_path, scale, seed, if_missing, quiet):
    """Write a synthetic authority's workbooks (2021-2025) and published files into the raw folder."""
    from pipeline.config import load_config
    from pipeline.demo import generate

    try:
        config = load_config(config_path)
    except InputError as exc:
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    raw = config.raw
    if if_missing and raw.is_dir() and any(p.name != "README.md" for p in raw.iterdir()):
        _say(quiet)(f"{raw} already holds data: left as it is")
        return
    generate(raw, years=range(config.year - 4, config.year + 1), seed=seed, scale=scale)
    _say(quiet)(f"wrote demo data for {config.year - 4}-{config.year} to {raw}")
