"""Citing a source or a quote in plain text: for copying a quote with where it comes from."""

from __future__ import annotations

from .core import ArgumentMap
from .model import format_partial_date

__all__ = ["join_names", "cited_title", "citation", "quote_with_citation"]


def join_names(names) -> str:
    """`Ann`, `Ann and Bob`, `Ann, Bob and Cy`."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def cited_title(title: str) -> str:
    """A title in quotation marks; one the curator supplied in [square brackets] (the text has
    none) as written."""
    return title if title.startswith("[") and title.endswith("]") else f"\u201c{title}\u201d"


def citation(argmap: ArgumentMap, source_id: str) -> str:
    """`Ann Author and Bob Writer, "Title", Outlet, 5 November 2020, URL` (as much as is known);
    the same order and title rule as the briefings' citations."""
    source = argmap.sources.get(source_id)
    if source is None:
        return source_id
    authors = join_names(argmap.actors[a].name if a in argmap.actors else a for a in source.authors)
    parts = [authors] if authors else []
    parts.append(cited_title(source.title))
    if source.outlet:
        parts.append(source.outlet)
    if source.published:
        parts.append(format_partial_date(source.published))
    if source.url:
        parts.append(source.url)
    return ", ".join(parts)


def quote_with_citation(argmap: ArgumentMap, node_id: str, index: int) -> str:
    """A node's quote, verbatim in quotation marks, then its citation (and line, if located)."""
    quote = argmap.nodes[node_id].quotes[index]
    text = " ".join(quote.text.split())
    cite = citation(argmap, quote.source)
    span = argmap.quote_span(node_id, index)
    where = f" (line {span.line})" if span else ""
    return f"\u201c{text}\u201d \u2014 {cite}{where}"
