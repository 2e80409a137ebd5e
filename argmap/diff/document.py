"""A diff laid out for reading: sections of items made of typed pieces, before any format.

The text, Markdown and HTML formats all render this one layout, each escaping the map's text
its own way, so they cannot drift apart in what they say.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Diff, FieldChange, Relation, Segment

__all__ = ["Piece", "Item", "Section", "layout", "headline", "summary", "reason_pieces"]


@dataclass(frozen=True)
class Piece:
    """A run of a line: `t` text, `id` a map id, `ref` a map id inside a sentence, `q` a quoted
    label, `del`/`ins` words of a word-level diff, `em` a word to stress (a verdict, a label)."""

    kind: str
    text: str


@dataclass
class Item:
    """One line of a section (`mark`: + added, - removed, ~ changed, → renamed, ! consequence)
    and the lines under it."""

    mark: str
    pieces: list[Piece]
    details: list[list[Piece]] = field(default_factory=list)


@dataclass
class Section:
    title: str
    items: list[Item]
    note: str = ""


def _t(text: str) -> Piece:
    return Piece("t", text)


def _id(text: str) -> Piece:
    return Piece("id", text)


def _q(text: str) -> Piece:
    return Piece("q", text)


def reason_pieces(reason: str) -> list[Piece]:
    """A reason sentence, its `backticked` ids as ref pieces."""
    out = []
    for i, part in enumerate(reason.split("`")):
        if part:
            out.append(Piece("ref", part) if i % 2 else _t(part))
    return out


def _words(segments: tuple[Segment, ...]) -> list[Piece]:
    return [Piece({"=": "t", "-": "del", "+": "ins"}[seg.op], seg.text) for seg in segments]


def _value(value) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) if not isinstance(v, dict) else v.get("file", str(v)) for v in value)
    return " ".join(str(value).split())


def _field(change: FieldChange) -> list[Piece]:
    head = [_t(f"{change.field}: ")]
    if change.words:
        return head + _words(change.words)
    if isinstance(change.old, list) and isinstance(change.new, list) and all(isinstance(v, str) for v in change.old + change.new):
        parts: list[Piece] = []
        for word, values, kind in (("added", change.added, "ins"), ("removed", change.removed, "del")):
            if values:
                parts += [_t(("; " if parts else "") + word + " ")]
                for i, v in enumerate(values):
                    parts += ([_t(", ")] if i else []) + [Piece(kind, v)]
        if parts:
            return head + parts
    return head + [Piece("del", _value(change.old)), _t(" → "), Piece("ins", _value(change.new))]


def _relation(rel: Relation) -> list[Piece]:
    return [_id(rel.source), _t(f" {rel.verb} "), _id(rel.target)]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def headline(diff: Diff) -> str:
    return f"Changes to “{' '.join(diff.title.split())}” from {diff.old_name} to {diff.new_name}"


def summary(diff: Diff) -> str:
    """One line: how much changed, consequences first."""
    if diff.empty:
        return f"No changes: the map says the same at {diff.old_name} and at {diff.new_name}."
    parts = []
    if diff.evaluated:
        parts.append(f"{_plural(len(diff.verdicts), 'verdict')} and {_plural(len(diff.labels), 'label')} changed")
    nodes = [f"{len(x)} {w}" for x, w in ((diff.added, "added"), (diff.removed, "removed"), (diff.renamed, "renamed"),
                                           (diff.changed, "changed")) if x]
    if nodes:
        parts.append("nodes: " + ", ".join(nodes))
    rels = [f"{len(x)} {w}" for x, w in ((diff.relations_added, "added"), (diff.relations_removed, "removed"),
                                          (diff.relations_changed, "changed")) if x]
    if rels:
        parts.append("relations: " + ", ".join(rels))
    quotes = [f"{len(x)} {w}" for x, w in ((diff.quotes_added, "added"), (diff.quotes_removed, "removed"),
                                            (diff.quotes_changed, "changed")) if x]
    if quotes:
        parts.append("quotes: " + ", ".join(quotes))
    if diff.sources:
        parts.append(_plural(len(diff.sources), "source") + " changed")
    if diff.definitions:
        parts.append(_plural(len(diff.definitions), "definition") + " changed")
    return "; ".join(parts) + "."


def layout(diff: Diff, *, limit: int | None = None) -> list[Section]:
    """The sections of a report, consequences first; empty sections left out. With `limit`,
    each section lists at most that many items and says how many more there are."""
    sections: list[Section] = []

    def add(title: str, items: list[Item], note: str = "") -> None:
        if items or note:
            if limit is not None and len(items) > limit:
                note = (note + " " if note else "") + f"… and {len(items) - limit} more."
                items = items[:limit]
            sections.append(Section(title, items, note))

    if diff.evaluated:
        verdicts = [Item("!", [_id(v.id), _t(" "), _q(v.label), _t(": "), Piece("em", v.old), _t(" → "), Piece("em", v.new)],
                         [[_t("before: ")] + reason_pieces(v.old_reason or "(no reason given)"),
                          [_t("after: ")] + reason_pieces(v.new_reason or "(no reason given)")]
                         + ([[_t(f"strength: {v.old_strength:.2f} → {v.new_strength:.2f}")]]
                            if v.old_strength is not None and v.new_strength is not None else [])) for v in diff.verdicts]
        labels = [Item("!", [_id(c.id), _t(" "), _q(c.label), _t(": "), Piece("em", c.old), _t(" → "), Piece("em", c.new)])
                  for c in diff.labels]
        if verdicts or labels or not diff.empty:
            add("Verdicts changed", verdicts, "" if verdicts else "No recommendation's verdict changed.")
            add("Labels changed", labels, "" if labels else "No node's label changed.")
    nodes = [Item("+", [_id(r.id), _t(f" ({r.type}, {r.side}) "), _q(r.label)]
                  + ([_t(": "), Piece("em", r.verdict)] if r.verdict else [])) for r in diff.added]
    nodes += [Item("-", [_id(r.id), _t(f" ({r.type}, {r.side}) "), _q(r.label)]) for r in diff.removed]
    nodes += [Item("→", [_id(r.old), _t(" renamed "), _id(r.new), _t(f" ({r.type}) "), _q(r.label)]) for r in diff.renamed]
    for c in diff.changed:
        head = [_id(c.id)] + ([_t(" (was "), _id(c.old_id), _t(")")] if c.old_id != c.id else []) + [_t(f" ({c.type}) "), _q(c.label)]
        nodes.append(Item("~", head, [_field(f) for f in c.fields]))
    add("Nodes", nodes)
    rels = [Item("+", _relation(r)) for r in diff.relations_added]
    rels += [Item("-", _relation(r)) for r in diff.relations_removed]
    rels += [Item("~", _relation(c.old) + [_t(" → ")] + _relation(c.new)) for c in diff.relations_changed]
    add("Relations", rels)
    quotes = [Item("+", [_id(q.node), _t(" quotes "), _id(q.source), _t(": ")] + [_q(q.text)]) for q in diff.quotes_added]
    quotes += [Item("-", [_id(q.node), _t(" quotes "), _id(q.source), _t(": ")] + [_q(q.text)]) for q in diff.quotes_removed]
    for q in diff.quotes_changed:
        details = [[_t("text: ")] + _words(q.words)] if q.words else []
        if q.note is not None:
            details.append(_field(q.note))
        quotes.append(Item("~", [_id(q.node), _t(" quotes "), _id(q.source)], details))
    add("Quotes", quotes)
    sources = [Item({"added": "+", "removed": "-", "changed": "~"}[e.change], [_id(e.id), _t(" "), _q(e.label)],
                    [_field(f) for f in e.fields]) for e in diff.sources]
    add("Sources", sources)
    defs = [Item({"added": "+", "removed": "-", "changed": "~"}[e.change],
                 ([_t(e.label)] if e.section in ("dialogue", "argdown") else
                  [_t(("the map " if e.section == "map" else e.section.rstrip("s") + " ")), _id(e.id), _t(" "), _q(e.label)]),
                 [_field(f) for f in e.fields]) for e in diff.definitions]
    add("The map's description, sides, actors, themes, patterns and import layers", defs)
    return sections
