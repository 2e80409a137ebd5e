"""`argmap render`: draw a map, or the part of it around a node."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import _root_option, load_valid
from ..problems import UsageError

__all__ = ["render"]


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "pdf", "dot"]), help="Output format (default: from the file name).")
@click.option("--focus", metavar="ID", help="Draw only the nodes around this one.")
@click.option("--depth", type=click.IntRange(0, None), default=2, show_default=True, help="How many relations from --focus.")
@click.option("--direction", type=click.Choice(["both", "up", "down"]), default="both", show_default=True,
              help="From --focus: up to what it supports/attacks, down to its reasons and objections.")
@click.option("--group-by", type=click.Choice(["side", "theme", "source", "none"]), default="none", show_default=True)
@click.option("--side", multiple=True, help="Keep only nodes of this side (repeatable).")
@click.option("--theme", multiple=True, help="Keep only nodes with this theme (repeatable).")
@click.option("--type", "types", multiple=True, help="Keep only nodes of this type (repeatable).")
@click.option("--no-legend", is_flag=True, help="Leave out the key to shapes and arrows.")
@click.option("--diff", "since", metavar="OLD",
              help="Mark what changed since OLD (a map path, or a git revision such as HEAD~1): added, changed, "
                   "renamed and removed nodes and relations, and nodes whose label changed.")
@click.option("--timeout", type=click.FloatRange(1, 3600), default=30, show_default=True, help="Seconds Graphviz may take.")
@_root_option
def render(path, output, fmt, focus, depth, direction, group_by, side, theme, types, no_legend, since, timeout, root) -> None:
    """Draw an argument diagram with Graphviz (SVG, PNG, PDF, or DOT source)."""
    from ..fsutil import write_atomic
    from ..graph import NodeFilter
    from . import RenderOptions, render_map
    from .backend import DotNotFound

    if fmt is None:
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in ("svg", "png", "pdf", "dot", "gv"):
            raise UsageError(f"cannot tell the format from `{output.name}`", hint="name the file .svg, .png, .pdf or .dot, or pass --format")
        fmt = "dot" if fmt == "gv" else fmt
    argmap = load_valid(path, root)
    changes = None
    if since is not None:
        from ..diff import diff_maps, render_changes
        from ..diff.command import load_old

        old = load_old(since, path, root)
        changes = render_changes(diff_maps(old.argmap, argmap, old_name=old.name))
    options = RenderOptions(focus=focus, depth=depth, direction=direction, group_by=group_by,
                            filter=NodeFilter.of(side=side, type=types, theme=theme), legend=not no_legend, timeout=timeout,
                            changes=changes)
    try:
        data = render_map(argmap, fmt, options)
    except DotNotFound:
        dot_file = output.with_suffix(".dot")
        write_atomic(dot_file, render_map(argmap, "dot", options))
        click.echo(f"wrote the DOT source to {dot_file}; draw it once Graphviz is installed: dot -T{fmt} {dot_file} -o {output}", err=True)
        raise
    write_atomic(output, data)
    from ..render import select_nodes

    shown = len(select_nodes(argmap, options))
    click.echo(f"wrote {output} ({shown} of {len(argmap.nodes)} nodes)", err=True)
    sys.stdout.flush()
