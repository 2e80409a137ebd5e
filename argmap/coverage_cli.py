"""`argmap coverage`: per source, how much the map quotes and the longest passages it does not."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import _root_option, load_valid
from .problems import UsageError

__all__ = ["coverage", "format_coverage"]


def format_coverage(reports, top: int) -> str:
    """The text report: one block per source."""
    lines: list[str] = []
    for r in reports:
        lines.append(f"{r.source_id}  {r.file}")
        lines.append(f"  {r.quotes} quote{'s' if r.quotes != 1 else ''} · {r.char_share:.1%} of characters covered "
                     f"({r.chars_covered:,} of {r.chars_total:,}) · {r.sentences_covered} of {r.sentences_total} sentences "
                     f"({r.sentence_share:.1%})")
        longest = r.longest(top)
        if not r.uncovered:
            lines.append("  every sentence is quoted")
        elif longest:
            lines.append(f"  longest uncovered passages ({len(r.uncovered)} in all):")
            for p in longest:
                where = f"line {p.line}" if p.line == p.end_line else f"lines {p.line}-{p.end_line}"
                lines.append(f"    {where} ({p.chars:,} chars): «{p.to_dict(clip=100)['text']}»")
        else:
            lines.append(f"  {len(r.uncovered)} uncovered passages")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output for people or machines.")
@click.option("--top", default=5, show_default=True, type=click.IntRange(min=0),
              help="How many of the longest uncovered passages to list per source.")
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Only this source (repeatable).")
@_root_option
def coverage(path, fmt: str, top: int, source_ids: tuple[str, ...], root) -> None:
    """Show how much of each source the map quotes, and the longest passages no quote covers.

    Shares are of the source's non-space characters, and of its sentences (a sentence counts
    as covered when quotes cover at least half of it). A quote with [...] omissions covers
    only its quoted parts. Uncovered passages are runs of uncovered sentences within a
    paragraph, with their line numbers: candidates for new nodes.
    """
    from .coverage import source_coverage

    argmap = load_valid(path, root)
    unknown = [s for s in source_ids if s not in argmap.sources]
    if unknown:
        raise UsageError(f"no source `{unknown[0]}` in the map", hint="sources: " + ", ".join(argmap.sources))
    wanted = source_ids or tuple(argmap.sources)
    reports = [source_coverage(argmap, sid) for sid in wanted if sid in argmap.texts]
    if fmt == "json":
        total = sum(r.chars_total for r in reports)
        covered = sum(r.chars_covered for r in reports)
        data = {"map": argmap.info.id, "unit": "non-space characters; sentences covered at least half",
                "characters": {"covered": covered, "total": total, "share": round(covered / total, 4) if total else 0.0},
                "sources": [r.to_dict(top) for r in reports]}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(format_coverage(reports, top), nl=False)
