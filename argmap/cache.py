"""A folder of checked files (`.argmap-cache/`), so a warm start re-reads only what changed.

Each entry is one file the loader checked, stored under a name derived from the file's path
and holding the sha256 of the bytes it was made from; the quote searches are kept in one more
entry. Every entry starts with a header naming the cache format and a fingerprint of the code
that made it (argmap's version, the checking modules' own text, Python's version and the
versions of the libraries whose behaviour reaches a result), then the sha256 of the payload: an entry from other code, a truncated or corrupted
one, is a miss, and is rewritten. Entries are written atomically (a new file renamed over the
old). A folder that cannot be written is simply not written to; the cache may be deleted at
any time. Payloads are pickles: they are read only from the project's own folder, and only
after their digest matches.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["CACHE_DIR", "DiskCache", "fingerprint", "cache_for"]

CACHE_DIR = ".argmap-cache"
_MAGIC = b"argmap-cache 1\n"
_DIGEST = 32
# The modules whose code decides what a check finds: any change to them is a new fingerprint.
_MODULES = ("cache", "core", "incremental", "lines", "loader", "model", "problems", "project", "quotes", "sources",
            "suggest", "summary", "validate", "yamlsafe")
# The libraries whose version can change a result (pydantic's messages, PyYAML's syntax errors,
# rapidfuzz's suggestions), each by the file that states its version: read, not imported, so
# that `argmap validate` answering from its summary record (argmap.summary) never imports them.
_LIBRARIES = (("pydantic", "version.py"), ("yaml", "__init__.py"), ("rapidfuzz", "__init__.py"))


@lru_cache(maxsize=1)
def fingerprint() -> bytes:
    """32 bytes naming the code that makes cache entries; entries from any other are ignored."""
    from importlib.util import find_spec

    from . import __version__

    h = hashlib.sha256()
    h.update(f"{__version__}|{sys.version}|".encode())
    for library, version_file in _LIBRARIES:
        spec = find_spec(library)
        folders = spec.submodule_search_locations if spec is not None else None
        try:
            h.update(library.encode() + b"=" + (Path(next(iter(folders))) / version_file).read_bytes() + b"|")
        except (OSError, TypeError, StopIteration):
            h.update(library.encode() + b"=-|")  # not installed (or not as a package): itself a version
    here = Path(__file__).resolve().parent
    for name in _MODULES:
        try:
            h.update((here / f"{name}.py").read_bytes())
        except OSError:
            h.update(b"-")
    return h.digest()


def cache_for(root: Path, cache: "bool | Path | str" = True) -> "DiskCache | None":
    """The cache of the project at `root`: `cache` is True for its `.argmap-cache/` folder, a
    folder to use instead, or False for none. True follows the environment: ARGMAP_NO_CACHE=1
    turns the cache off, ARGMAP_CACHE_DIR names another folder."""
    if cache is True and os.environ.get("ARGMAP_NO_CACHE", "") not in ("", "0"):
        return None
    if cache is True and os.environ.get("ARGMAP_CACHE_DIR"):
        cache = Path(os.environ["ARGMAP_CACHE_DIR"])
    if cache is True:
        return DiskCache(_cache_folder(root))
    return DiskCache(Path(cache)) if cache else None


def _cache_folder(root: Path) -> Path:
    """The project's `.argmap-cache/`; for the bundled map of an installed argmap (inside the
    Python installation, not a project), the user's cache folder instead."""
    from .project import _PACKAGE

    if root == (_PACKAGE / "bundled").resolve():
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return base / "argmap" / "bundled"
    return root / CACHE_DIR


class DiskCache:
    """Entries under `folder` (created on the first write, with a .gitignore of its own)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.writable = True

    @staticmethod
    def name_for(*parts: str) -> str:
        """A file name for an entry identified by `parts` (e.g. a map file's path)."""
        return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:40]

    def get(self, name: str) -> Any | None:
        """The payload stored as `name`, or None: missing, from other code, or damaged."""
        try:
            blob = (self.folder / name).read_bytes()
        except OSError:
            return None
        head = _MAGIC + fingerprint()
        if not blob.startswith(head) or len(blob) < len(head) + _DIGEST:
            return None
        digest = blob[len(head):len(head) + _DIGEST]
        payload = memoryview(blob)[len(head) + _DIGEST:]
        if hashlib.sha256(payload).digest() != digest:
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, whatever it raises
            return None

    def put(self, name: str, value: Any) -> bool:
        """Store `value` as `name`, atomically; False (and no more tries) if the folder cannot be written."""
        if not self.writable:
            return False
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            self._ensure_folder()
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(_MAGIC + fingerprint() + hashlib.sha256(payload).digest())
                    handle.write(payload)
                os.replace(tmp, self.folder / name)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            self.writable = False
            return False
        return True

    def _ensure_folder(self) -> None:
        if self.folder.is_dir():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# argmap's cache of checked files: safe to delete, never to commit\n*\n", encoding="utf-8")
