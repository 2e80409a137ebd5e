"""argmap → Argdown (`argmap export --to argdown`), the plain-text argument-mapping language.

The document, as the Argdown parser (`@argdown/core` 1.7) reads it:

- a YAML front matter (`=== ... ===`): the map's title and question (Argdown's `title` and
  `subTitle`), tag colours from the sides' colours, and under `argmap:` the sources;
- a heading with the map's title, whose data block holds the map description, sides, actors,
  themes and patterns, for `argmap import --from argdown-json`;
- one top-level statement per node: `[Title]: text #(side:pro) #(theme:trade) {data}`, where
  the data (a YAML flow mapping) holds the node's id, type, side, `by`, note and quotes, then
  the node's own relations, indented: `+> [X]` supports X, `-> [X]` attacks X (a rebut or an
  undermine; undermines are listed in the data), `_> [X]` undercuts X.

So Argdown finds exactly one statement per node and one relation per distinct relation of the
map. Titles are the nodes' titles, made safe for Argdown (no `[`, `]`, line breaks or leading
`-`) and unique (`Title (id)` on a clash); a node without a title is titled by its id. Text is
escaped with backslashes wherever Argdown would read markup: `\\ [ ] < > { } # * _` always,
`/` before `/` or `*` (comments), `=` in runs of three (front matter), and `.` or `:` that would
open a `.name.`/`:name:` shortcode. Line breaks, tabs and other control characters become
spaces: an Argdown statement is one paragraph, and Argdown trims and collapses some white space.
"""

from __future__ import annotations

import re
from typing import Any

from .. import __version__
from ..core import ArgumentMap
from ..model import AttackKind, AttackScope, AttackStrength

__all__ = ["FORMAT", "escape_text", "argdown_titles", "data_block", "to_argdown"]

FORMAT = "argmap-argdown/1"
_ALWAYS = set("\\[]<>{}#*_")
_SHORTCODE = re.compile(r"\.[^\s]+?\.|:[^\s]+?:")
_LINE_BREAKS = re.compile(r"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_SYMBOL = {"support": "+>", AttackKind.REBUT: "->", AttackKind.UNDERMINE: "->", AttackKind.UNDERCUT: "_>"}


def escape_text(text: str) -> str:
    """Text that Argdown reads back as exactly these characters (line breaks become spaces)."""
    text = _LINE_BREAKS.sub(" ", text).strip()
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < n else ""
        if ch in _ALWAYS:
            out.append("\\" + ch)
        elif ch == "/" and nxt in ("/", "*"):
            out.append("\\/")
        elif ch == "=" and (text[i:i + 3] == "===" or text[max(0, i - 2):i + 1] == "===" or text[max(0, i - 1):i + 2] == "==="):
            out.append("\\=")
        elif ch in ".:" and _shortcode_at(text, i):
            out.append("\\" + ch)
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(" ")  # tabs too: after an escape Argdown would drop a tab, not a space
        else:
            out.append(ch)
    return "".join(out)


def _shortcode_at(text: str, i: int) -> bool:
    # Argdown's lexer reads `.x.` and `:x:` (no white space inside) as a shortcode like :smile:.
    return _SHORTCODE.match(text, i) is not None


def _safe_title(text: str) -> str:
    text = _LINE_BREAKS.sub(" ", text).replace("[", "(").replace("]", ")")
    text = "".join(" " if (ord(ch) < 32 or not ch.isprintable()) else ch for ch in text)
    return " ".join(text.split()).lstrip("-").strip()


def argdown_titles(argmap: ArgumentMap) -> dict[str, str]:
    """node id → its Argdown statement title: unique, and safe inside `[...]`."""
    titles: dict[str, str] = {}
    used: set[str] = set()
    for node in argmap.nodes.values():
        title = _safe_title(node.title) if node.title else ""
        candidates = [title, f"{title} ({node.id})"] if title else []
        candidates.append(node.id)
        chosen = next((c for c in candidates if c and c not in used), None)
        n = 2
        while chosen is None:
            candidate = f"{node.id} ({n})"
            chosen = candidate if candidate not in used else None
            n += 1
        titles[node.id] = chosen
        used.add(chosen)
    return titles


def _string(value: str) -> str:
    """A double-quoted YAML string holding no `{`, `}`, `=` or line break of its own."""
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "{}=" or (ch != " " and not ch.isprintable()):
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def data_block(value: Any) -> str:
    """A YAML flow value for an Argdown data block or the front matter (JSON-like, escaped)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(str(k))}: {data_block(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(data_block(v) for v in value) + "]"
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


class _Layer:
    """What an imported Argdown document kept in the map's `argdown:` section, ready for writing:
    arguments with their structures, and contradictions, where the map still holds them."""

    def __init__(self, argmap: ArgumentMap, titles: dict[str, str]) -> None:
        self.titles = titles
        layer = argmap.argdown
        nodes = argmap.nodes
        self.arguments = {a.node: a for a in (layer.arguments if layer else []) if a.node in nodes}
        self.implied: set[tuple[str, str]] = set()  # supports the structures state: premise → argument → conclusion
        for node, arg in self.arguments.items():
            for step in arg.pcs:
                if step.node not in nodes:
                    continue
                if step.role == "main-conclusion":
                    if step.node in nodes[node].supports:
                        self.implied.add((node, step.node))
                elif node in nodes[step.node].supports:
                    self.implied.add((step.node, node))
        self.pairs: set[frozenset[str]] = set()
        self.contradicts: dict[str, list[str]] = {}
        for pair in (layer.contradictory if layer else []):
            if len(pair) != 2 or not all(p in nodes for p in pair):
                continue
            a, b = pair
            if any(t.target == b for t in argmap.attacked(a)) and any(t.target == a for t in argmap.attacked(b)):
                self.pairs.add(frozenset(pair))
                self.contradicts.setdefault(a, []).append(b)

    def ref(self, nid: str) -> str:
        title = self.titles[nid]
        return f"<{title.replace('<', '(').replace('>', ')')}>" if nid in self.arguments else f"[{title}]"


def to_argdown(argmap: ArgumentMap) -> str:
    """The map as an Argdown document."""
    info = argmap.info
    titles = argdown_titles(argmap)
    lines = ["===", f"title: {data_block(info.title)}", f"subTitle: {data_block(info.question)}"]
    if info.summary:
        lines.append(f"abstract: {data_block(info.summary)}")
    if argmap.sides:
        lines += ["color:", "  tagColors:"]
        lines += [f"    {data_block('side:' + s.id)}: {data_block(s.colour)}" for s in argmap.sides.values()]
    if argmap.argdown is not None and argmap.argdown.strict:  # statement relations read as contrary / entails
        lines += ["model:", "  mode: strict"]
    lines += ["argmap:", f"  format: {data_block(FORMAT)}", f"  generator: {data_block('argmap ' + __version__)}"]
    if argmap.sources:
        lines.append("  sources:")
        lines += [f"    - {data_block(s.model_dump(mode='json', exclude_defaults=True))}" for s in argmap.sources.values()]
    lines += ["===", ""]

    meta = {
        "map": info.model_dump(mode="json", exclude_defaults=True),
        "sides": [s.model_dump(mode="json", exclude_defaults=True) for s in argmap.sides.values()],
        "actors": [a.model_dump(mode="json", exclude_defaults=True) for a in argmap.actors.values()],
        "themes": [t.model_dump(mode="json", exclude_defaults=True) for t in argmap.themes.values()],
        "patterns": [p.model_dump(mode="json", exclude_defaults=True) for p in argmap.patterns.values()],
    }
    lines += [f"# {escape_text(info.title).strip() or escape_text(info.id)} {data_block({'argmap': meta})}", ""]

    layer = _Layer(argmap, titles)
    for node in argmap.nodes.values():
        tags = [f"#(side:{node.side})"] + [f"#(theme:{t})" for t in node.themes]
        if node.pattern:
            tags.append(f"#(pattern:{node.pattern})")
        data = _clean({
            "id": node.id, "type": node.type.value, "side": node.side, "title": node.title,
            "by": list(node.by), "themes": list(node.themes), "pattern": node.pattern, "note": node.note,
            "quotes": [_clean(q.model_dump(mode="json")) for q in node.quotes],
            "undermines": [a.target for a in argmap.attacked(node.id) if a.kind is AttackKind.UNDERMINE],
            "part_of": list(node.part_of), "weight": node.weight.value if node.weight else None,
            "attack_details": [_clean({"target": a.target,
                                       "strength": None if a.strength is AttackStrength.DECISIVE else a.strength.value,
                                       "scope": None if a.scope is AttackScope.PACKAGE else a.scope.value,
                                       "premises": list(a.premises)})
                               for a in argmap.attacked(node.id)
                               if a.strength is not AttackStrength.DECISIVE or a.scope is not AttackScope.PACKAGE
                               or a.premises],
        })
        text = escape_text(node.text)
        definition = f"{text + ' ' if text else ''}{' '.join(tags)} {data_block(data)}"
        seen: set[tuple[str, str]] = set()
        relations = [("support", t) for t in argmap.supported(node.id) if (node.id, t) not in layer.implied]
        relations += [(a.kind, a.target) for a in argmap.attacked(node.id) if frozenset((node.id, a.target)) not in layer.pairs]
        body = [f"  >< {layer.ref(other)}" for other in layer.contradicts.get(node.id, [])]
        for kind, target in relations:
            symbol = _SYMBOL[kind]
            if (symbol, target) not in seen:
                seen.add((symbol, target))
                body.append(f"  {symbol} {layer.ref(target)}")
        if node.id in layer.arguments:  # `<T>: text`, its premise–conclusion structure, then its relations
            lines += [f"{layer.ref(node.id)}: {definition}", ""]
            pcs = layer.arguments[node.id].pcs
            for i, step in enumerate((s for s in pcs if s.node in argmap.nodes), 1):
                if step.role != "premise":
                    lines.append("----")
                lines.append(f"({i}) [{titles[step.node]}]")
            if body:
                lines += ["", layer.ref(node.id)]
        else:
            lines.append(f"[{titles[node.id]}]: {definition}")
        lines += body
        lines.append("")
    return "\n".join(lines)
