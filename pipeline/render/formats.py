"""A number as the report prints it, by the display rounding of `pipeline.formats` (shared with transform)."""
from __future__ import annotations

import math

from pipeline.formats import decimals, rounded

NOT_AVAILABLE = "x"  # DfE's symbol for a figure not collected or not published, in every medium


def number(value: float | None, indicator: str = "", unit: str = "count", status: str = "") -> str:
    """A value as the report prints it: '1,234', '57', '31.1', '67%'; the DfE symbol when empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return status or NOT_AVAILABLE
    places = decimals(indicator, unit)
    text = f"{rounded(value, places):,.{places}f}"
    return text + ("%" if unit == "percent" else "")
