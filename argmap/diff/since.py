"""The briefing's "What changed since …" section (`argmap brief --since OLD`), in each format.

`since_summary` (argmap.diff.marks) gives the section's data; here it is written as Markdown,
HTML or Word paragraphs, each escaped for its format, and placed at the top of a briefing
already rendered: before its first second-level heading (the bottom line).
"""

from __future__ import annotations

import html
import io

from ..brief.escape import clean, md, md_inline

__all__ = ["load_since", "since_lines", "since_markdown", "since_html", "insert_since", "SINCE_FORMATS"]

SINCE_FORMATS = ("md", "html", "docx")


def load_since(spec: str, current, root, argmap, evaluation=None) -> dict:
    """The section's data for `brief --since SPEC`: the version `spec` (a map path or a git
    revision) of the map at `current` (None: the project's map), compared with `argmap`."""
    from .command import load_old
    from .compare import diff_maps
    from .marks import since_summary

    old = load_old(spec, current, root)
    return since_summary(diff_maps(old.argmap, argmap, new_eval=evaluation, old_name=old.name))


def since_lines(data: dict) -> tuple[str, str, list[list[tuple[str, str]]]]:
    """(heading, summary sentence, bullet lines); each line is pieces (`t` text or `id`)."""
    heading = f"What changed since {data['since']}"
    if data["same"]:
        return heading, f"Nothing: the map says the same as at {data['since']}.", []
    lines: list[list[tuple[str, str]]] = []
    for v in data["verdicts"]:
        line = [("t", f"{v['label']} ("), ("id", v["id"]), ("t", f"): {v['old']} → {v['new']}")]
        reason = v["new_reason"] or ""
        reason = reason[len(v["new"]) + 1:].lstrip() if reason.lower().startswith(v["new"] + ":") else reason
        if reason:
            line.append(("t", ": "))
        for i, part in enumerate(reason.split("`")):
            if part:
                line.append(("id" if i % 2 else "t", part))
        lines.append(line)
    for key, word in (("added", "New"), ("removed", "Removed"), ("changed", "Changed")):
        for item in data[key]:
            what = f"{word} {item['type']}: {item['label']} ("
            extra = f": {', '.join(item['fields'])})" if key == "changed" else ")"
            lines.append([("t", what), ("id", item["id"]), ("t", extra)])
        if data["more"][key]:
            lines.append([("t", f"… and {data['more'][key]} more {word.lower()}.")])
    for item in data["renamed"]:
        lines.append([("t", "Renamed: "), ("id", item["old"]), ("t", " → "), ("id", item["new"])])
    return heading, data["summary"], lines


def since_markdown(data: dict) -> str:
    heading, summary, lines = since_lines(data)
    out = [f"## {md(heading)}", "", md(summary), ""]
    for line in lines:
        out.append("- " + "".join(f"`{clean(text)}`" if kind == "id" else md_inline(text) for kind, text in line).rstrip())
    if lines:
        out.append("")
    return "\n".join(out) + "\n"


def since_html(data: dict) -> str:
    heading, summary, lines = since_lines(data)

    def esc(text: str) -> str:
        line = clean(text)
        line = (" " if text[:1].isspace() else "") + line + (" " if text[-1:].isspace() and line else "")
        return html.escape(line, quote=True)

    out = ['<section class="since" id="since">', f"<h2>{esc(heading)}</h2>", f"<p>{esc(summary)}</p>"]
    if lines:
        out.append("<ul>")
        out += ["<li>" + "".join(f"<code>{esc(t)}</code>" if k == "id" else esc(t) for k, t in line) + "</li>"
                for line in lines]
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out) + "\n"


def insert_since(rendered: str | bytes, fmt: str, data: dict) -> str | bytes:
    """The briefing with the section placed before its first second-level heading."""
    if fmt == "md":
        text = rendered if isinstance(rendered, str) else rendered.decode("utf-8")
        at = text.find("\n## ")
        section = since_markdown(data)
        return text + "\n" + section if at < 0 else text[:at + 1] + section + text[at + 1:]
    if fmt == "html":
        text = rendered if isinstance(rendered, str) else rendered.decode("utf-8")
        section = since_html(data)
        for marker in ("<main>", "<h2", "</body>"):
            at = text.find(marker)
            if at >= 0:
                return text[:at] + section + text[at:]
        return text + section
    if fmt == "docx":
        return _insert_docx(rendered if isinstance(rendered, bytes) else rendered.encode(), data)
    raise ValueError(f"unknown format {fmt!r}")


def _insert_docx(data_bytes: bytes, data: dict) -> bytes:
    """Word: the same section, in the document's own heading and List Bullet styles."""
    import docx

    document = docx.Document(io.BytesIO(data_bytes))
    heading, summary, lines = since_lines(data)
    # The sections are Heading 1 (the title has its own style): the section goes before the first.
    level = next((name for name in ("Heading 1", "Heading 2") if any(
        p.style is not None and p.style.name == name for p in document.paragraphs)), "Heading 1")
    anchor = next((p for p in document.paragraphs if p.style is not None and p.style.name == level), None)
    styles = {s.name for s in document.styles}

    def add(text: str, style: str | None):
        style = style if style in styles else None
        if anchor is not None:
            return anchor.insert_paragraph_before(clean(text), style=style)
        return document.add_paragraph(clean(text), style=style)

    add(heading, level)
    add(summary, None)
    for line in lines:
        add("".join(text for _, text in line), "List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
