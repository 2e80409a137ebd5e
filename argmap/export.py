"""The resolved map as JSON: what other programs read (`argmap export --to json`)."""

from __future__ import annotations

import json
from typing import Any

from . import __version__
from .core import ArgumentMap

__all__ = ["to_json_data", "to_json", "FORMAT"]

FORMAT = "argmap-json/1"


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def to_json_data(argmap: ArgumentMap) -> dict[str, Any]:
    """The map with every reference resolved and every quote located (character offsets)."""
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
            "attacks": [{"target": a.target, "kind": a.kind.value, **({"premises": list(a.premises)} if a.premises else {})}
                        for a in node.attack_list],
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
