"""Argument diagrams with Graphviz: `render_map` draws a whole map or the part around a node."""

from __future__ import annotations

from dataclasses import dataclass

from ..core import ArgumentMap
from ..evaluate import Evaluation, evaluate
from ..graph import Direction, NodeFilter, subgraph
from ..problems import UsageError
from .backend import DEFAULT_TIMEOUT, DotFailed, DotNotFound, DotTimeout, run_dot
from .dot import Changes, DotOptions, to_dot

__all__ = ["RenderOptions", "Changes", "render_map", "select_nodes", "to_dot", "DotNotFound", "DotTimeout", "DotFailed", "OUTPUT_FORMATS"]

OUTPUT_FORMATS = ("svg", "png", "pdf", "dot")
GROUPINGS = ("side", "theme", "source", "none")


@dataclass(frozen=True)
class RenderOptions:
    """What part of a map to draw and how."""

    focus: str | None = None
    depth: int = 2
    direction: Direction = "both"
    group_by: str = "none"
    filter: NodeFilter | None = None
    legend: bool = True
    timeout: float = DEFAULT_TIMEOUT
    title: str | None = None  # None: the map's title (and the focus); "": no title
    dpi: int | None = None  # for PNG
    size: tuple[float, float] | None = None  # inches to shrink the drawing into (a page, say)
    changes: Changes | None = None  # changes since an older version, marked (`render --diff`)


def select_nodes(argmap: ArgumentMap, options: RenderOptions) -> list[str]:
    """The ids to draw: the focus subgraph (if any), then the filter (the focus always stays)."""
    if options.focus is not None and options.focus not in argmap.nodes:
        from rapidfuzz import fuzz, process

        best = process.extractOne(options.focus, list(argmap.nodes), scorer=fuzz.ratio, score_cutoff=60)
        raise UsageError(f"no node `{options.focus}` in the map", hint=f"did you mean `{best[0]}`?" if best else None)
    if options.group_by not in GROUPINGS:
        raise UsageError(f"cannot group by `{options.group_by}`", hint="choose one of: " + ", ".join(GROUPINGS))
    ids = subgraph(argmap, options.focus, options.depth, options.direction) if options.focus else list(argmap.nodes)
    if options.filter is not None and not options.filter.empty:
        unknown = options.filter.unknown_values(argmap)
        if unknown:
            raise UsageError("; ".join(unknown))
        kept = set(options.filter.apply(argmap, ids))
        ids = [n for n in ids if n in kept or n == options.focus]
    return ids


def render_map(argmap: ArgumentMap, fmt: str = "svg", options: RenderOptions | None = None,
               evaluation: Evaluation | None = None) -> bytes:
    """Draw a map as svg, png, pdf or dot (DOT source; needs no Graphviz)."""
    options = options or RenderOptions()
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"cannot render to `{fmt}`", hint="choose one of: " + ", ".join(OUTPUT_FORMATS))
    ids = select_nodes(argmap, options)
    if evaluation is None:
        evaluation = evaluate(argmap)
    title = options.title
    if title is None:
        title = argmap.info.title
        if options.focus:
            title = f"{argmap.info.title} — around “{argmap.nodes[options.focus].label}”"
    source = to_dot(argmap, evaluation, DotOptions(
        nodes=tuple(ids), group_by=options.group_by, focus=options.focus, legend=options.legend, title=title,
        dpi=options.dpi, size=options.size, changes=options.changes,
        whole=options.focus is None and (options.filter is None or options.filter.empty)))
    if fmt == "dot":
        return source.encode("utf-8")
    return run_dot(source, fmt, options.timeout)
