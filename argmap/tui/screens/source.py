"""The source reader: a whole source text with every quoted passage highlighted and every
passage no quote covers marked; step from quote to quote or from gap to gap, select a passage
by sentences, make a node of it, and go to the node that cites a quote."""

from __future__ import annotations

import bisect
import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...cite import citation
from ...core import ArgumentMap
from ...coverage import SourceCoverage, sentences, source_coverage
from ..style import TYPE_ICONS

__all__ = ["SourceScreen", "blocks"]

_BREAK = re.compile(r"\n[ \t]*\n\s*")
_MAX_BLOCK = 4000
_QUOTED, _CURRENT = "bold $text on $warning 25%", "bold reverse $warning"
_UNCOVERED, _SELECTED = "on $error 22%", "bold $text on $primary"


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

    # The most used first: a narrow footer drops keys from its end (help lists them all).
    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Map", id="source.close"),
        Binding("n", "step(1)", "Next quote", id="source.next"),
        Binding("p,N", "step(-1)", "Previous quote", show=False, id="source.previous"),
        Binding("u", "gap(1)", "Unquoted", id="source.gap_next"),
        Binding("U", "gap(-1)", "Previous unquoted", show=False, id="source.gap_previous"),
        Binding("plus,equals_sign,shift+down", "extend(1)", "Select more", key_display="+", id="source.extend"),
        Binding("minus,shift+up", "extend(-1)", "Select less", key_display="-", show=False, id="source.shrink"),
        Binding("a", "add_node", "Add node", id="source.add"),
        Binding("g", "go", "Go to node", id="source.go"),
    ]

    class Passage(Message):
        """The reader asks for a node made from the passage [start, end) of a source."""

        def __init__(self, source_id: str, start: int, end: int) -> None:
            super().__init__()
            self.source_id, self.start, self.end = source_id, start, end

    def __init__(self, argmap: ArgumentMap, source_id: str, focus: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.source_id = source_id
        self.text = argmap.texts[source_id].text if source_id in argmap.texts else ""
        self.sentences = sentences(self.text)
        self._sentence_starts = [lo for lo, _ in self.sentences]
        self._blocks = blocks(self.text)
        self._block_starts = [hi for _, hi in self._blocks]
        self._widgets: list[Static] = []
        self.selection: tuple[int, int] | None = None  # first and last sentence selected
        self._mounted, self._reloaded = False, False  # a reload may arrive before the screen is built
        self._focus = focus
        self._take(argmap)
        self.current = self.quotes.index(focus) if focus in self.quotes else 0

    def _take(self, argmap: ArgumentMap) -> None:
        """Read what the reader shows from `argmap`: its quotes here, and the coverage."""
        self.argmap = argmap
        located = [(c, argmap.quote_span(*c)) for c in argmap.citing(self.source_id)]
        # Quotes found in the text, in the order they appear; then those not found.
        self.quotes = [c for c, s in sorted(((c, s) for c, s in located if s is not None), key=lambda cs: cs[1].start)]
        self.missing = [c for c, s in located if s is None]
        self.coverage: SourceCoverage | None = source_coverage(argmap, self.source_id) if self.text else None

    def compose(self) -> ComposeResult:
        yield Static(id="source-title")
        with Horizontal(id="source-body"):
            with VerticalScroll(id="source-text"):
                if not self.text:
                    yield Static("The text of this source could not be read; see the problems panel.")
                for lo, hi in self._blocks:
                    widget = Static(self._render_block(lo, hi), classes="source-block")
                    self._widgets.append(widget)
                    yield widget
            yield OptionList(*self._options(), id="source-quotes")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._mounted = True
        if self._reloaded:  # the map was reloaded while the screen was being built
            self.update_map(self.argmap)
        self._titles()
        quotes = self.query_one("#source-quotes", OptionList)
        if self.quotes:
            with quotes.prevent(OptionList.OptionHighlighted):
                quotes.highlighted = self.current
            self.call_after_refresh(self._scroll_to, self._quote_start(self.current))
        self.query_one("#source-text").focus()

    def _titles(self) -> None:
        source = self.argmap.sources[self.source_id]
        self.query_one("#source-title", Static).update(Content.assemble(
            (source.title, "bold"), "\n", (citation(self.argmap, self.source_id), "$text-muted")))
        pane = self.query_one("#source-text")
        pane.border_title = source.file
        cov = self.coverage
        if cov is not None:
            pane.border_subtitle = Content.assemble(
                ("quoted", _QUOTED), f" {cov.char_share:.0%} · ", ("not in the map", _UNCOVERED),
                f" {len(cov.uncovered)} passages · ", ("selected", _SELECTED))
        missing = f", {len(self.missing)} not found" if self.missing else ""
        self.query_one("#source-quotes").border_title = f"Quotes ({len(self.quotes)}{missing})"

    def _options(self) -> list[Option]:
        return [Option(self._quote_prompt(i, c)) for i, c in enumerate(self.quotes)]

    def _quote_prompt(self, i: int, cited: tuple[str, int]) -> Content:
        node = self.argmap.nodes[cited[0]]
        span = self.argmap.quote_span(*cited)
        return Content.assemble((f"{i + 1}. ", "bold"), (TYPE_ICONS[node.type] + " ", "bold"), node.label,
                                (f"  line {span.line}" if span else "", "$text-muted"))

    # -- drawing -------------------------------------------------------------------------
    def _render_block(self, lo: int, hi: int) -> Content:
        body = self.text[lo:hi].replace("\n", " ")  # hard-wrapped lines flow again; offsets kept
        spans: list[tuple[int, int, str]] = []
        if self.coverage is not None:
            spans += [(p.start, p.end, _UNCOVERED) for p in self.coverage.uncovered if p.end > lo and p.start < hi]
        for i, cited in enumerate(self.quotes):
            span = self.argmap.quote_span(*cited)
            if span is not None and span.end > lo and span.start < hi:
                spans.append((span.start, span.end, _CURRENT if i == self.current and self.selection is None else _QUOTED))
        selected = self.selected_span
        if selected is not None and selected[1] > lo and selected[0] < hi:
            spans.append((*selected, _SELECTED))
        content = Content(body)
        for start, end, style in spans:
            content = content.stylize(style, max(start, lo) - lo, min(end, hi) - lo)
        return content

    def _block_of(self, offset: int) -> int:
        return min(bisect.bisect_right(self._block_starts, offset), len(self._blocks) - 1)

    def _redraw(self, *ranges: tuple[int, int] | None) -> None:
        """Draw again the paragraphs that the offset ranges touch (all, with none given)."""
        wanted = set(range(len(self._widgets))) if not ranges else set()
        for r in ranges:
            if r is not None and self._blocks:
                wanted.update(range(self._block_of(r[0]), self._block_of(max(r[0], r[1] - 1)) + 1))
        for b in sorted(wanted):
            if b < len(self._widgets):
                self._widgets[b].update(self._render_block(*self._blocks[b]))

    def _scroll_to(self, offset: int | None) -> None:
        if offset is not None and self._widgets:
            widget = self._widgets[self._block_of(offset)]
            self.query_one("#source-text", VerticalScroll).scroll_to_widget(widget, animate=False, top=True)

    def _quote_range(self, index: int) -> tuple[int, int] | None:
        span = self.argmap.quote_span(*self.quotes[index]) if 0 <= index < len(self.quotes) else None
        return (span.start, span.end) if span else None

    def _quote_start(self, index: int) -> int | None:
        r = self._quote_range(index)
        return r[0] if r else None

    # -- quotes --------------------------------------------------------------------------
    def select(self, index: int) -> None:
        """Make quote `index` the current one: highlight it and scroll to it."""
        if not self.quotes:
            return
        old_selection = self.selected_span
        previous, self.current = self.current, index % len(self.quotes)
        self.selection = None
        self._redraw(self._quote_range(previous), self._quote_range(self.current), old_selection)
        quotes = self.query_one("#source-quotes", OptionList)
        if quotes.highlighted != self.current:
            with quotes.prevent(OptionList.OptionHighlighted):
                quotes.highlighted = self.current
        self._scroll_to(self._quote_start(self.current))

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

    # -- passages ------------------------------------------------------------------------
    @property
    def selected_span(self) -> tuple[int, int] | None:
        """[start, end) of the selected sentences, or None."""
        if self.selection is None:
            return None
        first, last = self.selection
        return self.sentences[first][0], self.sentences[last][1]

    @property
    def selected_text(self) -> str:
        span = self.selected_span
        return self.text[span[0]:span[1]] if span else ""

    def _here(self) -> int:
        """The offset reading has reached: the selection, else the current quote, else the top."""
        if self.selection is not None:
            return self.sentences[self.selection[0]][0]
        start = self._quote_start(self.current) if self.quotes else None
        return start if start is not None else -1

    def _set_selection(self, selection: tuple[int, int] | None, scroll: bool = True) -> None:
        old = self.selected_span
        self.selection = selection
        self._redraw(old, self.selected_span, self._quote_range(self.current))
        if scroll and self.selected_span is not None:
            self._scroll_to(self.selected_span[0])

    def action_gap(self, delta: int) -> None:
        """Select the first sentence of the next (or previous) passage no quote covers."""
        gaps = self.coverage.uncovered if self.coverage else []
        if not gaps:
            self.notify("Every sentence of this source is quoted.", timeout=3)
            return
        here = self._here()
        if delta > 0:
            ahead = [g for g in gaps if g.start > here]
            gap = ahead[0] if ahead else gaps[0]
        else:
            behind = [g for g in gaps if g.start < here]
            gap = behind[-1] if behind else gaps[-1]
        first = bisect.bisect_right(self._sentence_starts, gap.start) - 1
        self._set_selection((max(first, 0), max(first, 0)))

    def action_extend(self, delta: int) -> None:
        """Grow (or shrink) the selection by one sentence; start one at the current quote."""
        if not self.sentences:
            return
        if self.selection is None:
            at = max(0, bisect.bisect_right(self._sentence_starts, max(self._here(), 0)) - 1)
            self._set_selection((at, at))
            return
        first, last = self.selection
        last = min(max(first, last + delta), len(self.sentences) - 1)
        self._set_selection((first, last), scroll=False)

    def action_add_node(self) -> None:
        span = self.selected_span
        if span is None:
            self.notify("Select a passage first: u jumps to one no quote covers, + extends it by a sentence.",
                        severity="warning", timeout=5)
            return
        self.post_message(self.Passage(self.source_id, *span))

    # -- live reload ---------------------------------------------------------------------
    def update_map(self, argmap: ArgumentMap) -> None:
        """Show the quotes and coverage of a reloaded map, at the same quote (the selection
        is dropped: a passage just made a node is quoted now)."""
        if self.source_id not in argmap.sources:
            return
        keep = self.current_quote if self.current_quote in self.argmap.spans else self._focus
        self.selection = None
        self._take(argmap)
        if not self._mounted:
            self._reloaded = True
            self.current = self.quotes.index(keep) if keep in self.quotes else 0
            return
        self.current = self.quotes.index(keep) if keep in self.quotes else min(self.current, max(len(self.quotes) - 1, 0))
        quotes = self.query_one("#source-quotes", OptionList)
        with quotes.prevent(OptionList.OptionHighlighted):
            quotes.clear_options()
            quotes.add_options(self._options())
            if self.quotes:
                quotes.highlighted = self.current
        self._titles()
        self._redraw()
