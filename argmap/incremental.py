"""Checking a map again after some of its files changed, reusing what they cannot have changed.

    ws = Workspace("arguments/canada-russia")
    result = ws.load()                                   # LoadResult: .map, .problems, .ok
    result = ws.update({Path("…/nodes/claims.yaml"): unsaved_text})  # an editor's buffer
    result = ws.update([Path("…/nodes/claims.yaml")])    # saved: read it from disk again
    result = ws.update({Path("…/nodes/old.yaml"): None}) # deleted

A map is checked in two halves (see argmap.loader): each file is read, parsed and its entries'
shapes checked, which depends on that file alone; then the files are merged and the whole-map
checks run (references, relation rules, cycles, sources, quotes, curation). A workspace keeps
each file's half, keyed by the sha256 of its bytes, so an update re-parses only the files named
and re-runs the whole-map checks over the kept results. Quote searches, the slow part of the
whole-map checks, are remembered by the sha256 of the source and the quote's words, so only new
quotes or changed sources are searched again. Both are also kept on disk in the project's
`.argmap-cache/` (see argmap.cache), so a fresh process starts warm. Results are the same as
`loader.load_map`'s, problem for problem, whatever the cache holds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from .cache import DiskCache, cache_for
from .core import LoadResult
from .loader import FileEntries, check_file, collector_paused, merge_files
from .problems import Problem, arrange
from .project import MAP_SUFFIXES, limits_for, map_paths, root_for
from .reparse import Tree, reparse
from .summary import counts, record, settings_digest
from .yamlsafe import ParsedFile, display_path, outside, parse_yaml, read_yaml_file, too_many_entries

__all__ = ["Workspace", "Changes"]

# What `update` accepts: paths to read again from disk, or path → the text to use instead of the
# file (an editor's unsaved buffer; bytes or str), or None for a file deleted.
Changes = Mapping[Path | str, "bytes | str | None"] | Iterable[Path | str]


@dataclass
class _TrackedFile(ParsedFile):
    """A parsed file that remembers every position asked of it, and can answer without its tree.

    The positions asked during a check (where each entry starts, where each problem is) are
    kept, and cached with the file; a later check asks the same ones. A position not asked
    before is found by composing the file's text again, once, which gives the very same tree.
    """

    positions: dict = field(default_factory=dict)
    digest: bytes | None = None  # sha256 of the bytes (or text) it was read from

    def locate(self, path: tuple | list, *, key: bool = False) -> tuple[int | None, int | None]:
        wanted = (tuple(path), key)
        hit = self.positions.get(wanted)
        if hit is not None:
            return hit
        if self.root is None:
            if not self.text:
                return (None, None)
            self.root = parse_yaml(self.text, self.path, self.display).root
            if self.root is None:  # pragma: no cover - the text parsed before
                return (None, None)
        hit = super().locate(path, key=key)
        self.positions[wanted] = hit
        return hit


@dataclass
class _Unit:
    """One map file's checked half, and what it was made from."""

    digest: bytes | None  # sha256 of the bytes or text checked; None when the file could not be read
    checked: FileEntries
    saved: int = -1  # how many positions the disk cache holds (-1: not cached)
    text_digest: bytes | None = None  # sha256 of the text checked, once a summary needs it


class Workspace:
    """A map kept loaded between checks: `load()` once, then `update(changed)` after edits.

    `path` is a map file or folder, `root` the project folder (found from the map when not
    given). `cache` is True for the project's `.argmap-cache/` folder, a folder to use instead,
    or False for none (in memory only). The default follows the environment: ARGMAP_NO_CACHE=1
    turns it off, ARGMAP_CACHE_DIR names another folder. Not thread-safe: use one workspace
    from one thread at a time.
    """

    def __init__(self, path: Path | str, *, root: Path | None = None, cache: bool | Path | str = True) -> None:
        self.path = Path(path)
        self.root = root_for(self.path, root)
        # [limits] of argmap.toml (file size, entries), and the digest of the settings they came
        # from for the summary record; read twice around, so that an edit in between is no record
        settings = settings_digest(self.root)
        self.limits = limits_for(self.root)
        self._settings = settings if settings_digest(self.root) == settings else _CHANGING
        self.cache: DiskCache | None = cache_for(self.root, cache)
        self.result: LoadResult | None = None
        self._units: dict[Path, _Unit] = {}
        self._trees: dict[Path, Tree] = {}  # the files edited last, as parsed: argmap.reparse starts there
        self._overrides: dict[Path, bytes | str | None] = {}
        self._dirty: set[Path] | None = None  # files to read again; None: all of them
        self._files: list[tuple[Path, Path]] | None = None  # the map's files found last; None: look again
        self._checked_files: list[tuple[Path, Path]] = []  # the files of the last check, for its summary
        self._recorded: tuple | None = None  # the inputs of the summary last recorded
        self.summary_key: str | None = None  # what argmap.summary.record named the last recorded check
        self._memo: _LazyMemo | None = None
        self._rechecker = None

    # -- the API -------------------------------------------------------------------------------
    def load(self, *, verify_quotes: bool = True) -> LoadResult:
        """Check the whole map, reading every file (unchanged ones are reused by their hash).

        With `verify_quotes=False` the quotes are left for `verify_quotes(result)` (the
        explorer shows the map first); otherwise the result is complete.
        """
        self._dirty = None
        self._files = None
        return self._check(verify_quotes)

    def update(self, changed: Changes = (), *, verify_quotes: bool = True) -> LoadResult:
        """Check the map again after `changed` files changed; only those are read again.

        `changed` is an iterable of paths (read again from disk), or a mapping of path → the
        text to use instead of the file on disk (bytes or str: an editor's unsaved buffer) or
        None (the file is deleted). A mapping entry stays in force until the path is named
        again; naming it in an iterable goes back to the file on disk. Paths that are not map
        files (a source text, say) are accepted and read again from disk (an unsaved text is
        used for map files only). Before the first `load()`, this is `load()`.
        """
        if self.result is None or self._dirty is None:
            self._dirty = None
        items = changed.items() if isinstance(changed, Mapping) else ((p, _DISK) for p in changed)
        for raw_path, content in items:
            key = _key(raw_path)
            if content is _DISK:
                self._overrides.pop(key, None)
            else:
                self._overrides[key] = content
            if self._dirty is not None:
                self._dirty.add(key)
            if content is None:
                self._units.pop(key, None)
            if content is None or (key not in self._units and key.suffix in MAP_SUFFIXES):
                self._files = None  # a map file gone or new: find the map's files again
            _forget_source(key)
        return self._check(verify_quotes)

    def verify_quotes(self, result: LoadResult) -> list[Problem]:
        """Finish a check made with `verify_quotes=False`: search every quote in its source.

        The problems found are added to `result.problems` (kept sorted) and returned; quote
        places go into `result.map.spans`. Calling it again does nothing.
        """
        if not result.quotes_pending:
            return []
        with collector_paused():
            found = self._checker().check_quotes(result.map) if result.map is not None else []
        result.quotes_pending = False
        result.problems = arrange(result.problems + found)
        self._save(result)
        return found

    # -- checking ------------------------------------------------------------------------------
    def _check(self, verify_quotes: bool) -> LoadResult:
        with collector_paused():
            files = self._files if self._files is not None and self._dirty is not None else self._map_files()
            self._files = None if isinstance(files, LoadResult) else files
            if isinstance(files, LoadResult):
                self.result = files
                return files
            if self._dirty is None:  # a whole load: the map's size is bounded before anything is parsed
                too_big = self._too_many_entries(files)
                if too_big is not None:
                    self.result = LoadResult(None, [too_big])
                    return self.result
            checked = [self._unit(path, key).checked for path, key in files]
            self._checked_files = files
            self._dirty = set()
            argmap, problems, broken = merge_files(checked, self.path, self.root)
            if argmap is not None:
                problems.extend(self._checker().validate(argmap, broken, verify_quotes=verify_quotes))
            problems = arrange(problems, {c.file.display for c in checked if c.file.data is None and not c.file.ok})
            result = LoadResult(argmap, problems, [c.file for c in checked],
                                quotes_pending=argmap is not None and not verify_quotes)
            self.result = result
            if not result.quotes_pending:
                self._save(result)
            return result

    def _map_files(self) -> list[tuple[Path, Path]] | LoadResult:
        """(path as the loader names it, key) of each file of the map, overrides included."""
        display = display_path(self.path)
        on_disk = map_paths(self.path) if self.path.exists() else []
        files = [(p, _key(p)) for p in on_disk]
        known = {k for _p, k in files}
        top = _key(self.path)
        added = [(key, key) for key, content in self._overrides.items()
                 if content is not None and key not in known and (
                     key == top or (key.suffix in MAP_SUFFIXES and top in key.parents and not self.path.is_file()))]
        if added:  # unsaved new files take their place in the order map_paths gives (by path)
            files = sorted(files + added, key=lambda f: f[1].relative_to(top).parts if top in f[1].parents else ())
        files = [f for f in files if self._overrides.get(f[1], _DISK) is not None]
        if not files:
            if not self.path.exists():
                return LoadResult(None, [Problem.make("AM001", f"no map at `{display}`", display,
                                                      hint="name a map file (.yaml) or a folder of them; `argmap validate` with no path checks the bundled maps")])
            return LoadResult(None, [Problem.make("AM017", f"`{display}` holds no .yaml files", display,
                                                  hint="a map folder holds one or more .yaml files")])
        return files

    def _too_many_entries(self, files: list[tuple[Path, Path]]) -> Problem | None:
        raws = []
        for path, key in files:
            content = self._overrides.get(key, _DISK)
            raw = (None if outside(path, self.root) is not None else _read(path, self.limits.max_file_bytes)) \
                if content is _DISK else content
            if raw is not None:
                raws.append(raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass"))
        where = display_path(self.path)
        return too_many_entries(raws, self.limits, where)

    def _unit(self, path: Path, key: Path) -> _Unit:
        unit = self._units.get(key)
        if unit is not None and unit.digest is not None and self._dirty is not None and key not in self._dirty:
            return unit
        display = display_path(path)
        content = self._overrides.get(key, _DISK)
        if content is _DISK:
            refused = outside(path, self.root, display)  # a link out of the project is never read
            raw = None if refused is not None else _read(path, self.limits.max_file_bytes)
            if raw is None:  # outside, too big or unreadable: the reader says why, nothing is kept
                unit = _Unit(None, check_file(refused or read_yaml_file(path, display, limits=self.limits)))
                self._units[key] = unit
                return unit
        else:
            raw = content  # type: ignore[assignment]
        digest = hashlib.sha256((b"b" + raw) if isinstance(raw, bytes) else (b"s" + raw.encode("utf-8", "surrogatepass"))).digest()
        if unit is not None and unit.digest == digest and unit.checked.file.display == display:
            return unit
        name = DiskCache.name_for("file", str(key), display)
        unit = self._from_disk(name, digest, path, display)
        if unit is None:
            parsed = self._parse(key, raw, path, display)
            tracked = _TrackedFile(parsed.path, parsed.display, parsed.text, parsed.data, parsed.root, parsed.problems,
                                   bidi=parsed.bidi, digest=digest)
            unit = _Unit(digest, check_file(tracked))
        self._units[key] = unit
        return unit

    def _parse(self, key: Path, raw: bytes | str, path: Path, display: str) -> ParsedFile:
        """Parse a map file. In an update, a file parsed in an earlier update has only the
        entries its edit touched read again (argmap.reparse, 0.45 ms against 2.5 ms for a
        40 KB file of the bundled map); its tree is kept for the next edit."""
        before = self._trees.pop(key, None)
        parsed = (reparse(before, raw, path, display) if before is not None else None) or parse_yaml(raw, path, display)
        if self._dirty is not None:  # being edited: keep it for the next edit (a whole load keeps none)
            tree = Tree.of(parsed)
            if tree is not None:
                self._trees[key] = tree
                while len(self._trees) > _TREES_KEPT:
                    del self._trees[next(iter(self._trees))]
        return parsed

    # -- the disk cache ------------------------------------------------------------------------
    def _from_disk(self, name: str, digest: bytes, path: Path, display: str) -> _Unit | None:
        if self.cache is None:
            return None
        stored = self.cache.get(name)
        try:
            stored_digest, text, file_problems, problems, info, entries, broken, mapping, layers, positions, bidi = stored  # type: ignore[misc]
        except (TypeError, ValueError):
            return None
        if stored_digest != digest:
            return None
        tracked = _TrackedFile(path, display, text, None, None, file_problems, bidi=bidi, positions=positions, digest=digest)
        return _Unit(digest, FileEntries(tracked, problems, info, entries, broken, mapping, layers), saved=len(positions))

    def _save(self, result: LoadResult) -> None:
        """Pin every entry's position, let the trees go, and store what is new in the cache."""
        if result.map is not None:
            for origin in result.map.origins.values():
                origin.pin()
        for pf in result.files:
            pf.release()
        if self.cache is None:
            return
        for key, unit in self._units.items():
            pf = unit.checked.file
            if unit.digest is None or not isinstance(pf, _TrackedFile) or unit.saved == len(pf.positions):
                continue
            c = unit.checked
            name = DiskCache.name_for("file", str(key), pf.display)
            if self.cache.put(name, (unit.digest, pf.text, pf.problems, c.problems, c.info, c.entries, c.broken, c.mapping, c.layers,
                                         pf.positions, pf.bidi)):
                unit.saved = len(pf.positions)
        memo = self._memo
        if memo is not None and memo.loaded and len(memo) != memo.saved and result.map is not None:
            shas = {t.sha256 for t in result.map.texts.values()}
            for stale in [k for k in memo if k[1] not in shas]:
                del memo[stale]
            if self.cache.put(self._memo_name(), dict(memo)):
                memo.saved = len(memo)
        if self._rechecker is not None and self._rechecker.changed and result.map is not None:
            self.cache.put(self._memo_name("checks"), self._rechecker.state)
        self._summarise(result)

    def _summarise(self, result: LoadResult) -> None:
        """Store the whole result for `argmap validate` (argmap.summary), with every input it was
        made from, when all of them were read from disk and could be: an unsaved buffer, a map
        file refused or unreadable, a source not read is never recorded (its answer depends on
        more than bytes: a folder's listing, a size), so such a map is always checked."""
        key, self.summary_key = self.summary_key, None  # (kept below only for the same inputs)
        if (self.cache is None or self._overrides or self._settings is _CHANGING or result.quotes_pending
                or result is not self.result):  # (quotes verified late for a result since superseded)
            return
        cwd = Path.cwd().resolve()
        units = []
        for path, key in self._checked_files:
            unit = self._units.get(key)
            if unit is None or unit.digest is None or unit.checked.file.display != _display(path, key, cwd):
                return  # (a display made before the current folder changed names another file now)
            units.append((key, unit))
        sources = []
        m = result.map
        if m is not None:
            for source in m.sources.values():
                named = [(source.id, source.file)] + [(f"{source.id}#copy{i + 1}", c.file) for i, c in enumerate(source.copies)]
                for text_id, name in named:
                    text = m.texts.get(text_id)
                    if text is None:
                        return
                    sources.append((name, text.path, text.sha256))
        # the same inputs give the same result: an update that changed nothing writes nothing
        inputs = (cwd, self._settings, [(key, unit.digest) for key, unit in units], sources)
        if inputs == self._recorded:
            self.summary_key = key
            return
        named = {p.path for p in result.problems}
        files = []
        for key, unit in units:
            pf = unit.checked.file
            # the texts `validate` may show lines of, verified on a hit (each file's hashed once)
            if pf.display in named and pf.text and unit.text_digest is None:
                unit.text_digest = hashlib.sha256(pf.text.encode("utf-8", "surrogatepass")).digest()
            files.append((pf.display, key, unit.digest, unit.text_digest if pf.display in named and pf.text else None))
        self.summary_key = record(self.cache, self.path, self.root, self._settings, files, sources, result.problems,
                                  counts(m) if m is not None else None)
        if self.summary_key is not None:
            self._recorded = inputs

    def _checker(self):
        """The whole-map checker (argmap.validate.Rechecker), its quote searches from the cache."""
        if self._rechecker is None:
            from .validate import Rechecker

            cache, name = self.cache, self._memo_name()
            self._memo = _LazyMemo(lambda: cache.get(name) if cache is not None else None)
            self._rechecker = Rechecker(self._memo)
            if self.cache is not None:
                self._rechecker.state = self.cache.get(self._memo_name("checks"))
        return self._rechecker

    def _memo_name(self, what: str = "quotes") -> str:
        return DiskCache.name_for(what, str(_key(self.path)), str(self.root))


_DISK = object()  # "read the file on disk" (no override)
_TREES_KEPT = 8  # files whose parse is kept for argmap.reparse: those edited last
_CHANGING = object()  # argmap.toml changed while the limits were read: no summary is recorded


class _LazyMemo(dict):
    """The quote searches of earlier checks, read from the cache only when a search is asked
    for (a warm start that reuses every node's results never reads them)."""

    def __init__(self, load) -> None:
        super().__init__()
        self._load = load
        self.loaded = False
        self.saved = -1  # how many searches the cache holds

    def _fill(self) -> None:
        if not self.loaded:
            self.loaded = True
            stored = self._load()
            if isinstance(stored, dict):
                dict.update(self, stored)
                self.saved = len(stored)

    def get(self, key, default=None):
        self._fill()
        return dict.get(self, key, default)

    def __setitem__(self, key, value) -> None:
        self._fill()
        dict.__setitem__(self, key, value)


def _key(path: Path | str) -> Path:
    """One name per file however it was spelt (relative, through links)."""
    return Path(path).resolve()


def _display(path: Path, key: Path, cwd: Path) -> str:
    """yamlsafe.display_path(path) for a file whose resolved path `key` and the current folder's
    `cwd` are known (it resolves both for every call)."""
    return str(key.relative_to(cwd)) if key == cwd or cwd in key.parents else str(path)


def _read(path: Path, limit: int) -> bytes | None:
    try:
        if path.stat().st_size > limit:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _forget_source(path: Path) -> None:
    """A source text named as changed is read again at the next check, whatever its mtime."""
    from .sources import forget

    forget(path)
