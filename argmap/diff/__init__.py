"""What changed in a debate between two versions of its map: structure, quotes, sources, and
the consequences for labels and verdicts.

`diff_maps(old, new)` compares two loaded maps (no user interface, no git); `load_version`
reads a side from disk or from a git revision; `format_diff` writes text, Markdown, JSON or HTML.
"""

from __future__ import annotations

from .compare import diff_maps
from .marks import render_changes, since_summary
from .model import Diff

__all__ = ["diff_maps", "Diff", "render_changes", "since_summary"]
