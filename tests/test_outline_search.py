"""The outline (top nodes, children, groups, entry at a line) and fuzzy search, on small maps."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.loader import load_map
from argmap.core import ArgumentMap
from argmap.model import MapFile
from argmap.outline import children, entry_at, groups, path_to, top_nodes
from argmap.search import SearchIndex, search

from bigmap import big_map
from test_graph import argmap  # noqa: F401  (the fixture)

CORPUS = Path(__file__).resolve().parent / "corpus"


def test_top_nodes_are_recommendations_then_loose_nodes(argmap):  # noqa: F811
    assert top_nodes(argmap) == ["rec", "island"]


def test_attack_cycles_get_a_root_so_every_node_is_in_the_tree():
    doc = MapFile.model_validate({
        "map": {"id": "c", "title": "C", "question": "Q?"},
        "sides": [{"id": "pro", "label": "Pro", "colour": "#000000"}],
        "nodes": [
            {"id": "rec", "type": "recommendation", "side": "pro", "text": "R."},
            {"id": "a", "type": "objection", "side": "pro", "text": "A.", "attacks": ["b"]},
            {"id": "b", "type": "objection", "side": "pro", "text": "B.", "attacks": ["a"]},
        ],
    })
    m = ArgumentMap.from_document(doc)
    assert top_nodes(m) == ["rec", "a"]
    assert path_to(m, "b") == ["a", "b"]


def test_path_to_walks_up_to_a_root(argmap):  # noqa: F811
    assert path_to(argmap, "step") == ["rec", "step"]  # a part of a recommendation hangs below it
    assert path_to(argmap, "b1") == ["rec", "o1", "b1"]
    assert path_to(argmap, "e1") == ["rec", "c1", "e1"]
    assert path_to(argmap, "rec") == ["rec"]
    assert path_to(argmap, "island") == ["island"]


def test_children_are_supports_then_attacks(argmap):  # noqa: F811
    assert [(c.id, c.relation) for c in children(argmap, "rec")] == [
        ("c1", "support"), ("c2", "support"), ("o1", "undercut"), ("step", "part")]
    assert children(argmap, "island") == []


def test_groups_by_each_grouping(argmap):  # noqa: F811
    by_side = {g.key: g.ids for g in groups(argmap, "side")}
    assert by_side == {"pro": ("rec", "c1", "e1", "c2", "b1", "step"), "con": ("o1", "o2", "island")}
    by_theme = groups(argmap, "theme")
    assert [(g.key, g.ids) for g in by_theme] == [
        ("trade", ("rec", "o1")), ("arctic", ("c1",)), (None, ("e1", "c2", "b1", "o2", "island", "step"))]
    assert by_theme[-1].label == "(no theme)"
    assert {g.key: g.ids for g in groups(argmap, "actor")} == {"ann": ("rec",), "bob": ("e1", "o1"), None: ("c1", "c2", "b1", "o2", "island", "step")}
    assert {g.key: g.ids for g in groups(argmap, "source")}["s2"] == ("c2",)
    # Pattern groups hold objections only.
    assert {g.key: g.ids for g in groups(argmap, "pattern")} == {"cost": ("o1",), None: ("o2",)}
    # Restricted to some nodes; labels come from the map.
    assert [(g.label, g.ids) for g in groups(argmap, "side", ["o2", "c1"])] == [("Pro", ("c1",)), ("Con", ("o2",))]
    with pytest.raises(ValueError):
        groups(argmap, "colour")


def test_entry_at_finds_the_node_written_at_a_line():
    result = load_map(CORPUS / "valid.yaml")
    m = result.map
    line = m.origin("nodes", "obj").line
    assert entry_at(m, m.origin("nodes", "obj").display, line) == ("nodes", "obj")
    assert entry_at(m, m.origin("nodes", "obj").display, line + 3) == ("nodes", "obj")
    assert entry_at(m, m.origin("nodes", "obj").display, None) == ("nodes", "rec")
    assert entry_at(m, m.origin("nodes", "obj").display, 1) is None
    assert entry_at(m, "elsewhere.yaml", 10) is None


def test_search_finds_ids_titles_texts_and_quotes(argmap):  # noqa: F811
    m = load_map(CORPUS / "valid.yaml").map
    index = SearchIndex(m)
    assert index.search("obj")[0].node_id == "obj"
    assert index.search("obj")[0].field == "id"
    hit = index.search("costs small")[0]
    assert hit.node_id == "reply"
    quote = index.search("at home and abroad")[0]
    assert (quote.node_id, quote.field, quote.quote) == ("why", "quote", 0)
    # Fuzzy: a typo still finds the text.
    assert index.search("neighbors")[0].node_id == "rec"
    assert index.search("") == []
    assert index.search("zzzzqqqq") == []
    # One hit per node, best first.
    hits = search(m, "trade")
    assert len({h.node_id for h in hits}) == len(hits)
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_search_on_a_big_map():
    m = big_map(2_000)
    hits = SearchIndex(m).search("rec-1000", limit=5)
    assert hits[0].node_id == "rec-1000" and hits[0].score == 100
    assert len(hits) <= 5


def test_citations():
    from argmap.cite import citation, quote_with_citation

    m = load_map(CORPUS / "valid.yaml").map
    assert citation(m, "speech") == "Ann Author, \u201cRemarks to the Chamber of Commerce\u201d"
    text = quote_with_citation(m, "obj", 0)
    assert text.startswith("\u201cSome say it costs too much.\u201d \u2014 Ann Author, \u201cRemarks")
    assert text.endswith(f"(line {m.quote_span('obj', 0).line})")
    assert citation(m, "unknown") == "unknown"


def test_citation_style_is_the_briefings():
    from argmap.cite import cited_title, join_names

    assert [join_names(n) for n in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == ["", "A", "A and B", "A, B and C"]
    assert cited_title("Trams") == "\u201cTrams\u201d"
    assert cited_title("[Report on trams]") == "[Report on trams]"  # supplied by the curator: as written


def test_search_does_not_pad_real_matches_with_near_misses():
    from pathlib import Path

    from argmap.loader import load_map

    bundled = load_map(Path(__file__).resolve().parent.parent / "arguments" / "canada-russia").map
    index = SearchIndex(bundled)
    hits = index.search("kleptocr")
    assert hits and hits[0].node_id == "gm-kolga-kleptocracy"
    assert "vk-pace-skeptics" not in [h.node_id for h in hits]
    # a typo still finds its node
    assert index.search("kleptocrasy")[0].node_id == "gm-kolga-kleptocracy"
    assert index.search("Lavrov")[0].field in ("id", "title", "text", "quote")
