"""argmap → GraphML (`argmap export --to graphml`), for network tools: Gephi, Cytoscape, yEd, networkx, igraph.

One directed graph: a node per map node and an edge per relation, as the map states them.

- node attributes: `label` (the title, or the start of the text), `text`, `type`, `side`, `by`,
  `themes`, `pattern`, `weight`, `note`; lists are written joined with `; `;
- edge attributes: `relation` (`supports`, `attacks` or `part_of`), and for attacks `kind`
  (rebut, undercut, undermine), `strength`, `scope` and `premises`.

GraphML is XML 1.0, which cannot hold most control characters: they are written as spaces.
Node ids are the map's ids.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..core import ArgumentMap

__all__ = ["to_graphml"]

_NS = "http://graphml.graphdrawing.org/xmlns"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NODE_KEYS = ("label", "text", "type", "side", "by", "themes", "pattern", "weight", "note")
_EDGE_KEYS = ("relation", "kind", "strength", "scope", "premises")


def _xml(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def to_graphml(argmap: ArgumentMap) -> str:
    """The map as GraphML text."""
    ET.register_namespace("", _NS)
    root = ET.Element(f"{{{_NS}}}graphml")
    for scope, keys in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        for key in keys:
            ET.SubElement(root, f"{{{_NS}}}key", {"id": f"{scope[0]}_{key}", "for": scope, "attr.name": key, "attr.type": "string"})
    graph = ET.SubElement(root, f"{{{_NS}}}graph", {"id": argmap.info.id, "edgedefault": "directed"})
    ET.SubElement(graph, f"{{{_NS}}}data", {"key": "d_title"}).text = _xml(argmap.info.title)
    root.insert(0, ET.Element(f"{{{_NS}}}key", {"id": "d_title", "for": "graph", "attr.name": "title", "attr.type": "string"}))

    def data(parent: ET.Element, key: str, value: str | None) -> None:
        if value:
            ET.SubElement(parent, f"{{{_NS}}}data", {"key": key}).text = _xml(value)

    for node in argmap.nodes.values():
        el = ET.SubElement(graph, f"{{{_NS}}}node", {"id": node.id})
        values = {"label": node.label, "text": node.text, "type": node.type.value, "side": node.side,
                  "by": "; ".join(node.by), "themes": "; ".join(node.themes), "pattern": node.pattern,
                  "weight": node.weight.value if node.weight else None, "note": node.note}
        for key in _NODE_KEYS:
            data(el, f"n_{key}", values[key])
    count = 0

    def edge(source: str, target: str, values: dict[str, str | None]) -> None:
        nonlocal count
        count += 1
        el = ET.SubElement(graph, f"{{{_NS}}}edge", {"id": f"e{count}", "source": source, "target": target})
        for key in _EDGE_KEYS:
            data(el, f"e_{key}", values.get(key))

    for node in argmap.nodes.values():
        for target in argmap.supported(node.id):
            edge(node.id, target, {"relation": "supports"})
        for attack in argmap.attacked(node.id):
            edge(node.id, attack.target, {"relation": "attacks", "kind": attack.kind.value, "strength": attack.strength.value,
                                          "scope": attack.scope.value, "premises": "; ".join(attack.premises)})
        for whole in argmap.wholes(node.id):
            edge(node.id, whole, {"relation": "part_of"})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
