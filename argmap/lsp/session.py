"""One map as the editor sees it: its files (on disk, or open with unsaved text), checked as they change.

Checks go through `argmap.incremental.Workspace`: a file is parsed again only when its text
changed, the other files' checks and every unchanged quote search are reused. A file that does
not parse (mid-edit, broken YAML) reports its syntax error, while the map is checked with the
last text of it that did parse, so the other files keep their ids, references and verdicts.

For requests (definition, hover, rename, ...) each file is indexed from its current text when
first asked after a change (see `argmap.lsp.index`); checks do not pay for it.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..core import ArgumentMap, LoadResult
from ..problems import Problem
from ..project import MAP_SUFFIXES, find_project, map_paths
from ..yamlsafe import display_path, parse_yaml
from .index import FileIndex, Occurrence, index_file

__all__ = ["FileState", "Snapshot", "MapSession", "map_for", "FATAL"]

# Problems of reading a file after which nothing of it is usable: the text does not parse.
FATAL = frozenset({"AM002", "AM004", "AM005", "AM006", "AM007", "AM010", "AM013", "AM016"})


@dataclass
class FileState:
    """One file of the map: its current text, and the index of the last text of it that parsed."""

    path: Path
    text: str | None = None
    index: FileIndex = field(default_factory=FileIndex)
    indexed: str | None = None  # the text the index was made from
    broken: bool = False  # the current text does not parse (the index is an older text's)


@dataclass
class Snapshot:
    """The result of one check: the map (None if it could not be read) and the problems by file."""

    map: ArgumentMap | None
    problems: dict[Path, list[Problem]]
    unplaced: list[Problem] = field(default_factory=list)  # problems naming no file of the map
    changed: set[Path] = field(default_factory=set)  # files whose text this check read anew
    _evaluation: object | None = None

    def evaluation(self):
        """The map's evaluation (verdicts), computed when first asked."""
        if self._evaluation is None and self.map is not None:
            from ..evaluate import evaluate

            self._evaluation = evaluate(self.map)
        return self._evaluation


def map_for(file: Path) -> Path:
    """The map a YAML file belongs to: the project's map folder (or file) holding it, else the file."""
    file = file.resolve()
    project = find_project(file)
    if project is not None:
        for candidate in project.maps():
            candidate = candidate.resolve()
            if candidate == file or candidate in file.parents:
                return candidate
    return file


class MapSession:
    """A map served to an editor. Thread-safe: every method holds the session's lock."""

    def __init__(self, path: Path, root: Path | None = None, cache: bool = True) -> None:
        from ..incremental import Workspace

        self.path = path.resolve()
        self.workspace = Workspace(self.path, root=root, cache=cache)
        self.root = self.workspace.root
        self.buffers: dict[Path, str] = {}  # open in the editor: their text wins over the disk
        self.files: dict[Path, FileState] = {}
        self.snapshot: Snapshot | None = None
        self.previous: Snapshot | None = None
        self.lock = threading.RLock()
        self._changed: set[Path] = set()  # files to hand the workspace at the next check
        self._others: set[Path] = set()  # other files changed on disk (source texts)
        self._good: dict[Path, str] = {}  # the last text of each file that parsed
        self._broken: dict[Path, list[Problem]] = {}  # files whose current text does not parse
        self._disk: dict[Path, tuple[int, int, str | None]] = {}

    # -- texts -----------------------------------------------------------------------------
    def contains(self, file: Path) -> bool:
        file = file.resolve()
        if self.path.is_dir():
            return self.path in file.parents and file.suffix in MAP_SUFFIXES
        return file == self.path

    def set_buffer(self, file: Path, text: str | None) -> None:
        """The editor's text of `file` (None once closed: the disk is read again)."""
        with self.lock:
            file = file.resolve()
            if text is None:
                self.buffers.pop(file, None)
            else:
                self.buffers[file] = text
            self._changed.add(file)

    def disk_changed(self, files: list[Path] | None = None) -> None:
        """Files changed on disk (all of the map's, when not named): read them at the next check.
        A map file is read again if it is not open in the editor; any other file (a source's
        text) is read again by the checks that use it."""
        with self.lock:
            self._disk.clear()
            for f in (files if files is not None else self._paths()):
                f = f.resolve()
                if f.suffix in MAP_SUFFIXES:
                    if self.contains(f) and f not in self.buffers:
                        self._changed.add(f)
                else:
                    self._others.add(f)

    def _paths(self) -> list[Path]:
        on_disk = [p.resolve() for p in map_paths(self.path)] if self.path.exists() else []
        return sorted(set(on_disk) | set(self.buffers))

    def text(self, path: Path) -> str | None:
        """The current text of a file: the editor's buffer, else the disk (None if unreadable)."""
        with self.lock:
            if path in self.buffers:
                return self.buffers[path]
            try:
                st = path.stat()
            except OSError:
                return None
            cached = self._disk.get(path)
            if cached is not None and cached[:2] == (st.st_mtime_ns, st.st_size):
                return cached[2]
            try:
                text: str | None = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = None
            self._disk[path] = (st.st_mtime_ns, st.st_size, text)
            return text

    def file(self, path: Path, *, index: bool = True) -> FileState:
        """A file's state with its current text (the buffer, or the disk), indexed from that text
        unless `index` is False (completion reads only the text)."""
        with self.lock:
            path = path.resolve()
            state = self.files.get(path)
            if state is None:
                state = self.files[path] = FileState(path)
            text = self.text(path)
            state.text = text
            if not index or text is None or text == state.indexed:
                return state
            parsed = parse_yaml(text, path, display_path(path))
            state.broken = parsed.root is None and any(p.is_error for p in parsed.problems)
            if not state.broken:
                state.index, state.indexed = index_file(parsed), text
            elif state.indexed is None and path in self._good:  # broken from the first look
                good = parse_yaml(self._good[path], path, display_path(path))
                state.index, state.indexed = index_file(good), None
            return state

    # -- checking --------------------------------------------------------------------------
    def check(self) -> Snapshot:
        """Check the whole map as it stands now, re-reading only the files that changed.

        The snapshot it replaces is kept in `previous` until `release_previous()` (after the
        diagnostics are sent): freeing a 10k-node map takes a while, and need not delay them."""
        from ..loader import collector_paused

        with self.lock, collector_paused():
            ws = self.workspace
            if self.snapshot is None:
                changes: dict[Path, bytes | str | None] = dict(self.buffers)
            else:
                changes = {p: self._content(p) for p in self._changed}
            self._changed.clear()
            if self._others and self.snapshot is not None:  # sources are read again from disk
                ws.update(sorted(self._others))
            self._others.clear()
            result = ws.update(changes)
            stand_ins = {}
            for path in changes:
                pf = _file_of(result, path)
                fatal = pf is not None and any(p.is_error and p.code in FATAL for p in pf.problems)
                if fatal:
                    self._broken[path] = list(pf.problems)  # type: ignore[union-attr]
                    stand_in = self._good.get(path)
                    if stand_in is None and path in self.buffers:  # broken from the first look: the saved file
                        try:
                            stand_in = path.read_text(encoding="utf-8")
                        except (OSError, UnicodeDecodeError):
                            stand_in = None
                    if stand_in is not None and stand_in != changes[path]:
                        stand_ins[path] = stand_in
                else:
                    self._broken.pop(path, None)
            if stand_ins:  # check again with the last text of each broken file that parsed
                result = ws.update(stand_ins)
            for pf in result.files:  # (the map's files are named from its resolved path: no resolving)
                key = pf.path
                if not any(p.is_error and p.code in FATAL for p in pf.problems):  # (a stand-in too)
                    self._good[key] = pf.text
            if self.snapshot is None:
                # The disk cache gave (or now holds) a warm start; every later check is of text
                # being typed, which is not worth writing out at each pause.
                ws.cache = None
            self.previous, self.snapshot = self.snapshot, self._snapshot(result)
            self.snapshot.changed = set(changes)
            _freeze()  # before the collector resumes, so that it has nothing of this check to walk
            return self.snapshot

    def release_previous(self) -> None:
        """Let the snapshot before the last check go (see `check`)."""
        with self.lock:
            self.previous = None

    def _content(self, path: Path) -> bytes | str | None:
        """What the workspace should read for `path`: the buffer, the bytes on disk, or None (gone)."""
        if path in self.buffers:
            return self.buffers[path]
        try:
            return path.read_bytes()
        except OSError:
            return None

    def _snapshot(self, result: LoadResult) -> Snapshot:
        by_display = {pf.display: pf.path for pf in result.files}
        by_file: dict[Path, list[Problem]] = {path: [] for path in by_display.values()}
        unplaced: list[Problem] = []
        for problem in result.problems:
            path = by_display.get(problem.path)
            if path is None:
                unplaced.append(problem)
            elif path not in self._broken:
                by_file[path].append(problem)
        for path, problems in self._broken.items():
            if path in by_file or self.contains(path):
                by_file[path] = list(problems)
        return Snapshot(result.map, by_file, unplaced)

    def current(self) -> Snapshot:
        """The last check, or a new one when there has been none."""
        with self.lock:
            return self.snapshot if self.snapshot is not None else self.check()

    # -- ids across files ------------------------------------------------------------------
    def occurrences(self, kind: str, ident: str) -> list[tuple[Path, Occurrence]]:
        """Every place `ident` of section `kind` is written, in every file of the map."""
        with self.lock:
            out = []
            for path in self._paths():
                out.extend((path, o) for o in self.file(path).index.of(kind, ident))
            return out


_checks = 0
UNFREEZE_EVERY = 100  # checks between two full collections (for any cycle among frozen garbage)


def _freeze() -> None:
    """Move what is alive after a check out of the cyclic collector's sight.

    What a check leaves (the map, the files' entries, the quote searches) lives until the next
    check; without this, the collection that follows each check walked all of it again (on the
    10k map: 0.2 s of a 0.6 s re-check, then 0.1 s of a 0.2 s one for what the check made). Objects freed by reference counting go as usual; a
    cycle among frozen objects would wait, so every UNFREEZE_EVERY checks everything is
    unfrozen and the next collection sees it once.
    """
    global _checks
    _checks += 1
    if _checks % UNFREEZE_EVERY == 0:
        gc.unfreeze()
    else:
        gc.freeze()


def _file_of(result: LoadResult, path: Path):
    for pf in result.files:
        if pf.path == path:
            return pf
    return None
