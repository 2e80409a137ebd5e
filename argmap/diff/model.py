"""What changed between two versions of a map, as plain data: the `Diff` and its parts.

Nodes are named by id (the new id for a renamed node, with the old one kept beside it). Every
record is frozen and JSON-ready through `Diff.to_dict`; the formatters read nothing else.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = [
    "Segment", "FieldChange", "NodeRef", "Rename", "NodeChange", "Relation", "RelationChange",
    "QuoteRef", "QuoteChange", "EntryChange", "LabelChange", "VerdictChange", "Diff",
]


@dataclass(frozen=True)
class Segment:
    """A piece of a word-level diff: `=` kept, `-` removed, `+` added."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry, before and after. Text fields carry a word-level diff."""

    field: str
    old: Any
    new: Any
    words: tuple[Segment, ...] = ()

    @property
    def added(self) -> list:
        """For list fields (`by`, `themes`): the values that are new."""
        old = self.old or []
        return [v for v in (self.new or []) if v not in old]

    @property
    def removed(self) -> list:
        new = self.new or []
        return [v for v in (self.old or []) if v not in new]


@dataclass(frozen=True)
class NodeRef:
    """A node added or removed: enough to name it. `verdict` for a recommendation."""

    id: str
    type: str
    side: str
    label: str
    verdict: str | None = None


@dataclass(frozen=True)
class Rename:
    """A node whose id changed (found by its text and relations)."""

    old: str
    new: str
    type: str
    label: str


@dataclass(frozen=True)
class NodeChange:
    """A node in both versions whose own content changed (relations and quotes are apart)."""

    id: str
    old_id: str
    type: str
    label: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Relation:
    """A relation as the node making it states it: `kind` is support, part, or an attack kind."""

    source: str
    target: str
    kind: str
    strength: str | None = None  # attacks only
    scope: str | None = None  # attacks only

    @property
    def family(self) -> str:
        """support, part or attack: a relation is identified by (source, target, family)."""
        return self.kind if self.kind in ("support", "part") else "attack"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.family)

    @property
    def verb(self) -> str:
        if self.kind == "support":
            return "supports"
        if self.kind == "part":
            return "is part of"
        extra = [x for x in (self.strength if self.strength == "weak" else None,
                             "whole only" if self.scope == "whole" else None) if x]
        return {"rebut": "rebuts", "undercut": "undercuts", "undermine": "undermines"}[self.kind] + (
            f" ({', '.join(extra)})" if extra else "")


@dataclass(frozen=True)
class RelationChange:
    """An attack between the same two nodes whose kind, strength or scope changed."""

    old: Relation
    new: Relation


@dataclass(frozen=True)
class QuoteRef:
    """A quote of a node (in the version it belongs to)."""

    node: str
    source: str
    text: str


@dataclass(frozen=True)
class QuoteChange:
    """A quote of a node from the same source, reworded (or its note changed)."""

    node: str
    source: str
    old: str
    new: str
    words: tuple[Segment, ...] = ()
    note: FieldChange | None = None


@dataclass(frozen=True)
class EntryChange:
    """A source, side, actor, theme, pattern or the map's own description: added, removed or changed."""

    section: str  # "sources", "sides", "actors", "themes", "patterns", "map"
    id: str
    change: str  # "added", "removed", "changed"
    label: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class LabelChange:
    """A node (in both versions) whose evaluation label changed."""

    id: str
    old_id: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class VerdictChange:
    """A recommendation (in both versions) whose verdict changed, with the reason before and after."""

    id: str
    old_id: str
    label: str
    old: str
    new: str
    old_reason: str
    new_reason: str
    old_strength: float | None = None  # DF-QuAD graded strength, 0 to 1
    new_strength: float | None = None


@dataclass
class Diff:
    """Everything that changed from `old` to `new`, by node id, and what it changes in the answer."""

    old_name: str
    new_name: str
    title: str
    added: tuple[NodeRef, ...] = ()
    removed: tuple[NodeRef, ...] = ()
    renamed: tuple[Rename, ...] = ()
    changed: tuple[NodeChange, ...] = ()
    relations_added: tuple[Relation, ...] = ()
    relations_removed: tuple[Relation, ...] = ()
    relations_changed: tuple[RelationChange, ...] = ()
    quotes_added: tuple[QuoteRef, ...] = ()
    quotes_removed: tuple[QuoteRef, ...] = ()
    quotes_changed: tuple[QuoteChange, ...] = ()
    sources: tuple[EntryChange, ...] = ()
    definitions: tuple[EntryChange, ...] = ()  # the map's description, sides, actors, themes, patterns
    labels: tuple[LabelChange, ...] = ()
    verdicts: tuple[VerdictChange, ...] = ()
    evaluated: bool = True
    old_commit: str | None = None  # the commit each side was read from, when it came from git
    new_commit: str | None = None

    @property
    def empty(self) -> bool:
        """True when the two versions say the same thing."""
        return not any((self.added, self.removed, self.renamed, self.changed, self.relations_added,
                        self.relations_removed, self.relations_changed, self.quotes_added, self.quotes_removed,
                        self.quotes_changed, self.sources, self.definitions, self.labels, self.verdicts))

    def counts(self) -> dict[str, int]:
        return {
            "nodes_added": len(self.added), "nodes_removed": len(self.removed), "nodes_renamed": len(self.renamed),
            "nodes_changed": len(self.changed), "relations_added": len(self.relations_added),
            "relations_removed": len(self.relations_removed), "relations_changed": len(self.relations_changed),
            "quotes_added": len(self.quotes_added), "quotes_removed": len(self.quotes_removed),
            "quotes_changed": len(self.quotes_changed), "sources_changed": len(self.sources),
            "definitions_changed": len(self.definitions), "labels_changed": len(self.labels),
            "verdicts_changed": len(self.verdicts),
        }

    def to_dict(self) -> dict:
        """The diff as JSON-ready data (the `--format json` output)."""
        def rows(items) -> list:
            out = []
            for item in items:
                data = asdict(item)
                if isinstance(item, Relation):
                    data["verb"] = item.verb
                out.append(data)
            return out

        return {
            "old": self.old_name,
            "new": self.new_name,
            "old_commit": self.old_commit,
            "new_commit": self.new_commit,
            "title": self.title,
            "same": self.empty,
            "counts": self.counts(),
            "consequences": {"evaluated": self.evaluated, "verdicts": rows(self.verdicts), "labels": rows(self.labels)},
            "nodes": {"added": rows(self.added), "removed": rows(self.removed), "renamed": rows(self.renamed),
                      "changed": rows(self.changed)},
            "relations": {"added": rows(self.relations_added), "removed": rows(self.relations_removed),
                          "changed": [{"old": {**asdict(c.old), "verb": c.old.verb}, "new": {**asdict(c.new), "verb": c.new.verb}}
                                      for c in self.relations_changed]},
            "quotes": {"added": rows(self.quotes_added), "removed": rows(self.quotes_removed), "changed": rows(self.quotes_changed)},
            "sources": rows(self.sources),
            "definitions": rows(self.definitions),
        }
