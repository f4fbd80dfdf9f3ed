"""The fictional authority whose records the demo data set simulates."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoAuthority:
    """Identity of the simulated authority, as config.yaml and the published files name it."""

    name: str
    old_la_code: int
    new_la_code: str
    region: str
    region_code: str
    localities: dict[str, int] = field(default_factory=dict)  # under-18 population of each locality

    @property
    def population(self) -> int:
        return sum(self.localities.values())


DEMO = DemoAuthority(name="Demoshire", old_la_code=999, new_la_code="E10999999", region="South West",
                     region_code="E12000009",
                     localities={"North": 31000, "South": 38500, "City": 21800, "Mid and East": 56900})
