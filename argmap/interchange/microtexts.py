"""The arg-microtexts corpus (Peldszus & Stede 2015) → argmap (`argmap import FILE --from microtexts`).

Each text is one XML file (`<arggraph id topic_id stance>`): elementary discourse units (`<edu>`,
the words), argumentative units (`<adu type="pro|opp">`) and `<edge src trg type>`s between them:

- every ADU is a node (id `a1` as in the file), its text the EDUs segmented into it (`seg` edges,
  in file order); its side is `pro` for `type="pro"` (the author's voice) and `con` for `opp`
  (the opponent's voice the author brings up);
- `sup` (support) and `exa` (support by example) → `supports`; `reb` (rebut) → an attack (rebut);
- `und` (undercut) aims at an edge: an undercut of a support `P → X` is an argmap undercut of X
  naming P as its premise; an undercut of an attack (the author concedes a point and denies that
  it tells against the claim) is an attack on the attacking unit, with a note saying so, since
  argmap attacks nodes and inferences, not attacks;
- `add` (a linked premise) joins the source of the edge it aims at: the same relation again,
  from the added unit;
- the text's `topic_id` and `stance` name the map; the corpus has no speakers and no quotes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..model import AttackKind, MapInfo
from .build import DEFAULT_SIDES, Builder, Draft, ImportResult, map_id_for
from .inputs import Where, fault, read_text

__all__ = ["import_microtexts"]

_KIND = "an arg-microtexts XML file (`<arggraph>` with `<edu>`, `<adu>` and `<edge>` elements)"
_RELATIONS = {"sup", "exa", "reb", "und", "add"}


def _parse(where: Where) -> ET.Element:
    text = read_text(where, _KIND)
    if "<!ENTITY" in text.upper():
        raise fault(where, None, "declares XML entities; argmap reads plain XML only",
                    hint="the corpus files declare none; remove the DOCTYPE's internal subset")
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        line, col = exc.position
        raise fault(where, f"line {line}, column {col + 1}", f"is not well-formed XML: {exc.msg}",
                    hint=f"argmap expects {_KIND}") from None
    if root.tag != "arggraph":
        raise fault(where, None, f"is XML, but its root element is `<{root.tag}>`; expected {_KIND}")
    return root


def import_microtexts(path: Path) -> ImportResult:
    """Read an arg-microtexts XML file into a map (see the module docstring)."""
    where = Where(path)
    root = _parse(where)
    builder = Builder(where, "")

    def attr(el: ET.Element, name: str, what: str) -> str:
        value = (el.get(name) or "").strip()
        if not value:
            raise fault(where, f"<{el.tag} {' '.join(f'{k}={v!r}' for k, v in el.attrib.items())}>", f"has no `{name}` ({what})")
        return value

    texts = {attr(e, "id", "the unit's id"): " ".join((e.text or "").split()) for e in root.iter() if e.tag in ("edu", "joint")}
    adus: dict[str, str] = {}
    for adu in root.iter("adu"):
        ident = attr(adu, "id", "the unit's id")
        if ident in adus or ident in texts:
            raise fault(where, f"<adu id={ident!r}>", f"id `{ident}` is used twice")
        adus[ident] = adu.get("type", "")
    edges: dict[str, tuple[str, str, str]] = {}
    for edge in root.iter("edge"):
        ident = attr(edge, "id", "the edge's id")
        if ident in edges:
            raise fault(where, f"<edge id={ident!r}>", f"id `{ident}` is used twice")
        edges[ident] = (attr(edge, "src", "where it starts"), attr(edge, "trg", "where it ends"), attr(edge, "type", "its kind"))
    if not adus:
        raise fault(where, None, "holds no `<adu>` elements; there is nothing to import")

    words: dict[str, list[str]] = {a: [] for a in adus}
    for ident, (src, trg, kind) in edges.items():
        if kind == "seg":
            if trg not in adus or src not in texts:
                raise fault(where, f"<edge id={ident!r}>", f"segments `{src}` into `{trg}`, which is not a unit of the file")
            words[trg].append(texts[src])
    for ident, kind in adus.items():
        side = {"pro": "pro", "opp": "con"}.get(kind)
        draft = builder.add(Draft(key=ident, text=" ".join(words[ident]), place=f"<adu id={ident!r}>", id_base=ident, side=side))
        if side is None:
            builder.warn(draft.place, f"unit `{ident}` has type `{kind}`, neither `pro` nor `opp`; its side is worked out")

    def relate(source: str, ident: str, seen: tuple = ()) -> None:
        """`source` takes part in the relation of edge `ident`."""
        src, trg, kind = edges[ident]
        place = f"<edge id={ident!r}>"
        if kind in ("sup", "exa"):
            builder.support(source, _unit(trg), place)
            if kind == "exa":
                builder.drafts[source].notes.append(f"Supports `{trg}` by example (microtexts edge {ident}).")
        elif kind == "reb":
            builder.attack(source, _unit(trg))
        elif kind == "und":
            if trg not in edges:
                raise fault(where, place, f"undercuts `{trg}`, which is not an edge of the file")
            a, b, aimed = edges[trg]
            if aimed in ("sup", "exa"):
                builder.attack(source, _unit(b), AttackKind.UNDERCUT)
                builder.attack_premises(source, _unit(b), [_unit(a)])
            else:
                builder.attack(source, _unit(a))
                builder.drafts[source].notes.append(
                    f"In the corpus this undercuts the attack of `{a}` on `{b}` (edge {trg}): it grants the point "
                    "and denies that it tells against it; argmap attacks nodes, so it is read as an answer to it.")
        elif kind == "add":
            if trg not in edges or trg in seen:
                raise fault(where, place, f"adds to `{trg}`, which is not an edge of the file")
            relate(source, trg, seen + (ident,))

    def _unit(ident: str) -> str:
        if ident not in adus:
            raise fault(where, None, f"an edge leads to `{ident}`, which is not an `<adu>` of the file")
        return ident

    for ident, (src, trg, kind) in edges.items():
        if kind == "seg":
            continue
        if kind not in _RELATIONS:
            builder.warn(f"<edge id={ident!r}>", f"edge type `{kind}` is not one of the corpus's; it is left out")
            continue
        relate(_unit(src), ident)

    name = root.get("id") or where.path.stem
    topic = (root.get("topic_id") or "").replace("_", " ").strip()
    stance = root.get("stance")
    info = MapInfo(id=map_id_for(where), title=f"{name}: {topic}" if topic else name,
                   question=f"What does the text argue about {topic}?" if topic else f"What does {name} argue?",
                   summary=f"Imported from the arg-microtexts file {where.path.name} by argmap"
                           + (f"; the text's stance on its topic is {stance}." if stance else "."))
    return ImportResult(builder.build(info, sides=DEFAULT_SIDES), builder.warnings)
