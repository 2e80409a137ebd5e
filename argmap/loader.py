"""Loading a map: read its files strictly, check each entry's shape, merge, then validate.

Every problem is collected, with its file, line and column; nothing stops at the first. An
entry whose shape is wrong is left out of the merged map, but its id is remembered so that
references to it are not reported a second time as unknown.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .core import ArgumentMap, LoadResult, Origin
from .model import SECTIONS, MapInfo, NodeType, AttackKind
from .problems import Problem
from .project import map_paths, root_for
from .yamlsafe import ALIAS, ParsedFile, display_path, read_yaml_file

__all__ = ["load_map", "verify_quotes", "collector_paused", "load_files", "check_file", "merge_files", "FileEntries",
           "schema_problems", "TOP_KEYS"]

TOP_KEYS = ("map", *SECTIONS)
_NAMES = {"sides": "side", "actors": "actor", "themes": "theme", "patterns": "pattern", "sources": "source", "nodes": "node"}


def load_map(path: Path | str, *, root: Path | None = None, verify_quotes: bool = True) -> LoadResult:
    """Load and validate the map at `path` (a YAML file, or a folder of them).

    With `verify_quotes=False` every check runs but the quote search, the slowest; call
    `verify_quotes(result)` later to finish (the explorer shows the map first, then checks).
    """
    with collector_paused():
        return _load_map(Path(path), root, verify_quotes)


def verify_quotes(result: LoadResult) -> list[Problem]:
    """Finish a load made with `verify_quotes=False`: find every quote in its source.

    The problems found are added to `result.problems` (kept sorted) and returned; quote
    offsets go into `result.map.spans`. Calling it again does nothing.
    """
    from .validate import check_quotes

    if not result.quotes_pending:
        return []
    with collector_paused():
        found = check_quotes(result.map) if result.map is not None else []
        _release(result.map, result.files)
    result.quotes_pending = False
    result.problems = sorted(result.problems + found, key=Problem.sort_key)
    return found


def _release(argmap: ArgumentMap | None, parsed: list[ParsedFile]) -> None:
    """Pin each entry's position, then let the files' node trees go (see ParsedFile.release)."""
    if argmap is not None:
        for origin in argmap.origins.values():
            origin.pin()
    for pf in parsed:
        pf.release()


@contextmanager
def collector_paused():
    """Pause the cyclic garbage collector while a map loads (nestable).

    Composing YAML allocates hundreds of thousands of small objects, and each automatic
    collection walks everything alive; measured on a 10,000-node map, collection took over
    half the load time. A load creates no reference cycles worth collecting, so the collector
    is paused for its duration and resumed after (if it was running before).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_map(path: Path, root: Path | None, verify_quotes: bool) -> LoadResult:
    from .validate import validate

    display = display_path(path)
    if not path.exists():
        return LoadResult(None, [Problem.make("AM001", f"no map at `{display}`", display,
                                              hint="name a map file (.yaml) or a folder of them; `argmap validate` with no path checks the bundled maps")])
    files = map_paths(path)
    if not files:
        return LoadResult(None, [Problem.make("AM017", f"`{display}` holds no .yaml files", display,
                                              hint="a map folder holds one or more .yaml files")])
    parsed = [read_yaml_file(f) for f in files]
    argmap, problems, broken = load_files(parsed, path, root_for(path, root))
    if argmap is not None:
        problems.extend(validate(argmap, broken, verify_quotes=verify_quotes))
    problems.sort(key=Problem.sort_key)
    result = LoadResult(argmap, problems, parsed, quotes_pending=argmap is not None and not verify_quotes)
    if not result.quotes_pending:
        _release(argmap, parsed)  # every problem is placed; the trees would only burden the collector
    return result


@dataclass
class FileEntries:
    """What one parsed file contributes to a map: its entries with their shapes checked.

    Everything here depends on that file alone, so it can be kept while other files change
    (see argmap.incremental). `entries` are (section, model, path in the file), in file order.
    """

    file: ParsedFile
    problems: list[Problem] = field(default_factory=list)
    info: tuple[MapInfo, tuple] | None = None
    entries: list[tuple[str, Any, tuple]] = field(default_factory=list)
    broken: dict[str, set[str]] = field(default_factory=dict)
    mapping: bool = False  # whether the file's top level was a mapping
    origins: list[Origin] | None = field(default=None, repr=False, compare=False)  # made by merge_files, once

    def origins_of_entries(self) -> list[Origin]:
        """Where each entry was written: made once, kept (and pinned) while the file is kept."""
        if self.origins is None:
            self.origins = [Origin(self.file, where) for _section, _model, where in self.entries]
        return self.origins


def check_file(pf: ParsedFile) -> FileEntries:
    """Check the shape of each entry of one parsed file (the per-file half of `load_files`)."""
    out = FileEntries(pf, list(pf.problems))
    data = pf.data
    if not isinstance(data, dict):
        return out
    out.mapping = True
    for key, value in data.items():
        if key == "map":
            if value is None:
                out.problems.append(pf.problem("AM103", "`map:` is empty; it needs id, title and question", ("map",), key=True))
                continue
            model = _validate(MapInfo, value, pf, ("map",), out.problems, "the `map:` section")
            if model is not None:
                out.info = (model, ("map",))
        elif key in SECTIONS:
            _load_section(pf, key, value, out.entries, out.broken.setdefault(key, set()), out.problems)
        else:
            out.problems.append(pf.problem("AM101", f"unknown section `{key}`", (key,), key=True,
                                           hint=_did_you_mean(key, TOP_KEYS, "the sections are")))
    return out


def load_files(parsed: list[ParsedFile], path: Path, root: Path) -> tuple[ArgumentMap | None, list[Problem], dict[str, set[str]]]:
    """Check the shape of each parsed file's entries and merge them into one map.

    Returns the map (None when no `map:` section could be read), the problems, and for each
    section the ids of entries left out because their shape was wrong.
    """
    return merge_files([check_file(pf) for pf in parsed], path, root)


def merge_files(checked: list[FileEntries], path: Path, root: Path) -> tuple[ArgumentMap | None, list[Problem], dict[str, set[str]]]:
    """Merge files checked by `check_file` into one map (the whole-map half of `load_files`):
    a second `map:` section and ids defined twice are reported here."""
    problems: list[Problem] = []
    broken: dict[str, set[str]] = {section: set() for section in SECTIONS}
    info: MapInfo | None = None
    info_origin: Origin | None = None
    sections: dict[str, dict[str, tuple[Any, Origin]]] = {section: {} for section in SECTIONS}

    for fe in checked:
        pf = fe.file
        problems.extend(fe.problems)
        for section, ids in fe.broken.items():
            broken[section].update(ids)
        if fe.info is not None:
            if info is not None and info_origin is not None:
                problems.append(pf.problem("AM108", f"a second `map:` section; the first is at {info_origin.display}:{info_origin.line}",
                                           ("map",), key=True, hint="a map has one `map:` section, in one of its files"))
            else:
                info, info_origin = fe.info[0], Origin(pf, fe.info[1])
        for (section, model, where), origin in zip(fe.entries, fe.origins_of_entries()):
            merged = sections[section]
            first = merged.get(model.id)
            if first is not None:
                other = first[1]
                problems.append(pf.problem("AM202", f"duplicate {_NAMES[section]} id `{model.id}`: already defined at {other.display}:{other.line}",
                                           where + ("id",), hint=f"give one of the two {section} another id, or merge them"))
                continue
            merged[model.id] = (model, origin)

    if info is None:
        # (AM108, a second `map:`, needs a first one, so there is nothing to add to it here.)
        if any(fe.mapping for fe in checked):
            single = len(checked) == 1
            problems.append(Problem.make(
                "AM107", "the map has no `map:` section (id, title, question)",
                checked[0].file.display if single else display_path(path), 1 if single else None, 1 if single else None,
                hint="add to one of its files:\nmap:\n  id: my-map\n  title: ...\n  question: ..."))
        return None, problems, broken

    argmap = ArgumentMap(info=info, root=root, path=path, files=[fe.file for fe in checked])
    argmap.origins[("map", info.id)] = info_origin  # type: ignore[assignment]
    for section, entries in sections.items():
        target = getattr(argmap, section)
        for ident, (model, origin) in entries.items():
            target[ident] = model
            argmap.origins[(section, ident)] = origin
    return argmap, problems, broken


def _load_section(pf: ParsedFile, section: str, value: Any, entries: list, broken: set, problems: list[Problem]) -> None:
    model_cls = SECTIONS[section]
    noun = _NAMES[section]
    if value is None or value is ALIAS:
        return  # `nodes:` with nothing under it yet, or a refused alias (reported already)
    if not isinstance(value, list):
        problems.append(pf.problem("AM103", f"`{section}` must be a list of {section}, each starting with `- id:`, not {_kind(value)}",
                                   (section,), hint=f"write:\n{section}:\n  - id: first-{noun}\n    ..."))
        return
    for index, entry in enumerate(value):
        where = (section, index)
        ident = entry.get("id") if isinstance(entry, dict) else None
        ident = ident if isinstance(ident, (str, int)) and not isinstance(ident, bool) else None
        ident = str(ident) if ident is not None else None
        label = f"{noun} `{ident}`" if ident else f"{noun} #{index + 1} of `{section}`"
        if entry is ALIAS:
            continue
        if not isinstance(entry, dict):
            problems.append(pf.problem("AM103", f"each entry of `{section}` must be a mapping (`- id: ...` then keys), not {_kind(entry)}",
                                       where))
            continue
        model = _validate(model_cls, entry, pf, where, problems, label)
        if model is None:
            if ident:
                broken.add(ident)
            continue
        entries.append((section, model, where))


def _validate(model_cls: type[BaseModel], data: Any, pf: ParsedFile, where: tuple, problems: list[Problem], label: str):
    try:
        return model_cls.model_validate(data)
    except ValidationError as exc:
        problems.extend(schema_problems(exc, pf, where, model_cls, label, data))
        return None


def schema_problems(exc: ValidationError, pf: ParsedFile, where: tuple, model_cls: type[BaseModel], label: str, data: Any) -> list[Problem]:
    """Turn pydantic's errors into problems placed at the offending key or value."""
    out: list[Problem] = []
    seen: set[tuple] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        if err.get("input") is ALIAS:
            continue  # an alias refused by the reader, reported there
        key_loc = _data_loc(loc, data, missing=(kind == "missing"))
        dedupe = (key_loc, kind)
        if dedupe in seen:
            continue
        seen.add(dedupe)
        field = next((p for p in reversed(key_loc) if isinstance(p, str)), None)
        owner = _owner_model(model_cls, key_loc)
        value = err.get("input")
        name = f"`{field}`" if field else "the value"
        if kind == "extra_forbidden":
            allowed = list(owner.model_fields) if owner else []
            out.append(pf.problem("AM101", f"unknown key `{field}` in {label}", where + key_loc, key=True,
                                  hint=_did_you_mean(str(field), allowed, "allowed keys are")))
        elif kind == "missing":
            parent = key_loc[:-1]
            desc = _describe(owner, field)
            out.append(pf.problem("AM102", f"{label} is missing `{field}`", where + parent,
                                  hint=f"add `{field}:`" + (f" ({desc})" if desc else "")))
        elif kind in ("enum", "literal_error"):
            expected = _choices(owner, field, err)
            out.append(pf.problem("AM104", f"{name} of {label} cannot be `{value}`; it must be one of: {', '.join(expected)}",
                                  where + key_loc, hint=_did_you_mean(str(value), expected, None)))
        elif kind == "string_pattern_mismatch":
            out.append(pf.problem("AM105", f"{name} of {label} is badly formed: `{value}`", where + key_loc,
                                  hint=_pattern_hint(field, value)))
        elif kind == "string_too_short":
            out.append(pf.problem("AM106", f"{name} of {label} is empty", where + key_loc,
                                  hint=f"write the {field}, or remove the key if it is optional"))
        elif kind == "string_too_long":
            limit = (err.get("ctx") or {}).get("max_length")
            out.append(pf.problem("AM106", f"{name} of {label} is longer than {limit} characters", where + key_loc,
                                  hint="shorten it; the full wording belongs in `text`" if field == "title" else None))
        elif kind == "value_error":
            message = str(err["msg"]).removeprefix("Value error, ")
            out.append(pf.problem("AM106", f"{name} of {label}: {message}", where + key_loc))
        else:
            expected = _EXPECTED.get(kind, err["msg"].lower().removeprefix("input should be "))
            hint = _type_hint(kind, field, value)
            if value is None and "#" in pf.line_text(pf.locate(where + key_loc)[0] or 0):
                hint = f"`#` starts a YAML comment, so `{field}` was left empty: put the value in quotes, e.g. \"#d55e00\""
            out.append(pf.problem("AM103", f"{name} of {label} must be {expected}, not {_kind(value)}", where + key_loc, hint=hint))
    return out


_EXPECTED = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "union_tag_invalid": "a node id or a mapping with `target` and `kind`",
}


def _type_hint(kind: str, field: str | None, value: Any) -> str | None:
    if kind == "list_type" and isinstance(value, (str, int)):
        return f"write a list, even of one item: {field}: [{value}]"
    if kind == "string_type" and isinstance(value, bool):
        return "quote it to keep it as text: \"" + ("true" if value else "false") + "\""
    if kind == "string_type" and value is None:
        return f"give `{field}` a value, or remove the key if it is optional"
    if kind == "string_type" and isinstance(value, dict):
        return "a value holding ': ' must be quoted, or written as a `>` block"
    return None


def _data_loc(loc: tuple, data: Any, missing: bool = False) -> tuple:
    """The part of a pydantic location that indexes the data, without union tags and the like.

    For a missing key, the last part is kept though the data has no such key.
    """
    parts, last = (loc[:-1], loc[-1:]) if missing and loc else (loc, ())
    out: list = []
    current = data
    for part in parts:
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        else:
            continue
        out.append(part)
    return tuple(out) + tuple(last)


def _owner_model(model_cls: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the last key of `loc`."""
    from typing import get_args

    current: Any = model_cls
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return current if isinstance(current, type) and issubclass(current, BaseModel) else None
        annotation = fields[part].annotation
        current = _find_model(annotation, get_args) or current
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _find_model(annotation: Any, get_args) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _find_model(arg, get_args)
        if found is not None:
            return found
    return None


def _describe(owner: type[BaseModel] | None, field: str | None) -> str | None:
    if owner is None or field is None or field not in owner.model_fields:
        return None
    return owner.model_fields[field].description


def _choices(owner: type[BaseModel] | None, field: str | None, err: dict) -> list[str]:
    ctx = err.get("ctx") or {}
    expected = ctx.get("expected", "")
    if field == "type":
        return [t.value for t in NodeType]
    if field == "kind" and owner is not None and owner.__name__ == "Attack":
        return [k.value for k in AttackKind]
    return [e.strip().strip("'\"") for e in expected.replace(" or ", ", ").split(",") if e.strip()]


def _pattern_hint(field: str | None, value: Any) -> str | None:
    if field in ("id", "side", "source", "target", "pattern") or field in ("by", "themes", "supports", "authors", "attacks"):
        return "ids use letters, digits, `-`, `_` and `.`, starting with a letter or digit, e.g. " + _slug(str(value))
    if field == "colour":
        return "write a colour as #rrggbb, e.g. \"#1f77b4\" (in quotes: # starts a YAML comment)"
    if field == "sha256":
        return "64 lowercase hex digits, as printed by: sha256sum FILE"
    if field == "url":
        return "an http:// or https:// address"
    return None


def _slug(value: str) -> str:
    import re

    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", value.strip().lower()).strip("-._")
    return f"`{slug or 'my-id'}`"


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text `{value if len(value) <= 40 else value[:37] + '...'}`"
    return type(value).__name__


def _did_you_mean(word: str, choices, lead: str | None) -> str | None:
    choices = list(choices)
    if not choices:
        return None
    from rapidfuzz import fuzz, process

    best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=75)
    if best:
        return f"did you mean `{best[0]}`?"
    if lead:
        return f"{lead}: " + ", ".join(choices)
    return None
