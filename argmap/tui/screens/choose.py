"""Small dialogs: choose how to group the tree, and which nodes to keep (the filter)."""

from __future__ import annotations

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.widgets.selection_list import Selection

from ...core import ArgumentMap
from ...graph import NodeFilter
from ...model import NodeType
from ..widgets.maptree import VIEWS

__all__ = ["ViewScreen", "FilterScreen", "PickScreen", "VIEW_NAMES"]

VIEW_NAMES = {
    "argument": ("Argument", "recommendations, down to their reasons, objections and rebuttals"),
    "side": ("Side", "nodes by the side they serve"),
    "theme": ("Theme", "nodes by theme (a node may be under several)"),
    "source": ("Source", "nodes by the sources they quote"),
    "actor": ("Actor", "nodes by who holds them"),
    "pattern": ("Objection pattern", "objections by the pattern they follow"),
    "unanswered": ("Unanswered objections", "objections nothing rebuts yet"),
}


class ViewScreen(ModalScreen[str | None]):
    """Pick what the tree shows."""

    BINDINGS = [Binding("escape", "dismiss_none", "Close", id="view.close")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="view-box", classes="dialog"):
            yield OptionList(*[
                Option(Content.assemble((VIEW_NAMES[v][0], "bold"), ("  " + VIEW_NAMES[v][1], "$text-muted")), id=v)
                for v in VIEWS
            ])
            yield Static("enter choose · esc close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#view-box").border_title = "Show the tree as"
        options = self.query_one(OptionList)
        options.highlighted = VIEWS.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class FilterList(SelectionList):
    """Space toggles a value; enter applies the filter. A kept value shows a tick, an
    unticked one an empty box: the state reads in text, not only in colour."""

    BINDINGS = [Binding("enter", "screen.apply", "Apply", id="filter.apply")]

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset[1] + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) > 2 and len(segments[1].text) == 1:  # ▐X▌: the X is the second segment
            mark = "✓" if selection.value in self._selected else " "
            segments[1] = Segment(mark, segments[1].style)
            return Strip(segments, line.cell_length)
        return line


class FilterScreen(ModalScreen[NodeFilter | None]):
    """Choose sides, types, themes, patterns, actors and sources to keep."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="filter.cancel"),
        Binding("c", "clear", "Clear all", id="filter.clear"),
    ]

    def __init__(self, argmap: ArgumentMap, current: NodeFilter) -> None:
        super().__init__()
        self.argmap = argmap
        self.current = current

    def compose(self) -> ComposeResult:
        m, f = self.argmap, self.current
        rows: list[tuple[str, str, str, frozenset[str]]] = []
        rows += [("side", k, s.label, f.sides) for k, s in m.sides.items()]
        rows += [("type", t.value, t.value, f.types) for t in NodeType]
        rows += [("theme", k, t.label, f.themes) for k, t in m.themes.items()]
        rows += [("pattern", k, p.label, f.patterns) for k, p in m.patterns.items()]
        rows += [("actor", k, a.name, f.actors) for k, a in m.actors.items()]
        rows += [("source", k, s.title, f.sources) for k, s in m.sources.items()]
        with Vertical(id="filter-box", classes="dialog"):
            yield FilterList(*[
                Selection(Content.assemble((f"{kind:<8}", "$text-muted"), label), f"{kind}\t{key}", key in chosen)
                for kind, key, label, chosen in rows
            ])
            yield Static("Ticked values are kept; nothing ticked keeps every node.\n"
                         "space tick/untick · enter apply · c untick all · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#filter-box").border_title = "Filter: keep only the ticked"

    def chosen(self) -> NodeFilter:
        picked: dict[str, list[str]] = {}
        for value in self.query_one(FilterList).selected:
            kind, key = value.split("\t", 1)
            picked.setdefault(kind, []).append(key)
        return NodeFilter.of(**picked)

    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    def action_clear(self) -> None:
        self.query_one(FilterList).deselect_all()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class PickScreen(ModalScreen[str | None]):
    """Pick one of a few things by name (a source to read, say)."""

    BINDINGS = [Binding("escape", "dismiss_none", "Close", id="pick.close")]

    def __init__(self, title: str, options: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box", classes="dialog"):
            yield OptionList(*[Option(label, id=key) for key, label in self.options])
            yield Static("enter choose · esc close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#pick-box").border_title = self.title_text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
