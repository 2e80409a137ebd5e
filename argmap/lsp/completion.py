"""Completion of ids where the format expects one, ranked by a fuzzy match on the id and its title.

The key a value belongs to is read from the lines above the cursor (the text being typed seldom
parses as YAML): `supports: [a, b|`, `- b|` under `supports:`, `- {target: b|` under `attacks:`,
`source: b|` in a quote, `authors:` of a source, and so on.
"""

from __future__ import annotations

import re

from lsprotocol import types

from .index import KIND_OF_KEY

__all__ = ["register", "context_at", "rank"]

LIMIT = 100  # items sent at once; the list is marked incomplete so typing more asks again
_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_]+):\s*(.*)$")
_ITEM = re.compile(r"^(\s*)-(?:\s|$)")
_PREFIX = re.compile(r"[A-Za-z0-9_.-]*$")
_ID_LINE = re.compile(r"^(\s*)-\s+id:\s*(\S+)")


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[" ", "[", ",", "-"]))
    def completion(ls, params: types.CompletionParams):
        found = ls.locate(params.text_document.uri, params.position, index=False)
        if found is None:
            return None
        session, state, line, col = found
        lines = (state.text or "").splitlines()
        context = context_at(lines, line, col)
        if context is None:
            return None
        kind, prefix = context
        snapshot = session.current()
        m = snapshot.map
        if m is None:
            return None
        own = _own_id(lines, line)
        entries = getattr(m, kind)
        ranked = rank(prefix, [(i, _title(e)) for i, e in entries.items() if not (kind == "nodes" and i == own)])
        start = (line, col - len(prefix))
        rng = ls.to_range(state.text, start, (line, col))
        items = []
        for n, (ident, title) in enumerate(ranked[:LIMIT]):
            entry = entries[ident]
            items.append(types.CompletionItem(
                label=ident, kind=types.CompletionItemKind.Reference, detail=_detail(kind, entry, title),
                documentation=_doc(kind, entry), sort_text=f"{n:05d}", filter_text=ident,
                text_edit=types.TextEdit(range=rng, new_text=ident)))
        return types.CompletionList(is_incomplete=len(ranked) > LIMIT, items=items)


def context_at(lines: list[str], line: int, col: int) -> tuple[str, str] | None:
    """(section whose ids fit here, the part of an id typed so far) at a cursor, or None."""
    if line >= len(lines):
        return None if line > len(lines) else _context("", [], 0)
    text = lines[line][:col]
    return _context(text, lines, line)


def _context(text: str, lines: list[str], line: int) -> tuple[str, str] | None:
    if "#" in text and re.search(r"(^|\s)#", text):
        return None  # in a comment
    prefix = _PREFIX.search(text).group(0)  # type: ignore[union-attr]
    before = text[: len(text) - len(prefix)]
    if re.search(r"\{[^}]*\btarget:\s*$", before):
        return "nodes", prefix
    key = _KEY_LINE.match(before)
    if key is not None:
        name, rest = key.group(2), key.group(3)
        if name in KIND_OF_KEY and (rest == "" or re.fullmatch(r"\[[^\]]*", rest)):
            if name != "source" or _under(lines, line, len(key.group(1)), "quotes"):
                return KIND_OF_KEY[name], prefix
            return None
        return None
    item = _ITEM.match(before)
    if item is not None and before.strip() == "-":
        parent = _parent_key(lines, line, len(item.group(1)))
        if parent in KIND_OF_KEY and parent not in ("side", "pattern", "source", "target"):
            return KIND_OF_KEY[parent], prefix
    return None


def _parent_key(lines: list[str], line: int, indent: int) -> str | None:
    """The key a list item at `indent` belongs to: the nearest line above, indented less or
    as much (YAML allows `key:` then `- item` at the key's own indentation), ending in `key:`."""
    for row in reversed(lines[:line]):
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        here = len(row) - len(row.lstrip())
        if here > indent or (here == indent and _ITEM.match(row)):
            continue
        key = _KEY_LINE.match(row)
        if key is not None and key.group(3).strip() == "":
            return key.group(2)
        return None
    return None


def _under(lines: list[str], line: int, indent: int, key: str) -> bool:
    """Whether the mapping on `line` (at `indent`) is an item of a list under `key:`, as a
    quote's `source:` is under `quotes:`."""
    for row in reversed(lines[:line]):
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        here = len(row) - len(row.lstrip())
        if here >= indent:
            continue
        if _ITEM.match(row):  # the `- ` that opens this mapping: look above it
            indent = here
            continue
        found = _KEY_LINE.match(row)
        return found is not None and found.group(2) == key
    return False


def rank(prefix: str, candidates: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Candidates (id, title) best first: a fuzzy match of the prefix on the id and on the title
    (the id weighs more); with nothing typed, map order."""
    if not prefix:
        return candidates
    from rapidfuzz import fuzz, utils

    needle = prefix.lower()
    scored = []
    for order, (ident, title) in enumerate(candidates):
        lower = ident.lower()
        score = 200.0 if lower.startswith(needle) else 100.0 if needle in lower else 0.0
        score += max(fuzz.partial_ratio(needle, lower), 0.8 * fuzz.partial_ratio(needle, title, processor=utils.default_process))
        if score >= 60:
            scored.append((-score, order, ident, title))
    scored.sort()
    return [(ident, title) for _, _, ident, title in scored]


def _title(entry) -> str:
    for attr in ("title", "name", "label"):
        value = getattr(entry, attr, None)
        if value:
            return str(value)
    text = getattr(entry, "text", "")
    return " ".join(text.split())[:80]


def _detail(kind: str, entry, title: str) -> str:
    if kind == "nodes":
        return f"{entry.type.value} · {entry.side} — {title}"
    return title


def _doc(kind: str, entry) -> str | None:
    if kind == "nodes":
        return " ".join(entry.text.split())
    return getattr(entry, "description", None) or getattr(entry, "role", None) or None


def _own_id(lines: list[str], line: int) -> str | None:
    """The id of the entry the cursor is in: the nearest `- id:` line above, at most as indented."""
    here = len(lines[line]) - len(lines[line].lstrip()) if line < len(lines) else 1 << 30
    for row in reversed(lines[:line + 1]):
        found = _ID_LINE.match(row)
        if found is not None and len(found.group(1)) <= here:
            return found.group(2).strip().strip("'\"")
    return None
