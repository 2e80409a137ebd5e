"""The bundled map and the verdict fields through AIF and Argdown and back: nothing argmap states is lost."""

from __future__ import annotations

import subprocess

import pytest

from argmap.interchange.aif import to_aif
from argmap.interchange.aif_import import import_aif
from argmap.interchange.argdown import to_argdown
from argmap.interchange.argdown_json import import_argdown_json
from argmap.loader import load_map
from argmap.model import Attack, AttackKind, AttackScope, AttackStrength, Node, NodeType, Weight

from conftest import BUNDLED, find_program
from interchange_helpers import CORPUS, argmap_of, load_import


def _facts(nodes):
    """Every node's id, type, side, parts, weight, supports and attacks (kind, strength, scope, premises)."""
    return {n.id: (n.type, n.side, list(n.part_of), n.weight, list(n.supports),
                   [(a.target, a.kind, a.strength, a.scope, a.premises) for a in n.attack_list]) for n in nodes}


def _bundled():
    result = load_map(BUNDLED)
    if not result.ok:
        pytest.skip(f"the bundled map does not validate right now ({len(result.errors)} errors); it is being curated")
    return result.map


def _through_argdown(argmap, tmp_path):
    (tmp_path / "map.argdown").write_text(to_argdown(argmap), encoding="utf-8")
    proc = subprocess.run([find_program("argdown"), "json", str(tmp_path / "map.argdown"), str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return import_argdown_json(tmp_path / "map.json")


def _through_aif(argmap, tmp_path):
    (tmp_path / "map.json").write_text(to_aif(argmap), encoding="utf-8")
    return import_aif(tmp_path / "map.json")


def test_bundled_map_through_aif_keeps_every_part_type_side_and_relation(tmp_path):
    argmap = _bundled()
    assert sum(len(n.part_of) for n in argmap.nodes.values()) >= 28
    result = _through_aif(argmap, tmp_path)
    assert result.warnings == []
    assert _facts(result.doc.nodes) == _facts(argmap.nodes.values())
    assert load_import(result, tmp_path / "out").ok


@pytest.mark.exe("argdown")
def test_bundled_map_through_argdown_keeps_every_part_type_side_and_relation(tmp_path):
    argmap = _bundled()
    result = _through_argdown(argmap, tmp_path)
    assert result.warnings == []
    assert _facts(result.doc.nodes) == _facts(argmap.nodes.values())
    assert load_import(result, tmp_path / "out").ok


def _with_verdict_fields():
    doc = load_map(CORPUS / "valid.yaml").map.to_document()
    update = {
        "why": {"weight": Weight.EXPERT},
        "obj": {"weight": Weight.HEDGED, "attacks": [Attack(target="rec", strength=AttackStrength.WEAK, scope=AttackScope.WHOLE)]},
        "reply": {"weight": Weight.FACT, "attacks": [Attack(target="obj", kind=AttackKind.UNDERMINE, strength=AttackStrength.WEAK)]},
    }
    nodes = [n.model_copy(update=update.get(n.id, {})) for n in doc.nodes]
    nodes += [Node(id="also", type=NodeType.CLAIM, side="pro", text="Neighbours trade fairly.", supports=["rec"]),
              Node(id="cut", type=NodeType.OBJECTION, side="con", text="Fair trade is no reason to trade more.",
                   attacks=[Attack(target="rec", kind=AttackKind.UNDERCUT, premises=["also"])])]
    return argmap_of(doc.model_copy(update={"nodes": nodes}))


def test_weights_strengths_and_scopes_through_aif(tmp_path):
    argmap = _with_verdict_fields()
    result = _through_aif(argmap, tmp_path)
    assert result.warnings == [] and _facts(result.doc.nodes) == _facts(argmap.nodes.values())
    assert {n.id: n.type for n in result.doc.nodes}["rec"] is NodeType.RECOMMENDATION


@pytest.mark.exe("argdown")
def test_weights_strengths_and_scopes_through_argdown(tmp_path):
    argmap = _with_verdict_fields()
    result = _through_argdown(argmap, tmp_path)
    assert result.warnings == [] and _facts(result.doc.nodes) == _facts(argmap.nodes.values())


def test_a_part_of_link_between_nodes_that_are_not_recommendations_moves_to_the_note(tmp_path):
    path = tmp_path / "parts.json"
    path.write_text('{"nodes": [{"nodeID": "1", "text": "a", "type": "I", "argmap": {"id": "a", "part_of": ["b", "zz"]}},'
                    ' {"nodeID": "2", "text": "b", "type": "I", "argmap": {"id": "b"}}], "edges": []}', encoding="utf-8")
    result = import_aif(path)
    node = result.doc.nodes[0]
    assert node.part_of == [] and "Imported as part of `b`" in node.note
    warnings = "\n".join(result.warnings)
    assert "`a` is part of `zz`, which is not in the file" in warnings and "not both recommendations" in warnings
    assert load_import(result, tmp_path / "out").ok
