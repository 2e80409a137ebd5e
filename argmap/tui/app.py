"""The argmap explorer: a tree of the argument, the selected node in full, its sources, the
map's problems; reloaded as its files change. It asks the core for everything it shows."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from ..core import ArgumentMap
from ..outline import entry_at
from .commands import ActionCommands, NodeCommands
from .screens.help import HelpScreen
from .screens.source import SourceScreen
from .snapshot import SavedScreen
from .views import Views
from .state import History, MapState, load_state, mark_changes
from .style import legend
from .widgets.detail import NodeDetail
from .widgets.footer import KeyFooter
from .widgets.maptree import MapTree
from .widgets.problems import ProblemsPanel
from .workbench import Workbench

__all__ = ["ArgmapApp"]


class ArgmapApp(Workbench, Views, SavedScreen, App[None]):
    """Explore one map. Give a `path` to load (and watch), or an `argmap` built in code."""

    CSS_PATH = "app.tcss"
    TITLE = "argmap"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = App.COMMANDS | {ActionCommands, NodeCommands}
    # Quit and Help first: a narrow footer drops keys from its end.
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("slash", "search", "Search", id="app.search"),
        Binding("left_square_bracket,alt+left", "back", "Back", key_display="[", id="app.back"),
        Binding("right_square_bracket,alt+right", "forward", "Forward", key_display="]", show=False, id="app.forward"),
        Binding("s", "read_source", "Source", id="app.source"),
        Binding("f", "filter", "Filter", id="app.filter"),
        Binding("g", "choose_view", "Group", id="app.view"),
        Binding("p", "toggle_problems", "Problems", id="app.problems"),
        Binding("L", "link", "Link…", tooltip="Link this node to another: supports, rebuts, undercuts or undermines it", id="app.link"),
        Binding("b", "brief", "Brief", tooltip="Write a briefing of the map or of this recommendation", id="app.brief"),
        Binding("r", "render(False)", "Render", id="app.render"),
        Binding("R", "render(True)", "Render whole map", show=False, id="app.render_map"),
        Binding("u", "unanswered", "Unanswered objections", show=False, id="app.unanswered"),
        Binding("c", "copy_quote", "Copy quote", show=False, id="app.copy"),
        Binding("ctrl+z", "undo_append", "Undo last append", show=False, id="app.undo"),
        Binding("greater_than_sign", "widen_tree(8)", "Widen tree", key_display=">", show=False, id="app.widen"),
        Binding("less_than_sign", "widen_tree(-8)", "Narrow tree", key_display="<", show=False, id="app.narrow"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="app.clear_filter"),
    ]

    def __init__(self, path: Path | None = None, *, root: Path | None = None, argmap: ArgumentMap | None = None,
                 watch: bool = True, out_dir: Path | None = None, since=None) -> None:
        super().__init__()
        if path is None and argmap is None:
            raise ValueError("give a map path or a map")
        self.path, self.root, self.watching = path, root, watch and path is not None
        self.out_dir = out_dir or Path("argmap-output")
        self.since = since  # an older version (argmap.diff.versions.Version): mark the changes since it
        self.state: MapState | None = MapState.of(argmap) if argmap is not None else None
        if self.state is not None and since is not None:
            mark_changes(self.state, since.name, since.argmap)
        self.current: str | None = None
        self.history = History()
        self.loads = 0  # maps loaded so far, for tests and the first-load behaviour
        self.first_paint: float | None = None  # when the map (or its saved first screen) was first on screen
        self.last_copied: str | None = None
        self.last_written: Path | None = None
        self._displayed: ArgumentMap | None = None  # the map the tree was last built for
        self._stop_watch = asyncio.Event()
        self.map_title = ""
        self._init_workbench()
        self._workspace = None  # argmap.incremental.Workspace, made by the first load
        self.saved = None  # the saved first screen shown until the map is read (argmap.tui.snapshot)
        self._saved_check: str | None = None  # the check the saved first screen on disk was made from
        self._workspace_lock = threading.Lock()  # a cancelled load's thread may still be using it
        self._changed: set[str] = set()  # paths seen changing, not yet given to the workspace
        self._changed_lock = threading.Lock()

    def get_default_screen(self) -> Screen:
        # The main screen starts with the breakpoint class its first Resize would give it: that
        # Resize then changes no class, and every widget is not styled a second time before the
        # first paint (a sixth of the bundled map's warm first screen, measured).
        width = self.size.width
        fits = [name for floor, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True) if width >= floor]
        return Screen(id="_default", classes=fits[0] if fits else "")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="banner")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Static(id="question")
                yield MapTree(id="tree")
            yield NodeDetail(id="detail")
        yield ProblemsPanel(id="problems")
        yield KeyFooter(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The map's keys work on the main screen only, not under a dialog or the source reader;
        while a saved first screen stands in for the map, they wait for it (shown, disabled)."""
        if action in ("quit", "help", "command_palette", "undo_append"):
            return True
        if self.saved is not None and self.state is None:
            return None
        return len(self.screen_stack) <= 1

    def on_mount(self) -> None:
        self.query_one("#banner").display = False
        self.query_one(ProblemsPanel).display = False
        self.query_one(MapTree).border_subtitle = legend()
        self.query_one(NodeDetail).border_title = "Node"
        self.query_one(MapTree).focus()
        if self.state is not None:
            self._apply(self.state, None)
        elif self._show_saved():
            # The saved first screen is drawn before the map is read: the load starts once it is
            # on screen, so the two do not share the interpreter.
            self.call_after_refresh(self._painted)
            self.call_after_refresh(self.load)
        else:
            # Until the map is read the panes would be laid out and drawn empty, only to be
            # drawn again: that work shares the interpreter with the loading worker, so the
            # panes wait, hidden, and the header says what is happening.
            self.query_one("#main").display = False
            self.sub_title = "reading the map…"
            self.load()

    def _painted(self) -> None:
        if self.first_paint is None:
            self.first_paint = time.perf_counter()

    def on_unmount(self) -> None:
        self._stop_watch.set()

    def on_ready(self) -> None:
        from .terminal import terminal_fd

        fd = None if self.is_headless else terminal_fd()
        if fd is not None:
            self.set_interval(1.0, lambda: self._check_terminal(fd), name="terminal-hangup")

    def _check_terminal(self, fd: int) -> None:
        """Quit when the terminal has gone away (see argmap.tui.terminal)."""
        from .terminal import hung_up

        if hung_up(fd):
            # Restoring a terminal that is gone can block; do not outlive it by more than a moment.
            threading.Timer(3.0, os._exit, args=(1,)).start()
            self.exit(return_code=1)

    # -- loading and watching ----------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", name="load", description="load")
    def load(self, incremental: bool = False) -> None:
        """Read the map's files (a worker thread) and show the result; then find every quote
        in its source and show what that found. The map is on screen during the second,
        slower step (measured: most of a 10,000-node map's load). With `incremental`, only the
        files the watcher saw change are read again (see argmap.incremental)."""
        from textual.worker import get_current_worker

        from ..incremental import Workspace
        from ..loader import collector_paused

        assert self.path is not None
        # Until the quotes are checked the files' YAML trees stay alive, and every collection
        # would walk them: measured at 10,000 nodes, evaluating and indexing the map took
        # 2.3 s with the collector running, 0.2 s paused. It stays paused until then, across
        # the first _apply too (call_from_thread waits for it).
        with collector_paused(), self._workspace_lock:
            if self._workspace is None:
                self._workspace = Workspace(self.path, root=self.root)
            with self._changed_lock:  # a load cancelled before it ran leaves its paths here
                changed, self._changed = self._changed, set()
            if not incremental:
                changed = None
            state, result = load_state(self.path, self.root, self.state, self._workspace, changed)
            if state is not None and self.since is not None:
                mark_changes(state, self.since.name, self.since.argmap)
            self.call_from_thread(self._apply, state, result)
            if result.quotes_pending and not get_current_worker().is_cancelled:
                # Let the screen be drawn first: the quote search holds the interpreter, and
                # drawing beside it took twice as long (measured at 10,000 nodes).
                drawn = threading.Event()
                self.call_from_thread(self.call_after_refresh, drawn.set)
                drawn.wait(timeout=2)
                found = self._workspace.verify_quotes(result)
                if not get_current_worker().is_cancelled:
                    self.call_from_thread(self._quotes_verified, state, result, found)

    def _quotes_verified(self, state: MapState | None, result, found) -> None:
        """The quote check finished: its problems join the others, quotes can be shown in place."""
        if state is None or state is not self.state:
            return  # a newer load has replaced this one
        self._refresh_readers(state)
        self.measure_coverage(state)
        state.problems = list(result.problems)
        self.query_one(ProblemsPanel).show(state.problems)
        self._banner(state, state.problems)
        self.sub_title = state.summary
        self._fit_title()
        if self.current is not None:
            self.query_one(NodeDetail).show(state, self.current)
        if any(p.is_error for p in found):
            self.query_one(ProblemsPanel).display = True
        self._save_first_screen(state, result)

    def action_reload(self) -> None:
        if self.path is not None:
            self.load()

    def _apply(self, state: MapState | None, result) -> None:
        first, self.loads = self.loads == 0, self.loads + 1
        if self.first_paint is None:
            self.call_after_refresh(self._painted)
        saved, self.saved = self.saved, None
        if saved is not None:
            self.refresh_bindings()  # the map's keys no longer wait
        self.query_one("#main").display = True
        problems = result.problems if result is not None else (state.problems if state else [])
        rebuild = state is not None and not state.stale and state.argmap is not self._displayed
        self.state = state
        self.query_one(ProblemsPanel).show(problems)
        self._banner(state, problems)
        if state is None:
            self.sub_title = "the map could not be read"
            self.query_one(ProblemsPanel).display = True
            return
        self.map_title = state.argmap.info.title
        self.sub_title = state.summary
        self._fit_title()
        self.query_one("#question", Static).update(self._question(state))
        if rebuild or self._displayed is None:
            self._displayed = state.argmap
            tree = self.query_one(MapTree)
            tree.show(state)
            self._tree_title()
            self.history.forget(state.argmap.nodes)
            keep = self.current if self.current in state.argmap.nodes else None
            self.current = None
            target = keep or (tree.shown[0] if tree.shown and tree.view in ("argument", "unanswered") else next(iter(state.argmap.nodes), None))
            if target is not None and saved is not None and saved.detail is not None and target == saved.detail.node_id \
                    and getattr(result, "quotes_pending", False):
                # the saved first node stays as it is (its quotes placed) until the quotes are
                self.history.visit(target, jump=False)
                self.current = target
                tree.reveal(target)
            elif target is not None:
                self.goto(target, jump=keep is None)
            else:
                self.query_one(NodeDetail).show(state, None)
        if first:
            if any(p.is_error for p in problems):
                self.query_one(ProblemsPanel).display = True
            if self.watching:
                self.watch_files()
        self._after_load(state, readers=not getattr(result, "quotes_pending", False))
        if first:
            return
        if state.stale:
            self.notify(f"The map's files have {len(state.errors)} error(s): showing the last good map. Press p for the problems.",
                        severity="error", timeout=6)
        else:
            self.notify(f"Reloaded: {state.summary}", timeout=3)

    def _after_load(self, state: MapState, readers: bool) -> None:
        """A reader open on the map follows the reload (once its quotes are placed); a node
        just added is shown."""
        if state.stale:
            return
        if readers:  # the quotes are placed: what the reader and coverage need
            self._refresh_readers(state)
            self.measure_coverage(state)
        if self.pending_goto in state.argmap.nodes:
            node_id, self.pending_goto = self.pending_goto, None
            self.goto(node_id)

    def _refresh_readers(self, state: MapState) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, SourceScreen):
                screen.update_map(state.argmap)

    def on_resize(self) -> None:
        self._fit_title()

    def _fit_title(self) -> None:
        """The header shows `title — counts`; on a narrow terminal the title gives way, so the
        error and warning counts stay in view."""
        room = self.size.width - len(self.sub_title) - 24  # the header keeps ~10 columns each side
        title = self.map_title or "argmap"
        self.title = title if len(title) <= room else (title[:max(room - 1, 8)].rstrip() + "…")

    def _banner(self, state: MapState | None, problems, *, read: bool | None = None) -> None:
        """The line above the panes when the map has errors; `read` (for a saved first screen,
        shown with no state) says whether the map could be read, when `state` cannot."""
        banner = self.query_one("#banner", Static)
        errors = sum(p.is_error for p in problems)
        read = state is not None if read is None else read
        stale = state is not None and state.stale
        if not read:
            banner.update(f"The map could not be read: {errors} error(s). Fix the files; they are watched (p: problems).")
        elif stale:
            banner.update(f"Showing the last good map: the files now have {errors} error(s) (p: problems).")
        elif errors:
            banner.update(f"The map has {errors} error(s); what could be read is shown (p: problems).")
        banner.display = not read or stale or bool(errors)

    @work(exclusive=True, group="watch", name="watch", description="watch")
    async def watch_files(self) -> None:
        """Reload whenever the map's files or its sources change."""
        from .watch import watch_changes, watch_spec

        assert self.path is not None
        spec = watch_spec(self.path, self.state.argmap if self.state else None)
        async for paths in watch_changes(spec, self._stop_watch):
            with self._changed_lock:
                self._changed |= paths
            self.load(incremental=True)

    # -- going places --------------------------------------------------------------------------
    def goto(self, node_id: str, jump: bool = True) -> None:
        """Show a node: in the detail pane, in the tree (when it is in the current view), in history."""
        if self._reading():
            return
        if self.state is None or node_id not in self.state.argmap.nodes:
            self.notify(f"No node `{node_id}` in the map.", severity="warning")
            return
        self.history.visit(node_id, jump=jump)
        self._show(node_id)

    def _show(self, node_id: str) -> None:
        self.current = node_id
        self.query_one(NodeDetail).show(self.state, node_id)
        tree = self.query_one(MapTree)
        if tree.current_id != node_id and not tree.reveal(node_id):
            self.notify("That node is not in the tree as grouped or filtered now; it is shown on the right.", timeout=3)

    @on(MapTree.Highlighted)
    def _tree_moved(self, event: MapTree.Highlighted) -> None:
        if event.node_id != self.current:
            self.history.visit(event.node_id, jump=False)
            self.current = event.node_id
            if self.state is None and self.saved is not None:  # only the first node is saved in full
                detail = self.saved.detail
                self.query_one(NodeDetail).display_parts(detail if detail and detail.node_id == event.node_id else None)
                return
            self.query_one(NodeDetail).show(self.state, event.node_id)

    @on(NodeDetail.Follow)
    def _follow(self, event: NodeDetail.Follow) -> None:
        if not self._reading():
            self.goto(event.node_id)

    @on(NodeDetail.OpenQuote)
    def _open_quote(self, event: NodeDetail.OpenQuote) -> None:
        if self._reading():
            return
        self.open_source(self.state.argmap.nodes[event.node_id].quotes[event.index].source, (event.node_id, event.index))

    @on(ProblemsPanel.Chosen)
    def _problem(self, event: ProblemsPanel.Chosen) -> None:
        p = event.problem
        found = entry_at(self.state.argmap, p.path, p.line) if self.state else None
        if found is not None and found[0] == "nodes":
            self.goto(found[1])
        self.notify(f"{p.location}: {p.message}" + (f"\nhint: {p.hint}" if p.hint else ""),
                    severity="error" if p.is_error else "warning", timeout=8)

    def action_back(self) -> None:
        node_id = self.history.back()
        if node_id is not None:
            self._show(node_id)

    def action_forward(self) -> None:
        node_id = self.history.forward()
        if node_id is not None:
            self._show(node_id)

    def action_toggle_problems(self) -> None:
        panel = self.query_one(ProblemsPanel)
        panel.display = not panel.display
        (panel if panel.display else self.query_one(MapTree)).focus()

    def action_help(self) -> None:
        self.push_screen(HelpScreen([b for b in self.BINDINGS if isinstance(b, Binding)]))
