"""Fill the Word template (docxtpl) with figures, tables and sentences from the indicator table.

The template holds all the wording; this module only offers it values: formatted numbers, figure
images with alt text, numbered captions (SEQ fields) and tables built as sub-documents with header
rows marked to repeat. Everything passes through Jinja with autoescaping on, so text from
spreadsheets ("Bath & North East Somerset", "<script>") cannot break the XML.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

from pipeline.extract.tags import straighten
from pipeline.files import write_atomically
from pipeline.render.reproducible import normalise_zip

IMAGE_WIDTH = Mm(160)
TEXT_WIDTH = Mm(170)  # A4 less 20 mm margins
TABLE_FONT = 18  # half-points: 9 pt
RAG_FILL = {"GREEN": "00703C", "AMBER": "FFBF47", "RED": "D4351C"}  # GOV.UK colours
RAG_TEXT = {"GREEN": "FFFFFF", "AMBER": "0B0C0C", "RED": "FFFFFF"}


class DescribedImage(InlineImage):
    """docxtpl's InlineImage sets no alt text; this one sets the picture's descr and title."""

    def __init__(self, tpl, path: Path, descr: str, title: str):
        super().__init__(tpl, str(path), width=IMAGE_WIDTH)
        self.descr, self.title = descr, title

    def _insert_image(self):
        inline = self.tpl.current_rendering_part.new_pic_inline(self.image_descriptor, self.width, self.height)
        doc_pr = inline.xpath(".//wp:docPr")[0]
        doc_pr.set("descr", self.descr)
        doc_pr.set("title", self.title)
        return ('</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r><w:t xml:space="preserve">' % inline.xml)


def seq_field(kind: str, n: int) -> Markup:
    """A Word SEQ field ('Figure 3'), its current number cached so it shows before any update."""
    return Markup(f'</w:t></w:r><w:fldSimple w:instr=" SEQ {kind} \\* ARABIC "><w:r><w:t>{n}</w:t></w:r>'
                  '</w:fldSimple><w:r><w:t xml:space="preserve">')


@dataclass
class Counter:
    """Numbers captions in the order the template uses them, i.e. document order."""

    kind: str
    given: dict = field(default_factory=dict)

    def number(self, key: str) -> Markup:
        if key not in self.given:
            self.given[key] = len(self.given) + 1
        return seq_field(self.kind, self.given[key])


class Captioned:
    """What the template can ask of one figure or table: its number, caption, image or body, and what it says."""

    def __init__(self, key: str, counter: Counter, caption: str, body: Callable[[], object], says: str = ""):
        self._key, self._counter, self.caption, self._body, self.says = key, counter, caption, body, says

    @property
    def number(self) -> Markup:
        return self._counter.number(self._key)

    @property
    def image(self):
        return self._body()

    @property
    def table(self):
        return self._body()


class Registry(dict):
    """fig.<id> / tab.<id> in the template; an unknown id is an error naming it, not a blank."""

    def __init__(self, kind: str, items: dict):
        super().__init__(items)
        self.kind = kind

    def __getattr__(self, key: str):
        try:
            return self[key]
        except KeyError:
            raise KeyError(f"the template asks for {self.kind} '{key}', which is not declared "
                           f"(declared: {', '.join(sorted(self))})") from None


EMU_PER_TWIP = 635


def _cell(text: str, width: int, bold: bool = False, right: bool = False, fill: str = "", colour: str = "") -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>' + (
        f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else "")
    para = '<w:pPr><w:spacing w:before="0" w:after="0"/>' + ('<w:jc w:val="right"/>' if right else "") + "</w:pPr>"
    run = (f'<w:sz w:val="{TABLE_FONT}"/>' + ("<w:b/>" if bold else "")
           + (f'<w:color w:val="{colour}"/>' if colour else ""))
    return (f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{para}<w:r><w:rPr>{run}</w:rPr>"
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>')


def build_table(header: list[str], rows: list[list[str]], title: str, rag_column: int | None = None) -> Markup:
    """One table as WordprocessingML: a header row marked to repeat on each page (and announced by screen
    readers), numbers right-aligned, RAG cells as their word on their colour, the title as its alt text."""
    total = TEXT_WIDTH // EMU_PER_TWIP
    first = int(total * (0.22 if rag_column is not None else 0.32)) if len(header) > 2 else total // 2
    widths = [first] + [(total - first) // max(len(header) - 1, 1)] * (len(header) - 1)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(_cell(h, w, bold=True) for h, w in zip(header, widths))
    body = []
    for values in rows:
        cells = []
        for i, (text, width) in enumerate(zip(values, widths)):
            if i == rag_column and text in RAG_FILL:
                cells.append(_cell(text, width, bold=True, fill=RAG_FILL[text], colour=RAG_TEXT[text]))
            else:
                cells.append(_cell(text, width, right=i > 0 and rag_column is None))
        body.append(f"<w:tr>{''.join(cells)}</w:tr>")
    props = (f'<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
             f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
             f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/><w:tblCaption w:val="{escape(title)}"/></w:tblPr>')
    return Markup(f'<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>{head}</w:tr>'
                  f"{''.join(body)}</w:tbl>")


def tag_filler(functions: dict) -> Callable[[str], str]:
    """Fill the tags in a piece of typed text (a workbook cell) as the template's are filled; the text is
    escaped later, where it is placed."""
    env = Environment(undefined=StrictUndefined)
    return lambda text: env.from_string(straighten(text)).render(functions)


def rag_word(rag: str, brackets: bool = True, leading_space: bool = False) -> Markup:
    """A RAG in running text: '(AMBER)', the word bold and coloured (never colour alone); '' if none (so a
    sentence without a rating gets no stray space before its full stop when the tag brings its own)."""
    if rag not in RAG_FILL:
        return Markup("")
    colour = {"GREEN": "00703C", "AMBER": "B45F06", "RED": "D4351C"}[rag]
    word = (f'</w:t></w:r><w:r><w:rPr><w:b/><w:color w:val="{colour}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(rag)}</w:t></w:r><w:r><w:t xml:space="preserve">')
    return Markup((" " if leading_space else "") + (f"({word})" if brackets else word))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _run(*children) -> OxmlElement:
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    return run


def _text(value: str) -> OxmlElement:
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = value
    return t


def fill_contents(doc) -> None:
    """Write the headings into the table of contents field as its current result, so the contents show in
    any reader; Word refreshes the field (and adds page numbers) when it opens the document."""
    instr = next((el for el in doc.element.body.iter(f"{W}instrText") if el.text and "TOC" in el.text), None)
    if instr is None:
        return
    field_paragraph = instr.getparent().getparent()
    levels = {"Heading1": 1, "Heading2": 2}
    entries = []
    for paragraph in doc.element.body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        if style is not None and style.get(f"{W}val") in levels and text.strip():
            entries.append((levels[style.get(f"{W}val")], text))
    if not entries:
        return
    begin, separate, end = (OxmlElement("w:fldChar") for _ in range(3))
    for el, kind in ((begin, "begin"), (separate, "separate"), (end, "end")):
        el.set(qn("w:fldCharType"), kind)
    instr_copy = OxmlElement("w:instrText")
    instr_copy.set(qn("xml:space"), "preserve")
    instr_copy.text = instr.text
    paragraphs = []
    for i, (level, text) in enumerate(entries):
        paragraph = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), f"TOC{level}")
        ppr.append(style)
        paragraph.append(ppr)
        if i == 0:
            paragraph.append(_run(begin))
            paragraph.append(_run(instr_copy))
            paragraph.append(_run(separate))
        paragraph.append(_run(_text(text)))
        paragraphs.append(paragraph)
    paragraphs[-1].append(_run(end))
    for paragraph in paragraphs:
        field_paragraph.addprevious(paragraph)
    field_paragraph.getparent().remove(field_paragraph)


def render(template: Path, context_for: Callable[[DocxTemplate], dict], out: Path, when: dt.datetime,
           prepare: Callable[[object], None] = lambda doc: None) -> None:
    """Render the template with the context and write the .docx atomically and reproducibly; `prepare` may
    add to the document before its tags are filled (the manager's commentary, whose tags are filled too)."""
    tpl = DocxTemplate(str(template))
    tpl.init_docx()
    prepare(tpl.docx)
    context = context_for(tpl)
    env = Environment(autoescape=True, undefined=StrictUndefined)
    tpl.render(context, jinja_env=env, autoescape=True)
    fill_contents(tpl.docx)
    props = tpl.docx.core_properties
    props.created = props.modified = when
    props.revision = 1

    def save(tmp: Path) -> None:
        tpl.save(str(tmp))
        normalise_zip(tmp, when)

    write_atomically(out, save)
