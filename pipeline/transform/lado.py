"""Allegations against people who work with children (`lado.`), from `lado.xlsx`."""
from __future__ import annotations

import pandas as pd

from pipeline.extract.schema import AGENCY, ALLEGATION_TYPE, FINAL_OUTCOME, REFERRAL_OUTCOME, SUBJECT_SECTOR
from pipeline.transform.registry import Rows, count, counts, indicator, percent, shares, stack
from pipeline.transform.year_data import YearData

REFERRALS = ("lado.referrals",)


def received(data: YearData) -> pd.DataFrame:
    """Referrals received in the year (DATE_RECEIVED in the year)."""
    refs = data["lado.referrals"]
    return refs[data.year.contains(refs.date_received)]


@indicator("lado.referrals", "count", REFERRALS, "LADO referrals received")
def referrals(data: YearData) -> Rows:
    """Referrals received in the year: the total, and each month's (period YYYY-MM)."""
    refs = received(data)
    by_month = refs.date_received.dt.strftime("%Y-%m").value_counts().reindex(data.year.months(), fill_value=0)
    return stack(count(len(refs)), *(count(n, period=m) for m, n in by_month.items()))


@indicator("lado.referral_outcome_pct", "percent", REFERRALS, "Outcome of LADO referrals",
           breakdowns=REFERRAL_OUTCOME)
def referral_outcome_pct(data: YearData) -> Rows:
    """Percentage of referrals received in the year by REFERRAL_OUTCOME: no further action, advice, words of
    advice meeting, managing allegations strategy meeting, or still being considered."""
    return shares(received(data).referral_outcome, REFERRAL_OUTCOME)


@indicator("lado.allegation_type_pct", "percent", REFERRALS, "Type of allegation", breakdowns=ALLEGATION_TYPE)
def allegation_type_pct(data: YearData) -> Rows:
    """Percentage of referrals received in the year by ALLEGATION_TYPE."""
    return shares(received(data).allegation_type, ALLEGATION_TYPE)


@indicator("lado.source_count", "count", REFERRALS, "Source of LADO referrals", breakdowns=AGENCY)
def source_count(data: YearData) -> Rows:
    """Referrals received in the year by who referred them (SOURCE)."""
    return counts(received(data).source, AGENCY)


@indicator("lado.subject_sector_pct", "percent", REFERRALS, "Sector of the person the allegation is about",
           breakdowns=SUBJECT_SECTOR)
def subject_sector_pct(data: YearData) -> Rows:
    """Percentage of referrals received in the year by the sector the subject works in (SUBJECT_SECTOR)."""
    return shares(received(data).subject_sector, SUBJECT_SECTOR)


@indicator("lado.final_outcome_count", "count", REFERRALS, "Outcomes of allegations concluded in the year",
           breakdowns=FINAL_OUTCOME)
def final_outcome_count(data: YearData) -> Rows:
    """Referrals concluded in the year (DATE_CONCLUDED in the year, whenever received) that have a
    FINAL_OUTCOME, by outcome."""
    refs = data["lado.referrals"]
    concluded = refs[data.year.contains(refs.date_concluded) & refs.final_outcome.notna()]
    return counts(concluded.final_outcome, FINAL_OUTCOME)


@indicator("lado.meeting_timely_pct", "percent", ("lado.referrals", "lado.meetings"),
           "Strategy meetings within 5 working days", higher_is_better=True)
def meeting_timely_pct(data: YearData) -> Rows:
    """Of referrals received in the year with outcome MAS and at least one meeting, the percentage whose
    first meeting was within 5 working days of DATE_RECEIVED (weekends and bank holidays excluded)."""
    mas = received(data).query("referral_outcome == 'MAS'")
    first = data["lado.meetings"].groupby("referral_id").meeting_date.min().rename("first_meeting")
    met = mas.merge(first, left_on="referral_id", right_index=True, how="inner")
    on_time = data.working_days(met.date_received, met.first_meeting) <= 5
    return percent(on_time.sum(), len(met))


@indicator("lado.attendance_pct", "percent", ("lado.attendance",), "Agencies attending LADO meetings",
           higher_is_better=True, breakdowns=AGENCY)
def attendance_pct(data: YearData) -> Rows:
    """At meetings held in the year, the percentage of invitations that each agency attended (ATTENDED = Y
    among INVITED = Y), and in total."""
    att = data["lado.attendance"]
    invited = att[data.year.contains(att.meeting_date) & (att.invited == "Y")]
    attended = invited.attended == "Y"
    by_agency = [percent(attended[invited.agency == a].sum(), (invited.agency == a).sum(), a) for a in AGENCY]
    return stack(percent(attended.sum(), len(invited)), *by_agency)
