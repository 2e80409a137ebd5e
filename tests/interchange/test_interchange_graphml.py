"""GraphML export: every node and relation, read back by networkx (as network tools read it)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings

from argmap.interchange.graphml import to_graphml
from argmap.loader import load_map

from conftest import BUNDLED
from interchange_helpers import argmap_of
from strategies import valid_maps

nx = pytest.importorskip("networkx", reason="networkx (installed with the test dependency arguebuf) reads GraphML")


def _read(text: str, tmp_path):
    path = tmp_path / "map.graphml"
    path.write_text(text, encoding="utf-8")
    return nx.read_graphml(path, force_multigraph=True)


def test_bundled_map(tmp_path):
    result = load_map(BUNDLED)
    if not result.ok:
        pytest.skip("the bundled map does not validate right now; it is being curated")
    argmap = result.map
    graph = _read(to_graphml(argmap), tmp_path)
    assert graph.number_of_nodes() == len(argmap.nodes)
    relations = Counter(d["relation"] for _, _, d in graph.edges(data=True))
    assert relations == {"supports": sum(len(argmap.supported(n)) for n in argmap.nodes),
                         "attacks": sum(len(argmap.attacked(n)) for n in argmap.nodes),
                         "part_of": sum(len(argmap.wholes(n)) for n in argmap.nodes)}
    node = next(iter(argmap.nodes.values()))
    assert graph.nodes[node.id]["type"] == node.type.value and graph.nodes[node.id]["text"] == node.text
    assert graph.graph["title"] == argmap.info.title


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(valid_maps())
def test_generated_maps_with_any_text_stay_well_formed(tmp_path, doc):
    argmap = argmap_of(doc)
    graph = _read(to_graphml(argmap), tmp_path)
    assert sorted(graph.nodes) == sorted(argmap.nodes)
    edges = sorted((a, b, d["relation"], d.get("kind")) for a, b, d in graph.edges(data=True))
    expected = sorted([(n, t, "supports", None) for n in argmap.nodes for t in argmap.supported(n)]
                      + [(n, a.target, "attacks", a.kind.value) for n in argmap.nodes for a in argmap.attacked(n)]
                      + [(n, w, "part_of", None) for n in argmap.nodes for w in argmap.wholes(n)])
    assert edges == expected
