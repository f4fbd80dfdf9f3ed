"""Synthetic published comparators in the real files' names and layouts (see spec/published.md).

A fictional England (authorities.py) gets modelled figures (england.py); Demoshire's come from its
simulated history (figures.py), so where local data exist its published figures are exactly what the
pipeline computes. Published years end one year before the last local year, as DfE publishes each
November; the files keep their real names even where the years in a name differ.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.demo import figures, labels, lait, reference
from pipeline.demo.authorities import authorities
from pipeline.demo.ees import LA, Areas, Layout, counts_text, number_text, percent_text, write_csv
from pipeline.demo.england import Model
from pipeline.demo.history import History
from pipeline.demo.sampling import stream

FIRST_PUBLISHED = 2013  # the CIN census tables (d3, d5, b1) start here
FIRST_LAIT = 2016
# Each table from its real file's first year, or from 2016 where LAIT needs it; files start as the real ones do.
TABLE_FROM = {"population": 2012, "cla": 2016, "at31": 2020, "started": 2020, "ceased": 2020, "health": 2016,
              "activity": 2016, "intouch": 2018, "protection": 2013, "cin": 2013}
FILE_FROM = TABLE_FROM | {"cla": 2021, "health": 2021, "activity": 2021}
POPULATION = "ons_mid-year_population_estimates_2012_to_2024.csv"
YORKSHIRE = {"Yorkshire and The Humber": "Yorkshire and the Humber"}
LAYOUTS = {
    "cla": Layout("cla_number_and_rate_per_10k_children.csv", bom=True),
    "at31": Layout("la_cla_on_31_march_by_characteristics.csv", bom=True, crlf=True),
    "started": Layout("la_children_who_started_to_be_looked_after_during_the_year.csv"),
    "ceased": Layout("la_children_who_ceased_during_the_year.csv"),
    "health": Layout("la_conviction_health_outcome_cla.csv"),
    "activity": Layout("la_care_leavers_activity.csv", bom=True),
    "intouch": Layout("la_care_leavers_intouch.csv", crlf=True, spellings=YORKSHIRE),
    "d3": Layout("d3_cpps_subsequent_plan_2013_to_2025.csv", la_name_first=False, quoted_blanks=True),
    "d5": Layout("d5_cpps_at31march_by_duration_2013_to_2025.csv", la_name_first=False, quoted_blanks=True),
    "b1": Layout("b1_children_in_need_2013_to_2025.csv", la_name_first=False),
    "population": Layout(POPULATION, la_name_first=False),
}


def write_published(folder: Path, h: History, last_year: int) -> None:
    """Every published file for years up to `last_year`, into `folder`."""
    if last_year < max(FILE_FROM.values()):
        raise ValueError(f"published files need a last published year of {max(FILE_FROM.values())} or later "
                         f"(local years to {max(FILE_FROM.values()) + 1}); got {last_year}")
    folder.mkdir(parents=True, exist_ok=True)
    las = authorities(h.authority)
    others = las[las["old_la_code"] != h.authority.old_la_code]
    rng = stream(h.seed, "published")
    model = Model(others, range(FIRST_PUBLISHED, last_year + 1), rng)
    tables = _tables(model, h, last_year)
    areas = Areas(las)
    missing = _unavailable(rng, others, last_year)
    _write_ees(folder, areas, {name: t[t["year"] >= FILE_FROM[name]] for name, t in tables.items()}, missing)
    lait.write(folder, areas, las, tables, missing, range(FIRST_LAIT, last_year + 1), rng)
    reference.write_neighbours(folder, las)
    reference.write_inspections(folder, las, last_year + 1, rng)


def _unavailable(rng: np.random.Generator, others: pd.DataFrame, last_year: int) -> dict[str, tuple[int, int]]:
    """One authority-year whose figures are not available (x), one of low reliability (u)."""
    codes = rng.choice(others["old_la_code"].to_numpy(), 2, replace=False)
    return {"x": (last_year - 2, int(codes[0])), "u": (last_year - 1, int(codes[1]))}


# --- the authorities' counts -------------------------------------------------------------------
def _tables(model: Model, h: History, last_year: int) -> dict[str, pd.DataFrame]:
    """Every table, for the fictional authorities and Demoshire alike: one row per year, authority and key."""
    code = h.authority.old_la_code
    population = model.population(range(TABLE_FROM["population"], last_year + 1))
    sizes = model.sizes(population)

    def years(name):
        return range(TABLE_FROM[name], last_year + 1)

    def since(name):
        return sizes[sizes["year"] >= TABLE_FROM[name]]

    def demo(name, function):
        return pd.concat([function(h, y).assign(year=y, la=code) for y in years(name)], ignore_index=True)

    protection = pd.DataFrame([{"year": y, "la": code, **figures.protection(h, y)} for y in years("protection")])
    tables = {
        "population": (population, pd.DataFrame([{"year": y, "la": code, "count": figures.population(h, y)}
                                                 for y in years("population")])),
        "cla": (model.cla(since("cla")),
                pd.DataFrame([{"year": y, "la": code, "group": k, "count": v}
                              for y in years("cla") for k, v in figures.cla_counts(h, y).items()])),
        "at31": (model.breakdowns(since("at31"), "cla", labels.AT_31_MARCH, True), demo("at31", figures.at_31_march)),
        "started": (model.breakdowns(since("started"), "starts", labels.STARTED, False),
                    demo("started", figures.starts)),
        "ceased": (model.breakdowns(since("ceased"), "ceased", labels.CEASED, False), demo("ceased", figures.ceasings)),
        "health": (model.health(since("health")), demo("health", figures.health)),
        "activity": (model.activity(since("activity")), demo("activity", figures.activity)),
        "intouch": (model.in_touch(since("intouch")), demo("intouch", figures.in_touch)),
        "protection": (model.protection(since("protection")), protection),
        "cin": (model.children_in_need(since("cin")),
                pd.DataFrame([{"year": y, "la": code, **figures.children_in_need(h, y, p)}
                              for y, p in zip(years("cin"), protection["CPP_At31"])])),
    }
    return {name: pd.concat(parts, ignore_index=True) for name, parts in tables.items()}


# --- explore education statistics files ---------------------------------------------------------
def _write_ees(folder: Path, areas: Areas, t: dict[str, pd.DataFrame], missing: dict) -> None:
    population = areas.totals(t["population"], [], ["count"])
    write_csv(folder, LAYOUTS["population"], _mark(population.assign(
        age_group="Children aged 0 to 17 years", population_estimate=population["count"].astype(str)),
        ["population_estimate"], missing, "x"), ["age_group", "population_estimate"])
    _write_cla(folder, areas, t["cla"], population, missing)
    for name, groups, ethnicity in (("at31", labels.AT_31_MARCH, True), ("started", labels.STARTED, False),
                                    ("ceased", labels.CEASED, False)):
        order = [g for g, _, _ in groups] + (["Ethnicity"] if ethnicity else [])
        totals = {g: total for g, _, total in groups} | {"Ethnicity": "Total children"}
        frame = _long(areas, t[name], order, lambda g, label, totals=totals: totals[g], missing)
        write_csv(folder, LAYOUTS[name], frame.rename(columns={"group": "cla_group", "label": "characteristic",
                                                               "pct": "percentage", "text": "number"}),
                  ["cla_group", "characteristic", "number", "percentage"])
    _write_health(folder, areas, t["health"], missing)
    _write_leavers(folder, areas, t["activity"], t["intouch"], missing)
    _write_protection(folder, areas, t["protection"], missing)
    cin = areas.totals(t["cin"], [], list(labels.CIN_COLUMNS))
    for column in labels.CIN_COLUMNS:
        cin[column] = counts_text(cin[column], cin["geographic_level"])
    write_csv(folder, LAYOUTS["b1"], _mark(_mark(cin.assign(category="Children in Need"), list(labels.CIN_COLUMNS),
                                                 missing, "x"), list(labels.CIN_COLUMNS), missing, "u"),
              ["category", *labels.CIN_COLUMNS])


def _mark(frame: pd.DataFrame, columns: list[str], missing: dict, symbol: str) -> pd.DataFrame:
    """Replace one authority-year's values with a symbol (x: not available, u: low reliability)."""
    year, code = missing[symbol]
    rows = (frame["year"] == year) & (frame["old_la_code"] == str(code))
    frame.loc[rows, columns] = symbol
    return frame


def _write_cla(folder: Path, areas: Areas, cla: pd.DataFrame, population: pd.DataFrame, missing: dict) -> None:
    """Counts at 31 March, starting and ceasing, with the rate per 10,000 on the previous mid-year population."""
    frame = areas.totals(cla, ["group"], ["count"])
    pop = population[["year", "area", "count"]].assign(year=population["year"] + 1)
    frame = frame.merge(pop.rename(columns={"count": "population"}), on=["year", "area"])
    frame = frame.sort_values("group", kind="stable")
    frame = frame.assign(population_type=frame["group"], population_estimate=frame["population"].astype(str),
                         children_count=counts_text(frame["count"], frame["geographic_level"]).to_numpy(),
                         rate_per_10000=number_text(frame["count"] / frame["population"] * 1e4).to_numpy())
    write_csv(folder, LAYOUTS["cla"], _mark(frame, ["children_count", "rate_per_10000"], missing, "x"),
              ["population_type", "population_estimate", "children_count", "rate_per_10000"])


def _long(areas: Areas, table: pd.DataFrame, order: list[str], denominator, missing: dict,
          small: str = "k") -> pd.DataFrame:
    """Sum over areas and add text count (`text`) and percentage of the row's denominator (`pct`)."""
    frame = areas.totals(table, ["group", "label"], ["count"])
    keys = frame[["group", "label"]].drop_duplicates()
    keys["denominator_label"] = [denominator(g, label) for g, label in zip(keys["group"], keys["label"])]
    frame = frame.merge(keys, on=["group", "label"])
    dens = frame[["year", "area", "group", "label", "count"]].rename(columns={"label": "denominator_label",
                                                                              "count": "denominator"})
    frame = frame.merge(dens, on=["year", "area", "group", "denominator_label"], how="left")
    frame["text"] = counts_text(frame["count"], frame["geographic_level"]).to_numpy()
    frame["pct"] = percent_text(frame["count"], frame["denominator"], small=small).to_numpy()
    frame.loc[frame["text"] == "c", "pct"] = "c"
    frame["order"] = frame["group"].map({g: i for i, g in enumerate(order)})
    frame = frame.sort_values(["order", "label"], kind="stable")
    return _mark(frame, ["text", "pct"], missing, "x")


def _write_health(folder: Path, areas: Areas, health: pd.DataFrame, missing: dict) -> None:
    order = [labels.DEVELOPMENT, labels.CONVICTIONS, labels.HEALTH, labels.SDQ, labels.SUBSTANCE]
    frame = _long(areas, health, order, lambda g, label: labels.HEALTH_ROWS.get((g, label), label), missing)
    sums = frame[frame["label"] == labels.SDQ_SUM].set_index(["year", "area"])["count"]
    received = frame[frame["label"] == "SDQ score was received"].set_index(["year", "area"])["count"]
    average = frame[frame["label"] == labels.SDQ_SUM].copy()
    mean = (sums / received.reindex(sums.index)).to_numpy()
    average = average.assign(label=labels.SDQ_AVERAGE, text=number_text(mean, 1).to_numpy(), pct="z", order=len(order))
    average.loc[(average["geographic_level"] == LA).to_numpy() & (received.reindex(sums.index).to_numpy() <= 5),
                "text"] = "c"
    frame = pd.concat([frame[frame["label"] != labels.SDQ_SUM], _mark(average, ["text"], missing, "x")])
    frame = frame.sort_values(["order", "label"], kind="stable")
    write_csv(folder, LAYOUTS["health"], frame.rename(columns={
        "group": "characteristic", "label": "breakdown", "text": "children_count", "pct": "children_percent"}),
        ["characteristic", "breakdown", "children_count", "children_percent"])


def _write_leavers(folder: Path, areas: Areas, activity: pd.DataFrame, intouch: pd.DataFrame, missing: dict) -> None:
    """Activity by age group with its totals (and the discontinued 'In training or employment', always z),
    and who the authority is in touch with."""
    keys = ["year", "la", "group"]
    totals = [activity[activity["label"].isin(parts)].groupby(keys, as_index=False)["count"].sum().assign(label=name)
              for name, parts in labels.ACTIVITY_TOTALS.items()]
    activity = pd.concat([activity, *totals], ignore_index=True)
    frame = _long(areas, activity, list(labels.ACTIVITY_AGES), lambda g, label: "Total", missing)
    old = frame[frame["label"] == "Total"].assign(label=labels.ACTIVITY_DISCONTINUED, text="z", pct="z")
    frame = pd.concat([frame, old]).sort_values(["order", "label"], kind="stable")
    write_csv(folder, LAYOUTS["activity"], frame.rename(columns={
        "group": "care_leaver_age", "label": "breakdown", "text": "care_leaver_count", "pct": "care_leaver_percent"}),
        ["care_leaver_age", "breakdown", "care_leaver_count", "care_leaver_percent"])
    total = intouch.groupby(keys, as_index=False)["count"].sum().assign(label="Total")
    frame = _long(areas, pd.concat([intouch, total], ignore_index=True), list(labels.INTOUCH_AGES),
                  lambda g, label: "Total", missing, small="low")
    write_csv(folder, LAYOUTS["intouch"], frame.rename(columns={
        "group": "age", "label": "in_touch", "text": "number", "pct": "percentage"}),
        ["age", "in_touch", "number", "percentage"])


def _write_protection(folder: Path, areas: Areas, protection: pd.DataFrame, missing: dict) -> None:
    """Plans that are second or subsequent (d3) and plans at 31 March by how long they had lasted (d5)."""
    columns = ["CPP_start", "CPP_subsequent", "CPP_At31", *labels.CPP_BANDS]
    frame = areas.totals(protection, [], columns)
    level = frame["geographic_level"]
    d3 = frame.assign(category="Child Protection Plans which are a second or subsequent plan",
                      CPP_subsequent_percent=percent_text(frame["CPP_subsequent"], frame["CPP_start"], 1).to_numpy(),
                      CPP_start=counts_text(frame["CPP_start"], level).to_numpy(),
                      CPP_subsequent=counts_text(frame["CPP_subsequent"], level).to_numpy())
    d3.loc[d3["CPP_subsequent"] == "c", "CPP_subsequent_percent"] = "c"
    values = ["CPP_start", "CPP_subsequent", "CPP_subsequent_percent"]
    write_csv(folder, LAYOUTS["d3"], _mark(_mark(d3, values, missing, "x"), values, missing, "u"),
              ["category", *values])
    d5 = frame.assign(category="Child Protection Plans by length of time",
                      CPP_At31=counts_text(frame["CPP_At31"], level).to_numpy())
    bands = frame[list(labels.CPP_BANDS)].to_numpy(dtype=float)
    hidden = (level == LA).to_numpy()[:, None] & (bands >= 1) & (bands <= 5)
    alone = hidden.sum(axis=1) == 1  # one hidden band could be worked out from the total: hide the next smallest
    spare = np.where(hidden | (bands == 0), np.inf, bands).argmin(axis=1)
    hidden[np.flatnonzero(alone), spare[alone]] = True
    values = ["CPP_At31"]
    for j, band in enumerate(labels.CPP_BANDS):
        d5[band] = counts_text(frame[band], level).where(~hidden[:, j], "c").to_numpy()
        d5[f"{band}_percent"] = percent_text(frame[band], frame["CPP_At31"], 1).where(~hidden[:, j], "c").to_numpy()
        values += [band, f"{band}_percent"]
    write_csv(folder, LAYOUTS["d5"], _mark(_mark(d5, values, missing, "x"), values, missing, "u"),
              ["category", *values])
