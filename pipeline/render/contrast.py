"""Text colours that can be read on their background: WCAG 2.1's contrast ratio (from relative luminance),
computed by coloraide. Word's accessibility checker, axe-core and the Public Sector Bodies Accessibility
Regulations all ask 4.5:1 of normal text."""
from __future__ import annotations

from coloraide import Color

TEXT = 4.5  # WCAG 2.1 AA, success criterion 1.4.3, for text of any size
STEP = 0.01  # OKLCh lightness taken off at a time


def _colour(value: str) -> Color:
    """'FFBF47' (as WordprocessingML writes it), '#ffbf47' or a CSS name."""
    text = value.strip()
    return Color(f"#{text}" if len(text) == 6 and all(c in "0123456789abcdefABCDEF" for c in text) else text)


def ratio(colour: str, background: str = "FFFFFF") -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    return _colour(colour).contrast(_colour(background), method="wcag21")


def legible(colour: str, background: str = "FFFFFF", at_least: float = TEXT) -> str:
    """The colour as '#rrggbb', darkened (its hue and chroma kept, as far as the sRGB gamut allows) just until
    text in it reaches `at_least` against a light background; a colour that already does, unchanged."""
    shade, hex_ = _colour(colour).convert("oklch"), _colour(colour).to_string(hex=True)
    while ratio(hex_, background) < at_least and shade["lightness"] > 0:  # measured as written, rounded
        shade["lightness"] = max(0.0, shade["lightness"] - STEP)
        hex_ = shade.clone().fit("srgb").convert("srgb").to_string(hex=True)
    return hex_
