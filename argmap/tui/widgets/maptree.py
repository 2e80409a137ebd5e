"""The map as a tree: the argument from each recommendation down, or the nodes grouped.

Children are built only when a node is first expanded, so a map of many thousands of nodes
opens at once; labels are drawn when shown, in the current theme's colours, cut to fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...graph import NodeFilter
from ...outline import GROUPINGS, children, groups, path_to, top_nodes
from ..state import CHANGE_MARKS, MapState
from ..style import LABEL_MARKS, RELATION_MARKS, STATUS_MARKS, TYPE_ICONS, mark_style, readable

__all__ = ["Entry", "MapTree", "VIEWS"]

# What the tree can show: the argument itself, the nodes grouped, or unanswered objections.
VIEWS = ("argument", *GROUPINGS, "unanswered")


@dataclass(frozen=True)
class Entry:
    """What one line of the tree stands for."""

    kind: str  # "node" or "group"
    node_id: str | None = None
    relation: str | None = None  # how the node relates to the node above it
    label: str = ""  # a group's name
    ids: tuple[str, ...] = ()  # a group's members
    ancestors: frozenset[str] = frozenset()
    cycle: bool = False  # the node is already above this line: not expanded again


class MapTree(Tree[Entry]):
    """The navigator. Posts `MapTree.Highlighted` as the cursor moves over nodes."""

    BINDINGS = [
        Binding("right,l", "expand_or_down", "Expand", show=False, id="tree.expand"),
        Binding("left,h", "collapse_or_up", "Collapse", show=False, id="tree.collapse"),
    ]

    class Highlighted(Message):
        """The cursor is on a node of the map."""

        def __init__(self, node_id: str) -> None:
            super().__init__()
            self.node_id = node_id

    def __init__(self, **kwargs) -> None:
        super().__init__("map", **kwargs)
        self.show_root = False
        self.guide_depth = 3
        self.auto_expand = False
        self.state: MapState | None = None
        self.view = "argument"
        self.filter = NodeFilter()
        self._loaded: set[int] = set()
        self.shown: list[str] = []  # node ids (or group labels) at the top level
        self._saved: dict[str, tuple] = {}  # a saved first screen's lines, by node id (see show_saved)

    # -- what to show ------------------------------------------------------------------
    def show(self, state: MapState | None, view: str | None = None, filter: NodeFilter | None = None) -> None:  # noqa: A002
        """Rebuild the top level for `state`, keeping the view and filter unless given."""
        self.state = state
        if view is not None:
            self.view = view
        if filter is not None:
            self.filter = filter
        self._clear_lines()
        if state is None:
            return
        if state.since is not None:
            n = len(state.changes)
            self.border_subtitle = f"{n} change{'s' if n != 1 else ''} since {state.since}: ✚ new ✎ changed ⇄ renamed ! re-evaluated"
        m = state.argmap
        pool = None if self.filter.empty else self.filter.apply(m)
        if self.view == "argument":
            for node_id in (top_nodes(m) if pool is None else pool):
                self._add_entry(self.root, node_id, None, frozenset())
        elif self.view == "unanswered":
            wanted = state.evaluation.unanswered_objections(m)
            for node_id in wanted if pool is None else [n for n in wanted if n in set(pool)]:
                self._add_entry(self.root, node_id, None, frozenset())
        else:
            for group in groups(m, self.view, pool):
                self.root.add(group.label, Entry("group", label=group.label, ids=group.ids), expand=False)
                self.shown.append(group.label)
        self.root.expand()

    def top_lines(self, state: MapState) -> list[tuple[str, bool, tuple]]:
        """(id, whether it has children, line pieces) of each top-level line of the argument
        view, unfiltered: what the explorer's saved first screen shows (see argmap.tui.snapshot)."""
        m = state.argmap
        return [(node_id, bool(children(m, node_id)), self.line_parts(state, Entry("node", node_id))) for node_id in top_nodes(m)]

    def show_saved(self, lines: list[tuple[str, bool, tuple]]) -> None:
        """The top level of the argument view from a saved first screen, until the map is read:
        the lines as they were drawn (each made when shown), not opened yet (their children
        come with the map)."""
        self.state = None
        self.view, self.filter = "argument", NodeFilter()
        self._clear_lines()
        self._saved = {node_id: parts for node_id, _, parts in lines}
        for node_id, expandable, _parts in lines:
            self.root.add(node_id, Entry("node", node_id), allow_expand=expandable)
            self.shown.append(node_id)
        self.root.expand()

    def _clear_lines(self) -> None:
        self.clear()
        self._saved = {}
        self._loaded = {self.root.id}
        self.shown = []

    def _add_entry(self, parent: TreeNode[Entry], node_id: str, relation: str | None, ancestors: frozenset[str]) -> TreeNode[Entry]:
        cycle = node_id in ancestors
        entry = Entry("node", node_id, relation, ancestors=ancestors, cycle=cycle)
        expandable = not cycle and bool(children(self.state.argmap, node_id))  # type: ignore[union-attr]
        if parent is self.root:
            self.shown.append(node_id)
        return parent.add(node_id, entry, allow_expand=expandable)

    def _populate(self, node: TreeNode[Entry]) -> None:
        """Add a line's children, the first time it is expanded."""
        if node.id in self._loaded or node.data is None or self.state is None:
            return
        self._loaded.add(node.id)
        entry = node.data
        if entry.kind == "group":
            for node_id in entry.ids:
                self._add_entry(node, node_id, None, frozenset())
        elif entry.node_id in self.state.argmap.nodes:
            above = entry.ancestors | {entry.node_id}
            for child in children(self.state.argmap, entry.node_id):
                self._add_entry(node, child.id, child.relation, above)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Entry]) -> None:
        self._populate(event.node)

    def _on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Entry]) -> None:
        entry = event.node.data
        if entry is not None and entry.kind == "node" and entry.node_id:
            self.post_message(self.Highlighted(entry.node_id))

    # -- finding a node ----------------------------------------------------------------
    @property
    def current_id(self) -> str | None:
        node = self.cursor_node
        return node.data.node_id if node is not None and node.data is not None else None

    def reveal(self, node_id: str) -> bool:
        """Expand the tree down to `node_id` and put the cursor on it; False if not shown."""
        if self.state is None or node_id not in self.state.argmap.nodes:
            return False
        target = self._find(node_id)
        if target is None:
            target = self._open_path(node_id)
        if target is None:
            return False
        self._tree_lines  # noqa: B018 - lay out the lines just opened, so the target has its line
        self.move_cursor(target)
        self.call_after_refresh(self.scroll_to_node, target, animate=False)
        return True

    def _find(self, node_id: str) -> TreeNode[Entry] | None:
        """A line already built for `node_id`, the shallowest visible one first."""
        stack = [self.root]
        while stack:
            here = stack.pop(0)
            for child in here.children:
                if child.data is not None and child.data.node_id == node_id and (here is self.root or here.is_expanded):
                    return child
            stack.extend(c for c in here.children if c.is_expanded)
        return None

    def _open_path(self, node_id: str) -> TreeNode[Entry] | None:
        assert self.state is not None
        m = self.state.argmap
        if self.view in ("argument", "unanswered"):
            chain = path_to(m, node_id, self.shown) if self.view == "argument" else [node_id]
            here = self.root
            for step in chain:
                self._populate(here)
                nxt = next((c for c in here.children if c.data and c.data.node_id == step), None)
                if nxt is None:
                    return None
                if step != node_id:
                    self._populate(nxt)
                    nxt.expand()
                here = nxt
            return here
        for group in self.root.children:
            if group.data is not None and node_id in group.data.ids:
                self._populate(group)
                group.expand()
                return next((c for c in group.children if c.data and c.data.node_id == node_id), None)
        return None

    # -- keys --------------------------------------------------------------------------
    def action_expand_or_down(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            self._populate(node)
            node.expand()
        elif node.children:
            self.action_cursor_down()

    def action_collapse_or_up(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    # -- drawing -----------------------------------------------------------------------
    def get_label_width(self, node: TreeNode[Entry]) -> int:
        return 1  # labels are cut to the width: no sideways scrolling, no measuring every line

    def render_label(self, node: TreeNode[Entry], base_style: Style, style: Style) -> Text:
        text = self._label(node)
        depth, up = 0, node.parent
        while up is not None and up is not self.root:
            depth, up = depth + 1, up.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth - 2
        if room > 4 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        text.stylize(style)
        prefix = (self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE) if node.allow_expand else "  "
        return Text.assemble((prefix, base_style + Style(dim=True)), text)

    def _label(self, node: TreeNode[Entry]) -> Text:
        entry = node.data
        if entry is None or self.state is None:
            saved = self._saved.get(entry.node_id) if entry is not None else None
            return Text.assemble(*saved) if saved is not None else Text(str(node.label))
        if entry.kind == "group":
            return Text.assemble((entry.label, "bold"), (f"  {len(entry.ids)}", "dim"))
        return Text.assemble(*self.line_parts(self.state, entry))

    def line_parts(self, state: MapState, entry: Entry) -> tuple[tuple[str, str], ...]:
        """A node's line as (words, style) pieces: how it relates to the line above, its type,
        verdict or label, its title (what a saved first screen keeps of it)."""
        m = state.argmap
        mapnode = m.nodes.get(entry.node_id or "")
        if mapnode is None:
            return ((entry.node_id or "?", "dim"),)
        variables = self.app.theme_variables
        side = m.sides.get(mapnode.side)
        icon_style = f"bold {readable(side.colour, variables.get('background'))}" if side else "bold"
        status = state.status(mapnode.id)
        mark, colour = STATUS_MARKS[status] if status else LABEL_MARKS[state.label(mapnode.id)]
        parts: list[tuple[str, str]] = []
        if entry.relation:
            parts.append((RELATION_MARKS.get(entry.relation, "·") + " ", "bold"))
        parts += [(TYPE_ICONS[mapnode.type] + " ", icon_style), (mark + " ", mark_style(variables, colour))]
        change = state.changes.get(mapnode.id) if state.changes else None
        if change is not None:
            mark, colour = CHANGE_MARKS[change]
            parts.append((mark + " ", mark_style(variables, colour)))
        elif state.since is not None:
            parts.append(("  ", ""))  # unchanged: keep the labels aligned
        if entry.cycle:
            parts.append(("↻ ", "dim"))
        parts.append((mapnode.label, "dim" if entry.cycle else ""))
        return tuple(parts)
