"""Write a minimal OpenDocument spreadsheet: text, whole-number and date cells, one table per sheet.

Written directly rather than through odfpy, which takes seconds for a few thousand cells; every zip
entry is dated 1 January 1980 so the same data give the same bytes.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

from pipeline.synthetic import MARKER_TEXT

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
NAMESPACES = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
              'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
              'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2"')
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')


def write_ods(path: Path, sheets: dict[str, pd.DataFrame], generator: str) -> None:
    """Each frame's rows as a sheet (no header row is added: put one in the frame if wanted)."""
    tables = "".join(_table(name, frame) for name, frame in sheets.items())
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {NAMESPACES}>'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    meta = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {NAMESPACES}><office:meta>'
            f"<meta:generator>{escape(generator)}</meta:generator></office:meta></office:document-meta>")
    styles = f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {NAMESPACES}/>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.comment = MARKER_TEXT.encode()
        for name, data in (("mimetype", MIMETYPE), ("META-INF/manifest.xml", MANIFEST), ("content.xml", content),
                           ("styles.xml", styles), ("meta.xml", meta)):
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED  # ODF: mimetype first, stored
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, data.encode("utf-8"))


def _table(name: str, frame: pd.DataFrame) -> str:
    rows = "".join("<table:table-row>" + "".join(_cell(v) for v in row) + "</table:table-row>"
                   for row in frame.itertuples(index=False))
    return f'<table:table table:name="{escape(name)}">{rows}</table:table>'


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return "<table:table-cell/>"
    if isinstance(value, pd.Timestamp):
        day = value.strftime("%Y-%m-%d")
        return _typed("date", f'office:date-value="{day}"', day)
    if isinstance(value, int):
        return _typed("float", f'office:value="{value}"', value)
    return _typed("string", "", escape(str(value)))


def _typed(kind: str, attribute: str, shown) -> str:
    return f'<table:table-cell office:value-type="{kind}" {attribute}><text:p>{shown}</text:p></table:table-cell>'
