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
from jinja2 import Environment, Template, TemplateError
from jinja2.bccache import FileSystemBytecodeCache
from markupsafe import Markup, escape

from pipeline.extract.tags import straighten
from pipeline.files import write_atomically
from pipeline.manifest import code_version
from pipeline.render.reproducible import normalise_zip
from pipeline.problems import InputError
from pipeline.render.template import W, accept_revisions, failed, outside_language, parts, property_problems
from pipeline.tag_language import environment

IMAGE_WIDTH = Mm(160)
TEXT_WIDTH = Mm(170)  # A4 less 20 mm margins
LANDSCAPE_WIDTH = Mm(257)
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
    shown: Callable[[str, int], object] = seq_field  # how the number is written: a Word field, or plain text

    def number(self, key: str) -> Markup:
        if key not in self.given:
            self.given[key] = len(self.given) + 1
        return self.shown(self.kind, self.given[key])


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


CHAR_TWIPS = {False: 100, True: 112}  # a 9 pt Arial lower-case letter, on average, plain and bold
CAPITAL = 1.35  # a capital letter or digit is wider
CELL_PADDING = 230  # the cell's left and right margins


def _extent(word: str) -> float:
    """A word's width in lower-case letters."""
    return sum(CAPITAL if c.isupper() or c.isdigit() or c in "%" else 1 for c in word)


def _longest_word(text: str) -> float:
    return max((_extent(w) for w in text.split()), default=0)


def column_widths(header: list[str], rows: list[list[str]], total: int) -> list[int]:
    """Widths from the content, in twips, adding up to `total`: every column at least as wide as its longest
    word (a header word never breaks inside), the space left shared by how much text each column holds (its
    longest cell, up to 45 characters, or half its header)."""
    columns = list(zip(header, *rows)) if rows else [(h,) for h in header]
    least = [max([_longest_word(c[0]) * CHAR_TWIPS[True], *(_longest_word(t) * CHAR_TWIPS[True] for t in c[1:])])
             + CELL_PADDING for c in columns]  # bold throughout: a RAG cell or a total row is bold
    wanted = [max(low, max([_extent(c[0]) / 2, *(min(_extent(t), 45) for t in c[1:])]) * CHAR_TWIPS[False]
                  + CELL_PADDING) for low, c in zip(least, columns)]  # a header may take two lines
    if sum(wanted) <= total:
        return [int(w * total / sum(wanted)) for w in wanted]
    spare = total - sum(least)
    if spare < 0:  # even the longest words do not fit: narrow everything alike
        return [int(w * total / sum(least)) for w in least]
    stretch = sum(w - low for w, low in zip(wanted, least))
    return [int(low + spare * (w - low) / stretch) for w, low in zip(wanted, least)]


SHORT_TABLE = (15, 30)  # rows, and lines of text: a table this short is never split over two pages


def _short(rows: list[list[str]], widths: list[int]) -> bool:
    """Whether a table is short enough to keep on one page: fewer than 15 rows, and fewer than 30 lines of text
    (about a third of a page) as the cells wrap at their widths (the development plan's rows are paragraphs)."""
    def lines(text: str, width: int) -> int:
        return sum(1 + int(_extent(line) * CHAR_TWIPS[False] // max(width - CELL_PADDING, 1))
                   for line in text.split("\n"))

    return len(rows) < SHORT_TABLE[0] and sum(
        max((lines(text, w) for text, w in zip(row, widths)), default=1) for row in rows) < SHORT_TABLE[1]


def _cell(text: str, width: int, bold: bool = False, right: bool = False, fill: str = "", colour: str = "",
          keep: bool = False) -> str:
    """One cell; `keep`: its paragraph keeps with the next row (how Word keeps a table's rows on one page)."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>' + (
        f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else "")
    para = ('<w:pPr>' + ("<w:keepNext/>" if keep else "") + '<w:spacing w:before="0" w:after="0"/>'
            + ('<w:jc w:val="right"/>' if right else "") + "</w:pPr>")
    run = (f'<w:sz w:val="{TABLE_FONT}"/>' + ("<w:b/>" if bold else "")
           + (f'<w:color w:val="{colour}"/>' if colour else ""))
    return (f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{para}<w:r><w:rPr>{run}</w:rPr>"
            f'<w:t xml:space="preserve">{_lines(text)}</w:t></w:r></w:p></w:tc>')


def _lines(text: str) -> Markup:
    """Text for a w:t, each of its lines after the first on a new line (w:br)."""
    return Markup('</w:t><w:br/><w:t xml:space="preserve">').join(escape(line) for line in text.split("\n"))


def build_table(header: list[str], rows: list[list[str]], title: str, rag_column: int | None = None,
                width: int = TEXT_WIDTH, total_row: bool = False) -> Markup:
    """One table as WordprocessingML: a header row marked to repeat on each page (and announced by screen
    readers), column widths from the content, numbers and their headers right-aligned, RAG cells as their
    word on their colour, a total row (if `total_row`, the last) in bold, the title as its alt text. A short
    table is kept whole on one page; a longer one may break between rows, never inside one."""
    widths = column_widths(header, rows, width // EMU_PER_TWIP)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    numeric = rag_column is None
    short = _short(rows, widths)
    head = "".join(_cell(h, w, bold=True, right=numeric and i > 0, keep=bool(rows))
                   for i, (h, w) in enumerate(zip(header, widths)))
    body = []
    for n, values in enumerate(rows):
        bold = total_row and n == len(rows) - 1
        keep = short and n < len(rows) - 1
        cells = []
        for i, (text, width) in enumerate(zip(values, widths)):
            if i == rag_column and text in RAG_FILL:
                cells.append(_cell(text, width, bold=True, fill=RAG_FILL[text], colour=RAG_TEXT[text], keep=keep))
            else:
                cells.append(_cell(text, width, bold=bold, right=i > 0 and numeric, keep=keep))
        body.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    props = (f'<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
             f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
             f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/><w:tblCaption w:val="{escape(title)}"/></w:tblPr>')
    return Markup(f'<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
                  f"{head}</w:tr>{''.join(body)}</w:tbl>")


def tag_filler(functions: dict) -> Callable[[str], str]:
    """Fill the tags in a piece of typed text (a workbook cell) as the template's are filled; the text is
    escaped later, where it is placed."""
    env = environment()
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


def _field_paragraphs(instr) -> list:
    """The paragraphs a field spans, from the one holding its start to the one holding its end: one for the
    template as built, many once Word has updated the contents (each entry a paragraph with fields inside)."""
    first = next(instr.iterancestors(f"{W}p"))
    marks = list(first.iter(f"{W}fldChar", f"{W}instrText"))
    begin = max((i for i, el in enumerate(marks[:marks.index(instr)]) if el.get(qn("w:fldCharType")) == "begin"),
                default=0)
    paragraphs, depth, paragraph, marks = [], 0, first, marks[begin:]
    while paragraph is not None and paragraph.tag == f"{W}p":
        paragraphs.append(paragraph)
        for el in marks:
            depth += {"begin": 1, "end": -1}.get(el.get(qn("w:fldCharType")), 0)
            if depth == 0:
                return paragraphs
        paragraph = paragraph.getnext()
        marks = list(paragraph.iter(f"{W}fldChar")) if paragraph is not None else []
    return paragraphs


def fill_contents(doc) -> None:
    """Write the headings into the table of contents field as its current result, so the contents show in
    any reader; Word refreshes the field (and adds page numbers) when it opens the document. A field Word has
    already updated and saved is replaced whole, so there is only ever one contents list."""
    instr = next((el for el in doc.element.body.iter(f"{W}instrText") if el.text and "TOC" in el.text), None)
    if instr is None:
        return
    field = _field_paragraphs(instr)
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
        field[0].addprevious(paragraph)
    for old in field:
        old.getparent().remove(old)


def report_order(template: Path) -> dict[str, str]:
    """Each figure and table id the template numbers, in document order, with its number as the report prints
    it ('Figure 3', 'Table 2'): the order in which the Counter numbers them."""
    import re
    import zipfile

    with zipfile.ZipFile(template) as z:
        text = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))  # a tag split over runs, whole
    names, counts = {}, {"fig": 0, "tab": 0}
    for kind, id_ in re.findall(r"\b(fig|tab)\.([A-Za-z0-9_]+)\.number\b", text):
        if id_ not in names:
            counts[kind] += 1
            names[id_] = f"{'Figure' if kind == 'fig' else 'Table'} {counts[kind]}"
    return names


class CheckedTemplate(DocxTemplate):
    """docxtpl's template, each part checked against the tag language just before Jinja fills it: the
    template and the commentary inserted into it were checked when read, and this is the last look at the
    very text that is filled (should the two together ever make a tag neither held alone).

    With a `compiled` folder, each part's code, once checked and compiled, is kept there (Jinja's bytecode
    cache, a file a part, used only for the very text and code version it was made from):
    a re-run whose template and commentary have not changed neither checks nor compiles them again."""

    def __init__(self, template_file: str, compiled: Path | None = None):
        super().__init__(template_file)
        self.compiled = None
        if compiled:
            compiled.mkdir(parents=True, exist_ok=True)
            self.compiled = FileSystemBytecodeCache(str(compiled))

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        return super().render_xml_part(src_xml, part, context, _Part(self, jinja_env, str(part.partname)))

    def render_properties(self, context, jinja_env=None):
        refused = property_problems(self.docx, Path(self.template_file).name)
        if refused:
            raise InputError(refused)
        return super().render_properties(context, jinja_env)


@dataclass(frozen=True)
class _Part:
    """The environment docxtpl fills one part of the document in (it asks it for `from_string` alone)."""

    template: CheckedTemplate
    env: Environment
    name: str

    def from_string(self, source: str) -> Template:
        """The part's text as a Jinja template: checked, then compiled, unless kept from a run that did both."""
        env, kept = self.env, self.template.compiled
        # one file a part, its code used only for the text it was made from, by this version of the code
        bucket = kept.get_bucket(env, self.name, None, code_version() + source) if kept else None
        code = bucket.code if bucket else None
        if code is None:
            refused = outside_language(env, source, self.template.docx, Path(self.template.template_file).name)
            if refused:
                raise InputError(refused)
            code = env.compile(source)
            if bucket:
                bucket.code = code
                kept.set_bucket(bucket)
        return env.template_class.from_code(env, code, env.make_globals(None), None)


def render(template: Path, context_for: Callable[[DocxTemplate], dict], out: Path, when: dt.datetime,
           prepare: Callable[[object], None] = lambda doc: None, compiled: Path | None = None) -> None:
    """Render the template with the context and write the .docx atomically and reproducibly; `prepare` may
    add to the document before its tags are filled (the manager's commentary, whose tags are filled too);
    `compiled` keeps each part's checked and compiled code for the next run (see CheckedTemplate)."""
    tpl = CheckedTemplate(str(template), compiled)
    tpl.init_docx()
    for root in parts(tpl.docx):  # checked, and warned of, before the build began
        accept_revisions(root)
    prepare(tpl.docx)
    context = context_for(tpl)
    env = environment(autoescape=True)
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except TemplateError as exc:  # what the static check (template.check) cannot see: a name no context has
        raise InputError([failed(template, exc)]) from None
    fill_contents(tpl.docx)
    props = tpl.docx.core_properties
    props.created = props.modified = when
    props.revision = 1
    props.identifier = ""  # the template's mark from make template (templates/build_template.py), not the report's

    def save(tmp: Path) -> None:
        tpl.save(str(tmp))
        normalise_zip(tmp, when)

    write_atomically(out, save)
