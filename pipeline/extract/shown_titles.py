"""The titles the report shows for its commentary slots, read from the template the analyst edits: a section
renamed in the template ("The team" to "Our team") is matched by its new title in the commentary (and still by
the title `pipeline/slots.py` declares, so last year's commentary keeps working).
"""
from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from pipeline.render.commentary import PLACEHOLDER
from pipeline.slots import BY_ID

HEADING = re.compile(r"heading (\d)", re.IGNORECASE)


def shown_titles(template: Path) -> dict[str, str]:
    """Slot id -> the title of its section as the template has it: the nearest heading before the slot's place
    at the slot's level or above ('Reviews' for reviews, '5. Summary' for the summary)."""
    headings: list[tuple[int, str]] = []
    shown = {}
    for paragraph in Document(str(template)).paragraphs:
        level = HEADING.fullmatch(paragraph.style.name or "") if paragraph.style is not None else None
        if level and paragraph.text.strip():
            headings.append((int(level.group(1)), " ".join(paragraph.text.split())))
        place = PLACEHOLDER.match(paragraph.text)
        if place and place.group(1) in BY_ID:
            title = next((t for lv, t in reversed(headings) if lv <= BY_ID[place.group(1)].level), None)
            if title:
                shown[place.group(1)] = title
    return shown
