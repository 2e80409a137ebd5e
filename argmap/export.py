"""The resolved map as JSON: what other programs read (`argmap export --to json`)."""

from __future__ import annotations

import json
from typing import Any

from . import __version__
from .core import ArgumentMap
from .evaluate import Evaluation, evaluate

__all__ = ["to_json_data", "to_json", "FORMAT"]

FORMAT = "argmap-json/1"  # additions (evaluation, defeats, verdicts) keep the version: readers ignore keys they do not know


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _verdict(ev: Evaluation, node_id: str) -> dict[str, Any]:
    """For a recommendation: its verdict, the reason, its critical nodes and the objections reaching it."""
    a = ev.recommendations.get(node_id)
    if a is None:
        return {}
    return {
        "verdict": a.verdict.value,
        "reason": a.reason,
        "critical": list(ev.critical(node_id)),
        "objections": {
            "answered": [o.id for o in a.answered],
            "contested": [o.id for o in a.contested],
            "unanswered": [o.id for o in a.unanswered],
            "inherited": [o.id for o in a.inherited],
        },
    }


def to_json_data(argmap: ArgumentMap, evaluation: Evaluation | None = None) -> dict[str, Any]:
    """The map with every reference resolved and every quote located (character offsets), and its
    evaluation: each node's label and strength, whether each attack defeats its target, the
    attacks a part inherits from its package, and each recommendation's verdict."""
    from .loader import collector_paused

    with collector_paused():
        return _json_data(argmap, evaluation or evaluate(argmap))


def _json_data(argmap: ArgumentMap, ev: Evaluation) -> dict[str, Any]:
    defeats = {(a.attacker, a.target): a.defeats for a in ev.attacks if a.via is None}
    inherited: dict[str, list] = {}
    for x in ev.attacks:
        if x.via is not None:
            inherited.setdefault(x.attacker, []).append(x)
    sources = []
    for source in argmap.sources.values():
        text = argmap.texts.get(source.id)
        entry = source.model_dump(mode="json", exclude_none=True)
        entry["sha256"] = text.sha256 if text is not None else source.sha256
        entry["copies"] = [
            {**copy.model_dump(mode="json", exclude_none=True),
             "sha256": (argmap.texts[f"{source.id}#copy{i + 1}"].sha256 if f"{source.id}#copy{i + 1}" in argmap.texts else copy.sha256)}
            for i, copy in enumerate(source.copies)
        ]
        sources.append(_clean(entry) | {"id": source.id, "title": source.title, "file": source.file, "sha256": entry["sha256"]})
    nodes = []
    for node in argmap.nodes.values():
        quotes = []
        for i, quote in enumerate(node.quotes):
            span = argmap.quote_span(node.id, i)
            quotes.append(_clean({
                "source": quote.source,
                "text": quote.text,
                "note": quote.note,
            }) | {
                "start": span.start if span else None,
                "end": span.end if span else None,
                "line": span.line if span else None,
                "column": span.column if span else None,
            })
        nodes.append({
            "id": node.id,
            "type": node.type.value,
            "side": node.side,
            "title": node.title,
            "label": node.label,
            "text": node.text,
            "by": list(node.by),
            "themes": list(node.themes),
            "pattern": node.pattern,
            "supports": list(node.supports),
            "attacks": [{"target": a.target, "kind": a.kind.value, "strength": a.strength.value, "scope": a.scope.value,
                         "defeats": defeats.get((node.id, a.target), False)}
                        for a in node.attack_list],
            "inherited_attacks": [{"target": x.target, "kind": x.kind.value, "strength": x.strength.value,
                                   "via": x.via, "defeats": x.defeats} for x in inherited.get(node.id, ())],
            "weight": node.weight.value if node.weight else None,
            "evaluation": {"label": ev.labels[node.id].value, "strength": round(ev.strength[node.id], 6)},
            **_verdict(ev, node.id),
            "part_of": list(node.part_of),
            "quotes": quotes,
            "note": node.note or None,
        })
    return {
        "format": FORMAT,
        "generator": f"argmap {__version__}",
        "map": argmap.info.model_dump(mode="json"),
        "sides": [s.model_dump(mode="json") for s in argmap.sides.values()],
        "actors": [a.model_dump(mode="json", exclude_none=True) for a in argmap.actors.values()],
        "themes": [t.model_dump(mode="json") for t in argmap.themes.values()],
        "patterns": [p.model_dump(mode="json") for p in argmap.patterns.values()],
        "sources": sources,
        "nodes": nodes,
    }


def to_json(argmap: ArgumentMap) -> str:
    return json.dumps(to_json_data(argmap), indent=2, ensure_ascii=False) + "\n"
