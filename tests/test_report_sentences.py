"""The words a person would write: a sentence with its number and unit under every figure and table, in the
first-year case too (one year of data, no comparators: how every authority starts); one verdict per
comparison; no sentence said the same way more than four times; short sentences."""
from __future__ import annotations

import collections
import re
import shutil

import pytest
from docx import Document

from tests.conftest import build, make_project

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TYPED = ("actions", "Development plan", "glance", "against targets")  # typed or summary tables: no sentence


@pytest.fixture(scope="module")
def first_year(demo_raw, tmp_path_factory):
    """The demo authority's 2025 alone, with only ONS's population estimates beside it: no earlier year, no
    DfE comparators."""
    raw = tmp_path_factory.mktemp("first_raw") / "raw"
    shutil.copytree(demo_raw / "2025", raw / "2025")
    (raw / "published").mkdir()
    for f in (demo_raw / "published").glob("ons_mid-year_population_estimates_*"):
        shutil.copy(f, raw / "published" / f.name)
    marker = demo_raw / ".demo-data.json"
    if marker.exists():
        shutil.copy(marker, raw / ".demo-data.json")
    return build(make_project(tmp_path_factory.mktemp("first"), raw))


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _before_appendix(path) -> list:
    out = []
    for p in Document(path).paragraphs:
        if p.style.name == "Heading 1" and p.text.startswith("Appendix"):
            break
        out.append(p)
    return out


def sentences_under_items(path) -> dict[str, str]:
    """Each figure's and table's caption, with the paragraph that follows it (the figure's image sits between)."""
    children = list(Document(path).element.body)
    out = {}
    for i, el in enumerate(children):
        style = el.find(f"{W}pPr/{W}pStyle")
        is_caption = style is not None and style.get(f"{W}val") == "Caption"
        if el.tag == f"{W}tbl" and i and children[i - 1].tag == f"{W}p":
            caption = _text(children[i - 1])
        elif is_caption and _text(el).startswith("Figure"):
            caption = _text(el)
        else:
            continue
        if caption.startswith(("Figure", "Table")) and not any(t in caption for t in TYPED):
            out[caption[:70]] = _text(children[i + 1]) if i + 1 < len(children) else ""
    return out


def test_a_first_year_still_says_what_every_figure_and_table_shows_with_a_number_and_unit(first_year):
    said = sentences_under_items(first_year[1])
    assert len(said) > 40
    bare = {c: s for c, s in said.items() if not re.search(r"\d", s) or not s.rstrip().endswith(".")}
    assert not bare, bare
    text = "\n".join(p.text for p in _before_appendix(first_year[1]))
    for wrong in ("no figures to compare", "not comparable with", " in .", "(x)", "x per 10,000",
                  "cannot be compared with last year since"):
        assert wrong not in text, wrong
    # a count's number has its unit: 'at 57 allegations', never 'at 57.'
    bare = re.search(r"\bat \d[\d,]*(\.\d)?\.(\s|$)", text)
    assert not bare, text[max(bare.start() - 300, 0):bare.end()]


def test_largest_group_only_for_shares_of_one_whole_with_a_unit(built_demo, first_year):
    from pipeline.transform.importance import NOUNS

    for out in (built_demo[1], first_year[1]):
        text = "\n".join(p.text for p in _before_appendix(out))
        # agencies attending LADO meetings are separate measures, not shares of one whole
        assert not re.search(r"“(Early years|Health|Police)”[^.]*largest", text)
        assert "“Health”" in text or "“Early years”" in text or "“Other”" in text
        nouns = {w for noun in NOUNS.values() for w in noun.split()}
        # a count breakdown's largest group carries its noun ('40 escalations', '216 referrals')
        for m in re.finditer(r"“[^”]+”[^.“]*?(?:largest(?! change)|most common)[^.]*?(\d[\d,]*) (\w+)", text):
            assert m.group(2) in nouns | {"of"}, m.group(0)
        # and its largest change, on the later figure ('from 27 in 2023-24 to 54 late conferences')
        changes = list(re.finditer(r"“[^”]+”[^.“]*?largest change[^.]*? to (\d[\d,]*)(?![\d,%])([^.]*)\.", text))
        for m in changes:
            assert m.group(2).split()[:1] and m.group(2).split()[0] in nouns, m.group(0)


def skeletons(path) -> collections.Counter:
    """Each sentence of the report's body (captions left out) with its numbers and quoted names removed."""
    count = collections.Counter()
    for p in _before_appendix(path):
        if p.style.name.startswith(("Caption", "Heading", "Title", "TOC")) or p.text.startswith("Source"):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z“'])", p.text.strip()):
            skeleton = re.sub(r"\d[\d,.]*%?", "#", re.sub(r"“[^”]*”", "“”", sentence))
            if len(skeleton.split()) > 3:
                count[skeleton] += 1
    return count


def test_no_sentence_is_said_the_same_way_more_than_four_times(built_demo, first_year):
    for out in (built_demo[1], first_year[1]):
        repeated = {s: n for s, n in skeletons(out).items() if n > 4}
        assert not repeated, repeated


def test_the_sentences_under_figures_are_short_enough_for_a_board_paper(built_demo):
    words = [len(s.split()) for text in sentences_under_items(built_demo[1]).values()
             for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“'])", text) if s]
    # the Analysis Function's guidance: about 25 words a sentence at most, on average well under it
    assert sum(words) / len(words) <= 22 and max(words) <= 45, (sum(words) / len(words), max(words))


def test_one_printed_comparison_is_described_one_way(built_demo):
    """'higher than England (80%)' and 'in line with England (80%)' for one figure of the authority's can no
    longer both be said: each comparison's verdict is transform's, read by every sentence."""
    text = "\n".join(p.text for p in _before_appendix(built_demo[1]))
    verdicts = collections.defaultdict(set)
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        own = re.search(r"(?:At |Demoshire's |Demoshire \(|stood at |figure of )([\d.,]+%?)", sentence)
        for word, rest in re.findall(r"(higher than|lower than|in line with) (.*?)(?=higher than|lower than|"
                                     r"in line with|$)", sentence):
            for name, value in re.findall(r"(England|the South West|statistical neighbours|'Good' authorities)"
                                          r"(?:'s)? \(([\d.,]+%?)\)", rest):
                verdicts[(own.group(1) if own else "", name, value)].add(word)
    assert len(verdicts) > 20
    assert not {k: v for k, v in verdicts.items() if len(v) > 1}


def test_a_number_and_its_noun_agree():
    from types import SimpleNamespace

    import pandas as pd

    from pipeline.render.messages import Findings

    words = Findings(pd.DataFrame(columns=["indicator", "breakdown", "kind"]), 2025, "Demoshire", "South West")
    shown = {}
    for indicator in ("lado.referrals", "chic.count_31mar", "reviews.late_reason_count", "iru.headcount",
                      "iru.iro_caseload", "cp.category_rate_per_10k"):
        r = SimpleNamespace(indicator=indicator, value=1.0, other=3.0, numerator=float("nan"), base=float("nan"))
        shown[indicator] = (words._with_unit(r), words._with_unit(r, "other"))
    assert shown == {"lado.referrals": ("1 referral", "3 referrals"), "chic.count_31mar": ("1 child", "3 children"),
                     "reviews.late_reason_count": ("1 late review", "3 late reviews"),
                     "iru.headcount": ("1 person", "3 people"),
                     "iru.iro_caseload": ("1.0 children per IRO", "3.0 children per IRO"),
                     "cp.category_rate_per_10k": ("1.0 per 10,000 children", "3.0 per 10,000 children")}
