"""Display rounding, the only place numbers are rounded (DfE conventions): whole numbers for counts,
CLA rates and percentages; one decimal place for CP rates, full-time equivalents, scores and ratios."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def decimals(indicator: str, unit: str) -> int:
    if unit == "rate_per_10k":
        return 1 if indicator.startswith("cp.") else 0
    if unit in ("fte", "score", "ratio", "days", "working_days"):
        return 1
    return 0


def rounded(value: float, places: int) -> float:
    """Half away from zero, as DfE rounds (Python's round() would send 56.5 to 56)."""
    return float(Decimal(str(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def number(value: float | None, indicator: str = "", unit: str = "count", status: str = "") -> str:
    """A value as the report prints it: '1,234', '57', '31.1', '67%'; the DfE symbol when empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return status or "x"
    places = decimals(indicator, unit)
    text = f"{rounded(value, places):,.{places}f}"
    return text + ("%" if unit == "percent" else "")
