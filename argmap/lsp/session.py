"""One map as the editor sees it: its files (on disk, or open with unsaved text), checked on demand.

A file is parsed again only when its text changed; the others keep their parse. A file that
does not parse (mid-edit, broken YAML) reports its syntax error, while the map is checked with
the last version of it that did parse, so the other files keep their ids, their references and
their verdicts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..core import ArgumentMap
from ..problems import Problem
from ..project import MAP_SUFFIXES, find_project, map_paths, root_for
from ..yamlsafe import ParsedFile, display_path, parse_yaml, read_yaml_file
from .index import FileIndex, Occurrence, index_file

__all__ = ["FileState", "Snapshot", "MapSession", "map_for"]


@dataclass
class FileState:
    """One file of the map: the text last read, its parse, and the last parse that worked."""

    path: Path
    text: str | None = None
    parsed: ParsedFile | None = None
    good: ParsedFile | None = None  # the last parse with a node tree (this one, or an older one)
    index: FileIndex = field(default_factory=FileIndex)
    from_buffer: bool = False

    @property
    def broken(self) -> bool:
        """True when the current text does not parse (an older parse, if any, stands in for it)."""
        return self.parsed is not None and self.parsed.root is None and any(p.is_error for p in self.parsed.problems)


@dataclass
class Snapshot:
    """The result of one check: the map (None if it could not be read) and the problems by file."""

    map: ArgumentMap | None
    problems: dict[Path, list[Problem]]
    unplaced: list[Problem] = field(default_factory=list)  # problems naming no file of the map
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

    def __init__(self, path: Path, root: Path | None = None) -> None:
        self.path = path.resolve()
        self.root = root_for(self.path, root)
        self.files: dict[Path, FileState] = {}
        self.buffers: dict[Path, str] = {}  # open in the editor: their text wins over the disk
        self.snapshot: Snapshot | None = None
        self.lock = threading.RLock()
        self._disk_dirty = True

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
                self._disk_dirty = True
            else:
                self.buffers[file] = text

    def disk_changed(self) -> None:
        """Files were created, changed or deleted on disk: look again at the next check."""
        with self.lock:
            self._disk_dirty = True

    def _paths(self) -> list[Path]:
        on_disk = [p.resolve() for p in map_paths(self.path)] if self.path.exists() else []
        extra = [p for p in self.buffers if p not in on_disk]
        return sorted(set(on_disk) | set(extra))

    def file(self, path: Path) -> FileState:
        """The state of one file, parsed from its current text (the buffer, or the disk)."""
        with self.lock:
            path = path.resolve()
            state = self.files.get(path)
            if state is None:
                state = self.files[path] = FileState(path)
            text = self.buffers.get(path)
            if text is None:
                if state.parsed is not None and not state.from_buffer and not self._disk_dirty:
                    return state
                parsed = read_yaml_file(path, display_path(path))
                state.from_buffer = False
                if parsed.text and parsed.text == state.text and state.parsed is not None:
                    return state
            else:
                state.from_buffer = True
                if text == state.text and state.parsed is not None:
                    return state
                parsed = parse_yaml(text, path, display_path(path))
            state.text = parsed.text if text is None else text
            state.parsed = parsed
            if not state.broken:
                state.good = parsed
                state.index = index_file(parsed)
            elif state.good is None:  # broken from the first look: the saved file may still parse
                saved = read_yaml_file(path, display_path(path)) if text is not None and path.exists() else None
                state.good = saved if saved is not None and saved.root is not None else parsed
                state.index = index_file(state.good)
            return state

    # -- checking --------------------------------------------------------------------------
    def check(self) -> Snapshot:
        """Check the whole map as it stands now, re-parsing only the files whose text changed."""
        from ..loader import collector_paused

        with self.lock, collector_paused():
            paths = self._paths()
            states = [self.file(p) for p in paths]
            self._disk_dirty = False
            for gone in set(self.files) - set(paths):
                del self.files[gone]
            used = [s.good if s.broken else s.parsed for s in states]
            used = [pf for pf in used if pf is not None]
            argmap, problems = check_files(used, self.path, self.root)
            by_file: dict[Path, list[Problem]] = {s.path: [] for s in states}
            displays = {s.parsed.display: s for s in states if s.parsed is not None}
            unplaced: list[Problem] = []
            for problem in problems:
                state = displays.get(problem.path)
                if state is None:
                    unplaced.append(problem)
                elif not state.broken:
                    by_file[state.path].append(problem)
            for state in states:
                if state.broken:  # its stale parse's problems are replaced by the syntax error
                    by_file[state.path] = list(state.parsed.problems)  # type: ignore[union-attr]
            self.snapshot = Snapshot(argmap, by_file, unplaced)
            return self.snapshot

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
                state = self.file(path)
                out.extend((path, o) for o in state.index.of(kind, ident))
            return out

    def ids(self, kind: str) -> dict[str, object]:
        """The entries of a section by id, from the last check (or from the index if none)."""
        snap = self.current()
        if snap.map is not None:
            return dict(getattr(snap.map, kind))
        with self.lock:
            return {o.ident: None for s in self.files.values() for o in s.index.occurrences if o.kind == kind and o.definition}


def check_files(parsed: list[ParsedFile], path: Path, root: Path) -> tuple[ArgumentMap | None, list[Problem]]:
    """Merge and validate parsed files: every problem `argmap validate` reports, quotes included."""
    from ..loader import load_files
    from ..validate import validate

    argmap, problems, broken = load_files(parsed, path, root)
    if argmap is not None:
        problems.extend(validate(argmap, broken, verify_quotes=True))
    problems.sort(key=Problem.sort_key)
    return argmap, problems
