"""`argmap explain ID`: a recommendation's verdict, the reason, the attacks and defences that decide
it, and the nodes it stands or falls on."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .core import ArgumentMap
from .evaluate import VERDICT_LABELS, Evaluation, Verdict, evaluate
from .model import NodeType
from .problems import UsageError

__all__ = ["explain", "format_explanation", "resolve_id"]


def resolve_id(argmap: ArgumentMap, ident: str, *, want: NodeType | None = None, option: str = "ID") -> str:
    """`ident` if the map has such a node (of type `want`), else a usage error with the "did you
    mean" every command gives for a node id (`argmap.suggest`)."""
    pool = [n.id for n in argmap.nodes.values() if want is None or n.type is want]
    if ident in pool:
        return ident
    what = f"{want.value}" if want else "node"
    from .suggest import did_you_mean

    if ident in argmap.nodes and want is not None:
        kind = argmap.nodes[ident].type.value
        message = f"`{ident}` is {'an' if kind[0] in 'aeiou' else 'a'} {kind}, not a {what}"
    else:
        message = f"no {what} `{ident}` in the map"
    hint = did_you_mean(ident, pool, 60) or (
        f"`argmap stats` lists the {what}s" if want else "`argmap stats` lists what the map holds")
    raise UsageError(f"{option}: {message}", hint=hint)


def format_explanation(argmap: ArgumentMap, ev: Evaluation, rec_id: str) -> str:
    """The explanation for people: verdict and reason, grounds, the attack chain, critical nodes."""
    data = ev.explain(rec_id)
    title = lambda n: argmap.nodes[n].label if n in argmap.nodes else n  # noqa: E731
    lines = [f"{VERDICT_LABELS[Verdict(data['verdict'])].upper()}  {data['title']}  ({rec_id})",
             f"  {data['reason']}", ""]
    o = data["objections"]
    a = ev.recommendations[rec_id]
    lines.append(f"Objections that reach it: {a.counts()}")
    for status in ("unanswered", "contested", "answered"):
        for ident in o[status]:
            obj = next(x for x in a.objections if x.id == ident)
            via = f", inherited from its package `{obj.inherited_from}`" if obj.inherited_from else ""
            hits = ", ".join(f"`{h}`" for h in obj.hits)
            effect = "defeats" if obj.defeats else "does not defeat"
            lines.append(f"  {status:<10} {ident}: {title(ident)}")
            lines.append(f"             {obj.kind}s {hits} and {effect}{via}")
    lines.append("")

    def walk(entries, depth):
        for e in entries:
            mark = {"in": "+", "out": "-", "undecided": "?"}[e["label"]]
            note = "" if e["defeats"] else f"  (does not defeat: {e.get('why_not', 'weak')})"
            via = f"  [inherited from `{e['inherited_from']}`]" if e["inherited_from"] else ""
            lines.append(f"{'  ' * depth}{mark} {e['attacker']} {e['kind']}s it ({e['label']}){note}{via}")
            if isinstance(e["answers"], list):
                walk(e["answers"], depth + 1)
            elif e["answers"]:
                lines.append(f"{'  ' * (depth + 1)}… (cycle)")

    lines.append("Attacks and defences (+ in, - out, ? undecided):")
    walk(data["attacks"], 1)
    for g in data["grounds"]:
        lines.append(f"  reason {g['id']} ({g['label']}, strength {g['strength']:.2f}): {g['title']}")
        walk(g["attacks"], 2)
    lines.append("")
    if data["critical"]:
        lines.append("It stands or falls on:")
        for c in data["critical"]:
            how = "were removed" if c["if"] == "removed" else "were answered"
            lines.append(f"  {c['id']}: if it {how}, the verdict would be {c['verdict']}")
    else:
        lines.append("No single node's removal or answer would change the verdict.")
    return "\n".join(lines)


@click.command()
@click.argument("ident", metavar="ID")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), help="Project folder source paths are relative to.")
def explain(ident: str, path: Path | None, fmt: str, root: Path | None) -> None:
    """Why a recommendation stands, is contested, countered or defeated, and what would change it."""
    from .cli import load_valid

    argmap = load_valid(path, root)
    rec_id = resolve_id(argmap, ident, want=NodeType.RECOMMENDATION)
    ev = evaluate(argmap)
    if fmt == "json":
        click.echo(json.dumps(ev.explain(rec_id), indent=2, ensure_ascii=False))
    else:
        click.echo(format_explanation(argmap, ev, rec_id))
