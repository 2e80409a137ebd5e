"""Reading files to import: text or JSON, with errors that name the file, the place and the fault.

Every fault in an import file becomes an `InputError` (exit code 1, no traceback) whose message
starts with the file as the user named it, then the line (`line 12`) or the JSON path
(`edges[3].toID`), then what is wrong.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..problems import InputError
from ..yamlsafe import display_path

__all__ = ["MAX_IMPORT_BYTES", "Where", "read_text", "read_json", "fault", "json_path"]

MAX_IMPORT_BYTES = 64 * 1024 * 1024


class Where:
    """The file being imported, as the user named it, for messages."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.display = display_path(path)

    def at(self, place: str | int | None) -> str:
        """`file: line 3` or `file: edges[3].toID` (or just the file)."""
        if place is None or place == "":
            return self.display
        if isinstance(place, int):
            return f"{self.display}: line {place}"
        return f"{self.display}: {place}"


def fault(where: Where, place: str | int | None, what: str, hint: str | None = None) -> InputError:
    """An InputError for a malformed import file."""
    return InputError(f"{where.at(place)}: {what}", hint=hint)


def json_path(*parts: str | int) -> str:
    """`edges[3].toID` from ("edges", 3, "toID")."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _read_bytes(where: Where) -> bytes:
    path = where.path
    try:
        if path.is_dir():
            raise fault(where, None, "is a folder; name the file to import")
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise fault(where, None, f"is {size:,} bytes; argmap imports files of at most {MAX_IMPORT_BYTES:,} bytes")
        return path.read_bytes()
    except FileNotFoundError:
        raise fault(where, None, "no such file") from None
    except OSError as exc:
        raise fault(where, None, f"cannot be read: {exc.strerror}") from None


def read_text(where: Where, kind: str) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped), not binary, not empty.

    `kind` names the expected format in messages ("a Kialo export").
    """
    raw = _read_bytes(where)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fault(where, 1, f"is UTF-16 text; argmap reads {kind} as UTF-8",
                    hint="convert it, e.g.: iconv -f utf-16 -t utf-8 FILE > FILE.utf8")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise fault(where, line, f"is a binary file (it contains NUL bytes), not {kind}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fault(where, line, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                    hint="convert it to UTF-8, e.g.: iconv -f windows-1252 -t utf-8 FILE > FILE.utf8") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise fault(where, None, f"is empty; expected {kind}")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_json(where: Where, kind: str) -> Any:
    """The file's JSON value; a syntax error is reported with its line and column."""
    text = read_text(where, kind)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise fault(where, f"line {exc.lineno}, column {exc.colno}", f"is not valid JSON: {exc.msg}",
                    hint=f"argmap expects {kind}") from None
    except RecursionError:
        raise fault(where, None, "is nested too deeply to be read as JSON") from None
