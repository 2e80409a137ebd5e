"""Adding to a curated map file by appending text: a new node, or a relation on a node.

Nothing else in the file is rewritten: the new lines are inserted where they belong (after
the last entry of the `nodes:` list, or at the end of the node's block), so comments, order
and formatting stay byte-identical. Every edit is checked before it is written: the new text
is parsed again and its data must equal the old data plus exactly the addition. Files are
written atomically, and each edit keeps what is needed to undo it.
"""

from __future__ import annotations

import copy
import json
import re
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .fsutil import write_atomic
from .model import ID_PATTERN, AttackKind, Node, NodeType
from .problems import InputError, UsageError
from .quotes import find_quote
from .sources import SourceText
from .yamlsafe import ParsedFile, parse_yaml

__all__ = ["Edit", "NodeStub", "passage_quote", "fresh_id", "file_prefix", "append_node", "append_relation", "undo", "RELATIONS"]

RELATIONS = ("supports", "rebut", "undercut", "undermine")  # what a node can be linked to another by
_WIDTH = 96


@dataclass(frozen=True)
class Edit:
    """One append made to a file: enough to say what it did and to undo it."""

    path: Path
    before: str
    after: str
    what: str  # "added node `x` to nodes/a.yaml"
    node_id: str

    @property
    def added_lines(self) -> int:
        return self.after.count("\n") - self.before.count("\n")


@dataclass(frozen=True)
class NodeStub:
    """What the curator chose for a new node; the quote is the passage, verbatim."""

    type: NodeType
    side: str
    title: str
    source: str
    quote: str
    text: str = ""  # defaults to the quote


def _read(path: Path) -> tuple[str, ParsedFile]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read `{path}`: {exc.strerror or exc}") from exc
    parsed = parse_yaml(raw, path)
    if not parsed.ok or not isinstance(parsed.data, (dict, type(None))):
        raise InputError(f"`{path}` does not parse as a map file; fix it before adding to it",
                         hint="argmap validate shows what is wrong")
    return raw.decode("utf-8"), parsed


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_end(lines: list[str], first: int, dash_col: int) -> int:
    """Index of the last line belonging to the block item whose dash is on line `first`:
    following lines belong while blank or indented past the dash (comments too)."""
    last = first
    for i in range(first + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        if _indent(line) <= dash_col:
            break
        last = i
    return last


def _dash_col(lines: list[str], line: int, col: int) -> int:
    """The column of the `-` that opens the sequence item whose content starts at (line, col)."""
    before = lines[line][:col].rstrip()
    if not before.endswith("-"):
        raise InputError("the list entry is not in block style (`- ...`); argmap only appends to block lists")
    return len(before) - 1


def _insert_after_line(text: str, lines: list[str], index: int, block: str) -> str:
    """`text` with `block` (whole lines, newline-terminated) inserted after line `index`."""
    starts = _line_starts(text)
    nl = _newline(text)
    if index + 1 < len(starts):
        at = starts[index + 1]
        return text[:at] + block + text[at:]
    # the last line: make sure it ends with a newline first
    return text + ("" if text.endswith("\n") else nl) + block


def _scalar(value: str, indent: int, key: str) -> str:
    """`key: value` at `indent`, folded (`>-`) over lines when long, quoted when needed."""
    pad = " " * indent
    flat = " ".join(value.split())
    plain = re.fullmatch(r"[A-Za-z][^:#\"'\[\]{},&*!|>%@`]*", flat) and flat.lower() not in ("true", "false", "null", "yes", "no", "on", "off")
    if plain and len(flat) + indent + len(key) + 2 <= _WIDTH:
        return f"{pad}{key}: {flat}\n"
    if len(flat) + indent + len(key) + 4 <= _WIDTH:
        return f"{pad}{key}: {json.dumps(flat, ensure_ascii=False)}\n"
    wrapped = textwrap.wrap(flat, width=max(40, _WIDTH - indent - 2), break_long_words=False, break_on_hyphens=False)
    return f"{pad}{key}: >-\n" + "".join(f"{pad}  {w}\n" for w in wrapped)


_HYPHEN_BREAK = re.compile(r"(?<=\w)-[ \t]*\r?\n\s*(?=\w)")


def passage_quote(raw: str) -> str:
    """A passage of a source as a quote: on one line, a word broken over a line end by a
    hyphen (`well-` / `known`) kept whole as the source's normalised text has it."""
    return " ".join(_HYPHEN_BREAK.sub("-", raw).split())


def fresh_id(title: str, taken: set[str], prefix: str = "") -> str:
    """A new node id from the title's first words: `vk-arctic-fisheries-talks`, unique in `taken`."""
    words = re.findall(r"[a-z0-9]+", title.lower().encode("ascii", "ignore").decode()) or ["node"]
    small = {"a", "an", "the", "of", "and", "to", "in", "on", "for", "is", "are", "be", "with"}
    kept = [w for w in words if w not in small][:4] or words[:4]
    base = prefix + "-".join(kept)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    if not re.fullmatch(ID_PATTERN, candidate):
        candidate = "n-" + candidate
    return candidate


def file_prefix(ids: list[str]) -> str:
    """The id prefix most of a file's nodes share (`vk-`), or ''."""
    counts = Counter(i.split("-", 1)[0] + "-" for i in ids if "-" in i)
    if not counts:
        return ""
    prefix, n = counts.most_common(1)[0]
    return prefix if n * 2 >= len(ids) else ""


def _check(path: Path, new_text: str, expected: dict | None) -> None:
    parsed = parse_yaml(new_text, path)
    if not parsed.ok or parsed.data != expected:
        raise InputError(f"appending to `{path}` would not give the intended map file; nothing was written",
                         hint="the file's layout is unusual here; add the entry by hand")


def _write(path: Path, before: str, after: str, what: str, node_id: str) -> Edit:
    write_atomic(path, after.encode("utf-8"), force=True)
    return Edit(path, before, after, what, node_id)


def append_node(path: Path, stub: NodeStub, taken: set[str], *, display: str | None = None,
                source_text: SourceText | None = None) -> Edit:
    """Append a node built from `stub` to the `nodes:` list of the map file `path`.

    `taken` holds the ids already used in the map; the new id avoids them and takes the
    prefix most of the file's nodes share. With `source_text` (the quoted source's text) the
    quote is checked to be found in it, as validation will, before anything is written.
    """
    text, parsed = _read(path)
    data = parsed.data or {}
    nodes = data.get("nodes")
    if nodes is not None and not isinstance(nodes, list):
        raise InputError(f"`nodes` in `{path}` is not a list")
    file_ids = [n.get("id") for n in (nodes or []) if isinstance(n, dict) and isinstance(n.get("id"), str)]
    node_id = fresh_id(stub.title, set(taken) | set(file_ids), file_prefix(file_ids))
    quote = passage_quote(stub.quote)
    if source_text is not None and find_quote(quote, source_text.normalised) is None:
        raise InputError(f"the passage is not found verbatim in `{stub.source}` once on one line; nothing was written",
                         hint="select whole sentences, or add the node by hand")
    entry = {"id": node_id, "type": stub.type.value, "side": stub.side, "title": " ".join(stub.title.split()),
             "text": " ".join((stub.text or quote).split()), "quotes": [{"source": stub.source, "text": quote}]}
    try:
        Node.model_validate(entry)
    except Exception as exc:  # noqa: BLE001 - pydantic's message says which field
        raise UsageError(f"the new node would not be valid: {exc}") from exc
    lines = text.splitlines()
    mapping = parsed.root
    seq = None
    if mapping is not None:
        for key, value in mapping.value:
            if key.value == "nodes":
                seq = value
    if seq is not None and (getattr(seq, "flow_style", False) or not seq.value):
        raise InputError(f"`nodes:` in `{path}` is empty or in flow style (`[...]`); argmap appends only to a block list",
                         hint="add the first node by hand, as `nodes:` followed by `  - id: ...`")
    if seq is None:
        dash, blank, after_line = 2, True, len(lines) - 1
        header = "nodes:\n"
    else:
        last = seq.value[-1]
        dash = _dash_col(lines, last.start_mark.line, last.start_mark.column)
        after_line = _block_end(lines, last.start_mark.line, dash)
        blank = len(seq.value) > 1 and not lines[last.start_mark.line - 1].strip()  # entries apart: keep it so
        header = ""
    pad = " " * (dash + 2)
    body = (f"{' ' * dash}- id: {node_id}\n{pad}type: {stub.type.value}\n{pad}side: {stub.side}\n"
            + _scalar(entry["title"], dash + 2, "title") + _scalar(entry["text"], dash + 2, "text")
            + f"{pad}quotes:\n{pad}  - source: {stub.source}\n" + _scalar(quote, dash + 6, "text"))
    block = ("\n" if blank or header else "") + header + body
    block = block.replace("\n", _newline(text))
    new_text = _insert_after_line(text, lines, after_line, block)
    expected = copy.deepcopy(data)
    expected.setdefault("nodes", []).append(entry)
    _check(path, new_text, expected)
    return _write(path, text, new_text, f"added node `{node_id}` to {display or path}", node_id)


def append_relation(path: Path, node_id: str, relation: str, target: str, *, display: str | None = None) -> Edit:
    """Add `node_id supports target` (relation "supports") or an attack of that kind to the
    node's block in `path`: a new `supports:`/`attacks:` key at the end of the block, or a new
    item at the end of an existing block list. An existing one-line `[...]` list gains the
    id before its `]` (the only case where a line changes)."""
    if relation not in RELATIONS:
        raise UsageError(f"unknown relation `{relation}`", hint="one of: " + ", ".join(RELATIONS))
    text, parsed = _read(path)
    data = parsed.data or {}
    nodes = data.get("nodes") if isinstance(data, dict) else None
    index = next((i for i, n in enumerate(nodes or []) if isinstance(n, dict) and n.get("id") == node_id), None)
    if index is None:
        raise InputError(f"no node `{node_id}` in `{path}`")
    if node_id == target:
        raise UsageError("a node cannot support or attack itself")
    key = "supports" if relation == "supports" else "attacks"
    item_value = target if relation == "supports" else {"target": target, "kind": AttackKind(relation).value}
    item_text = target if relation == "supports" else f"{{target: {target}, kind: {relation}}}"
    existing = nodes[index].get(key, [])
    if any((x if isinstance(x, str) else x.get("target")) == target for x in existing or []):
        raise UsageError(f"`{node_id}` already {'supports' if key == 'supports' else 'attacks'} `{target}`")
    expected = copy.deepcopy(data)
    expected["nodes"][index].setdefault(key, []).append(item_value)
    lines = text.splitlines()
    seq = next(v for k, v in parsed.root.value if k.value == "nodes")
    item = seq.value[index]
    value = next((v for k, v in item.value if k.value == key), None)
    nl = _newline(text)
    if value is None:
        dash = _dash_col(lines, item.start_mark.line, item.start_mark.column)
        pad = " " * item.start_mark.column
        block = f"{pad}{key}: [{item_text}]{nl}" if key == "supports" else f"{pad}attacks:{nl}{pad}  - {item_text}{nl}"
        new_text = _insert_after_line(text, lines, _block_end(lines, item.start_mark.line, dash), block)
    elif getattr(value, "flow_style", False) or not value.value:
        starts = _line_starts(text)
        start = starts[value.start_mark.line] + value.start_mark.column
        end = starts[value.end_mark.line] + value.end_mark.column
        literal = text[start:end]
        if value.start_mark.line != value.end_mark.line or not (literal.startswith("[") and literal.endswith("]")):
            raise InputError(f"`{key}` of `{node_id}` in `{path}` is not a one-line list; add the relation by hand")
        inner = literal[1:-1].strip()
        new_text = text[:start] + "[" + (inner + ", " if inner else "") + item_text + "]" + text[end:]
    else:
        last = value.value[-1]
        dash = _dash_col(lines, last.start_mark.line, last.start_mark.column)
        block = f"{' ' * dash}- {item_text}{nl}"
        new_text = _insert_after_line(text, lines, _block_end(lines, last.start_mark.line, dash), block)
    _check(path, new_text, expected)
    verb = "supports" if key == "supports" else f"attacks ({relation})"
    return _write(path, text, new_text, f"`{node_id}` {verb} `{target}` in {display or path}", node_id)


def undo(edit: Edit) -> Path:
    """Put the file back as it was before `edit`, if nobody has changed it since."""
    try:
        now = edit.path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise InputError(f"cannot read `{edit.path}`: {exc.strerror or exc}") from exc
    if now != edit.after:
        raise UsageError(f"`{edit.path}` has changed since the edit; not undone", hint="undo it in your editor")
    return write_atomic(edit.path, edit.before.encode("utf-8"), force=True)
