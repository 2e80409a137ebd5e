"""The map as an outline: its top nodes, each node's children, groupings, and file positions.

What a browser of the map (the TUI, a future CLI `tree`) asks: which nodes stand at the top
of the argument (recommendations, then anything that relates to nothing), what hangs below a
node (its supports and attacks), how the nodes fall into groups by side, theme, source, actor
or objection pattern, and which entry a `file:line` belongs to.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Iterable

from .core import ArgumentMap
from .graph import Neighbour, neighbours
from .model import NodeType

__all__ = ["GROUPINGS", "Group", "top_nodes", "path_to", "children", "groups", "entry_at"]

# Ways to group the nodes, besides the argument tree itself.
GROUPINGS = ("side", "theme", "source", "actor", "pattern")


@dataclass(frozen=True)
class Group:
    """Nodes that share a side, theme, source, actor or pattern (`key` None: those with none)."""

    key: str | None
    label: str
    ids: tuple[str, ...]


def top_nodes(argmap: ArgumentMap) -> list[str]:
    """The roots of the argument tree: the recommendations (not those that are parts of a
    broader one: they hang below it), then every other node that
    supports and attacks nothing (a claim not yet attached, say), in map order; then, so that
    every node is somewhere below a root, the first node of each attack cycle left over."""
    recs = [n.id for n in argmap.nodes.values() if n.type is NodeType.RECOMMENDATION and not argmap.wholes(n.id)]
    loose = [
        n.id for n in argmap.nodes.values()
        if n.type is not NodeType.RECOMMENDATION and not argmap.supported(n.id) and not argmap.attacked(n.id)
    ]
    tops = recs + loose
    seen: set[str] = set()

    def reach(start: str) -> None:
        queue = deque([start])
        seen.add(start)
        while queue:
            for child in children(argmap, queue.popleft()):
                if child.id not in seen:
                    seen.add(child.id)
                    queue.append(child.id)

    for top in tops:
        reach(top)
    for node_id in argmap.nodes:
        if node_id not in seen:
            tops.append(node_id)
            reach(node_id)
    return tops


def path_to(argmap: ArgumentMap, node_id: str, tops: Iterable[str] | None = None) -> list[str]:
    """A shortest chain from a root of the argument tree (see `top_nodes`) down to `node_id`,
    both included: each node in it supports, attacks or is part of the one before."""
    roots = set(top_nodes(argmap) if tops is None else tops)
    parent: dict[str, str | None] = {node_id: None}
    queue = deque([node_id])
    while queue:
        here = queue.popleft()
        if here in roots:
            chain = [here]
            while parent[chain[-1]] is not None:
                chain.append(parent[chain[-1]])  # type: ignore[arg-type]
            return chain
        for up in neighbours(argmap, here, "up"):
            if up.id not in parent:
                parent[up.id] = here
                queue.append(up.id)
    return [node_id]


def children(argmap: ArgumentMap, node_id: str) -> list[Neighbour]:
    """What hangs below a node in the argument tree: its supporters, its attackers, and (for
    a recommendation) the narrower recommendations that are its parts."""
    return neighbours(argmap, node_id, "down")


def groups(argmap: ArgumentMap, by: str, ids: Iterable[str] | None = None) -> list[Group]:
    """The nodes (all, or those in `ids`) grouped by `by`, one of GROUPINGS.

    Groups follow the order of the map's own sections, and are left out when empty; a node
    with several themes, actors or sources is in each of their groups. Nodes with none come
    last, in a group whose key is None. Grouping by pattern groups the objections only.
    """
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by `{by}`; choose one of {', '.join(GROUPINGS)}")
    pool = list(argmap.nodes) if ids is None else [i for i in ids if i in argmap.nodes]
    nodes = [argmap.nodes[i] for i in pool]
    if by == "side":
        keys, labels = {n.id: [n.side] for n in nodes}, {k: s.label for k, s in argmap.sides.items()}
    elif by == "theme":
        keys, labels = {n.id: list(n.themes) for n in nodes}, {k: t.label for k, t in argmap.themes.items()}
    elif by == "actor":
        keys, labels = {n.id: list(n.by) for n in nodes}, {k: a.name for k, a in argmap.actors.items()}
    elif by == "source":
        keys = {n.id: list(dict.fromkeys(q.source for q in n.quotes)) for n in nodes}
        labels = {k: s.title for k, s in argmap.sources.items()}
    else:
        nodes = [n for n in nodes if n.type is NodeType.OBJECTION]
        keys = {n.id: [n.pattern] if n.pattern else [] for n in nodes}
        labels = {k: p.label for k, p in argmap.patterns.items()}
    members: dict[str | None, list[str]] = {k: [] for k in labels}
    for node in nodes:
        for key in keys[node.id] or [None]:
            members.setdefault(key, []).append(node.id)
    none = members.pop(None, [])
    found = [Group(k, labels.get(k, k), tuple(v)) for k, v in members.items() if v]
    if none:
        found.append(Group(None, f"(no {by})", tuple(none)))
    return found


def entry_at(argmap: ArgumentMap, path: str, line: int | None) -> tuple[str, str] | None:
    """(section, id) of the entry written in file `path` (as problems name it) at `line`.

    The entry is the last one that starts at or above the line; None when the line is before
    every entry of the file, or no entry of the map comes from that file. Without a line, the
    file's first node (else its first entry).
    """
    best: tuple[int, int, tuple[str, str]] | None = None
    for key, origin in argmap.origins.items():
        if origin.display != path:
            continue
        start = origin.line
        if start is None:
            continue
        if line is None:
            rank = (0 if key[0] == "nodes" else 1, start)
            if best is None or rank < best[:2]:
                best = (*rank, key)
        elif start <= line and (best is None or start > best[1]):
            best = (0, start, key)
    return best[2] if best else None
