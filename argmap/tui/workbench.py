"""The curator's side of the explorer: reading sources (with what the map covers), quotes,
diagrams and briefings, and adding to the map — a node from a passage, a relation picked by
fuzzy search — by appending to its files, with an undo of the last append.

A mixin of `ArgmapApp`: it uses the app's `state`, `current`, `out_dir`, `goto` and `load`.
"""

from __future__ import annotations

from pathlib import Path

from textual import work

from ..cite import quote_with_citation
from ..problems import ArgmapError
from .screens.choose import PickScreen
from .screens.curate import LinkScreen, NewNode, NewNodeScreen
from .screens.source import SourceScreen
from .widgets.detail import NodeDetail
from .widgets.maptree import MapTree

__all__ = ["Workbench"]

_FORMATS = {"md": "Markdown", "html": "HTML (one file)", "docx": "Word"}


class Workbench:
    """Sources, quotes, diagrams, briefings and appends; mixed into the app."""

    def _init_workbench(self) -> None:
        self.last_edit = None  # the last append (argmap.curate.Edit), for undo
        self.pending_goto: str | None = None  # a node to show once the next load has it
        self._coverage: dict[str, float] | None = None
        self._coverage_of = None

    def _error(self, exc: ArgmapError, title: str) -> None:
        self.notify(exc.message + (f"\nhint: {exc.hint}" if exc.hint else ""), title=title, severity="error", timeout=10)

    # -- sources and quotes ------------------------------------------------------------------
    def open_source(self, source_id: str, focus: tuple[str, int] | None = None) -> None:
        if self.state is None or source_id not in self.state.argmap.sources:
            return
        self.push_screen(SourceScreen(self.state.argmap, source_id, focus), lambda node_id: node_id and self.goto(node_id))

    def action_read_source(self) -> None:
        if self.state is None:
            return
        index = self.query_one(NodeDetail).quote_index
        if self.current is not None and index is not None:
            quote = self.state.argmap.nodes[self.current].quotes[index]
            self.open_source(quote.source, (self.current, index))
            return
        sources = self.state.argmap.sources
        if not sources:
            self.notify("The map has no sources.", severity="warning")
            return
        shares = self.coverage_summary()
        options = [(sid, f"{s.title}  ({shares[sid]:.0%} quoted)" if sid in shares else s.title) for sid, s in sources.items()]
        self.push_screen(PickScreen("Read which source?", options), lambda sid: sid and self.open_source(sid))

    def coverage_summary(self) -> dict[str, float]:
        """Each readable source's share of characters that quotes cover (for lists), once
        `measure_coverage` has run for the map shown; else nothing yet."""
        if self.state is None or self._coverage_of is not self.state.argmap:
            return {}
        return dict(self._coverage or {})

    @work(thread=True, exclusive=True, group="coverage", name="coverage", description="coverage")
    def measure_coverage(self, state) -> None:
        """Measure coverage in a worker (0.6 s of CPU at 10,000 nodes), after the quotes are placed."""
        from ..coverage import map_coverage

        shares = {c.source_id: c.char_share for c in map_coverage(state.argmap)}
        self.call_from_thread(self._coverage_measured, state.argmap, shares)

    def _coverage_measured(self, argmap, shares: dict[str, float]) -> None:
        if self.state is not None and self.state.argmap is argmap:
            self._coverage, self._coverage_of = shares, argmap

    def action_copy_quote(self) -> None:
        index = self.query_one(NodeDetail).quote_index
        if self.state is None or self.current is None or index is None:
            self.notify("This node has no quote to copy.", severity="warning")
            return
        text = quote_with_citation(self.state.argmap, self.current, index)
        self.copy_to_clipboard(text)
        self.last_copied = text
        self.notify(text if len(text) < 300 else text[:297] + "…", title="Copied to the clipboard", timeout=5)

    # -- adding to the map -----------------------------------------------------------------
    def on_source_screen_passage(self, event: SourceScreen.Passage) -> None:
        """The reader asks for a node from a passage: ask the curator the rest."""
        if self.state is None:
            return
        m = self.state.argmap
        text = m.texts[event.source_id].text[event.start:event.end]
        citing = [m.origin("nodes", n) for n, _ in m.citing(event.source_id)]
        counts: dict[Path, int] = {}
        for origin in citing:
            if origin is not None:
                counts[origin.file.path] = counts.get(origin.file.path, 0) + 1
        default = max(counts, key=counts.get) if counts else None  # type: ignore[arg-type]
        self.push_screen(NewNodeScreen(m, event.source_id, text, default), self.add_node)

    def add_node(self, choice: NewNode | None) -> None:
        if choice is None or self.state is None:
            return
        from ..curate import append_node

        try:
            edit = append_node(choice.path, choice.stub, set(self.state.argmap.nodes), display=self._file_display(choice.path),
                               source_text=self.state.argmap.texts.get(choice.stub.source))
        except ArgmapError as exc:
            self._error(exc, "The node was not added")
            return
        self._appended(edit)

    def action_link(self, relation: str | None = None) -> None:
        if self.state is None or self.current is None:
            return
        self.push_screen(LinkScreen(self.state, self.current, relation or "supports"), self.add_relation)

    def add_relation(self, choice: tuple[str, str] | None) -> None:
        if choice is None or self.state is None or self.current is None:
            return
        from ..curate import append_relation

        relation, target = choice
        origin = self.state.argmap.origin("nodes", self.current)
        if origin is None:
            return
        try:
            edit = append_relation(origin.file.path, self.current, relation, target, display=origin.display)
        except ArgmapError as exc:
            self._error(exc, "The relation was not added")
            return
        self._appended(edit)

    def _appended(self, edit) -> None:
        self.last_edit = edit
        self.pending_goto = edit.node_id
        self.notify(f"{edit.what} ({edit.added_lines} line(s) appended). ctrl+z undoes it.", title="Map file changed", timeout=6)
        self.action_reload()

    def action_undo_append(self) -> None:
        if self.last_edit is None:
            self.notify("Nothing to undo: no node or relation was added in this session.", severity="warning")
            return
        from ..curate import undo

        try:
            undo(self.last_edit)
        except ArgmapError as exc:
            self._error(exc, "Not undone")
            return
        self.notify(f"Undone: {self.last_edit.what}", timeout=5)
        self.last_edit = None
        self.action_reload()

    def _file_display(self, path: Path) -> str:
        for f in self.state.argmap.files if self.state else ():
            if f.path == path:
                return f.display
        return str(path)

    # -- diagrams and briefings ------------------------------------------------------------
    def action_render(self, whole: bool, fmt: str = "svg") -> None:
        if self.state is None or (not whole and self.current is None):
            return
        self.notify("Rendering…", timeout=2)
        self.render_worker(None if whole else self.current, fmt)

    @work(thread=True, exclusive=True, group="render", name="render", description="render")
    def render_worker(self, focus: str | None, fmt: str) -> None:
        from .actions import render_to_file

        try:
            path, message = render_to_file(self.state, self.out_dir, focus, fmt, self.query_one(MapTree).filter)
        except ArgmapError as exc:
            self.call_from_thread(self._error, exc, "Could not render")
            return
        self.last_written = path
        self.call_from_thread(self.notify, message, title="Rendered", timeout=8)

    def action_brief(self, whole: bool | None = None, fmt: str | None = None) -> None:
        """Write a briefing: ask the scope and format unless given."""
        if self.state is None:
            return
        if whole is not None and fmt is not None:
            self._brief(whole, fmt)
            return
        label = self.state.argmap.nodes[self.current].label if self.current else None
        options = [(f"map:{f}", f"The whole map — {name}") for f, name in _FORMATS.items()]
        if label:
            options += [(f"node:{f}", f"What “{label[:40]}” bears on — {name}") for f, name in _FORMATS.items()]
        self.push_screen(PickScreen(f"Write a briefing to {self.out_dir}/", options),
                         lambda key: key and self._brief(key.startswith("map:"), key.split(":", 1)[1]))

    def _brief(self, whole: bool, fmt: str) -> None:
        if not whole and self.current is None:
            return
        self.notify("Writing the briefing…", timeout=2)
        self.brief_worker(None if whole else self.current, fmt)

    @work(thread=True, exclusive=True, group="brief", name="brief", description="brief")
    def brief_worker(self, focus: str | None, fmt: str) -> None:
        from .actions import brief_to_file

        try:
            path, message = brief_to_file(self.state, self.out_dir, focus, fmt)
        except ArgmapError as exc:
            self.call_from_thread(self._error, exc, "Could not write the briefing")
            return
        self.last_written = path
        self.call_from_thread(self.notify, message, title="Briefing written", timeout=10)

    # -- layout ----------------------------------------------------------------------------
    def action_widen_tree(self, delta: int) -> None:
        """Make the tree pane wider (or narrower) by `delta` columns."""
        left = self.query_one("#left")
        width = max(24, min(left.size.width + delta, self.size.width - 30))
        left.styles.width = width
        self.query_one(MapTree).refresh()


