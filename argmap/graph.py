"""Questions about a map's graph: neighbours, the subgraph around a node, and filters.

Directions follow the arguments: `up` goes from a node to what it supports or attacks, or is
part of (towards the recommendations), `down` from a node to what supports or attacks it, or
is part of it (towards the reasons, objections and steps), `both` goes either way.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Iterable, Literal

from .core import ArgumentMap
from .model import Node, NodeType

__all__ = ["Neighbour", "neighbours", "subgraph", "NodeFilter", "Direction"]

Direction = Literal["up", "down", "both"]


@dataclass(frozen=True)
class Neighbour:
    """A node related to another: its id, the relation, and which way the relation points."""

    id: str
    relation: str  # "support", "rebut", "undercut", "undermine", or "part" (a step of a broader recommendation)
    outgoing: bool  # True: the node relates to this neighbour; False: the neighbour to the node


def neighbours(argmap: ArgumentMap, node_id: str, direction: Direction = "both") -> list[Neighbour]:
    """The nodes one relation away from `node_id`, in map order, without repeats."""
    if node_id not in argmap.nodes:
        raise KeyError(node_id)
    found: list[Neighbour] = []
    if direction in ("up", "both"):
        node = argmap.nodes[node_id]
        found += [Neighbour(t, "support", True) for t in node.supports if t in argmap.nodes]
        found += [Neighbour(a.target, a.kind.value, True) for a in node.attack_list if a.target in argmap.nodes]
        found += [Neighbour(w, "part", True) for w in argmap.wholes(node_id)]
    if direction in ("down", "both"):
        found += [Neighbour(s, "support", False) for s in argmap.supporters(node_id)]
        found += [Neighbour(a, kind.value, False) for a, kind in argmap.attackers(node_id)]
        found += [Neighbour(p, "part", False) for p in argmap.parts(node_id)]
    return list(dict.fromkeys(found))


def subgraph(argmap: ArgumentMap, focus: str | Iterable[str], depth: int | None = 1, direction: Direction = "both") -> list[str]:
    """Ids of the nodes within `depth` relations of `focus` (None: no limit), in map order.

    The focus itself is always included. Breadth first, so each node is reached by its
    shortest path; a node reached at the depth limit is kept, its own neighbours are not.
    """
    starts = [focus] if isinstance(focus, str) else list(focus)
    for start in starts:
        if start not in argmap.nodes:
            raise KeyError(start)
    if depth is not None and depth < 0:
        raise ValueError("depth must be 0 or more")
    distance = {start: 0 for start in starts}
    queue = deque(starts)
    while queue:
        node = queue.popleft()
        if depth is not None and distance[node] >= depth:
            continue
        for neighbour in neighbours(argmap, node, direction):
            if neighbour.id not in distance:
                distance[neighbour.id] = distance[node] + 1
                queue.append(neighbour.id)
    return [n for n in argmap.nodes if n in distance]


@dataclass(frozen=True)
class NodeFilter:
    """Which nodes to keep. Within one criterion any value matches; all criteria must hold.

    An empty criterion does not filter. `source` keeps nodes quoting that source; `actor`
    keeps nodes held by that actor.
    """

    sides: frozenset[str] = field(default_factory=frozenset)
    types: frozenset[str] = field(default_factory=frozenset)
    themes: frozenset[str] = field(default_factory=frozenset)
    actors: frozenset[str] = field(default_factory=frozenset)
    sources: frozenset[str] = field(default_factory=frozenset)
    patterns: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *, side=(), type=(), theme=(), actor=(), source=(), pattern=()) -> "NodeFilter":  # noqa: A002
        def norm(values) -> frozenset[str]:
            if isinstance(values, str):
                values = (values,)
            return frozenset(v.value if isinstance(v, NodeType) else v for v in values if v)

        return cls(norm(side), norm(type), norm(theme), norm(actor), norm(source), norm(pattern))

    @property
    def empty(self) -> bool:
        return not (self.sides or self.types or self.themes or self.actors or self.sources or self.patterns)

    def matches(self, node: Node) -> bool:
        if self.sides and node.side not in self.sides:
            return False
        if self.types and node.type.value not in self.types:
            return False
        if self.themes and not self.themes.intersection(node.themes):
            return False
        if self.actors and not self.actors.intersection(node.by):
            return False
        if self.sources and not any(q.source in self.sources for q in node.quotes):
            return False
        if self.patterns and node.pattern not in self.patterns:
            return False
        return True

    def apply(self, argmap: ArgumentMap, ids: Iterable[str] | None = None) -> list[str]:
        """Ids of the matching nodes (among `ids`, default all), in map order."""
        pool = argmap.nodes if ids is None else set(ids)
        return [n.id for n in argmap.nodes.values() if n.id in pool and self.matches(n)]

    def unknown_values(self, argmap: ArgumentMap) -> list[str]:
        """Values that name nothing in the map (for a clear error rather than an empty result)."""
        problems = []
        for values, known, what in (
            (self.sides, argmap.sides, "side"),
            (self.types, {t.value for t in NodeType}, "type"),
            (self.themes, argmap.themes, "theme"),
            (self.actors, argmap.actors, "actor"),
            (self.sources, argmap.sources, "source"),
            (self.patterns, argmap.patterns, "pattern"),
        ):
            for value in sorted(values):
                if value not in known:
                    from .suggest import did_you_mean

                    hint = did_you_mean(value, known, 60) or "known: " + ", ".join(sorted(known)[:8]) + (
                        f" (and {len(known) - 8} more)" if len(known) > 8 else "")
                    problems.append(f"no {what} `{value}`: {hint}")
        return problems
