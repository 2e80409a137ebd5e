"""SADFace JSON (Simon Wells's Argument Interchange format) → argmap (`argmap import FILE --from sadface`).

A SADFace document has `nodes` (`type: atom` with `text`, or `type: scheme` with a `name`), `edges`
(`source_id` → `target_id`) and `metadata.core` (title, description, analyst). What becomes what:

- every atom is a node, id `s-` and the atom's id;
- a scheme named `conflict` or `attack` between atoms: each atom leading into it attacks each
  atom it leads to (a rebut); a scheme aimed at another scheme (an inference) is an undercut of
  that inference's conclusion, naming its premises;
- `rephrase`: both atoms kept, the rephrase written in the note (argmap has no rephrase relation);
- `preference`: not kept (argmap has no preferences between nodes), counted in a warning;
- any other scheme (`support`, or a named argument scheme) is an inference: each premise
  `supports` each conclusion, and a name other than `support` goes in the premise's note;
- an atom's `metadata` and `sources` are written in its note; the title and description name the map.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model import AttackKind, MapInfo
from .build import DEFAULT_SIDES, Builder, Draft, ImportResult, map_id_for
from .inputs import Where, fault, json_path, read_json

__all__ = ["import_sadface"]

_KIND = "a SADFace JSON document (an object with `nodes`, `edges` and `metadata`)"
_ATTACK = {"conflict", "attack"}


def _list(where: Where, data: dict, key: str) -> list[dict]:
    value = data.get(key)
    if not isinstance(value, list):
        raise fault(where, key, f"is {'missing' if value is None else 'not a list'}; expected {_KIND}")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise fault(where, json_path(key, i), "must be an object")
    return value


def _text(where: Where, item: dict, key: str, *place) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fault(where, json_path(*place, key), "is missing or empty")
    return value.strip()


def import_sadface(path: Path) -> ImportResult:
    """Read a SADFace document into a map (see the module docstring)."""
    where = Where(path)
    data = read_json(where, _KIND)
    if not isinstance(data, dict):
        raise fault(where, None, f"is JSON, but not an object; expected {_KIND}")
    nodes, edges = _list(where, data, "nodes"), _list(where, data, "edges")
    builder = Builder(where, "s-")
    kinds: dict[str, str] = {}  # id → "atom" or the scheme's name
    places: dict[str, str] = {}
    for i, node in enumerate(nodes):
        ident = _text(where, node, "id", "nodes", i)
        if ident in kinds:
            raise fault(where, json_path("nodes", i, "id"), f"`{ident}` is also the id of {places[ident]}")
        kind = _text(where, node, "type", "nodes", i)
        places[ident] = json_path("nodes", i)
        if kind == "atom":
            kinds[ident] = "atom"
            text = node.get("text") if isinstance(node.get("text"), str) else ""
            draft = builder.add(Draft(key=ident, text=text, place=places[ident]))
            for key in ("metadata", "sources"):
                if node.get(key):
                    draft.notes.append(f"SADFace {key}: {json.dumps(node[key], ensure_ascii=False)}")
        elif kind == "scheme":
            kinds[ident] = (node.get("name") if isinstance(node.get("name"), str) else "") or "support"
        else:
            raise fault(where, json_path("nodes", i, "type"), f"is `{kind}`; a SADFace node is an `atom` or a `scheme`")
    if not builder.drafts:
        raise fault(where, "nodes", "holds no atoms; there is nothing to import")

    ins: dict[str, list[str]] = {n: [] for n in kinds}
    outs: dict[str, list[str]] = {n: [] for n in kinds}
    for i, edge in enumerate(edges):
        ends = []
        for key in ("source_id", "target_id"):
            value = _text(where, edge, key, "edges", i)
            if value not in kinds:
                raise fault(where, json_path("edges", i, key), f"no node has id `{value}`")
            ends.append(value)
        outs[ends[0]].append(ends[1])
        ins[ends[1]].append(ends[0])

    skipped = 0
    for ident, kind in kinds.items():
        if kind == "atom":
            continue
        name = kind.strip().lower()
        premises = [n for n in ins[ident] if kinds[n] == "atom"]
        targets = [n for n in outs[ident] if kinds[n] == "atom"]
        if name == "preference":
            skipped += 1
            continue
        if name in _ATTACK:
            inferences = [s for s in outs[ident] if kinds[s] != "atom" and kinds[s].strip().lower() not in _ATTACK]
            if not premises or not (targets or inferences):
                builder.warn(places[ident], f"conflict `{ident}` does not lead from an atom to an atom or inference; it is left out")
                continue
            for a in premises:
                for t in targets:
                    builder.attack(a, t)
                for s in inferences:
                    for c in (n for n in outs[s] if kinds[n] == "atom"):
                        builder.attack(a, c, AttackKind.UNDERCUT)
                        builder.attack_premises(a, c, [n for n in ins[s] if kinds[n] == "atom"])
        elif not premises or not targets:
            builder.warn(places[ident], f"scheme `{ident}` ({kind}) does not lead from an atom to an atom; it is left out")
        elif name == "rephrase":
            for a in premises:
                builder.drafts[a].notes.append(f"Rephrases SADFace atom {', '.join(targets)}.")
        else:
            for p in premises:
                for c in targets:
                    builder.support(p, c, places[ident])
                    if name != "support":
                        builder.drafts[p].notes.append(f"Supports SADFace atom {c} by the scheme «{kind}».")
    if skipped:
        builder.warn(None, f"{skipped} preference scheme{'s' if skipped != 1 else ''} left out (argmap has no preferences between nodes)")

    core = data.get("metadata", {}).get("core", {}) if isinstance(data.get("metadata"), dict) else {}
    core = core if isinstance(core, dict) else {}
    title = core.get("title") if isinstance(core.get("title"), str) and core["title"].strip() else f"{where.path.stem} (imported from SADFace)"
    summary = [f"Imported from the SADFace document {where.path.name} by argmap."]
    for key, label in (("description", "Description"), ("notes", "Notes"), ("analyst_name", "Analyst")):
        if isinstance(core.get(key), str) and core[key].strip():
            summary.append(f"{label}: {core[key].strip()}")
    info = MapInfo(id=map_id_for(where), title=title.strip(), question=f"What does {title.strip()} argue?",
                   summary="\n".join(summary))
    return ImportResult(builder.build(info, sides=DEFAULT_SIDES), builder.warnings)
