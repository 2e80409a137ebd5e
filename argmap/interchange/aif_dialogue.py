"""The scheme nodes of an imported AIF file's dialogue layer, written back where the map still holds them.

An imported AIF file keeps its RA, CA, MA and PA nodes in the map's `dialogue:` section (see
`argmap.interchange.aif_import`). On export, each is written back, with its own nodeID, when the
map still holds what it says: every premise → conclusion support of an RA, every attack of a CA
(on a node, or an undercut of a kept RA's conclusion), both ends of an MA or PA. The relations a
kept node writes are marked covered, so that `argmap.interchange.aif` makes no second RA or CA
for them; relations added since the import get new nodes, and a scheme node whose relations were
curated away is left out.
"""

from __future__ import annotations

from ..core import ArgumentMap
from ..model import AttackKind, Dialogue, DialogueNode

__all__ = ["scheme_nodes", "left_out"]


def scheme_nodes(argmap: ArgumentMap, dialogue: Dialogue, covered: set[tuple[str, str, str]],
                 ra_into: dict[str, list[tuple[str, str]]]) -> list[DialogueNode]:
    """The kept RA, CA, MA and PA nodes the map still bears out; marks what they cover."""
    node_of = {p.aif: p.node for p in dialogue.propositions if p.node in argmap.nodes}
    ins: dict[str, list[str]] = {}
    outs: dict[str, list[str]] = {}
    for e in dialogue.edges:
        outs.setdefault(e.source, []).append(e.target)
        ins.setdefault(e.target, []).append(e.source)
    schemes = {n.aif: n for n in dialogue.nodes if n.type in ("RA", "CA", "MA", "PA")}
    out: list[DialogueNode] = []
    kept_ra: dict[str, list[str]] = {}  # RA nodeID → the conclusions (node ids) it leads to

    def ends(nid: str, table: dict[str, list[str]]) -> tuple[list[str], bool]:
        """The map nodes among `nid`'s neighbours, and whether every I-node neighbour is still there."""
        found = [node_of[x] for x in table.get(nid, []) if x in node_of]
        lost = any(x not in node_of and x not in schemes and x not in {n.aif for n in dialogue.nodes} for x in table.get(nid, []))
        return found, not lost

    for nid, entry in schemes.items():
        if entry.type != "RA":
            continue
        premises, whole_in = ends(nid, ins)
        conclusions, whole_out = ends(nid, outs)
        pairs = [(p, c) for p in premises for c in conclusions]
        if pairs and whole_in and whole_out and all(c in argmap.nodes[p].supports for p, c in pairs):
            out.append(entry)
            kept_ra[nid] = conclusions
            for p, c in pairs:
                covered.add(("s", p, c))
                ra_into[c].append((p, nid))
    for nid, entry in schemes.items():
        if entry.type == "RA":
            continue
        sources, whole_in = ends(nid, ins)
        targets, whole_out = ends(nid, outs)
        if entry.type == "CA":
            attacks = {(a.target, a.kind) for s in sources for a in argmap.attacked(s)}
            aimed = [(t, None) for t in targets] + [(c, AttackKind.UNDERCUT) for ra in outs.get(nid, []) if ra in kept_ra
                                                     for c in kept_ra[ra]]
            lost = [x for x in outs.get(nid, []) if x in schemes and schemes[x].type == "RA" and x not in kept_ra]
            ok = sources and aimed and whole_in and whole_out and not lost and all(
                any(t == target and (kind is None or k is kind) for s in sources for a in argmap.attacked(s)
                    for target, k in [(a.target, a.kind)]) for t, kind in aimed)
            if ok and attacks:
                out.append(entry)
                for s in sources:
                    for t, _ in aimed:
                        covered.add(("a", s, t))
        elif sources and targets and whole_in and whole_out:  # MA, PA: no relation of argmap's, both ends still there
            out.append(entry)
    return out


def left_out(argmap: ArgumentMap) -> list[str]:
    """What `argmap export --to aif` cannot write back of the map's dialogue layer, as warnings:
    scheme nodes whose relations were curated away, and the edges that touched them or a node
    no longer in the map."""
    dialogue = argmap.dialogue
    if dialogue is None:
        return []
    ra_into: dict[str, list[tuple[str, str]]] = {nid: [] for nid in argmap.nodes}
    kept = {n.aif for n in scheme_nodes(argmap, dialogue, set(), ra_into)}
    written = {p.aif for p in dialogue.propositions if p.node in argmap.nodes} | kept
    written |= {n.aif for n in dialogue.nodes if n.type in ("L", "YA", "TA")}
    nodes: dict[str, int] = {}
    for n in dialogue.nodes:
        if n.aif not in written:
            nodes[n.type] = nodes.get(n.type, 0) + 1
    lost_nodes = sum(1 for p in dialogue.propositions if p.node not in argmap.nodes)
    edges = sum(1 for e in dialogue.edges if e.source not in written or e.target not in written)
    parts = [f"{n} {kind}-node{'s' if n != 1 else ''}" for kind, n in sorted(nodes.items())]
    if lost_nodes:
        parts.append(f"{lost_nodes} I-node{'s' if lost_nodes != 1 else ''} of nodes no longer in the map")
    if edges:
        parts.append(f"{edges} edge{'s' if edges != 1 else ''}")
    if not parts:
        return []
    return [f"the map's dialogue layer (from {dialogue.file or 'an AIF file'}) no longer bears out "
            f"{', '.join(parts)}; left out of the AIF (relations added since the import get new RA/CA nodes)"]
