"""The Word template checked before anything is built from it: its Jinja syntax, and every indicator,
breakdown, area, figure and table id its tags name (a typo is an error quoting the tag, the heading above
it and the nearest valid id, never an `x` in the report); tracked changes accepted, with a warning.

`iru validate` runs this, and so does every build (the template's hash is part of a run's key).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from jinja2 import TemplateSyntaxError, nodes

from pipeline.problems import Problem
from pipeline.tag_language import environment, quoted, template_problems

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING = re.compile(r"^(Heading|Title)")
DOCXTPL_PREFIX = re.compile(r"\{([{%#])(?:p|tr|tc|r)\s")  # {%p if %}, {{p tab.x.table }}: docxtpl's own tags
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
REMOVED = ("del", "moveFrom", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
           "tblGridChange", "numberingChange", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
           "moveToRangeEnd")
KEPT = ("ins", "moveTo")
# The template's functions, each with the position of its breakdown and area arguments.
ARGUMENTS = {"v": ("breakdown", "area"), "raw": ("breakdown", "area"), "year_of": ("breakdown", "area"),
             "change": ("breakdown",), "rag": ("breakdown",), "against": ("area", "breakdown"),
             "count": ("singular", "plural", "breakdown", "area"), "verb": ("singular", "plural", "breakdown", "area"),
             "compared": ("area", "area", "area", "area"), "represented": ()}


@dataclass(frozen=True)
class Known:
    """What tags may name: indicator ids with their declared breakdowns, areas, figure and table ids."""

    indicators: dict[str, tuple[str, ...]]
    areas: tuple[str, ...]
    figures: tuple[str, ...]
    tables: tuple[str, ...]


def declared() -> Known:
    from pipeline.render.figures import FIGURES, SUMMARY_TABLES, TABLES, TEXT_TABLES
    from pipeline.table import AREA_TYPES
    from pipeline.transform.catalogue import REGISTRY

    return Known({i.id: i.breakdowns for i in REGISTRY.values()}, AREA_TYPES, tuple(f.id for f in FIGURES),
                 (*(t.id for t in TABLES), *TEXT_TABLES, *SUMMARY_TABLES))


def accept_revisions(root) -> int:
    """Word's tracked changes resolved as 'Accept all' would: insertions kept, deletions (and the records of
    formatting changes) dropped. Returns how many changes there were."""
    changes = 0
    for name in REMOVED:
        for el in list(root.iter(f"{W}{name}")):
            parent = el.getparent()
            if name == "del" and parent.tag == f"{W}trPr":  # a deleted table row
                row = parent.getparent()
                row.getparent().remove(row)
            elif parent is not None:
                parent.remove(el)
            changes += 1
    for name in KEPT:
        for el in list(root.iter(f"{W}{name}")):
            parent = el.getparent()
            if parent.tag in (f"{W}rPr", f"{W}trPr"):  # a mark that a paragraph mark or row was inserted
                parent.remove(el)
            else:
                index = parent.index(el)
                for offset, child in enumerate(list(el)):
                    parent.insert(index + offset, child)
                parent.remove(el)
            changes += 1
    return changes


def parts(doc) -> list:
    """The XML roots holding text: the body, then every header and footer."""
    roots = [doc.element.body]
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                     section.even_page_header, section.even_page_footer):
            if not part.is_linked_to_previous and part._element not in roots:
                roots.append(part._element)
    return roots


def _paragraphs(doc) -> list[tuple[str, str]]:
    """Every paragraph's text with the heading above it, in document order (table cells included)."""
    out, heading = [], "the start of the document"
    for root in parts(doc):
        for p in root.iter(f"{W}p"):
            text = "".join(t.text or "" for t in p.iter(f"{W}t")).replace("\n", " ")
            style = p.find(f"{W}pPr/{W}pStyle")
            if style is not None and HEADING.match(style.get(f"{W}val", "")) and text.strip():
                heading = text.strip()
            out.append((text, heading))
    return out


def check(template: Path, known: Known) -> tuple[list[Problem], list[Problem]]:
    """The template's errors (its syntax, unknown ids) and warnings (tracked changes)."""
    name = template.name
    doc = Document(str(template))
    warnings = []
    revisions = sum(accept_revisions(root) for root in parts(doc))
    if revisions:
        warnings.append(Problem(name, message=f"has {revisions} tracked change(s): the report shows them accepted "
                                "(insertions kept, deletions dropped)",
                                expected="the changes accepted or rejected in Word (Review › Accept or Reject)"))
    paragraphs = _paragraphs(doc)
    source = "\n".join(DOCXTPL_PREFIX.sub(r"{\1 ", text) for text, _ in paragraphs)
    try:
        tree = environment().parse(source)
    except TemplateSyntaxError as exc:
        text, heading = paragraphs[min(exc.lineno, len(paragraphs)) - 1]
        return [Problem(name, f'under "{heading}"', message=f'the paragraph "{_short(text)}" is not a valid '
                        f"template: {exc.message}",
                        expected="tags written {{ … }} and {% … %}, each closed, blocks ended")], warnings
    errors = [Problem(name, f'under "{paragraphs[line - 1][1]}"', message=f"{_tag(paragraphs[line - 1][0], word)} "
                      f"{why}", expected="the tags the report offers (README.md, Changing the report)")
              for line, word, why in template_problems(tree)]
    errors += [Problem(name, f'under "{paragraphs[line - 1][1]}"', message=f"{_tag(paragraphs[line - 1][0], word)} "
                       f"names {what}", expected=expected)
               for line, word, what, expected in _unknown(tree, known)]
    return errors + property_problems(doc, name), warnings


PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")  # those docxtpl fills


def property_problems(doc, name: str) -> list[Problem]:
    """The tags in the document's properties (File › Info: its title, author…) outside the tag language."""
    out = []
    for prop in PROPERTIES:
        text = getattr(doc.core_properties, prop) or ""
        if "{" not in text:
            continue
        try:
            refused = [why for _, _, why in template_problems(environment().parse(text))]
        except TemplateSyntaxError as exc:
            refused = [f"cannot be read ({exc.message})"]
        out += [Problem(name, f"document property '{prop}'", message=f"{quoted(text)} {why}",
                        expected="the tags the report offers (README.md, Changing the report)") for why in refused]
    return out


def outside_language(env, xml: str, doc, name: str) -> list[Problem]:
    """The tags of a part of the document, exactly as Jinja is about to fill them (the template with the
    commentary in it), that the tag language does not allow: each quoted, under its heading."""
    try:
        tree = env.parse(xml)
    except TemplateSyntaxError as exc:
        return [Problem(name, message=f"a tag cannot be read ({exc.message})",
                        expected="tags written {{ … }} and {% … %}, each closed, blocks ended")]
    return [_placed(name, _paragraphs(doc), word, why) for _, word, why in template_problems(tree)]


def _placed(name: str, paragraphs: list[tuple[str, str]], word: str, why: str) -> Problem:
    """A problem with a tag, quoted from the first paragraph that mentions the word, under its heading."""
    text, heading = next(((t, h) for t, h in paragraphs if word in t), ("", ""))
    return Problem(name, f'under "{heading}"' if heading else "", message=f"{_tag(text, word)} {why}" if text
                   else f"a tag {why}", expected="the tags the report offers (README.md, Changing the report)")


def failed(template: Path, exc: Exception) -> Problem:
    """What the template asked for that the build could not give (a name no context has, say): the Jinja error,
    with the tag and heading of the first paragraph that mentions the name it quotes."""
    quoted = re.findall(r"'([^']+)'", str(exc))
    paragraphs = _paragraphs(Document(str(template)))
    text, heading = next(((t, h) for word in reversed(quoted) for t, h in paragraphs if word in t), ("", ""))
    where = f'under "{heading}"' if heading else ""
    tag = f"{_tag(text, quoted[-1])} " if text and quoted else ""
    return Problem(template.name, where, message=f"{tag}cannot be filled in: {exc}",
                   expected="names the report offers: see the tags in README.md")


def _unknown(tree, known: Known):
    """(line, the id as written, what it is, the nearest valid one) for each id no declaration has."""
    for node in tree.find_all((nodes.Call, nodes.Getattr)):
        if isinstance(node, nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name in ("fig", "tab"):
                kind, ids = ("figure", known.figures) if node.node.name == "fig" else ("table", known.tables)
                if node.attr not in ids:
                    yield node.lineno, node.attr, f"{kind} '{node.attr}', which is not declared", _near(node.attr,
                                                                                                        ids, kind)
            continue
        if not (isinstance(node.node, nodes.Name) and node.node.name in ARGUMENTS and node.args
                and isinstance(node.args[0], nodes.Const)):
            continue
        indicator = node.args[0].value
        if indicator not in known.indicators:
            yield node.lineno, indicator, f"indicator '{indicator}', which does not exist", _near(
                indicator, known.indicators, "indicator")
            continue
        given = dict(zip(ARGUMENTS[node.node.name], node.args[1:]))
        given.update({k.key: k.value for k in node.kwargs})
        breakdowns = known.indicators[indicator]
        for role, value in given.items():
            if not isinstance(value, nodes.Const) or value.value == "":
                continue
            if role == "area" and value.value not in known.areas:
                yield node.lineno, value.value, f"area '{value.value}', which is not one", _near(
                    value.value, known.areas, "area")
            if role == "breakdown" and breakdowns and value.value not in breakdowns:
                yield node.lineno, value.value, f"breakdown '{value.value}', which {indicator} does not have", \
                    _near(value.value, breakdowns, f"breakdown of {indicator}")


def _near(word: str, valid, kind: str) -> str:
    near = difflib.get_close_matches(word, list(valid), n=1, cutoff=0.0)
    return f"a declared {kind}: did you mean '{near[0]}'?" if near else f"a declared {kind}"


def _tag(text: str, word: str) -> str:
    """The tag of the paragraph that holds the word, quoted."""
    tag = next((t for t in TAG.findall(text) if word in t), _short(text))
    return quoted(tag)


def _short(text: str, limit: int = 100) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"
