"""Writing output files atomically, and never over a curated map by surprise."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .problems import UsageError

__all__ = ["write_atomic"]

_CURATED = (".yaml", ".yml")


def write_atomic(path: Path | str, data: bytes | str, *, force: bool = False) -> Path:
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    The data goes to a temporary file in the same folder, is flushed to disk, then replaces
    the target in one step. An existing YAML file is only replaced with `force=True`: curated
    maps are never rewritten silently.
    """
    path = Path(path)
    if path.exists() and path.is_dir():
        raise UsageError(f"`{path}` is a folder; name a file to write")
    if path.suffix.lower() in _CURATED and path.exists() and not force:
        raise UsageError(f"`{path}` exists and may be a curated map; argmap will not overwrite it",
                         hint="write to a new file, or pass --force to replace it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write `{path}`: the folder `{folder}` does not exist")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
