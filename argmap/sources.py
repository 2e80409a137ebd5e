"""Source texts: reading them safely, fingerprinting them, and showing passages of them."""

from __future__ import annotations

import bisect
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .quotes import NormalisedText

__all__ = ["SourceText", "SourceFileError", "resolve_source_path", "read_source", "clear_cache", "forget", "MAX_SOURCE_BYTES"]

MAX_SOURCE_BYTES = 32 * 1024 * 1024


class SourceFileError(Exception):
    """A source file that cannot be used; `code` is the problem code to report."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


@dataclass
class SourceText:
    """The text of a source file, with its fingerprint and (lazily) its normalised forms."""

    path: Path
    text: str
    sha256: str
    _norm: NormalisedText | None = field(default=None, repr=False)
    _spaceless: NormalisedText | None = field(default=None, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def normalised(self) -> NormalisedText:
        if self._norm is None:
            self._norm = NormalisedText(self.text)
        return self._norm

    @property
    def spaceless(self) -> NormalisedText:
        if self._spaceless is None:
            self._spaceless = NormalisedText(self.text, spaceless=True)
        return self._spaceless

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def context(self, start: int, end: int, chars: int = 300) -> tuple[str, str, str]:
        """The passage around [start, end): (before, the span itself, after), cut at words."""
        text = self.text
        lo = max(0, start - chars)
        hi = min(len(text), end + chars)
        if lo > 0:
            space = text.find(" ", lo, start)
            lo = space + 1 if space != -1 else lo
        if hi < len(text):
            space = text.rfind(" ", end, hi)
            hi = space if space != -1 else hi
        return text[lo:start], text[start:end], text[end:hi]


_RESOLVED: dict[tuple[Path, str], tuple[Path, int, int]] = {}


def resolve_source_path(root: Path, name: str) -> Path:
    """The file a source's `file:` names, checked to stay inside the project folder.

    A name resolved before is not resolved again (a walk of every folder on the way) while
    the file it reaches is the same file (device and inode): a link changed to lead elsewhere
    reaches another file, and is checked again.
    """
    known = _RESOLVED.get((root, name))
    if known is not None:
        path, dev, ino = known
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is not None and st.st_dev == dev and st.st_ino == ino:
            return path
    path = _resolve_source_path(root, name)
    try:
        st = os.stat(path)
    except OSError:
        return path
    if len(_RESOLVED) > 10_000:
        _RESOLVED.clear()
    _RESOLVED[(root, name)] = (path, st.st_dev, st.st_ino)
    return path


def _resolve_source_path(root: Path, name: str) -> Path:
    if "\\" in name:
        raise SourceFileError("AM402", f"`{name}` uses backslashes; write paths with `/`",
                              hint=f"write: {name.replace(chr(92), '/')}")
    posix = PurePosixPath(name)
    if posix.is_absolute() or (len(name) > 1 and name[1] == ":"):
        raise SourceFileError("AM402", f"`{name}` is an absolute path; source files are named relative to the project folder",
                              hint=f"move the file under {root} and name it from there, e.g. seeds/{posix.name}")
    if ".." in posix.parts:
        raise SourceFileError("AM402", f"`{name}` leads out of the project folder with `..`",
                              hint=f"source paths start at the project folder ({root}), e.g. seeds/{posix.name}")
    path = root.joinpath(*posix.parts)
    try:
        real = path.resolve(strict=False)
        real_root = root.resolve()
    except OSError as exc:  # pragma: no cover - symlink loops
        raise SourceFileError("AM401", f"cannot resolve `{name}`: {exc}") from None
    if real != real_root and real_root not in real.parents:
        raise SourceFileError("AM402", f"`{name}` is a link that leads out of the project folder",
                              hint="copy the text into the project instead of linking to it")
    return path


_CACHE: dict[Path, tuple[int, int, SourceText]] = {}
_REAL: dict[Path, Path] = {}  # each cached path, resolved (for `forget`)


def clear_cache() -> None:
    """Forget the source texts read so far (benchmarks measure a cold start)."""
    _CACHE.clear()
    _REAL.clear()


def forget(path: Path) -> None:
    """Forget the text read from `path` (however it was spelt), so the next read reads it again."""
    target = path.resolve()
    for known in [k for k, real in _REAL.items() if k == path or real == target]:
        _CACHE.pop(known, None)
        del _REAL[known]


def read_source(path: Path, display: str) -> SourceText:
    """Read a source text; raises SourceFileError saying what is wrong with it.

    Texts are cached by path, size and modification time, so reloading a map after an edit
    re-reads only the sources that changed.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise SourceFileError("AM401", f"source file `{display}` does not exist", hint=_nearby(path)) from None
    except OSError as exc:
        raise SourceFileError("AM401", f"cannot read source file `{display}`: {exc.strerror}") from None
    if not path.is_file():
        raise SourceFileError("AM403", f"`{display}` is not a file")
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == st.st_mtime_ns and cached[1] == st.st_size:
        return cached[2]
    if st.st_size > MAX_SOURCE_BYTES:
        raise SourceFileError("AM403", f"source file `{display}` is {st.st_size:,} bytes; the limit is {MAX_SOURCE_BYTES:,}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceFileError("AM401", f"cannot read source file `{display}`: {exc.strerror}") from None
    if b"\x00" in raw:
        raise SourceFileError("AM403", f"`{display}` is not a text file (it contains NUL bytes)",
                              hint="convert the document to plain text first (e.g. pdftotext, or Save As .txt)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceFileError("AM403", f"`{display}` is not UTF-8 text (bad byte at line {line})",
                              hint="convert it to UTF-8, e.g.: iconv -f windows-1252 -t utf-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]  # offsets count from the first real character
    source = SourceText(path, text, hashlib.sha256(raw).hexdigest())
    _CACHE[path] = (st.st_mtime_ns, st.st_size, source)
    _REAL[path] = path.resolve()
    return source


def _nearby(path: Path) -> str | None:
    """A hint naming a file of similar name in the same folder, if there is one."""
    folder = path.parent
    if not folder.is_dir():
        return f"the folder `{folder}` does not exist either"
    names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if not names:
        return None
    from rapidfuzz import fuzz, process

    best = process.extractOne(path.name, names, scorer=fuzz.ratio, score_cutoff=75)
    if best:
        return f"did you mean `{best[0]}`?"
    return "files there: " + ", ".join(names[:6]) + (" ..." if len(names) > 6 else "")
