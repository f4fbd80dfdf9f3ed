"""Everything an indicator function may read for one reporting year."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from pipeline.problems import Problems
from pipeline.transform.dates import ReportingYear, bank_holidays, working_days_between
from pipeline.transform.registry import SETTING


@dataclass
class YearData:
    year: ReportingYear
    tables: dict[str, pd.DataFrame]  # "chic.episodes" -> typed table from extract
    population: float | None = None  # ONS mid-year estimate of 0-17s for mid-(Y-1)
    localities: dict[str, int] = field(default_factory=dict)
    warnings: Problems = field(default_factory=Problems)
    bank_holidays: np.ndarray = field(default_factory=bank_holidays, repr=False)  # England and Wales
    settings: dict = field(default_factory=dict)  # config's `team` timescales, population_by_ethnicity (run.settings)
    _memo: dict = field(default_factory=dict, repr=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def has(self, *names: str) -> bool:
        return all(n in self.tables for n in names)

    def unrecorded(self, columns: tuple[str, ...]) -> list[str]:
        """The optional inputs ('iru.escalations.OUTCOME', a sheet 'iru.allocations' or a setting
        'config.population_by_ethnicity') the year's records leave out: a sheet absent, or a column absent or
        blank in every row, or the setting not given."""
        def recorded(column: str) -> bool:
            workbook, sheet, *name = column.split(".")
            if workbook == SETTING:
                return self.settings.get(sheet) is not None
            table = self.tables.get(f"{workbook}.{sheet}")
            return table is not None and (not name or table[name[0].lower()].notna().any())

        return [c for c in columns if not recorded(c)]

    def working_days(self, start: pd.Series, end: pd.Series) -> pd.Series:
        """Working days d with start < d <= end: weekends and bank holidays excluded."""
        return working_days_between(start, end, self.bank_holidays)

    def once(self, key: str, compute: Callable[[], object]):
        """Share an intermediate (e.g. the children looked after at 31 March) between indicators."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]
