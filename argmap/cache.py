"""A folder of checked files (`.argmap-cache/`), so a warm start re-reads only what changed.

Each entry is one file the loader checked, stored under a name derived from the file's path
and holding the sha256 of the bytes it was made from; the quote searches are kept in one more
entry. Every entry starts with a header naming the cache format and a fingerprint of the code
that made it (argmap's version, the checking modules' own text, Python's and pydantic's
versions), then the sha256 of the payload: an entry from other code, a truncated or corrupted
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

__all__ = ["CACHE_DIR", "DiskCache", "fingerprint"]

CACHE_DIR = ".argmap-cache"
_MAGIC = b"argmap-cache 1\n"
_DIGEST = 32
# The modules whose code decides what a check finds: any change to them is a new fingerprint.
_MODULES = ("cache", "core", "incremental", "loader", "model", "problems", "project", "quotes", "sources",
            "validate", "yamlsafe")


@lru_cache(maxsize=1)
def fingerprint() -> bytes:
    """32 bytes naming the code that makes cache entries; entries from any other are ignored."""
    import pydantic

    from . import __version__

    h = hashlib.sha256()
    h.update(f"{__version__}|{sys.version}|{pydantic.VERSION}|".encode())
    here = Path(__file__).resolve().parent
    for name in _MODULES:
        try:
            h.update((here / f"{name}.py").read_bytes())
        except OSError:
            h.update(b"-")
    return h.digest()


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
