"""Briefing notes: what an analyst hands a minister before a meeting, built from a map.

`build_briefing` turns a map and its evaluation into a `Briefing` (pure data: sections, items,
citations, all taken from the map); `render` writes it as Markdown, HTML or DOCX. Nothing here
imports a user interface; Jinja2 and python-docx are imported only when a format needs them.
"""

from __future__ import annotations

from .build import build_briefing, prepared_date
from .model import Briefing

__all__ = ["build_briefing", "prepared_date", "Briefing"]
