"""Tags typed by people (in commentary.docx and the iru workbook's text): checked when read, so a typo is a
clear message naming where it is, never a failed render."""
from __future__ import annotations

import difflib
import re

from pipeline.tag_language import COMMENTARY_FUNCTIONS, TYPED_FUNCTIONS, typed_problems

FUNCTIONS = tuple(COMMENTARY_FUNCTIONS)
_CALL = re.compile(r"\b(?:%s)\(\s*['\"\u2018\u2019\u201c\u201d]([^'\"\u2018\u2019\u201c\u201d]+)" % "|".join(FUNCTIONS))
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def straighten(text: str) -> str:
    """Word's curly quotes inside tags made straight (as docxtpl does for the template); prose keeps its own."""
    return _TAG.sub(lambda m: m.group(0).translate(_QUOTES), text)


def tag_problems(text: str, functions: dict[str, tuple[str, ...]] = TYPED_FUNCTIONS) -> list[str]:
    """What is wrong with the tags in a piece of text: one outside the tag language (pipeline/tag_language.py),
    or an indicator that does not exist (with the nearest id). Word's curly quotes count as straight ones,
    as when the report is filled."""
    if "{" not in text:
        return []
    from pipeline.transform.catalogue import REGISTRY

    text = straighten(text)
    out = typed_problems(text, functions)
    if out:
        return out
    for indicator in _CALL.findall(text):
        if indicator not in REGISTRY:
            near = difflib.get_close_matches(indicator, list(REGISTRY), n=1, cutoff=0.6)
            out.append(f"the tag names indicator '{indicator}', which does not exist"
                       + (f" (did you mean '{near[0]}'?)" if near else " (see the appendix's definitions)"))
    return out


def as_jinja_sees_it(xml: str) -> str:
    """Word XML as docxtpl hands it to Jinja (runs inside a tag joined, its curly quotes straightened): tags
    are checked in exactly the text that would be filled, attributes and field codes included, not only in
    what Word shows. (docxtpl's patch_xml uses no state of its template.)"""
    from docxtpl import DocxTemplate

    return DocxTemplate.patch_xml(None, xml)
