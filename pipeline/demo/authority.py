"""The fictional authority whose records the demo data set simulates."""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.synthetic import DEMO_NAME, DEMO_NEW_LA_CODE, DEMO_OLD_LA_CODE


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


DEMO = DemoAuthority(name=DEMO_NAME, old_la_code=DEMO_OLD_LA_CODE, new_la_code=DEMO_NEW_LA_CODE, region="South West",
                     region_code="E12000009",
                     localities={"North": 31000, "South": 38500, "City": 21800, "Mid and East": 56900})
