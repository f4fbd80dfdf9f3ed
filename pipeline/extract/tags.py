"""Tags typed by people (in commentary.docx and the iru workbook's text): checked when read, so a typo is a
clear message naming where it is, never a failed render."""
from __future__ import annotations

import difflib
import re

from jinja2 import Environment, TemplateSyntaxError

FUNCTIONS = ("v", "raw", "change", "against", "year_of", "rag", "count", "verb")
_CALL = re.compile(r"\b(?:%s)\(\s*['\"\u2018\u2019\u201c\u201d]([^'\"\u2018\u2019\u201c\u201d]+)" % "|".join(FUNCTIONS))
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def straighten(text: str) -> str:
    """Word's curly quotes inside tags made straight (as docxtpl does for the template); prose keeps its own."""
    return _TAG.sub(lambda m: m.group(0).translate(_QUOTES), text)


def tag_problems(text: str) -> list[str]:
    """What is wrong with the tags in a piece of text: a syntax error, or an indicator that does not exist
    (with the nearest id). Word's curly quotes count as straight ones, as when the report is filled."""
    if "{{" not in text and "{%" not in text:
        return []
    from pipeline.transform.catalogue import REGISTRY

    text = straighten(text)
    try:
        Environment().parse(text)
    except TemplateSyntaxError as exc:
        return [f"a tag cannot be read ({exc.message})"]
    out = []
    for indicator in _CALL.findall(text):
        if indicator not in REGISTRY:
            near = difflib.get_close_matches(indicator, list(REGISTRY), n=1, cutoff=0.6)
            out.append(f"the tag names indicator '{indicator}', which does not exist"
                       + (f" (did you mean '{near[0]}'?)" if near else " (see the appendix's definitions)"))
    return out
