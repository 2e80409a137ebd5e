"""Finding renamed nodes: an id removed and one added that are the same node.

Same type and text (whitespace aside) is a rename when one node on each side has it; when
several do, their relations decide. Failing that, the same relations and a similar text. Ids
in relations are mapped through the renames found so far, in rounds, so that two renamed
neighbours recognise each other.
"""

from __future__ import annotations

from ..core import ArgumentMap
from .relations import outgoing
from .words import similarity

__all__ = ["find_renames"]

# Enough for every rename a curator makes by hand; beyond it, leftover pairs are not compared.
_FUZZY_PAIRS = 40_000
_SIMILAR = 0.5  # a reworded text keeps at least half its words in order


def find_renames(old: ArgumentMap, new: ArgumentMap, removed: list[str], added: list[str]) -> dict[str, str]:
    """Old id → new id for nodes that only changed their id: same type and text (or, failing
    that, the same relations and a similar text). Ambiguous matches are left alone."""
    if not removed or not added:
        return {}
    renames: dict[str, str] = {}
    by_text: dict[tuple, list[str]] = {}
    for ident in added:
        node = new.nodes[ident]
        by_text.setdefault((node.type, " ".join(node.text.split())), []).append(ident)
    removed_by_text: dict[tuple, list[str]] = {}
    for ident in removed:
        node = old.nodes[ident]
        removed_by_text.setdefault((node.type, " ".join(node.text.split())), []).append(ident)
    ambiguous: list[tuple[list[str], list[str]]] = []
    for key, olds in removed_by_text.items():
        news = by_text.get(key)
        if not news:
            continue
        if len(olds) == 1 and len(news) == 1:
            renames[olds[0]] = news[0]
        else:
            ambiguous.append((olds, news))
    new_signatures: dict[str, tuple[frozenset, frozenset]] = {}  # the new side's never depend on renames

    def new_signature(ident: str) -> tuple[frozenset, frozenset]:
        if ident not in new_signatures:
            new_signatures[ident] = _signature(new, ident, None)
        return new_signatures[ident]

    for _ in range(3):  # relations name other nodes, which may be renamed too: settle in rounds
        found = False
        taken = set(renames.values())
        for olds, news in ambiguous:
            if len(olds) * len(news) > _FUZZY_PAIRS:
                continue  # a crowd of nodes with one text: too many to tell apart, none is a rename
            for o in olds:
                if o in renames:
                    continue
                sig = _signature(old, o, renames)
                matches = [n for n in news if n not in taken and new_signature(n) == sig]
                if len(matches) == 1:
                    renames[o] = matches[0]
                    taken.add(matches[0])
                    found = True
        left_old = [o for o in removed if o not in renames]
        left_new = [n for n in added if n not in taken]
        if left_old and left_new and len(left_old) * len(left_new) <= _FUZZY_PAIRS:
            for o in left_old:
                sig = _signature(old, o, renames)
                if not sig[0] and not sig[1]:
                    continue  # no relations to recognise it by
                node = old.nodes[o]
                matches = [n for n in left_new if n not in taken and new.nodes[n].type is node.type and new_signature(n) == sig
                           and similarity(node.text, new.nodes[n].text) >= _SIMILAR]
                if len(matches) == 1:
                    renames[o] = matches[0]
                    taken.add(matches[0])
                    found = True
        if not found:
            break
    return renames


def _signature(argmap: ArgumentMap, ident: str, renames: dict[str, str] | None) -> tuple[frozenset, frozenset]:
    """A node's relations, outgoing and incoming, without its own id (old ids mapped to new)."""
    r = renames or {}
    node = argmap.nodes[ident]
    out = frozenset((r.get(rel.target, rel.target), rel.family, rel.kind) for rel in outgoing(node).values())
    incoming = {(r.get(s, s), "support", "support") for s in argmap.supporters(ident)}
    incoming |= {(r.get(s, s), "attack", kind.value) for s, kind in argmap.attackers(ident)}
    incoming |= {(r.get(s, s), "part", "part") for s in argmap.parts(ident)}
    return out, frozenset(incoming)
