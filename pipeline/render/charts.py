"""Chart kinds, drawn in the Government Analysis Function style (afcharts).

Accessibility: the AF categorical palette (colour-blind safe), and meaning never by colour alone:
lines carry distinct markers and dash patterns and are labelled directly at their ends; grouped
bars carry hatching and a legend in series order; every bar is labelled with its value.
"""
from __future__ import annotations

import logging
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from afcharts.af_colours import get_af_colours  # noqa: E402

from pipeline.render.figures import BAR, GROUPED_BAR, LINE, MONTH_LINES, Figure  # noqa: E402

logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
plt.style.use("afcharts.afcharts")
plt.rcParams.update({
    "font.sans-serif": ["Arial", "Liberation Sans", "Carlito", "DejaVu Sans"],
    "font.size": 10, "axes.titlesize": 11, "axes.titleweight": "bold", "svg.hashsalt": "iru",
})
PALETTE = get_af_colours("categorical", number_of_colours=6)
MARKERS = ["o", "s", "^", "D", "v", "P"]
DASHES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (1, 1))]
HATCHES = ["", "//", "..", "xx", "\\\\", "--"]
SIZE_INCHES = (6.3, 3.6)
DPI = 200


def _pivot(frame: pd.DataFrame) -> pd.DataFrame:
    """x down, series across, in the frame's own order."""
    xs = list(dict.fromkeys(frame.x))
    series = list(dict.fromkeys(frame.series))
    return frame.pivot_table(index="x", columns="series", values="value", aggfunc="first", sort=False,
                             dropna=False).reindex(index=xs, columns=series)


def _labels(frame: pd.DataFrame) -> pd.DataFrame:
    xs = list(dict.fromkeys(frame.x))
    series = list(dict.fromkeys(frame.series))
    return frame.pivot_table(index="x", columns="series", values="display", aggfunc="first", sort=False) \
        .reindex(index=xs, columns=series)


def _lines(ax, frame: pd.DataFrame) -> None:
    values, shown = _pivot(frame), _labels(frame)
    xs = range(len(values.index))
    for i, name in enumerate(values.columns):
        y = values[name]
        ax.plot(xs, y, color=PALETTE[i % 6], marker=MARKERS[i % 6], linestyle=DASHES[i % 6], markersize=5)
        last = y.last_valid_index()
        if last is not None:
            pos = list(values.index).index(last)
            ax.annotate(f"{name} {shown.loc[last, name]}", (pos, y[last]), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=8, color=PALETTE[i % 6])
    ax.set_xticks(list(xs), list(values.index))
    ax.set_xlim(-0.3, len(values.index) - 1 + 1.8)
    ax.set_ylim(bottom=0)


def _bars(ax, frame: pd.DataFrame) -> None:
    values, shown = _pivot(frame), _labels(frame)
    n = len(values.columns)
    width = 0.8 / max(n, 1)
    for i, name in enumerate(values.columns):
        offsets = [x - 0.4 + width * (i + 0.5) for x in range(len(values.index))]
        bars = ax.bar(offsets, values[name].fillna(0), width, color=PALETTE[i % 6], hatch=HATCHES[i % 6],
                      edgecolor="white", linewidth=0.5, label=name)
        ax.bar_label(bars, labels=[str(s) if isinstance(s, str) else "" for s in shown[name]],
                     fontsize=7 if n > 2 else 8, padding=2)
    ax.set_xticks(range(len(values.index)), list(values.index))
    if n > 1:
        ax.legend(ncols=min(n, 3), fontsize=8, loc="upper left", bbox_to_anchor=(0, -0.12))
    ax.set_ylim(0, max(values.max().max() * 1.15, 1) if values.notna().any().any() else 1)
    if len(values.index) > 5:
        plt.setp(ax.get_xticklabels(), rotation=30, ha="right")


DRAW = {LINE: _lines, MONTH_LINES: _lines, BAR: _bars, GROUPED_BAR: _bars}


def draw(figure: Figure, frame: pd.DataFrame, path: Path) -> None:
    """Draw one figure to a PNG, written atomically, with no varying metadata (reproducible)."""
    fig, ax = plt.subplots(figsize=SIZE_INCHES)
    ax.set_title(figure.title, loc="left")
    ax.set_ylabel(figure.y_label)
    if frame.empty:
        ax.text(0.5, 0.5, "No data", ha="center", va="center", transform=ax.transAxes)
    else:
        DRAW[figure.kind](ax, frame)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp.png")
    fig.savefig(tmp, dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    tmp.replace(path)
