"""Rendering: golden DOT, determinism, hostile text, focus, Graphviz missing or too slow."""

from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.core import ArgumentMap
from argmap.evaluate import evaluate
from argmap.graph import NodeFilter
from argmap.loader import load_map
from argmap.model import MapFile
from argmap.render import RenderOptions, render_map, select_nodes
from argmap.render.backend import DotNotFound, DotTimeout, run_dot
from argmap.render.dot import DotOptions, clean_text, to_dot

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
GOLDEN = HERE / "golden"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def small() -> ArgumentMap:
    result = load_map(CORPUS / "valid.yaml")
    assert result.ok
    return result.map


def test_golden_dot(small):
    dot = render_map(small, "dot").decode()
    golden = GOLDEN / "valid.dot"
    if os.environ.get("ARGMAP_UPDATE_GOLDEN"):
        golden.write_text(dot, encoding="utf-8")
    assert dot == golden.read_text(encoding="utf-8"), "DOT changed; if on purpose: ARGMAP_UPDATE_GOLDEN=1 pytest tests/test_render.py"


def test_dot_is_deterministic(small):
    assert render_map(small, "dot") == render_map(small, "dot")


def test_dot_is_stable_under_edits_elsewhere(small):
    before = render_map(small, "dot").decode().splitlines()
    doc = small.to_document()
    extra = doc.nodes[1].model_copy(update={"id": "another", "text": "Another reason.", "supports": ["rec"]})
    edited = ArgumentMap.from_document(doc.model_copy(update={"nodes": [*doc.nodes[:1], extra, *doc.nodes[1:]]}))
    edited.spans = dict(small.spans)
    after = render_map(edited, "dot").decode().splitlines()
    assert set(before) <= set(after)
    added = [line for line in after if line not in before]
    assert len(added) == 2 and all("another" in line for line in added)


def test_node_names_are_map_ids_and_labels_typed(small):
    dot = render_map(small, "dot").decode()
    for node_id in small.nodes:
        assert re.search(rf"^\t{node_id} \[label=", dot, re.M)
        assert f"id={node_id}" in dot
    assert 'label="OBJECTION  (out)\\nTrade costs too much."' in dot  # OUT nodes are marked and greyed
    assert "style=\"filled,diagonals\"" in dot


def test_clean_text_escapes_backslashes_and_drops_controls():
    assert clean_text("a\\b") == "a\\\\b"
    assert clean_text("bell\x07 esc\x1b tab\there") == "bell esc tab here"
    assert clean_text("\ufffeok\uffff") == "ok"


def _svg_ids(svg: bytes) -> set[str]:
    root = ET.fromstring(svg)
    return {g.get("id") for g in root.iter(f"{SVG}g") if g.get("class") == "node"}


@pytest.mark.exe("dot")
def test_svg_is_well_formed_and_holds_every_node_id(small):
    svg = render_map(small, "svg")
    ids = _svg_ids(svg)
    assert set(small.nodes) <= ids
    assert not any(i.startswith("_legend") for i in small.nodes)


@pytest.mark.exe("dot")
def test_png_and_pdf(small, tmp_path):
    assert render_map(small, "png").startswith(b"\x89PNG\r\n\x1a\n")
    assert render_map(small, "pdf").startswith(b"%PDF")


TOKENS = list('"\\{}<>[]|;:=,-&#%\'`\n\r\t\x07\x1b\u202e') + [
    "<b>", "</table>", "\\n", "\\l", "\\N", '"]', "<<x>>", "javascript:alert(1)", "subgraph", "->", "--", "\\", "<", ">"]
hostile = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=30,
).map("".join).map(lambda s: s if s.strip() else s + "x")


def _hostile_map(texts: list[str]) -> ArgumentMap:
    nodes = [{"id": "rec", "type": "recommendation", "side": "pro", "text": texts[0], "title": texts[1][:100], "by": ["ann"]}]
    for i, text in enumerate(texts[2:]):
        nodes.append({"id": f"n{i}", "type": ["claim", "evidence", "objection"][i % 3], "side": "pro", "text": text,
                      "by": ["ann"], **({"attacks": ["rec"]} if i % 3 == 2 else {"supports": ["rec"]})})
    doc = MapFile.model_validate({
        "map": {"id": "hostile", "title": texts[-1], "question": texts[0]},
        "sides": [{"id": "pro", "label": texts[1], "colour": "#123456"}],
        "actors": [{"id": "ann", "name": texts[-1]}],
        "nodes": nodes,
    })
    return ArgumentMap.from_document(doc)


@pytest.mark.exe("dot")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile, min_size=4, max_size=10))
def test_hostile_text_never_breaks_the_dot_or_the_svg(texts):
    argmap = _hostile_map(texts)
    svg = render_map(argmap, "svg", RenderOptions(group_by="side"))
    root = ET.fromstring(svg)  # well-formed XML
    ids = [g.get("id") for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
    # exactly the map's nodes and the key's nineteen: no text added a node or renamed one
    assert sorted(i for i in ids if not i.startswith("_legend")) == sorted(argmap.nodes)
    assert sum(i.startswith("_legend") for i in ids) == 19
    edges = [g.get("id") for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert len([e for e in edges if not e.startswith("_legend")]) == len(list(argmap.edges()))
    # tooltips come as <a xlink:title>; none may carry a link
    for element in root.iter():
        assert not any(key.endswith("href") for key in element.attrib), "no link may come from map text"
    assert not list(root.iter(f"{SVG}script"))


def test_focus_selects_exactly_the_subgraph(small):
    assert select_nodes(small, RenderOptions(focus="obj", depth=1)) == ["rec", "obj", "reply"]
    assert select_nodes(small, RenderOptions(focus="obj", depth=0)) == ["obj"]
    assert select_nodes(small, RenderOptions(focus="reply", depth=1, direction="up")) == ["obj", "reply"]
    assert select_nodes(small, RenderOptions(focus="obj", depth=1, filter=NodeFilter.of(side="pro"))) == ["rec", "obj", "reply"][0:1] + ["obj", "reply"]
    dot = render_map(small, "dot", RenderOptions(focus="obj", depth=1)).decode()
    drawn = set(re.findall(r"^\t(\w+) \[label=", dot, re.M))
    assert drawn == {"rec", "obj", "reply"}
    assert "why" not in drawn and "why -> rec" not in dot


def test_focus_on_an_unknown_node_is_a_usage_error(small):
    from argmap.problems import UsageError

    with pytest.raises(UsageError, match="no node `rek`") as info:
        select_nodes(small, RenderOptions(focus="rek"))
    assert info.value.hint == "did you mean `rec`?"


def test_filters_keep_relations_among_the_kept(small):
    options = RenderOptions(filter=NodeFilter.of(type=["recommendation", "objection"]))
    dot = render_map(small, "dot", options).decode()
    assert "obj -> rec" in dot and "why" not in dot


def test_missing_dot_says_how_to_install(monkeypatch):
    monkeypatch.delenv("ARGMAP_DOT", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(DotNotFound) as info:
        run_dot("digraph { a }", "svg")
    assert "apt-get install graphviz" in info.value.hint


def test_slow_dot_times_out_with_advice(tmp_path, monkeypatch):
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\nexec sleep 30\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("ARGMAP_DOT", str(fake))
    with pytest.raises(DotTimeout) as info:
        run_dot("digraph { a }", "svg", timeout=0.5)
    assert "--focus" in info.value.hint


def test_group_by_side_makes_clusters(small):
    dot = render_map(small, "dot", RenderOptions(group_by="side")).decode()
    assert "subgraph cluster_con {" in dot and "subgraph cluster_pro {" in dot
    assert to_dot(small, evaluate(small), DotOptions(group_by="theme", legend=False)).count("subgraph cluster_") == 1


@pytest.mark.exe("dot")
def test_bundled_map_renders_whole(tmp_path):
    result = load_map(HERE.parent / "arguments" / "canada-russia")
    assert result.map is not None
    svg = render_map(result.map, "svg")
    assert set(result.map.nodes) <= _svg_ids(svg)


def test_part_of_is_drawn_as_a_structural_link():
    result = load_map(CORPUS / "part-of.yaml")
    dot = render_map(result.map, "dot").decode()
    assert "step -> rec [arrowhead=empty color=\"#8c8c8c\" id=\"step--part--rec\" penwidth=1.0 style=dashed" in dot
