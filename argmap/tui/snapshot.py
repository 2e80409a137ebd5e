"""The explorer's first screen, saved: drawn at once on the next start while the map is read.

Reading a big map takes the explorer most of a second even from the cache (10,000 nodes:
unpickling ~30,000 models, evaluating, building the tree). A map that has not changed since
it was last open shows exactly what it showed then, so the explorer keeps that first screen
(the header's title and counts, the question, the top of the argument tree, the first node in
full, the problems) in the project's cache, with what it was made from: the sha256 of every
map file, of argmap.toml and of every source text, by resolved path. At the next start the
saved screen is drawn only if every one of those is byte for byte the same (and the code and
the colour theme too); the map is then read as always and replaces it, and until then only the
saved first node is shown in full and the map's own keys wait (see ArgmapApp).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

from textual.widgets import Static

from ..cache import DiskCache
from ..problems import Problem
from ..project import map_paths
from .state import MapState
from .widgets.detail import DetailParts, NodeDetail
from .widgets.maptree import MapTree
from .widgets.problems import ProblemsPanel

__all__ = ["FirstScreen", "SavedScreen", "inputs_of", "inputs_read", "load_first_screen", "save_first_screen"]

_VERSION = 1  # of the record's layout


@dataclass
class FirstScreen:
    """What the explorer's first screen shows of a map, and what it was made from."""

    inputs: tuple
    theme: str
    title: str
    question: str
    summary: str
    problems: list[Problem]
    top: list[tuple[str, bool, Text]]  # (node id, has children, line) of the argument view's top level
    detail: DetailParts | None  # the first top-level node, in full


def _sha(path: Path, prefix: bytes = b"") -> str | None:
    try:
        return hashlib.sha256(prefix + path.read_bytes()).hexdigest()
    except OSError:
        return None


def inputs_of(path: Path, root: Path, source_files: list[str]) -> tuple:
    """Everything a check of the map at `path` reads, as it is on disk now: its files (which,
    in which order, by resolved path and sha256), the project's argmap.toml, and the source
    texts named by `source_files` (the map's `file:` entries, sources and copies)."""
    from ..sources import SourceFileError, resolve_source_path

    # (map files are hashed as argmap.incremental names their bytes: b"b" + bytes)
    files = tuple((str(f.resolve()), _sha(f, b"b")) for f in (map_paths(path) if path.exists() else []))
    sources = []
    for name in source_files:
        try:
            resolved = resolve_source_path(root, name)
        except SourceFileError:
            sources.append((name, None, None))
            continue
        sources.append((name, str(resolved), _sha(resolved)))
    return (_VERSION, files, _sha(root / "argmap.toml"), tuple(sources))


def inputs_read(result, root: Path) -> tuple | None:
    """The same as `inputs_of`, for the bytes a complete load (argmap.incremental's) actually
    read, so a file changed while it was read cannot pass for the one shown; None when a file's
    digest is unknown."""
    from ..sources import SourceFileError, resolve_source_path

    m = result.map
    files = []
    for pf in result.files:
        digest = getattr(pf, "digest", None)
        if digest is None:
            return None
        files.append((str(pf.path.resolve()), digest.hex()))
    sources = []
    for sid, source in m.sources.items():
        for key, name in [(sid, source.file), *((f"{sid}#copy{i + 1}", c.file) for i, c in enumerate(source.copies))]:
            text = m.texts.get(key)
            try:
                resolved = str(resolve_source_path(root, name))
            except SourceFileError:
                resolved = None
            sources.append((name, resolved if text is not None else None, text.sha256 if text is not None else None))
    return (_VERSION, tuple(files), _sha(root / "argmap.toml"), tuple(sources))


def _name(path: Path, root: Path) -> str:
    return DiskCache.name_for("first-screen", str(path.resolve()), str(root))


def load_first_screen(cache: DiskCache | None, path: Path, root: Path, theme: str) -> FirstScreen | None:
    """The saved first screen of the map at `path`, if nothing it was made from has changed."""
    if cache is None:
        return None
    saved = cache.get(_name(path, root))
    if not isinstance(saved, FirstScreen) or saved.theme != theme or not saved.inputs or saved.inputs[0] != _VERSION:
        return None
    sources = [name for name, _resolved, _sha256 in saved.inputs[3]]
    if inputs_of(path, root, sources) != saved.inputs:
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
    _saved_inputs: tuple | None

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
        self.saved, self._saved_inputs = saved, saved.inputs
        self.map_title, self.sub_title = saved.title, saved.summary
        self._fit_title()
        self.query_one("#question", Static).update(saved.question)
        self.query_one(ProblemsPanel).show(saved.problems)
        errors = sum(p.is_error for p in saved.problems)
        banner = self.query_one("#banner", Static)
        banner.update(f"The map has {errors} error(s); what could be read is shown (p: problems).")
        banner.display = self.query_one(ProblemsPanel).display = bool(errors)
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
        cache, root = self._cache()
        inputs = inputs_read(result, root) if cache is not None else None
        if inputs is None or inputs == self._saved_inputs:
            return
        top = self.query_one(MapTree).top_lines(state)
        first = top[0][0] if top else next(iter(state.argmap.nodes), None)
        detail = self.query_one(NodeDetail).parts(state, first) if first is not None else None
        screen = FirstScreen(inputs, self.theme, state.argmap.info.title, self._question(state), state.summary,
                             list(state.problems), top, detail)
        if save_first_screen(cache, self.path, root, screen):
            self._saved_inputs = inputs

    @staticmethod
    def _question(state: MapState) -> str:
        return f"? {' '.join(state.argmap.info.question.split())}"

    def _reading(self) -> bool:
        """True (and says so) while the map is still being read behind its saved first screen."""
        if self.state is None and self.saved is not None:
            self.notify("Still reading the map: a moment.", timeout=2)
            return True
        return False
