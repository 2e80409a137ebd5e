"""Where each id is written in a map file: definitions and references, read from the YAML node tree.

Only the places the format gives to ids are indexed (an entry's `id`, a node's `side`, `by`,
`themes`, `pattern`, `supports`, `attacks`, `part_of`, a quote's `source`, a source's
`authors`), so an id mentioned in a note, a text or a comment is never taken for a reference.
Positions are 0-based lines and columns counted in characters (code points).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..yamlsafe import ParsedFile, compose_nodes

__all__ = ["Span", "Occurrence", "FileIndex", "index_file", "KIND_OF_KEY", "SECTION_NOUNS"]

# The section a reference under each key of a node points into.
KIND_OF_KEY = {
    "side": "sides",
    "by": "actors",
    "themes": "themes",
    "pattern": "patterns",
    "supports": "nodes",
    "attacks": "nodes",
    "part_of": "nodes",
    "source": "sources",
    "authors": "actors",
    "target": "nodes",
}
SECTION_NOUNS = {"sides": "side", "actors": "actor", "themes": "theme", "patterns": "pattern",
                 "sources": "source", "nodes": "node"}


@dataclass(frozen=True, order=True)
class Span:
    """[start, end) in a file: 0-based (line, column) pairs, columns in characters."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int

    def contains(self, line: int, col: int) -> bool:
        return (self.start_line, self.start_col) <= (line, col) <= (self.end_line, self.end_col)


@dataclass(frozen=True)
class Occurrence:
    """An id written in a file: `kind` is its section (`nodes`, `sources`, ...)."""

    kind: str
    ident: str
    span: Span
    definition: bool
    path: tuple  # the data path of the scalar, e.g. ("nodes", 3, "supports", 0)


@dataclass
class FileIndex:
    """Every id occurrence of one file, each quote's text, and each entry's extent."""

    occurrences: list[Occurrence] = field(default_factory=list)
    quotes: list[tuple[Span, str, int]] = field(default_factory=list)  # each quote's text: (span, node id, index)
    entries: list[tuple[str, str, Span, int]] = field(default_factory=list)  # (section, id, extent, index)

    def at(self, line: int, col: int) -> Occurrence | None:
        """The occurrence under a cursor (its end counts, as an editor's cursor sits after a word)."""
        for occ in self.occurrences:
            if occ.span.contains(line, col):
                return occ
        return None

    def quote_at(self, line: int, col: int) -> tuple[Span, str, int] | None:
        """The quote text (span, node id, quote index) under a cursor, if any."""
        for quote in self.quotes:
            if quote[0].contains(line, col):
                return quote
        return None

    def entry_at(self, line: int) -> tuple[str, str, Span, int] | None:
        """The entry (section, id, extent, index) whose lines hold `line`."""
        for entry in self.entries:
            span = entry[2]
            if span.start_line <= line < max(span.end_line, span.start_line + 1):
                return entry
        return None

    def of(self, kind: str, ident: str) -> list[Occurrence]:
        return [o for o in self.occurrences if o.kind == kind and o.ident == ident]


def _span(node: Node, lines: list[str] | None = None) -> Span:
    """The span of a scalar's value: without its quotes when quoted; for a block (`>-`, `|`),
    its lines of text, from the first one's indentation to the end of the last."""
    start, end = node.start_mark, node.end_mark
    style = getattr(node, "style", None)
    if style in ("'", '"') and start.line == end.line:
        return Span(start.line, start.column + 1, end.line, end.column - 1)
    if style in (">", "|") and lines is not None and end.line > start.line:
        last = min(end.line, len(lines)) - 1
        while last > start.line and not lines[last].strip():
            last -= 1
        if last > start.line:
            first = lines[start.line + 1]
            return Span(start.line + 1, len(first) - len(first.lstrip()), last, len(lines[last].rstrip("\r\n")))
    return Span(start.line, start.column, end.line, end.column)


def index_file(pf: ParsedFile) -> FileIndex:
    """Index a parsed file that the strict reader accepted (an empty index otherwise). The
    file's own positions are compact starts; the index needs each value's extent, so the text
    is composed again into PyYAML's node tree (see `yamlsafe.compose_nodes`)."""
    out = FileIndex()
    if pf.root is None or pf.data is None or not pf.text:
        return out
    try:
        root = compose_nodes(pf.text)
    except (yaml.YAMLError, RecursionError):  # pragma: no cover - the text was accepted before
        return out
    if not isinstance(root, MappingNode):
        return out
    lines = pf.text.splitlines()
    for key, value in root.value:
        if not isinstance(key, ScalarNode) or not isinstance(value, SequenceNode):
            continue
        section = key.value
        if section not in SECTION_NOUNS:
            continue
        for i, entry in enumerate(value.value):
            if isinstance(entry, MappingNode):
                _entry(section, i, entry, out, lines)
    return out


def _entry(section: str, index: int, entry: MappingNode, out: FileIndex, lines: list[str]) -> None:
    where = (section, index)
    ident = None
    quotes: list[tuple[Span, int]] = []
    for key, value in entry.value:
        if not isinstance(key, ScalarNode):
            continue
        name = key.value
        if name == "id" and isinstance(value, ScalarNode):
            ident = value.value
            out.occurrences.append(Occurrence(section, value.value, _span(value), True, where + ("id",)))
        elif section == "nodes" and name in ("side", "pattern", "by", "themes", "supports", "part_of", "attacks"):
            _refs(KIND_OF_KEY[name], value, where + (name,), out, name == "attacks")
        elif section == "nodes" and name == "quotes" and isinstance(value, SequenceNode):
            for qi, quote in enumerate(value.value):
                if isinstance(quote, MappingNode):
                    for qk, qv in quote.value:
                        if isinstance(qk, ScalarNode) and qk.value == "source":
                            _refs("sources", qv, where + ("quotes", qi, "source"), out, False)
                        elif isinstance(qk, ScalarNode) and qk.value == "text" and isinstance(qv, ScalarNode):
                            quotes.append((_span(qv, lines), qi))
        elif section == "sources" and name == "authors":
            _refs("actors", value, where + (name,), out, False)
    end = entry.end_mark
    extent = Span(entry.start_mark.line, entry.start_mark.column, end.line, end.column)
    if ident is not None:
        out.entries.append((section, ident, extent, index))
        out.quotes.extend((span, ident, qi) for span, qi in quotes)


def _refs(kind: str, value: Node, path: tuple, out: FileIndex, attacks: bool) -> None:
    if isinstance(value, ScalarNode):
        if value.value and not value.tag.endswith((":null", ":bool")):
            out.occurrences.append(Occurrence(kind, value.value, _span(value), False, path))
    elif isinstance(value, SequenceNode):
        for i, item in enumerate(value.value):
            if isinstance(item, ScalarNode):
                out.occurrences.append(Occurrence(kind, item.value, _span(item), False, path + (i,)))
            elif attacks and isinstance(item, MappingNode):
                for k, v in item.value:
                    if isinstance(k, ScalarNode) and k.value == "target" and isinstance(v, ScalarNode):
                        out.occurrences.append(Occurrence(kind, v.value, _span(v), False, path + (i, "target")))
