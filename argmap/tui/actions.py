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
    """Write a briefing note of the whole map, or of the recommendations `focus` bears on, the
    way `argmap brief` does (`argmap.brief.write`). Returns the file and a message saying where."""
    from ..brief.build import prepared_date
    from ..brief.write import write

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / output_name(f"{state.argmap.info.id}-briefing", focus, fmt)
    warnings: list[str] = []
    written = write(state.argmap, state.evaluation, path, fmt, focus=focus, prepared=prepared_date(None),
                    on_warning=warnings.append)
    # The same counts as `argmap brief` prints; the name and the folder on lines of their own, so a
    # narrow notice wraps between them.
    counts = written.counts
    files = written.diagram_files
    extra = f" and {len(files)} diagram(s) in {files[0].parent}" if files else ""
    note = f"; {warnings[0]}" if warnings else ""
    return path, f"Wrote {path.name}\nin {path.parent}{extra}\n({counts}{note})"
