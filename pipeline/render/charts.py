"""Chart kinds, drawn in the Government Analysis Function style (afcharts).

Accessibility: the AF categorical palette (colour-blind safe), and meaning never by colour alone:
lines carry distinct markers and dash patterns and are labelled directly, beside their ends; bars in a
group carry hatching and a legend in series order, and every bar is labelled with its value. Text in a
series' colour is that colour darkened to 4.5:1 against the white (`contrast.legible`).

One look for one thing in every chart: the authority this year is always dark blue and solid, last year
turquoise, hatched and dashed, each comparator its own colour, marker and pattern (`ROLES`). Text is laid
out by matplotlib's constrained layout, with the title and the legend outside the axes, so that no label
sits on another and nothing is cut off at the edge (tests/test_charts.py checks every figure).
"""
from __future__ import annotations

import logging
import textwrap
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from afcharts.af_colours import get_af_colours  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FixedLocator, MaxNLocator, PercentFormatter  # noqa: E402

from pipeline.files import write_atomically  # noqa: E402
from pipeline.render.contrast import legible  # noqa: E402
from pipeline.render.figures import BAR, HBAR, LINE, Figure  # noqa: E402
from pipeline.render.formats import NOT_AVAILABLE  # noqa: E402
from pipeline.render.labels import AREA_TYPES  # noqa: E402
from pipeline.render.query import COMPARATORS, grid  # noqa: E402
from pipeline.table import year_of  # noqa: E402

logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
plt.style.use("afcharts.afcharts")
plt.rcParams.update({
    "font.sans-serif": ["Arial", "Liberation Sans", "Carlito", "DejaVu Sans"],
    "font.size": 9, "axes.titlesize": 10, "axes.titleweight": "bold", "axes.labelsize": 9,
    "text.usetex": False, "text.parse_math": False,  # every label as plain text: '$' and '_' are characters
})
PALETTE = get_af_colours("categorical", number_of_colours=6)
MARKERS = ["o", "s", "^", "D", "v", "P"]
DASHES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (1, 1))]
HATCHES = ["", "//", "..", "xx", "\\\\", "--"]
# The style of each kind of series, the same in every chart: (palette index, marker, dash, hatch).
ROLES = {
    "this": (0, "o", "-", ""), "last": (1, "s", "--", "//"), "earlier": (5, "v", (0, (1, 1)), "--"),
    "ENGLAND": (2, "^", "-.", ".."), "REGION": (3, "D", ":", "xx"), "STAT_NEIGHBOURS": (4, "P", (0, (5, 1)), "\\\\"),
    "GOOD_LAS": (5, "v", (0, (1, 1)), "--"),
}
SIZE_INCHES = (6.3, 3.6)
MIN_HBAR_INCHES = 2.8  # room for the title, the axis and the legend around a few bars
DPI = 200
TITLE_WIDTH = 64  # characters of a 10 pt bold title across the image
LABEL_WIDTH = 22  # characters of a line's end label before it wraps


def _wrapped(labels, width: int = 14) -> list[str]:
    """Long category names on two lines rather than overlapping (words are never split)."""
    return [textwrap.fill(str(label), width, break_long_words=False) for label in labels]


def roles(frame: pd.DataFrame) -> dict[str, tuple]:
    """Each series' style. Where the series are areas or years, the authority's years and the comparators
    by what they are; where they are measures, categories or localities, the palette in order."""
    own = frame.area_type.isin(["LA", "LA_PUBLISHED", "LOCALITY"])
    this_year = max((year_of(p) for p in frame.period[own]), default=0)
    first = frame.groupby("series", sort=False).first()
    years = frame.groupby("series", sort=False).period.agg(lambda p: {year_of(x) for x in p})
    by_year = bool(len(years)) and years.map(len).eq(1).all() and years.map(min).nunique() > 1
    keys = [(t, a if t == "LOCALITY" else "", min(y) if by_year else 0) for t, a, y in zip(first.area_type,
                                                                                        first.area, years)]
    if len(set(keys)) < len(keys) or (first.area_type == "LOCALITY").any() and not by_year:
        return {name: (i % 6, MARKERS[i % 6], DASHES[i % 6], HATCHES[i % 6]) for i, name in enumerate(first.index)}
    styles = {}
    for name, (area_type, _, year) in zip(first.index, keys):
        age = this_year - year if by_year else 0
        styles[name] = ROLES[area_type if area_type in ROLES else ("this", "last", "earlier")[min(age, 2)]]
    return styles


def _spread(ys: list[float], half: list[float], low: float, high: float) -> list[float]:
    """Label heights moved apart just enough that no two overlap, and kept between `low` and `high` (`half`:
    each label's half height; their order kept): pushed up from the lowest, then down from the highest."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed, halves = [ys[i] for i in order], [half[i] for i in order]
    for k in range(len(placed)):
        floor = low + halves[k] if k == 0 else placed[k - 1] + halves[k - 1] + halves[k]
        placed[k] = max(placed[k], floor)
    for k in reversed(range(len(placed))):
        ceiling = high - halves[k] if k == len(placed) - 1 else placed[k + 1] - halves[k + 1] - halves[k]
        placed[k] = min(placed[k], ceiling)
    out = [0.0] * len(ys)
    for k, i in enumerate(order):
        out[i] = placed[k]
    return out


def _round_ticks() -> MaxNLocator:
    """About six ticks at whole numbers: a percentage axis's ticks, and where a line chart's axis starts."""
    return MaxNLocator(6, integer=True)


def _value_axis(ax, frame: pd.DataFrame, horizontal: bool, top: float, bottom: float = 0) -> None:
    """Counts in whole numbers; percentages as percentages, never beyond 100%."""
    axis = ax.xaxis if horizontal else ax.yaxis
    units = set(frame.unit)
    if units <= {"count"}:
        axis.set_major_locator(MaxNLocator(integer=True))
    if units == {"percent"}:  # ticks never beyond 100%, but room above it for a label on a bar near 100%
        top = min(top, 100 * (1 + HEADROOM))
        ticks = _round_ticks().tick_values(bottom, min(top, 100))
        axis.set_major_locator(FixedLocator([t for t in ticks if bottom <= t <= 100]))  # whole percentages
        axis.set_major_formatter(PercentFormatter(decimals=0))
    (ax.set_xlim if horizontal else ax.set_ylim)(bottom, top)


LABEL_LINE = 0.075  # one line of 7 pt text, as a share of a chart's value axis of the usual height
HEADROOM = 0.15  # above the highest value, as a share of the axis


def _line_range(values: pd.DataFrame, percent: bool) -> tuple[float, float]:
    """The value axis of a line chart, from the data: from zero, unless every value is in the top half of that
    (timeliness between 80% and 95%, say), when it starts at a round number below the lowest so that the lines
    can be told apart; a little room above the highest, never beyond 100%."""
    if not values.notna().any().any():
        return 0, 1
    lowest, highest = float(values.min().min()), float(values.max().max())
    low = 0.0
    if lowest > highest / 2:
        pad = max(highest - lowest, highest * 0.05) * 0.25
        low = max(0.0, float(_round_ticks().tick_values(lowest - pad, highest)[0]))  # a round number
    high = max(highest + (highest - low) * HEADROOM, low + 1)
    return low, min(high, 100) if percent else high


def _lines(ax, frame: pd.DataFrame, styles: dict[str, tuple]) -> list[str]:
    """One line per series, labelled to the right of the last year, level with its last point, with its name
    and value (and that point's year where it is not the last: a comparator published a year behind), in the
    series' colour darkened as far as text needs; no legend to decode. The labels are moved apart as little as
    they need and kept within the value axis."""
    values, shown = grid(frame, "value"), grid(frame, "display")
    xs = list(range(len(values.index)))
    low, high = _line_range(values, set(frame.unit) == {"percent"})
    ends = []
    for name in values.columns:
        colour, marker, dash, _ = styles[name]
        y = values[name].astype(float)
        ax.plot(xs, y, markersize=4, color=PALETTE[colour], marker=marker, linestyle=dash, label=name)
        last = y.last_valid_index()
        if last is not None:
            when = "" if last == values.index[-1] else f", {last}"
            label = textwrap.fill(f"{name}{when}: {shown.loc[last, name]}", LABEL_WIDTH, break_long_words=False)
            ends.append((colour, label, float(y[last])))
    line_height = (high - low) * LABEL_LINE
    label_ys = _spread([e[2] for e in ends], [line_height * (e[1].count("\n") + 1) / 2 for e in ends], low, high)
    for (colour, label, _), label_y in zip(ends, label_ys):
        ax.annotate(label, (xs[-1], label_y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=7,
                    color=legible(PALETTE[colour]), annotation_clip=False)
    step = max(1, len(xs) // 12 + (len(xs) > 12))
    ax.set_xticks(xs[::step], list(values.index)[::step])
    ax.set_xlim(-0.3, len(xs) - 0.7)
    _value_axis(ax, frame, False, high, low)
    return []


def _bars(ax, frame: pd.DataFrame, styles: dict[str, tuple], horizontal: bool) -> list[str]:
    """Grouped bars, each labelled with its value; a missing value shown by its symbol, not as a zero."""
    values, shown = grid(frame, "value"), grid(frame, "display")
    n = len(values.columns)
    width = 0.8 / max(n, 1)
    positions = range(len(values.index))
    crowded = not horizontal and n <= 3 and n * len(values.index) > 12
    top = max(float(values.max().max()) * (1.3 if crowded else 1.18), 1) if values.notna().any().any() else 1
    missing = False
    for i, name in enumerate(values.columns):
        colour, _, _, hatch = styles[name]
        offsets = [p - 0.4 + width * (i + 0.5) for p in positions]
        heights = values[name].astype(float)
        draw = ax.barh if horizontal else ax.bar
        bars = draw(offsets, heights.fillna(0), width, color=PALETTE[colour], hatch=hatch, edgecolor="white",
                    linewidth=0.5, label=name)
        labels = [s if isinstance(s, str) and pd.notna(h) else "" for s, h in zip(shown[name], heights)]
        if n <= 3:  # beyond three series the labels crowd; the values are in the table and alt text
            ax.bar_label(bars, labels=labels, fontsize=7, padding=2, rotation=90 if crowded else 0)  # narrow: upright
        beside = values.iloc[:, i - 1].isna().tolist() if i else [False] * len(values.index)
        for offset, h, next_to_one in zip(offsets, heights, beside):
            if pd.isna(h):
                missing = True
                if next_to_one:  # the bar beside it is missing too: one symbol stands for both (two would overlap)
                    continue
                xy = (top * 0.01, offset) if horizontal else (offset, top * 0.01)
                ax.annotate(NOT_AVAILABLE, xy, ha="left" if horizontal else "center",
                            va="center" if horizontal else "bottom", fontsize=7, color=legible(PALETTE[colour]))
    if horizontal:
        ax.set_yticks(list(positions), _wrapped(values.index, 28))
        ax.invert_yaxis()
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
    else:
        ax.set_xticks(list(positions), _wrapped(values.index))
        if len(values.index) > 6:
            plt.setp(ax.get_xticklabels(), rotation=30, ha="right", rotation_mode="anchor")
    _value_axis(ax, frame, horizontal, top)
    return [f"{NOT_AVAILABLE} = not available"] if missing else []


def _missing_comparators(figure: Figure, frame: pd.DataFrame) -> list[str]:
    """A comparator the figure asks for that has no published figure at all: named in a note."""
    absent = [AREA_TYPES.get(a, "the region") for a in figure.query.areas
              if a in COMPARATORS and a not in set(frame.area_type)]
    if not absent:
        return []
    names = absent[0] if len(absent) == 1 else f"{', '.join(absent[:-1])} or {absent[-1]}"
    return [f"no published figure for {names}"]


def _draw_kind(ax, figure: Figure, frame: pd.DataFrame, styles: dict[str, tuple]) -> list[str]:
    if figure.kind == LINE:
        return _lines(ax, frame, styles)
    return _bars(ax, frame, styles, figure.kind == HBAR)


def chart(figure: Figure, frame: pd.DataFrame):
    """One figure drawn, as a matplotlib figure (the caller closes it). Breakdowns declared `apart` (domestic
    abuse, a flag that overlaps the categories) are drawn in a panel of their own beside the rest."""
    horizontal = figure.kind == HBAR
    # A horizontal bar chart is as tall as its bars need, 0.12 in a bar either side of a dozen (three bars no
    # taller than a dozen would leave the chart after them a page of its own), within MIN_HBAR_INCHES and 7.5.
    height = (max(MIN_HBAR_INCHES, SIZE_INCHES[1] + 0.12 * (frame.x.nunique() * max(frame.series.nunique(), 1) - 12))
              if horizontal else SIZE_INCHES[1])
    apart = frame.breakdown.isin(figure.apart) if len(frame) else pd.Series([], dtype=bool)
    panels = [frame[~apart], frame[apart]] if apart.any() else [frame]
    fig, axes = plt.subplots(1, len(panels), figsize=(SIZE_INCHES[0], min(height, 7.5)), layout="constrained",
                             squeeze=False, width_ratios=[3, 1][:len(panels)])
    fig.suptitle(textwrap.fill(figure.title, TITLE_WIDTH), x=0.01, ha="left", fontsize=10, fontweight="bold")
    notes, styles = [], roles(frame)
    for ax, part in zip(axes[0], panels):
        (ax.set_xlabel if horizontal else ax.set_ylabel)(textwrap.fill(figure.y_label, 40) if ax is axes[0][0] else "")
        if part.empty or part.value.isna().all():
            ax.text(0.5, 0.5, "No data for this period", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        else:
            notes += _draw_kind(ax, figure, part, styles)
    if len(panels) > 1:
        axes[0][0].set_title("Categories of abuse", loc="left", fontsize=9)
        axes[0][1].set_title("Also recorded", loc="left", fontsize=9)
        side = axes[0][1]  # a narrow panel: its first and last years only
        ticks, names = list(side.get_xticks()), [t.get_text() for t in side.get_xticklabels()]
        side.set_xticks(sorted({ticks[0], ticks[-1]}), [names[0]] + ([names[-1]] if len(ticks) > 1 else []))
        for label, align in zip(side.get_xticklabels(), ("left", "right")):  # clear of the y axis's labels
            label.set_ha(align if len(ticks) > 1 else "center")
    notes = list(dict.fromkeys(notes + _missing_comparators(figure, frame)))
    handles, labels = axes[0][0].get_legend_handles_labels()
    if len(labels) > 1 and figure.kind != LINE:  # the notes as the legend's last entries, without a swatch
        handles += [Patch(visible=False) for _ in notes]
        fig.legend(handles, _wrapped(labels + notes, 30), loc="outside lower left", ncols=min(len(labels), 3),
                   fontsize=7, frameon=False)
    elif notes:
        fig.supxlabel(textwrap.fill(f"Note: {'; '.join(notes)}.", 110), x=0.01, ha="left", fontsize=7)
    _untangle(fig)
    return fig


GAP = 3  # pixels (at the figure's dpi) that neighbouring tick labels keep between them


def _untangle(fig) -> None:
    """Stand the labels of an x axis upright where, laid out as they are, two of them would touch."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.x0)
        if any(b.x0 - a.x1 < GAP for a, b in zip(boxes, boxes[1:])):
            plt.setp(labels, rotation=90, ha="center", rotation_mode="default")


def draw(figure: Figure, frame: pd.DataFrame, path: Path, svg: Path | None = None) -> None:
    """Draw one figure to a PNG (and, for the web page, the same chart as an SVG), each written atomically,
    with no varying metadata (reproducible). matplotlib's warnings (a layout it could not finish around a very
    long name) are not the analyst's to read: the chart is drawn all the same."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        fig = chart(figure, frame)
        write_atomically(path, lambda tmp: fig.savefig(tmp, format="png", dpi=DPI, metadata={"Software": None}))
        if svg is not None:  # text as outlines: the chart looks as it does in Word, whatever fonts the reader has
            with plt.rc_context({"svg.hashsalt": figure.id, "svg.fonttype": "path"}):
                write_atomically(svg, lambda tmp: fig.savefig(tmp, format="svg", metadata={"Date": None}))
    plt.close(fig)
