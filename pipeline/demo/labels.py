"""DfE's label texts for the published breakdowns, and which SSDA903 codes fall under each.

Breakdowns are given as (group, {label: codes}, total label); rows are written in label order, as DfE
writes them. `NATIONAL_SHARE` gives each label a plausible national share, from which the fictional
authorities' breakdowns are drawn.
"""
from __future__ import annotations

AGE_31 = {"Under 1 year": (0, 1), "1 to 4 years": (1, 5), "5 to 9 years": (5, 10), "10 to 15 years": (10, 16),
          "16 years and over": (16, 99)}
AGE_CEASED = {"Under 1 year": (0, 1), "1 to 4 years": (1, 5), "5 to 9 years": (5, 10), "10 to 15 years": (10, 16),
              "16 years": (16, 17), "17 years": (17, 18), "18 years and over": (18, 99)}
GENDER = {"Male": ("1",), "Female": ("2",)}
ETHNICITY = {
    "1. Total White": {"1a. White British": "WBRI", "1b. White Irish": "WIRI",
                       "1c. Traveller of Irish Heritage": "WIRT", "1d. Gypsy Roma": "WROM",
                       "1e. Any other White background": "WOTH"},
    "2. Total Mixed or Multiple ethnic groups": {"2a. White and Black Caribbean": "MWBC",
                                                 "2b. White and Black African": "MWBA", "2c. White and Asian": "MWAS",
                                                 "2d. Any other Mixed background": "MOTH"},
    "3. Total Asian or Asian British": {"3a. Indian": "AIND", "3b. Pakistani": "APKN", "3c. Bangladeshi": "ABAN",
                                        "3d. Chinese": "CHNE", "3e. Any other Asian background": "AOTH"},
    "4. Total Black, African, Caribbean or Black British": {"4a. Caribbean": "BCRB", "4b. African": "BAFR",
                                                            "4c. Any other Black background": "BOTH"},
    "5. Total other ethnic group": {"5. Total other ethnic group": "OOTH"},
    "6. Total refused or information not yet available": {"6a. Refused": "REFU",
                                                          "6b. Information not yet obtained": "NOBT"},
}
LEGAL_31 = {"Care orders": ("C1", "C2"), "Placement order granted": ("E1", "D1"),
            "Voluntary agreements under S20 CA 1989": ("V2",), "Youth justice legal statuses": ("J1", "J2", "J3"),
            "Detained for child protection": ("L1", "L2", "L3")}
LEGAL_START = {("Care order" if k == "Care orders" else k): v for k, v in LEGAL_31.items()}
PLACEMENT = {
    "1. Total foster placements": ("U1", "U2", "U3", "U4", "U5", "U6"),
    "2. Total placed for adoption": ("A3", "A4", "A5", "A6"),
    "3. Total placed with parents or other person with parental responsibility": ("P1",),
    "4. Total secure homes and children's homes": ("K1", "K2"),
    "5. Total independent and semi-independent living arrangements/ supported accommodation": ("H5", "P2", "K3"),
    "6. Total other residential settings": ("R1", "R2", "R3", "R5", "P3"),
    "7. Total residential schools": ("S1",),
    "8. Total other placements": ("Z1", "T0", "T1", "T2", "T3", "T4"),
}
UASC = {"Unaccompanied asylum-seeking children": (True,), "Non-unaccompanied asylum-seeking children": (False,)}
REASON = {
    "Adopted": ("E11", "E12"),
    "Left care to live with parents, relatives or other person with no parental responsibility": ("E13",),
    "Accommodation on remand ended": ("E14",),
    "Age assessment determined child aged 18 or over": ("E15",),
    "Child moved abroad": ("E16",),
    "Aged 18 (or over) and remained with current carers": ("E17",),
    "Died": ("E2",),
    "Care taken by another local authority": ("E3",),
    "Returned home to live with parents or other person with parental responsibility which was part of the care "
    "planning process": ("E4A",),
    "Returned home to live with parents or other person with parental responsibility which was not part of the care "
    "planning process": ("E4B",),
    "Residence order or child arrangement order granted": ("E41",),
    "Special guardianship orders": ("E43", "E44", "E45", "E46", "E47", "E48"),
    "Moved into independent living (with supportive accommodation)": ("E5",),
    "Moved into independent living (with no formalised support)": ("E6",),
    "Transferred to residential care funded by adult social services": ("E7",),
    "Care ceased for any other reason": ("E8",),
    "Sentenced to custody": ("E9",),
}

AT_31_MARCH = (("Age group", AGE_31, "Total children"), ("Gender", GENDER, "Total children"),
               ("Legal status", LEGAL_31, "Total children"), ("Placement", PLACEMENT, "Total children"))
STARTED = (("Age on starting", AGE_31, "Total children"), ("Gender", GENDER, "Total children"),
           ("Legal status", LEGAL_START, "Total children"),
           ("Unaccompanied asylum-seeking children", UASC, "Total children"))
CEASED = (("Age on ceasing", AGE_CEASED, "Total"), ("Gender", GENDER, "Total"),
          ("Reason episode ceased", REASON, "Total"))

HEALTH = "Health assessments: Children looked after all ages"
SDQ = "Ages 5 to 16 years with SDQ score"
SUBSTANCE = "Substance misuse: Children looked after all ages"
DEVELOPMENT = "Development assessments: Children looked after ages 0 to 4 years"
CONVICTIONS = "Convictions: Children looked after Ages 10 to 17 years"
CONVICTED = "Convicted or subject to youth cautions, or youth conditional cautions during the year"
HEALTH_ROWS = {  # (characteristic, breakdown): the breakdown whose count is the percentage's denominator
    (DEVELOPMENT, "Development assessments up to date"): "Total ages 0 to 4 years",
    (DEVELOPMENT, "Total ages 0 to 4 years"): "Total ages 0 to 4 years",
    (CONVICTIONS, CONVICTED): "Total ages 10 to 17 years",
    (CONVICTIONS, "Total ages 10 to 17 years"): "Total ages 10 to 17 years",
    (HEALTH, "Had their annual health assessment"): "Total all ages",
    (HEALTH, "Had their immunisations up to date"): "Total all ages",
    (HEALTH, "Had their teeth checked by a dentist"): "Total all ages",
    (HEALTH, "Total all ages"): "Total all ages",
    (SDQ, "SDQ score is a cause for concern"): "SDQ score was received",
    (SDQ, "SDQ score is borderline"): "SDQ score was received",
    (SDQ, "SDQ score is normal"): "SDQ score was received",
    (SDQ, "SDQ score was received"): "Total ages 5 to 16 years",
    (SDQ, "Total ages 5 to 16 years"): "Total ages 5 to 16 years",
    (SUBSTANCE, "Identified as having a substance misuse problem"): "Total all ages",
    (SUBSTANCE, "Offered intervention but refused it"): "Identified as having a substance misuse problem",
    (SUBSTANCE, "Received an intervention for their substance misuse problem"):
        "Identified as having a substance misuse problem",
    (SUBSTANCE, "Total all ages"): "Total all ages",
}
SDQ_AVERAGE = "SDQ average score"
SDQ_SUM = "sum of SDQ scores"  # carried through the sums so regional and national averages are exact

ACTIVITY_AGES = {"17 to 18 years": (17, 18), "19 to 21 years": (19, 21)}
ACTIVITY = {  # breakdown: ACTIV codes (None: a total, worked out from others)
    "Higher education i.e. studies beyond A level": ("F1", "P1"),
    "Education other than higher education": ("F2", "P2"),
    "In an apprenticeship": (),
    "In training or employment (excl. apprenticeship)": ("F3", "P3"),
    "Not in education, training or employment, owing to illness or disability": ("G4",),
    "Not in education, training or employment, owing to other reasons": ("G5",),
    "Not in education, training or employment, owing to pregnancy or parenting": ("G6",),
    "Total information not known": ("0",),
}
ACTIVITY_TOTALS = {
    "Total in education, employment or training": ("Higher education i.e. studies beyond A level",
                                                   "Education other than higher education", "In an apprenticeship",
                                                   "In training or employment (excl. apprenticeship)"),
    "Total not in education, employment or training": tuple(k for k in ACTIVITY if k.startswith("Not in")),
    "Total": tuple(ACTIVITY),
}
ACTIVITY_DISCONTINUED = "In training or employment"  # still listed, always z
INTOUCH_AGES = {"Aged 17 to 18": (17, 18), "Aged 19 to 21": (19, 21)}
INTOUCH = {"Local authority in touch with care leaver": ("YES",),
           "Local authority not in touch with care leaver": ("NO",),
           "Young person no longer requires services": ("NREQ",), "Young person refuses contact": ("REFU",)}

CPP_BANDS = ("3_months_or_less", "more_than_3_months_6_months", "more_than_6_months_less_than_1_year",
             "1_year_less_than_2_years", "2_years_or_more")
CIN_COLUMNS = ("Anypoint_episodes", "Anypoint_child", "Started_episodes", "Started_child", "Ended_episodes",
               "Ended_child", "At31_episodes", "awaiting_assessment")

NATIONAL_SHARE = {
    "Age group": {"Under 1 year": 0.05, "1 to 4 years": 0.13, "5 to 9 years": 0.18, "10 to 15 years": 0.38,
                  "16 years and over": 0.26},
    "Age on starting": {"Under 1 year": 0.17, "1 to 4 years": 0.15, "5 to 9 years": 0.15, "10 to 15 years": 0.26,
                        "16 years and over": 0.27},
    "Age on ceasing": {"Under 1 year": 0.05, "1 to 4 years": 0.19, "5 to 9 years": 0.11, "10 to 15 years": 0.14,
                       "16 years": 0.06, "17 years": 0.06, "18 years and over": 0.39},
    "Gender": {"Male": 0.57, "Female": 0.43},
    "Legal status": {"Care orders": 0.74, "Placement order granted": 0.06,
                     "Voluntary agreements under S20 CA 1989": 0.19, "Youth justice legal statuses": 0.008,
                     "Detained for child protection": 0.002},
    "Legal status (starting)": {"Care order": 0.31, "Placement order granted": 0.002,
                                "Voluntary agreements under S20 CA 1989": 0.57, "Youth justice legal statuses": 0.015,
                                "Detained for child protection": 0.1},
    "Placement": dict(zip(PLACEMENT, (0.68, 0.025, 0.065, 0.1, 0.075, 0.015, 0.002, 0.038))),
    "Unaccompanied asylum-seeking children": {"Unaccompanied asylum-seeking children": 0.15,
                                              "Non-unaccompanied asylum-seeking children": 0.85},
    "Reason episode ceased": dict(zip(REASON, (0.09, 0.06, 0.005, 0.01, 0.002, 0.16, 0.002, 0.06, 0.17, 0.03, 0.035,
                                               0.115, 0.125, 0.035, 0.014, 0.08, 0.007))),
    "Ethnicity": {"WBRI": 0.66, "WIRI": 0.003, "WIRT": 0.003, "WROM": 0.007, "WOTH": 0.04, "MWBC": 0.035,
                  "MWBA": 0.013, "MWAS": 0.021, "MOTH": 0.038, "AIND": 0.004, "APKN": 0.013, "ABAN": 0.005,
                  "CHNE": 0.001, "AOTH": 0.03, "BCRB": 0.015, "BAFR": 0.044, "BOTH": 0.016, "OOTH": 0.047,
                  "REFU": 0.002, "NOBT": 0.008},
}
