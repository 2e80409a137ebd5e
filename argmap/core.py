"""The resolved argument map: every entry by id, where it was written, and its relations.

This is what the renderer, the TUI, the briefing and the interchange formats ask. It is built
by `argmap.loader.load_map`, which also validates it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .model import Actor, Attack, AttackKind, MapFile, MapInfo, Node, NodeType, Pattern, Side, Source, Theme
from .problems import Problem
from .sources import SourceText
from .yamlsafe import ParsedFile

__all__ = ["Origin", "QuoteSpan", "ArgumentMap", "LoadResult"]


@dataclass
class Origin:
    """Where an entry was written: a file and the path to the entry inside it.

    Once the map is loaded its files' node trees are released (see `ParsedFile.release`);
    the entry's own position is pinned first, and a path inside the entry then falls back to
    it, as any path that cannot be followed falls back to its nearest parent.
    """

    file: ParsedFile
    path: tuple
    _pinned: tuple[int | None, int | None] | None = field(default=None, repr=False, compare=False)

    @property
    def display(self) -> str:
        return self.file.display

    def pin(self) -> None:
        """Take the entry's position now, while the file's node tree is still there (once)."""
        if self._pinned is None:
            self._pinned = self.file.locate(self.path)

    def locate(self, *sub, key: bool = False) -> tuple[int | None, int | None]:
        if self.file.root is None and self._pinned is not None:
            return self._pinned
        return self.file.locate(self.path + sub, key=key)

    @property
    def line(self) -> int | None:
        return self.locate()[0]

    def problem(self, code: str, message: str, *sub, key: bool = False, hint: str | None = None, severity=None) -> Problem:
        return self.file.problem(code, message, self.path + sub, key=key, hint=hint, severity=severity)


@dataclass(frozen=True)
class QuoteSpan:
    """Where a node's quote was found: character offsets [start, end) in its source's file."""

    source: str
    start: int
    end: int
    line: int
    column: int
    spaceless: bool = False


@dataclass
class ArgumentMap:
    """A whole map, merged from its files and resolved."""

    info: MapInfo
    root: Path
    path: Path
    files: list[ParsedFile] = field(default_factory=list)
    sides: dict[str, Side] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    patterns: dict[str, Pattern] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    texts: dict[str, SourceText] = field(default_factory=dict)
    spans: dict[tuple[str, int], QuoteSpan] = field(default_factory=dict)
    _supporters: dict[str, list[str]] | None = field(default=None, repr=False)
    _attackers: dict[str, list[tuple[str, AttackKind]]] | None = field(default=None, repr=False)
    _parts: dict[str, list[str]] | None = field(default=None, repr=False)

    # -- where things are ------------------------------------------------------------------
    def origin(self, section: str, ident: str) -> Origin | None:
        """Where the entry `ident` of `section` ("nodes", "sources", ...) was written."""
        return self.origins.get((section, ident))

    def where(self, section: str, ident: str) -> str:
        """`file:line` of an entry, for messages and the TUI."""
        origin = self.origin(section, ident)
        if origin is None:
            return "?"
        line = origin.line
        return f"{origin.display}:{line}" if line else origin.display

    # -- relations -------------------------------------------------------------------------
    def _index(self) -> None:
        supporters: dict[str, list[str]] = {n: [] for n in self.nodes}
        attackers: dict[str, list[tuple[str, AttackKind]]] = {n: [] for n in self.nodes}
        parts: dict[str, list[str]] = {n: [] for n in self.nodes}
        for node in self.nodes.values():
            for target in node.supports:
                if target in supporters:
                    supporters[target].append(node.id)
            for attack in node.attack_list:
                if attack.target in attackers:
                    attackers[attack.target].append((node.id, attack.kind))
            for whole in node.part_of:
                if whole in parts:
                    parts[whole].append(node.id)
        self._supporters, self._attackers, self._parts = supporters, attackers, parts

    def supporters(self, ident: str) -> list[str]:
        """Ids of the nodes that support `ident`, in map order."""
        if self._supporters is None:
            self._index()
        return self._supporters.get(ident, [])  # type: ignore[union-attr]

    def attackers(self, ident: str) -> list[tuple[str, AttackKind]]:
        """(id, kind) of the nodes that attack `ident`, in map order."""
        if self._attackers is None:
            self._index()
        return self._attackers.get(ident, [])  # type: ignore[union-attr]

    def parts(self, ident: str) -> list[str]:
        """Ids of the recommendations that are steps or parts of `ident`, in map order."""
        if self._parts is None:
            self._index()
        return self._parts.get(ident, [])  # type: ignore[union-attr]

    def wholes(self, ident: str) -> list[str]:
        """Ids of the broader recommendations `ident` is part of (that exist)."""
        return [w for w in self.nodes[ident].part_of if w in self.nodes]

    def backed(self, ident: str) -> bool:
        """Whether `ident` has support of its own, or is part of something that has (through
        any number of `part_of` links): the rule every recommendation must meet."""
        seen: set[str] = set()
        stack = [ident]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            if self.supporters(current):
                return True
            stack.extend(self.wholes(current))
        return False

    def supported(self, ident: str) -> list[str]:
        """Ids of the nodes that `ident` supports (that exist)."""
        return [t for t in self.nodes[ident].supports if t in self.nodes]

    def attacked(self, ident: str) -> list[Attack]:
        """The attacks `ident` makes on nodes that exist."""
        return [a for a in self.nodes[ident].attack_list if a.target in self.nodes]

    def edges(self) -> Iterator[tuple[str, str, str]]:
        """Every argumentative relation as (from, to, kind): kind is `support` or an attack kind.

        `part_of` links are structure, not argument, and are not among them: see `part_edges`.
        """
        for node in self.nodes.values():
            for target in node.supports:
                if target in self.nodes:
                    yield node.id, target, "support"
            for attack in node.attack_list:
                if attack.target in self.nodes:
                    yield node.id, attack.target, attack.kind.value

    def part_edges(self) -> Iterator[tuple[str, str]]:
        """Every (part, whole) pair of recommendations."""
        for node in self.nodes.values():
            for whole in node.part_of:
                if whole in self.nodes:
                    yield node.id, whole

    def of_type(self, node_type: NodeType | str) -> list[Node]:
        node_type = NodeType(node_type)
        return [n for n in self.nodes.values() if n.type is node_type]

    # -- sources and quotes ----------------------------------------------------------------
    def quote_span(self, node_id: str, index: int) -> QuoteSpan | None:
        return self.spans.get((node_id, index))

    def citing(self, source_id: str) -> list[tuple[str, int]]:
        """(node id, quote index) of every quote from `source_id`, in map order."""
        return [(n.id, i) for n in self.nodes.values() for i, q in enumerate(n.quotes) if q.source == source_id]

    def source_file(self, source_id: str) -> Path:
        return self.root / self.sources[source_id].file

    # -- as a document ---------------------------------------------------------------------
    @classmethod
    def from_document(cls, doc: MapFile, root: Path | None = None, path: Path | None = None) -> "ArgumentMap":
        """A map built straight from a document, with no files behind it (nothing located).

        For maps made in code (tests, imports, generated benchmarks); `load_map` is the way to
        read a curated map, with its checks.
        """
        if doc.map is None:
            raise ValueError("a map needs its `map:` section")
        return cls(
            info=doc.map,
            root=root or Path("."),
            path=path or Path("."),
            sides={s.id: s for s in doc.sides},
            actors={a.id: a for a in doc.actors},
            themes={t.id: t for t in doc.themes},
            patterns={p.id: p for p in doc.patterns},
            sources={s.id: s for s in doc.sources},
            nodes={n.id: n for n in doc.nodes},
        )

    def to_document(self) -> MapFile:
        """The whole map as one map file (for writing out, or comparing)."""
        return MapFile(
            map=self.info,
            sides=list(self.sides.values()),
            actors=list(self.actors.values()),
            themes=list(self.themes.values()),
            patterns=list(self.patterns.values()),
            sources=list(self.sources.values()),
            nodes=list(self.nodes.values()),
        )


@dataclass
class LoadResult:
    """A loaded map (None when nothing usable was read) and every problem found."""

    map: ArgumentMap | None
    problems: list[Problem]
    files: list[ParsedFile] = field(default_factory=list)
    quotes_pending: bool = False  # loaded with verify_quotes=False; see loader.verify_quotes

    def texts(self) -> dict[str, str]:
        """Each file's display path → its text, for printing the lines problems point at."""
        return {f.display: f.text for f in self.files}

    @property
    def ok(self) -> bool:
        """True when the map loaded with no errors (warnings allowed)."""
        return self.map is not None and not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]
