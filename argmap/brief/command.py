"""`argmap brief`: write a briefing note (Markdown, HTML or Word) from a map."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import _root_option, load_valid
from ..problems import UsageError

__all__ = ["brief"]

FORMATS = ("md", "html", "docx")
DETAILS = ("brief", "full")


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: from the file name).")
@click.option("--focus", metavar="ID", help="A note on the recommendations this node bears on (at most two pages).")
@click.option("--stance", default="balanced", show_default=True, metavar="balanced|SIDE",
              help="Lay out both sides, or prepare one side (a side id) to meet the other's objections.")
@click.option("--detail", type=click.Choice(DETAILS), default="brief", show_default=True,
              help="brief: the note (about four pages); full: the note and annexes with every recommendation, "
                   "objection, quote and actor.")
@click.option("--date", "date", metavar="YYYY-MM-DD", help="Date prepared (default: $SOURCE_DATE_EPOCH, else today).")
@click.option("--since", metavar="OLD", help="Open with what changed since OLD (a map path, or a git revision such as HEAD~1).")
@click.option("--no-diagram", is_flag=True, help="Leave out the argument diagrams (no Graphviz needed).")
@_root_option
def brief(path, output: Path, fmt, focus, stance, detail, date, since, no_diagram, root) -> None:
    """Write a briefing note that leads with the answer: purpose, the bottom line in a few
    sentences, background, each top-level recommendation with its verdict, why, what it
    stands or falls on, its strongest support and objections, anticipated questions with
    suggested answers, sources, and one overview diagram. `--detail full` adds the annexes.

    Markdown is CommonMark, with its diagrams as SVG files in a folder beside it; HTML is one
    self-contained file (inline styles and SVG, an A4 print stylesheet); DOCX uses Word's own
    heading, list, quote and caption styles, and numbers its pages.
    """
    from ..evaluate import evaluate
    from .build import prepared_date
    from .write import format_for, write

    fmt = format_for(output, fmt)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write `{output}`: the folder `{folder}` does not exist")
    when = prepared_date(date)  # a bad --date is a usage error before any work
    argmap = load_valid(path, root)
    evaluation = evaluate(argmap)
    changes = None
    if since is not None:  # the "What changed since …" section (argmap.diff.since)
        from ..diff.since import load_since

        changes = load_since(since, path, root, argmap, evaluation)
    written = write(argmap, evaluation, output, fmt, focus=focus, stance=stance, detail=detail, prepared=when,
                    diagrams=not no_diagram, on_warning=lambda w: click.echo(f"argmap: warning: {w}", err=True),
                    since=changes)
    click.echo(written.summary, err=True)
