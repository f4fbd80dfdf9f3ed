"""Text colours measured as WCAG 2.1 measures them (relative luminance), and darkened where they fail."""
from __future__ import annotations

import pytest

from pipeline.render.contrast import TEXT, legible, ratio


@pytest.mark.parametrize(("colour", "background", "expected"), [
    ("000000", "FFFFFF", 21.0),  # (1.0 + 0.05) / (0.0 + 0.05)
    ("FFFFFF", "FFFFFF", 1.0),
    ("767676", "FFFFFF", 4.54),  # the lightest grey that passes AA on white: 0.1812 luminance, 1.05 / 0.2312
    ("0B0C0C", "FFBF47", 11.93),  # the report's AMBER cell: GOV.UK black on GOV.UK yellow
])
def test_the_contrast_ratio_is_wcag_s(colour, background, expected):
    assert ratio(colour, background) == pytest.approx(expected, abs=0.01)


def test_a_light_colour_is_darkened_just_enough_and_keeps_its_hue():
    from coloraide import Color

    turquoise = "28A197"  # the Analysis Function's second colour: 3.17:1 on white
    darker = legible(turquoise)
    assert TEXT <= ratio(darker) < TEXT + 0.3
    assert Color(darker).convert("oklch")["hue"] == pytest.approx(Color(f"#{turquoise}").convert("oklch")["hue"],
                                                                  abs=8)
    assert legible("12436D") == "#12436d"  # dark blue already passes: unchanged
