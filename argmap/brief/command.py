"""`argmap brief`: write a briefing note (Markdown, HTML or Word) from a map."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..cli import _root_option, load_valid
from ..problems import UsageError

__all__ = ["brief", "FORMATS", "format_for"]

FORMATS = ("md", "html", "docx")
_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}
# Diagram files argmap writes into `<stem>-diagrams/` (and may replace on the next run).
_OURS = re.compile(r"(key|\d{2,}-[A-Za-z0-9_.-]+)\.svg")


def _since(rendered, fmt: str, changes: dict | None):
    """The rendered note, opened with the "What changed since …" section when asked for."""
    if changes is None:
        return rendered
    from ..diff.since import insert_since

    return insert_since(rendered, fmt, changes)


def format_for(output: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    found = _SUFFIXES.get(output.suffix.lower())
    if found is None:
        raise UsageError(f"cannot tell the format from `{output.name}`", hint="name the file .md, .html or .docx, or pass --format")
    return found


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: from the file name).")
@click.option("--focus", metavar="ID", help="Only the recommendations this node bears on; the diagram drawn around it.")
@click.option("--stance", default="balanced", show_default=True, metavar="balanced|SIDE",
              help="Lay out both sides, or prepare one side (a side id) to meet the other's objections.")
@click.option("--date", "date", metavar="YYYY-MM-DD", help="Date prepared (default: $SOURCE_DATE_EPOCH, else today).")
@click.option("--since", metavar="OLD", help="Open with what changed since OLD (a map path, or a git revision such as HEAD~1).")
@click.option("--no-diagram", is_flag=True, help="Leave out the argument diagrams (no Graphviz needed).")
@_root_option
def brief(path, output: Path, fmt, focus, stance, date, since, no_diagram, root) -> None:
    """Write a briefing note: the bottom line, background, each recommendation with its
    arguments and objections, anticipated questions with suggested answers, key quotes with
    citations, and the argument diagrams.

    Markdown is CommonMark, with its diagrams as SVG files in a folder beside it; HTML is one
    self-contained file (inline styles and SVG, print stylesheet); DOCX uses Word's own
    heading, list, quote and caption styles.
    """
    from ..evaluate import evaluate
    from ..fsutil import write_atomic
    from .build import build_briefing, prepared_date
    from .diagram import Diagrams, draw_diagrams

    fmt = format_for(output, fmt)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write `{output}`: the folder `{folder}` does not exist")
    when = prepared_date(date)  # a bad --date is a usage error before any work
    argmap = load_valid(path, root)
    evaluation = evaluate(argmap)
    changes = None
    if since is not None:  # issue 17: the "What changed since …" section (argmap.diff.since)
        from ..diff.since import load_since

        changes = load_since(since, path, root, argmap, evaluation)
    briefing = build_briefing(argmap, evaluation, focus=focus, stance=stance, prepared=when)
    if no_diagram:
        diagrams = Diagrams()
    else:
        diagrams = draw_diagrams(argmap, evaluation, briefing, "png" if fmt == "docx" else "svg", focus)
        for warning in diagrams.warnings:
            click.echo(f"argmap: warning: no diagrams: {warning}", err=True)

    if fmt == "md":
        from .to_markdown import diagram_folder, linked, render_markdown

        folder = diagram_folder(output.stem)
        files, figures, key = linked(diagrams, folder)
        if files:
            target = output.parent / folder
            target.mkdir(exist_ok=True)
            written = set()
            for name, svg in files:
                write_atomic(output.parent / name, svg)
                written.add(Path(name).name)
            for stale in target.iterdir():
                if stale.name not in written and _OURS.fullmatch(stale.name):
                    stale.unlink()
        data = render_markdown(briefing, figures, key, diagrams.note)
        write_atomic(output, _since(data, fmt, changes))
        extra = f" and {len(files)} diagram file{'s' if len(files) != 1 else ''} in {output.parent / folder}" if files else ""
    elif fmt == "html":
        from .to_html import render_html

        data = render_html(briefing, diagrams)
        write_atomic(output, _since(data, fmt, changes))
        extra = ""
    else:
        from .to_docx import render_docx

        data = render_docx(briefing, diagrams)
        write_atomic(output, _since(data, fmt, changes))
        extra = ""
    n = len(briefing.recommendations)
    click.echo(f"wrote {output}{extra} ({n} recommendation{'s' if n != 1 else ''}, "
               f"{briefing.unanswered} unanswered objection{'s' if briefing.unanswered != 1 else ''})", err=True)
