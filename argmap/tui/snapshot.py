"""The explorer's first screen, saved: drawn at once on the next start while the map is read.

Reading a big map takes the explorer most of a second even from the cache (10,000 nodes:
unpickling ~30,000 models, evaluating, building the tree). A map that has not changed since
it was last open shows exactly what it showed then, so the explorer keeps that first screen
(the header's title and counts, the question, the top of the argument tree, the first node in
full, the problems) in the project's cache, named by the check it was made from: the key of
that check's record (argmap.summary), which names every input by its bytes (each map file,
argmap.toml, each source text). At the next start the saved screen is drawn only if the record
is current (`summary.recall` checks every input is byte for byte the same) and is the one the
screen was made from, and the colour theme is the same; the code is the same by the cache's
fingerprint. The map is then read as always and replaces it; until then only the saved first
node is shown in full and the map's own keys wait (see ArgmapApp).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..cache import DiskCache
from ..problems import Problem
from .state import MapState
from .widgets.detail import DetailParts, NodeDetail
from .widgets.maptree import MapTree
from .widgets.problems import ProblemsPanel

__all__ = ["FirstScreen", "SavedScreen", "load_first_screen", "save_first_screen"]

# What the saved screen's lines are drawn by, beyond what the cache's fingerprint covers (the
# checks): the evaluation, the tree's outline, the panes. A change to any is another screen.
_DRAWN_BY = ("evaluate.py", "outline.py", "graph.py", "cite.py", "tui/state.py", "tui/style.py", "tui/snapshot.py",
             "tui/widgets/detail.py", "tui/widgets/maptree.py")


@lru_cache(maxsize=1)
def _code() -> str:
    here = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for name in _DRAWN_BY:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(b"-")
    return h.hexdigest()


@dataclass
class FirstScreen:
    """What the explorer's first screen shows of a map, and what it was made from."""

    check: str  # the key of the check's record (argmap.summary) it was made from
    theme: str
    title: str
    question: str
    summary: str
    problems: list[Problem]
    top: list[tuple[str, bool, tuple]]  # (node id, has children, line's (words, style) pieces) of the tree's top
    detail: DetailParts | None  # the first top-level node, in full
    code: str = field(default_factory=_code)  # the code that drew it


def _name(path: Path, root: Path) -> str:
    return DiskCache.name_for("first-screen", str(path.resolve()), str(root))


def load_first_screen(cache: DiskCache | None, path: Path, root: Path, theme: str) -> FirstScreen | None:
    """The saved first screen of the map at `path`, if nothing it was made from has changed."""
    from ..summary import recall

    if cache is None:
        return None
    saved = cache.get(_name(path, root))
    if not isinstance(saved, FirstScreen) or saved.theme != theme or not saved.check or saved.code != _code():
        return None
    current = recall(path, root)
    if current is None or current.key != saved.check:
        return None
    return saved


def save_first_screen(cache: DiskCache | None, path: Path, root: Path, screen: FirstScreen) -> bool:
    """Keep `screen` for the next start (False when there is no cache or it cannot be written)."""
    if cache is None:
        return False
    return cache.put(_name(path, root), screen)


class SavedScreen:
    """The explorer's part (a mixin of ArgmapApp): draw the saved first screen, keep a new one."""

    path: Path | None
    root: Path | None
    since: object
    saved: FirstScreen | None
    _saved_check: str | None
    _workspace: object

    def _cache(self):
        from ..cache import cache_for
        from ..project import root_for

        assert self.path is not None
        root = root_for(self.path, self.root)
        return cache_for(root), root

    def _show_saved(self) -> bool:
        """Draw the map's saved first screen, if nothing it was made from has changed."""
        if self.path is None or self.since is not None:
            return False
        cache, root = self._cache()
        saved = load_first_screen(cache, self.path, root, self.theme)
        if saved is None:
            return False
        self.saved, self._saved_check = saved, saved.check
        self.map_title, self.sub_title = saved.title, saved.summary
        self._fit_title()
        self.query_one("#question").update(saved.question)
        self.query_one(ProblemsPanel).show(saved.problems)
        self._banner(None, saved.problems, read=True)
        self.query_one(ProblemsPanel).display = any(p.is_error for p in saved.problems)
        tree = self.query_one(MapTree)
        tree.show_saved(saved.top)
        self._tree_title()
        self.query_one(NodeDetail).display_parts(saved.detail, "Nothing selected")
        self.current = saved.detail.node_id if saved.detail is not None else None
        first = next((line for line in tree.root.children if line.data and line.data.node_id == self.current), None)
        if first is not None:
            self.history.visit(first.data.node_id, jump=False)
            tree.move_cursor(first)
        return True

    def _save_first_screen(self, state: MapState, result) -> None:
        """Keep this map's first screen for the next start (see argmap.tui.snapshot)."""
        if self.path is None or self.since is not None or state.stale or result is None or result.map is not state.argmap:
            return
        workspace = self._workspace
        if workspace is None or result is not workspace.result:
            return  # (a newer load has replaced it)
        check = workspace.summary_key  # the record of this very check, if one was written
        if check is None or check == self._saved_check:
            return
        cache, root = self._cache()
        top = self.query_one(MapTree).top_lines(state)
        first = top[0][0] if top else next(iter(state.argmap.nodes), None)
        detail = self.query_one(NodeDetail).parts(state, first) if first is not None else None
        screen = FirstScreen(check, self.theme, state.argmap.info.title, self._question(state), state.summary,
                             list(state.problems), top, detail)
        if save_first_screen(cache, self.path, root, screen):
            self._saved_check = check

    @staticmethod
    def _question(state: MapState) -> str:
        return f"? {' '.join(state.argmap.info.question.split())}"

    def _reading(self) -> bool:
        """True (and says so) while the map is still being read behind its saved first screen."""
        if self.state is None and self.saved is not None:
            self.notify("Still reading the map: a moment.", timeout=2)
            return True
        return False
