"""argmap → AIF JSON, the format of ARG-tech's OVA and AIFdb (`argmap export --to aif`).

The map becomes an AIF graph in AIFdb's JSON layout: `nodes` (`nodeID`, `text`, `type`),
`edges` (`edgeID`, `fromID`, `toID`, `formEdgeID`), `locutions` and `participants`:

- every node → an I-node (information: the node's text);
- every support A → X → an RA-node ("Default Inference"): A → RA → X;
- every attack A → X → a CA-node ("Default Conflict"): A → CA → X. An `undercut` attacks the
  inference, so where X has supporters the CA points at each RA-node that concludes X (AIF's
  own undercut); where it has none, at X itself;
- every quote → an L-node (the locution: `Speaker : quoted words`) linked to its I-node through
  a YA-node ("Asserting"); the speaker (the node's first `by`, or else the source's first
  author) is a participant, and `locutions` ties the L-node to them.

A map imported from AIF keeps the file's dialogue layer in its `dialogue:` section; it is
written back with its own nodeIDs (see `argmap.interchange.aif_dialogue`), and only relations
that no kept RA/CA node stands for get new ones.

AIF has no place for argmap's node types, sides, themes, patterns, part_of, weights, attack
kinds, strengths, scopes or ids. They
travel in an extra `argmap` key on the nodes that carry them and on the top level (the map,
sides, actors, themes, patterns, sources), so that `argmap import --from aif` restores the map
exactly. AIF readers read nodes and edges by name and leave unknown keys alone (OVA's own files
carry many: `scheme`, `descriptors`, `majorClaim`...).
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..core import ArgumentMap
from ..model import AttackKind, AttackScope, AttackStrength

__all__ = ["FORMAT", "EXT", "RA_DEFAULT", "CA_DEFAULT", "MA_DEFAULT", "YA_ASSERTING", "to_aif_data", "to_aif"]

FORMAT = "argmap-aif/1"
EXT = "argmap"
RA_DEFAULT = "Default Inference"
CA_DEFAULT = "Default Conflict"
MA_DEFAULT = "Default Rephrase"
YA_ASSERTING = "Asserting"


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _name_parts(name: str, kind: str) -> tuple[str, str]:
    if kind == "organisation" or " " not in name.strip():
        return name.strip(), ""
    first, _, last = name.strip().rpartition(" ")
    return first, last


def _dialogue_ids(dialogue) -> set[tuple[str, str]]:
    """("node", nodeID) and ("edge", edgeID) of every id an imported dialogue layer keeps."""
    if dialogue is None:
        return set()
    out = {("node", p.aif) for p in dialogue.propositions} | {("node", n.aif) for n in dialogue.nodes}
    return out | {("edge", e.aif) for e in dialogue.edges if e.aif}


def _more(entry) -> dict[str, Any]:
    """A kept dialogue node's keys besides nodeID, text and type, as the file gave them."""
    return {**({"timestamp": entry.at} if entry.at else {}), **({"scheme": entry.scheme} if entry.scheme else {}),
            **entry.extra}


def to_aif_data(argmap: ArgumentMap) -> dict[str, Any]:
    """The map as an AIF graph (a JSON-ready dict)."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []
    participants: dict[str, dict[str, Any]] = {}
    dialogue = argmap.dialogue
    taken = _dialogue_ids(dialogue)  # the imported file's own ids, kept, so new ones must differ
    counter = {"node": 0, "edge": 0}

    def fresh(kind: str) -> str:
        while True:
            counter[kind] += 1
            if (kind, str(counter[kind])) not in taken:
                return str(counter[kind])

    def node(text: str, kind: str, ext: dict[str, Any] | None = None, nid: str | None = None,
             more: dict[str, Any] | None = None) -> str:
        nid = nid or fresh("node")
        entry: dict[str, Any] = {"nodeID": nid, "text": text, "type": kind, **(more or {})}
        if ext:
            entry[EXT] = ext
        nodes.append(entry)
        return nid

    def edge(source: str, target: str, eid: str | None = None, more: dict[str, Any] | None = None) -> None:
        extra = {"formEdgeID": None, **(more or {})}
        edges.append({"edgeID": eid or fresh("edge"), "fromID": source, "toID": target, **extra})

    kept = {p.node: p for p in dialogue.propositions if p.node in argmap.nodes} if dialogue else {}
    i_node: dict[str, str] = {}
    for n in argmap.nodes.values():
        prop = kept.get(n.id)
        more = {**({"timestamp": prop.at} if prop.at else {}), **prop.extra} if prop else None
        i_node[n.id] = node(n.text, "I", _clean({
            "id": n.id, "type": n.type.value, "side": n.side, "title": n.title, "by": list(n.by),
            "themes": list(n.themes), "pattern": n.pattern, "note": n.note, "part_of": list(n.part_of),
            "weight": n.weight.value if n.weight else None,
        }), nid=prop.aif if prop else None, more=more)

    ra_into: dict[str, list[tuple[str, str]]] = {nid: [] for nid in argmap.nodes}  # target → (premise, RA)
    covered: set[tuple[str, str, str]] = set()  # ("s" or "a", source id, target id) written by a kept scheme node
    if dialogue is not None:
        from .aif_dialogue import scheme_nodes

        for entry in scheme_nodes(argmap, dialogue, covered, ra_into):
            node(entry.text, entry.type, nid=entry.aif, more=_more(entry))
    for n in argmap.nodes.values():
        for target in argmap.supported(n.id):
            if ("s", n.id, target) in covered:
                continue
            ra = node(RA_DEFAULT, "RA")
            edge(i_node[n.id], ra)
            edge(ra, i_node[target])
            ra_into[target].append((n.id, ra))
    for n in argmap.nodes.values():
        for attack in argmap.attacked(n.id):
            if ("a", n.id, attack.target) in covered:
                continue
            ext = _clean({"kind": None if attack.kind is AttackKind.REBUT else attack.kind.value,
                          "strength": None if attack.strength is AttackStrength.DECISIVE else attack.strength.value,
                          "scope": None if attack.scope is AttackScope.PACKAGE else attack.scope.value}) or None
            targets = [ra for premise, ra in ra_into[attack.target] if not attack.premises or premise in attack.premises] \
                if attack.kind is AttackKind.UNDERCUT else []
            for target in targets or [i_node[attack.target]]:
                ca = node(CA_DEFAULT, "CA", ext)
                edge(i_node[n.id], ca)
                edge(ca, target)

    if dialogue is not None:
        written = {n["nodeID"] for n in nodes}
        for entry in dialogue.nodes:
            if entry.type in ("L", "YA", "TA") and entry.aif not in written:
                node(entry.text, entry.type, nid=entry.aif, more=_more(entry))
        written = {n["nodeID"] for n in nodes}
        locutions += [loc for loc in dialogue.locutions if str(loc.get("nodeID")) in written]
        for e in dialogue.edges:
            if e.source in written and e.target in written:
                edge(e.source, e.target, eid=e.aif, more=e.extra)

    other_people = {str(p.get("participantID")) for p in dialogue.participants} if dialogue is not None else set()
    for n in argmap.nodes.values():
        for quote in n.quotes:
            source = argmap.sources.get(quote.source)
            speaker_id = n.by[0] if n.by else (source.authors[0] if source and source.authors else None)
            actor = argmap.actors.get(speaker_id) if speaker_id else None
            speaker = " ".join(actor.name.split()) if actor else ""
            text = f"{speaker} : {quote.text}" if speaker else quote.text
            loc = node(text, "L", _clean({"source": quote.source, "note": quote.note, "speaker": speaker}))
            ya = node(YA_ASSERTING, "YA")
            edge(loc, ya)
            edge(ya, i_node[n.id])
            if actor is not None:
                if actor.id not in participants:
                    first, last = _name_parts(speaker or actor.name, actor.kind)
                    pid = next(str(k) for k in range(len(participants) + 1, 10**9) if str(k) not in other_people)
                    other_people.add(pid)
                    participants[actor.id] = {"participantID": pid, "firstname": first,
                                              "surname": last, EXT: {"id": actor.id}}
                locutions.append({"nodeID": loc, "personID": participants[actor.id]["participantID"]})

    people = list(dialogue.participants) if dialogue is not None else []
    return {
        **(dialogue.extra if dialogue is not None else {}),
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": people + list(participants.values()),
        EXT: {
            "format": FORMAT,
            "generator": f"argmap {__version__}",
            "map": argmap.info.model_dump(mode="json", exclude_defaults=True),
            "sides": [s.model_dump(mode="json", exclude_defaults=True) for s in argmap.sides.values()],
            "actors": [a.model_dump(mode="json", exclude_defaults=True) for a in argmap.actors.values()],
            "themes": [t.model_dump(mode="json", exclude_defaults=True) for t in argmap.themes.values()],
            "patterns": [p.model_dump(mode="json", exclude_defaults=True) for p in argmap.patterns.values()],
            "sources": [s.model_dump(mode="json", exclude_defaults=True) for s in argmap.sources.values()],
        },
    }


def to_aif(argmap: ArgumentMap) -> str:
    """The map as AIF JSON text."""
    return json.dumps(to_aif_data(argmap), indent=2, ensure_ascii=False) + "\n"
