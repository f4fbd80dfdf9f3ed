"""The ethnicity of children on plans and in care set against the area's children (issue 23), counted by hand:
the population's shares from config.yaml, which groups are over- or under-represented (and which the numbers
cannot tell), the sentence, and the comparison left out, naming the key, when the population is not given."""
import numpy as np
import pandas as pd
import pytest

from pipeline.render.recorded import Recorded
from pipeline.render.figures import FIGURES
from pipeline.render.representation import Represented
from pipeline.transform.representation import representation
from pipeline.transform.run import local_rows, warn_unrecorded
from pipeline.transform.catalogue import REGISTRY
from tests.conftest import year_data
from tests.test_config import base, messages

# 1,000 children: 80% white, 5% mixed, 10% Asian, 4% black, 1% other
POPULATION = {"source": "ONS, Census 2021, table RM032", "white": 800, "mixed": 50, "asian": 100, "black": 40,
              "other": 10}
# 200 children on plans, 4 of them (unborn) of no known ethnicity: shares are of the 196 known
ON_PLANS = {"white": 150, "mixed": 20, "asian": 4, "black": 20, "other": 2, "not_known": 4}


def population_rows(counts=POPULATION) -> pd.DataFrame:
    data = year_data(2025)
    data.settings["population_by_ethnicity"] = counts
    return local_rows(data, "Demoshire", [REGISTRY["population.ethnicity_pct"]])


def children_rows(counts=ON_PLANS, indicator="cp.ethnicity_pct") -> pd.DataFrame:
    total = sum(counts.values())
    return pd.DataFrame({"indicator": indicator, "period": "2025", "area_type": "LA", "area": "Demoshire",
                         "breakdown": list(counts), "numerator": [float(n) for n in counts.values()],
                         "denominator": float(total), "value": [n / total * 100 for n in counts.values()],
                         "unit": "percent", "status": ""})


def test_the_area_s_children_by_ethnic_group():
    rows = population_rows().set_index("breakdown")
    assert rows.value.to_dict() == {"white": 80, "mixed": 5, "asian": 10, "black": 4, "other": 1}
    assert set(rows.denominator) == {1000}


def test_groups_over_and_under_represented_by_the_childrens_95pc_interval():
    found = representation(pd.concat([population_rows(), children_rows()]), 2025).set_index("breakdown")
    assert set(found.base) == {196}  # the 4 of no known ethnicity left out, as a census leaves none out
    assert found.value["mixed"] == pytest.approx(20 / 196 * 100)
    # Wilson intervals of 196: white 150 (70.1% to 81.9%) holds 80%; mixed 20 and black 20 (6.7% to 15.2%) lie
    # above 5% and 4%; Asian 4 (0.8% to 5.1%) below 10%; other 2 (0.3% to 3.6%) holds 1%
    assert found.ci_low["white"] == pytest.approx(70.1, abs=0.1)
    assert found.ci_high["white"] == pytest.approx(81.9, abs=0.1)
    assert found.relation.to_dict() == {"white": "similar", "mixed": "higher", "asian": "lower", "black": "higher",
                                        "other": "similar"}
    assert Represented(found.reset_index(), POPULATION["source"])("cp.ethnicity_pct") == (
        "Set against the area's children aged 0 to 17 (ONS, Census 2021, table RM032), and counting the 196 children "
        "on plans whose ethnicity was recorded, children of mixed ethnicity were over-represented: 10%, against 5% "
        "of the area's children. Black children were over-represented: 10%, against 4%. Asian children were under-represented: "
        "2% (4 of 196), against 10%. The shares of white children and children of other ethnicity were in line "
        "with the area's, within what chance allows.")


def test_a_suppressed_group_has_no_verdict_and_none_differing_is_said_so():
    children = children_rows({"white": 784, "mixed": 50, "asian": 100, "black": 40, "other": 10, "not_known": 16},
                             "chic.ethnicity_pct")
    children.loc[children.breakdown == "other", ["value", "numerator"]] = np.nan  # suppressed: 1 to 5 children
    found = representation(pd.concat([population_rows(), children]), 2025)
    assert found.set_index("breakdown").relation.to_dict() == {"white": "similar", "mixed": "similar",
                                                               "asian": "similar", "black": "similar", "other": ""}
    assert Represented(found, "Census 2021")("chic.ethnicity_pct") == (
        "Set against the area's children aged 0 to 17 (Census 2021), and counting the 984 children in care whose "
        "ethnicity was recorded, no ethnic group's share differed from its share of the area's children by more "
        "than chance allows. "
        "Figures for children of other ethnicity are too small to publish, so are not compared.")


def test_without_the_population_the_comparison_is_not_recorded_and_the_key_named():
    data = year_data(2025)
    assert "population.ethnicity_pct" not in set(local_rows(data, "Demoshire").indicator)
    warn_unrecorded(data, [REGISTRY["population.ethnicity_pct"]])
    assert [str(w) for w in data.warnings.warnings] == [
        "config.yaml › population_by_ethnicity: is not given: the report leaves out ethnicity of the area's children "
        "aged 0 to 17 (expected population_by_ethnicity in config.yaml to report it)"]
    assert representation(children_rows(), 2025).empty
    figure = next(f for f in FIGURES if f.id == "cp_ethnicity")
    recorded = Recorded(pd.concat([children_rows(), children_rows(indicator="chic.ethnicity_pct")]), [figure], 2025)
    assert recorded.shown("cp_ethnicity")
    assert recorded.sentence("cp_ethnicity") == (
        "Not recorded in 2024-25: ethnicity of the area's children aged 0 to 17 (population_by_ethnicity in "
        "config.yaml would add it).")


@pytest.mark.parametrize("counts, problem", [
    ({**POPULATION, "whte": 3}, "population_by_ethnicity.whte: unknown key (did you mean 'white'?)"),
    ({**POPULATION, "black": -40}, "population_by_ethnicity.black: -40 is out of range (expected 0 to 5,000,000)"),
    ({**POPULATION, "asian": 10.5}, "population_by_ethnicity.asian: is 10.5 (expected a whole number)"),
    ({k: v for k, v in POPULATION.items() if k != "other"},
     "population_by_ethnicity.other: missing (expected a whole number)"),
    ({**POPULATION, **dict.fromkeys(("white", "mixed", "asian", "black", "other"), 0)},
     "population_by_ethnicity: counts no children (expected the area's children aged 0 to 17 in each ethnic group, "
     "from the 2021 Census)"),
])
def test_the_population_by_ethnicity_is_checked(tmp_path, counts, problem):
    assert problem in "\n".join(messages(tmp_path, {**base(), "population_by_ethnicity": counts}))
