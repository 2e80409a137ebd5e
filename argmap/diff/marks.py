"""A diff as the other outputs use it: marks for the diagram, a short summary for the briefing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Diff

if TYPE_CHECKING:
    from ..render.dot import Changes

__all__ = ["render_changes", "since_summary", "node_marks"]


def node_marks(diff: Diff) -> dict[str, str]:
    """New-map id → `added`, `renamed`, `changed` (its content or quotes) or `affected` (only its
    evaluation label or verdict changed): what the diagram and the explorer mark."""
    marks = {c.id: "affected" for c in diff.labels}
    marks.update({v.id: "affected" for v in diff.verdicts})
    for group in (diff.changed, diff.quotes_changed, diff.quotes_added, diff.quotes_removed):
        for item in group:
            marks[getattr(item, "id", None) or item.node] = "changed"
    marks.update({r.new: "renamed" for r in diff.renamed})
    marks.update({r.id: "added" for r in diff.added})
    return marks


def render_changes(diff: Diff) -> "Changes":
    """What `render --diff` marks on the diagram."""
    from ..render.dot import Changes

    def kind(rel) -> str:
        return rel.kind  # support, part, or an attack kind: as the diagram names its edges

    notes = {c.id: f"now {c.new}, was {c.old}" for c in diff.labels}
    notes.update({v.id: f"now {v.new}, was {v.old}" for v in diff.verdicts})  # a verdict says more than a label
    edges = {(r.source, r.target, kind(r)): "added" for r in diff.relations_added}
    edges.update({(c.new.source, c.new.target, kind(c.new)): "changed" for c in diff.relations_changed})
    return Changes(
        since=diff.old_name,
        nodes=node_marks(diff),
        edges=edges,
        removed_nodes=tuple((r.id, r.type, r.label) for r in diff.removed),
        removed_edges=tuple((r.source, r.target, kind(r)) for r in diff.relations_removed),
        renamed_from={r.new: r.old for r in diff.renamed},
        notes=notes,
    )


def since_summary(diff: Diff, *, limit: int = 8) -> dict:
    """The data of a briefing's "What changed since …" section: one sentence, then the verdicts
    that changed (with reasons), and the nodes added, removed and changed, at most `limit` each.

    Plain data (ids, labels, reasons with `backticked` ids), for the briefing's templates.
    """
    from .document import summary

    return {
        "since": diff.old_name,
        "same": diff.empty,
        "summary": summary(diff),
        "verdicts": [{"id": v.id, "label": v.label, "old": v.old, "new": v.new, "old_reason": v.old_reason,
                      "new_reason": v.new_reason} for v in diff.verdicts],
        "added": [{"id": r.id, "type": r.type, "label": r.label} for r in diff.added[:limit]],
        "removed": [{"id": r.id, "type": r.type, "label": r.label} for r in diff.removed[:limit]],
        "changed": [{"id": c.id, "type": c.type, "label": c.label, "fields": [f.field for f in c.fields]}
                    for c in diff.changed[:limit]],
        "renamed": [{"old": r.old, "new": r.new, "label": r.label} for r in diff.renamed[:limit]],
        "more": {"added": max(0, len(diff.added) - limit), "removed": max(0, len(diff.removed) - limit),
                 "changed": max(0, len(diff.changed) - limit), "renamed": max(0, len(diff.renamed) - limit)},
        "labels_changed": len(diff.labels),
    }
