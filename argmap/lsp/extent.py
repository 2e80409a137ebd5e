"""How far a YAML value reaches from where it starts, by a light scan of the text.

Problems give the line and column a value (or key) starts at; a diagnostic wants its whole
range. Composing the file again for that would double the work of every check, so the value is
measured from the text: a quoted string to its closing quote, a block (`>-`, `|`) over its
lines, a flow list or mapping to its closing bracket, a plain word to where YAML ends it.
"""

from __future__ import annotations

__all__ = ["value_extent"]

Pos = tuple[int, int]


def value_extent(lines: list[str], line: int, col: int) -> tuple[Pos, Pos]:
    """The range [start, end) of the value or key starting at (line, col), 0-based, in characters.

    `lines` are the text's lines, with or without their line ends."""
    if line >= len(lines):
        return (line, col), (line, col)
    row = _row(lines, line)
    if col >= len(row):
        indent = len(row) - len(row.lstrip())
        return (line, indent), (line, len(row))
    ch = row[col]
    if ch in "\"'":
        return _quoted(lines, line, col, ch)
    if ch in ">|" and _only_indicators(row[col + 1:]):
        return _block(lines, line, col)
    if ch in "[{":
        return _flow(lines, line, col)
    return (line, col), (line, _plain_end(row, col))


def _quoted(lines: list[str], line: int, col: int, quote: str) -> tuple[Pos, Pos]:
    i, j = line, col + 1
    while i < len(lines):
        row = _row(lines, i)
        while j < len(row):
            c = row[j]
            if quote == '"' and c == "\\":
                j += 2
                continue
            if c == quote:
                if quote == "'" and row[j + 1:j + 2] == "'":  # '' is a quote inside '...'
                    j += 2
                    continue
                return (line, col + 1), (i, j)
            j += 1
        i, j = i + 1, 0
    return (line, col), (line, len(_row(lines, line)))


def _only_indicators(rest: str) -> bool:
    head = rest.split(" #", 1)[0].strip()
    return all(c in "+-0123456789" for c in head)


def _block(lines: list[str], line: int, col: int) -> tuple[Pos, Pos]:
    row = _row(lines, line)
    parent = len(row) - len(row.lstrip())
    first = last = None
    for i in range(line + 1, len(lines)):
        text = _row(lines, i)
        if not text.strip():
            continue
        if len(text) - len(text.lstrip()) <= parent:
            break
        first = i if first is None else first
        last = i
    if first is None or last is None:
        return (line, col), (line, len(row))
    return (first, len(_row(lines, first)) - len(_row(lines, first).lstrip())), (last, len(_row(lines, last)))


def _flow(lines: list[str], line: int, col: int) -> tuple[Pos, Pos]:
    depth = 0
    quote = None
    i, j = line, col
    while i < len(lines):
        row = _row(lines, i)
        while j < len(row):
            c = row[j]
            if quote:
                if c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c in "[{":
                depth += 1
            elif c in "]}":
                depth -= 1
                if depth == 0:
                    return (line, col), (i, j + 1)
            j += 1
        i, j = i + 1, 0
    return (line, col), (line, len(_row(lines, line)))


def _plain_end(row: str, col: int) -> int:
    """Where a plain scalar starting at `col` ends: at `: `, ` #`, or, inside a flow list or
    mapping, at `,`, `]` or `}`; else at the end of the line (trailing spaces left out)."""
    before = row[:col]
    in_flow = before.count("[") + before.count("{") > before.count("]") + before.count("}")
    j = col
    while j < len(row):
        c = row[j]
        if c == ":" and (j + 1 == len(row) or row[j + 1] == " "):
            break
        if c == "#" and j > col and row[j - 1] == " ":
            break
        if in_flow and c in ",]}":
            break
        j += 1
    return len(row[:j].rstrip()) if j > col else j


def _row(lines: list[str], i: int) -> str:
    """Line `i` without its line end (lines may keep theirs, as `str.splitlines(True)` gives them)."""
    return lines[i].rstrip("\r\n")
