"""The briefing as CommonMark; its diagrams are SVG files in a folder beside it, linked."""

from __future__ import annotations

from dataclasses import dataclass

from .diagram import Diagrams
from .model import Briefing

__all__ = ["render_markdown", "LinkedFigure", "diagram_folder", "linked"]


@dataclass(frozen=True)
class LinkedFigure:
    caption: str
    file: str  # relative to the Markdown file


def diagram_folder(stem: str) -> str:
    """The folder the diagrams of `stem.md` go in: `stem-diagrams`."""
    return f"{stem}-diagrams"


def render_markdown(briefing: Briefing, figures: list[LinkedFigure] | None = None, key: LinkedFigure | None = None,
                    note: str | None = None, overview: LinkedFigure | None = None) -> str:
    """The Markdown text; `overview`, `figures` and `key` name diagram files already written beside it."""
    from .templates import markdown_environment

    template = markdown_environment().get_template("brief.md.j2")
    return template.render(b=briefing, figures=figures or [], key=key, note=note, overview=overview)


def linked(diagrams: Diagrams, folder: str) -> tuple[list[tuple[str, str]], list[LinkedFigure], LinkedFigure | None,
                                                      LinkedFigure | None]:
    """Where each diagram goes: [(relative file name, SVG text)], the annex's figures, the key, the overview."""
    from .svg import standalone

    files: list[tuple[str, str]] = []
    figures: list[LinkedFigure] = []
    key = overview = None
    if diagrams.overview is not None and diagrams.overview.svg:
        name = f"{folder}/overview.svg"
        files.append((name, standalone(diagrams.overview.svg)))
        overview = LinkedFigure(diagrams.overview.caption, name)
    if diagrams.key is not None and diagrams.key.svg:
        name = f"{folder}/key.svg"
        files.append((name, standalone(diagrams.key.svg)))
        key = LinkedFigure(diagrams.key.caption, name)
    for i, figure in enumerate(diagrams.figures, 1):
        if figure.svg:
            name = f"{folder}/{i:02d}-{figure.id}.svg"
            files.append((name, standalone(figure.svg)))
            figures.append(LinkedFigure(figure.caption, name))
    return files, figures, key, overview
