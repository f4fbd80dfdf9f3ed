"""WordprocessingML paragraphs and tables as HTML that Jinja can still fill: the web edition's reading of the
Word template and of the manager's commentary, so the page has the same words, in the same order, as the report.

Text is escaped; the tags in it (`{{ v('…') }}`, `{%p if … %}`) are kept for Jinja to fill, docxtpl's paragraph
and table markers dropped. Styles become elements: headings one level down (the report's title is the page's one
`h1`), bulleted and numbered paragraphs lists, quotations `blockquote`; bold and italic runs, links (web and
email addresses, and links to a bookmarked heading) and pictures (as data, with their alt text) are kept; a table's first row is its header.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Callable

from markupsafe import escape

from pipeline.extract.tags import straighten

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
CONTROL = re.compile(r"^\s*\{%[ptrc]?\s(.*?)%\}\s*$", re.S)  # a paragraph that is only a {% … %} tag
BLOCK = re.compile(r"^\s*\{\{[p]?\s+((?:fig|tab)\.\w+\.(?:image|table))\s*\}\}\s*$")  # a figure or a table
HEADINGS = {"Title": "h2", "Heading1": "h2", "Heading2": "h3", "Heading3": "h4", "Heading4": "h5", "TOCHeading": "h2",
            "Coveringtitle": "h2", "Coveringheading": "h3"}  # the covering report: headings, kept out of the contents
LISTS = {"ListBullet": "ul", "ListBullet2": "ul", "ListNumber": "ol", "ListNumber2": "ol"}
CLASSES = {"subtitle": "subtitle", "covermark": "cover-mark", "coverdetail": "cover-detail", "caption": "caption"}
QUOTES = ("Quote", "IntenseQuote")
PICTURES = {b"\x89PNG": "image/png", b"\xff\xd8": "image/jpeg", b"GIF8": "image/gif"}
WORDS_OWN = ("_Toc", "_Ref", "_GoBack")
SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.I)


def source(text: str) -> str:
    """Text as a Jinja template's source: the words escaped for HTML, the tags kept (straight quotes)."""
    out, last = [], 0
    for match in TAG.finditer(text):
        out.append(str(escape(text[last:match.start()])))
        out.append(straighten(match.group(0)))
        last = match.end()
    return "".join(out) + str(escape(text[last:]))


def _target(hyperlink) -> str | None:
    """A link's relationship id, or "#name" for a link to a bookmark within the document."""
    anchor = hyperlink.get(f"{W}anchor")
    return f"#{anchor}" if anchor else hyperlink.get(f"{R}id")


def bookmark(paragraph) -> str | None:
    """The name of the bookmark a paragraph holds (a heading a link points to), if any: not Word's own, which
    mark headings for its contents and cross-references (_Toc…, _Ref…)."""
    names = (start.get(f"{W}name", "") for start in paragraph.iter(f"{W}bookmarkStart"))
    return next((n for n in names if re.fullmatch(r"[A-Za-z_][\w-]*", n) and not n.startswith(WORDS_OWN)), None)


def style_of(paragraph) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val", "") if style is not None else ""


def plain_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


@dataclass
class Converter:
    """Turns one run of body elements into HTML source. `links`: relationship id -> (kind, target, bytes), for
    the commentary's links and pictures; `warn` hears of a picture without alt text, naming the section."""

    links: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)
    warn: Callable[[str], None] = lambda message: None
    section: str = "the report"
    lowest: int = 2  # the highest a heading may be: commentary's go under the template's own (h4, as Word's Heading 3)

    def runs(self, paragraph) -> str:
        """A paragraph's runs: consecutive runs of one look joined first, so a tag split between them is whole."""
        pieces: list[tuple[tuple, str]] = []
        for run in paragraph.iter(f"{W}r"):
            props = run.find(f"{W}rPr")
            bold = props is not None and _on(props.find(f"{W}b"))
            italic = props is not None and _on(props.find(f"{W}i"))
            link = next((_target(a) for a in run.iterancestors(f"{W}hyperlink")), None)
            for child in run:
                if child.tag == f"{W}t":
                    pieces.append(((bold, italic, link), child.text or ""))
                elif child.tag in (f"{W}br", f"{W}cr"):
                    pieces.append(((bold, italic, link), "\n"))
                elif child.tag == f"{W}tab":
                    pieces.append(((bold, italic, link), " "))
                elif child.tag == f"{W}drawing":
                    pieces.append((("picture",), self.picture(child)))
        merged: list[list] = []
        for look, text in pieces:
            if merged and merged[-1][0] == look and look != ("picture",):
                merged[-1][1] += text
            else:
                merged.append([look, text])
        return "".join(self.look(look, text) for look, text in merged)

    def look(self, look: tuple, text: str) -> str:
        if look == ("picture",):
            return text
        bold, italic, link = look
        html = source(text).replace("\n", "<br>")
        if bold:
            html = f"<strong>{html}</strong>"
        if italic:
            html = f"<em>{html}</em>"
        target = self.links.get(link, ("", "", b""))[1] if link else ""
        if link and link.startswith("#"):  # a link within the document, to a bookmarked heading
            html = f'<a href="{escape(link)}">{html}</a>'
        elif target and SAFE_LINK.match(target):
            html = f'<a href="{escape(target)}">{html}</a>'
        return html

    def picture(self, drawing) -> str:
        """A picture from the commentary, inline as data, with its alt text (a warning, naming the section, if
        it has none: it is then marked decorative, which is all a page can honestly say of it)."""
        blip = next(drawing.iter(f"{A}blip"), None)
        props = next(drawing.iter(f"{WP}docPr"), None)
        alt = (props.get("descr") or props.get("title") or "").strip() if props is not None else ""
        kind, _, data = self.links.get(blip.get(f"{R}embed", "") if blip is not None else "", ("", "", b""))
        mime = next((m for magic, m in PICTURES.items() if data.startswith(magic)), None)
        if kind != "image" or mime is None:
            self.warn(f"a picture in the commentary under \"{self.section}\" is not a PNG, JPEG or GIF image, so "
                      "the web page leaves it out: save it as one of those and insert it again")
            return ""
        if not alt:
            self.warn(f"a picture in the commentary under \"{self.section}\" has no alt text: in Word, right-click "
                      "it, choose Edit Alt Text and say what it shows")
        encoded = base64.b64encode(data).decode("ascii")
        return f'<img src="data:{mime};base64,{encoded}" alt="{escape(alt)}">'

    def table(self, table) -> str:
        """A typed table: its first row the header; a merged cell's text once, in its first cell."""
        rows = [[self.cell(c) for c in row.findall(f"{W}tc")] for row in table.findall(f"{W}tr")]
        if not rows:
            return ""
        head = "".join(f'<th scope="col">{c}</th>' for c in rows[0])
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows[1:])
        caption = f"A table in the commentary under {source(self.section)}"
        return (f'<div class="table-region" role="region" tabindex="0" aria-label="{caption}"><table>'
                f"<caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")

    def cell(self, cell) -> str:
        return "<br>".join(self.runs(p) for p in cell.findall(f"{W}p"))

    def heading(self, style: str) -> str:
        return f"h{max(int(HEADINGS[style][1]), self.lowest)}"

    def body(self, elements) -> str:
        """Paragraphs and tables in order: a list's paragraphs (and the tags that repeat them) in one list."""
        out, open_list = [], None
        for element in elements:
            style = style_of(element) if element.tag == f"{W}p" else ""
            wanted = LISTS.get(style)
            if open_list and open_list != wanted:
                out.append(f"</{open_list}>")
                open_list = None
            if wanted and not open_list:
                out.append(f"<{wanted}>")
                open_list = wanted
            if element.tag == f"{W}tbl":
                out.append(self.table(element))
            elif element.tag == f"{W}p":
                out.append(self.paragraph(element, style))
        if open_list:
            out.append(f"</{open_list}>")
        return "\n".join(o for o in out if o)

    def paragraph(self, paragraph, style: str) -> str:
        text = plain_text(paragraph)
        control = CONTROL.match(straighten(text))
        if control:
            return "{% " + control.group(1).strip() + " %}"
        block = BLOCK.match(text)
        if block:
            return "{{ " + block.group(1) + " }}"
        html = self.runs(paragraph)
        if not html.strip():
            return ""
        if style in HEADINGS:
            self.section = text.strip() or self.section
            tag = self.heading(style)
            return f"<{tag}>{html}</{tag}>"
        if style in LISTS:
            return f"<li>{html}</li>"
        if style in QUOTES:
            return f"<blockquote><p>{html}</p></blockquote>"
        css = CLASSES.get(style.lower())  # Word spells a style's id as it likes: "Covermark", "CoverMark"
        return f'<p class="{css}">{html}</p>' if css else f"<p>{html}</p>"


def _on(element) -> bool:
    """A toggle property (w:b, w:i) set on: present, and not w:val="0"/"false"."""
    return element is not None and element.get(f"{W}val", "true") not in ("0", "false", "off")
