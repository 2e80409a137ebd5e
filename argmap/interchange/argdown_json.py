"""Argdown → argmap, through the JSON the Argdown CLI writes (`argdown json MAP.argdown OUTDIR`).

Argmap reads the CLI's JSON rather than Argdown text, so that Argdown's own parser decides what
the text says. What becomes what:

- every statement (an equivalence class: `[Title]`) and every argument (`<Title>`) is a node.
  Its text is the statement's defining text without its tags (or the argument's description);
  a statement that is only ever referenced, never defined, has its title as text. Ids come
  from the titles (`Wind power` → `wind-power`; a clash gets `-2`).
- relations: `support` and `entails` → supports; `attack` and `contrary` → attacks (rebut);
  `contradictory` (`><`) → an attack each way; `undercut` → an undercut (of the argument, when
  Argdown aims it at an argument's inference).
- an argument's premise-conclusion structure: each premise (and intermediate conclusion)
  supports the argument, and the argument supports its main conclusion.
- tags: `side:X`, `theme:X` and `pattern:X` (as argmap writes them) set those; other tags
  become themes.
- data: a statement's data block as argmap writes it (`id`, `type`, `side`, `by`, `note`,
  `quotes`, `undermines`) and the first heading's `argmap` block (map, sides, actors, themes,
  patterns) restore what argmap exported. Quotes come back as notes: the map they cited is not
  imported with them. Other data keys are kept in the note.

The map's title is the first heading's (or the file name), its question the heading data's
`question` when given.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model import AttackKind, AttackScope, AttackStrength, MapInfo, Theme
from .build import (Builder, Draft, ImportResult, apply_node_fields, id_list, map_id_for, restore_vocabulary, slug,
                    text_field)
from .inputs import Where, fault, json_path, read_json

__all__ = ["import_argdown_json"]

_KIND = "the JSON the Argdown CLI writes (`argdown json FILE.argdown OUTDIR`), an object with `statements` and `relations`"
_SUPPORT = {"support", "entails"}
_ARGMAP_KEYS = {"id", "type", "side", "title", "by", "themes", "pattern", "note", "quotes", "undermines", "part_of", "weight",
                "attack_details"}
_UNTITLED = re.compile(r"^Untitled \d+$")
_ATTACK = {"attack", "contrary"}


def _utf16_cut(text: str, ranges: list) -> str:
    """The text without its tag ranges; Argdown counts in UTF-16 code units, stop inclusive."""
    data = text.encode("utf-16-le")
    spans = []
    for r in ranges:
        if isinstance(r, dict) and r.get("type") == "tag" and isinstance(r.get("start"), int) and isinstance(r.get("stop"), int):
            spans.append((r["start"], r["stop"]))
    for start, stop in sorted(spans, reverse=True):
        if 0 <= start <= stop:
            data = data[: 2 * start] + data[2 * (stop + 1):]
    return data.decode("utf-16-le", errors="replace")


def _text_of(members: Any, fallback: str) -> str:
    for member in members if isinstance(members, list) else []:
        if not isinstance(member, dict) or member.get("isReference"):
            continue
        text = member.get("text")
        if isinstance(text, str):
            text = _utf16_cut(text, member.get("ranges") or []).strip()
            if text:
                return text
    return fallback


def import_argdown_json(path: Path) -> ImportResult:
    """Read the Argdown CLI's JSON into a map (see the module docstring)."""
    where = Where(path)
    data = read_json(where, _KIND)
    if not isinstance(data, dict):
        raise fault(where, None, f"is JSON, but not an object; expected {_KIND}")
    for key in ("statements", "relations"):
        if key not in data:
            raise fault(where, key, f"is missing; expected {_KIND}",
                        hint="make it with the Argdown CLI: argdown json MAP.argdown OUTDIR")
    statements = data["statements"]
    arguments = data.get("arguments") or {}
    relations = data["relations"]
    for key, value, kind in (("statements", statements, dict), ("arguments", arguments, dict), ("relations", relations, list)):
        if not isinstance(value, kind):
            raise fault(where, key, f"must be {'an object (title → entry)' if kind is dict else 'a list'}")

    builder = Builder(where, "")
    meta = _heading_meta(builder, data.get("sections"))
    info, sides, actors, themes, patterns = restore_vocabulary(builder, meta.get("argmap") if isinstance(meta.get("argmap"), dict) else {},
                                                              "sections", 0, "data", "argmap")
    theme_ids = {t.id for t in themes}

    undermines: dict[str, set[str]] = {}
    details: dict[str, dict[str, dict]] = {}  # draft key → target id → strength, scope
    contradictory: list[tuple[str, str]] = []
    entries = [("s", title, entry, json_path("statements", title)) for title, entry in statements.items()]
    entries += [("a", title, entry, json_path("arguments", title)) for title, entry in arguments.items()]
    for kind, title, entry, place in entries:
        if not isinstance(entry, dict):
            raise fault(where, place, "must be an object")
        label = None if _UNTITLED.match(title) else title  # Argdown names untitled statements "Untitled 3"
        draft = Draft(key=f"{kind}:{title}", text=_text_of(entry.get("members"), title), place=place, title=label,
                      id_base=slug(title, "statement" if kind == "s" else "argument"))
        for tag in entry.get("tags") or []:
            if not isinstance(tag, str) or not tag.strip():
                continue
            name, sep, value = tag.partition(":")
            if sep and name in ("side", "theme", "pattern") and value:
                if name == "side":
                    draft.side = value
                elif name == "theme":
                    draft.themes.append(value)
                else:
                    draft.pattern = value
            else:
                theme_id = slug(tag, "tag")
                if theme_id not in theme_ids:
                    themes.append(Theme(id=theme_id, label=tag.strip(), description="An Argdown tag."))
                    theme_ids.add(theme_id)
                draft.themes.append(theme_id)
        node_data = entry.get("data")
        if isinstance(node_data, dict):
            undermines[draft.key] = _apply_data(builder, draft, node_data)
            details[draft.key] = _attack_details(builder, draft, node_data)
        builder.add(draft)

    drafts = builder.drafts
    for i, rel in enumerate(relations):
        place = json_path("relations", i)
        if not isinstance(rel, dict):
            raise fault(where, place, "must be an object")
        ends = []
        for end in ("from", "to"):
            title = rel.get(end)
            kind = rel.get(end + "Type")
            if not isinstance(title, str):
                raise fault(where, json_path("relations", i, end), "must be a statement or argument title")
            key = f"a:{title}" if kind in ("argument", "inference") else f"s:{title}"
            if key not in drafts:
                raise fault(where, json_path("relations", i, end),
                            f"no {'argument' if key.startswith('a:') else 'statement'} is titled `{title}`")
            ends.append(key)
        source, target = ends
        rtype = rel.get("relationType")
        undermined = drafts[target].id_hint in undermines.get(source, ()) if drafts[target].id_hint else False
        if rtype in _SUPPORT:
            builder.support(source, target)
        elif rtype in _ATTACK:
            extra = details.get(source, {}).get(drafts[target].id_hint or "", {})
            builder.attack(source, target, AttackKind.UNDERMINE if undermined else AttackKind.REBUT, **extra)
        elif rtype == "contradictory":
            builder.attack(source, target)
            builder.attack(target, source)
            contradictory.append((source, target))
        elif rtype == "undercut":
            extra = details.get(source, {}).get(drafts[target].id_hint or "", {})
            builder.attack(source, target, AttackKind.UNDERCUT, **extra)
        else:
            builder.warn(place, f"relation type `{rtype}` is not one argmap knows; it is left out")

    structures = {f"a:{title}": _structure(builder, f"a:{title}", entry) for title, entry in arguments.items()}

    if not drafts:
        raise fault(where, "statements", "holds no statements or arguments; there is nothing to import")
    if info is None:
        heading = meta.get("_title")
        question = meta.get("question")
        info = MapInfo(
            id=map_id_for(where),
            title=heading or f"{where.path.stem} (imported from Argdown)",
            question=question if isinstance(question, str) and question.strip() else f"What does {where.path.name} argue?",
            summary=f"Imported from the Argdown JSON {where.path.name} by argmap.",
        )
    doc = builder.build(info, sides=sides, actors=actors, themes=themes, patterns=patterns)
    ids = {key: node.id for key, node in zip(builder.drafts, doc.nodes)}  # the builder keeps the drafts' order
    strict = any(isinstance(r, dict) and r.get("relationType") in ("contrary", "entails") for r in relations)
    if structures or contradictory or strict:
        from ..model import ArgdownArgument, ArgdownLayer, PcsStatement

        layer = ArgdownLayer(
            arguments=[ArgdownArgument(node=ids[key], pcs=[PcsStatement(node=ids[s], role=role) for s, role in steps])
                       for key, steps in structures.items()],
            contradictory=[[ids[a], ids[b]] for a, b in contradictory], strict=strict)
        doc = doc.model_copy(update={"argdown": layer})
    return ImportResult(doc, builder.warnings)


def _heading_meta(builder: Builder, sections: Any) -> dict:
    """The first heading's data, with its title under `_title`."""
    if not isinstance(sections, list) or not sections or not isinstance(sections[0], dict):
        return {}
    first = sections[0]
    meta = dict(first.get("data")) if isinstance(first.get("data"), dict) else {}
    if isinstance(first.get("title"), str) and first["title"].strip():
        meta["_title"] = " ".join(first["title"].split())
    return meta


def _apply_data(builder: Builder, draft: Draft, data: dict) -> set[str]:
    """Apply a statement's data block; return the ids it says it undermines."""
    if text_field(data, "id"):  # written by argmap: its title is the node's own, not the Argdown label
        draft.id_hint = data["id"]
        draft.title = text_field(data, "title")
    apply_node_fields(builder, draft, data)
    other = {k: v for k, v in data.items() if k not in _ARGMAP_KEYS}
    if other:
        shown = "; ".join(f"{k}: {v}" for k, v in other.items())
        draft.notes.append(f"Argdown data: {shown}")
    for quote in data.get("quotes") or []:
        if isinstance(quote, dict) and isinstance(quote.get("text"), str):
            source = quote.get("source") if isinstance(quote.get("source"), str) else "?"
            draft.notes.append(f"Quoted from source `{source}` in the exported map: «{quote['text']}»")
    return set(id_list(data, "undermines"))


def _attack_details(builder: Builder, draft: Draft, data: dict) -> dict[str, dict]:
    """target id → the strength and scope argmap wrote for the node's attack on it."""
    out: dict[str, dict] = {}
    entries = data.get("attack_details")
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("target"), str):
            continue
        extra = {}
        for key, enum in (("strength", AttackStrength), ("scope", AttackScope)):
            if entry.get(key) is None:
                continue
            try:
                extra[key] = enum(entry[key])
            except ValueError:
                builder.warn(draft.place, f"argmap {key} `{entry[key]}` is not one of {', '.join(e.value for e in enum)}; it is left out")
        premises = id_list(entry, "premises")
        if premises:
            extra["premises"] = premises
        out[entry["target"]] = extra
    return out


def _structure(builder: Builder, key: str, entry: dict) -> list[tuple[str, str]]:
    """An argument's premises support it; it supports its main conclusion. Returns the structure:
    (statement key, role) in order."""
    pcs = None
    for member in entry.get("members") or []:
        if isinstance(member, dict) and isinstance(member.get("pcs"), list) and member["pcs"]:
            pcs = member["pcs"]
    pcs = pcs or (entry.get("pcs") if isinstance(entry.get("pcs"), list) else None)
    if not pcs:
        return []
    drafts = builder.drafts
    steps = [(f"s:{s.get('title')}", s.get("role")) for s in pcs if isinstance(s, dict)]
    steps = [(k, r if r in ("premise", "intermediary-conclusion", "main-conclusion") else "premise")
             for k, r in steps if k in drafts]
    keys = [k for k, _ in steps]
    if not keys:
        return []
    if steps[-1][1] != "main-conclusion":
        steps[-1] = (steps[-1][0], "main-conclusion")
    conclusion = keys[-1]
    for premise in keys[:-1]:
        if key not in drafts[premise].supports:
            builder.support(premise, key)
    if conclusion not in drafts[key].supports:
        builder.support(key, conclusion)
    return steps
