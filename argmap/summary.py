"""The last complete check of a map, kept whole, so `argmap validate` on an unchanged map
answers without checking it again.

After every complete check (quotes verified) argmap.incremental.Workspace stores one record in
the map's cache (argmap.cache: atomic, under the code's fingerprint and the payload's digest):
the problems found, whether the map could be read, its counts, and every input the result
depended on:

- the current folder, the map's path as named and resolved, and the project folder (problems
  name files relative to the current folder, and hints name the project folder);
- the sha256 of the project's argmap.toml (its [limits] bound what is read), or its absence;
- each file of the map, in order: its display path, resolved path and the sha256 of its bytes
  (a file added, removed, renamed or turned into a link changes the list);
- each source text and source copy the map names: the file it resolves to and the sha256 of
  its bytes.

`recall` reads the record and answers only when every input is byte-identical now; anything
else (no record, another version, damage, any input changed or unreadable) is a miss, and the
caller checks the map as before, which writes the record again. A record is written only when
every input was read from disk and could be (no unsaved buffers, no map file refused or
unreadable, every source read): any other check is never answered from a record.

This module imports only the standard library and argmap's light modules (cache, problems,
project): a hit never imports pydantic, PyYAML, the models, the loader or the validator.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .cache import DiskCache, cache_for
from .problems import Problem
from .project import display_path, map_paths, root_for

__all__ = ["Summary", "recall", "record", "counts", "settings_digest", "file_digest"]

_FORMAT = 1  # the record's layout; the code fingerprint changes with this module anyway


@dataclass
class Summary:
    """A check answered from its record: what `argmap validate` prints from a LoadResult."""

    problems: list[Problem]
    readable: bool  # the map could be read (LoadResult.map is not None)
    counts: dict[str, int] | None  # `counts(map)` when readable
    _texts: dict[str, str] = field(default_factory=dict)
    key: str = ""  # names the check recorded (its inputs): what `record` returned for it

    def texts(self) -> dict[str, str]:
        """Display path → text of each map file a problem names (as LoadResult.texts gives
        them), read from disk and verified against the text checked."""
        return self._texts


def counts(m) -> dict[str, int]:
    """The counts `argmap validate` prints after a map's name: nodes, sources, quotes verified."""
    def n(count: int, word: str) -> tuple[str, int]:
        return (word if count == 1 else word + "s", count)

    return dict([n(len(m.nodes), "node"), n(len(m.sources), "source"),
                 (("quote" if len(m.spans) == 1 else "quotes") + " verified", len(m.spans))])


def file_digest(raw: bytes) -> bytes:
    """The digest argmap.incremental keeps of a map file's bytes (the b"b" marks bytes read from
    disk, as against an editor's text); a record's files are compared by it."""
    return hashlib.sha256(b"b" + raw).digest()


def settings_digest(root: Path) -> bytes | None:
    """sha256 of the project's argmap.toml, or None when it cannot be read (the default limits)."""
    try:
        return hashlib.sha256((root / "argmap.toml").read_bytes()).digest()
    except OSError:
        return None


def _name(target: Path, root: Path, cwd: str) -> str:
    return DiskCache.name_for("summary", str(target), str(target.resolve()), str(root), cwd)


def record(cache: DiskCache, target: Path, root: Path, settings: bytes | None,
           files: list[tuple[str, Path, bytes, bytes | None]], sources: list[tuple[str, Path, str]],
           problems: list[Problem], map_counts: dict[str, int] | None) -> str | None:
    """Store the result of a complete check of the map at `target` (project folder `root`).

    `files` holds (display path, resolved path, file_digest of its bytes, sha256 of the text
    checked) for each file of the map in order, the text's digest for the files problems name
    (`validate` shows their lines) and None for the others and for files checked with no text;
    `sources` (name in the map, path read, sha256 hex of its bytes) for each source text and
    copy; `settings` is settings_digest(root) as the limits were read.

    Returns a key naming this check by all its inputs (None if the record could not be
    written): `recall` gives it back while they are unchanged, so what else was made from the
    same check (the explorer's saved first screen) can be matched to it.
    """
    cwd = str(Path.cwd().resolve())
    stored_files = [(display, str(resolved), digest, text_digest) for display, resolved, digest, text_digest in files]
    stored_sources = [(name, str(Path(path).resolve()), sha) for name, path, sha in sources]
    key = hashlib.sha256(repr((_FORMAT, cwd, str(target), str(root), settings, stored_files, stored_sources)).encode(
        "utf-8", "surrogatepass")).hexdigest()
    written = cache.put(_name(target, root, cwd), {
        "format": _FORMAT, "cwd": cwd, "target": str(target), "root": str(root), "settings": settings,
        "files": stored_files, "sources": stored_sources, "problems": list(problems),
        "readable": map_counts is not None, "counts": map_counts, "key": key})
    return key if written else None


def recall(target: Path, root: Path | None = None) -> Summary | None:
    """The recorded check of the map at `target` when nothing it depended on has changed; None
    otherwise (check the map). `root` is the project folder given by the user, if any."""
    try:
        return _recall(Path(target), root)
    except Exception:  # noqa: BLE001 - the record is only a shortcut: whatever goes wrong, check the map
        return None


def _recall(target: Path, explicit_root: Path | None) -> Summary | None:
    if not target.exists():
        return None  # nothing was recorded for it: the check says what is wrong
    root = root_for(target, explicit_root)
    cache = cache_for(root)  # ARGMAP_NO_CACHE and ARGMAP_CACHE_DIR, as Workspace follows them
    if cache is None:
        return None
    cwd = str(Path.cwd().resolve())
    stored = cache.get(_name(target, root, cwd))
    if not isinstance(stored, dict) or stored.get("format") != _FORMAT:
        return None
    if (stored["cwd"], stored["target"], stored["root"]) != (cwd, str(target), str(root)):
        return None  # another map whose name collides
    if settings_digest(root) != stored["settings"]:
        return None
    paths = map_paths(target)
    if len(paths) != len(stored["files"]):
        return None  # a file added or removed
    named = {p.path for p in stored["problems"]}
    texts: dict[str, str] = {}
    for path, (display, resolved, digest, text_digest) in zip(paths, stored["files"]):
        if display_path(path) != display or str(path.resolve()) != resolved:
            return None  # renamed, or a link now leading elsewhere
        raw = path.read_bytes()
        if file_digest(raw) != digest:
            return None
        if display in named:
            text = _text(raw) if text_digest is not None else ""
            if text is None or (text and hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest() != text_digest):
                return None
            texts[display] = text
    real_root = root.resolve()
    for name, real, sha in stored["sources"]:
        path = root.joinpath(*PurePosixPath(name).parts)  # as argmap.sources.resolve_source_path
        resolved = path.resolve()
        if str(resolved) != real or (resolved != real_root and real_root not in resolved.parents):
            return None  # a link changed, or now leading out of the project
        if hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            return None
    return Summary(list(stored["problems"]), bool(stored["readable"]), stored["counts"], texts, stored["key"])


def _text(raw: bytes) -> str | None:
    """A map file's text as the loader decodes it when it can (UTF-8, a leading BOM dropped);
    None otherwise. The caller compares it with the text checked, so a difference is a miss."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
