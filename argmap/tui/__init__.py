"""The terminal explorer (`argmap tui`): browse, read, search and check a map, built on Textual."""

from __future__ import annotations

from pathlib import Path

__all__ = ["run", "ArgmapApp"]


def run(path: Path, root: Path | None = None, out_dir: Path | None = None) -> None:
    """Open the explorer on the map at `path` until the user quits."""
    from .app import ArgmapApp

    ArgmapApp(path, root=root, out_dir=out_dir).run()


def __getattr__(name: str):
    if name == "ArgmapApp":
        from .app import ArgmapApp

        return ArgmapApp
    raise AttributeError(name)
