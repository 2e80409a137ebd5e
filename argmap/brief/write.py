"""Writing a briefing to a file: the one entry point the CLI and the TUI share.

`write_briefing(argmap, evaluation, path, fmt)` builds the briefing, draws its diagrams (when
Graphviz is there; otherwise the briefing says so and a warning is passed to `on_warning`),
renders it and writes it atomically. Markdown's diagrams go into `<stem>-diagrams/` beside it
(files argmap wrote there before and no longer needs are removed; nothing else is touched).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..core import ArgumentMap
from ..evaluate import Evaluation
from ..problems import UsageError
from .model import Briefing

__all__ = ["write_briefing", "write", "Written", "FORMATS", "format_for", "default_name"]

FORMATS = ("md", "html", "docx")
_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}
# Diagram files argmap writes into `<stem>-diagrams/` (and may replace on the next run).
_OURS = re.compile(r"(key|overview|\d{2,}-[A-Za-z0-9_.-]+)\.svg")


@dataclass(frozen=True)
class Written:
    """What was written: the briefing file, the diagram files beside it, the briefing itself."""

    path: Path
    diagram_files: tuple[Path, ...]
    briefing: Briefing
    warnings: tuple[str, ...] = ()

    @property
    def counts(self) -> str:
        """`3 recommendations, 5 unanswered points` (with the annex's count under --detail full)."""
        note = self.briefing.note
        points = len(note.points) if note else 0
        counts = f"{points} recommendation{'s' if points != 1 else ''}"
        if self.briefing.full:
            total = len(self.briefing.recommendations)
            counts += f" in the note, {total} in the annex"
        open_count = note.unanswered if note else 0
        return f"{counts}, {open_count} unanswered point{'s' if open_count != 1 else ''}"

    @property
    def summary(self) -> str:
        """`wrote PATH (...)`: one line for a status bar or stderr."""
        extra = ""
        if self.diagram_files:
            n = len(self.diagram_files)
            extra = f" and {n} diagram file{'s' if n != 1 else ''} in {self.diagram_files[0].parent}"
        return f"wrote {self.path}{extra} ({self.counts})"


def format_for(output: Path, fmt: str | None) -> str:
    """The format asked for, or the one the file name says; a usage error if neither."""
    if fmt:
        if fmt not in FORMATS:
            raise UsageError(f"no format `{fmt}`; choose one of: {', '.join(FORMATS)}")
        return fmt
    found = _SUFFIXES.get(output.suffix.lower())
    if found is None:
        raise UsageError(f"cannot tell the format from `{output.name}`", hint="name the file .md, .html or .docx, or pass --format")
    return found


def default_name(argmap: ArgumentMap, fmt: str, focus: str | None = None) -> str:
    """A file name for a briefing: `<map id>-briefing.<fmt>`, or `<map id>-<focus>-briefing.<fmt>`."""
    stem = argmap.info.id + (f"-{focus}" if focus else "")
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "briefing"
    return f"{stem}-briefing.{fmt}"


def _since(rendered, fmt: str, changes: dict | None):
    """The rendered note, opened with the "What changed since …" section when asked for."""
    if changes is None:
        return rendered
    from ..diff.since import insert_since

    return insert_since(rendered, fmt, changes)


def write(
    argmap: ArgumentMap,
    evaluation: Evaluation,
    path: Path | str,
    fmt: str | None = None,
    *,
    focus: str | None = None,
    stance: str = "balanced",
    detail: str = "brief",
    prepared: str | _dt.date | None = None,
    diagrams: bool = True,
    on_warning: Callable[[str], None] | None = None,
    since: dict | None = None,
) -> Written:
    """Build, draw, render and write a briefing; see `write_briefing`. `since` is the data of a
    "What changed since …" section (`argmap.diff.since.load_since`), placed before the first section."""
    from ..fsutil import write_atomic
    from .build import build_briefing
    from .diagram import Diagrams, draw_diagrams

    path = Path(path)
    fmt = format_for(path, fmt)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write `{path}`: the folder `{folder}` does not exist")
    briefing = build_briefing(argmap, evaluation, focus=focus, stance=stance, prepared=prepared, detail=detail)
    drawn = draw_diagrams(argmap, evaluation, briefing, "png" if fmt == "docx" else "svg", focus) if diagrams else Diagrams()
    warnings = tuple(f"no diagrams: {w}" for w in drawn.warnings)
    for warning in warnings:
        if on_warning is not None:
            on_warning(warning)
    files: list[Path] = []
    if fmt == "md":
        from .to_markdown import diagram_folder, linked, render_markdown

        sub = diagram_folder(path.stem)
        pictures, figures, key, overview = linked(drawn, sub)
        if pictures:
            target = folder / sub
            target.mkdir(exist_ok=True)
            for name, svg in pictures:
                write_atomic(folder / name, svg)
                files.append(folder / name)
            written = {p.name for p in files}
            for stale in target.iterdir():
                if stale.name not in written and _OURS.fullmatch(stale.name):
                    stale.unlink()
        write_atomic(path, _since(render_markdown(briefing, figures, key, drawn.note, overview), fmt, since))
    elif fmt == "html":
        from .to_html import render_html

        write_atomic(path, _since(render_html(briefing, drawn), fmt, since))
    else:
        from .to_docx import render_docx

        write_atomic(path, _since(render_docx(briefing, drawn), fmt, since))
    return Written(path, tuple(files), briefing, warnings)


def write_briefing(
    argmap: ArgumentMap,
    evaluation: Evaluation,
    path: Path | str,
    fmt: str | None = None,
    *,
    focus: str | None = None,
    stance: str = "balanced",
    detail: str = "brief",
    prepared: str | _dt.date | None = None,
    diagrams: bool = True,
    on_warning: Callable[[str], None] | None = None,
) -> Path:
    """Write the briefing note of `argmap` to `path` and return the path written.

    `fmt` is `md`, `html` or `docx` (default: from the file name). `focus` is a node id: the
    note of the recommendations it bears on (a recommendation: that one). `stance` is
    `balanced` or a side id: whose questions the note prepares. `detail` is `brief` (the note,
    about four pages) or `full` (the note and the annexes: every recommendation and objection,
    the quotes, the actors and the diagrams of each recommendation). `prepared` is the date
    shown (default: $SOURCE_DATE_EPOCH, else today). With `diagrams` False, or without
    Graphviz, no diagram is drawn (the latter is reported through `on_warning`).

    Raises `argmap.problems.UsageError` (with a hint) for an unknown focus, side, detail or
    format, or a folder that does not exist; nothing is written then.
    """
    return write(argmap, evaluation, path, fmt, focus=focus, stance=stance, detail=detail, prepared=prepared,
                 diagrams=diagrams, on_warning=on_warning).path
