"""Strict YAML reading: libyaml's parser, no surprises, every position kept.

PyYAML as shipped accepts duplicate keys (last wins), expands aliases without limit and types
`no`, `1:30` and `2020-11-05` behind the writer's back. A curated map must not lose or misread a
word, so this module composes the document with the C parser under a resolver of our own, then
builds plain Python data from the node tree itself, checking as it goes. The node tree is kept:
`ParsedFile.locate()` turns a data path into the line and column it came from.
"""

from __future__ import annotations

import bisect
import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from .lines import line_at, line_starts
from .problems import Problem
from .project import display_path

__all__ = ["MAX_BYTES", "MAX_ENTRIES", "MAX_DEPTH", "MAX_INT_DIGITS", "ALIAS", "Limits", "ParsedFile", "parse_yaml",
           "read_yaml_file", "read_map_files", "count_entries", "display_path", "line_starts", "BIDI_CONTROLS", "compose_nodes",
           "outside", "too_many_entries"]

MAX_BYTES = 64 * 1024 * 1024  # one map file; a 50,000-node map is about 30 MB
MAX_ENTRIES = 100_000  # entries (`- id:`) in one map, counted before parsing
MAX_DEPTH = 48  # a map nests six levels deep; anything near this is a mistake or an attack
MAX_INT_DIGITS = 4000  # CPython refuses to convert integers of more than 4,300 digits


@dataclass(frozen=True)
class Limits:
    """How big a map may be, checked before any of it is parsed (argmap.toml `[limits]`)."""

    max_file_bytes: int = MAX_BYTES
    max_entries: int = MAX_ENTRIES


# Characters refused in text however written (a raw byte is refused by the YAML reader already;
# these catch the escapes `"\a"`, `"\x1b"`, `"\u0085"`): C0 and C1 controls but tab and line
# breaks, DEL, and Unicode noncharacters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff]")
# Bidirectional embedding, override and isolate controls: the "Trojan Source" trick
# (CVE-2021-42574), text that displays otherwise than it reads. Refused unless the map opts in.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
# What can bring either into a file's text: a bidi control, a noncharacter the YAML reader
# lets through (U+FDD0-U+FDEF), or a backslash (an escape).
_SUSPECT = re.compile(f"[{BIDI_CONTROLS}\ufdd0-\ufdef\\\\]")

if not getattr(yaml, "__with_libyaml__", False):  # pragma: no cover - depends on the wheel
    raise ImportError(
        "argmap needs PyYAML built with libyaml (the C parser); the pure-Python parser is about "
        "five times slower. Reinstall it with: pip install --force-reinstall --no-binary=:none: PyYAML"
    )

_TAG = "tag:yaml.org,2002:"
STR, INT, BOOL, NULL, SEQ, MAP = (_TAG + t for t in ("str", "int", "bool", "null", "seq", "map"))
_KEY_TAGS = frozenset((STR, INT, BOOL, NULL))


class _Resolver(BaseResolver):
    """YAML 1.2-style plain scalars: only true/false, null and plain decimal integers are typed.

    `no`, `on`, `1:30`, `0123`, `3.10`, `2020-11-05` and `.inf` stay strings, exactly as
    written; the model decides what they mean.
    """

    yaml_implicit_resolvers: dict = {}
    yaml_path_resolvers: dict = {}


_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_BOOL_FIRST, _NULL_FIRST, _INT_FIRST = frozenset("tTfF"), frozenset(["~", "n", "N", ""]), frozenset("-0123456789")
_Resolver.add_implicit_resolver(BOOL, _BOOL, list("tTfF"))
_Resolver.add_implicit_resolver(NULL, _NULL, ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(INT, _INT, list("-0123456789"))


class _Composer(CParser, _Resolver):  # type: ignore[misc]
    """libyaml composes the node tree; our resolver tags the plain scalars."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        _Resolver.__init__(self)

    # libyaml calls these two around every node for path resolvers, which argmap has none
    # of; PyYAML's versions return at once, but cost a Python call each (318,000 pairs for a
    # 10,000-node map). Built-ins that take the same arguments and do nothing of note cost
    # no interpreter frame. (`slice` merely builds a slice object and drops it.)
    descend_resolver = staticmethod(slice)
    ascend_resolver = staticmethod(tuple)

    def resolve(self, kind, value, implicit):  # noqa: ANN001 - called by libyaml's composer
        """The tag of a node without an explicit one: the same answers as `_Resolver`, faster.

        libyaml calls this for every node; BaseResolver's general version (path resolvers,
        lists of regular expressions per first character) was a measurable part of a load.
        """
        if kind is ScalarNode:
            if implicit[0]:
                first = value[:1]
                if first in _NULL_FIRST and _NULL.match(value):
                    return NULL
                if first in _BOOL_FIRST and _BOOL.match(value):
                    return BOOL
                if first in _INT_FIRST and _INT.match(value):
                    return INT
            return STR
        if kind is SequenceNode:
            return SEQ
        return MAP


class _AliasValue:
    """Stands where an alias was refused, so later checks know the value was not lost by the
    writer but refused by us, and do not report it a second time."""

    def __repr__(self) -> str:
        return "<alias>"


ALIAS = _AliasValue()
MAX_ALIAS_REPORTS = 10


class _Abort(Exception):
    """Stop walking the tree (too deep)."""


@dataclass
class ParsedFile:
    """A YAML file read strictly: its text, its data and the node tree the data came from."""

    path: Path
    display: str
    text: str
    data: Any
    root: Any  # the positions of the document's values (see `_Builder.build`), None when unreadable
    problems: list[Problem] = field(default_factory=list)
    # Bidi controls found in text, as (field name, problem): errors unless the map's
    # `allow_bidi` names the field (decided once the map is merged; see argmap.validate).
    bidi: list[tuple[str, Problem]] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def locate(self, path: tuple | list, *, key: bool = False) -> tuple[int | None, int | None]:
        """The 1-based line and column of the value at `path` (or of its key, with key=True).

        Parts of the path that are not in the document (a union's tag, a model's name in a
        pydantic error location) are skipped; a path that leads nowhere stops at the nearest
        parent that exists.
        """
        node = self.root
        if node is None:
            return (None, None)
        key_pos: int | None = None
        for part in path:
            child, child_key = _child(node, part)
            if child is None:
                continue
            node, key_pos = child, child_key
        pos = key_pos if key and key_pos is not None else (node if node.__class__ is int else node[0])
        return ((pos >> 32) + 1, (pos & 0xFFFFFFFF) + 1)

    def release(self) -> None:
        """Let go of the node tree and the raw data once every position needed is taken.

        A 50,000-node map keeps millions of YAML nodes and marks alive otherwise, which every
        later garbage collection walks. `locate` still works after, returning nothing.
        """
        self.root = None
        self.data = None

    def problem(self, code: str, message: str, path: tuple | list = (), *, key: bool = False, hint: str | None = None, severity=None) -> Problem:
        line, col = self.locate(path, key=key)
        return Problem.make(code, message, self.display, line, col, hint=hint, severity=severity)

    def line_text(self, line: int) -> str:
        """Line `line` (1-based) of the file, without its line break ("" past the end)."""
        if self._starts is None:
            self._starts = line_starts(self.text)
        return line_at(self.text, self._starts, line)

    def offset_position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset in the text."""
        if self._starts is None:
            self._starts = line_starts(self.text)
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def _child(node: Any, part: Any) -> tuple[Any, int | None]:
    """In a position tree (see `_Builder.build`): the child at `part`, and its key's position."""
    kind = node.__class__
    if kind is tuple and isinstance(part, str):
        for i in range(1, len(node), 3):
            if node[i] == part:
                return node[i + 2], node[i + 1]
    elif kind is list and isinstance(part, int) and not isinstance(part, bool):
        if 0 <= part < len(node) - 1:
            return node[part + 1], None
    return None, None


def read_yaml_file(path: Path, display: str | None = None, *, limits: Limits | None = None) -> ParsedFile:
    """Read and parse one YAML file; every problem is reported, none raised."""
    display = display or display_path(path)
    raw = _read_bytes(path, display, limits or Limits())
    if isinstance(raw, ParsedFile):
        return raw
    return parse_yaml(raw, path, display)


def _read_bytes(path: Path, display: str, limits: Limits) -> bytes | ParsedFile:
    """The file's bytes, or a ParsedFile holding the problem that stopped it being read."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return ParsedFile(path, display, "", None, None, [Problem.make(
                "AM006", f"file is {size:,} bytes; a map file may be at most {limits.max_file_bytes:,}", display,
                hint="split the map into several files in one folder, or raise `max_file_mb` under [limits] in argmap.toml")])
        return path.read_bytes()
    except FileNotFoundError:
        return ParsedFile(path, display, "", None, None, [Problem.make("AM001", "file not found", display)])
    except OSError as exc:
        return ParsedFile(path, display, "", None, None, [Problem.make("AM001", f"cannot read file: {exc.strerror}", display)])


# An entry of a list section starts `- id:` (or `{id: ...}` in flow style); counting these in
# the raw bytes bounds the size of a map before any of it is parsed.
_ENTRY = re.compile(rb"""^[ \t]*-[ \t]+["']?id["']?[ \t]*:|[{,][ \t]*["']?id["']?[ \t]*:""", re.M)


# Every entry's `id:` matches this too (and a word such as `said:` may): a quick upper bound.
_ID_COLON = re.compile(rb"""id["']?[ \t]*:""")


def count_entries(raw: bytes, stop: int | None = None) -> int:
    """How many entries (`- id: ...`) a map file's text holds (no parsing); counting stops
    once `stop` are found."""
    found = 0
    for _ in _ENTRY.finditer(raw):
        found += 1
        if found == stop:
            break
    return found


def outside(path: Path, root: Path, display: str | None = None) -> ParsedFile | None:
    """A ParsedFile holding AM018 when `path` resolves outside the project folder `root` (a link
    out of it), never reading it; None when it lies inside."""
    resolved_root = root.resolve()
    target = path.resolve()
    if target == resolved_root or resolved_root in target.parents:
        return None
    display = display or display_path(path)
    return ParsedFile(path, display, "", None, None, [Problem.make(
        "AM018", f"`{display}` is a link to a file outside the project folder; it was not read", display,
        hint=f"map files must lie inside the project folder {resolved_root}: copy the file in, or remove the link")])


def too_many_entries(raws: list[bytes], limits: Limits, where: str) -> Problem | None:
    """AM019 when the files' bytes hold more entries (`- id:`) than `limits` allow, counted
    without parsing: a quick upper bound first, an exact count only near the limit."""
    total = 0
    for raw in raws:
        bound = len(_ID_COLON.findall(raw))
        total += bound if total + bound <= limits.max_entries else count_entries(raw, limits.max_entries - total + 1)
        if total > limits.max_entries:
            return Problem.make(
                "AM019", f"the map holds more than {limits.max_entries:,} entries (`- id:`); it was not parsed", where,
                hint="split it into several maps, or raise `max_entries` under [limits] in argmap.toml")
    return None


def read_map_files(files: list[Path], root: Path, limits: Limits | None = None) -> tuple[list[ParsedFile], list[Problem]]:
    """Read a map's files: each confined to the project folder `root` and within the size
    limit, and all of them together within the entry limit, before any is parsed.

    Returns the parsed files, and the problems that stopped the whole map being parsed (too
    many entries), in which case no file is parsed.
    """
    limits = limits or Limits()
    raws: list[tuple[Path, str, bytes | ParsedFile]] = []
    for path in files:
        display = display_path(path)
        refused = outside(path, root, display)
        raws.append((path, display, refused if refused is not None else _read_bytes(path, display, limits)))
    where = display_path(files[0].parent) if len(files) > 1 else display_path(files[0]) if files else "<map>"
    problem = too_many_entries([raw for _p, _d, raw in raws if not isinstance(raw, ParsedFile)], limits, where)
    if problem is not None:
        return [], [problem]
    return [raw if isinstance(raw, ParsedFile) else parse_yaml(raw, path, display) for path, display, raw in raws], []


def compose_nodes(text: str) -> Any:
    """The PyYAML node tree of a text that `parse_yaml` has already accepted, with each node's
    marks and flow style: for tools that edit a file in place (`argmap.curate`). `ParsedFile.root`
    keeps only compact positions."""
    composer = _Composer(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


def parse_yaml(raw: bytes | str, path: Path | str = "<string>", display: str | None = None, *, depth: int = 0) -> ParsedFile:
    """Parse YAML bytes (or text) strictly into a ParsedFile.

    `depth` is how deep the document's outermost value sits: 0 for a file, whose top level must
    be a mapping; argmap.reparse parses a run of one section's entries alone, which sit deeper
    in their file (nesting is bounded by MAX_DEPTH from the file's top)."""
    path = Path(path)
    display = display or str(path)
    problems: list[Problem] = []
    if isinstance(raw, bytes):
        text, problem = _decode(raw, display)
        if problem is not None:
            if problem.is_error:
                return ParsedFile(path, display, "", None, None, [problem])
            problems.append(problem)
    else:
        text = raw
        if text.startswith("\ufeff"):
            problems.append(Problem.make("AM003", "file starts with a byte-order mark (BOM)", display, 1, 1,
                                         hint="it is ignored; save the file as UTF-8 without BOM to silence this"))
            text = text[1:]
    if len(text) > MAX_BYTES:
        return ParsedFile(path, display, "", None, None, [Problem.make(
            "AM006", f"text is {len(text):,} characters; a map file may be at most {MAX_BYTES:,}", display)])

    composer = _Composer(text)
    try:
        root = composer.get_single_node()
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_problem(exc, text, display))
        return ParsedFile(path, display, text, None, None, problems)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow anywhere
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        problems.append(Problem.make("AM010", f"character U+{ord(char):04X} is not allowed in YAML", display, line, col,
                                     hint="delete it; control characters often come with text pasted from a PDF"))
        return ParsedFile(path, display, text, None, None, problems)
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml marks its other errors
        problems.append(Problem.make("AM010", f"YAML error: {exc}", display))
        return ParsedFile(path, display, text, None, None, problems)
    except RecursionError:
        problems.append(Problem.make("AM007", f"the document nests too deeply (more than {MAX_DEPTH} levels)", display, 1, 1))
        return ParsedFile(path, display, text, None, None, problems)
    finally:
        composer.dispose()

    parsed = ParsedFile(path, display, text, None, root, problems)
    if root is None:
        problems.append(Problem.make("AM005", "file is empty: it holds no YAML content", display, 1, 1,
                                     hint="write a map (see arguments/README.md) or delete the file"))
        return parsed
    builder = _Builder(parsed)
    positions = None
    try:
        parsed.data, positions = builder.build(root, depth)
    except _Abort:
        parsed.data = None
    if depth == 0 and not isinstance(parsed.data, dict) and parsed.data is not None:
        kind = _kind(root)
        problems.append(Problem.make(
            "AM013", f"the top level of a map file must be a mapping (keys such as `map:` and `nodes:`), not {kind}",
            display, root.start_mark.line + 1, root.start_mark.column + 1,
            hint="start the file with `map:`, `sources:` or `nodes:` at the left margin"))
    # Keep only the positions: PyYAML's node tree costs about 12 KB per map node (a node
    # object, its dict and two marks for every value), the compact one about a tenth of that.
    parsed.root = positions
    return parsed


def _decode(raw: bytes, display: str) -> tuple[str, Problem | None]:
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if raw.startswith(bom):
            return "", Problem.make("AM002", f"file is encoded as {name}; argmap reads UTF-8 only", display, 1, 1,
                                    hint="save the file as UTF-8 (in most editors: File, Save with Encoding, UTF-8)")
    if b"\x00" in raw[:4096]:
        name = _bomless_utf16(raw)
        if name:
            return "", Problem.make("AM002", f"file looks like {name} without a byte-order mark; argmap reads UTF-8 only", display, 1, 1,
                                    hint="save the file as UTF-8 (in most editors: File, Save with Encoding, UTF-8)")
    bom_problem = None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
        bom_problem = Problem.make("AM003", "file starts with a UTF-8 byte-order mark (BOM)", display, 1, 1,
                                   hint="it is ignored; save the file as UTF-8 without BOM to silence this")
    try:
        return raw.decode("utf-8"), bom_problem
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        bad = raw[exc.start: exc.end].hex(" ")
        return "", Problem.make(
            "AM002", f"file is not valid UTF-8: byte(s) {bad} cannot be decoded", display, line, col,
            hint="save the file as UTF-8; text pasted from Word or a PDF is often Windows-1252")


def _bomless_utf16(raw: bytes) -> str | None:
    """"UTF-16LE" or "UTF-16BE" when the bytes read as such (text of mostly ASCII letters has
    every other byte zero), else None."""
    sample = raw[:4096]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4:
        if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
            return "UTF-16LE"
        if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "UTF-16BE"
    return None


_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    message = (exc.problem or exc.context or "YAML syntax error").strip()
    if "expected a single document" in str(exc.context or "") or "but found another document" in message:
        return Problem.make("AM016", "the file holds more than one YAML document (a second `---`)", display, line, col,
                            hint="a map file is one document: remove the `---` line or split the file")
    if "maximum nesting depth" in message:  # libyaml 0.2.6 (PyYAML 6.0.4) stops at ~1,000 levels itself
        return Problem.make("AM007", f"the document nests more than {MAX_DEPTH} levels deep", display, line, col,
                            hint="a map needs about six levels; check the indentation here")
    if line is not None:
        lines = text.splitlines()
        if line > len(lines) and lines:
            # Past the end of the file (an unclosed quote or bracket): point at the last line
            # that has anything on it, so that the excerpt shows where the text stops.
            line = next((n for n in range(len(lines), 0, -1) if lines[n - 1].strip()), len(lines))
            col = len(lines[line - 1].rstrip()) + 1
            message += " (at the end of the file)"
        for n in (line, line - 1, line + 1):
            if 0 < n <= len(lines) and _TAB_INDENT.match(lines[n - 1]):
                tab_col = lines[n - 1].index("\t") + 1
                return Problem.make("AM004", "a tab is used for indentation; YAML allows only spaces", display, n, tab_col,
                                    hint="replace the tab with spaces (most editors: convert indentation to spaces)")
    if "\t" in message or "'\\t'" in message:
        return Problem.make("AM004", "a tab is used where YAML allows only spaces", display, line, col,
                            hint="replace the tab with spaces")
    context = f" ({exc.context.strip()})" if exc.context and exc.problem else ""
    return Problem.make("AM010", f"YAML syntax error: {message}{context}", display, line, col,
                        hint=_syntax_hint(message))


def _syntax_hint(message: str) -> str | None:
    if "mapping values are not allowed" in message:
        return "a value holding ': ' must be quoted, e.g. text: \"Realism: dealing with Russia as it is\""
    if "could not find expected ':'" in message:
        return "a key is missing its ':' or a multi-line value needs quoting or a `>` block"
    if "found character" in message and "cannot start any token" in message:
        return "quote the value: YAML reserves this character at the start of a plain value"
    if "found undefined alias" in message or "found unknown escape" in message:
        return "quote the value in single quotes, where backslashes and `*` have no special meaning"
    return None


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "a single value"


class _Builder:
    """Turns the composed node tree into dicts, lists and scalars, reporting what it refuses."""

    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed
        self.seen: set[int] = set()
        self.aliases_reported = False
        # An alias needs an anchor, and an anchor needs an `&` somewhere in the text; without
        # one, no node can be met twice and the bookkeeping below is skipped (measured: a
        # third of the walk on a 10,000-node map).
        self.track = "&" in parsed.text
        # Text is checked for control characters written as escapes and for bidi controls
        # only where the file holds a backslash or a bidi control at all (one scan of it).
        self.check = _SUSPECT.search(parsed.text) is not None

    def _report(self, code: str, message: str, node: Node, hint: str | None = None) -> None:
        m = node.start_mark
        self.parsed.problems.append(Problem.make(code, message, self.parsed.display, m.line + 1, m.column + 1, hint=hint))

    def _met_before(self, node: Node) -> bool:
        """With the C composer an alias is the very node object its anchor made, so a node met
        twice is an alias. Refusing it at once stops an alias bomb before it can expand."""
        ident = id(node)
        if ident in self.seen:
            self._alias(node)
            return True
        self.seen.add(ident)
        return False

    def build(self, node: Node, depth: int, key: str | None = None) -> tuple[Any, Any]:
        """The data of `node`, and the positions of its values as a compact tree: a scalar is
        its position (an int, line << 32 | column, 0-based); a sequence a list [position, item,
        ...]; a mapping a tuple (position, key, key position, value, key, key position, value,
        ...). A node met twice (an alias, refused) is its position only."""
        if depth > MAX_DEPTH:
            self._report("AM007", f"the document nests more than {MAX_DEPTH} levels deep", node,
                         hint="a map needs about six levels; check the indentation here")
            raise _Abort
        m = node.start_mark
        pos = (m.line << 32) | m.column
        if self.track and self._met_before(node):
            return ALIAS, pos
        kind = node.__class__
        if kind is ScalarNode:
            return self._scalar(node, key), pos
        if kind is SequenceNode:
            if node.tag != SEQ:
                self._tag(node)
            data: list = []
            where: list = [pos]
            track = self.track
            for item in node.value:
                if item.__class__ is ScalarNode and not track:
                    data.append(self._scalar(item, key))
                    im = item.start_mark
                    where.append((im.line << 32) | im.column)
                else:
                    value, at = self.build(item, depth + 1, key)
                    data.append(value)
                    where.append(at)
            return data, where
        if kind is MappingNode:
            if node.tag != MAP:
                self._tag(node)
            return self._mapping(node, depth, pos)
        raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def _mapping(self, node: MappingNode, depth: int, pos: int) -> tuple[dict[str, Any], tuple]:
        result: dict[str, Any] = {}
        where: list = [pos]  # key, key position, value's positions; for each pair, kept or not
        keys: dict[str, Node] = {}
        track = self.track
        for key_node, value_node in node.value:
            km, vm = key_node.start_mark, value_node.start_mark
            if key_node.__class__ is not ScalarNode:
                if not (track and self._met_before(key_node)):
                    self._report("AM015", "a key must be a plain word, not a list or mapping", key_node)
                where += (None, (km.line << 32) | km.column, (vm.line << 32) | vm.column)
                continue
            key = key_node.value  # every key stays a string, `on` and `2020` included
            skip = track and self._met_before(key_node)
            if not skip and (key_node.tag not in _KEY_TAGS or (key == "<<" and not key_node.style)):
                if key == "<<":
                    self._report("AM012", "merge keys (`<<:`) are not supported", key_node,
                                 hint="write the keys out in full; maps have no need of merges")
                else:
                    self._tag(key_node)
                skip = True
            if not skip and key in keys:
                first = keys[key].start_mark.line + 1
                self._report("AM011", f"duplicate key `{key}`: first given on line {first}, again on line {key_node.start_mark.line + 1}",
                             key_node, hint="YAML would silently keep only the second value; remove or rename one of them")
                skip = True
            if skip:
                where += (key, (km.line << 32) | km.column, (vm.line << 32) | vm.column)
                continue
            keys[key] = key_node
            if value_node.__class__ is ScalarNode and not track:
                result[key] = self._scalar(value_node, key)
                at = (vm.line << 32) | vm.column
            else:
                result[key], at = self.build(value_node, depth + 1, key)
            where += (key, (km.line << 32) | km.column, at)
        return result, tuple(where)

    def _scalar(self, node: ScalarNode, key: str | None = None) -> Any:
        tag, value = node.tag, node.value
        if tag == STR:
            if self.check:
                self._check_text(node, key)
            return value
        # Plain scalars were tagged by our resolver; an explicit `!!int` or `!!bool` must still
        # be written the way the resolver would accept it, or it is refused rather than guessed.
        if tag == INT and _INT.match(value):
            if len(value) > MAX_INT_DIGITS:
                self._report("AM008", f"a number of {len(value.lstrip('-')):,} digits is too long to read", node,
                             hint="quote it if it is meant as text; no map needs a number this long")
                return value
            return int(value)
        if tag == BOOL and _BOOL.match(value):
            return value.lower() == "true"
        if tag == NULL and _NULL.match(value):
            return None
        self._tag(node)
        return value

    def _check_text(self, node: ScalarNode, key: str | None) -> None:
        """Control characters however written, and bidi controls, each at its place."""
        value = node.value
        for pattern, bidi in ((_CONTROL, False), (_BIDI, True)):
            m = pattern.search(value)
            if m is None:
                continue
            char = m.group()
            line, col, escaped = self._char_position(node, char)
            name = unicodedata.name(char, "a control character")
            written = " (written as an escape)" if escaped else ""
            where = f"`{key}`" if key else "text"
            if bidi:
                problem = Problem.make(
                    "AM009", f"{where} holds U+{ord(char):04X} {name}{written}, a bidirectional control that makes text display otherwise than it reads",
                    self.parsed.display, line, col,
                    hint=f"delete it; if the text truly needs it (right-to-left script), add `{key or 'text'}` to `allow_bidi:` in the `map:` section")
                self.parsed.bidi.append((key or "", problem))
            else:
                what = "noncharacter" if unicodedata.category(char) == "Cn" else "control character"
                self.parsed.problems.append(Problem.make(
                    "AM009", f"{where} holds the {what} U+{ord(char):04X}{written}", self.parsed.display, line, col,
                    hint="delete it; control characters often come with text pasted from a PDF or a terminal"))

    def _char_position(self, node: ScalarNode, char: str) -> tuple[int, int, bool]:
        """Line and column of `char` as written in the scalar, or of the scalar if it was an escape."""
        text = self.parsed.text
        start, end = node.start_mark.index, node.end_mark.index
        found = text.find(char, start, end)
        if found == -1:
            return node.start_mark.line + 1, node.start_mark.column + 1, True
        line, col = self.parsed.offset_position(found)
        return line, col, False

    def _tag(self, node: Node) -> None:
        self._report("AM014", f"YAML tag `{node.tag}` is not supported", node,
                     hint="remove the tag; maps use plain strings, lists and mappings")

    def _alias(self, node: Node) -> None:
        """Report every alias in the document, each at its own place, the first time one is met."""
        if self.aliases_reported:
            return
        self.aliases_reported = True
        anchors: dict[str, Any] = {}
        found = 0
        try:
            for event in yaml.parse(self.parsed.text, Loader=yaml.CSafeLoader):
                anchor = getattr(event, "anchor", None)
                if anchor is None:
                    continue
                if isinstance(event, yaml.AliasEvent):
                    found += 1
                    if found > MAX_ALIAS_REPORTS:
                        continue
                    mark = event.start_mark
                    first = anchors.get(anchor)
                    where = f" defined on line {first.line + 1}" if first is not None else ""
                    self.parsed.problems.append(Problem.make(
                        "AM012", f"alias `*{anchor}` repeats the anchor `&{anchor}`{where}; aliases are not supported",
                        self.parsed.display, mark.line + 1, mark.column + 1,
                        hint="write the value out in full where it is needed; aliases can expand without limit"))
                else:
                    anchors[anchor] = event.start_mark
        except yaml.YAMLError:  # pragma: no cover - the text composed already
            pass
        if found > MAX_ALIAS_REPORTS:
            self.parsed.problems.append(Problem.make(
                "AM012", f"{found - MAX_ALIAS_REPORTS} more aliases not listed ({found} in all)", self.parsed.display,
                None, None, hint="a file full of aliases is often an alias bomb; maps never need them"))
        if not found:  # pragma: no cover - a node met twice is always an alias
            self._report("AM012", "YAML alias refers back to the anchor here; aliases are not supported", node)
