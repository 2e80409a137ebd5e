"""The terminal explorer (`argmap tui`): browse, read, search and check a map, built on Textual."""

from __future__ import annotations

from pathlib import Path

__all__ = ["run", "ArgmapApp"]


def run(path: Path, root: Path | None = None, out_dir: Path | None = None, since=None) -> None:
    """Open the explorer on the map at `path` until the user quits; with `since` (an older
    version, argmap.diff.versions.Version), mark in the tree what changed since it."""
    from .app import ArgmapApp

    ArgmapApp(path, root=root, out_dir=out_dir, since=since).run()


def __getattr__(name: str):
    if name == "ArgmapApp":
        from .app import ArgmapApp

        return ArgmapApp
    raise AttributeError(name)
