"""The briefing's argument diagrams, drawn by the renderer (Graphviz).

A whole map is too big to read on a page, so a briefing draws one diagram per recommendation
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

__all__ = ["Figure", "Diagrams", "draw_diagrams", "DOWN_DEPTH", "PNG_DPI", "PNG_FIT"]

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

    figures: tuple[Figure, ...] = ()
    key: Figure | None = None
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


def draw_diagrams(argmap: ArgumentMap, evaluation: Evaluation, briefing: Briefing, fmt: str,
                  focus: str | None = None, *, workers: int = 4) -> Diagrams:
    """Draw the briefing's diagrams as `svg` (sanitised markup) or `png` (bytes)."""
    from ..render import DotOptions, render_map, to_dot
    from ..render.backend import run_dot

    plan = _plan(argmap, briefing, focus)
    if not plan:
        return Diagrams()
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

    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            futures = [pool.submit(one, item) for item in enumerate(plan, 1)]
            key_future = pool.submit(key)
            figures = tuple(f.result() for f in futures)
            key_figure = key_future.result()
    except ArgmapError as exc:
        from ..render import DotNotFound

        hint = (f"{exc.hint}; or pass --no-diagram" if isinstance(exc, DotNotFound) and exc.hint
                else "pass --focus ID for a smaller diagram, or --no-diagram")
        return Diagrams(note=f"The argument diagrams could not be drawn: {exc.message}.",
                        warnings=(f"{exc.message}; the briefing is written without them ({hint})",))
    except SvgError as exc:
        return Diagrams(note="The argument diagrams could not be drawn: Graphviz wrote an SVG that cannot be read.",
                        warnings=(str(exc),))
    return Diagrams(figures, key_figure)


def _picture(data: bytes, fmt: str, id_prefix: str) -> tuple[str | None, bytes | None]:
    if fmt == "svg":
        return sanitise_svg(data, id_prefix), None
    return None, data
