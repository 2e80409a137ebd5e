"""The source reader: a whole source text with every quoted passage highlighted; step from
quote to quote, and go to the node that cites one."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...cite import citation
from ...core import ArgumentMap
from ..style import TYPE_ICONS

__all__ = ["SourceScreen", "blocks"]

_BREAK = re.compile(r"\n[ \t]*\n\s*")
_MAX_BLOCK = 4000


def blocks(text: str) -> list[tuple[int, int]]:
    """[start, end) of the paragraphs of a text (blank lines between), long runs merged."""
    found, start = [], 0
    for m in _BREAK.finditer(text):
        if m.start() > start:
            found.append((start, m.start()))
        start = m.end()
    if start < len(text):
        found.append((start, len(text)))
    merged: list[tuple[int, int]] = []
    for lo, hi in found:  # very many small paragraphs: fewer, larger widgets
        if len(found) > 1500 and merged and hi - merged[-1][0] < _MAX_BLOCK:
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


class SourceScreen(Screen[str | None]):
    """Reads one source. Dismisses with the id of a node to go to, or None."""

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Back to the map", id="source.close"),
        Binding("n", "step(1)", "Next quote", id="source.next"),
        Binding("p,N", "step(-1)", "Previous quote", id="source.previous"),
        Binding("g", "go", "Go to node", id="source.go"),
    ]

    def __init__(self, argmap: ArgumentMap, source_id: str, focus: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.argmap = argmap
        self.source_id = source_id
        self.text = argmap.texts[source_id].text if source_id in argmap.texts else ""
        cited = argmap.citing(source_id)
        # Quotes found in the text, in the order they appear; then those not found.
        located = [(c, argmap.quote_span(*c)) for c in cited]
        self.quotes = sorted((c for c, s in located if s is not None), key=lambda c: argmap.quote_span(*c).start)  # type: ignore[union-attr]
        self.missing = [c for c, s in located if s is None]
        self.current = self.quotes.index(focus) if focus in self.quotes else 0
        self._blocks = blocks(self.text)
        self._widgets: list[Static] = []

    def compose(self) -> ComposeResult:
        source = self.argmap.sources[self.source_id]
        yield Static(Content.assemble((source.title, "bold"), "\n", (citation(self.argmap, self.source_id), "$text-muted")), id="source-title")
        with Horizontal(id="source-body"):
            with VerticalScroll(id="source-text"):
                if not self.text:
                    yield Static("The text of this source could not be read; see the problems panel.")
                for lo, hi in self._blocks:
                    widget = Static(self._render_block(lo, hi), classes="source-block")
                    self._widgets.append(widget)
                    yield widget
            yield OptionList(*[Option(self._quote_prompt(i, c)) for i, c in enumerate(self.quotes)], id="source-quotes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#source-text").border_title = self.argmap.sources[self.source_id].file
        quotes = self.query_one("#source-quotes", OptionList)
        missing = f", {len(self.missing)} not found" if self.missing else ""
        quotes.border_title = f"Quotes ({len(self.quotes)}{missing})"
        if self.quotes:
            quotes.highlighted = self.current
            self.call_after_refresh(self._scroll_to_current)
        self.query_one("#source-text").focus()

    def _quote_prompt(self, i: int, cited: tuple[str, int]) -> Content:
        node = self.argmap.nodes[cited[0]]
        span = self.argmap.quote_span(*cited)
        return Content.assemble((f"{i + 1}. ", "bold"), (TYPE_ICONS[node.type] + " ", "bold"), node.label,
                                (f"  line {span.line}" if span else "", "$text-muted"))

    def _render_block(self, lo: int, hi: int) -> Content:
        body = self.text[lo:hi].replace("\n", " ")  # hard-wrapped lines flow again; offsets kept
        spans = []
        for i, cited in enumerate(self.quotes):
            span = self.argmap.quote_span(*cited)
            if span is None or span.end <= lo or span.start >= hi:
                continue
            style = "bold reverse $warning" if i == self.current else "bold $text on $warning 25%"
            spans.append((max(span.start, lo) - lo, min(span.end, hi) - lo, style))
        content = Content(body)
        for start, end, style in spans:
            content = content.stylize(style, start, end)
        return content

    def _block_of(self, offset: int) -> int:
        for i, (lo, hi) in enumerate(self._blocks):
            if offset < hi:
                return i
        return len(self._blocks) - 1

    def _refresh_blocks(self, *quote_indexes: int) -> None:
        done = set()
        for qi in quote_indexes:
            span = self.argmap.quote_span(*self.quotes[qi])
            if span is None:
                continue
            for b in range(self._block_of(span.start), self._block_of(max(span.start, span.end - 1)) + 1):
                if b not in done and b < len(self._widgets):
                    done.add(b)
                    self._widgets[b].update(self._render_block(*self._blocks[b]))

    def _scroll_to_current(self) -> None:
        if not self.quotes or not self._widgets:
            return
        span = self.argmap.quote_span(*self.quotes[self.current])
        if span is not None:
            widget = self._widgets[self._block_of(span.start)]
            self.query_one("#source-text", VerticalScroll).scroll_to_widget(widget, animate=False, top=True)

    def select(self, index: int) -> None:
        """Make quote `index` the current one: highlight it and scroll to it."""
        if not self.quotes:
            return
        previous, self.current = self.current, index % len(self.quotes)
        self._refresh_blocks(previous, self.current)
        quotes = self.query_one("#source-quotes", OptionList)
        if quotes.highlighted != self.current:
            with quotes.prevent(OptionList.OptionHighlighted):
                quotes.highlighted = self.current
        self._scroll_to_current()

    @property
    def current_quote(self) -> tuple[str, int] | None:
        return self.quotes[self.current] if self.quotes else None

    def action_step(self, delta: int) -> None:
        self.select(self.current + delta)

    def action_go(self) -> None:
        if self.current_quote is not None:
            self.dismiss(self.current_quote[0])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Only the list's present highlight counts: an event queued before `select` moved it
        # is stale, and following it would move the highlight back and queue another (the
        # reader once swung between two quotes for ever).
        if event.option_index == event.option_list.highlighted and event.option_index != self.current:
            self.select(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.quotes[event.option_index][0])
