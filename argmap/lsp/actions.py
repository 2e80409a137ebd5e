"""Quick fixes: replace a quote not found with the closest passage of its source, and an unknown
id with one of the ids it most resembles (the suggestions `argmap validate` makes)."""

from __future__ import annotations

import json
import textwrap

from lsprotocol import types

from ..quotes import closest_passage
from .index import Span

__all__ = ["register", "yaml_text", "UNKNOWN_CODES"]

# Problem code of an unknown reference → the section its id should be in.
UNKNOWN_CODES = {"AM201": "nodes", "AM203": "sides", "AM204": "themes", "AM205": "actors", "AM206": "patterns", "AM207": "sources"}
MIN_SCORE = 60  # as `validate` does, below this a passage is not offered as the quote meant


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls, params: types.CodeActionParams):
        found = ls.locate(params.text_document.uri, params.range.start)
        if found is None:
            return None
        session, state, _, _ = found
        if state.broken:
            return None
        snapshot = session.current()
        if snapshot.map is None:
            return None
        actions: list[types.CodeAction] = []
        for diag in params.context.diagnostics:
            if diag.source != "argmap":
                continue
            start = ls.locate(params.text_document.uri, diag.range.start)
            if start is None:
                continue
            line, col = start[2], start[3]
            if diag.code == "AM410":
                quote = state.index.quote_at(line, col)
                action = _closest_passage(ls, params.text_document.uri, state, snapshot.map, quote, diag) if quote else None
                if action is not None:
                    actions.append(action)
            elif diag.code in UNKNOWN_CODES:
                occ = state.index.at(line, col)
                if occ is not None and not occ.definition and occ.kind == UNKNOWN_CODES[diag.code]:
                    actions.extend(_did_you_mean(ls, params.text_document.uri, state, snapshot.map, occ, diag))
        return actions or None


def yaml_text(text: str, indent: int, width: int = 100) -> str:
    """A passage as a YAML value: a folded block (`>-`) wrapped at `width`, or one quoted line."""
    if "\n" in text or len(text) + indent < 60 or text != text.strip() or "  " in text:
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    pad = " " * indent
    return ">-\n" + "\n".join(pad + line for line in _wrap(text, indent, width))


def _wrap(text: str, indent: int, width: int = 100) -> list[str]:
    return textwrap.wrap(text, width=max(40, width - indent), break_long_words=False, break_on_hyphens=False)


def _edit(ls, uri: str, state, start: tuple[int, int], end: tuple[int, int], new_text: str) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: [types.TextEdit(range=ls.to_range(state.text, start, end), new_text=new_text)]})


def _closest_passage(ls, uri, state, m, quote: tuple[Span, str, int], diag) -> types.CodeAction | None:
    span, node_id, index = quote
    node = m.nodes.get(node_id)
    if node is None or index >= len(node.quotes):
        return None
    q = node.quotes[index]
    text = m.texts.get(q.source)
    suggestion = closest_passage(q.text, text.normalised) if text is not None else None
    if suggestion is None or suggestion.score < MIN_SCORE:
        return None
    lines = (state.text or "").splitlines()
    start, end = (span.start_line, span.start_col), (span.end_line, span.end_col)
    if span.end_line > span.start_line:  # the lines of a block (`>-`): new lines, same indentation
        value = "\n".join((" " * span.start_col if i else "") + row
                           for i, row in enumerate(_wrap(suggestion.text, span.start_col)))
    else:
        row = lines[span.start_line] if span.start_line < len(lines) else ""
        value = yaml_text(suggestion.text, len(row) - len(row.lstrip()) + 2)
        if _quoted(lines, span):  # the span leaves the quotes out; the new value brings its own
            start, end = (span.start_line, span.start_col - 1), (span.end_line, span.end_col + 1)
    short = suggestion.text if len(suggestion.text) <= 60 else suggestion.text[:57] + "…"
    return types.CodeAction(
        title=f"Replace with the closest passage ({suggestion.score:.0f}% alike): «{short}»",
        kind=types.CodeActionKind.QuickFix, diagnostics=[diag], is_preferred=True,
        edit=_edit(ls, uri, state, start, end, value))


def _quoted(lines: list[str], span: Span) -> bool:
    """Whether the scalar at `span` is written in quotes (its span leaves them out)."""
    if span.start_line != span.end_line or span.start_col == 0:
        return False
    row = lines[span.start_line]
    return row[span.start_col - 1:span.start_col] in ("'", '"') and row[span.end_col:span.end_col + 1] == row[span.start_col - 1]


def _did_you_mean(ls, uri, state, m, occ, diag) -> list[types.CodeAction]:
    from rapidfuzz import fuzz, process

    known = list(getattr(m, occ.kind))
    if occ.kind == "nodes":  # a node cannot be its own reason or target
        entry = state.index.entry_at(occ.span.start_line)
        known = [k for k in known if entry is None or k != entry[1]]
    best = process.extract(occ.ident, known, scorer=fuzz.ratio, limit=3, score_cutoff=50)
    span = occ.span
    out = []
    for i, (candidate, score, _) in enumerate(best):
        out.append(types.CodeAction(
            title=f"Did you mean `{candidate}`? ({score:.0f}% alike)", kind=types.CodeActionKind.QuickFix,
            diagnostics=[diag], is_preferred=(i == 0 and score >= 75),
            edit=_edit(ls, uri, state, (span.start_line, span.start_col), (span.end_line, span.end_col), candidate)))
    return out
