"""The bundled map and the verdict fields through AIF and Argdown and back: nothing argmap states is lost."""

from __future__ import annotations

import re
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


def _pcs(data: dict) -> dict[str, list[tuple[str, str]]]:
    """Argument title → its premise–conclusion structure as (statement text, role), from the CLI's JSON."""
    out = {}
    for title, arg in data["arguments"].items():
        pcs = next((m["pcs"] for m in arg.get("members", []) if m.get("pcs")), None) or arg.get("pcs") or []
        texts = {t: s.get("members", [{}]) for t, s in data["statements"].items()}
        text = lambda s: (next((m.get("text") for m in texts.get(s["title"], []) if m.get("text")), s.get("text")) or "")  # noqa: E731
        out[title] = [(re.sub(r"\s*#(\([^)]*\)|[\w-]+)", "", text(s)).strip(), s["role"]) for s in pcs]  # without tags
    return out


def test_argdown_arguments_and_contradictions_are_kept_on_import():
    from interchange_helpers import FIXTURES

    result = import_argdown_json(FIXTURES / "argdown" / "energy.json")
    layer = result.doc.argdown
    cheap = next(a for a in layer.arguments if a.node == "cheap")
    assert [(s.node, s.role) for s in cheap.pcs] == [("untitled-1", "premise"), ("untitled-2", "premise"), ("wind", "main-conclusion")]
    assert {a.node for a in layer.arguments} == {"cheap", "ugly"}
    assert layer.contradictory == [["wind", "no-wind"]]


@pytest.mark.exe("argdown")
def test_argdown_arguments_and_contradictions_are_written_back(tmp_path):
    import json

    from interchange_helpers import FIXTURES

    source = FIXTURES / "argdown" / "energy.json"
    result = import_argdown_json(source)
    argmap = load_import(result, tmp_path / "map").map
    back = _through_argdown(argmap, tmp_path)
    before = json.loads(source.read_text(encoding="utf-8"))
    after = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    assert sorted(after["arguments"]) == sorted(before["arguments"])
    assert _pcs(after)["Cheap"] == _pcs(before)["Cheap"]  # same statements, same roles, same order
    kinds = lambda data: sorted(r["relationType"] for r in data["relations"])  # noqa: E731
    # every relation comes back as the same kind; the one support dropped on import closed a cycle
    assert kinds(after) == sorted(kinds(before)[:kinds(before).index("support")] + kinds(before)[kinds(before).index("support") + 1:])
    by_node = lambda layer: sorted(layer.arguments, key=lambda a: a.node)  # noqa: E731
    assert by_node(back.doc.argdown) == by_node(result.doc.argdown)
    assert back.doc.argdown.contradictory == result.doc.argdown.contradictory
    assert _facts(back.doc.nodes) == _facts(result.doc.nodes)


@pytest.mark.exe("argdown")
def test_argdown_strict_mode_contrary_and_entails_are_written_back(tmp_path):
    import json

    source = tmp_path / "src"
    source.mkdir()
    (source / "strict.argdown").write_text(
        "===\nmodel:\n    mode: strict\n===\n\n[A]: Cities should ban cars.\n  - [B]: Vans need access.\n"
        "  + [C]: Cleaner air.\n  >< [D]: Cities should not ban cars.\n  -> [E]: Cars are fine.\n", encoding="utf-8")
    proc = subprocess.run([find_program("argdown"), "json", str(source / "strict.argdown"), str(source)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    before = json.loads((source / "strict.json").read_text(encoding="utf-8"))
    result = import_argdown_json(source / "strict.json")
    assert result.doc.argdown.strict
    argmap = load_import(result, tmp_path / "map").map
    _through_argdown(argmap, tmp_path)
    after = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    kinds = lambda data: sorted((r["from"], r["to"], r["relationType"]) for r in data["relations"])  # noqa: E731
    assert [k for _, _, k in kinds(before)] == ["contradictory", "contrary", "contrary", "entails"]
    assert kinds(after) == kinds(before)
