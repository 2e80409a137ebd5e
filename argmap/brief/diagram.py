"""The briefing's argument diagrams, drawn by Graphviz.

The note has one overview: its recommendations and the objection patterns that reach them,
drawn small enough to read on a printed page whatever the size of the map (a node per
recommendation and per pattern, an arrow per pattern and recommendation, labelled with the
number of objections and how many of them stand unanswered). The annex has the rest.

A whole map is too big to read on a page, so the annex draws one diagram per recommendation
(the recommendation, its reasons and objections, and theirs: two relations down), or, with
`--focus`, one diagram: the focused recommendation drawn that way, or any other node with its
immediate neighbours (what it supports or attacks, what supports or attacks it). PNGs (for Word)
are drawn at 200 dpi and shrunk by Graphviz to fit a page (`size`), so they print sharp without
carrying pixels the page cannot show. The key to shapes and arrows is drawn once, apart.
Diagrams are drawn in parallel (each is one `dot` process). When Graphviz is missing or fails,
the briefing is written all the same, with a note where the diagrams would be.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from ..core import ArgumentMap
from ..evaluate import Evaluation
from ..model import NodeType
from ..problems import ArgmapError
from .escape import clean
from .model import Briefing
from .svg import SvgError, sanitise_svg

__all__ = ["Figure", "Diagrams", "draw_diagrams", "overview_dot", "DOWN_DEPTH", "PNG_DPI", "PNG_FIT"]

DOWN_DEPTH = 2  # a recommendation's reasons and objections, and their reasons and replies
PNG_DPI = 200
PNG_FIT = (6.5, 7.5)  # inches: the text area of a Letter or A4 page with 1-inch margins, less a caption


@dataclass(frozen=True)
class Figure:
    """One diagram: an id (for file names), a caption, and its picture in the format asked."""

    id: str
    caption: str
    svg: str | None = None  # sanitised
    png: bytes | None = None


@dataclass(frozen=True)
class Diagrams:
    """The diagrams of a briefing, the key, and the note that replaces them when none could be drawn."""

    figures: tuple[Figure, ...] = ()  # the annex's
    key: Figure | None = None
    overview: Figure | None = None  # the note's
    note: str | None = None
    warnings: tuple[str, ...] = field(default=())


def _plan(argmap: ArgumentMap, briefing: Briefing, focus: str | None) -> list[tuple[str, str, object]]:
    from ..render import RenderOptions

    if focus:
        label = clean(argmap.nodes[focus].label) or focus
        if argmap.nodes[focus].type is NodeType.RECOMMENDATION:
            options = RenderOptions(focus=focus, depth=DOWN_DEPTH, direction="down", legend=False)
        else:  # what it supports or attacks, and what supports or attacks it: a readable neighbourhood
            options = RenderOptions(focus=focus, depth=1, legend=False)
        return [(focus, f"Around “{label}”", options)]
    return [(r.node.id, f"{r.node.label}", RenderOptions(focus=r.node.id, depth=DOWN_DEPTH, direction="down", legend=False))
            for r in briefing.recommendations]


OVERVIEW_CAPTION = ("The recommendations (right) and the patterns of objection that reach them (left); "
                    "in brackets, how many objections; a thicker arrow, more of them; red, some stand unanswered.")
UNANSWERED_RED = "#b22222"


def overview_dot(argmap: ArgumentMap, evaluation: Evaluation, briefing: Briefing, *, dpi: int | None = None) -> str:
    """The DOT of the note's overview: one node per recommendation (numbered as in the note,
    with its verdict) and per objection pattern reaching one, an arrow per pair."""
    import graphviz

    from ..render.dot import _label, _tint, _wrap, clean_text

    note = briefing.note
    graph = graphviz.Digraph(
        name="overview",
        graph_attr={"rankdir": "LR", "nodesep": "0.07", "ranksep": "1.6", "fontname": "Helvetica",
                    "id": "overview", "bgcolor": "white", "pad": "0.05"},
        node_attr={"fontname": "Helvetica", "fontsize": "10", "margin": "0.08,0.04", "penwidth": "1.2",
                   "shape": "box", "style": "rounded,filled", "height": "0.3"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.6", "color": "#6b6b6b"},
    )
    if dpi:
        graph.graph_attr["dpi"] = str(dpi)

    def colour(side_id: str) -> str:
        side = argmap.sides.get(side_id)
        return side.colour if side and side.colour else "#666666"

    edges: dict[tuple[str, str], list[int]] = {}
    pattern_sides: dict[str, dict[str, int]] = {}
    for point in note.points:
        rid = point.item.node.id
        for o in evaluation.recommendations[rid].objections:
            pid = argmap.nodes[o.id].pattern or "_none"
            counts = edges.setdefault((pid, rid), [0, 0])
            counts[0] += 1
            counts[1] += o.status == "unanswered"
            sides = pattern_sides.setdefault(pid, {})
            side = argmap.nodes[o.id].side
            sides[side] = sides.get(side, 0) + 1
    # Two columns: the patterns (rank "same" on the left), the recommendations on the right.
    with graph.subgraph(name="patterns") as column:
        column.attr(rank="same")
        for pid in [p for p in argmap.patterns if p in pattern_sides] + (["_none"] if "_none" in pattern_sides else []):
            label = argmap.patterns[pid].label if pid in argmap.patterns else "Other objections"
            side = max(pattern_sides[pid].items(), key=lambda kv: kv[1])[0]
            count = sum(c[0] for (p, _), c in edges.items() if p == pid)
            column.node(f"p_{clean_text(pid)}", label=_label(_wrap(f"{label} ({count})", 34, 2)), id=clean_text(f"pattern-{pid}"),
                        fillcolor=_tint(colour(side), 0.85), color=colour(side), shape="box", style="filled")
    with graph.subgraph(name="recommendations") as column:
        column.attr(rank="same")
        for point in note.points:
            node = point.item.node
            c = colour(node.side.id)
            lines = _wrap(f"{point.number}. {node.label}", 46, 2)
            lines[-1] += f"  ({point.verdict_label.upper()})"
            attrs = {"fillcolor": _tint(c, 0.82), "color": c}
            if point.verdict in ("defeated", "countered"):
                attrs.update(fillcolor="#eeeeee", fontcolor="#555555", style="rounded,filled,dashed")
            column.node(f"r_{clean_text(node.id)}", label=_label(lines), id=clean_text(f"rec-{node.id}"), **attrs)
    for (pid, rid), (count, unanswered) in edges.items():
        attrs = {"penwidth": f"{min(0.6 + count * 0.5, 3.5):.1f}",
                 "tooltip": _label([f"{count} objection{'s' if count != 1 else ''}, {unanswered} unanswered"])}
        if unanswered:
            attrs.update(color=UNANSWERED_RED, fontcolor=UNANSWERED_RED)
        graph.edge(f"p_{clean_text(pid)}", f"r_{clean_text(rid)}", id=clean_text(f"{pid}--{rid}"), **attrs)
    return graph.source


def draw_diagrams(argmap: ArgumentMap, evaluation: Evaluation, briefing: Briefing, fmt: str,
                  focus: str | None = None, *, workers: int = 2) -> Diagrams:
    """Draw the briefing's diagrams as `svg` (sanitised markup) or `png` (bytes): the overview,
    and with `--detail full` the annex's diagrams and their key."""
    from ..render import DotOptions, render_map, to_dot
    from ..render.backend import run_dot

    plan = _plan(argmap, briefing, focus) if briefing.full else []
    # PNGs (for Word) at print resolution, shrunk by Graphviz to fit the page; no graph title:
    # the caption says what a diagram shows, and a long title would make a small drawing wide.
    page = {"dpi": PNG_DPI, "size": PNG_FIT} if fmt == "png" else {}

    def one(numbered):
        number, (ident, caption, options) = numbered
        data = render_map(argmap, fmt, replace(options, title="", **page), evaluation)
        return Figure(ident, caption, *_picture(data, fmt, f"diagram-{number}-"))

    def key():
        source = to_dot(argmap, evaluation, DotOptions(nodes=(), legend=True, title="", **page))
        return Figure("key", "Key to the diagrams", *_picture(run_dot(source, fmt), fmt, "diagram-key-"))

    def overview():
        if briefing.note is None or not briefing.note.points:
            return None
        source = overview_dot(argmap, evaluation, briefing, dpi=PNG_DPI if fmt == "png" else None)
        return Figure("overview", OVERVIEW_CAPTION, *_picture(run_dot(source, fmt), fmt, "overview-"))

    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            overview_future = pool.submit(overview)
            futures = [pool.submit(one, item) for item in enumerate(plan, 1)]
            key_future = pool.submit(key) if plan else None
            figures = tuple(f.result() for f in futures)
            key_figure = key_future.result() if key_future else None
            overview_figure = overview_future.result()
    except ArgmapError as exc:
        from ..render import DotNotFound

        hint = (f"{exc.hint}; or pass --no-diagram" if isinstance(exc, DotNotFound) and exc.hint
                else "pass --focus ID for a smaller diagram, or --no-diagram")
        return Diagrams(note=f"The argument diagrams could not be drawn: {exc.message}.",
                        warnings=(f"{exc.message}; the briefing is written without them ({hint})",))
    except SvgError as exc:
        return Diagrams(note="The argument diagrams could not be drawn: Graphviz wrote an SVG that cannot be read.",
                        warnings=(str(exc),))
    return Diagrams(figures, key_figure, overview_figure)


def _picture(data: bytes, fmt: str, id_prefix: str) -> tuple[str | None, bytes | None]:
    if fmt == "svg":
        return sanitise_svg(data, id_prefix), None
    return None, data
