"""A node's relations as the diff sees them: by (source, target, family, repeat), ids mappable."""

from __future__ import annotations

from typing import Callable

from ..model import Node
from .model import Relation

__all__ = ["outgoing", "mapped"]


def outgoing(node: Node) -> dict[tuple, Relation]:
    """A node's relations by (source, target, family, n): n counts repeats of the same pair
    (two attacks on one node, say), so that none hides another."""
    rels: dict[tuple, Relation] = {}

    def put(rel: Relation) -> None:
        n = 0
        while (*rel.key, n) in rels:
            n += 1
        rels[(*rel.key, n)] = rel

    for target in node.supports:
        put(Relation(node.id, target, "support"))
    for attack in node.attack_list:
        put(Relation(node.id, attack.target, attack.kind.value, attack.strength.value, attack.scope.value))
    for whole in node.part_of:
        put(Relation(node.id, whole, "part"))
    return rels


def mapped(rel: Relation, m: Callable[[str], str]) -> Relation:
    """`rel` with its ends renamed by `m` (old id → new id)."""
    source, target = m(rel.source), m(rel.target)
    if source == rel.source and target == rel.target:
        return rel
    return Relation(source, target, rel.kind, rel.strength, rel.scope)
