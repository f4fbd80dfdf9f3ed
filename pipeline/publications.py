"""The publications the pipeline reads, named as a reader cites them: title, publisher, release and address.

One registry for every published file: the report's captions, its appendix of sources and the spreadsheet
name a file by the publication it came from (`bds_long_0.parquet` is DfE's Local Authority Interactive Tool),
never by its file name. Files are matched by the start of their name, as the extract stage finds them, so next
year's `…_2013_to_2026.csv` is the same publication. Kept as data in a module of its own, outside the stages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

EES = "https://explore-education-statistics.service.gov.uk/find-statistics/"


@dataclass(frozen=True)
class Publication:
    prefixes: tuple[str, ...]  # file-name starts, case-insensitive
    title: str
    publisher: str
    address: str
    lag: int = 0  # years from the latest year a file holds to the year it was released (ONS: mid-2024 in 2025)

    def released(self, file: str, latest: int | None) -> int | None:
        """The release year: the last year written in the file's name, else the latest year it holds; plus
        the publication's lag."""
        years = [int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", file)]
        year = years[-1] if years else latest
        return year + self.lag if year else None

    @property
    def short(self) -> str:
        """As a caption names it: 'Children looked after in England including adoptions (DfE)'."""
        return f"{self.title} ({SHORT.get(self.publisher, self.publisher)})"

    def cite(self, file: str, latest: int | None) -> str:
        """'Children looked after in England including adoptions, Department for Education, 2025 (address)'."""
        released = self.released(file, latest)
        return f"{self.title}, {self.publisher}{f', {released}' if released else ''} ({self.address})"


DFE = "Department for Education"
SHORT = {DFE: "DfE", "Office for National Statistics": "ONS"}
CLA = Publication(("cla_", "la_cla_", "national_cla_", "la_children_who_", "national_children_who_",
                   "la_conviction_health_outcome_cla", "la_care_leavers_"),
                  "Children looked after in England including adoptions", DFE,
                  EES + "children-looked-after-in-england-including-adoptions")
PUBLICATIONS: tuple[Publication, ...] = (
    CLA,
    Publication(("b1_children_in_need_", "d3_cpps_", "d5_cpps_"), "Characteristics of children in need", DFE,
                EES + "characteristics-of-children-in-need"),
    Publication(("bds_long",), "Local Authority Interactive Tool (LAIT)", DFE,
                "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait"),
    Publication(("new_statistical_neighbour_groupings",), "Children's services statistical neighbour benchmarking "
                "tool", DFE, "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait"),
    Publication(("la_inspection_outcomes",), "Children's social care data in England: local authority inspection "
                "outcomes", "Ofsted", "https://www.gov.uk/government/statistics/childrens-social-care-data-in-england"),
    POPULATION := Publication(
        ("ons_mid-year_population_estimates",), "Population estimates for England and Wales: mid-year estimates",
        "Office for National Statistics",
        "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates", lag=1),
)


def publication(file: str) -> Publication | None:
    """The publication a published file belongs to (the longest matching prefix), or None."""
    name = file.lower()
    matches = [(len(p), pub) for pub in PUBLICATIONS for p in pub.prefixes if name.startswith(p)]
    return max(matches, key=lambda m: m[0])[1] if matches else None


def short(file: str) -> str:
    pub = publication(file)
    return pub.short if pub else file


def cite(file: str, latest: int | None = None) -> str:
    """A file named as its publication; an unknown file by its name, so nothing is hidden."""
    pub = publication(file)
    return pub.cite(file, latest) if pub else file
