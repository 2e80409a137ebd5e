"""Parse an edited map file again by re-reading only the entries that changed.

A curator's edit (in the explorer's editor of choice, or a keystroke the language server sees)
changes a node or two of a file that holds dozens. Parsing the whole file again was most of a
re-check: on the bundled map, 2.5 ms of the 4 ms it took to re-check a 40 KB file after one
node's text changed. `reparse` takes the file as it was last parsed (its text, data and
positions) and the new bytes, finds the run of entries of one section (`nodes:`, `sources:`,
...) that the edit falls within, parses that run alone, and splices it in, moving the positions
of what follows by the lines added or removed.

It gives the very same ParsedFile as `parse_yaml` of the new bytes, or None when it cannot be
sure of that; the caller then parses the whole file. It declines, among others, when:

- either version has a problem (a problem's place and wording can depend on the whole file);
- the text holds an `&` (an anchor: an alias elsewhere would depend on it), a line break other
  than `\\n` (libyaml counts `\\r`, U+0085, U+2028 and U+2029 as line breaks too), a directive
  (`%TAG`), or does not decode as UTF-8 without a byte-order mark;
- the edit touches a top-level key, anything outside one section's list of entries, or a line
  of the run that is not indented under the list (a line at the list's own indentation that is
  not a `-` item could end the list in the file, and would not alone);
- the run does not parse alone as a list, or any of its values holds a bidi control.

`tests/test_reparse.py` compares it with `parse_yaml` over generated edits of real map files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .yamlsafe import MAX_BYTES, ParsedFile, _decode, parse_yaml

__all__ = ["Tree", "reparse"]

# libyaml's line breaks besides "\n" (YAML 1.1): with any of them, its line numbers are not ours.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


class Tree:
    """A file as last parsed without a problem: what `reparse` starts from."""

    __slots__ = ("text", "data", "root")

    def __init__(self, text: str, data: dict, root: tuple) -> None:
        self.text, self.data, self.root = text, data, root

    @classmethod
    def of(cls, parsed: ParsedFile) -> Tree | None:
        """The tree of a file parsed cleanly (a mapping, no problem, no bidi control), else None."""
        if parsed.problems or parsed.bidi or not isinstance(parsed.data, dict) or parsed.root.__class__ is not tuple:
            return None
        if not _plain(parsed.text):
            return None
        root = parsed.root
        if any(root[k] & 0xFFFFFFFF for k in range(2, len(root), 3)):
            return None  # keys not at the margin: the end of a run would not stand for the next one
        return cls(parsed.text, parsed.data, parsed.root)


def _plain(text: str) -> bool:
    """No anchor, no other line break, no directive (`%TAG !! ...` changes what a tag in the run
    means, and the run alone is read without it)."""
    return "&" not in text and not any(b in text for b in _OTHER_BREAKS) and not text.startswith("%") and "\n%" not in text


def reparse(before: Tree, raw: bytes | str, path: Path | str, display: str) -> ParsedFile | None:
    """`parse_yaml(raw, path, display)` for a file last parsed as `before`, re-reading only the
    entries the edit falls within; None when it cannot be sure to give the same (parse it whole).

    The entries outside the run are `before`'s own objects, shared with the result: neither may
    be changed in place (nothing in argmap does)."""
    display = display or str(path)
    if isinstance(raw, bytes):
        text, problem = _decode(raw, display)  # as parse_yaml decodes: any problem (a BOM too) declines
        if problem is not None:
            return None
    else:
        text = raw
        if text.startswith("\ufeff"):
            return None
    old = before.text
    if text == old or len(text) > MAX_BYTES or not _plain(text):
        return None
    first, last, at_start, lines_added = _changed_lines(old, text)
    lines = old.split("\n")
    place = _run(before.root, lines, first, last, at_start, lines_added)
    if place is None:
        return None
    section, index, items_from, items_to, start_line, end_line, indent, before_entry = place
    delta = text.count("\n") - old.count("\n")
    # the lines before the run are the old ones, and so are those after it (moved by `delta`)
    start = sum(map(len, lines[:start_line])) + start_line
    after = len(old) - (sum(map(len, lines[:end_line])) + end_line) if end_line < len(lines) else 0
    region = text[start:len(text) - after]
    if not _indented_under(region, indent):
        return None
    # An empty value can take its place from what comes after it (`? key` with no `:` is marked
    # where the next token starts): when another entry follows the run, the run is read with
    # that entry's `-`, so that what follows it is the same, and the empty entry it makes is
    # dropped; at a section's end, what follows is a key at the margin or the end of the file,
    # which the end of the run stands for at the very same place.
    part = parse_yaml(region + " " * indent + "-" if before_entry else region, path, display, depth=1)
    if part.problems or part.bidi or not isinstance(part.data, list) or part.root.__class__ is not list:
        return None
    if before_entry:
        if part.data[-1] is not None or part.root[-1] != ((end_line + delta - start_line) << 32 | (indent + 1)):
            return None  # pragma: no cover - the `-` added is an empty entry of its own
        part.data.pop()
        part.root.pop()
    moved = start_line << 32
    entries_where = [_shift(at, moved) for at in part.root[1:]]
    # the new data and positions: the section's list with the run replaced, what follows moved
    old_where = before.root[index + 2]
    shift = delta << 32
    # (the list starts where it did: on the `-` line the run starts with when it is the first)
    where = [old_where[0], *old_where[1:items_from + 1], *entries_where, *(_shift(at, shift) for at in old_where[items_to + 2:])]
    old_list = before.data[section]
    entries = [*old_list[:items_from], *part.data, *old_list[items_to + 1:]]
    root = [*before.root[:index + 2], where]
    for k in range(index + 3, len(before.root), 3):  # the keys after the section, moved
        root += (before.root[k], before.root[k + 1] + shift, _shift(before.root[k + 2], shift))
    data = {key: (entries if key == section else value) for key, value in before.data.items()}
    return ParsedFile(Path(path), display, text, data, tuple(root), [])


def _changed_lines(old: str, new: str) -> tuple[int, int, bool, bool]:
    """The first and last lines (0-based) of `old` that differ from `new` (for text only added,
    the line it is added in); whether the change starts where the first line's text does (what
    it adds there may end what came before); whether it only adds whole lines before the first
    line. The lines before the first are `new`'s first lines; those after the last, its last."""
    shorter = min(len(old), len(new))
    lo, hi = 0, shorter  # the longest common prefix, by halving (slices compare in C)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[:mid] == new[:mid]:
            lo = mid
        else:
            hi = mid - 1
    prefix = lo
    lo, hi = 0, shorter - prefix  # the longest common suffix that does not overlap the prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[len(old) - mid:] == new[len(new) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    end = len(old) - lo  # old[prefix:end] is what the edit replaced (nothing, for an insertion)
    first = old.count("\n", 0, prefix)
    # (the line `end` is in: when what was replaced ends a line, the next line's text is the same
    # but it may no longer start a line, so it counts as changed too)
    last = old.count("\n", 0, end)
    at_start = not old[old.rfind("\n", 0, prefix) + 1:prefix].strip(" ")
    lines_added = end == prefix and (prefix == 0 or old[prefix - 1] == "\n") and new[prefix:prefix + len(new) - len(old)].endswith("\n")
    return first, last, at_start, lines_added


def _run(root: tuple, lines: list[str], first: int, last: int, at_start: bool, lines_added: bool) -> tuple | None:
    """Where lines `first`..`last` (of the file's `lines`) fall: (section, its index in `root`, the first and
    last entry they touch, the line the first of those starts on, the line after the last, the
    list's indentation, whether another entry starts on that line); None unless they fall within
    one section's list of mapping entries. With `at_start`, what the edit put before line `first`
    may belong to the entry before it: the run starts there; with `lines_added`, whole lines
    added before a section's key belong to the section before it."""
    for index in range(1, len(root), 3):
        section, key_at, where = root[index], root[index + 1], root[index + 2]
        following = root[index + 4] >> 32 if index + 4 < len(root) else len(lines)
        if lines_added and first == last == following:
            first = last = following - 1  # added at the end of the section, before the next key
        if not (key_at >> 32) < first <= last < following:
            continue
        if where.__class__ is not list or len(where) < 2 or any(at.__class__ is not tuple for at in where[1:]):
            return None
        starts = [at[0] >> 32 for at in where[1:]]
        dash = lines[starts[0]]
        indent = len(dash) - len(dash.lstrip(" "))
        if first < starts[0]:
            return None  # between the key and the first entry
        items_from = max(i for i, line in enumerate(starts) if line <= first)
        if at_start and items_from and starts[items_from] == first:
            items_from -= 1  # added at the end of the entry before, or before this one
        items_to = max(i for i, line in enumerate(starts) if line <= last)
        end = starts[items_to + 1] if items_to + 1 < len(starts) else following
        for line in (starts[items_from], end if end < following else None):
            if line is not None and not _dash(lines[line], indent):
                return None  # an entry that does not start on its `-` line
        return section, index, items_from, items_to, starts[items_from], end, indent, end < following
    return None


def _dash(line: str, indent: int) -> bool:
    """`line` is a list item's `-` line at `indent`."""
    return line[:indent] == " " * indent and line[indent:indent + 1] == "-" and line[indent + 1:indent + 2] in ("", " ")


def _indented_under(region: str, indent: int) -> bool:
    """Every line of `region` is blank, a comment, a `-` item at `indent`, or indented further:
    read alone it is then read as in its file (any other line at `indent` or less could end the
    list there, and alone would not)."""
    deeper = " " * (indent + 1)
    lines = region.split("\n")
    if not _dash(lines[0], indent):
        return False
    for line in lines:
        if line.startswith(deeper) or not line.strip(" ") or _dash(line, indent) or line.lstrip(" ").startswith("#"):
            continue
        return False
    return True


def _shift(at: Any, by: int) -> Any:
    """A positions tree (see argmap.yamlsafe._Builder.build) moved `by` (lines << 32)."""
    if not by:
        return at
    if at.__class__ is int:
        return at + by
    if at.__class__ is list:
        return [_shift(a, by) for a in at]
    out = [at[0] + by]
    for k in range(1, len(at), 3):
        out += (at[k], at[k + 1] + by, _shift(at[k + 2], by))
    return tuple(out)
