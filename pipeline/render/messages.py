"""What each figure and table says, in words, from the findings transform computed (no number is worked out
here): the sentence under it, the message its chart is titled with, and the executive summary's key messages.
"""
from __future__ import annotations

import math

import pandas as pd

from pipeline.render import labels
from pipeline.render.formats import number
from pipeline.render.query import COMPARATORS, LAST_THREE, MONTHS, MONTHS_THIS_AND_LAST, THIS_AND_LAST, TREND
from pipeline.transform.catalogue import REGISTRY
from pipeline.transform.findings import CHANCE, FEW, SUMMARY_GROUPS
from pipeline.transform.importance import ALWAYS, PER_AREA, RANK, TWINS, area, noun, shares_of_a_whole, tier

ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}
# Figures of months or localities speak through the authority's annual total they break down.
ABOUT = {"cp_month_end": "cp.count_31mar", "escalations_month": "esc.raised", "cp_starts_month_locality": "cp.starts",
         "cp_starts_locality": "cp.starts", "cp_starts_locality_rate": "cp.starts_rate_per_10k",
         "lado_referrals_by_month": "lado.referrals"}
SMALL_BASE = 20  # a percentage of fewer than this many comes with its count


def comparator_name(area_type: str, region: str) -> str:
    return {"ENGLAND": "England", "REGION": f"the {region}", "STAT_NEIGHBOURS": "statistical neighbours",
            "GOOD_LAS": "'Good' authorities"}[area_type]


def shown(value: float, indicator: str, unit: str, numerator: float = math.nan, base: float = math.nan) -> str:
    """A value as printed; a percentage of a small base, or one that would round to 0% though some children
    are in it, with its count ('0.2% (1 of 472)')."""
    text = number(value, indicator, unit)
    if unit != "percent" or pd.isna(base) or pd.isna(numerator):
        return text
    if text == "0%" and numerator > 0:
        text = f"{value:.1f}%"
    if base < SMALL_BASE or (0 < numerator < 5):
        text += f" ({number(numerator)} of {number(base)})"
    return text


def unit_of(indicator: str) -> str:
    return REGISTRY[indicator].unit if indicator in REGISTRY else "count"


def _lower_first(text: str) -> str:
    """'Care order' -> 'care order'; 'IROs', 'LADO referrals' keep their capitals."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


LEADS = {"count": "The number of", "percent": "The percentage of", "rate_per_10k": "The rate of"}
SUBJECTS = {"reviews.pre_review_contact_pct": "The percentage of reviews where the IRO spoke with the child beforehand",
            "chic.sdq_concern_pct": "The percentage of children whose SDQ score was a cause for concern",
            "iru.iro_caseload": "The caseload per full-time IRO",
            "iru.isro_caseload": "The caseload per full-time ISRO",
            "reviews.sw_report_shared_pct": "The percentage of reviews for which the social worker's report was "
                                            "shared beforehand",
            "reviews.contact_between_pct": "The percentage of reviews where the IRO had seen or spoken with the "
                                           "child since the previous review",
            "reviews.midpoint_pct": "The percentage of reviews with a mid-point check by the IRO",
            "reviews.permanence_plan_pct": "The percentage of children with a permanence plan by their second review",
            "cp.icpc_timely_pct": "The percentage of initial conferences held within 15 working days",
            "cp.rcpc_timely_pct": "The percentage of review conferences held on time",
            "cp.repeat_2y_pct": "The percentage of plans started within 2 years of a previous plan ending",
            "lado.meeting_timely_pct": "The percentage of strategy meetings held within 5 working days",
            "leavers.in_touch_pct": "The percentage of care leavers aged 19 to 21 the authority was in touch with"}


# a group that reads as a measure of its own: 'LADO cases concluded within 1 month', not '... 1, 3 and 12
# months: Within 1 month'
GROUP_TITLES = {("lado.concluded_within_pct", band): f"LADO cases concluded within {words}"
                for band, words in (("1_month", "1 month"), ("3_months", "3 months"), ("12_months", "12 months"))}

BREAKDOWN_SUBJECTS = {
    ("reviews.participation_pct", "participated"): "The percentage of reviews in which the child took part",
    ("reviews.participation_pct", "views_conveyed"): "The percentage of reviews in which the child's views were "
                                                     "conveyed",
    ("reviews.participation_pct", "no_view"): "The percentage of reviews in which no view of the child was conveyed",
    ("leavers.activity_pct", "eet"): "The percentage of care leavers aged 19 to 21 in education, employment or "
                                     "training",
    **{key: f"The percentage of {_lower_first(title)}" for key, title in GROUP_TITLES.items()},
}


def subject(indicator: str, breakdown: str = "") -> str:
    """An indicator as the subject of a sentence, agreeing with 'was': 'The number of children in care at 31
    March', 'The percentage of reviews held on time'; a breakdown after it, in brackets."""
    if (indicator, breakdown) in BREAKDOWN_SUBJECTS:
        return BREAKDOWN_SUBJECTS[(indicator, breakdown)]
    title = REGISTRY[indicator].title if indicator in REGISTRY else indicator
    lead = LEADS.get(unit_of(indicator))
    text = SUBJECTS.get(indicator) or (f"{lead} {_lower_first(title)}" if lead and not title.lower().startswith(
        ("average", "mean")) else title)
    return f"{text} ({_lower_first(labels.breakdown(breakdown))})" if breakdown else text


# what is said of a move as large as a notable one that is not notable, by why (see transform.findings.scale)
CAVEATS = {CHANCE: "a change chance alone could explain", FEW: "though numbers this small move easily"}


def _adverb(scale: str) -> str:
    """' slightly', ' sharply' or nothing: a move with a caveat is told plainly, then the caveat said."""
    return f" {scale}" if scale and scale not in CAVEATS else ""


class Findings:
    """The findings table, looked up by indicator, breakdown and kind."""

    def __init__(self, table: pd.DataFrame, year: int, authority: str, region: str):
        self.table, self.year, self.authority, self.region = table, year, authority, region
        self.records = list(table.itertuples(index=False))  # looked up as records: a frame per lookup is slow
        self._turns: dict[str, int] = {}
        self._said: set[str] = set()
        self._by: dict[tuple, list] = {}
        self._of: dict[tuple, list] = {}
        for r in self.records:
            self._by.setdefault((r.indicator, r.breakdown, r.kind), []).append(r)
            self._of.setdefault((r.indicator, r.kind), []).append(r)

    def of(self, indicator: str, kind: str) -> list:
        """Every row of one kind for an indicator, its breakdowns included."""
        return self._of.get((indicator, kind), [])

    def comparator(self, area_type: str) -> str:
        return comparator_name(area_type, self.region)

    def rows(self, indicator: str, breakdown: str, kind: str) -> list:
        return self._by.get((indicator, breakdown, kind), [])

    def one(self, indicator: str, breakdown: str, kind: str):
        return next(iter(self.rows(indicator, breakdown, kind)), None)

    def _v(self, r, which: str = "value") -> str:
        unit = unit_of(r.indicator)
        if which == "value":
            return shown(r.value, r.indicator, unit, r.numerator, r.base)
        return number(r.other, r.indicator, unit)

    # --- the phrases -----------------------------------------------------------------------------------------
    def _turn(self, kind: str, variants: tuple[str, ...]) -> str:
        """The next of a few ways of saying one kind of thing, in turn, so that no sentence is said the same way
        more than a few times in a report."""
        n = self._turns.get(kind, 0)
        self._turns[kind] = n + 1
        return variants[n % len(variants)]

    def _with_unit(self, r, which: str = "value") -> str:
        """A value with its unit: '57 referrals', '2.1 FTE', '44% (7 of 16)'."""
        text = self._v(r, which)
        unit = "per 10,000 children" if unit_of(r.indicator) == "rate_per_10k" else noun(r.indicator)
        if text == "1" and unit:  # '1 referral', '1 late review', '1 child per IRO', '1 person'
            words = unit.split()
            at = 0 if "per" in words else len(words) - 1
            words[at] = SINGULAR.get(words[at], words[at].removesuffix("s"))
            unit = " ".join(words)
        return f"{text} {unit}" if unit and unit_of(r.indicator) != "percent" else text

    def trend_phrase(self, r) -> str:
        """'rose for the third year running', 'fell slightly this year', 'broadly stable' (no verb: a title can use
        it); the latest step on the one direction scale, as the move since last year is told."""
        if r.direction == "flat":
            return "broadly stable" if r.run >= 2 else "broadly unchanged this year"
        move = self.one(r.indicator, r.breakdown, "move")
        verb = ("rose" if r.direction == "up" else "fell") + _adverb(move.scale if move is not None else "")
        return f"{verb} for the {ORDINALS.get(int(r.run), f'{int(r.run)}th')} year running" if r.run >= 2 \
            else f"{verb} this year"

    def trend_sentence(self, r) -> str:
        """The trend, with this year's and last year's values where the latest step is what it says, and the
        first year's: 'rose this year, from 71% in 2023-24 to 73%; it was 78% in 2020-21'."""
        phrase, move = self.trend_phrase(r), self.one(r.indicator, r.breakdown, "move")
        first = f"{self._v(r, 'other')} in {labels.year_label(r.other_period)}"
        if r.direction == "flat":
            since = (f", {'up' if r.change > 0 else 'down'} from {first}" if r.notable else f" ({first})")
            return f"{subject(r.indicator)} was {phrase}, at {self._with_unit(r)}{since}."
        if r.run == 1 and move is not None:
            caveat = f", {CAVEATS[move.scale]}" if move.scale in CAVEATS else ""
            return (f"{subject(r.indicator)} {phrase}, from {self._v(move, 'other')} to {self._with_unit(r)}{caveat}; "
                    f"it was {first}.")
        return f"{subject(r.indicator)} {phrase}, to {self._with_unit(r)} ({first})."

    def move_phrase(self, r) -> str:
        """'rose by 14%, from 513 in 2023-24 to 586 plans', 'rose slightly, ...', 'rose sharply, ...', 'was unchanged
        at 40', on the one direction scale transform set."""
        before, after = self._v(r, "other"), self._with_unit(r)
        last = labels.year_label(r.other_period)
        if r.other_source == "published":
            return f"was {after}, compared with DfE's published {last} figure of {before}"
        unit = unit_of(r.indicator)
        if before == number(r.value, r.indicator, unit):
            return f"was unchanged at {after}"
        verb = ("rose" if r.change > 0 else "fell") + _adverb(r.scale)
        if r.scale in CAVEATS:
            return f"{verb} from {before} in {last} to {after}, {CAVEATS[r.scale]}"
        if r.scale != "slightly" and unit == "count" and r.pct_change == r.pct_change:
            return f"{verb}{',' if r.scale else ''} by {number(abs(r.pct_change), unit='percent')}, from {before} in " \
                   f"{last} to {after}"
        return f"{verb}, from {before} in {last} to {after}" if r.scale else f"{verb} from {before} in {last} to {after}"

    def comparison_sentence(self, indicator: str, breakdown: str, areas) -> str:
        """One verdict per comparator, as transform decided it (by the authority's 95% interval): 'At 46,
        Demoshire was lower than England (68) and in line with ... (2023-24, the latest published).'; a group with
        no fair mean, and why."""
        order = {a: i for i, a in enumerate(COMPARATORS)}
        rows = sorted((r for r in self.rows(indicator, breakdown, "comparison") if r.area_type in areas),
                      key=lambda r: order[r.area_type])
        judged = [r for r in rows if r.relation]
        missing = [r for r in rows if not r.relation and r.reason]
        out = []
        if judged:
            unit = unit_of(indicator)
            groups = []
            for relation, word in RELATION_WORDS.items():
                names = [f"{comparator_name(r.area_type, self.region)} ({number(r.other, indicator, unit)})"
                         for r in judged if r.relation == relation]
                if names:
                    groups.append(f"{word} {_join(names)}")
            when = " and ".join(labels.year_label(p) for p in sorted({r.other_period for r in judged}))
            what = f"{self._v(judged[0])}" + (f" for {_lower_first(labels.breakdown(breakdown))}" if breakdown else "")
            out.append(self._turn("comparison", COMPARISONS).format(v=what, a=self.authority, groups=_join(groups),
                                                                   when=when))
        for r in missing:
            out.append(f"There is no figure for {comparator_name(r.area_type, self.region)} to compare with: {r.reason}.")
        return " ".join(out)

    def value_sentence(self, indicator: str) -> str:
        """A first year's figure, with nothing to compare it with: 'The number of LADO referrals received was 57
        referrals in 2024-25.'"""
        r = self.one(indicator, "", "value")
        if r is None:
            return ""
        return f"{subject(indicator)} was {self._with_unit(r)} in {labels.year_label(r.period)}."

    # --- what an item says ----------------------------------------------------------------------------------
    def _totals(self, item) -> list[str]:
        if item.id in ABOUT:
            return [ABOUT[item.id]]
        breakdowns = item.query.breakdowns
        return [i for i in item.query.indicators if breakdowns is not None and "" in breakdowns][:3]

    def _broken_down(self, item) -> list[str]:
        breakdowns = item.query.breakdowns
        return [] if breakdowns == ("",) else list(item.query.indicators)

    def says(self, item) -> str:
        """At least one sentence, with its number and unit: the trend (or the move since last year, or, in a first
        year, the value), the comparison with comparators, and the largest move within the breakdown (or, with
        none notable, the largest group of a whole, or the highest and lowest of separate measures)."""
        sentences = self._months_and_places(item)
        for indicator in self._totals(item):
            trend, move = self.one(indicator, "", "trend"), self.one(indicator, "", "move")
            if trend is not None and item.query.periods == TREND and item.id not in ABOUT:
                said = self.trend_sentence(trend)
            elif move is not None:
                said = f"{subject(indicator)} {self.move_phrase(move)}."
            else:
                said = self.value_sentence(indicator)
            if said not in self._said or not sentences:  # a figure of months repeats no sentence said above
                sentences.append(said)
                self._said.add(said)
            comparators = [a for a in item.query.areas if a in COMPARATORS]
            if comparators:
                sentences.append(self.comparison_sentence(indicator, "", comparators))
        sentences += self._breakdown_sentences(item)
        sentences = [s for s in sentences if s]
        if sentences:
            return " ".join(sentences)
        if all(unit_of(i) == "rate_per_10k" for i in item.query.indicators):  # the children were counted
            return (f"{item.title}: no rate this year, as ONS's mid-year estimate of the number of children "
                    "living in the area was not among the published files.")
        return f"{item.title}: no figures were recorded this year."

    def _months_and_places(self, item) -> list[str]:
        """For a chart of months, its highest and lowest month; for one of localities, the locality with most."""
        out = []
        for indicator in item.query.indicators:
            peak, top = self.one(indicator, "", "peak"), self.one(indicator, "", "top_area")
            if peak is not None and item.query.periods in (MONTHS, MONTHS_THIS_AND_LAST) and "LA" in item.query.areas:
                out.append(self._turn("peak", PEAKS).format(
                    high=self._with_unit(peak), hm=labels.year_label(peak.period), low=self._with_unit(peak, "other"),
                    lm=labels.year_label(peak.other_period)))
            if top is not None and "LOCALITY" in item.query.areas and item.query.periods not in (MONTHS,
                                                                                                 MONTHS_THIS_AND_LAST):
                out.append(self._turn("place", PLACES).format(place=top.area, v=self._with_unit(top)))
        return out

    def _breakdown_sentences(self, item) -> list[str]:
        out = []
        for indicator in self._broken_down(item)[:1]:
            wanted = item.query.breakdowns
            moves = [r for r in self.of(indicator, "move") if r.breakdown and (wanted is None or r.breakdown in wanted)]
            notable = sorted((r for r in moves if r.notable), key=lambda r: -r.size)
            groups = sorted((r for r in self.of(indicator, "value") if r.breakdown and r.breakdown not in SUMMARY_GROUPS
                             and (wanted is None or r.breakdown in wanted) and r.value == r.value),
                            key=lambda r: (-r.value, r.breakdown))
            if notable:
                r = notable[0]
                out.append(self._turn("change", CHANGES).format(
                    name=labels.breakdown(r.breakdown), move=self.move_phrase(r)))
            elif groups:
                # 'much as last year' only under a chart that draws last year
                lead = self._turn("steady", STEADY) + " " if moves and self._draws_last_year(item) else ""
                out.append(lead + self._groups_sentence(indicator, groups))
            comparators = [a for a in item.query.areas if a in COMPARATORS]
            if comparators and groups and not self._totals(item):
                out.append(self.comparison_sentence(indicator, groups[0].breakdown, comparators))
        return out

    def _groups_sentence(self, indicator: str, groups: list) -> str:
        """The largest group, for shares of one whole; otherwise the highest and lowest of separate measures."""
        largest = [r for r in self.of(indicator, "largest") if r.breakdown in {g.breakdown for g in groups}]
        if largest:
            return self._turn("largest", LARGEST).format(name=labels.breakdown(largest[0].breakdown),
                                                         v=self._with_unit(largest[0]))
        top, low = groups[0], groups[-1]
        if len(groups) == 1 or low.value == top.value:
            return f"{subject(indicator, top.breakdown)} was {self._with_unit(top)}."
        return self._turn("highest", HIGHEST).format(high=labels.breakdown(top.breakdown), hv=self._with_unit(top),
                                                     low=labels.breakdown(low.breakdown), lv=self._with_unit(low))

    def _draws_last_year(self, item) -> bool:
        return item.query.periods in (TREND, LAST_THREE, THIS_AND_LAST) and "LA" in item.query.areas

    def message(self, item) -> str:
        """The chart's title: what it shows, as a statement ('Children in care rose for the third year running');
        numbers only where the chart draws them."""
        for indicator in self._totals(item):
            trend = self.one(indicator, "", "trend")
            if trend is not None and item.query.periods == TREND:
                phrase = self.trend_phrase(trend)
                if trend.direction == "flat" and trend.notable:
                    phrase += f", {'up' if trend.change > 0 else 'down'} on {labels.year_label(trend.other_period)}"
                return f"{item.title}{': ' if phrase.startswith('broadly') else ' '}{phrase}"
            move = self.one(indicator, "", "move")
            if move is not None and move.notable and self._draws_last_year(item):  # a title claims what it draws
                return f"{item.title} {self.move_phrase(move)}"
        for indicator in self._broken_down(item):
            wanted = item.query.breakdowns
            moves = sorted((r for r in self.of(indicator, "move") if r.notable and r.breakdown
                            and (wanted is None or r.breakdown in wanted)), key=lambda r: -r.size)
            if moves and self._draws_last_year(item):
                more = "up" if moves[0].change > 0 else "down"
                return f"{item.title}: {_lower_first(labels.breakdown(moves[0].breakdown))} {more} most since last year"
            top = self.of(indicator, "largest")
            if top and shares_of_a_whole(indicator):
                return f"{item.title}: “{labels.breakdown(top[0].breakdown)}” is the largest group"
        return item.title

    # --- the executive summary -------------------------------------------------------------------------------
    def key_messages(self, most: int = 8) -> list[str]:
        """The measures the summary always covers (number in care, review timeliness, participation, CP demand,
        LADO activity), then the notable moves by importance (headline measures first, at most two per area,
        totals before breakdowns, then largest first). A tiny base or a move within chance never headlines."""
        out, taken = [], []
        for indicator, breakdown in ALWAYS:
            move = self.one(indicator, breakdown, "move")
            if move is not None:
                out.append(self._key_message(move))
            elif (r := self.one(indicator, breakdown, "value")) is not None:
                out.append(f"{subject(indicator, breakdown)} was {self._with_unit(r)} in {labels.year_label(r.period)}.")
            else:
                continue
            taken.append((indicator, breakdown))
        moves = [r for r in self.records if r.kind == "move" and r.notable and r.size == r.size
                 and r.indicator in REGISTRY and (r.indicator, r.breakdown) not in taken]
        for r in by_importance(moves, taken):
            if len(out) >= most:
                break
            out.append(self._key_message(r))
        return out

    def _key_message(self, r) -> str:
        judged = "" if not r.better or not r.notable else ", an improvement" if r.better == "yes" else ", a worsening"
        return f"{subject(r.indicator, r.breakdown)} {self.move_phrase(r)}{judged}."


SINGULAR = {"children": "child", "people": "person", "FTE": "FTE", "days": "day"}
PEAKS = ("Month by month, the highest was {high} in {hm} and the lowest {low} in {lm}.",
         "The busiest month was {hm}, with {high}; the quietest was {lm}, with {low}.")
PLACES = ("Of the localities, {place} had the most, at {v}.", "{place} was the highest of the localities, at {v}.")
RELATION_WORDS = {"higher": "higher than", "lower": "lower than", "similar": "in line with"}
COMPARISONS = ("At {v}, {a} was {groups} ({when}, the latest published).",
               "On the latest published figures ({when}), {a}'s {v} was {groups}.",
               "{a}'s {v} was {groups}, on DfE's figures for {when}, the latest year published.",
               "Compared with {when}, the latest year published, {a}, at {v}, was {groups}.",
               "{a} stood at {v}: {groups} in {when}, the latest published year.",
               "Set against {when}, the latest year published, {a}'s {v} was {groups}.",
               "{a}'s figure of {v} was {groups} (published figures for {when}).")
CHANGES = ("The largest change was for “{name}”, which {move}.",
           "“{name}” moved most since last year: it {move}.",
           "Of the groups, “{name}” changed most; it {move}.",
           "The biggest shift was in “{name}”, which {move}.",
           "Most of the change came in “{name}”, which {move}.",
           "“{name}” saw the largest change: it {move}.",
           "Among the groups, the largest change was in “{name}”, which {move}.")
STEADY = ("No group changed notably since last year.", "None of the groups moved beyond chance since last year.",
          "The groups were much as they were last year.", "Since last year no group has moved notably.",
          "Each group stayed close to last year's figure.",
          "No group's share moved by more than chance would explain.", "The pattern across groups held steady.",
          "Last year's pattern across the groups was repeated.")
LARGEST = ("The largest group was “{name}”, at {v}.", "“{name}” was the largest group, at {v}.",
           "The most common was “{name}”, at {v}.", "“{name}” made up the largest share, at {v}.",
           "The biggest group was “{name}”, with {v}.", "At {v}, “{name}” was the largest group.",
           "More were in “{name}” than in any other group: {v}.", "“{name}” was the largest single group, at {v}.")
HIGHEST = ("The highest was “{high}”, at {hv}, and the lowest “{low}”, at {lv}.",
           "“{high}” was highest, at {hv}; “{low}” lowest, at {lv}.",
           "Figures ran from {lv} for “{low}” to {hv} for “{high}”.",
           "“{high}” led, at {hv}, and “{low}” trailed, at {lv}.",
           "The range ran from “{low}”, at {lv}, to “{high}”, at {hv}.",
           "At {hv}, “{high}” was the highest and “{low}”, at {lv}, the lowest.")


def by_importance(rows: list, taken: list | None = None) -> list:
    """Headline measures first, then supporting, then detail; totals before breakdowns; largest first; at most
    PER_AREA per area of the service (counting those already `taken`), and one of a count and its rate."""
    per_area: dict[str, int] = {}
    seen = set()
    for indicator, _ in taken or []:
        per_area[area(indicator)] = per_area.get(area(indicator), 0) + 1
        seen.add(TWINS.get(indicator, indicator))
    out = []
    for r in sorted(rows, key=lambda r: (RANK[tier(r.indicator)], r.breakdown != "", -r.size)):
        where, claim = area(r.indicator), TWINS.get(r.indicator, r.indicator)
        if per_area.get(where, 0) >= PER_AREA or (claim, r.breakdown) in seen or (claim in seen and not r.breakdown):
            continue
        per_area[where] = per_area.get(where, 0) + 1
        seen.update({claim, (claim, r.breakdown)})
        out.append(r)
    return out


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def read(path) -> pd.DataFrame:
    strings = {c: str for c in ("indicator", "breakdown", "kind", "area_type", "area", "period", "other_period", "direction",
                                "better", "scale", "relation", "other_source", "rag", "compare_to", "reason")}
    frame = pd.read_csv(path, dtype=strings, keep_default_na=False, na_values={
        c: [""] for c in ("value", "other", "base", "other_base", "numerator", "change", "pct_change", "run", "size",
                          "ci_low", "ci_high",
                          "green_at", "amber_at", "amber_within_pct")})
    frame["notable"] = frame.notable.astype(str) == "True"
    return frame
