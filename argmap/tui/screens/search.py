"""The search dialog: fuzzy search over node ids, titles, texts and quotes as you type."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...search import Hit
from ..state import MapState
from ..style import TYPE_ICONS

__all__ = ["SearchScreen"]

_FIELDS = {"id": "id", "title": "title", "text": "text", "quote": "quote"}


class SearchScreen(ModalScreen[str | None]):
    """Type to search; enter opens the highlighted (or best) node; escape closes."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Close", id="search.close"),
        Binding("down", "focus_results", "Results", show=False, id="search.results"),
    ]

    def __init__(self, state: MapState, query: str = "") -> None:
        super().__init__()
        self.state = state
        self.query_text = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="dialog"):
            yield Input(self.query_text, placeholder="Search ids, titles, texts and quotes…", id="search-input")
            yield Static("", id="search-count", classes="dialog-hint")
            yield OptionList(id="search-results")
            yield Static("enter open · ↓ results · esc close", classes="dialog-hint")

    BOX_TITLE = "Search"

    def on_mount(self) -> None:
        self.query_one("#search-box").border_title = self.BOX_TITLE
        self._search(self.query_text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        self.hits = self.state.index.search(query, limit=50)
        results = self.query_one(OptionList)
        results.clear_options()
        m = self.state.argmap
        for hit in self.hits:
            node = m.nodes[hit.node_id]
            prompt = Content.assemble((TYPE_ICONS[node.type] + " ", "bold"), (node.label, "bold"),
                                      (f"  {hit.node_id}", "$text-muted"))
            if hit.field in ("text", "quote"):
                snippet = hit.text if len(hit.text) <= 110 else hit.text[:107] + "…"
                prompt = prompt + Content.assemble("\n  ", (f"{_FIELDS[hit.field]}: ", "italic $text-muted"), snippet)
            results.add_option(Option(prompt))
        if self.hits:
            results.highlighted = 0
        count = "" if not query.strip() else (f"{len(self.hits)} match{'es' if len(self.hits) != 1 else ''}" if self.hits else "no matches")
        self.query_one("#search-count", Static).update(count)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        results = self.query_one(OptionList)
        if self.hits:
            self.choose(self.hits[results.highlighted or 0].node_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(self.hits[event.option_index].node_id)

    def choose(self, node_id: str) -> None:
        """The user picked a node."""
        self.dismiss(node_id)

    def action_focus_results(self) -> None:
        results = self.query_one(OptionList)
        if self.hits:
            results.focus()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
