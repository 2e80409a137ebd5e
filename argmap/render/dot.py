"""A map as Graphviz DOT: deterministic, escaped, and stable under edits elsewhere in the map.

Every node is named by its own map id (so an edit elsewhere renames nothing) and carries that
id as its SVG `id`. All map text goes through `_text`, which drops control characters and
doubles backslashes, and every label is marked as not-HTML: no text in a map can change the
graph's structure or inject markup into the SVG.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Iterable

import graphviz

from ..core import ArgumentMap
from ..evaluate import Evaluation, Label
from ..model import NodeType

__all__ = ["DotOptions", "to_dot", "clean_text"]

# C0/C1 controls (but not the tab and newline we replace ourselves), and noncharacters: dot
# passes them into SVG, which then is not well-formed XML.
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff]")

SHAPES = {
    NodeType.RECOMMENDATION: {"shape": "box", "style": "rounded,filled,bold", "peripheries": "2"},
    NodeType.CLAIM: {"shape": "box", "style": "rounded,filled"},
    NodeType.EVIDENCE: {"shape": "note", "style": "filled"},
    NodeType.OBJECTION: {"shape": "box", "style": "filled,diagonals"},
    NodeType.REBUTTAL: {"shape": "cds", "style": "filled"},
}
EDGES = {
    "support": {"color": "#3d3d3d", "arrowhead": "normal", "style": "solid"},
    "rebut": {"color": "#b22222", "arrowhead": "tee", "style": "solid", "penwidth": "1.4"},
    "undercut": {"color": "#b22222", "arrowhead": "tee", "style": "dashed", "penwidth": "1.4"},
    "undermine": {"color": "#b22222", "arrowhead": "odiamond", "style": "dotted", "penwidth": "1.6"},
}
PART_EDGE = {"color": "#8c8c8c", "arrowhead": "empty", "style": "dashed", "penwidth": "1.0"}
# An attack that does not succeed (weak, or at a weightier point): the same line, faded and thin,
# with a hollow head, so it reads as "against, but not decisive".
NO_DEFEAT = {"color": "#e3a5a5", "penwidth": "1.0", "arrowhead": "otee"}
EDGE_LABELS = {"support": "supports", "rebut": "rebuts", "undercut": "undercuts", "undermine": "undermines",
               "part": "is part of", "nodefeat": "attacks, not decisively"}
OUT_FILL, OUT_TEXT, OUT_LINE = "#eeeeee", "#8a8a8a", "#b0b0b0"


@dataclass(frozen=True)
class DotOptions:
    """What to draw: which nodes (None: all), how to group them, and the trimmings."""

    nodes: tuple[str, ...] | None = None
    group_by: str = "none"  # side | theme | source | none
    focus: str | None = None
    legend: bool = True
    title: str | None = None
    wrap: int = 30
    dpi: int | None = None  # for PNG: pixels per inch
    size: tuple[float, float] | None = None  # a bound in inches Graphviz shrinks the drawing to
    highlight: frozenset[str] = field(default_factory=frozenset)


def clean_text(text: str) -> str:
    """Map text made safe for a DOT string: controls dropped, backslashes doubled."""
    text = _BAD_CHARS.sub("", text.replace("\t", " "))
    return text.replace("\\", "\\\\")


def _label(lines: Iterable[str]) -> graphviz.quoting.NoHtml:
    # Each line is escaped; `\n` between them is ours. nohtml: never read as an HTML label,
    # even when the text starts with `<` and ends with `>`.
    return graphviz.nohtml("\\n".join(clean_text(line) for line in lines))


def _wrap(text: str, width: int, max_lines: int = 5) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def _tint(colour: str, amount: float = 0.82) -> str:
    """A light tint of `#rrggbb` (mixed with white), for node fills."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _group_of(argmap: ArgumentMap, node_id: str, group_by: str) -> tuple[str, str] | None:
    node = argmap.nodes[node_id]
    if group_by == "side":
        side = argmap.sides.get(node.side)
        return (node.side, side.label if side else node.side)
    if group_by == "theme":
        if not node.themes:
            return None
        theme = argmap.themes.get(node.themes[0])
        return (node.themes[0], theme.label if theme else node.themes[0])
    if group_by == "source":
        if not node.quotes:
            return None
        source = argmap.sources.get(node.quotes[0].source)
        return (node.quotes[0].source, source.title if source else node.quotes[0].source)
    return None


def _citation(argmap: ArgumentMap, node_id: str) -> str:
    node = argmap.nodes[node_id]
    parts = [node.text.strip()]
    for i, quote in enumerate(node.quotes):
        source = argmap.sources.get(quote.source)
        span = argmap.quote_span(node_id, i)
        where = f", line {span.line}" if span else ""
        cite = f"{source.title}{where}" if source else quote.source
        parts.append(f"“{' '.join(quote.text.split())}” — {cite}")
    return "\n\n".join(parts)


def to_dot(argmap: ArgumentMap, evaluation: Evaluation | None = None, options: DotOptions | None = None) -> str:
    """The DOT source of a map (or of the nodes in `options.nodes`)."""
    options = options or DotOptions()
    if options.nodes is None:
        keep = list(argmap.nodes)
    else:
        wanted = set(options.nodes)
        keep = [n for n in argmap.nodes if n in wanted]
    kept = set(keep)
    title = options.title if options.title is not None else argmap.info.title
    graph = graphviz.Digraph(
        name=clean_text(argmap.info.id),
        graph_attr={
            "rankdir": "RL", "newrank": "true", "nodesep": "0.25", "ranksep": "0.6", "fontname": "Helvetica",
            "label": _label([title]) if title else "", "labelloc": "t", "fontsize": "18", "id": clean_text(argmap.info.id),
            "tooltip": _label([argmap.info.question]),
        },
        node_attr={"fontname": "Helvetica", "fontsize": "11", "margin": "0.12,0.06", "penwidth": "1.2"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.8"},
    )
    if options.dpi is not None:
        graph.graph_attr["dpi"] = str(options.dpi)
    if options.size is not None:
        graph.graph_attr["size"] = f"{options.size[0]:g},{options.size[1]:g}"
    groups: dict[str, tuple[str, list[str]]] = {}
    loose: list[str] = []
    for node_id in keep:
        group = _group_of(argmap, node_id, options.group_by)
        if group is None:
            loose.append(node_id)
        else:
            groups.setdefault(group[0], (group[1], []))[1].append(node_id)

    def add_node(target: graphviz.Digraph, node_id: str) -> None:
        node = argmap.nodes[node_id]
        side = argmap.sides.get(node.side)
        colour = side.colour if side else "#666666"
        attrs = dict(SHAPES[node.type])
        label_lines = [node.type.value.upper()] + _wrap(node.label, options.wrap)
        if node.by:
            names = [argmap.actors[a].name if a in argmap.actors else a for a in node.by]
            label_lines += _wrap("— " + ", ".join(names), options.wrap, 2)
        status = evaluation.labels.get(node_id) if evaluation is not None else None
        assessment = evaluation.recommendations.get(node_id) if evaluation is not None else None
        if status is Label.OUT:
            attrs.update(fillcolor=OUT_FILL, fontcolor=OUT_TEXT, color=OUT_LINE)
            label_lines[0] += "  (out)"
        else:
            attrs.update(fillcolor=_tint(colour), fontcolor="#1a1a1a", color=colour)
            if status is Label.UNDECIDED:
                attrs["style"] += ",dashed"
                label_lines[0] += "  (undecided)"
        if assessment is not None:  # a recommendation shows its verdict, in the words every view uses
            label_lines[0] = f"{node.type.value.upper()}  ({assessment.verdict.value})"
        if node_id == options.focus or node_id in options.highlight:
            attrs["penwidth"] = "3"
        target.node(
            clean_text(node_id), label=_label(label_lines), id=clean_text(node_id),
            tooltip=_label(_citation(argmap, node_id).split("\n")), **attrs,
        )

    for group_id in sorted(groups):
        group_label, members = groups[group_id]
        with graph.subgraph(name=f"cluster_{clean_text(group_id)}") as cluster:
            cluster.attr(label=_label([group_label]), id=clean_text(f"group-{group_id}"), style="rounded,dashed",
                         color="#9a9a9a", fontsize="13", fontcolor="#444444")
            for node_id in members:
                add_node(cluster, node_id)
    for node_id in loose:
        add_node(graph, node_id)

    defeats = evaluation.defeats if evaluation is not None else None
    for source, target, kind in argmap.edges():
        if source in kept and target in kept:
            attrs = dict(EDGES[kind])
            tip = f"{source} {EDGE_LABELS[kind]} {target}"
            if kind != "support" and defeats is not None and (source, target) not in defeats:
                attrs.update(NO_DEFEAT)  # an attack that does not succeed: weak, or at a weightier point
                tip += " (does not defeat it)"
            graph.edge(clean_text(source), clean_text(target), id=clean_text(f"{source}--{kind}--{target}"),
                       tooltip=_label([tip]), **attrs)

    for part, whole in argmap.part_edges():
        if part in kept and whole in kept:
            graph.edge(clean_text(part), clean_text(whole), id=clean_text(f"{part}--part--{whole}"),
                       tooltip=_label([f"{part} is part of {whole}"]), **PART_EDGE)

    if options.legend:
        _legend(graph)
    return graph.source


def _legend(graph: graphviz.Digraph) -> None:
    """A key to shapes and arrows, drawn apart from the map: node samples in one column,
    arrow samples in the next. Its names start with `_`, which no map id can."""
    with graph.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Key", id="legend", style="rounded", color="#cccccc", fontsize="12", fontcolor="#555555")
        legend.node_attr.update(fontsize="9", width="0", height="0", fillcolor="#f7f7f7", color="#888888")
        with legend.subgraph(name="_legend_nodes") as column:
            column.attr(rank="same")
            for node_type in NodeType:
                column.node(f"_legend_{node_type.value}", label=node_type.value, id=f"_legend_{node_type.value}",
                            **SHAPES[node_type])
            column.node("_legend_out", label="out", id="_legend_out", shape="box", style="filled",
                        fillcolor=OUT_FILL, fontcolor=OUT_TEXT, color=OUT_LINE)
            column.node("_legend_undecided", label="undecided", id="_legend_undecided", shape="box", style="filled,dashed")
        with legend.subgraph(name="_legend_heads") as heads, legend.subgraph(name="_legend_tails") as tails:
            heads.attr(rank="same")
            tails.attr(rank="same")
            for kind in (*EDGES, "part", "nodefeat"):
                tails.node(f"_legend_{kind}_from", label="", id=f"_legend_{kind}_from", shape="point", width="0.04",
                           color="#ffffff")
                heads.node(f"_legend_{kind}_to", label=EDGE_LABELS[kind], id=f"_legend_{kind}_to", shape="plaintext",
                           style="", fillcolor="")
        for kind, attrs in (*EDGES.items(), ("part", PART_EDGE), ("nodefeat", EDGES["rebut"] | NO_DEFEAT)):
            legend.edge(f"_legend_{kind}_from", f"_legend_{kind}_to", id=f"_legend_{kind}", **attrs)
        legend.edge("_legend_rebut_to", "_legend_claim", id="_legend_spacer", style="invis")
