"""`argmap stats`: what a map holds, what is unanswered, and where each recommendation stands."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from .core import ArgumentMap
from .evaluate import Evaluation, evaluate
from .model import NodeType

__all__ = ["map_stats", "stats"]


def map_stats(argmap: ArgumentMap, evaluation: Evaluation | None = None) -> dict:
    """Counts and the recommendation table, as plain data."""
    evaluation = evaluation or evaluate(argmap)
    nodes = list(argmap.nodes.values())
    by_source = Counter(source for n in nodes for source in {q.source for q in n.quotes})  # nodes quoting it
    recommendations = []
    for rec_id, a in evaluation.recommendations.items():
        recommendations.append({
            "id": rec_id,
            "label": argmap.nodes[rec_id].label,
            "status": a.status.value,
            "supports": len(a.supports),
            "objections": len(a.objections),
            "answered": len(a.answered),
            "unanswered": [o.id for o in a.unanswered],
        })
    return {
        "map": argmap.info.id,
        "nodes": len(nodes),
        "relations": sum(1 for _ in argmap.edges()),
        "quotes": sum(len(n.quotes) for n in nodes),
        "by_type": {t.value: sum(n.type is t for n in nodes) for t in NodeType},
        "by_side": {s: sum(n.side == s for n in nodes) for s in argmap.sides},
        "by_source": {s: by_source.get(s, 0) for s in argmap.sources},
        "by_pattern": {p: sum(n.pattern == p for n in nodes) for p in argmap.patterns},
        "by_status": dict(Counter(evaluation.labels[n.id].value for n in nodes)),
        "unanswered_objections": evaluation.unanswered_objections(argmap),
        "unsupported_recommendations": [n.id for n in argmap.of_type(NodeType.RECOMMENDATION) if not argmap.backed(n.id)],
        "recommendations": recommendations,
    }


def _table(title: str, counts: dict[str, int], labels: dict[str, str] | None = None) -> list[str]:
    labels = labels or {}
    lines = [title]
    width = max((len(labels.get(k, k)) for k in counts), default=0)
    for key, value in counts.items():
        lines.append(f"  {labels.get(key, key):<{width}}  {value:>4}")
    return lines


def format_stats(argmap: ArgumentMap, data: dict) -> str:
    lines = [f"{argmap.info.title}", f"{data['nodes']} nodes, {data['relations']} relations, {data['quotes']} quotes", ""]
    lines += _table("By type", data["by_type"]) + [""]
    lines += _table("By side", data["by_side"], {k: v.label for k, v in argmap.sides.items()}) + [""]
    lines += _table("By source (nodes quoting it)", data["by_source"]) + [""]
    lines += _table("Objections by pattern", data["by_pattern"], {k: v.label for k, v in argmap.patterns.items()}) + [""]
    lines += _table("Evaluation (grounded)", data["by_status"]) + [""]
    lines.append(f"Unanswered objections ({len(data['unanswered_objections'])})")
    lines += [f"  {o}: {argmap.nodes[o].label}" for o in data["unanswered_objections"]] or ["  none"]
    lines.append("")
    lines.append(f"Recommendations without support ({len(data['unsupported_recommendations'])})")
    lines += [f"  {r}" for r in data["unsupported_recommendations"]] or ["  none"]
    lines.append("")
    lines.append("Recommendations")
    recs = data["recommendations"]
    width = max((len(r["label"]) for r in recs), default=10)
    width = min(width, 60)
    lines.append(f"  {'status':<10} {'recommendation':<{width}}  for  against  answered")
    for r in recs:
        label = r["label"] if len(r["label"]) <= width else r["label"][: width - 1] + "…"
        lines.append(f"  {r['status']:<10} {label:<{width}}  {r['supports']:>3}  {r['objections']:>7}  {r['answered']:>8}")
    return "\n".join(lines)


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human", show_default=True)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), help="Project folder source paths are relative to.")
def stats(path: Path | None, fmt: str, root: Path | None) -> None:
    """Counts by type, side, source and pattern; gaps; where each recommendation stands."""
    from .cli import load_valid

    argmap = load_valid(path, root)
    data = map_stats(argmap)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(format_stats(argmap, data))
