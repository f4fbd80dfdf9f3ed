"""The Children in Need census XML as returned to DfE, read into the `plans` and `conferences` tables
`cp.xlsx` gives (with what the census does not hold from `cp_local`, see `cp_local.py`).

Every `Child` is checked against the XSD of the collection year as it streams past (DfE's checks: structure,
codes, dates), then its plans, section 47 enquiries and review conferences become rows, checked by the
same code as cp.xlsx's (dates in range, duplicates, order). All problems are listed at once, each naming
the child and the element: `cin_census.xml › Child 3 (LAchildID DfEX01) › CINdetails 1 ›
ChildProtectionPlans 1 › CPPendDate: ...`.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pandas as pd
from lxml import etree

from pipeline.extract import cp_local
from pipeline.extract.elements import iterate, leaves, not_xml, origins, records, root_tag, validate_records
from pipeline.extract.returns_layout import CIN_CENSUS, ORIGINS, earlier_censuses
from pipeline.extract.schema import CP, Sheet
from pipeline.problems import Problems

SCHEMAS = Path(__file__).parent / "schemas" / "cin_census"
FIRST_YEAR, LAST_SCHEMA, LAST_YEAR = 2017, 2024, 2025  # 2025 is read with 2024's schema, adjusted (see below)
XS = "http://www.w3.org/2001/XMLSchema"
DOMESTIC_ABUSE_FACTORS = {"3A", "3B", "3C"}  # domestic abuse concerning the child, a parent, another person
SEX = {"M": "1", "F": "2", "U": "0"}  # 2025's Sex (N00783) as the GenderCurrent codes cp.xlsx uses


def _relaxed(sheet: Sheet, names: tuple[str, ...]) -> Sheet:
    """The sheet with these columns optional: the census cannot hold them, cp_local may."""
    return replace(sheet, columns=tuple(replace(c, required=False, blank="") if c.name in names else c
                                        for c in sheet.columns))


PLANS = _relaxed(next(s for s in CP.sheets if s.name == "plans"), ("LOCALITY",))
CONFERENCES = _relaxed(next(s for s in CP.sheets if s.name == "conferences"), ("PARENTS_INVITED", "PARENTS_ATTENDED"))
ELEMENTS = {"CHILD": "LAchildID", "SEX": "GenderCurrent", "DOB": "PersonBirthDate", "ETHNIC": "Ethnicity",
            "CPP_START": "CPPstartDate", "CPP_END": "CPPendDate", "INITIAL_CATEGORY": "InitialCategoryOfAbuse",
            "LATEST_CATEGORY": "LatestCategoryOfAbuse", "PREVIOUS_CPP": "NumberOfPreviousCPP",
            "CONFERENCE_DATE": "DateOfInitialCPC", "S47_START": "S47ActualStartDate"}


PLAN_FIELDS = ["CHILD", "SEX", "DOB", "ETHNIC", "CPP_START", "CPP_END", "INITIAL_CATEGORY", "LATEST_CATEGORY",
               "PREVIOUS_CPP", "DOMESTIC_ABUSE"]


@lru_cache(maxsize=None)
def schema(year: int) -> etree.XMLSchema:
    """The XSD of a collection year (liia-tools' rendering of DfE's specification, shipped in `schemas/`),
    adjusted to DfE where it differs: NumberOfPreviousCPP may be 0 (DfE's commonest value; the file says
    positiveInteger); `Child` and `Header` are declared at the top level so that each can be checked
    alone while the file streams. 2025 has no file: DfE's 2024-25 specification changed none of the
    elements read here except that `Sex` (F, M, U) replaced `GenderCurrent`, so 2024's is used with either."""
    doc = etree.parse(str(SCHEMAS / f"CIN_schema_{min(year, LAST_SCHEMA)}.xsd"))
    root = doc.getroot()
    for name, kind in (("Child", "childtype"), ("Header", "headertype")):
        etree.SubElement(root, f"{{{XS}}}element", name=name, type=kind)
    for element in root.iter(f"{{{XS}}}element"):
        if element.get("name") == "NumberOfPreviousCPP":
            element.set("type", "xs:nonNegativeInteger")
        if element.get("name") == "GenderCurrent" and year > LAST_SCHEMA:
            choice = etree.Element(f"{{{XS}}}choice")
            element.addprevious(choice)
            choice.append(element)
            etree.SubElement(choice, f"{{{XS}}}element", name="Sex", type="sextype")
    sex = etree.SubElement(root, f"{{{XS}}}simpleType", name="sextype")
    restriction = etree.SubElement(sex, f"{{{XS}}}restriction", base="xs:string")
    for value in SEX:
        etree.SubElement(restriction, f"{{{XS}}}enumeration", value=value)
    return etree.XMLSchema(doc)


def read(year_folder: Path, year: int, localities: dict[str, int], problems: Problems) -> dict[str, pd.DataFrame]:
    """cp's `plans` and `conferences` from the year's census and its cp_local file."""
    path = year_folder / CIN_CENSUS
    if not FIRST_YEAR <= year <= LAST_YEAR:
        problems.error(CIN_CENSUS, message=f"no CIN census schema for collection year {year}",
                       expected=f"a census of {FIRST_YEAR} to {LAST_YEAR}, or cp.xlsx")
        return {}
    try:
        found = _read_census(path, year, problems)
    except etree.XMLSyntaxError as exc:
        not_xml(problems, CIN_CENSUS, exc)
        return {}
    local = cp_local.read(year_folder, year, localities, problems)
    return _tables(found, local, _earlier_plans(year_folder, problems), year_folder, year, localities, problems)


# --- reading the census ----------------------------------------------------------------------------
class Found:
    """What the census holds, as text records, with the element each came from."""

    def __init__(self):
        self.plans: list[dict] = []
        self.conferences: list[dict] = []
        self.plan_at: list[str] = []
        self.conference_at: list[str] = []


def _read_census(path: Path, year: int, problems: Problems) -> Found:
    root = root_tag(path)
    found = Found()
    if root != "Message":
        problems.error(CIN_CENSUS, message=f"has root element {root}", expected="a CIN census, root Message")
        return found
    xsd = schema(year)
    n = 0
    for element in iterate(path, ("Header", "Child")):
        if element.tag == "Header":
            _check_header(element, xsd, year, problems)
            continue
        n += 1
        ident = (element.findtext("ChildIdentifiers/LAchildID") or "").strip()
        at = f"Child {n} (LAchildID {ident})" if ident else f"Child {n}"
        if xsd.validate(element):
            _child(element, at, found)
        else:
            _schema_problems(xsd, at, problems)
    if not n:
        problems.error(CIN_CENSUS, message="holds no Child", expected="Message › Children › Child elements")
    return found


def _check_header(header, xsd: etree.XMLSchema, year: int, problems: Problems) -> None:
    if not xsd.validate(header):
        _schema_problems(xsd, "Header", problems)
        return
    stated = (header.findtext("CollectionDetails/Year") or "").strip()
    if stated and stated != str(year):
        problems.error(CIN_CENSUS, "Header › CollectionDetails", column="Year",
                       message=f"is the census for collection year {stated}, in the folder of {year}",
                       expected=f"data/raw/{stated}/{CIN_CENSUS}")


PATH_STEP = re.compile(r"^(\w+)\[(\d+)\]$")
ELEMENT_SAID = re.compile(r"^Element '[^']*': ")


def _schema_problems(xsd: etree.XMLSchema, at: str, problems: Problems) -> None:
    """Each schema error of the element just checked, at its child and element path."""
    for error in xsd.error_log:
        steps = [PATH_STEP.sub(r"\1 \2", s) for s in error.path.split("/")[2:]]
        where = " › ".join([at, *steps[:-1]])
        problems.error(CIN_CENSUS, where, column=steps[-1] if steps else "",
                       message=ELEMENT_SAID.sub("", error.message), expected=f"as DfE's CIN census schema requires")


def _text(node, path: str) -> str:
    return (node.findtext(path) or "").strip()


def _child(child, at: str, found: Found) -> None:
    """One valid Child's plans and conferences, as text records (each element's leaves read in one pass)."""
    ids = leaves(child.find("ChildIdentifiers"))
    person = {"CHILD": ids.get("LAchildID", ""),
              "DOB": ids.get("PersonBirthDate") or ids.get("ExpectedPersonBirthDate", ""),
              "SEX": ids.get("GenderCurrent") or SEX.get(ids.get("Sex", ""), ""),
              "ETHNIC": _text(child, "ChildCharacteristics/Ethnicity")}
    ident = person["CHILD"]
    for d, cin in enumerate(child.iterfind("CINdetails"), 1):
        here = f"{at} › CINdetails {d}"
        factors = {f.text.strip() for f in cin.iterfind("Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors")}
        abuse = "Y" if factors & DOMESTIC_ABUSE_FACTORS else "N"
        for p, node in enumerate(cin.iterfind("ChildProtectionPlans"), 1):
            plan = leaves(node)
            start, end = plan.get("CPPstartDate", ""), plan.get("CPPendDate", "")
            found.plans.append({**person, "CPP_START": start, "CPP_END": end, "DOMESTIC_ABUSE": abuse,
                                "INITIAL_CATEGORY": plan.get("InitialCategoryOfAbuse", ""),
                                "LATEST_CATEGORY": plan.get("LatestCategoryOfAbuse", ""),
                                "PREVIOUS_CPP": plan.get("NumberOfPreviousCPP", "")})
            found.plan_at.append(f"{here} › ChildProtectionPlans {p}")
            for r, review in enumerate(node.iterfind("Reviews/CPPreviewDate"), 1):
                date = (review.text or "").strip()
                found.conferences.append({"CHILD": ident, "CONFERENCE_TYPE": "RCPC", "CONFERENCE_DATE": date,
                                          "OUTCOME": "END" if date == end else "CONTINUE", "_PLAN": start})
                found.conference_at.append(f"{here} › ChildProtectionPlans {p} › Reviews › CPPreviewDate {r}")
        held = set()
        for s, node in enumerate(cin.iterfind("Section47"), 1):
            enquiry = leaves(node)
            if enquiry.get("DateOfInitialCPC"):
                held.add(enquiry["DateOfInitialCPC"])
                found.conferences.append({"CHILD": ident, "CONFERENCE_TYPE": "ICPC",
                                          "CONFERENCE_DATE": enquiry["DateOfInitialCPC"],
                                          "S47_START": enquiry.get("S47ActualStartDate", "")})
                found.conference_at.append(f"{here} › Section47 {s}")
        date = _text(cin, "DateOfInitialCPC")
        if date and date not in held:  # an ICPC whose enquiry the episode does not hold
            found.conferences.append({"CHILD": ident, "CONFERENCE_TYPE": "ICPC", "CONFERENCE_DATE": date})
            found.conference_at.append(here)


def _earlier_plans(year_folder: Path, problems: Problems) -> pd.DataFrame:
    """(child, start, end) of every plan in the censuses of the two years before, where present. Those files
    are validated as their own years' inputs; here an unreadable one is only a warning."""
    rows = []
    for path in earlier_censuses(year_folder):
        try:
            for child in iterate(path, "Child"):
                ident = _text(child, "ChildIdentifiers/LAchildID")
                rows += [(ident, _text(p, "CPPstartDate"), _text(p, "CPPendDate"))
                         for p in child.iterfind("CINdetails/ChildProtectionPlans")]
        except etree.XMLSyntaxError as exc:
            problems.warn(f"../{path.parent.name}/{CIN_CENSUS}", message=f"cannot be read for previous plans: {exc}")
    return pd.DataFrame(rows, columns=["CHILD", "CPP_START", "CPP_END"], dtype=str)


# --- joining cp_local and typing ---------------------------------------------------------------------
def _iso(values: pd.Series) -> pd.Series:
    """Typed cp_local values as the census writes them (dates yyyy-mm-dd, counts as whole numbers)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d").fillna("")
    return values.astype(object).where(values.notna(), "").astype(str)


def _tables(found: Found, local: dict[str, pd.DataFrame], earlier: pd.DataFrame, year_folder: Path, year: int,
            localities: dict[str, int], problems: Problems) -> dict[str, pd.DataFrame]:
    plans = pd.DataFrame(found.plans, columns=PLAN_FIELDS, dtype=str)
    conferences = pd.DataFrame(found.conferences, columns=["CHILD", "CONFERENCE_TYPE", "CONFERENCE_DATE",
                                                           "S47_START", "OUTCOME", "_PLAN"], dtype=str).fillna("")
    plans["PREVIOUS_CPP_END"] = previous_end(plans, earlier)
    child_locality = dict(zip(local["children"]["child"], local["children"]["locality"]))
    if cp_local.present(year_folder):  # without the file, that it is missing is the one problem to report
        _check_localities(plans, conferences, child_locality, year_folder, problems)
    plans["LOCALITY"] = plans["CHILD"].map(child_locality).astype(object).fillna("")
    plans = _override(plans, local["plans"], year_folder, problems)
    conferences = _conference_details(conferences, plans, child_locality, local["conferences"], year_folder, problems)
    tables = {}
    where = {"plans": found.plan_at, "conferences": found.conference_at}
    for name, sheet, frame in (("plans", PLANS, plans), ("conferences", CONFERENCES, conferences)):
        rows = frame.reindex(columns=[c.name for c in sheet.columns], fill_value="").values.tolist()
        typed = validate_records(records(rows, sheet), sheet, CIN_CENSUS, where[name], ELEMENTS, year, localities,
                                 problems)
        if typed is not None:
            tables[name] = typed
    return {**tables, ORIGINS: origins(tables, CIN_CENSUS, where)}


def previous_end(plans: pd.DataFrame, earlier: pd.DataFrame) -> pd.Series:
    """The end of the child's latest plan that started before this one, in this census or the earlier ones."""
    every = pd.concat([plans[["CHILD", "CPP_START", "CPP_END"]].assign(_this=True), earlier.assign(_this=False)])
    every = every.sort_values(["CHILD", "CPP_START", "_this"]).drop_duplicates(["CHILD", "CPP_START"], keep="last")
    every["_previous"] = every.groupby("CHILD")["CPP_END"].shift().fillna("")
    found = plans[["CHILD", "CPP_START"]].merge(every[["CHILD", "CPP_START", "_previous"]], how="left")
    return found["_previous"].fillna("").to_numpy()


def _check_localities(plans, conferences, child_locality: dict, year_folder: Path, problems: Problems) -> None:
    file = cp_local.label(year_folder, "children")
    needed = pd.unique(pd.concat([plans["CHILD"], conferences.loc[conferences["CONFERENCE_TYPE"] == "ICPC", "CHILD"]]))
    for child in needed:
        if child and child not in child_locality:
            problems.error(file, "children", column="CHILD", message=f"has no row for child {child}, who is on a "
                           f"plan or at an initial conference in {CIN_CENSUS}",
                           expected="a LOCALITY for every child with a plan or an initial conference")


def _override(plans: pd.DataFrame, local: pd.DataFrame, year_folder: Path, problems: Problems) -> pd.DataFrame:
    """cp_local's plans rows replace what the census gives, column by column where they are filled."""
    given = pd.DataFrame({"CHILD": local["child"].astype(str), "CPP_START": _iso(local["cpp_start"]),
                          **{c: _iso(local[c.lower()]) for c in ("LOCALITY", "DOMESTIC_ABUSE", "PREVIOUS_CPP_END")},
                          "_row": local.get("_row", pd.Series(dtype=int))})
    # a duplicate cp_local row is reported by cp_local's own checks; the first one stands here
    merged = plans.merge(given.drop_duplicates(["CHILD", "CPP_START"]), on=["CHILD", "CPP_START"], how="left",
                         suffixes=("", "_local"))
    for column in ("LOCALITY", "DOMESTIC_ABUSE", "PREVIOUS_CPP_END"):
        mine = merged[f"{column}_local"].fillna("")
        merged[column] = mine.where(mine != "", merged[column])
    _unmatched(given, plans, ["CHILD", "CPP_START"], "plans", "plan", year_folder, problems)
    return merged[plans.columns]


def _conference_details(conferences: pd.DataFrame, plans: pd.DataFrame, child_locality: dict,
                        local: pd.DataFrame, year_folder: Path, problems: Problems) -> pd.DataFrame:
    """An ICPC's outcome (a plan starting that day or not), each conference's locality (its plan's, else the
    child's) and what cp_local records for it (parents, advocate, and how the conference went: a conference
    it does not list has those blank, not recorded)."""
    starts = plans.set_index(["CHILD", "CPP_START"])["LOCALITY"]
    starts = starts[~starts.index.duplicated()]  # a duplicate plan is reported when the plans are checked
    icpc = conferences["CONFERENCE_TYPE"] == "ICPC"
    key = pd.MultiIndex.from_arrays([conferences["CHILD"], conferences["_PLAN"].where(~icpc, conferences[
        "CONFERENCE_DATE"])])
    started = key.isin(starts.index)
    conferences["OUTCOME"] = conferences["OUTCOME"].where(~icpc, pd.Series(started, index=conferences.index).map(
        {True: "CPP", False: "NO_CPP"}))
    plan_locality = pd.Series(starts.reindex(key).to_numpy(), index=conferences.index)
    conferences["LOCALITY"] = plan_locality.fillna(conferences["CHILD"].map(child_locality)).fillna("")
    given = pd.DataFrame({"CHILD": local["child"].astype(str), "CONFERENCE_DATE": _iso(local["conference_date"]),
                          **{c: _iso(local[c.lower()]) for c in cp_local.DETAILS},
                          "_row": local.get("_row", pd.Series(dtype=int))})
    _unmatched(given, conferences, ["CHILD", "CONFERENCE_DATE"], "conferences", "conference", year_folder, problems)
    details = given.drop(columns="_row").drop_duplicates(["CHILD", "CONFERENCE_DATE"])
    return conferences.merge(details, on=["CHILD", "CONFERENCE_DATE"], how="left").fillna("")


def _unmatched(given: pd.DataFrame, census: pd.DataFrame, key: list[str], sheet: str, what: str,
               year_folder: Path, problems: Problems) -> None:
    """A cp_local row that matches nothing in the census is a warning: it is probably mistyped."""
    known = pd.MultiIndex.from_frame(census[key])
    lost = ~pd.MultiIndex.from_frame(given[key]).isin(known)
    file = cp_local.label(year_folder, sheet)
    for row in given["_row"][lost]:  # the row, not the child, is named: warnings are printed in the report
        problems.warn(file, sheet, int(row), key[1], f"matches no {what} of the child on that date in {CIN_CENSUS}: "
                      "left out", f"the child and date of a {what} in the census")
