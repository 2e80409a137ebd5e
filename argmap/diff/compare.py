"""Comparing two loaded maps: `diff_maps(old, new)` → a `Diff`, by node id, renames found.

The work is proportional to the size of the maps for the checks every node needs (is it in
both? is it the same?) and to the size of the change for everything else: nodes equal in both
versions are compared once, with pydantic's `==`, and never looked at again.
"""

from __future__ import annotations

from typing import Any

from ..core import ArgumentMap
from ..evaluate import Evaluation
from ..model import Node
from .consequences import consequences, verdict_of
from .model import (
    Diff, EntryChange, FieldChange, LabelChange, NodeChange, NodeRef, QuoteChange, QuoteRef, Relation,
    RelationChange, Rename, VerdictChange,
)
from .relations import mapped, outgoing
from .renames import find_renames
from .words import same_words, similarity, word_diff

__all__ = ["diff_maps", "NODE_FIELDS", "TEXT_FIELDS"]

# A node's own content, in the order a reader wants it; relations and quotes are compared apart.
NODE_FIELDS = ("type", "side", "title", "text", "by", "themes", "pattern", "weight", "note")
# Fields shown with a word-level diff (elsewhere: before → after).
TEXT_FIELDS = frozenset({"text", "title", "note", "summary", "question", "description"})
# Quotes this alike (word by word) from the same source are one quote reworded.
_SIMILAR = 0.5
# What the evaluation reads of a node besides its relations.
_EVALUATED_FIELDS = frozenset({"type", "weight"})


def diff_maps(old: ArgumentMap, new: ArgumentMap, old_eval: Evaluation | None = None,
              new_eval: Evaluation | None = None, *, old_name: str = "old", new_name: str = "new",
              evaluate: bool = True) -> Diff:
    """What changed from `old` to `new`; with `evaluate`, also which labels and verdicts changed
    (the evaluations are computed when not given).

    The collector is paused meanwhile, as for a load: the first allocations after loading two
    large maps would otherwise set off a full collection of everything they hold (measured at
    10,000 nodes: 1 to 2 s, several times the diff itself), and a diff makes no cycles.
    """
    from ..loader import collector_paused

    with collector_paused():
        return _diff_maps(old, new, old_eval, new_eval, old_name, new_name, evaluate)


def _diff_maps(old: ArgumentMap, new: ArgumentMap, old_eval: Evaluation | None, new_eval: Evaluation | None,
               old_name: str, new_name: str, evaluate: bool) -> Diff:
    removed_ids = [n for n in old.nodes if n not in new.nodes]
    added_ids = [n for n in new.nodes if n not in old.nodes]
    renames = find_renames(old, new, removed_ids, added_ids)
    if renames:
        renamed_new = set(renames.values())
        removed_ids = [n for n in removed_ids if n not in renames]
        added_ids = [n for n in added_ids if n not in renamed_new]

    def m(ident: str) -> str:
        return renames.get(ident, ident)

    changed: list[NodeChange] = []
    rel_added: list[Relation] = []
    rel_removed: list[Relation] = []
    rel_changed: list[RelationChange] = []
    q_added: list[QuoteRef] = []
    q_removed: list[QuoteRef] = []
    q_changed: list[QuoteChange] = []
    # nodes whose relations name a renamed node: equal in both versions, yet their relations changed
    mentioning = {s for o in renames for s in (*old.supporters(o), *(a for a, _ in old.attackers(o)), *old.parts(o))}
    pairs = [(n, n) for n in new.nodes if n in old.nodes]
    pairs += [(o, n) for o, n in renames.items()]
    for old_id, new_id in pairs:
        a, b = old.nodes[old_id], new.nodes[new_id]
        if old_id == new_id and old_id not in mentioning and a == b:
            continue
        fields = _node_fields(a, b)
        if fields:
            changed.append(NodeChange(new_id, old_id, b.type.value, b.label, fields))
        _relations(a, b, m, rel_added, rel_removed, rel_changed)
        if a.quotes != b.quotes:
            _quotes(new_id, a, b, q_added, q_removed, q_changed)
    for old_id in removed_ids:
        rel_removed.extend(mapped(r, m) for r in outgoing(old.nodes[old_id]).values())
    for new_id in added_ids:
        rel_added.extend(outgoing(new.nodes[new_id]).values())

    labels: tuple[LabelChange, ...] = ()
    verdicts: tuple[VerdictChange, ...] = ()
    if evaluate:
        touched = {n for n in added_ids}
        touched.update(c.id for c in changed if any(f.field in _EVALUATED_FIELDS for f in c.fields))
        for rel in (*rel_added, *rel_removed, *(c.new for c in rel_changed)):
            touched.update((rel.source, rel.target))
        old_eval, new_eval, labels, verdicts = consequences(old, new, old_eval, new_eval, renames, touched, removed_ids)

    def ref(argmap: ArgumentMap, ident: str, evaluation: Evaluation | None) -> NodeRef:
        node = argmap.nodes[ident]
        assessment = evaluation.recommendations.get(ident) if evaluation is not None else None
        return NodeRef(ident, node.type.value, node.side, node.label, verdict_of(assessment) if assessment else None)

    diff = Diff(
        old_name=old_name, new_name=new_name, title=new.info.title,
        added=tuple(ref(new, n, new_eval) for n in added_ids),
        removed=tuple(ref(old, n, old_eval) for n in removed_ids),
        renamed=tuple(Rename(o, n, new.nodes[n].type.value, new.nodes[n].label) for o, n in renames.items()),
        changed=tuple(changed),
        relations_added=tuple(rel_added), relations_removed=tuple(rel_removed), relations_changed=tuple(rel_changed),
        quotes_added=tuple(q_added), quotes_removed=tuple(q_removed), quotes_changed=tuple(q_changed),
        sources=tuple(_entries("sources", old.sources, new.sources)),
        definitions=tuple(_definitions(old, new)),
        labels=labels, verdicts=verdicts, evaluated=evaluate,
    )
    return diff


# -- one node ------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if hasattr(value, "value"):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _field_change(name: str, old: Any, new: Any) -> FieldChange | None:
    old, new = _plain(old), _plain(new)
    if old == new:
        return None
    if name in TEXT_FIELDS and (isinstance(old, str) or old is None) and (isinstance(new, str) or new is None):
        if same_words(old, new):
            return None
        if old and new:
            return FieldChange(name, old, new, word_diff(old, new))
    return FieldChange(name, old, new)


def _node_fields(a: Node, b: Node) -> tuple[FieldChange, ...]:
    out = []
    for name in NODE_FIELDS:
        change = _field_change(name, getattr(a, name), getattr(b, name))
        if change is not None:
            out.append(change)
    return tuple(out)


def _relations(a: Node, b: Node, m, added: list, removed: list, changed: list) -> None:
    before = {(*r.key, k[3]): r for k, r in ((k, mapped(r, m)) for k, r in outgoing(a).items())}
    after = outgoing(b)
    for key, rel in before.items():
        other = after.get(key)
        if other is None:
            removed.append(rel)
        elif other != rel:
            changed.append(RelationChange(rel, other))
    added.extend(rel for key, rel in after.items() if key not in before)


def _quotes(node_id: str, a: Node, b: Node, added: list, removed: list, changed: list) -> None:
    """Pair the quotes of one node: the same words from the same source are the same quote;
    of the rest, a reworded quote from the same source is a change, anything else added or removed."""
    new_left = list(range(len(b.quotes)))
    old_left = []
    for i, q in enumerate(a.quotes):
        match = next((j for j in new_left if b.quotes[j].source == q.source and same_words(b.quotes[j].text, q.text)), None)
        if match is None:
            old_left.append(i)
            continue
        new_left.remove(match)
        if b.quotes[match].note != q.note:
            note = _field_change("note", q.note, b.quotes[match].note)
            if note is not None:
                changed.append(QuoteChange(node_id, q.source, q.text, b.quotes[match].text, (), note))
    for i in old_left:
        q = a.quotes[i]
        scored = [(similarity(q.text, b.quotes[j].text), j) for j in new_left if b.quotes[j].source == q.source]
        best = max(scored, default=None)
        if best is not None and best[0] >= _SIMILAR:
            j = best[1]
            new_left.remove(j)
            note = _field_change("note", q.note, b.quotes[j].note)
            changed.append(QuoteChange(node_id, q.source, q.text, b.quotes[j].text, word_diff(q.text, b.quotes[j].text), note))
        else:
            removed.append(QuoteRef(node_id, q.source, q.text))
    for j in new_left:
        added.append(QuoteRef(node_id, b.quotes[j].source, b.quotes[j].text))


# -- sources and definitions ---------------------------------------------------------------------

_FIRST = {"sources": ("file", "sha256", "copies")}
# Import layers a map may carry (reported as a whole: they are bookkeeping, not argument).
_LAYERS = {"dialogue": "the imported AIF dialogue layer", "argdown": "the imported Argdown arguments and contradictions"}


def _entry_label(entry: Any) -> str:
    for name in ("title", "label", "name"):
        value = getattr(entry, name, None)
        if value:
            return " ".join(str(value).split())
    return entry.id


def _entries(section: str, old: dict, new: dict) -> list[EntryChange]:
    out = []
    for ident, entry in new.items():
        before = old.get(ident)
        if before is None:
            out.append(EntryChange(section, ident, "added", _entry_label(entry)))
        elif before != entry:
            fields = _model_fields(section, before, entry)
            if fields:
                out.append(EntryChange(section, ident, "changed", _entry_label(entry), fields))
    out.extend(EntryChange(section, ident, "removed", _entry_label(entry)) for ident, entry in old.items() if ident not in new)
    return out


def _model_fields(section: str, before: Any, after: Any) -> tuple[FieldChange, ...]:
    a, b = before.model_dump(mode="json"), after.model_dump(mode="json")
    first = _FIRST.get(section, ())
    names = [*(n for n in first if n in b), *(n for n in b if n not in first)]
    return tuple(c for c in (_field_change(n, a.get(n), b.get(n)) for n in names) if c is not None)


def _definitions(old: ArgumentMap, new: ArgumentMap) -> list[EntryChange]:
    out = []
    if old.info != new.info:
        fields = _model_fields("map", old.info, new.info)
        if fields:
            out.append(EntryChange("map", new.info.id, "changed", new.info.title, fields))
    for section in ("sides", "actors", "themes", "patterns"):
        out.extend(_entries(section, getattr(old, section), getattr(new, section)))
    for layer, label in _LAYERS.items():  # what `argmap import` kept of an imported file's structure
        before, after = getattr(old, layer, None), getattr(new, layer, None)
        if before != after:
            change = "added" if before is None else "removed" if after is None else "changed"
            out.append(EntryChange(layer, layer, change, label))
    return out
