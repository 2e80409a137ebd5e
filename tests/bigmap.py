"""Large generated maps, for tests and benchmarks: `big_map(10_000)` builds a valid-shaped map
in code (no files, nothing to verify), deterministic for a given size.

Each recommendation heads a block of about `per_rec` nodes: claims and evidence in a support
tree of branching 3, objections on some of them, and rebuttals answering most objections.
"""

from __future__ import annotations

from argmap.core import ArgumentMap
from argmap.model import Actor, Attack, AttackKind, MapFile, MapInfo, Node, NodeType, Pattern, Quote, Side, Source, Theme

__all__ = ["big_document", "big_map"]

_WORDS = ("trade arctic sanctions dialogue security science fisheries energy climate culture "
          "parliament students rescue ice shipping visas pipeline wheat tourism hockey").split()


def _text(i: int, kind: str) -> str:
    words = " ".join(_WORDS[(i * 7 + k) % len(_WORDS)] for k in range(6))
    return f"{kind.capitalize()} {i}: on {words}, as the generated sources argue at some length."


def big_document(n_nodes: int = 10_000, per_rec: int = 50) -> MapFile:
    """A map document of `n_nodes` nodes (rounded to whole blocks of `per_rec`)."""
    sides = [Side(id="pro", label="Engage", colour="#0072b2"), Side(id="con", label="Restrain", colour="#d55e00")]
    themes = [Theme(id=w, label=w.capitalize()) for w in _WORDS[:8]]
    actors = [Actor(id=f"a{i}", name=f"Actor {i}") for i in range(20)]
    patterns = [Pattern(id=f"p{i}", label=f"Pattern {i}") for i in range(5)]
    sources = [Source(id=f"s{i}", title=f"Source {i}", file=f"sources/s{i}.txt") for i in range(10)]
    nodes: list[Node] = []
    count = 0

    def add(node_type: NodeType, side: str, **extra) -> str:
        nonlocal count
        ident = f"{node_type.value[:3]}-{count}"
        nodes.append(Node(
            id=ident, type=node_type, side=side, text=_text(count, node_type.value),
            by=[f"a{count % 20}"], themes=[themes[count % 8].id],
            quotes=[Quote(source=f"s{count % 10}", text=f"passage {count}")], **extra))
        count += 1
        return ident

    for _ in range(max(1, n_nodes // per_rec)):
        rec = add(NodeType.RECOMMENDATION, "pro")
        layer, budget = [rec], per_rec - 1
        while budget > 0:
            nxt = []
            for parent in layer:
                for _ in range(3):
                    if budget <= 0:
                        break
                    kind = budget % 5
                    if kind == 0:
                        obj = add(NodeType.OBJECTION, "con", pattern=f"p{(count // 7) % 5}",
                                  attacks=[Attack(target=parent, kind=AttackKind.REBUT)])
                        budget -= 1
                        if budget > 0 and count % 3:
                            add(NodeType.REBUTTAL, "pro", attacks=[Attack(target=obj)])
                            budget -= 1
                    else:
                        node_type = NodeType.EVIDENCE if kind == 1 else NodeType.CLAIM
                        nxt.append(add(node_type, "pro", supports=[parent]))
                        budget -= 1
            layer = nxt or layer
    info = MapInfo(id="big", title=f"Generated map of {len(nodes):,} nodes", question="Should we generate maps?")
    return MapFile(map=info, sides=sides, actors=actors, themes=themes, patterns=patterns, sources=sources, nodes=nodes)


def big_map(n_nodes: int = 10_000, per_rec: int = 50) -> ArgumentMap:
    """The generated map, resolved (no sources read, no quotes located)."""
    return ArgumentMap.from_document(big_document(n_nodes, per_rec))
