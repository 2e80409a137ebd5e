"""Turning another tool's graph into a valid argmap map: ids, node types, sides, no support cycles.

Every importer reads its format into `Draft` nodes (text, relations by the format's own keys,
and whatever argmap facts the file carries) and hands them to a `Builder`, which makes the map
valid by construction:

- **Ids.** A draft's own argmap id is kept when it is a valid, unused id; otherwise the id is a
  prefix and the format's key made safe (`aif-12`, `k1.2.3`, `wind-power`), with `-2`, `-3`
  added on a clash.
- **Empty texts** become `(empty)`, with a note and a warning: the node and its relations are
  kept, since dropping it would cut its children off.
- **Relations** to unknown nodes or to the node itself are dropped with a warning; duplicates
  are dropped; from each cycle of support the support the file gives last (a Kialo link, a
  later RA-node) is dropped, with a warning and a note on its node (argmap maps may not argue
  in a circle; rings of attack are kept).
- **Types.** A type the file states (argmap's own, carried through AIF or Argdown) is kept when
  the map's rules allow it. Otherwise: a node that attacks nothing is a `claim`; one that attacks
  only objections is a `rebuttal`; one that attacks anything else is an `objection`. Decided
  from the attacked nodes outwards, so a con of a con of a claim is a rebuttal and a con of that
  an objection. In a ring of attacks the least-attacked node is taken as an objection and the
  rest worked out from it. Recommendations are never guessed.
- **Sides.** A side the file states is kept when the map defines it; otherwise sides are `pro`
  and `con`, spread from the main claims (nodes that support or attack nothing, `pro`): a
  supporter shares its target's side, an attacker takes the other.
- **Patterns** stay on objections only; elsewhere they move to the note.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from ..model import (ID_PATTERN, Actor, Attack, AttackKind, AttackScope, AttackStrength, MapFile, MapInfo, Node, NodeType,
                     Pattern, Side, Source, Theme, Weight)
from .inputs import Where

__all__ = ["PLACEHOLDER", "DEFAULT_SIDES", "Draft", "ImportResult", "Builder", "slug", "map_id_for", "clean_text",
           "restore_vocabulary", "text_field", "id_list", "apply_node_fields"]

PLACEHOLDER = "(empty)"
DEFAULT_SIDES = [
    Side(id="pro", label="Pro", colour="#0072b2", description="For the main claim."),
    Side(id="con", label="Con", colour="#d55e00", description="Against the main claim."),
]
_ID = re.compile(ID_PATTERN)
_TITLE_MAX = 120


def slug(text: str, fallback: str = "x") -> str:
    """A readable id made from any text: `Wind power!` → `wind-power`."""
    out = re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip().lower()).strip("-_.")
    out = out[:80].strip("-_.")
    return out if out and _ID.match(out) else fallback


def map_id_for(where: Where) -> str:
    """The map id for an imported file: its name without the extension, made an id."""
    return slug(where.path.stem, "imported")


def clean_text(text: str) -> str:
    """Text as a map can hold it: NUL and lone surrogates (which JSON escapes can produce, and
    which no UTF-8 file can hold) are removed; everything else is kept as the file gives it."""
    return "".join(ch for ch in text if ch != "\x00" and not 0xD800 <= ord(ch) <= 0xDFFF)


@dataclass
class Draft:
    """A node as read from another format, before it becomes an argmap node."""

    key: str
    text: str
    place: str | int | None = None
    id_hint: str | None = None  # the node's argmap id, as the file states it
    id_base: str | None = None  # else a readable base for a made-up id (default: prefix + key)
    type: NodeType | None = None
    side: str | None = None
    title: str | None = None
    by: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    pattern: str | None = None
    weight: Weight | None = None
    part_of: list[str] = field(default_factory=list)  # argmap ids of the wholes, as the file states them
    notes: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    attacks: list[tuple[str, AttackKind]] = field(default_factory=list)


@dataclass
class ImportResult:
    """An imported map and the warnings met on the way."""

    doc: MapFile
    warnings: list[str] = field(default_factory=list)


class Builder:
    """Collects drafts and builds a valid map from them (see the module docstring)."""

    def __init__(self, where: Where, prefix: str) -> None:
        self.where = where
        self.prefix = prefix
        self.drafts: dict[str, Draft] = {}
        self.warnings: list[str] = []
        self._order: dict[tuple[str, str], int] = {}  # (from key, to key) → when the file gave it
        self._places: dict[tuple[str, str], str | int] = {}
        self._attack_extra: dict[tuple[str, str], dict] = {}  # (from key, to key) → strength, scope

    def add(self, draft: Draft) -> Draft:
        if draft.key in self.drafts:
            raise ValueError(f"duplicate draft key {draft.key!r}")  # importers check their keys first
        self.drafts[draft.key] = draft
        return draft

    def support(self, source: str, target: str, place: str | int | None = None) -> None:
        """`source` supports `target` (draft keys), in the order the file gives relations;
        `place` is where the file gives it, when that is not where `source` is."""
        self.drafts[source].supports.append(target)
        self._order.setdefault((source, target), len(self._order))
        if place is not None:
            self._places.setdefault((source, target), place)

    def attack(self, source: str, target: str, kind: AttackKind = AttackKind.REBUT, *,
               strength: AttackStrength | None = None, scope: AttackScope | None = None,
               premises: list[str] | None = None) -> None:
        """`source` attacks `target` (draft keys); a strength or scope the file states is kept, and
        for an undercut the premises (draft keys) whose inference to the target it attacks."""
        self.drafts[source].attacks.append((target, kind))
        extra = {k: v for k, v in (("strength", strength), ("scope", scope), ("premises", premises)) if v}
        if extra:
            self._attack_extra.setdefault((source, target), extra)

    def attack_premises(self, source: str, target: str, premises: list[str]) -> None:
        """Name the premises (draft keys) whose inference to `target` the undercut `source` → `target` attacks."""
        if premises:
            self._attack_extra.setdefault((source, target), {})["premises"] = list(premises)

    def warn(self, place: str | int | None, message: str) -> None:
        self.warnings.append(f"{self.where.at(place)}: {message}")

    # -- the steps ---------------------------------------------------------------------------
    def build(self, info: MapInfo, *, sides: list[Side] | None = None, actors: list[Actor] = (),
              themes: list[Theme] = (), patterns: list[Pattern] = (), sources: list[Source] = ()) -> MapFile:
        drafts = list(self.drafts.values())
        ids = self._assign_ids(drafts)
        for d in drafts:
            self._clean(d, ids[d.key])
        supports, attacks = self._relations(drafts, ids)
        self._break_support_cycles(drafts, ids, supports)
        known_actors = {a.id for a in actors}
        known_themes = {t.id for t in themes}
        known_patterns = {p.id for p in patterns}
        for d in drafts:
            self._check_refs(d, ids[d.key], known_actors, known_themes, known_patterns)
        parts = self._parts(drafts, ids)
        types = self._types(drafts, ids, supports, attacks, parts)
        self._check_parts(drafts, ids, types, parts)
        extras = self._extras(drafts, ids, supports, attacks)
        side_list = list(sides) if sides else list(DEFAULT_SIDES)
        node_sides = self._sides(drafts, ids, supports, attacks, {s.id for s in side_list})
        nodes = []
        for d in drafts:
            nid = ids[d.key]
            pattern = d.pattern
            if pattern is not None and types[nid] is not NodeType.OBJECTION:
                d.notes.append(f"Pattern `{pattern}` in the imported file (argmap gives patterns to objections only).")
                pattern = None
            nodes.append(Node(
                id=nid, type=types[nid], side=node_sides[nid], title=_title(d.title), text=d.text,
                by=_unique(d.by), themes=_unique(d.themes), pattern=pattern, weight=d.weight,
                supports=supports[nid], part_of=parts[nid],
                attacks=[Attack(target=t, kind=k, **extras.get((nid, t), {})) for t, k in attacks[nid]],
                note="\n".join(_distinct(d.notes)),
            ))
        used_sides = {n.side for n in nodes}
        used_actors = {a for n in nodes for a in n.by} | {a for s in sources for a in s.authors}
        used_themes = {t for n in nodes for t in n.themes}
        used_patterns = {n.pattern for n in nodes if n.pattern}
        return MapFile(
            map=info,
            sides=[s for s in side_list if s.id in used_sides],
            actors=[a for a in actors if a.id in used_actors],
            themes=[t for t in themes if t.id in used_themes],
            patterns=[p for p in patterns if p.id in used_patterns],
            sources=list(sources),
            nodes=nodes,
        )

    def _assign_ids(self, drafts: list[Draft]) -> dict[str, str]:
        ids: dict[str, str] = {}
        taken: set[str] = set()
        # Ids the file states come first, so that a made-up id never takes one of them.
        for d in drafts:
            hint = d.id_hint
            if hint and _ID.match(hint) and len(hint) <= 120 and hint not in taken:
                ids[d.key] = hint
                taken.add(hint)
            elif hint:
                self.warn(d.place, f"id `{hint}` is not a usable argmap id (or is used twice); another is made")
        for d in drafts:
            if d.key in ids:
                continue
            base = _safe_id(d.id_base if d.id_base else self.prefix + d.key)
            candidate, n = base, 1
            while candidate in taken:
                n += 1
                candidate = f"{base[:110]}-{n}"
            ids[d.key] = candidate
            taken.add(candidate)
        return ids

    def _clean(self, d: Draft, nid: str) -> None:
        d.text = clean_text(d.text)
        if not d.text.strip():
            self.warn(d.place, f"node `{nid}` has no text; it is kept as `{PLACEHOLDER}`")
            d.text = PLACEHOLDER
            d.notes.append("The imported file gives this node no text.")
        if d.title is not None:
            d.title = clean_text(d.title) if d.title.strip() else None

    def _relations(self, drafts: list[Draft], ids: dict[str, str]):
        supports: dict[str, list[str]] = {}
        attacks: dict[str, list[tuple[str, AttackKind]]] = {}
        for d in drafts:
            nid = ids[d.key]
            out_s: list[str] = []
            for key in d.supports:
                target = ids.get(key)
                if target is None:
                    self.warn(d.place, f"`{d.key}` supports `{key}`, which is not in the file; the relation is dropped")
                elif target == nid:
                    self.warn(d.place, f"`{d.key}` supports itself; the relation is dropped")
                elif target not in out_s:
                    out_s.append(target)
            out_a: list[tuple[str, AttackKind]] = []
            for key, kind in d.attacks:
                target = ids.get(key)
                if target is None:
                    self.warn(d.place, f"`{d.key}` attacks `{key}`, which is not in the file; the relation is dropped")
                elif target == nid:
                    self.warn(d.place, f"`{d.key}` attacks itself; the relation is dropped")
                elif all(t != target for t, _ in out_a):
                    out_a.append((target, kind))
            supports[nid], attacks[nid] = out_s, out_a
        return supports, attacks

    def _break_support_cycles(self, drafts: list[Draft], ids: dict[str, str], supports: dict[str, list[str]]) -> None:
        """Drop, from each cycle of support, the support the file gave last."""
        by_id = {ids[d.key]: d for d in drafts}
        order = {(ids[a], ids[b]): n for (a, b), n in self._order.items() if a in ids and b in ids}
        places = {(ids[a], ids[b]): p for (a, b), p in self._places.items() if a in ids and b in ids}
        while (cycle := _find_cycle(supports)) is not None:
            node, target = max(cycle, key=lambda edge: order.get(edge, -1))
            supports[node].remove(target)
            start = cycle.index((node, target))
            loop = [b for _, b in cycle[start:] + cycle[:start]]
            shown = " → ".join([node] + loop)
            d = by_id[node]
            d.notes.append(f"Imported as also supporting `{target}`; dropped because it closed a cycle of support ({shown}).")
            self.warn(places.get((node, target), d.place),
                      f"support `{node}` → `{target}` closes a cycle of support ({shown}); it is dropped")

    def _check_refs(self, d: Draft, nid: str, actors: set[str], themes: set[str], patterns: set[str]) -> None:
        for name, known, values in (("actor", actors, d.by), ("theme", themes, d.themes)):
            missing = [v for v in values if v not in known]
            for v in missing:
                self.warn(d.place, f"node `{nid}` names {name} `{v}`, which the file does not define; it is dropped")
                values.remove(v)
        if d.pattern is not None and d.pattern not in patterns:
            self.warn(d.place, f"node `{nid}` names pattern `{d.pattern}`, which the file does not define; it is dropped")
            d.pattern = None

    def _extras(self, drafts, ids, supports, attacks) -> dict[tuple[str, str], dict]:
        """(attacker id, target id) → strength, scope and premises (as ids) of the attacks kept."""
        by_id = {ids[d.key]: d for d in drafts}
        out: dict[tuple[str, str], dict] = {}
        for (a, b), extra in self._attack_extra.items():
            source, target = ids.get(a), ids.get(b)
            if source is None or target is None or all(t != target for t, _ in attacks[source]):
                continue
            extra = dict(extra)
            kind = next(k for t, k in attacks[source] if t == target)
            if "premises" in extra:
                kept: list[str] = []
                for key in extra.pop("premises"):
                    premise = ids.get(key, key)
                    if kind is AttackKind.UNDERCUT and premise in supports and target in supports[premise]:
                        if premise not in kept:
                            kept.append(premise)
                    else:
                        self.warn(by_id[source].place, f"`{source}` undercuts the inference from `{premise}` to `{target}`, "
                                                       "which the map does not hold; it undercuts every inference to it instead")
                        kept = []
                        break
                if kept:
                    extra["premises"] = kept
            out[(source, target)] = extra
        return out

    def _parts(self, drafts: list[Draft], ids: dict[str, str]) -> dict[str, list[str]]:
        """node id → the ids of the wholes it is part of that are in the map; no cycles."""
        known = set(ids.values())
        parts: dict[str, list[str]] = {}
        for d in drafts:
            nid, out = ids[d.key], []
            for whole in d.part_of:
                if whole not in known or whole == nid:
                    self.warn(d.place, f"node `{nid}` is part of `{whole}`, which is not in the file; the link is dropped")
                elif whole not in out:
                    out.append(whole)
            parts[nid] = out
        by_id = {ids[d.key]: d for d in drafts}
        while (cycle := _find_cycle(parts)) is not None:
            node, whole = cycle[-1]
            parts[node].remove(whole)
            self.warn(by_id[node].place, f"`{node}` part of `{whole}` closes a cycle of parts; the link is dropped")
        return parts

    def _check_parts(self, drafts: list[Draft], ids: dict[str, str], types: dict[str, NodeType],
                     parts: dict[str, list[str]]) -> None:
        """`part_of` links only a recommendation to a broader one: others move to the note."""
        by_id = {ids[d.key]: d for d in drafts}
        for nid, wholes in parts.items():
            for whole in list(wholes):
                if types[nid] is not NodeType.RECOMMENDATION or types[whole] is not NodeType.RECOMMENDATION:
                    wholes.remove(whole)
                    by_id[nid].notes.append(f"Imported as part of `{whole}`; argmap links only a recommendation to a broader one.")
                    self.warn(by_id[nid].place, f"node `{nid}` is part of `{whole}`, but they are not both recommendations; "
                                                "the link is kept in the note")

    def _types(self, drafts, ids, supports, attacks, parts) -> dict[str, NodeType]:
        stated = {ids[d.key]: d.type for d in drafts if d.type is not None}
        places = {ids[d.key]: d.place for d in drafts}
        supported = {nid for targets in supports.values() for nid in targets}

        def backed(nid: str) -> bool:  # supported, or part of a stated recommendation that is
            seen, stack = set(), [nid]
            while stack:
                node = stack.pop()
                if node in seen:
                    continue
                seen.add(node)
                if node in supported:
                    return True
                stack.extend(w for w in parts[node] if stated.get(w) is NodeType.RECOMMENDATION)
            return False
        undercutters = {nid for nid, out in attacks.items() if any(k is AttackKind.UNDERCUT for _, k in out)}
        while True:
            types = _infer_types(list(attacks), attacks, stated)
            bad = []
            for nid, node_type in stated.items():
                if node_type in (NodeType.OBJECTION, NodeType.REBUTTAL) and not attacks[nid]:
                    bad.append((nid, f"is an {node_type.value} that attacks nothing"))
                elif node_type is NodeType.REBUTTAL and any(
                        types[t] is not NodeType.OBJECTION and t not in undercutters for t, _ in attacks[nid]):
                    bad.append((nid, "is a rebuttal of something that is neither an objection nor an undercut"))
                elif node_type is NodeType.RECOMMENDATION and not backed(nid):
                    bad.append((nid, "is a recommendation that nothing supports"))
            if not bad:
                return types
            for nid, why in bad:
                self.warn(places[nid], f"node `{nid}` {why}; its type is worked out from its relations instead")
                del stated[nid]

    def _sides(self, drafts, ids, supports, attacks, defined: set[str]) -> dict[str, str]:
        side: dict[str, str] = {}
        for d in drafts:
            if d.side is None:
                continue
            if d.side in defined:
                side[ids[d.key]] = d.side
            else:
                self.warn(d.place, f"node `{ids[d.key]}` names side `{d.side}`, which the file does not define; its side is worked out instead")
        order = [ids[d.key] for d in drafts]
        links: dict[str, list[tuple[str, bool]]] = {n: [] for n in order}  # neighbour, same side?
        for nid in order:
            for t in supports[nid]:
                links[nid].append((t, True))
                links[t].append((nid, True))
            for t, _ in attacks[nid]:
                links[nid].append((t, False))
                links[t].append((nid, False))
        fallback = sorted(defined)
        first, second = ("pro", "con") if {"pro", "con"} <= defined else (fallback[0], fallback[-1])

        def other(s: str) -> str:
            return second if s == first else first

        queue = deque(n for n in order if n in side)
        roots = [n for n in order if not supports[n] and not attacks[n]]
        pending = deque(roots + order)
        while True:
            while queue:
                node = queue.popleft()
                for neighbour, same in links[node]:
                    if neighbour not in side:
                        side[neighbour] = side[node] if same else other(side[node])
                        queue.append(neighbour)
            while pending and pending[0] in side:
                pending.popleft()
            if not pending:
                return side
            start = pending.popleft()
            side[start] = first
            queue.append(start)


def _find_cycle(supports: dict[str, list[str]]) -> list[tuple[str, str]] | None:
    """The edges of some cycle of support, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in supports:
        if start in state:
            continue
        state[start] = 1
        path = [start]
        stack = [iter(list(supports[start]))]
        while stack:
            node = path[-1]
            target = next(stack[-1], None)
            if target is None:
                state[node] = 2
                path.pop()
                stack.pop()
            elif state.get(target) == 1:
                nodes = path[path.index(target):]
                return list(zip(nodes, nodes[1:] + [target]))
            elif target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(list(supports[target])))
    return None


def _infer_types(order: list[str], attacks: dict[str, list[tuple[str, AttackKind]]],
                 stated: dict[str, NodeType]) -> dict[str, NodeType]:
    types: dict[str, NodeType] = dict(stated)
    incoming = {nid: 0 for nid in order}
    for nid in order:
        for t, _ in attacks[nid]:
            incoming[t] += 1
    for nid in order:
        if nid not in types and not attacks[nid]:
            types[nid] = NodeType.CLAIM
    while True:
        changed = True
        while changed:
            changed = False
            for nid in order:
                if nid in types:
                    continue
                targets = [t for t, _ in attacks[nid]]
                if all(t in types for t in targets):
                    only_objections = all(types[t] is NodeType.OBJECTION for t in targets)
                    types[nid] = NodeType.REBUTTAL if only_objections else NodeType.OBJECTION
                    changed = True
        stuck = [nid for nid in order if nid not in types]
        if not stuck:
            return types
        # A ring of attacks (A attacks B attacks A): take the least-attacked node of it (the
        # later one on a tie) as an objection, which answers anything, and go on from there.
        undecided = set(stuck)
        candidates = sorted(reversed(stuck), key=lambda nid: incoming[nid])
        pick = next((n for n in candidates if _in_ring(n, attacks, undecided)), candidates[0])
        types[pick] = NodeType.OBJECTION


def _in_ring(start: str, attacks: dict[str, list[tuple[str, AttackKind]]], among: set[str]) -> bool:
    """Whether `start` attacks itself through a chain of attacks among `among`."""
    seen: set[str] = set()
    stack = [t for t, _ in attacks[start] if t in among]
    while stack:
        node = stack.pop()
        if node == start:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(t for t, _ in attacks[node] if t in among)
    return False


def _safe_id(text: str) -> str:
    out = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")
    out = out[:100]
    if not out or not _ID.match(out):
        out = "n" + out.lstrip("_.-")
    return out if _ID.match(out) else "n"


def _title(title: str | None) -> str | None:
    if not title:
        return None
    return title if len(title) <= _TITLE_MAX else title[: _TITLE_MAX - 1].rstrip() + "…"


def _distinct(notes: list[str]) -> list[str]:
    """The notes, leaving out one already written in an earlier note (a note argmap exported comes
    back in the file's data, and the importer would write its lines again)."""
    out: list[str] = []
    for note in notes:
        if note and not any(note in earlier for earlier in out):
            out.append(note)
    return out


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def restore_vocabulary(builder: Builder, ext: dict, *at: str | int):
    """The map description argmap itself wrote into an exchange file, entry by entry.

    `ext` is argmap's own object in the file, found at the JSON path `at` (for warnings).
    Returns (map info or None, sides or None, actors, themes, patterns); an entry that is not
    valid is skipped with a warning, and a repeated id keeps its first entry.
    """
    from pydantic import ValidationError

    from ..model import Actor, MapInfo, Pattern, Side, Theme
    from .inputs import json_path

    info = None
    if isinstance(ext.get("map"), dict):
        try:
            info = MapInfo.model_validate(ext["map"])
        except ValidationError:
            builder.warn(json_path(*at, "map"), "is not a valid map description; a new one is made")
    out = []
    for key, model in (("sides", Side), ("actors", Actor), ("themes", Theme), ("patterns", Pattern)):
        entries: list = []
        value = ext.get(key)
        for i, entry in enumerate(value if isinstance(value, list) else []):
            try:
                item = model.model_validate(entry)
            except ValidationError:
                builder.warn(json_path(*at, key, i), f"is not a valid {key[:-1]}; it is skipped")
                continue
            if all(e.id != item.id for e in entries):
                entries.append(item)
        out.append(entries)
    sides, actors, themes, patterns = out
    return info, (sides or None), actors, themes, patterns


def text_field(data: dict, key: str) -> str | None:
    """`data[key]` when it is text with something in it."""
    value = data.get(key)
    return value if isinstance(value, str) and value.strip() else None


def id_list(data: dict, key: str) -> list[str]:
    """The strings of the list `data[key]` (nothing when it is not a list)."""
    value = data.get(key)
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def apply_node_fields(builder: Builder, draft: Draft, data: dict) -> None:
    """A node's own fields as argmap wrote them into an export: type, side, `by`, themes,
    pattern and note. A field the data gives replaces what the draft has; one it lacks leaves
    the draft's (from the format's own markup) alone. Ids and titles are the caller's: formats
    differ on which title is the node's own."""
    kind = text_field(data, "type")
    if kind:
        try:
            draft.type = NodeType(kind)
        except ValueError:
            builder.warn(draft.place, f"argmap type `{kind}` is not a node type; it is worked out instead")
    draft.side = text_field(data, "side") or draft.side
    draft.by = id_list(data, "by") or draft.by
    draft.themes = list(dict.fromkeys(id_list(data, "themes") + draft.themes))
    draft.pattern = text_field(data, "pattern") or draft.pattern
    draft.part_of = id_list(data, "part_of") or draft.part_of
    weight = text_field(data, "weight")
    if weight:
        try:
            draft.weight = Weight(weight)
        except ValueError:
            builder.warn(draft.place, f"argmap weight `{weight}` is not one of {', '.join(w.value for w in Weight)}; it is left out")
    if text_field(data, "note"):
        draft.notes.append(data["note"])
