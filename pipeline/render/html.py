"""The web edition: `annual_report.html`, one self-contained page (styles and charts inline, no script, nothing
fetched) for the council's website, meeting WCAG 2.2 AA as the public sector accessibility regulations require.

It is another renderer over the same context as the Word report (`report.context` with the `medium` below), and
reads the same Word template paragraph by paragraph (`wordml`), so its words, numbers, figures, tables, findings,
commentary and order are the report's; nothing is computed here. Charts are the Word figures drawn again as SVG by
the same code (`charts.draw`), each with a title and description for screen readers and its data as a table
beside it; tables are real tables, with a caption, header cells and no merged cells, scrolling in their own
region on a narrow screen; a RAG rating is always its word, its colour only a cue. The page around it (head,
styles, landmarks, contents, accessibility statement) is `templates/annual_report.html.j2`.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
from docx import Document
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from pipeline.files import write_atomically
from pipeline.problems import InputError
from pipeline.render import query, wordml
from pipeline.render.formats import NOT_AVAILABLE
from pipeline.render.commentary import PLACEHOLDER, TO_COME
from pipeline.render.figures import Figure
from pipeline.render.template import accept_revisions, failed
from pipeline.slots import BY_ID

PAGE = Path(__file__).resolve().parents[2] / "templates" / "annual_report.html.j2"
SVG = "{http://www.w3.org/2000/svg}"
SYMBOLS = {"c": "suppressed to protect confidentiality", "x": "not available (not collected or not published)",
           "z": "not applicable (no children to take a percentage of)", "k": "a value that rounds to zero"}
RAG_CLASS = {"GREEN": "rag-green", "AMBER": "rag-amber", "RED": "rag-red"}
SVG_ID = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def _symbol_key(cells) -> str:
    """The key to DfE's symbols, for those a table or chart shows in place of a number."""
    used = [s for s in SYMBOLS if any(str(c).strip() == s for c in cells)]
    return ("<p class=\"symbols\">" + "; ".join(f"<b>{s}</b>: {SYMBOLS[s]}" for s in used) + ".</p>") if used else ""


def _rag(text: str) -> str:
    return f'<strong class="rag {RAG_CLASS[text]}">{text}</strong>' if text in RAG_CLASS else _lines(text)


def _lines(text: str) -> str:
    """A cell's text, each of its lines (a plan's numbered milestones) on a line of its own, as in Word."""
    return "<br>".join(str(escape(line)) for line in str(text).split("\n"))


def table_html(ident: str, header: list[str], rows: list[list[str]], caption: str, rag_column: int | None = None,
               total_row: bool = False) -> Markup:
    """A table in a region of its own that scrolls on a narrow screen (focusable, so a keyboard can scroll it,
    and labelled by the caption): column headers above, each row's first cell its header."""
    numeric = rag_column is None
    head = "".join(f'<th scope="col"{" class=num" if numeric and i else ""}>{escape(h)}</th>'
                   for i, h in enumerate(header))
    body = []
    for n, values in enumerate(rows):
        total = ' class="total"' if total_row and n == len(rows) - 1 else ""
        cells = [f'<th scope="row">{_lines(values[0])}</th>' if values else ""]
        for i, text in enumerate(values[1:], start=1):
            shown = _rag(text) if i == rag_column else _lines(text)
            cells.append(f'<td{" class=num" if numeric else ""}>{shown}</td>')
        body.append(f"<tr{total}>{''.join(cells)}</tr>")
    return Markup(f'<div class="table-region" role="region" tabindex="0" aria-labelledby="{ident}-caption">'
                  f'<table id="{ident}"><caption id="{ident}-caption">{caption}</caption>'
                  f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
                  + _symbol_key(c for r in rows for c in r[1:]))


@dataclass
class HtmlTable:
    ident: str
    header: list[str]
    rows: list[list[str]]
    title: str
    rag_column: int | None = None
    total_row: bool = False

    def captioned(self, caption: Markup | str) -> Markup:
        return table_html(self.ident, self.header, self.rows, str(escape(caption)), self.rag_column, self.total_row)

    def __html__(self) -> str:
        return self.captioned(self.title)


@dataclass
class HtmlChart:
    """A figure: its SVG (named for screen readers by its message and described by every value), its caption,
    and its data as a table in a <details> beside it."""

    ident: str
    figure: Figure
    frame: pd.DataFrame
    svg: Path

    def drawing(self) -> str:
        root = etree.fromstring(self.svg.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
        for part in [*root.iter(f"{SVG}style"), *root.iter(f"{SVG}metadata")]:  # its `*{…}` would reach the
            part.getparent().remove(part)  # whole page; its RDF names the software, which no reader needs
        for attr in ("width", "height"):
            root.attrib.pop(attr, None)
        root.set("role", "img")
        root.set("aria-labelledby", f"{self.ident}-title {self.ident}-desc")
        title, desc = etree.Element(f"{SVG}title"), etree.Element(f"{SVG}desc")
        title.set("id", f"{self.ident}-title")
        desc.set("id", f"{self.ident}-desc")
        title.text, desc.text = self.figure.title, self.figure.alt_text(self.frame)
        root.insert(0, desc)
        root.insert(0, title)
        text = etree.tostring(root, encoding="unicode")
        # every id made the page's own: the same chart parts (clip paths, glyphs) recur in every chart
        return SVG_ID.sub(lambda m: m.group(1) + (m.group(2) if m.group(2).startswith(self.ident) else
                                                   f"{self.ident}-{m.group(2)}"), text)

    def data(self, number: str) -> Markup:
        """The chart's values as printed on it, x down and series across, as the spreadsheet's sheet has them
        (a value never published: x, as there)."""
        shown = query.grid(self.frame, "display") if len(self.frame) else pd.DataFrame()
        rows = [[str(x), *[v if isinstance(v, str) else NOT_AVAILABLE for v in shown.loc[x]]] for x in shown.index]
        first = "Year" if len(self.frame) and (self.frame.x == self.frame.period).all() else "Category"
        return table_html(f"{self.ident}-data", [first, *map(str, shown.columns)], rows,
                          f"{escape(number)} data: {escape(self.figure.title)}")

    def captioned(self, caption: Markup | str) -> Markup:
        number = str(caption).split(":")[0] if ":" in str(caption) else "The chart's"
        return Markup(f'<figure class="chart" id="{self.ident}">'
                      f'<div class="chart-region" role="region" tabindex="0" aria-label="{escape(number)}">'
                      f"{self.drawing()}</div><figcaption>{escape(caption)}</figcaption>"
                      f"<details><summary>{escape(number)} as a table</summary>{self.data(number)}</details>"
                      "</figure>")

    def __html__(self) -> str:
        return self.captioned(self.figure.title)


def rag_word(rag: str, brackets: bool = True, leading_space: bool = False) -> Markup:
    """A RAG rating in running text: its word, in bold, coloured as a cue only."""
    if rag not in RAG_CLASS:
        return Markup("")
    word = Markup(_rag(rag))
    return Markup((" " if leading_space else "") + (f"({word})" if brackets else word))


@dataclass
class Medium:
    """The HTML edition's way of writing what the template asks for (see `report.Medium`)."""

    ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def table(self, header, rows, title, rag_column=None, width=None, total_row=False) -> HtmlTable:
        return HtmlTable(f"table-{next(self.ids)}", header, rows, title, rag_column, total_row)

    def picture(self, figure: Figure, frame: pd.DataFrame, path: Path) -> HtmlChart:
        return HtmlChart(f"figure-{figure.id}", figure, frame, path.with_suffix(".svg"))

    rag_word = staticmethod(rag_word)

    @staticmethod
    def number(kind: str, n: int) -> int:
        return n


def captioned(item, caption) -> Markup:
    return item.captioned(caption) if hasattr(item, "captioned") else Markup(escape(item))


def _slug(text: str, taken: set[str]) -> str:
    """A heading's anchor from its words (its tags left out), unique on the page."""
    base = re.sub(r"[^a-z0-9]+", "-", wordml.TAG.sub("", text).lower()).strip("-") or "section"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


@dataclass
class Page:
    """The template's paragraphs as the page's parts: the cover, the contents (from the headings) and the body."""

    cover: str
    contents: list[tuple[int, str, str]]  # (level, anchor, heading's source)
    body: str


def _with_commentary(elements, slots: pd.DataFrame, links: dict, warn: Callable[[str], None]) -> list:
    """Each commentary placeholder replaced by the slot's own paragraphs (or its prompt, still to come)."""
    out = []
    written = slots.set_index("slot") if len(slots) else slots
    for element in elements:
        match = PLACEHOLDER.match(wordml.plain_text(element)) if element.tag == f"{wordml.W}p" else None
        if not match or match.group(1) not in written.index:
            out.append(element)
            continue
        slot = written.loc[match.group(1)]
        if slot.status == "filled":
            body = etree.fromstring(f'<w:body xmlns:w="{wordml.W[1:-1]}" xmlns:r="{wordml.R[1:-1]}">{slot.xml}'
                                    "</w:body>", etree.XMLParser(resolve_entities=False, no_network=True))
            html = wordml.Converter(links, warn, BY_ID[match.group(1)].title, lowest=4).body(list(body))
        else:
            html = (f'<p class="to-come"><strong>{escape(TO_COME)}</strong>'
                    f"<em>{escape(BY_ID[match.group(1)].prompt)}</em></p>")
        out.append(("html", html))
    return out


def read_template(template: Path, commentary: dict[str, pd.DataFrame], warn: Callable[[str], None]) -> Page:
    """The Word template's body as the page's Jinja source, the commentary in its places."""
    doc = Document(str(template))
    accept_revisions(doc.element.body)
    elements = [el for el in doc.element.body if el.tag in (f"{wordml.W}p", f"{wordml.W}tbl")]
    toc = next((i for i, el in enumerate(elements) if wordml.style_of(el) == "TOCHeading"
                or any("TOC" in (t.text or "") for t in el.iter(f"{wordml.W}instrText"))), 0)
    after = [el for el in elements[toc:] if wordml.style_of(el) != "TOCHeading"
             and not any("TOC" in (t.text or "") for t in el.iter(f"{wordml.W}instrText"))]
    links = {r.rid: (r.kind, r.target, r.data) for r in commentary["links"].itertuples()}
    return Page(_cover(elements[:toc]), *_body(_with_commentary(after, commentary["slots"], links, warn)))


def _cover(elements) -> str:
    """The cover: its title paragraphs as the page's one h1, the rest as they are."""
    titles = [wordml.Converter().runs(el) for el in elements if wordml.style_of(el) == "Title"]
    rest = wordml.Converter().body([el for el in elements if wordml.style_of(el) != "Title"])
    return (f"<h1>{'<br>'.join(titles)}</h1>" if titles else "") + rest


def _body(elements) -> tuple[list, str]:
    """The body's source and its contents: a caption joined to its figure or table, headings given anchors."""
    converter, contents, taken, out = wordml.Converter(), [], set(), []
    i = 0
    while i < len(elements):
        element = elements[i]
        if isinstance(element, tuple):
            out.append(element[1])
            i += 1
            continue
        style, text = wordml.style_of(element), wordml.plain_text(element)
        block = wordml.BLOCK.match(text)
        following = elements[i + 1] if i + 1 < len(elements) and not isinstance(elements[i + 1], tuple) else None
        if block and block.group(1).endswith(".image") and following is not None \
                and wordml.style_of(following) == "Caption":
            out.append(_joined(block.group(1), converter.runs(following)))
            i += 2
            continue
        if style == "Caption" and following is not None and (nxt := wordml.BLOCK.match(wordml.plain_text(following))):
            out.append(_joined(nxt.group(1), converter.runs(element)))
            i += 2
            continue
        html = converter.body([element])
        if style in ("Heading1", "Heading2") and html:
            anchor = wordml.bookmark(element) or _slug(text, taken)  # a bookmark's name, so Word's links still lead
            taken.add(anchor)
            contents.append((1 if style == "Heading1" else 2, anchor, converter.runs(element)))
            html = html.replace(">", f' id="{anchor}">', 1)
        out.append(html)
        i += 1
    return contents, _lists("\n".join(o for o in out if o))


def _lists(source: str) -> str:
    """Adjacent lists the converter closed and opened around a control tag joined again."""
    return re.sub(r"</(ul|ol)>\n<\1>", "", source)


def _joined(block: str, caption: str) -> str:
    return f"{{% set the_caption %}}{caption}{{% endset %}}{{{{ {block} | captioned(the_caption) }}}}"


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["captioned"] = captioned
    return env


def write(template: Path, context: dict, commentary: dict[str, pd.DataFrame], statement: dict, out: Path) -> list[str]:
    """Write the page atomically; return the warnings (a commentary picture without alt text, naming its section)."""
    warnings: list[str] = []
    page = read_template(template, commentary, warnings.append)
    env = environment()

    def render(text: str) -> Markup:
        return Markup(env.from_string(text).render(context))

    try:
        contents = [(level, anchor, render(heading)) for level, anchor, heading in page.contents]
        html = env.from_string(PAGE.read_text(encoding="utf-8")).render(
            {**context, "cover": render(page.cover), "contents": contents, "body": render(page.body),
             "statement": statement})
    except TemplateError as exc:  # what the static check of the template cannot see
        raise InputError([failed(template, exc)]) from None
    write_atomically(out, lambda tmp: tmp.write_text(html, encoding="utf-8"))
    return warnings
