"""The explorer's views of the tree (the argument, grouped, unanswered), its search and filter
(a mixin of ArgmapApp)."""

from __future__ import annotations

from ..graph import NodeFilter
from .screens.choose import VIEW_NAMES, FilterScreen, ViewScreen
from .screens.search import SearchScreen
from .state import MapState
from .widgets.maptree import MapTree

__all__ = ["Views"]


class Views:
    """How the tree is grouped and filtered, and the search that jumps to a node."""

    state: MapState | None
    current: str | None

    def set_view(self, view: str) -> None:
        tree = self.query_one(MapTree)
        tree.show(self.state, view=view)
        self._tree_title()
        if self.current is not None:
            tree.reveal(self.current)

    def _tree_title(self) -> None:
        tree = self.query_one(MapTree)
        title = VIEW_NAMES[tree.view][0] if tree.view in ("argument", "unanswered") else f"By {VIEW_NAMES[tree.view][0].lower()}"
        f = tree.filter
        if not f.empty:
            kept = ", ".join(sorted(f.sides | f.types | f.themes | f.patterns | f.actors | f.sources))
            title += f" · filter: {kept} (esc clears)"
        tree.border_title = title

    def action_choose_view(self) -> None:
        self.push_screen(ViewScreen(self.query_one(MapTree).view), lambda view: view and self.set_view(view))

    def action_unanswered(self) -> None:
        self.set_view("argument" if self.query_one(MapTree).view == "unanswered" else "unanswered")

    def action_search(self) -> None:
        if self.state is not None:
            self.push_screen(SearchScreen(self.state), lambda node_id: node_id and self.goto(node_id))

    def action_filter(self) -> None:
        if self.state is not None:
            self.push_screen(FilterScreen(self.state.argmap, self.query_one(MapTree).filter), self.apply_filter)

    def apply_filter(self, node_filter: NodeFilter | None) -> None:
        if node_filter is None:
            return
        tree = self.query_one(MapTree)
        tree.show(self.state, filter=node_filter)
        self._tree_title()
        if not node_filter.empty:
            count = len(node_filter.apply(self.state.argmap)) if self.state else 0
            self.notify(f"{count} node(s) match the filter.", timeout=3)
        if self.current is not None:
            tree.reveal(self.current)

    def action_clear_filter(self) -> None:
        if not self.query_one(MapTree).filter.empty:
            self.apply_filter(NodeFilter())
