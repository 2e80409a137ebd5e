"""AIF JSON → argmap (`argmap import FILE --from aif`): AIFdb and OVA files, and argmap's own.

Reads AIFdb's JSON (`nodes`, `edges`, `locutions`, `participants`), also wrapped as OVA3 and
xAIF files wrap it (`{"AIF": {...}}`). What becomes what:

- **I-nodes** (information) become nodes; their ids are `aif-` and the nodeID (`aif-12`).
- **RA-nodes** (inference): each premise I-node `supports` each conclusion. A scheme other than
  "Default Inference" is kept in the premise's note.
- **CA-nodes** (conflict): each attacking I-node `attacks` the target. A CA aimed at an RA-node
  is an undercut of that inference's conclusion naming its premises (`premises`), so that it hits
  that inference only; one aimed at every inference to a conclusion is a plain undercut. A scheme other than "Default Conflict" becomes
  the attacker's objection pattern (or, if it is not an objection, a note).
- **MA-nodes** (rephrase): both nodes are kept and the rephrase is written in the rephrasing
  node's note. argmap has no rephrase relation, and counting a rephrase as support would
  make one reason look like two.
- **L-nodes** (locutions) linked to an I-node through a YA-node ("Asserting", ...) make the
  speaker an actor who holds (`by`) the node, and the locution's words (without the `Speaker :`
  prefix) go, verbatim and attributed, into the node's note. They are not made quotes: a quote
  is verified against a source document, and the file holds none. (Quoting a transcript made
  from these same words would be a check that cannot fail.) The imported nodes have no quotes,
  which `argmap validate` lists (AM501) as curation to do.
- Everything but the I-nodes — L, YA, TA, PA nodes and the RA/CA/MA nodes behind the relations —
  with every edge, the `locutions` and the `participants`, is kept in the map's `dialogue:`
  section (nodeIDs, texts, timestamps, schemes, other keys), which `argmap export --to aif`
  writes back (see `argmap.interchange.aif_dialogue`); what argmap does not read as argument is
  counted in a warning. A YA other than "Asserting" (a question...) is noted on its node.
- Speakers: the locution's participant, or the L-node's prefix, IAT's `Name : words` or QT30's
  `Name: words` (a name of at most six capitalised words).
- Sides: AIF has none. `pro` and `con` are spread from the main conclusions (see
  `argmap.interchange.build`).

A file argmap wrote carries argmap's own ids, types, sides, themes, patterns, attack kinds and
map description in `argmap` keys; these are restored, so map → AIF → map keeps the map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Actor, AttackKind, AttackScope, AttackStrength, MapInfo, Pattern
from .aif import CA_DEFAULT, EXT, MA_DEFAULT, RA_DEFAULT
from .build import (Builder, Draft, ImportResult, apply_node_fields, clean_text, map_id_for, restore_vocabulary,
                    slug, text_field)
from .inputs import Where, fault, json_path, read_json

__all__ = ["import_aif"]
_KIND = "AIF JSON (an object with `nodes` and `edges`, as OVA and AIFdb write it)"
_TYPES = {"I", "L", "RA", "CA", "MA", "TA", "YA", "PA"}


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


class _Reader:
    """The checked content of an AIF file."""

    def __init__(self, where: Where, data: Any) -> None:
        self.where = where
        self.base: tuple = ()
        self.ext_root = data.get(EXT) if isinstance(data, dict) else None
        if isinstance(data, dict) and "nodes" not in data:
            for wrapper in ("AIF", "aif"):  # OVA3 and xAIF files: {"AIF": {...}, "OVA": ..., "text": ...}
                if isinstance(data.get(wrapper), dict):
                    self.base = (wrapper,)
                    data = data[wrapper]
                    break
        if not isinstance(data, dict):
            raise fault(where, None, f"is JSON, but its top level is {_type_name(data)}; expected {_KIND}")
        self.data = data
        if self.ext_root is None:
            self.ext_root = data.get(EXT)

    def path(self, *parts) -> str:
        return json_path(*self.base, *parts)

    def items(self, key: str, required: bool) -> list[dict[str, Any]]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise fault(self.where, self.path(key), f"is missing; expected {_KIND}")
            return []
        if not isinstance(value, list):
            raise fault(self.where, self.path(key), f"must be a list, not {_type_name(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise fault(self.where, self.path(key, i), f"must be an object, not {_type_name(item)}")
        return value

    def ident(self, item: dict, key: str, *place) -> str:
        value = item.get(key)
        if value is None:
            raise fault(self.where, self.path(*place, key), "is missing")
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise fault(self.where, self.path(*place, key), f"must be text or a whole number, not {_type_name(value)}")
        value = str(value).strip()
        if not value:
            raise fault(self.where, self.path(*place, key), "is empty")
        return value

    def text(self, item: dict, key: str, *place) -> str:
        value = item.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise fault(self.where, self.path(*place, key), f"must be text, not {_type_name(value)}")
        return value


@dataclass
class _Graph:
    """The nodes and edges of an AIF file, checked: by nodeID, their type, text, place, extras."""

    kinds: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    exts: dict[str, dict] = field(default_factory=dict)
    raw: dict[str, dict] = field(default_factory=dict)  # each node as the file gives it
    edges: list[dict] = field(default_factory=list)  # each edge as the file gives it, ends as text
    ins: dict[str, list[str]] = field(default_factory=dict)
    outs: dict[str, list[str]] = field(default_factory=dict)

    def into(self, nid: str, kind: str) -> list[str]:
        return [n for n in self.ins[nid] if self.kinds[n] == kind]

    def out_of(self, nid: str, kind: str) -> list[str]:
        return [n for n in self.outs[nid] if self.kinds[n] == kind]


def _read_graph(r: _Reader, builder: Builder) -> _Graph:
    g = _Graph()
    for i, item in enumerate(r.items("nodes", required=True)):
        nid = r.ident(item, "nodeID", "nodes", i)
        if nid in g.kinds:
            raise fault(r.where, r.path("nodes", i, "nodeID"), f"`{nid}` is also the nodeID of {g.places[nid]}; nodeIDs must be unique")
        kind = r.text(item, "type", "nodes", i).strip().upper()
        if not kind:
            raise fault(r.where, r.path("nodes", i, "type"), "is missing; an AIF node has a type (I, RA, CA, MA, L, YA, TA, PA)")
        g.kinds[nid], g.places[nid] = kind, r.path("nodes", i)
        g.texts[nid] = r.text(item, "text", "nodes", i)
        scheme = item.get("scheme")  # AIFdb: a scheme's name; OVA: a number, of no use here
        if kind in ("RA", "CA", "MA") and not g.texts[nid].strip() and isinstance(scheme, str) and not scheme.strip().isdigit():
            g.texts[nid] = scheme
        ext = item.get(EXT)
        if ext is not None and not isinstance(ext, dict):
            builder.warn(r.path("nodes", i, EXT), "is not an object; ignored")
            ext = None
        g.exts[nid] = ext or {}
        g.raw[nid] = item
        g.ins[nid], g.outs[nid] = [], []
    for i, item in enumerate(r.items("edges", required=True)):
        ends = []
        for key in ("fromID", "toID"):
            value = r.ident(item, key, "edges", i)
            if value not in g.kinds:
                raise fault(r.where, r.path("edges", i, key), f"no node has nodeID `{value}`",
                            hint="every edge joins two nodes listed under `nodes`")
            ends.append(value)
        g.outs[ends[0]].append(ends[1])
        g.edges.append({**item, "fromID": ends[0], "toID": ends[1]})
        g.ins[ends[1]].append(ends[0])
    return g


def import_aif(path: Path) -> ImportResult:
    """Read an AIF JSON file into a map (see the module docstring)."""
    where = Where(path)
    r = _Reader(where, read_json(where, _KIND))
    builder = Builder(where, "aif-")
    g = _read_graph(r, builder)
    info, sides, actors, themes, patterns = restore_vocabulary(builder, r.ext_root if isinstance(r.ext_root, dict) else {}, EXT)
    speakers = _speakers(r, r.items("locutions", required=False), r.items("participants", required=False),
                         g, actors, {a.id for a in actors})
    for nid, kind in g.kinds.items():
        if kind == "I":
            draft = builder.add(Draft(key=nid, text=g.texts[nid], place=g.places[nid]))
            if g.exts[nid]:
                _apply_ext(builder, draft, g.exts[nid])
    if not builder.drafts:
        raise fault(where, r.path("nodes"), "holds no I-nodes (propositions); there is nothing to import")
    _relate(builder, g, speakers, patterns)

    if info is None:
        info = MapInfo(id=map_id_for(where), title=f"{where.path.stem} (imported from AIF)",
                       question=f"What does {where.path.name} argue?",
                       summary=f"Imported from the AIF file {where.path.name} by argmap.")
    doc = builder.build(info, sides=sides, actors=actors, themes=themes, patterns=patterns)
    keys = [nid for nid, kind in g.kinds.items() if kind == "I"]
    ids = {key: node.id for key, node in zip(keys, doc.nodes)}  # the builder keeps the drafts' order
    dialogue = _dialogue(r, g, ids, speakers, {a.id for a in doc.actors})
    if dialogue is not None:
        doc = doc.model_copy(update={"dialogue": dialogue})
    return ImportResult(doc, builder.warnings)


def _relate(builder: Builder, g: _Graph, speakers: dict[str, tuple[str, str]], patterns: list[Pattern]) -> None:
    """The S-nodes (RA, CA, MA) and the locutions, as relations, notes, patterns and quotes."""
    drafts = builder.drafts
    skipped: dict[str, int] = {}
    undercuts: dict[tuple[str, str], dict] = {}  # (attacker, conclusion) → premises hit, and the CA's extras
    for nid, kind in g.kinds.items():
        scheme = g.texts[nid].strip()
        if kind == "RA":
            premises, conclusions = g.into(nid, "I"), g.out_of(nid, "I")
            if not premises or not conclusions:
                builder.warn(g.places[nid], f"RA node `{nid}` does not lead from an I-node to an I-node; it is left out")
                continue
            for p in premises:
                for c in conclusions:
                    builder.support(p, c)
                    if scheme and scheme not in (RA_DEFAULT, "RA"):
                        drafts[p].notes.append(f"Supports AIF node {c} by the scheme «{scheme}» (AIF RA node {nid}).")
        elif kind == "CA":
            stated = g.exts[nid].get("kind")
            on_node = AttackKind(stated) if stated in ("rebut", "undermine", "undercut") else AttackKind.REBUT
            targets = [(t, on_node) for t in g.out_of(nid, "I")]
            inferences = [(ra, c) for ra in g.out_of(nid, "RA") for c in g.out_of(ra, "I")]
            attackers = g.into(nid, "I")
            if not attackers or not (targets or inferences):
                builder.warn(g.places[nid], f"CA node `{nid}` does not lead from an I-node to an I- or RA-node; it is left out")
                continue
            extra = _attack_extra(builder, g, nid)
            for a in attackers:
                for t, attack_kind in targets:
                    builder.attack(a, t, attack_kind, **extra)
                for ra, c in inferences:  # an undercut of this inference: one attack per conclusion, premises gathered
                    if (a, c) not in undercuts:
                        builder.attack(a, c, AttackKind.UNDERCUT, **extra)
                    entry = undercuts.setdefault((a, c), {"premises": []})
                    entry["premises"] += [p for p in g.into(ra, "I") if p not in entry["premises"]]
                if scheme and scheme not in (CA_DEFAULT, "CA") and drafts[a].pattern is None:
                    pattern_id = slug(scheme, "conflict")
                    if pattern_id not in {p.id for p in patterns}:
                        patterns.append(Pattern(id=pattern_id, label=scheme, description="A conflict scheme of the AIF file."))
                    drafts[a].pattern = pattern_id
        elif kind == "MA":
            rephrasing, rephrased = g.into(nid, "I"), g.out_of(nid, "I")
            if not rephrasing or not rephrased:
                builder.warn(g.places[nid], f"MA node `{nid}` does not lead from an I-node to an I-node; it is left out")
                continue
            for a in rephrasing:
                for b in rephrased:
                    drafts[a].notes.append(f"Rephrases AIF node {b} (AIF MA node {nid}, «{scheme or MA_DEFAULT}»).")
        elif kind == "YA":
            said, meant = g.into(nid, "L"), g.out_of(nid, "I")
            if not said or not meant:
                skipped["YA"] = skipped.get("YA", 0) + 1
                continue
            for loc in said:
                for target in meant:
                    _said(drafts[target], loc, g.texts[loc], speakers.get(loc), g.exts[loc], bool(g.exts[target]))
            if scheme and scheme not in ("Asserting", "YA") and not g.exts[nid]:
                for target in meant:  # a question, a challenge...: the node is not simply asserted
                    drafts[target].notes.append(f"In the dialogue: «{scheme}» (AIF YA node {nid}).")
        elif kind in ("TA", "PA"):
            skipped[kind] = skipped.get(kind, 0) + 1
        elif kind not in _TYPES:
            builder.warn(g.places[nid], f"node `{nid}` has type `{kind}`, which AIF does not define; it is left out")
    for (a, c), entry in undercuts.items():
        # every premise of the conclusion's inferences hit: an undercut of all of them (argmap's default)
        every = {p for ra in g.into(c, "RA") for p in g.into(ra, "I")}
        if not set(entry["premises"]) >= every:
            builder.attack_premises(a, c, entry["premises"])
    unsaid = sum(1 for nid, kind in g.kinds.items() if kind == "L" and not any(g.out_of(ya, "I") for ya in g.out_of(nid, "YA")))
    if unsaid:
        skipped["L"] = unsaid
    if skipped:
        counts = ", ".join(f"{n} {k}-node{'s' if n != 1 else ''}" for k, n in sorted(skipped.items()))
        builder.warn(None, f"{counts} {'are' if sum(skipped.values()) != 1 else 'is'} dialogue structure argmap does not read "
                           "as argument; kept in the map's `dialogue:` section, which `argmap export --to aif` writes back")


_NODE_KEYS = {"nodeID", "text", "type", "timestamp", "scheme", EXT}
_DIALOGUE_TYPES = {"L", "YA", "TA", "PA", "RA", "CA", "MA"}


def _dialogue(r: _Reader, g: _Graph, ids: dict[str, str], speakers: dict[str, tuple[str, str]], actors: set[str]):
    """The file's dialogue layer, kept for `argmap export --to aif`: every node that is not an I-node
    (locutions, illocutions, transitions, preferences, and the scheme nodes behind the relations), every
    edge, the locutions' and participants' entries, and the I-nodes' ids and timestamps. None for a
    file with nothing beyond I-nodes and the RA/CA nodes argmap itself writes."""
    from ..model import Dialogue, DialogueEdge, DialogueNode, Proposition

    def extra(item: dict, known: set[str]) -> dict:
        return {k: v for k, v in item.items() if k not in known}

    def text(value) -> str | None:
        return value if isinstance(value, str) else None

    propositions, nodes = [], []
    for nid, kind in g.kinds.items():
        item = g.raw[nid]
        if kind == "I":
            if nid in ids:
                propositions.append(Proposition(aif=nid, node=ids[nid], at=text(item.get("timestamp")),
                                                extra=extra(item, _NODE_KEYS)))
            continue
        if kind not in _DIALOGUE_TYPES:
            continue
        scheme = item.get("scheme")
        speaker = speakers.get(nid, (None,))[0] if kind == "L" else None
        nodes.append(DialogueNode(
            aif=nid, type=kind, text=clean_text(r.text(item, "text")),
            scheme=str(scheme) if isinstance(scheme, (str, int)) and not isinstance(scheme, bool) else None,
            at=text(item.get("timestamp")), speaker=speaker if speaker in actors else None,
            extra=extra(item, _NODE_KEYS)))
    if all(n.type in ("RA", "CA") and not n.extra and not n.at for n in nodes) and isinstance(r.ext_root, dict):
        return None  # argmap's own export: its RA and CA nodes say nothing the relations do not
    edges = [DialogueEdge(source=e["fromID"], target=e["toID"],
                          aif=str(e["edgeID"]) if isinstance(e.get("edgeID"), (str, int)) else None,
                          extra=extra(e, {"edgeID", "fromID", "toID"})) for e in g.edges]
    known = {"nodes", "edges", "locutions", "participants", EXT}
    return Dialogue(file=r.where.path.name, propositions=propositions, nodes=nodes, edges=edges,
                    locutions=r.items("locutions", required=False), participants=r.items("participants", required=False),
                    extra={k: v for k, v in r.data.items() if k not in known})


def _attack_extra(builder: Builder, g: _Graph, nid: str) -> dict:
    """The strength and scope argmap stated on a CA-node it wrote."""
    out = {}
    for key, enum in (("strength", AttackStrength), ("scope", AttackScope)):
        value = g.exts[nid].get(key)
        if value is None:
            continue
        try:
            out[key] = enum(value)
        except ValueError:
            builder.warn(g.places[nid], f"argmap {key} `{value}` is not one of {', '.join(e.value for e in enum)}; it is left out")
    return out


def _speakers(r: _Reader, locutions, participants, g: _Graph, actors: list[Actor], actor_ids: set[str]) -> dict[str, tuple[str, str]]:
    """L-node → (actor id, name as spoken), making actors of those who speak.

    The speaker is the locution's participant; without `participants`, or without a locution,
    the name before the L-node's `Speaker : ` prefix (IAT's convention) names them.
    """
    people: dict[str, tuple[str, dict]] = {}
    for i, p in enumerate(participants):
        pid = r.ident(p, "participantID", "participants", i)
        name = " ".join(x for x in (r.text(p, "firstname", "participants", i), r.text(p, "surname", "participants", i)) if x.strip())
        people[pid] = (" ".join(clean_text(name).split()), p.get(EXT) if isinstance(p.get(EXT), dict) else {})
    person_of: dict[str, str] = {}
    for i, loc in enumerate(locutions):
        node = r.ident(loc, "nodeID", "locutions", i)
        if node not in g.kinds:
            raise fault(r.where, r.path("locutions", i, "nodeID"), f"no node has nodeID `{node}`")
        if loc.get("personID") is not None:
            person_of[node] = r.ident(loc, "personID", "locutions", i)
    made: dict[tuple[str, str], str] = {}
    out: dict[str, tuple[str, str]] = {}
    for node, kind in g.kinds.items():
        if kind != "L":
            continue
        if g.exts[node]:  # written by argmap, which says what prefix it put
            stated = g.exts[node].get("speaker")
            prefix = stated if isinstance(stated, str) and stated else None
        else:
            prefix = _prefix(clean_text(g.texts[node]))
        person = person_of.get(node)
        if person is not None:
            name, ext = people.get(person, ("", {}))
            key, name = ("person", person), name or prefix or f"Participant {person}"
        elif prefix:
            key, name, ext = ("name", prefix), prefix, {}
        else:
            continue
        if key not in made:
            wanted = ext.get("id") if isinstance(ext.get("id"), str) else None
            if wanted and wanted in actor_ids:
                made[key] = wanted
            else:
                ident, n = slug(name, "participant"), 1
                base = ident
                while ident in actor_ids:
                    n += 1
                    ident = f"{base}-{n}"
                actors.append(Actor(id=ident, name=name))
                actor_ids.add(ident)
                made[key] = ident
        out[node] = (made[key], prefix or name)
    return out


_NAME = re.compile(r"^[^\W\d_][\w.'’-]*(?: [\w.'’()-]+){0,5}$")


_PARTICLES = {"de", "del", "della", "der", "den", "van", "von", "da", "di", "du", "la", "le", "al", "el", "bin", "ibn", "of", "y"}


def _is_name(head: str) -> bool:
    """Whether `head` reads as a person's name: capitalised words (particles aside), at most six."""
    words = head.split(" ")
    return bool(_NAME.match(head)) and words[0][:1].isupper() and all(
        w[:1].isupper() or w.lower() in _PARTICLES or w[:1] == "(" for w in words)


def _prefix(text: str) -> str | None:
    """The speaker's name in a locution: `Name : words` (IAT's convention, and argmap's) or
    `Name: words` (QT30's and DialAM's), where the name is at most six words and starts with a letter."""
    for sep in (" : ", ": "):
        head, found, _ = text.partition(sep)
        head = head.strip()
        if found and 0 < len(head) <= 80 and "\n" not in head and (sep == " : " or _is_name(head)):
            return head
    return None


def _apply_ext(builder: Builder, draft: Draft, ext: dict) -> None:
    """What argmap itself stored on an I-node: its id and title, and the shared node fields."""
    draft.id_hint = text_field(ext, "id")
    draft.title = text_field(ext, "title")
    apply_node_fields(builder, draft, ext)


def _utterance(text: str, speaker_name: str | None) -> str:
    """A locution's words without the `Speaker : ` or `Speaker: ` prefix."""
    for sep in (" : ", ": "):
        if speaker_name and text.startswith(f"{speaker_name}{sep}"):
            return text[len(speaker_name) + len(sep):]
    prefix = _prefix(text)
    if prefix:
        rest = text[len(prefix):].lstrip()
        return rest[1:].lstrip() if rest.startswith(":") else text
    return text


def _said(draft: Draft, loc: str, raw_text: str, speaker: tuple[str, str] | None, loc_ext: dict, by_stated: bool) -> None:
    """The locution `loc` said the proposition `draft`: its speaker holds it, and its words are
    written, verbatim and attributed, into the node's note."""
    if speaker is not None and not by_stated and speaker[0] not in draft.by:
        draft.by.append(speaker[0])
    text = clean_text(raw_text)
    if loc_ext:  # written by argmap, which says what prefix it put
        prefix = loc_ext.get("speaker")
        said = f"{prefix} : " if isinstance(prefix, str) and prefix else ""
        words = text[len(said):] if said and text.startswith(said) else text
    else:
        words = _utterance(text, speaker[1] if speaker else None).strip()
    if not words.strip(" .[]…\n"):
        return  # no words to keep
    who = speaker[1] if speaker else "someone"
    note = f"Said by {who} (AIF locution {loc}): «{words}»"
    if isinstance(loc_ext.get("source"), str):
        note += f"; in the exported map this was a quote of source `{loc_ext['source']}`"
    if isinstance(loc_ext.get("note"), str) and loc_ext["note"]:
        note += f" ({loc_ext['note']})"
    draft.notes.append(note)

