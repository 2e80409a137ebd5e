"""AIF: argmap → AIF JSON (nodes, edges, locutions), AIF → argmap, and the round trip."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from argmap.interchange.aif import to_aif, to_aif_data
from argmap.interchange.aif_import import import_aif
from argmap.loader import load_map
from argmap.model import Attack, AttackKind, NodeType
from argmap.problems import InputError

from interchange_helpers import CORPUS, FIXTURES, argmap_of, codes, load_import
from strategies import valid_maps


def _types(data):
    return Counter(n["type"] for n in data["nodes"])


def test_export_corpus_map_has_every_node_relation_and_quote():
    data = to_aif_data(load_map(CORPUS / "valid.yaml").map)
    assert _types(data) == {"I": 4, "RA": 1, "CA": 2, "L": 4, "YA": 4}
    assert len(data["edges"]) == 2 + 4 + 8
    ids = {n["nodeID"]: n for n in data["nodes"]}
    assert all(e["fromID"] in ids and e["toID"] in ids and e["formEdgeID"] is None for e in data["edges"])
    i_nodes = [n for n in data["nodes"] if n["type"] == "I"]
    assert [n["argmap"]["id"] for n in i_nodes] == ["rec", "why", "obj", "reply"]
    assert [n["argmap"]["type"] for n in i_nodes] == ["recommendation", "claim", "objection", "rebuttal"]
    assert i_nodes[0]["text"] == "We should trade more with our neighbours."
    # the RA leads from `why` to `rec`
    ra = next(n["nodeID"] for n in data["nodes"] if n["type"] == "RA")
    assert {(e["fromID"], e["toID"]) for e in data["edges"] if ra in (e["fromID"], e["toID"])} == {("2", ra), (ra, "1")}
    # quotes are locutions of Ann Author, who asserts each node
    l_nodes = [n for n in data["nodes"] if n["type"] == "L"]
    assert l_nodes[0]["text"] == "Ann Author : We should trade more with our neighbours."
    assert data["participants"] == [{"participantID": "1", "firstname": "Ann", "surname": "Author", "argmap": {"id": "ann"}}]
    assert [loc["personID"] for loc in data["locutions"]] == ["1"] * 4
    assert data["argmap"]["map"]["id"] == "corpus" and data["argmap"]["format"] == "argmap-aif/1"
    json.loads(to_aif(load_map(CORPUS / "valid.yaml").map))  # and the text is JSON


def _with_attack(kind: AttackKind, target: str):
    doc = load_map(CORPUS / "valid.yaml").map.to_document()
    nodes = [n.model_copy(update={"attacks": [Attack(target=target, kind=kind)]}) if n.id == "obj" else n for n in doc.nodes]
    return argmap_of(doc.model_copy(update={"nodes": nodes}))


def test_undercut_of_a_supported_node_aims_at_its_inference():
    data = to_aif_data(_with_attack(AttackKind.UNDERCUT, "rec"))
    kinds = {n["nodeID"]: n["type"] for n in data["nodes"]}
    ca = next(i for i, k in kinds.items() if k == "CA")
    (target,) = [e["toID"] for e in data["edges"] if e["fromID"] == ca]
    assert kinds[target] == "RA"
    assert next(n for n in data["nodes"] if n["nodeID"] == ca)["argmap"] == {"kind": "undercut"}


def test_undercut_of_an_unsupported_node_and_undermine_aim_at_the_node():
    for kind, target in ((AttackKind.UNDERCUT, "why"), (AttackKind.UNDERMINE, "rec")):
        data = to_aif_data(_with_attack(kind, target))
        ca = next(n for n in data["nodes"] if n["type"] == "CA")
        (to,) = [e["toID"] for e in data["edges"] if e["fromID"] == ca["nodeID"]]
        assert next(n for n in data["nodes"] if n["nodeID"] == to)["argmap"]["id"] == target
        assert ca["argmap"] == {"kind": kind.value}


def test_import_dialogue_fixture(tmp_path):
    result = import_aif(FIXTURES / "aif" / "dialogue.json")
    n = {node.id: node for node in result.doc.nodes}
    assert list(n) == [f"aif-{i}" for i in range(10, 21)]
    assert n["aif-11"].supports == ["aif-10"] and n["aif-20"].supports == ["aif-10"]
    assert n["aif-12"].supports == ["aif-11"] and n["aif-17"].supports == ["aif-11"]
    assert "scheme «Argument From Example» (AIF RA node 31)" in n["aif-12"].note
    assert n["aif-13"].attacks == [Attack(target="aif-10")]
    assert n["aif-14"].attacks == [Attack(target="aif-13")]
    # the CA aimed at RA 31 undercuts the inference from 12 to 11, not the one from 17 to 11
    assert n["aif-15"].attacks == [Attack(target="aif-11", kind=AttackKind.UNDERCUT, premises=["aif-12"])]
    assert [n[f"aif-{i}"].type for i in (13, 14, 15)] == [NodeType.OBJECTION, NodeType.REBUTTAL, NodeType.OBJECTION]
    assert [n[f"aif-{i}"].side for i in (10, 13, 14, 15)] == ["pro", "con", "pro", "con"]
    assert n["aif-13"].pattern == "conflict-from-consequences"
    assert [p.label for p in result.doc.patterns] == ["Conflict From Consequences"]
    assert "Rephrases AIF node 10 (AIF MA node 50" in n["aif-16"].note and not n["aif-16"].supports
    # the support cycle 18 <-> 19: the one given last (19 → 18) goes
    assert n["aif-18"].supports == ["aif-19"] and n["aif-19"].supports == []
    assert n["aif-17"].text == "(empty)"
    assert n["aif-19"].text == "Staff who work better are happier — Wohlbefinden steigt. 🚀"
    # speakers hold what they assert; their words go, attributed, into the note (prefix removed)
    assert [a.name for a in result.doc.actors] == ["Anna Berg", "Tom Okafor"]
    assert n["aif-10"].by == ["anna-berg"] and n["aif-13"].by == ["tom-okafor"] and n["aif-15"].by == ["tom-okafor"]
    assert "«In the UK pilot, small firms saw no extra costs.»" in n["aif-14"].note
    assert "Said by Tom Okafor (AIF locution" in n["aif-13"].note
    assert "«shorter weeks raise costs for small firms»" in n["aif-13"].note
    assert "«" not in n["aif-15"].note  # "..." has no words
    # no imported node has a quote: there is no source document to verify one against
    assert not any(node.quotes for node in n.values()) and result.doc.sources == []
    assert any("2 TA-nodes, 1 YA-node" in w for w in result.warnings)
    assert any("closes a cycle of support" in w for w in result.warnings)
    loaded = load_import(result, tmp_path)
    assert loaded.ok, [str(p) for p in loaded.errors]
    assert loaded.map.spans == {}
    assert "AM501" in codes(loaded) and codes(loaded) <= {"AM501", "AM502", "AM305"}


def test_import_ova3_file_with_scheme_keys(tmp_path):
    result = import_aif(FIXTURES / "aif" / "ova3.json")
    n = {node.id: node for node in result.doc.nodes}
    assert list(n) == ["aif-1", "aif-2", "aif-4"]
    assert n["aif-2"].supports == ["aif-1"]
    assert "«Argument From Expert Opinion»" in n["aif-2"].note
    assert n["aif-4"].attacks == [Attack(target="aif-2")] and n["aif-4"].pattern is None  # scheme "71" is OVA's number
    assert load_import(result, tmp_path).ok


def test_speakers_from_the_locution_prefix_when_there_are_no_participants(tmp_path):
    path = tmp_path / "moral-maze.json"
    path.write_text(json.dumps({"nodes": [
        {"nodeID": "1", "text": "Prisons should educate.", "type": "I"},
        {"nodeID": "2", "text": "Claire Fox : prisons should educate", "type": "L"},
        {"nodeID": "3", "text": "Asserting", "type": "YA"},
        {"nodeID": "4", "text": "Note : no speaker here, just a colon", "type": "L"},
        {"nodeID": "5", "text": "a note", "type": "L"},
    ], "edges": [{"fromID": "2", "toID": "3"}, {"fromID": "3", "toID": "1"}], "locutions": [{"nodeID": "5", "personID": "9"}]}))
    result = import_aif(path)
    node = result.doc.nodes[0]
    assert node.by == ["claire-fox"] and "«prisons should educate»" in node.note and node.quotes == []
    assert [a.name for a in result.doc.actors] == ["Claire Fox"]  # speakers who assert nothing are not kept
    assert load_import(result, tmp_path).ok


def _same_relations(node):
    return node.supports, [(a.target, a.kind) for a in node.attack_list]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_maps())
def test_round_trip_map_aif_map_keeps_nodes_types_and_relations(doc):
    argmap = argmap_of(doc)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.aif.json"
        path.write_text(to_aif(argmap), encoding="utf-8")
        result = import_aif(path)
        back = result.doc
        assert back.map == doc.map
        assert [n.id for n in back.nodes] == [n.id for n in doc.nodes]
        for before, after in zip(doc.nodes, back.nodes):
            assert (after.type, after.side, after.text, after.title) == (before.type, before.side, before.text, before.title)
            assert (after.by, after.themes, after.pattern) == (before.by, before.themes, before.pattern)
            assert _same_relations(after) == _same_relations(before)
            # the quotes' words come back in the note (there are no sources to verify them against)
            assert after.quotes == [] and all(f"«{q.text}»" in after.note for q in before.quotes)
        assert back.sides == doc.sides and back.themes == doc.themes and back.patterns == doc.patterns
        assert result.warnings == []
        loaded = load_import(result, Path(tmp) / "out")
        # valid; warnings only for what an import cannot bring: verified quotes, and vocabulary
        assert loaded.ok and {p.code for p in loaded.problems} <= {"AM501", "AM504"}, [str(p) for p in loaded.problems]


MALFORMED = [
    (b"", None, "is empty"),
    (b'{"nodes": [', "line 1, column 12", "is not valid JSON"),
    (b"[1, 2]", None, "its top level is a list"),
    (b'{"edges": []}', "nodes", "is missing"),
    (b'{"nodes": {}, "edges": []}', "nodes", "must be a list, not an object"),
    (b'{"nodes": [1], "edges": []}', "nodes[0]", "must be an object, not a number"),
    (b'{"nodes": [{"text": "a", "type": "I"}], "edges": []}', "nodes[0].nodeID", "is missing"),
    (b'{"nodes": [{"nodeID": true, "type": "I"}], "edges": []}', "nodes[0].nodeID", "must be text or a whole number"),
    (b'{"nodes": [{"nodeID": "1", "type": "I"}, {"nodeID": 1, "type": "I"}], "edges": []}', "nodes[1].nodeID",
     "`1` is also the nodeID of nodes[0]"),
    (b'{"nodes": [{"nodeID": "1", "text": "a"}], "edges": []}', "nodes[0].type", "is missing"),
    (b'{"nodes": [{"nodeID": "1", "text": 5, "type": "I"}], "edges": []}', "nodes[0].text", "must be text, not a number"),
    (b'{"nodes": [{"nodeID": "1", "type": "I"}, {"nodeID": "2", "type": "RA"}], "edges": ['
     b'{"fromID": "1", "toID": "2"}, {"fromID": "2", "toID": "1"}, {"fromID": "1", "toID": "2"}, {"fromID": "1", "toID": "99"}]}',
     "edges[3].toID", "no node has nodeID `99`"),
    (b'{"nodes": [{"nodeID": "1", "type": "I"}], "edges": [{"toID": "1"}]}', "edges[0].fromID", "is missing"),
    (b'{"nodes": [{"nodeID": "1", "type": "I"}], "edges": [], "locutions": [{"nodeID": "7", "personID": "1"}]}',
     "locutions[0].nodeID", "no node has nodeID `7`"),
    (b'{"nodes": [{"nodeID": "1", "type": "RA"}], "edges": []}', "nodes", "holds no I-nodes"),
    (b'{"AIF": {"nodes": 5}, "OVA": {}}', "AIF.nodes", "must be a list, not a number"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "line 3", "is a binary file"),
    (b'{"nodes": [{"nodeID": "1", "type": "I",\n "text": "caf\xe9"}], "edges": []}', "line 2", "is not UTF-8 text"),
    ("{}".encode("utf-16"), "line 1", "is UTF-16 text"),
]


@pytest.mark.parametrize("content, place, message", MALFORMED, ids=[m[2][:30] for m in MALFORMED])
def test_malformed_aif_names_the_file_the_place_and_the_fault(tmp_path, content, place, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        import_aif(path)
    text = info.value.message
    assert text.startswith(str(path) + ": ") or text.startswith("bad.json: ")
    if place:
        assert f": {place}: " in text or f": line {place.split()[-1]}: " in text, text
    assert message in text
    assert info.value.exit_code == 1


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        import_aif(tmp_path / "nope.json")
    with pytest.raises(InputError, match="is a folder"):
        import_aif(tmp_path)


def test_an_undercut_of_one_inference_stays_on_that_inference(tmp_path):
    # AIF → argmap → AIF: the CA aimed at RA 31 (12 → 11) must not spread to RA 32 (17 → 11)
    first = import_aif(FIXTURES / "aif" / "dialogue.json")
    argmap = load_import(first, tmp_path / "a").map
    data = to_aif_data(argmap)
    kinds = {n["nodeID"]: n for n in data["nodes"]}
    i_of = {n["argmap"]["id"]: n["nodeID"] for n in data["nodes"] if n["type"] == "I"}
    cas = [n["nodeID"] for n in data["nodes"] if n["type"] == "CA"
           and any(e["fromID"] == i_of["aif-15"] and e["toID"] == n["nodeID"] for e in data["edges"])]
    hit = [e["toID"] for e in data["edges"] if e["fromID"] in cas]
    assert [kinds[ra]["type"] for ra in hit] == ["RA"]
    (premise,) = [e["fromID"] for e in data["edges"] if e["toID"] == hit[0] and kinds[e["fromID"]]["type"] == "I"]
    assert premise == i_of["aif-12"]
    # and a plain undercut (every inference) comes back plain
    path = tmp_path / "again.json"
    path.write_text(to_aif(argmap), encoding="utf-8")
    again = {n.id: n for n in import_aif(path).doc.nodes}
    assert again["aif-15"].attacks == [Attack(target="aif-11", kind=AttackKind.UNDERCUT, premises=["aif-12"])]


def test_undercut_premises_that_do_not_support_the_target_are_errors(tmp_path):
    doc = load_map(CORPUS / "valid.yaml").map.to_document()
    nodes = [n.model_copy(update={"attacks": [Attack(target="rec", kind=AttackKind.UNDERCUT, premises=["reply"])]})
             if n.id == "obj" else n for n in doc.nodes]
    from argmap.dump import dump_map
    (tmp_path / "argmap.toml").write_text('maps = "."\n')
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "speech.txt").write_bytes((CORPUS / "sources" / "speech.txt").read_bytes())
    (tmp_path / "m.yaml").write_text(dump_map(doc.model_copy(update={"nodes": nodes})), encoding="utf-8")
    result = load_map(tmp_path / "m.yaml")
    assert [p.code for p in result.errors] == ["AM309"]
    nodes = [n.model_copy(update={"attacks": [Attack(target="rec", premises=["why"])]}) if n.id == "obj" else n for n in doc.nodes]
    (tmp_path / "m.yaml").write_text(dump_map(doc.model_copy(update={"nodes": nodes})), encoding="utf-8")
    assert [p.code for p in load_map(tmp_path / "m.yaml").errors] == ["AM308"]
