"""`argmap stats`: what a map holds, what is unanswered, and where each recommendation stands."""

from __future__ import annotations

import json
import textwrap
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
            "verdict": a.verdict.value,
            "reason": a.reason,
            "supports": len(a.supports),
            "objections": {
                "answered": [o.id for o in a.answered],
                "contested": [o.id for o in a.contested],
                "unanswered": [o.id for o in a.unanswered],
                "inherited": [o.id for o in a.inherited],
            },
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
        "by_label": dict(Counter(evaluation.labels[n.id].value for n in nodes)),
        "by_verdict": dict(Counter(a.verdict.value for a in evaluation.recommendations.values())),
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
    lines += _table("Labels (grounded, over defeats)", data["by_label"]) + [""]
    lines += _table("Verdicts", data["by_verdict"]) + [""]
    lines.append(f"Unanswered objections ({len(data['unanswered_objections'])})")
    lines += [f"  {o}: {argmap.nodes[o].label}" for o in data["unanswered_objections"]] or ["  none"]
    lines.append("")
    lines.append(f"Recommendations without support ({len(data['unsupported_recommendations'])})")
    lines += [f"  {r}" for r in data["unsupported_recommendations"]] or ["  none"]
    lines.append("")
    lines.append("Recommendations (objections that reach each: answered / contested / unanswered, inherited from a package)")
    for r in data["recommendations"]:
        o = r["objections"]
        counts = "/".join(str(len(o[k])) for k in ("answered", "contested", "unanswered"))
        inherited = f", {len(o['inherited'])} inherited" if o["inherited"] else ""
        lines.append(f"  {r['verdict']:<10} {r['label']}  [{r['supports']} for; {counts}{inherited}]")
        lines += ["             " + line for line in textwrap.wrap(r["reason"], 88, break_on_hyphens=False)]
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
