"""The briefing as one self-contained HTML file: inline CSS and inline SVG, nothing fetched."""

from __future__ import annotations

from dataclasses import dataclass

from .diagram import Diagrams
from .model import Briefing

__all__ = ["render_html"]


@dataclass(frozen=True)
class _Inline:
    caption: str
    markup: object  # markupsafe.Markup of a sanitised SVG


def render_html(briefing: Briefing, diagrams: Diagrams | None = None) -> str:
    from markupsafe import Markup

    from .templates import html_environment

    diagrams = diagrams or Diagrams()

    def inline(figure):
        # The one place markup enters the page: an SVG rebuilt from an allow-list by
        # argmap.brief.svg.sanitise_svg (map text in it re-escaped there).
        return _Inline(figure.caption, Markup(figure.svg))

    figures = [inline(f) for f in diagrams.figures if f.svg]
    key = inline(diagrams.key) if diagrams.key is not None and diagrams.key.svg else None
    overview = inline(diagrams.overview) if diagrams.overview is not None and diagrams.overview.svg else None
    template = html_environment().get_template("brief.html.j2")
    return template.render(b=briefing, figures=figures, key=key, overview=overview, note=diagrams.note)
