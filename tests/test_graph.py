"""Graph queries: neighbours, focus subgraphs, filters."""

from __future__ import annotations

import pytest

from argmap.core import ArgumentMap
from argmap.graph import NodeFilter, neighbours, subgraph
from argmap.model import MapFile


@pytest.fixture
def argmap() -> ArgumentMap:
    # rec ← c1 ← e1 ; rec ← c2 ; o1 ⟶ rec (undercut) ; b1 ⟶ o1 ; o2 ⟶ c1 ; island
    doc = MapFile.model_validate({
        "map": {"id": "g", "title": "Graph", "question": "Q?"},
        "sides": [{"id": "pro", "label": "Pro", "colour": "#000000"}, {"id": "con", "label": "Con", "colour": "#ffffff"}],
        "themes": [{"id": "trade", "label": "Trade"}, {"id": "arctic", "label": "Arctic"}],
        "actors": [{"id": "ann", "name": "Ann"}, {"id": "bob", "name": "Bob"}],
        "patterns": [{"id": "cost", "label": "Cost"}],
        "sources": [{"id": "s1", "title": "S1", "file": "a.txt"}, {"id": "s2", "title": "S2", "file": "b.txt"}],
        "nodes": [
            {"id": "rec", "type": "recommendation", "side": "pro", "text": "Do.", "by": ["ann"], "themes": ["trade"],
             "quotes": [{"source": "s1", "text": "x"}]},
            {"id": "c1", "type": "claim", "side": "pro", "text": "C1.", "supports": ["rec"], "themes": ["arctic"]},
            {"id": "e1", "type": "evidence", "side": "pro", "text": "E1.", "supports": ["c1"], "by": ["bob"]},
            {"id": "c2", "type": "claim", "side": "pro", "text": "C2.", "supports": ["rec"], "quotes": [{"source": "s2", "text": "y"}]},
            {"id": "o1", "type": "objection", "side": "con", "text": "O1.", "pattern": "cost",
             "attacks": [{"target": "rec", "kind": "undercut"}], "by": ["bob"], "themes": ["trade"]},
            {"id": "b1", "type": "rebuttal", "side": "pro", "text": "B1.", "attacks": ["o1"]},
            {"id": "o2", "type": "objection", "side": "con", "text": "O2.", "attacks": ["c1"]},
            {"id": "island", "type": "claim", "side": "con", "text": "Alone."},
            {"id": "step", "type": "recommendation", "side": "pro", "text": "First, this.", "part_of": ["rec"]},
        ],
    })
    return ArgumentMap.from_document(doc)


def test_neighbours_both_ways(argmap):
    found = {(n.id, n.relation, n.outgoing) for n in neighbours(argmap, "c1")}
    assert found == {("rec", "support", True), ("e1", "support", False), ("o2", "rebut", False)}
    assert [n.id for n in neighbours(argmap, "rec", "down")] == ["c1", "c2", "o1", "step"]
    assert [n.relation for n in neighbours(argmap, "rec", "down")] == ["support", "support", "undercut", "part"]
    assert [(n.id, n.relation, n.outgoing) for n in neighbours(argmap, "step")] == [("rec", "part", True)]
    assert neighbours(argmap, "rec", "up") == []
    assert neighbours(argmap, "island") == []
    with pytest.raises(KeyError):
        neighbours(argmap, "nope")


def test_subgraph_depths(argmap):
    assert subgraph(argmap, "rec", 0) == ["rec"]
    assert subgraph(argmap, "rec", 1) == ["rec", "c1", "c2", "o1", "step"]
    assert subgraph(argmap, "rec", 2) == ["rec", "c1", "e1", "c2", "o1", "b1", "o2", "step"]
    assert subgraph(argmap, "rec", None) == ["rec", "c1", "e1", "c2", "o1", "b1", "o2", "step"]
    assert subgraph(argmap, "island", 5) == ["island"]


def test_subgraph_directions(argmap):
    assert subgraph(argmap, "e1", None, "up") == ["rec", "c1", "e1"]
    assert subgraph(argmap, "c1", 1, "down") == ["c1", "e1", "o2"]
    assert subgraph(argmap, "b1", 1, "up") == ["o1", "b1"]
    # going up from b1 reaches rec through o1's attack
    assert subgraph(argmap, "b1", 2, "up") == ["rec", "o1", "b1"]


def test_subgraph_of_several_foci(argmap):
    assert subgraph(argmap, ["e1", "b1"], 1) == ["c1", "e1", "o1", "b1"]


def test_filters(argmap):
    assert NodeFilter.of(side="con").apply(argmap) == ["o1", "o2", "island"]
    assert NodeFilter.of(type=["objection", "rebuttal"]).apply(argmap) == ["o1", "b1", "o2"]
    assert NodeFilter.of(theme="trade").apply(argmap) == ["rec", "o1"]
    assert NodeFilter.of(actor="bob").apply(argmap) == ["e1", "o1"]
    assert NodeFilter.of(source="s2").apply(argmap) == ["c2"]
    assert NodeFilter.of(pattern="cost").apply(argmap) == ["o1"]
    assert NodeFilter.of(side="con", theme="trade").apply(argmap) == ["o1"]
    assert NodeFilter.of(side=["pro", "con"], type="claim").apply(argmap) == ["c1", "c2", "island"]
    assert NodeFilter.of().empty and NodeFilter.of().apply(argmap) == list(argmap.nodes)
    assert NodeFilter.of(type="recommendation").apply(argmap) == ["rec", "step"]
    assert NodeFilter.of(theme="trade").apply(argmap, ["o1", "b1"]) == ["o1"]


def test_filter_reports_values_that_name_nothing(argmap):
    assert NodeFilter.of(side="pro", theme="fish").unknown_values(argmap) == ["no theme `fish`: known: arctic, trade"]
    assert NodeFilter.of(type="claimm").unknown_values(argmap)[0].startswith("no type `claimm`")
