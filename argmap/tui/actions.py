"""What the app's slow actions do, with no widget: render a diagram or write a briefing, say where.

Each runs in a worker thread; each returns a short message for the user or raises an
ArgmapError whose message and hint say what went wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..graph import NodeFilter
from .state import MapState

__all__ = ["render_to_file", "brief_to_file", "output_name"]


def output_name(map_id: str, focus: str | None, fmt: str) -> str:
    """`canada-russia-nac-arctic.svg`, or `canada-russia.svg` for the whole map."""
    stem = map_id if focus is None else f"{map_id}-{focus}"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", stem) + f".{fmt}"


def render_to_file(state: MapState, out_dir: Path, focus: str | None, fmt: str, node_filter: NodeFilter | None) -> tuple[Path, str]:
    """Render the map (around `focus`, or whole, within the filter) and write it atomically.

    Returns the file written and a message saying how much of the map it shows.
    """
    from ..fsutil import write_atomic
    from ..render import RenderOptions, render_map, select_nodes

    options = RenderOptions(focus=focus, depth=2, filter=node_filter if node_filter and not node_filter.empty else None)
    data = render_map(state.argmap, fmt, options, evaluation=state.evaluation)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = write_atomic(out_dir / output_name(state.argmap.info.id, focus, fmt), data)
    shown = len(select_nodes(state.argmap, options))
    return path, f"Wrote {path} ({shown} of {len(state.argmap.nodes)} nodes)"


def brief_to_file(state: MapState, out_dir: Path, focus: str | None, fmt: str) -> tuple[Path, str]:
    """Write a briefing note of the whole map, or of the recommendations `focus` bears on.

    Written against the briefing's building blocks as `argmap brief` uses them today (the
    briefing issue may give one entry point for this). Markdown gets its diagrams as SVG
    files in a folder beside it; HTML and Word carry them inside.
    """
    from ..brief.build import build_briefing, prepared_date
    from ..brief.diagram import draw_diagrams
    from ..fsutil import write_atomic

    argmap = state.argmap
    briefing = build_briefing(argmap, state.evaluation, focus=focus, prepared=prepared_date(None))
    diagrams = draw_diagrams(argmap, state.evaluation, briefing, "png" if fmt == "docx" else "svg", focus)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / output_name(f"{argmap.info.id}-briefing", focus, fmt)
    extra = ""
    if fmt == "md":
        from ..brief.to_markdown import diagram_folder, linked, render_markdown

        folder = diagram_folder(path.stem)
        files, figures, key = linked(diagrams, folder)
        if files:
            (out_dir / folder).mkdir(exist_ok=True)
            for name, svg in files:
                write_atomic(out_dir / name, svg)
            extra = f" and {len(files)} diagram(s) in {out_dir / folder}"
        write_atomic(path, render_markdown(briefing, figures, key, diagrams.note))
    elif fmt == "html":
        from ..brief.to_html import render_html

        write_atomic(path, render_html(briefing, diagrams))
    else:
        from ..brief.to_docx import render_docx

        write_atomic(path, render_docx(briefing, diagrams))
    n = len(briefing.recommendations)
    note = f"; {diagrams.warnings[0]}" if diagrams.warnings else ""
    # The name and the folder on lines of their own: a narrow notice then wraps between them.
    return path, f"Wrote {path.name}\nin {path.parent}{extra}\n({n} recommendation{'s' if n != 1 else ''}{note})"
