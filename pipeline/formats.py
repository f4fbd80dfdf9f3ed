"""Display rounding, the only place numbers are rounded (DfE conventions): whole numbers for counts,
CLA rates and percentages; one decimal place for CP rates, full-time equivalents, scores and ratios.

Here, not in render, because transform needs it too: its "prints alike" rules (a change that rounds to
nothing is no change) compare numbers at the precision the report prints them."""
from __future__ import annotations

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
