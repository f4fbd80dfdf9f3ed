"""The chic and cp sheets rewritten as the DfE returns an authority makes: the SSDA903 XML or CSV file set,
and the CIN census XML with the small cp_local workbook beside it (what the census does not hold).

These are converters, not a second simulation: the same children give the same records, so a report
built from the returns must match one built from the workbooks figure for figure (the test of the readers).
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from pipeline.demo.xlsx import write_xlsx
from pipeline.synthetic import MARKER, MARKER_TEXT
from pipeline.extract.cin_census import previous_end
from pipeline.extract.cp_local import DETAILS
from pipeline.extract.returns_layout import CIN_CENSUS, CP_LOCAL, SSDA903

UK, ISO = "%d/%m/%Y", "%Y-%m-%d"
RETURN_XML = "return.xml"


MARKER_COMMENT = f"<!-- {MARKER_TEXT} -->\n"  # after the root element: no reader or schema sees it


def text(values: pd.Series, date_format: str) -> pd.Series:
    """A sheet's column as the text a return holds: dates formatted, whole numbers without '.0', blanks ''."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime(date_format).fillna("").astype(object)
    out = values.astype(object).where(values.notna(), "")
    return out.map(lambda v: str(int(v)) if isinstance(v, (float, np.floating, np.integer)) and v == int(v)
                   else escape(str(v)))


def _elements(frame: pd.DataFrame, tags: list[tuple[str, str]], date_format: str = UK) -> pd.Series:
    """Each row as a run of leaf elements `<TAG>value</TAG>` (`<TAG />` where blank), vectorised."""
    out = pd.Series("", index=frame.index, dtype=object)
    for column, tag in tags:
        values = text(frame[column], date_format) if column in frame else pd.Series("", index=frame.index)
        out = out + np.where(values == "", f"<{tag} />", f"<{tag}>" + values + f"</{tag}>")
    return out


def _by_child(frame: pd.DataFrame, fragments: pd.Series, wrap: str = "") -> pd.Series:
    """Each child's fragments in order, joined (each wrapped in `<wrap>` if given)."""
    if wrap:
        fragments = f"<{wrap}>" + fragments + f"</{wrap}>"
    return fragments.groupby(frame["CHILD"].astype(str).to_numpy(), sort=False).agg("".join)


# --- SSDA903 ------------------------------------------------------------------------------------------
HEADER_TAGS = [("CHILD", "CHILDID"), ("UPN", "UPN"), ("SEX", "SEX"), ("DOB", "DOB"), ("ETHNIC", "ETHNIC")]
EPISODE_TAGS = [("DECOM", "DECOM"), ("RNE", "RNE"), ("LS", "LS"), ("CIN", "CIN"), ("PLACE", "PL"),
                ("PL_POST", "PL_POST"), ("HOME_POST", "HOME_POST"), ("URN", "URN"),
                ("PLACE_PROVIDER", "PLACE_PROVIDER"), ("DEC", "DEC"), ("REC", "REC"),
                ("REASON_PLACE_CHANGE", "REASON_PLACE_CHANGE")]
DOLO_TAGS = [("DOLO_START", "DOLO_START"), ("DOLO_END", "DOLO_END")]
OC2_TAGS = [(c, c) for c in ("SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
                             "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")]


def ssda903_xml(sheets: dict[str, pd.DataFrame]) -> str:
    """The chic sheets as the SSDA903 XML return: one CHILD per header row, its AREVIEWs, OC2, OC3 fields, UASC
    flag (with DUC) and deprivation of liberty orders (DOLO) in its HEADER, then its EPISODEs."""
    header = sheets["header"]
    children = header["CHILD"].astype(str)
    parts = {
        "reviews": _by_child(sheets["reviews"], _elements(sheets["reviews"], [("REVIEW", "REVIEW"),
                                                                              ("REVIEW_CODE", "REVIEW_CODE")]),
                             "AREVIEW"),
        "oc2": _by_child(sheets["oc2"], _elements(sheets["oc2"], OC2_TAGS), "OC2"),
        "oc3": _by_child(sheets["oc3"], _elements(sheets["oc3"], [(c, c) for c in ("IN_TOUCH", "ACTIV", "ACCOM")])),
        "uasc": _by_child(sheets["uasc"], "<UASC>1</UASC>" + _elements(sheets["uasc"], [("DUC", "DUC")])),
        "episodes": _by_child(sheets["episodes"], _elements(sheets["episodes"], EPISODE_TAGS), "EPISODE"),
    }
    if "dolo" in sheets:  # the element's name is assumed: DfE's is not published (docs/inputs-returns.md)
        parts["dolo"] = _by_child(sheets["dolo"], _elements(sheets["dolo"], DOLO_TAGS), "DOLO")
    stray = set().union(*(set(p.index) for p in parts.values())) - set(children)
    if stray:
        raise ValueError(f"children with records but no header row: {sorted(stray)[:5]}")
    found = {name: part.reindex(children).fillna("").to_numpy() for name, part in parts.items()}
    mother = _elements(header, [("MOTHER", "MOTHER"), ("MC_DOB", "MC_DOB")]).to_numpy()
    body = ("<CHILD><HEADER>" + _elements(header, HEADER_TAGS).to_numpy() + np.where(found["uasc"] == "", "<UASC />",
            found["uasc"]) + found["reviews"] + mother + found["oc2"] + found["oc3"] + found.get("dolo", "")
            + "</HEADER>" + found["episodes"] + "</CHILD>")
    return "<?xml version='1.0' encoding='utf-8'?>\n<EXPSSDA903>" + "".join(body) + "</EXPSSDA903>\n"


def write_ssda903(folder: Path, sheets: dict[str, pd.DataFrame], form: str) -> None:
    """`<folder>/ssda903/` as the XML return (form 'xml') or DfE's CSV file set (form 'csv')."""
    out = folder / SSDA903
    out.mkdir(parents=True, exist_ok=True)
    if form == "xml":
        (out / RETURN_XML).write_text(ssda903_xml(sheets) + MARKER_COMMENT, encoding="utf-8")
        return
    for name, frame in sheets.items():
        frame.apply(lambda col: text(col, UK)).assign(**{MARKER: "Y"}).to_csv(out / f"{name}.csv", index=False)


# --- CIN census ---------------------------------------------------------------------------------------
def _plan_of(conferences: pd.DataFrame, plans: pd.DataFrame) -> np.ndarray:
    """The row of `plans` each conference belongs to (-1 for none): an ICPC the plan starting that day, an
    RCPC the child's latest plan starting before it."""
    out = np.full(len(conferences), -1)
    starts = plans[["CHILD", "CPP_START"]].assign(_plan=np.arange(len(plans)))
    held = conferences[["CHILD", "CONFERENCE_TYPE", "CONFERENCE_DATE"]].assign(_at=np.arange(len(conferences)))
    icpc = held[held["CONFERENCE_TYPE"] == "ICPC"].merge(starts.drop_duplicates(["CHILD", "CPP_START"]),
                                                         left_on=["CHILD", "CONFERENCE_DATE"],
                                                         right_on=["CHILD", "CPP_START"])
    out[icpc["_at"].to_numpy()] = icpc["_plan"].to_numpy()
    rcpc = pd.merge_asof(held[held["CONFERENCE_TYPE"] == "RCPC"].sort_values("CONFERENCE_DATE"),
                         starts.sort_values("CPP_START"), left_on="CONFERENCE_DATE", right_on="CPP_START", by="CHILD",
                         allow_exact_matches=False).dropna(subset=["_plan"])
    out[rcpc["_at"].to_numpy()] = rcpc["_plan"].to_numpy(dtype=int)
    return out


def census_xml(plans: pd.DataFrame, conferences: pd.DataFrame, year: int) -> str:
    """The cp sheets as a CIN census: one CINdetails per plan (with its ICPC, as a section 47 enquiry where
    it has S47_START, and its review conferences) and one per ICPC that started no plan. Domestic abuse is
    recorded as assessment factor 3A. A child known only from an ICPC has sex 0 and ethnicity NOBT."""
    plans = plans.assign(CHILD=plans["CHILD"].astype(str)).reset_index(drop=True)
    conferences = conferences.assign(CHILD=conferences["CHILD"].astype(str)).reset_index(drop=True)
    if "S47_START" not in conferences:
        conferences["S47_START"] = pd.NaT
    conferences["_plan"] = _plan_of(conferences, plans)
    icpcs = conferences[conferences["CONFERENCE_TYPE"] == "ICPC"]
    opened = icpcs[icpcs["_plan"] >= 0].drop_duplicates("_plan").set_index("_plan")["S47_START"]
    reviews = conferences[(conferences["CONFERENCE_TYPE"] == "RCPC") & (conferences["_plan"] >= 0)]
    review_xml = reviews.sort_values("CONFERENCE_DATE").groupby("_plan")["CONFERENCE_DATE"].agg(
        lambda d: "".join(f"<CPPreviewDate>{v:{ISO}}</CPPreviewDate>" for v in d))
    episodes = []  # (child, xml)
    for i, plan in plans.iterrows():
        s47 = opened.get(i, pd.NaT)
        ended = "" if pd.isna(plan["CPP_END"]) else f"<CPPendDate>{plan['CPP_END']:{ISO}}</CPPendDate>"
        reviewed = review_xml.get(i, "")
        body = (f"<ChildProtectionPlans><CPPstartDate>{plan['CPP_START']:{ISO}}</CPPstartDate>{ended}"
                f"<InitialCategoryOfAbuse>{plan['INITIAL_CATEGORY']}</InitialCategoryOfAbuse>"
                f"<LatestCategoryOfAbuse>{plan['LATEST_CATEGORY']}</LatestCategoryOfAbuse>"
                f"<NumberOfPreviousCPP>{int(plan['PREVIOUS_CPP'])}</NumberOfPreviousCPP>"
                + (f"<Reviews>{reviewed}</Reviews>" if reviewed else "") + "</ChildProtectionPlans>")
        episodes.append((plan["CHILD"], _episode(plan["CPP_START"], s47, i in opened.index,
                                                 plan["DOMESTIC_ABUSE"] == "Y", body)))
    for child, date, s47 in icpcs.loc[icpcs["_plan"] < 0, ["CHILD", "CONFERENCE_DATE", "S47_START"]].to_numpy():
        episodes.append((child, _episode(date, s47, True, False, "")))
    people = plans.drop_duplicates("CHILD", keep="last").set_index("CHILD")
    reference = pd.Timestamp(year, 3, 31)
    children = []
    for child, group in pd.DataFrame(episodes, columns=["CHILD", "XML"]).groupby("CHILD", sort=False):
        children.append(f"<Child>{_identifiers(child, people, reference)}{''.join(group['XML'])}</Child>")
    return (f"<?xml version='1.0' encoding='utf-8'?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection>"
            f"<Year>{year}</Year><ReferenceDate>{reference:{ISO}}</ReferenceDate></CollectionDetails></Header>"
            f"<Children>{''.join(children)}</Children></Message>\n")


def _episode(icpc: pd.Timestamp, s47: pd.Timestamp, held: bool, domestic_abuse: bool, plan: str) -> str:
    """One CINdetails: referred a week before the enquiry (or conference), its assessment, its ICPC."""
    referred = (icpc if pd.isna(s47) else s47) - pd.Timedelta(days=7)
    factors = f"<AssessmentFactors>{'3A' if domestic_abuse else '2B'}</AssessmentFactors>"
    assessment = (f"<Assessments><AssessmentActualStartDate>{referred:{ISO}}</AssessmentActualStartDate>"
                  f"<FactorsIdentifiedAtAssessment>{factors}</FactorsIdentifiedAtAssessment></Assessments>")
    at_episode = f"<DateOfInitialCPC>{icpc:{ISO}}</DateOfInitialCPC>" if held and pd.isna(s47) else ""
    enquiry = "" if pd.isna(s47) or not held else (
        f"<Section47><S47ActualStartDate>{s47:{ISO}}</S47ActualStartDate><DateOfInitialCPC>{icpc:{ISO}}"
        "</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>")
    return (f"<CINdetails><CINreferralDate>{referred:{ISO}}</CINreferralDate><ReferralSource>5A</ReferralSource>"
            f"<PrimaryNeedCode>N1</PrimaryNeedCode>{at_episode}{assessment}{enquiry}<ReferralNFA>false</ReferralNFA>"
            f"{plan}</CINdetails>")


def _identifiers(child: str, people: pd.DataFrame, reference: pd.Timestamp) -> str:
    if child not in people.index:
        return (f"<ChildIdentifiers><LAchildID>{escape(child)}</LAchildID><GenderCurrent>0</GenderCurrent>"
                "</ChildIdentifiers><ChildCharacteristics><Ethnicity>NOBT</Ethnicity></ChildCharacteristics>")
    p = people.loc[child]
    born = "ExpectedPersonBirthDate" if p["DOB"] > reference else "PersonBirthDate"
    ethnic = p["ETHNIC"] if isinstance(p["ETHNIC"], str) and p["ETHNIC"] else "NOBT"
    return (f"<ChildIdentifiers><LAchildID>{escape(child)}</LAchildID><{born}>{p['DOB']:{ISO}}</{born}>"
            f"<GenderCurrent>{p['SEX']}</GenderCurrent></ChildIdentifiers>"
            f"<ChildCharacteristics><Ethnicity>{ethnic}</Ethnicity></ChildCharacteristics>")


def cp_local_sheets(plans: pd.DataFrame, conferences: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """What the census cannot hold: each child's locality (its latest plan's, else its latest conference's),
    the parents, advocate and how each conference went (quorate, dissent, why late, the chair's pre-meeting),
    and a plan's locality or previous plan end where the census would give another."""
    plans = plans.assign(CHILD=plans["CHILD"].astype(str))
    conferences = conferences.assign(CHILD=conferences["CHILD"].astype(str))
    where = pd.concat([conferences[["CHILD", "CONFERENCE_DATE", "LOCALITY"]].rename(columns={"CONFERENCE_DATE": "ON"}),
                       plans[["CHILD", "CPP_START", "LOCALITY"]].rename(columns={"CPP_START": "ON"})])
    children = (where.dropna(subset=["LOCALITY"]).sort_values(["CHILD", "ON"], kind="stable")
                .drop_duplicates("CHILD", keep="last")[["CHILD", "LOCALITY"]])
    as_census = plans[["CHILD", "CPP_START", "CPP_END"]].apply(lambda c: text(c, ISO))
    derived = pd.Series(previous_end(as_census, as_census.iloc[:0]), index=plans.index)
    truth = text(plans["PREVIOUS_CPP_END"], ISO)
    locality = plans["LOCALITY"].where(plans["LOCALITY"] != plans["CHILD"].map(children.set_index("CHILD")["LOCALITY"]))
    differs = ((truth != derived) & (truth != "")) | locality.notna()
    overrides = pd.DataFrame({"CHILD": plans["CHILD"], "CPP_START": plans["CPP_START"], "LOCALITY": locality,
                              "PREVIOUS_CPP_END": plans["PREVIOUS_CPP_END"].where(truth != derived)})[differs]
    details = [c for c in DETAILS if c in conferences]
    return {"children": children.reset_index(drop=True), "conferences": conferences[[
        "CHILD", "CONFERENCE_DATE", *details]].reset_index(drop=True), "plans": overrides.reset_index(drop=True)}


def write_census(folder: Path, sheets: dict[str, pd.DataFrame], year: int, created) -> None:
    """`<folder>/cin_census.xml` and `<folder>/cp_local.xlsx` from the cp sheets."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CIN_CENSUS).write_text(census_xml(sheets["plans"], sheets["conferences"], year) + MARKER_COMMENT,
                                     encoding="utf-8")
    write_xlsx(folder / f"{CP_LOCAL}.xlsx", cp_local_sheets(sheets["plans"], sheets["conferences"]), created,
               f"cp_local {year - 1}-{year % 100:02d}")
