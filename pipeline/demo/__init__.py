"""A seeded synthetic authority (Demoshire) and synthetic published comparators, so the report can be
built on a fresh machine with no real data: `generate(raw)` fills a `data/raw/` folder."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from pipeline.demo.authority import DEMO, DemoAuthority
from pipeline.demo.commentary import write_demo_commentary
from pipeline.demo.history import simulate
from pipeline.demo.published import FIRST_PUBLISHED, write_published
from pipeline.demo.workbooks import write_year

__all__ = ["DEMO", "DEMO_RETURNS", "DemoAuthority", "generate"]

DEMO_RETURNS = {2023: "xml", 2024: "csv"}  # years written as DfE returns (the SSDA903 form), so a build reads both


def generate(raw: Path, years: Iterable[int] = range(2021, 2026), seed: int = 2025, scale: float = 1.0,
             published: bool = True, returns: Mapping[int, str] = DEMO_RETURNS) -> None:
    """Write <raw>/<year>/{chic,iru,cp,lado}.xlsx for each year (and the latest year's commentary.docx) and,
    if published, <raw>/published/* . A year in `returns` has the SSDA903 return (in the form given, 'xml' or
    'csv') and the CIN census instead of chic.xlsx and cp.xlsx.

    `scale` multiplies Demoshire's case volumes (and its population); published files describe the
    year before the last local one, as DfE publishes each November.
    """
    raw = Path(raw)
    years = sorted(set(years))
    if not years or scale <= 0:
        raise ValueError(f"need at least one year and a positive scale (got years={years}, scale={scale})")
    first = min(years[0], FIRST_PUBLISHED) if published else years[0]
    history = simulate(DEMO, first, years[-1], seed, scale)
    for year in years:
        write_year(history, raw / str(year), year, returns.get(year, ""))
    write_demo_commentary(raw / str(years[-1]) / "commentary.docx", years[-1])
    if published:
        write_published(raw / "published", history, years[-1] - 1)
