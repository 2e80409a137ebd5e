"""Hover: what an id stands for (a node's type, side, verdict, text and first quote; a source's
title, authors and date), and, over a quote, the passage of the source around it."""

from __future__ import annotations

from lsprotocol import types

from ..cite import citation, join_names
from ..model import format_partial_date

__all__ = ["register", "describe", "quote_passage", "verdict_of"]


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls, params: types.HoverParams):
        found = ls.locate(params.text_document.uri, params.position)
        if found is None:
            return None
        session, state, line, col = found
        snapshot = session.current()
        m = snapshot.map
        if m is None:
            return None
        occ = state.index.at(line, col)
        if occ is not None:
            text = describe(snapshot, occ.kind, occ.ident)
            span = occ.span
        else:
            quote = state.index.quote_at(line, col)
            if quote is None:
                return None
            span, node_id, index = quote
            text = quote_passage(m, node_id, index)
        if not text:
            return None
        rng = ls.to_range(state.text, (span.start_line, span.start_col), (span.end_line, span.end_col))
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=rng)


def verdict_of(snapshot, node_id: str) -> str | None:
    """Markdown: a recommendation's verdict with its reason; for another node, its label (in,
    out, undecided), its graded strength, and what defeats it."""
    from ..evaluate import VERDICT_LABELS

    ev = snapshot.evaluation()
    if ev is None or node_id not in ev.labels:
        return None
    assessment = ev.recommendations.get(node_id)
    if assessment is not None:
        return f"**{VERDICT_LABELS[assessment.verdict]}** — {assessment.reason}"
    label = ev.labels[node_id].value
    meaning = {"in": "stands in these sources", "out": "defeated", "undecided": "the map does not settle it"}[label]
    text = f"**{label}** ({meaning})"
    strength = ev.strength.get(node_id)
    if strength is not None:
        text += f", strength {strength:.2f}"
    defeaters = ev.defeaters.get(node_id)
    if defeaters:
        text += " — defeated by " + ", ".join(f"`{d}`" for d in dict.fromkeys(defeaters))
    return text


def describe(snapshot, kind: str, ident: str) -> str | None:
    """Markdown describing the entry `ident` of section `kind`, or None when the map has none."""
    m = snapshot.map
    if kind == "nodes":
        node = m.nodes.get(ident)
        if node is None:
            return f"unknown node `{ident}`"
        side = m.sides.get(node.side)
        out = [f"**{node.type.value}** `{node.id}` — {side.label if side else node.side}"]
        verdict = verdict_of(snapshot, ident)
        if verdict:
            out.append(f"Verdict: {verdict}")
        if node.title:
            out.append(f"### {node.title}")
        out.append(" ".join(node.text.split()))
        if node.quotes:
            q = node.quotes[0]
            out.append("> " + " ".join(q.text.split()) + "\n\n— " + citation(m, q.source) + _line(m, ident, 0))
        return "\n\n".join(out)
    if kind == "sources":
        source = m.sources.get(ident)
        if source is None:
            return f"unknown source `{ident}`"
        authors = join_names(m.actors[a].name if a in m.actors else a for a in source.authors) or "no author named"
        out = [f"**source** `{ident}`", f"### {source.title}", f"{authors} — {format_partial_date(source.published)}"]
        if source.outlet:
            out.append(f"*{source.outlet}*")
        out.append(f"`{source.file}`" + (f" · {source.url}" if source.url else ""))
        return "\n\n".join(out)
    if kind == "actors":
        actor = m.actors.get(ident)
        if actor is None:
            return f"unknown actor `{ident}`"
        extra = [actor.role or "", ", ".join(actor.affiliations)]
        return "\n\n".join([f"**{actor.kind}** `{ident}` — {actor.name}"] + [e for e in extra if e])
    entry = getattr(m, kind).get(ident)
    if entry is None:
        return f"unknown {kind.rstrip('s')} `{ident}`"
    text = f"**{kind.rstrip('s')}** `{ident}` — {entry.label}"
    description = getattr(entry, "description", "")
    return text + (f"\n\n{description}" if description else "")


def _line(m, node_id: str, index: int) -> str:
    span = m.quote_span(node_id, index)
    return f" (line {span.line})" if span else ""


def quote_passage(m, node_id: str, index: int, chars: int = 300) -> str | None:
    """Markdown: the source's text around a located quote, the quote in bold, then its citation."""
    node = m.nodes.get(node_id)
    if node is None or index >= len(node.quotes):
        return None
    quote = node.quotes[index]
    span = m.quote_span(node_id, index)
    text = m.texts.get(quote.source)
    if span is None or text is None:
        return f"quote {index + 1} of `{node_id}` is not located in its source (see the diagnostic)"
    before, itself, after = text.context(span.start, span.end, chars)
    lead = "…" if span.start - len(before) > 0 else ""
    tail = "…" if span.end + len(after) < len(text.text) else ""
    body = " ".join(f"{lead}{before}".split()) + " **" + " ".join(itself.split()) + "** " + " ".join(f"{after}{tail}".split())
    return f"{body.strip()}\n\n— {citation(m, quote.source)}, line {span.line}"
