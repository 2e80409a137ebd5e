"""Watching a map's files: which folders to watch and which changes matter.

The app runs `watch_changes` in a worker with watchfiles (inotify and its kin, so nothing is
polled; a burst of writes from an editor's save comes as one batch). Folders are watched, not
files, so that editors that save by writing a new file and renaming it are still seen.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator

from ..core import ArgumentMap
from ..project import MAP_SUFFIXES, map_paths

__all__ = ["WatchSpec", "watch_spec", "watch_changes"]


@dataclass(frozen=True)
class WatchSpec:
    """The folders to watch (each on its own, not recursively) and the files that count."""

    folders: frozenset[Path]
    map_root: Path  # a map folder (any YAML below it counts) or a single map file
    files: frozenset[Path]  # source files, and the map files known at the start

    def accepts(self, path: str | Path) -> bool:
        p = Path(path).resolve()
        if p in self.files:
            return True
        if self.map_root.is_dir():
            return p.suffix in MAP_SUFFIXES and (self.map_root in p.parents) and not any(
                part.startswith(".") for part in p.relative_to(self.map_root).parts)
        return p == self.map_root


def watch_spec(path: Path, argmap: ArgumentMap | None) -> WatchSpec:
    """What to watch for the map at `path`: its files, its folders, and its sources."""
    root = path.resolve()
    files = {p.resolve() for p in map_paths(path)} if path.exists() else set()
    folders = {f.parent for f in files}
    if root.is_dir():
        folders.add(root)
        folders.update(d.resolve() for d in root.rglob("*") if d.is_dir() and not d.name.startswith("."))
    else:
        folders.add(root.parent)
    if argmap is not None:
        for source_id in argmap.sources:
            try:
                source = argmap.source_file(source_id).resolve()
            except OSError:
                continue
            files.add(source)
            if source.parent.is_dir():
                folders.add(source.parent)
    return WatchSpec(frozenset(f for f in folders if f.is_dir()), root, frozenset(files))


async def watch_changes(spec: WatchSpec, stop: asyncio.Event, debounce_ms: int = 250) -> AsyncIterator[set[str]]:
    """Yield the set of changed paths that matter, batch by batch, until `stop` is set."""
    from watchfiles import awatch

    if not spec.folders:
        return
    async for changes in awatch(*sorted(spec.folders), watch_filter=lambda _change, p: spec.accepts(p),
                                debounce=debounce_ms, step=50, stop_event=stop, recursive=False):
        paths = {p for _change, p in changes}
        if paths:
            yield paths
