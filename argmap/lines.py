"""Lines of a text by number, for showing the line a problem points at.

Kept apart from argmap.yamlsafe (which imports PyYAML) so that printing problems, as
`argmap validate` does from its summary record (argmap.summary), imports nothing heavy.
"""

from __future__ import annotations

__all__ = ["line_starts", "line_at"]


def line_starts(text: str) -> list[int]:
    """The offset at which each line of `text` starts (one pass; index it with `line_at`)."""
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    if len(text) in starts[1:]:
        starts.pop()  # a final line break ends the last line; it does not start another
    return starts


def line_at(text: str, starts: list[int], line: int) -> str:
    """Line `line` (1-based) of `text` by its line starts, without the line break."""
    if not 0 < line <= len(starts):
        return ""
    start = starts[line - 1]
    end = starts[line] - 1 if line < len(starts) else len(text)
    return text[start:end].rstrip("\r\n")
