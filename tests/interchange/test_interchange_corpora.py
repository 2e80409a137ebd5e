"""Real files written by others (AIFdb, the DialAM-2024 shared task on QT30, SADFace, arg-microtexts):
each imports, validates, and has the node and relation counts of the source file, counted both from
the file itself and by the peer library arguebuf."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from argmap.interchange.aif_import import import_aif
from argmap.interchange.microtexts import import_microtexts
from argmap.interchange.sadface import import_sadface
from argmap.model import AttackKind, NodeType
from argmap.problems import InputError

from interchange_helpers import FIXTURES, codes, load_import

ag = pytest.importorskip("arguebuf", reason="arguebuf (a test dependency) counts the peer library's nodes and edges")

AIF = [FIXTURES / "aif" / "aifdb-6064.json", FIXTURES / "aif" / "dialam-2024-test_map10.json"]
MICROTEXTS = sorted((FIXTURES / "microtexts").glob("*.xml"))


def _relations(doc) -> int:
    return sum(len(n.supports) + len(n.attacks) for n in doc.nodes)


def _peer_counts(graph) -> tuple[int, int]:
    """arguebuf's atom nodes, and its premise → conclusion pairs through scheme nodes other than
    rephrases and preferences (argmap's relations). arguebuf 2.7 leaves SADFace's `conflict` without
    a scheme type, so schemes are counted by what they are not."""
    pairs = 0
    for scheme in graph.scheme_nodes.values():
        if type(scheme.scheme).__name__ not in ("Rephrase", "Preference"):
            premises = [n for n in graph.incoming_nodes(scheme) if n.id in graph.atom_nodes]
            pairs += len(premises) * len(graph.outgoing_nodes(scheme))
    return len(graph.atom_nodes), pairs


@pytest.mark.parametrize("path", AIF, ids=lambda p: p.name)
def test_aif_corpora_import_with_the_counts_of_the_file(tmp_path, path):
    data = json.loads(path.read_text(encoding="utf-8"))
    types = Counter(n["type"] for n in data["nodes"])
    result = import_aif(path)
    assert len(result.doc.nodes) == types["I"]
    assert (len(result.doc.nodes), _relations(result.doc)) == _peer_counts(ag.load.file(path))
    loaded = load_import(result, tmp_path)
    assert loaded.ok and codes(loaded) <= {"AM501", "AM502", "AM305"}


def test_qt30_speakers_are_read_from_name_colon_words(tmp_path):
    # DialAM-2024 (QT30) writes locutions `David Davies: words`, with a personID and no participants
    result = import_aif(FIXTURES / "aif" / "dialam-2024-test_map10.json")
    assert [a.name for a in result.doc.actors] == ["David Davies"]
    n = {node.id: node for node in result.doc.nodes}
    node = n["aif-2_168141153402989746"]
    assert node.by == ["david-davies"]
    assert "Said by David Davies (AIF locution 3_168141153402989746): «right here in Wales, you’ve left us" in node.note


def test_aifdb_speakers_with_the_iat_prefix(tmp_path):
    result = import_aif(FIXTURES / "aif" / "aifdb-6064.json")
    assert sorted(a.name for a in result.doc.actors) == ["CL", "NL"]
    assert all(node.by for node in result.doc.nodes)


def test_sadface_example_imports_with_the_counts_of_the_file(tmp_path):
    path = FIXTURES / "sadface" / "hangback.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    result = import_sadface(path)
    atoms = [n for n in data["nodes"] if n["type"] == "atom"]
    assert len(result.doc.nodes) == len(atoms) == 4
    assert (len(result.doc.nodes), _relations(result.doc)) == _peer_counts(ag.load.sadface(data)) == (4, 3)
    n = {node.id.removeprefix("s-")[:8]: node for node in result.doc.nodes}
    assert n["51775eb3"].type is NodeType.OBJECTION and n["51775eb3"].attacks[0].target == "s-f129934f-53d2-49f6-8feb-9afaff9aabcf"
    assert result.doc.map.title == "Hangback Example" and "Simon Wells" in result.doc.map.summary
    loaded = load_import(result, tmp_path)
    assert loaded.ok and codes(loaded) <= {"AM501", "AM502", "AM305"}


@pytest.mark.parametrize("path", MICROTEXTS, ids=lambda p: p.name)
def test_microtexts_import_with_the_counts_of_the_file(tmp_path, path):
    root = ET.parse(path).getroot()
    result = import_microtexts(path)
    relations = [e for e in root.iter("edge") if e.get("type") != "seg"]
    assert len(result.doc.nodes) == len(root.findall("adu"))
    assert _relations(result.doc) == len(relations)
    with path.open("rb") as fh:
        assert (len(result.doc.nodes), _relations(result.doc)) == _peer_counts(ag.load.microtexts(fh))
    assert result.warnings == []
    loaded = load_import(result, tmp_path)
    assert loaded.ok and codes(loaded) <= {"AM501", "AM502", "AM305"}


def test_microtexts_relations():
    n = {node.id: node for node in import_microtexts(FIXTURES / "microtexts" / "micro_b001.xml").doc.nodes}
    assert n["a1"].text == "Yes, it's annoying and cumbersome to separate your rubbish properly all the time."
    assert (n["a1"].side, n["a5"].side) == ("con", "pro")  # opp / pro
    assert n["a2"].supports == ["a1"] and [a.target for a in n["a1"].attacks] == ["a5"]
    # a3 undercuts the attack c1 (a1 → a5); a4 adds to that undercut: both answer a1
    assert [a.target for a in n["a3"].attacks] == ["a1"] == [a.target for a in n["a4"].attacks]
    assert "undercuts the attack of `a1` on `a5`" in n["a3"].note
    # an undercut of a support keeps the inference it hits
    m = {node.id: node for node in import_microtexts(FIXTURES / "microtexts" / "micro_b005.xml").doc.nodes}
    (cut,) = [a for node in m.values() for a in node.attack_list if a.kind is AttackKind.UNDERCUT]
    assert len(cut.premises) == 1 and cut.target in m[cut.premises[0]].supports


@pytest.mark.parametrize("content, message", [
    ("<arggraph id='x'><adu id='a1' type='pro'/><edge id='c1' src='e9' trg='a1' type='seg'/></arggraph>",
     "segments `e9` into `a1`, which is not a unit"),
    ("<arggraph id='x'><adu id='a1' type='pro'/><edge id='c1' src='a1' trg='a7' type='sup'/></arggraph>",
     "leads to `a7`, which is not an `<adu>`"),
    ("<arggraph id='x'><edu id='e1'>t</edu>", "is not well-formed XML"),
    ("<?xml version='1.0'?><!DOCTYPE a [<!ENTITY x 'y'>]><arggraph/>", "declares XML entities"),
    ("<graph/>", "root element is `<graph>`"),
    ("<arggraph id='x'/>", "holds no `<adu>`"),
])
def test_malformed_microtexts(tmp_path, content, message):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        import_microtexts(path)


@pytest.mark.parametrize("content, message", [
    ('{"nodes": [], "edges": []}', "holds no atoms"),
    ('{"nodes": [{"id": "1", "type": "atom", "text": "a"}], "edges": [{"source_id": "1", "target_id": "9"}]}',
     r"edges\[0\].target_id: no node has id `9`"),
    ('{"nodes": [{"id": "1", "type": "blob"}], "edges": []}', "a SADFace node is an `atom` or a `scheme`"),
    ('[]', "not an object"),
])
def test_malformed_sadface(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        import_sadface(path)


def _aif_counts(data: dict) -> tuple:
    data = data.get("AIF", data)
    return (Counter(n["type"] for n in data["nodes"]), len(data["edges"]), len(data.get("locutions", [])),
            len(data.get("participants", [])))


@pytest.mark.parametrize("path", AIF, ids=lambda p: p.name)
def test_aif_to_argmap_to_aif_keeps_every_node_and_edge(tmp_path, path):
    from argmap.interchange.aif import to_aif

    result = import_aif(path)
    loaded = load_import(result, tmp_path / "map")  # through the YAML file, as `argmap import` writes it
    assert loaded.ok and loaded.map.dialogue is not None
    back = tmp_path / "back.json"
    back.write_text(to_aif(loaded.map), encoding="utf-8")
    before, after = json.loads(path.read_text(encoding="utf-8")), json.loads(back.read_text(encoding="utf-8"))
    assert _aif_counts(after) == _aif_counts(before)
    # the same nodeIDs, texts, timestamps and schemes for everything but the I-nodes' argmap data
    strip = lambda data: sorted((n["nodeID"], n["text"], n["type"], n.get("timestamp"), n.get("scheme"))  # noqa: E731
                                for n in data.get("AIF", data)["nodes"])
    assert strip(after) == strip(before)
    assert sorted((e["fromID"], e["toID"]) for e in after["edges"]) == sorted((e["fromID"], e["toID"]) for e in before["edges"])
    peer_before, peer_after = ag.load.file(path), ag.load.file(back)
    for graph in (peer_before, peer_after):
        assert graph.atom_nodes
    assert (len(peer_after.atom_nodes), len(peer_after.scheme_nodes), len(peer_after.edges), len(peer_after.participants)) == \
        (len(peer_before.atom_nodes), len(peer_before.scheme_nodes), len(peer_before.edges), len(peer_before.participants))
    assert sorted(type(s.scheme).__name__ for s in peer_after.scheme_nodes.values()) == \
        sorted(type(s.scheme).__name__ for s in peer_before.scheme_nodes.values())


def test_questions_are_marked_and_the_dialogue_layer_is_counted_in_a_warning():
    result = import_aif(FIXTURES / "aif" / "dialam-2024-test_map10.json")
    (warning,) = result.warnings
    assert "11 L-nodes, 11 TA-nodes, 16 YA-nodes are dialogue structure" in warning and "kept in the map's `dialogue:`" in warning
    kinds = Counter(n.type for n in result.doc.dialogue.nodes)
    assert kinds == {"L": 22, "YA": 27, "TA": 11, "MA": 3, "RA": 2}
    assert {p.node for p in result.doc.dialogue.propositions} == {n.id for n in result.doc.nodes}


def test_preferences_and_unattached_locutions_are_kept(tmp_path):
    from argmap.interchange.aif import to_aif_data

    path = tmp_path / "pa.json"
    path.write_text(json.dumps({"nodes": [
        {"nodeID": "1", "text": "Taxes should fall", "type": "I"},
        {"nodeID": "2", "text": "Taxes should rise", "type": "I"},
        {"nodeID": "3", "text": "Default Preference", "type": "PA", "timestamp": "2020-01-01 10:00:00"},
        {"nodeID": "4", "text": "Ann Berg: hello everyone", "type": "L"},
    ], "edges": [{"edgeID": "9", "fromID": "1", "toID": "3"}, {"edgeID": "10", "fromID": "3", "toID": "2"}]}), encoding="utf-8")
    result = import_aif(path)
    assert "1 L-node, 1 PA-node are dialogue structure" in result.warnings[0]
    loaded = load_import(result, tmp_path / "map")
    data = to_aif_data(loaded.map)
    assert Counter(n["type"] for n in data["nodes"]) == {"I": 2, "PA": 1, "L": 1}
    pa = next(n for n in data["nodes"] if n["type"] == "PA")
    assert pa == {"nodeID": "3", "text": "Default Preference", "type": "PA", "timestamp": "2020-01-01 10:00:00"}
    assert sorted((e["edgeID"], e["fromID"], e["toID"]) for e in data["edges"]) == [("10", "3", "2"), ("9", "1", "3")]


def test_a_relation_curated_away_drops_its_scheme_node_and_a_new_one_gets_its_own(tmp_path):
    from argmap.interchange.aif import to_aif_data

    result = import_aif(FIXTURES / "aif" / "aifdb-6064.json")
    doc = result.doc
    (first, *_) = [n for n in doc.nodes if n.supports]
    other = next(n for n in doc.nodes if n.id != first.id and n.id not in first.supports)
    nodes = [n.model_copy(update={"supports": [other.id]}) if n.id == first.id else n for n in doc.nodes]
    result.doc = doc.model_copy(update={"nodes": nodes})
    loaded = load_import(result, tmp_path / "map")
    data = to_aif_data(loaded.map)
    ras = [n for n in data["nodes"] if n["type"] == "RA"]
    assert len(ras) == 5 and sum(1 for n in ras if n.get("timestamp") is None) == 1  # one kept RA gone, one new
    from argmap.interchange.aif_dialogue import left_out

    (warning,) = left_out(loaded.map)
    assert "no longer bears out 1 RA-node, 3 edges; left out" in warning
    assert left_out(load_import(import_aif(FIXTURES / "aif" / "aifdb-6064.json"), tmp_path / "plain").map) == []
