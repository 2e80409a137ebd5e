"""A diff as text, Markdown, JSON or one self-contained HTML page, each escaped for its kind.

Map text is cleaned of control characters everywhere (an escape sequence in a node's text must
not reach a terminal), backslash-escaped in Markdown, and entity-escaped in HTML.
"""

from __future__ import annotations

import html
import json

from ..brief.escape import clean, md, md_inline
from .document import Piece, headline, layout, summary
from .model import Diff

__all__ = ["FORMATS", "format_diff", "to_text", "to_markdown", "to_json", "to_html"]

FORMATS = ("text", "md", "json", "html")


def format_diff(diff: Diff, fmt: str) -> str:
    """The report in `fmt` (one of FORMATS)."""
    return {"text": to_text, "md": to_markdown, "json": to_json, "html": to_html}[fmt](diff)


def to_json(diff: Diff) -> str:
    return json.dumps(diff.to_dict(), indent=2, ensure_ascii=False) + "\n"


# -- plain text -----------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Cleaned to one line, keeping one space at either end where there was white space."""
    line = clean(text)
    if text[:1].isspace():
        line = " " + line
    if text[-1:].isspace() and not line.endswith(" "):
        line += " "
    return line


def _text_piece(piece: Piece) -> str:
    text = _one_line(piece.text)
    return {"q": f"“{text}”", "del": f"[-{text}-]", "ins": f"{{+{text}+}}", "ref": f"`{text}`"}.get(piece.kind, text)


def to_text(diff: Diff) -> str:
    lines = [clean(headline(diff)), clean(summary(diff))]
    for section in layout(diff):
        lines += ["", section.title]
        for item in section.items:
            lines.append(f"  {item.mark} " + "".join(_text_piece(p) for p in item.pieces))
            lines += ["      " + "".join(_text_piece(p) for p in detail) for detail in item.details]
        if section.note:
            lines.append("  " + section.note)
    return "\n".join(lines) + "\n"


# -- Markdown -------------------------------------------------------------------------------------


def _md_piece(piece: Piece) -> str:
    if piece.kind in ("id", "ref"):
        return f"`{clean(piece.text)}`" if "`" not in piece.text else md(piece.text)
    text = md_inline(piece.text)
    if piece.kind in ("del", "ins", "em", "q"):
        text = text.strip()
        if not text:
            return ""
    return {"q": f"“{text}”", "del": f"~~{text}~~", "ins": f"**{text}**", "em": f"*{text}*"}.get(piece.kind, text)


_MD_MARKS = {"+": "added", "-": "removed", "~": "changed", "→": "renamed", "!": ""}


def to_markdown(diff: Diff) -> str:
    lines = [f"# {md(headline(diff))}", "", md(summary(diff))]
    for section in layout(diff):
        lines += ["", f"## {md(section.title)}", ""]
        for item in section.items:
            mark = _MD_MARKS[item.mark]
            lines.append("- " + (f"{mark}: " if mark else "") + "".join(_md_piece(p) for p in item.pieces))
            lines += ["  - " + "".join(_md_piece(p) for p in detail) for detail in item.details]
        if section.note:
            if section.items:
                lines.append("")
            lines.append(md(section.note))
    return "\n".join(lines) + "\n"


# -- HTML -----------------------------------------------------------------------------------------


def _h(text: str) -> str:
    return html.escape(clean(text), quote=True)


def _html_piece(piece: Piece) -> str:
    text = html.escape(_one_line(piece.text), quote=True)
    return {"id": f"<code>{text}</code>", "ref": f"<code>{text}</code>", "q": f"“{text}”", "del": f"<del>{text}</del>", "ins": f"<ins>{text}</ins>",
            "em": f"<strong>{text}</strong>"}.get(piece.kind, text)


_HTML_MARKS = {"+": ("added", "added"), "-": ("removed", "removed"), "~": ("changed", "changed"),
               "→": ("renamed", "renamed"), "!": ("consequence", "")}

_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1a1a1a;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.15rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 1.6rem; }
p.summary { color: #444; margin-top: 0; }
ul { list-style: none; padding-left: 0; }
li.item { margin: .35rem 0; padding: .2rem .5rem; border-left: 4px solid #bbb; }
li.added { border-color: #1a7f37; } li.removed { border-color: #cf222e; }
li.changed { border-color: #9a6700; } li.renamed { border-color: #0969da; } li.consequence { border-color: #8250df; }
.mark { display: inline-block; min-width: 4.5rem; font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: #555; }
ul.details { margin: .15rem 0 .1rem 4.5rem; } ul.details li { margin: .1rem 0; color: #333; }
code { font: .9em ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
del { background: #ffebe9; color: #82071e; } del + ins { margin-left: .2em; } ins { background: #dafbe1; color: #116329; text-decoration: none; }
p.note { color: #555; font-style: italic; }
@media print { body { margin: 0; max-width: none; } li.item { break-inside: avoid; } }
"""


def to_html(diff: Diff) -> str:
    """One HTML page with its styles inline: nothing is fetched, no script runs."""
    title = headline(diff)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{_h(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(title)}</h1>",
        f'<p class="summary">{_h(summary(diff))}</p>',
    ]
    for section in layout(diff):
        out.append(f"<h2>{_h(section.title)}</h2>")
        if section.items:
            out.append("<ul>")
            for item in section.items:
                css, word = _HTML_MARKS[item.mark]
                body = "".join(_html_piece(p) for p in item.pieces)
                mark = f'<span class="mark">{word}</span>' if word else ""
                details = ""
                if item.details:
                    details = '<ul class="details">' + "".join(
                        "<li>" + "".join(_html_piece(p) for p in d) + "</li>" for d in item.details) + "</ul>"
                out.append(f'<li class="item {css}">{mark}{body}{details}</li>')
            out.append("</ul>")
        if section.note:
            out.append(f'<p class="note">{_h(section.note)}</p>')
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
