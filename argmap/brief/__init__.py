"""Briefing notes: what an analyst hands a minister before a meeting, built from a map.

`write_briefing(argmap, evaluation, path, fmt, focus=None, stance="balanced", detail="brief")`
writes one (the CLI and the TUI both call it). `build_briefing` turns a map and its evaluation
into a `Briefing` (pure data: the note, the annexes, citations, all taken from the map); the
`to_*` modules render it as Markdown, HTML or DOCX. Nothing here imports a user interface;
Jinja2 and python-docx are imported only when a format needs them.
"""

from __future__ import annotations

from .build import build_briefing, prepared_date
from .model import Briefing
from .write import write_briefing

__all__ = ["build_briefing", "prepared_date", "write_briefing", "Briefing"]
