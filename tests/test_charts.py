"""Charts without faults: every declared figure, drawn from the demo data and from an awkward year (long
names, one locality, zero counts, a single year of data), has no two pieces of text on top of each other and
none outside the image; and the charts draw the same thing the same way everywhere."""
from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pandas as pd
import pytest

from pipeline import table as indicator_table
from pipeline.render import report
from pipeline.render.figures import BY_ID, FIGURES

LONG_AUTHORITY = "Royal Borough of Windsor and Maidenhead with Slough and the Surrounding Parishes"
LONG_LOCALITY = "Mid Devon, East Devon, the Blackdown Hills and the Exe Estuary"
YEAR = 2025


@pytest.fixture(scope="module")
def charts():
    from pipeline.render import charts

    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"]}):  # the widest of the fonts the charts may get
        yield charts


@pytest.fixture(scope="module")
def demo_indicators(built_demo):
    config, _, _ = built_demo
    return indicator_table.read(config.processed_year(YEAR) / "indicators.csv")


def awkward(indicators: pd.DataFrame) -> pd.DataFrame:
    """The demo year made awkward: a long authority name, one locality with a long name, every count of the
    year zero, and no year but this one."""
    rows = indicators[indicators.period.map(indicator_table.year_of) == YEAR].copy()
    rows.loc[rows.area_type.isin(["LA", "LA_PUBLISHED"]), "area"] = LONG_AUTHORITY
    rows = rows[(rows.area_type != "LOCALITY") | (rows.area == "North")]
    rows.loc[rows.area_type == "LOCALITY", "area"] = LONG_LOCALITY
    rows.loc[(rows.unit == "count") & (rows.area_type == "LA"), "value"] = 0.0
    return rows.reset_index(drop=True)


def _drawn_text(fig) -> list[tuple[str, object]]:
    """Every piece of text the saved image shows, with its box in pixels: titles, axis labels, the tick labels
    actually drawn, annotations, and each legend as one box."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    pieces = [*fig.texts]
    legends = list(fig.legends)
    for ax in fig.axes:
        pieces += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        for axis in (ax.xaxis, ax.yaxis):
            pieces += [tick.label1 for tick in axis._update_ticks()]
        if ax.get_legend() is not None:
            legends.append(ax.get_legend())
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in pieces
             if t.get_visible() and t.get_text().strip()]
    return boxes + [("legend", legend.get_window_extent(renderer)) for legend in legends]


GAP = 2  # pixels: two pieces of text closer than this read as one


def _marks(fig) -> list[tuple[str, list]]:
    """Every data line, in pixels: its name and its pieces, each a drawn segment (a Path) or a marker (a box)."""
    from matplotlib.path import Path
    from matplotlib.transforms import Bbox

    marks = []
    for ax in fig.axes:
        for line in ax.get_lines():
            xy = line.get_transform().transform(line.get_xydata())
            drawn = [p for p in xy if np.isfinite(p).all()]
            half = line.get_markersize() * fig.dpi / 72 / 2 if line.get_marker() not in (None, "", "None") else 0
            pieces = [Path([a, b]) for a, b in zip(xy, xy[1:]) if np.isfinite([a, b]).all()]
            pieces += [Bbox([p - half, p + half]) for p in drawn] if half else []
            marks.append((str(line.get_label()), pieces))
    return marks


def _touches(box, piece) -> bool:
    from matplotlib.path import Path

    if isinstance(piece, Path):
        return piece.intersects_bbox(box, filled=False)
    return box.overlaps(piece)


def faults(fig) -> list[str]:
    """Text boxes closer than GAP pixels (or overlapping), text cut off at the image's edge, text a data line or
    its markers cross, and labels of the plot (end labels, value labels, symbols) above, below or to the left of
    its plotting area, where they would read as values on the axis (beyond the top gridline, say)."""
    boxes = _drawn_text(fig)
    width, height = fig.bbox.width, fig.bbox.height
    found = [f"outside the image: {text!r}" for text, b in boxes
             if b.x0 < -0.5 or b.y0 < -0.5 or b.x1 > width + 0.5 or b.y1 > height + 0.5]
    for (t1, b1), (t2, b2) in itertools.combinations(boxes, 2):
        if min(b1.x1, b2.x1) - max(b1.x0, b2.x0) > -GAP and min(b1.y1, b2.y1) - max(b1.y0, b2.y0) > -GAP:
            found.append(f"overlap: {t1!r} and {t2!r}")
    marks = _marks(fig)
    for text, box in boxes:
        found += [f"line over text: {name!r} crosses {text!r}" for name, pieces in marks
                  if any(_touches(box, piece) for piece in pieces)]
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        area = ax.get_window_extent(renderer)
        for label in ax.texts:
            b = label.get_window_extent(renderer)
            if label.get_visible() and label.get_text().strip() and ax.axison and (
                    b.y1 > area.y1 + 0.5 or b.y0 < area.y0 - 0.5 or b.x0 < area.x0 - 0.5):
                found.append(f"outside the plotting area: {label.get_text()!r}")
    return found


def _all_faults(charts, indicators: pd.DataFrame, figures=FIGURES) -> dict[str, list[str]]:
    import matplotlib.pyplot as plt

    frames = report.frames_for(figures, indicators, YEAR)
    out = {}
    for figure in figures:
        fig = charts.chart(figure, frames[figure.id])
        if problems := faults(fig):
            out[figure.id] = problems
        plt.close(fig)
    return out


def test_no_chart_of_the_demo_year_has_text_overlapping_or_cut_off(charts, demo_indicators, built_demo):
    """Drawn as the report draws them: each titled with its message, longer than the declared title."""
    config, _, _ = built_demo
    processed = report.read_processed(config.processed_year(YEAR))
    titled = report.titled(FIGURES, report.findings_for(processed, config, YEAR))
    assert sum(titled[f.id].title != f.title for f in FIGURES) > 30
    assert _all_faults(charts, demo_indicators, tuple(titled.values())) == {}


def test_no_chart_of_an_awkward_year_has_text_overlapping_or_cut_off(charts, demo_indicators):
    assert _all_faults(charts, awkward(demo_indicators)) == {}


def test_the_fault_check_sees_a_legend_over_the_tick_labels(charts):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(["Adopted", "Returned home"], [3, 4], label="Demoshire 2024-25")
    ax.legend(loc="lower left", bbox_to_anchor=(0, -0.12))
    fig.tight_layout()
    assert any(f.startswith("overlap: 'legend'") or "'legend'" in f for f in faults(fig))
    plt.close(fig)


def test_this_year_and_last_year_look_the_same_in_every_chart(charts, demo_indicators):
    """The authority's own year, wherever a chart's series are years: dark blue and solid this year,
    turquoise, dashed and hatched last year."""
    frames = report.frames_for(FIGURES, demo_indicators, YEAR)
    drawn = {YEAR: set(), YEAR - 1: set()}
    for figure in FIGURES:
        if figure.query.series not in ("area_period", "year"):
            continue
        frame = frames[figure.id]
        styles = charts.roles(frame)
        own = frame[frame.area_type.isin(["LA", "LOCALITY"])]
        for series, rows in own.groupby("series"):
            year = indicator_table.year_of(rows.period.iloc[0])
            if year in drawn:
                drawn[year].add((figure.id, styles[series]))
    assert {style for _, style in drawn[YEAR]} == {charts.ROLES["this"]}
    assert {style for _, style in drawn[YEAR - 1]} == {charts.ROLES["last"]}
    assert {"cla_legal_status", "lado_referrals_by_month", "cp_starts_locality"} <= {f for f, _ in drawn[YEAR]}


def test_counts_have_whole_number_ticks_and_percentages_stop_at_100(charts, demo_indicators):
    import matplotlib.pyplot as plt

    frames = report.frames_for(FIGURES, awkward(demo_indicators), YEAR)
    counts = charts.chart(BY_ID["cla_count_trend"], frames["cla_count_trend"])  # zero children: a 0-to-1 axis
    ticks = [t for t in counts.axes[0].get_yticks() if 0 <= t <= counts.axes[0].get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
    shares = charts.chart(BY_ID["cla_legal_status"], frames["cla_legal_status"])
    assert shares.axes[0].get_ylim()[1] <= 100
    assert shares.axes[0].get_yticklabels()[-1].get_text().endswith("%")
    plt.close("all")


def test_domestic_abuse_is_drawn_apart_and_participation_codes_are_words(charts, demo_indicators):
    import matplotlib.pyplot as plt

    frames = report.frames_for(FIGURES, demo_indicators, YEAR)
    categories = charts.chart(BY_ID["cp_category_trend"], frames["cp_category_trend"])
    main, side = categories.axes
    assert [t.get_text().split(":")[0] for t in side.texts] == ["Domestic abuse"]
    assert "Domestic abuse" not in " ".join(t.get_text() for t in main.texts)
    participation = charts.chart(BY_ID["reviews_participation"], frames["reviews_participation"])
    labels = [t.get_text() for t in participation.axes[0].get_yticklabels()]
    assert labels[0] == "Spoke for themselves" and not any("PN" in label for label in labels)
    plt.close("all")


def test_a_missing_comparator_is_noted_and_a_missing_value_shown_by_its_symbol(charts, demo_indicators):
    import matplotlib.pyplot as plt

    rows = demo_indicators[demo_indicators.area_type != "GOOD_LAS"]
    rows = rows[~((rows.area_type == "ENGLAND") & (rows.indicator == "chic.legal_status_pct")
                  & (rows.breakdown == "s20"))]
    frames = report.frames_for(FIGURES, rows, YEAR)
    trend = charts.chart(BY_ID["cla_rate_trend"], frames["cla_rate_trend"])
    assert trend._supxlabel.get_text() == "Note: no published figure for 'Good' authorities."
    legal = charts.chart(BY_ID["cla_legal_status"], frames["cla_legal_status"])
    assert "x" in [t.get_text() for t in legal.axes[0].texts]
    assert "x = not available" in [t.get_text() for t in legal.legends[0].get_texts()]
    plt.close("all")


def test_the_fault_check_sees_a_title_cut_off(charts):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_title("A title far too long to fit across a chart only three inches wide", loc="left")
    assert any(f.startswith("outside the image") for f in faults(fig))
    plt.close(fig)


def test_the_fault_check_sees_a_line_through_a_label_and_a_label_above_the_axis(charts):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1, 2], [80, 90, 80], label="England")
    ax.annotate("'Good' authorities: 91%", (1, 90), ha="center", va="center", fontsize=7)  # on the line's peak
    ax.annotate("Demoshire: 81%", (2, 104), fontsize=7, annotation_clip=False)  # above the top of the axis
    ax.set_ylim(70, 100)
    found = faults(fig)
    assert "line over text: 'England' crosses \"'Good' authorities: 91%\"" in found
    assert "outside the plotting area: 'Demoshire: 81%'" in found
    assert not any("Demoshire" in f and f.startswith("line over") for f in found)
    plt.close(fig)


@pytest.mark.parametrize("figure_id", ["cp_icpc_timely_trend", "cp_rcpc_timely_trend"])
def test_conference_timeliness_lines_have_an_axis_from_their_data_and_a_label_each(charts, demo_indicators,
                                                                                     figure_id):
    """Five series between about 75% and 95%: the axis starts at a round number below the lowest rather than
    at 0%, ends at or below 100%, and each series has one label, level with the axis, naming it."""
    import matplotlib.pyplot as plt

    frame = report.frames_for(FIGURES, demo_indicators, YEAR)[figure_id]
    fig = charts.chart(BY_ID[figure_id], frame)
    ax = fig.axes[0]
    low, high = ax.get_ylim()
    values = frame[frame.value.notna()].value
    assert 50 <= low <= values.min() and values.max() < high <= 100
    assert float(low).is_integer()
    labels = [t.get_text().replace("\n", " ") for t in ax.texts]
    assert sorted(label.split(":")[0].split(",")[0] for label in labels) == sorted(frame.series.unique())
    assert faults(fig) == []
    plt.close(fig)


def test_every_piece_of_chart_text_reads_at_4_5_to_1_on_the_white_of_the_chart(charts, demo_indicators):
    """End labels and symbols are in their series' colour, darkened where the palette's own (turquoise, orange,
    light purple: about 3:1 on white) is too light for text; titles, ticks and legends are near-black."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex
    from matplotlib.text import Text

    from pipeline.render.contrast import ratio

    frames = report.frames_for(FIGURES, demo_indicators, YEAR)
    poor, seen = set(), set()
    for figure in FIGURES:
        fig = charts.chart(figure, frames[figure.id])
        assert to_hex(fig.get_facecolor()) == "#ffffff"
        for text in fig.findobj(Text):
            if text.get_visible() and text.get_text().strip():
                colour = to_hex(text.get_color())
                seen.add(colour)
                if ratio(colour) < 4.5:
                    poor.add(f"{figure.id}: {text.get_text()!r} in {colour}, {ratio(colour):.2f}:1")
        plt.close(fig)
    assert len(seen) >= 5  # the series' colours, not only black
    assert poor == set()
