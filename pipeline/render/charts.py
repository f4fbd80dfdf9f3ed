"""Chart kinds, drawn in the Government Analysis Function style (afcharts).

Accessibility: the AF categorical palette (colour-blind safe), and meaning never by colour alone:
lines carry distinct markers and dash patterns and are labelled directly at their ends; bars in a
group carry hatching and a legend in series order, and every bar is labelled with its value.
"""
from __future__ import annotations

import logging
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from afcharts.af_colours import get_af_colours  # noqa: E402

from pipeline.files import write_atomically  # noqa: E402
from pipeline.render.figures import BAR, HBAR, LINE, Figure  # noqa: E402
from pipeline.render.query import grid  # noqa: E402

logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
plt.style.use("afcharts.afcharts")
plt.rcParams.update({
    "font.sans-serif": ["Arial", "Liberation Sans", "Carlito", "DejaVu Sans"],
    "font.size": 9, "axes.titlesize": 10, "axes.titleweight": "bold", "axes.labelsize": 9,
    "text.parse_math": False,  # every label is plain text: an authority named "Test $x^$ shire" is just that
})
PALETTE = get_af_colours("categorical", number_of_colours=6)
MARKERS = ["o", "s", "^", "D", "v", "P"]
DASHES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (1, 1))]
HATCHES = ["", "//", "..", "xx", "\\\\", "--"]
SIZE_INCHES = (6.3, 3.6)
DPI = 200


def _wrapped(labels) -> list[str]:
    """Long category names on two lines rather than overlapping."""
    return [textwrap.fill(str(label), 14) for label in labels]


def _style(i: int) -> dict:
    return {"color": PALETTE[i % 6], "marker": MARKERS[i % 6], "linestyle": DASHES[i % 6]}


def _spread(ys: list[float], gap: float) -> list[float]:
    """Label heights moved apart just enough that no two are closer than `gap` (order kept)."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = [ys[i] for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    out = [0.0] * len(ys)
    for k, i in enumerate(order):
        out[i] = placed[k]
    return out


def _lines(ax, frame: pd.DataFrame) -> None:
    """One line per series, labelled at its last point with its name and value (no legend to decode)."""
    values, shown = grid(frame, "value"), grid(frame, "display")
    xs = list(range(len(values.index)))
    top = max(float(values.max().max()) * 1.15, 1) if values.notna().any().any() else 1
    ends = []
    for i, name in enumerate(values.columns):
        y = values[name].astype(float)
        ax.plot(xs, y, markersize=4, **_style(i))
        last = y.last_valid_index()
        if last is not None:
            ends.append((i, name, list(values.index).index(last), float(y[last]), shown.loc[last, name]))
    label_ys = _spread([e[3] for e in ends], gap=top * 0.06)
    for (i, name, pos, y, text), label_y in zip(ends, label_ys):
        ax.annotate(f"{name}: {text}", (pos, y), xytext=(pos + 0.15, label_y), textcoords="data", va="center",
                    fontsize=7, color=PALETTE[i % 6])
    ax.set_xticks(xs, list(values.index))
    ax.set_xlim(-0.3, len(xs) - 1 + max(1.5, len(xs) * 0.35))
    ax.set_ylim(bottom=0, top=max(top, max(label_ys, default=0) * 1.05))


def _bars(ax, frame: pd.DataFrame, horizontal: bool) -> None:
    values, shown = grid(frame, "value"), grid(frame, "display")
    n = len(values.columns)
    width = 0.8 / max(n, 1)
    positions = range(len(values.index))
    for i, name in enumerate(values.columns):
        offsets = [p - 0.4 + width * (i + 0.5) for p in positions]
        heights = values[name].astype(float).fillna(0)
        draw = ax.barh if horizontal else ax.bar
        bars = draw(offsets, heights, width, color=PALETTE[i % 6], hatch=HATCHES[i % 6], edgecolor="white",
                    linewidth=0.5, label=name)
        if n <= 3:  # beyond three series the labels crowd; the values are in the table and alt text
            ax.bar_label(bars, labels=[s if isinstance(s, str) else "" for s in shown[name]], fontsize=7, padding=2)
    top = max(float(values.max().max()) * 1.18, 1) if values.notna().any().any() else 1
    if horizontal:
        ax.set_yticks(list(positions), list(values.index))
        ax.invert_yaxis()
        ax.set_xlim(0, top)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
    else:
        ax.set_xticks(list(positions), _wrapped(values.index))
        ax.set_ylim(0, top)
        if len(values.index) > 6:
            plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    if n > 1:
        ax.legend(ncols=min(n, 3), fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.14 if not horizontal else -0.1))


DRAW = {LINE: _lines, BAR: lambda ax, f: _bars(ax, f, False), HBAR: lambda ax, f: _bars(ax, f, True)}


def draw(figure: Figure, frame: pd.DataFrame, path: Path) -> None:
    """Draw one figure to a PNG, written atomically, with no varying metadata (reproducible)."""
    horizontal = figure.kind == HBAR
    height = SIZE_INCHES[1] + (0.12 * max(0, frame.x.nunique() * max(frame.series.nunique(), 1) - 12)
                               if horizontal else 0)
    fig, ax = plt.subplots(figsize=(SIZE_INCHES[0], min(height, 7.5)))
    ax.set_title(textwrap.fill(figure.title, 70), loc="left")
    (ax.set_xlabel if horizontal else ax.set_ylabel)(figure.y_label)
    if frame.empty or frame.value.isna().all():
        ax.text(0.5, 0.5, "No data for this period", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        DRAW[figure.kind](ax, frame)
    fig.tight_layout()
    write_atomically(path, lambda tmp: fig.savefig(tmp, format="png", dpi=DPI, metadata={"Software": None}))
    plt.close(fig)
