"""The builder behind every importer: ids, types, sides, cycles and empty texts, made valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.interchange.build import PLACEHOLDER, Builder, Draft, slug
from argmap.interchange.inputs import Where
from argmap.model import AttackKind, MapInfo, NodeType

from interchange_helpers import load_import

INFO = MapInfo(id="t", title="T", question="Q?")


def build(*drafts, relations=(), **kwargs):
    b = Builder(Where(Path("test.json")), "x-")
    for d in drafts:
        b.add(d)
    for rel in relations:
        if rel[1] == "supports":
            b.support(rel[0], rel[2])
        else:
            b.attack(rel[0], rel[2], rel[3] if len(rel) > 3 else AttackKind.REBUT)
    return b.build(INFO, **kwargs), b.warnings


def nodes(doc):
    return {n.id: n for n in doc.nodes}


def test_con_of_con_is_rebuttal_and_con_of_that_an_objection():
    doc, _ = build(Draft("1", "thesis"), Draft("2", "con"), Draft("3", "con of con"), Draft("4", "con of that"),
                   Draft("5", "pro"), relations=[("2", "attacks", "1"), ("3", "attacks", "2"), ("4", "attacks", "3"),
                                                 ("5", "supports", "1")])
    n = nodes(doc)
    assert [n[f"x-{k}"].type for k in "12345"] == [NodeType.CLAIM, NodeType.OBJECTION, NodeType.REBUTTAL,
                                                   NodeType.OBJECTION, NodeType.CLAIM]
    assert [n[f"x-{k}"].side for k in "12345"] == ["pro", "con", "pro", "con", "pro"]


def test_node_attacking_an_objection_and_a_claim_is_an_objection():
    doc, _ = build(Draft("1", "a"), Draft("2", "b"), Draft("3", "c"),
                   relations=[("2", "attacks", "1"), ("3", "attacks", "2"), ("3", "attacks", "1")])
    assert nodes(doc)["x-3"].type is NodeType.OBJECTION


def test_ring_of_attacks_takes_the_least_attacked_as_objection():
    # 1 <-> 2 attack each other; 3 attacks 1. 2 is attacked once, 1 twice: 2 is the objection.
    doc, _ = build(Draft("1", "a"), Draft("2", "b"), Draft("3", "c"),
                   relations=[("1", "attacks", "2"), ("2", "attacks", "1"), ("3", "attacks", "1")])
    n = nodes(doc)
    assert (n["x-1"].type, n["x-2"].type, n["x-3"].type) == (NodeType.REBUTTAL, NodeType.OBJECTION, NodeType.OBJECTION)


def test_stated_types_are_kept_when_the_rules_allow_them():
    doc, warnings = build(Draft("1", "r", type=NodeType.RECOMMENDATION), Draft("2", "e", type=NodeType.EVIDENCE),
                          relations=[("2", "supports", "1")])
    assert [n.type for n in doc.nodes] == [NodeType.RECOMMENDATION, NodeType.EVIDENCE]
    assert warnings == []


@pytest.mark.parametrize("stated, relations, expected, why", [
    (NodeType.RECOMMENDATION, [], NodeType.CLAIM, "recommendation that nothing supports"),
    (NodeType.OBJECTION, [], NodeType.CLAIM, "objection that attacks nothing"),
    (NodeType.REBUTTAL, [("1", "attacks", "2")], NodeType.OBJECTION, "neither an objection nor an undercut"),
])
def test_stated_types_that_break_a_rule_are_worked_out(stated, relations, expected, why):
    doc, warnings = build(Draft("1", "a", type=stated), Draft("2", "b"), relations=relations)
    assert nodes(doc)["x-1"].type is expected
    assert any(why in w and "test.json" in w for w in warnings)


def test_support_cycle_drops_the_support_given_last():
    doc, warnings = build(Draft("a", "A"), Draft("b", "B"), Draft("c", "C"),
                          relations=[("a", "supports", "b"), ("b", "supports", "c"), ("c", "supports", "a")])
    n = nodes(doc)
    assert n["x-a"].supports == ["x-b"] and n["x-b"].supports == ["x-c"] and n["x-c"].supports == []
    assert "closed a cycle of support (x-c → x-a → x-b → x-c)" in n["x-c"].note
    assert len(warnings) == 1 and "x-c` → `x-a` closes a cycle" in warnings[0]


def test_self_relations_and_unknown_targets_are_dropped_with_warnings():
    doc, warnings = build(Draft("a", "A"), relations=[("a", "supports", "a"), ("a", "supports", "zzz")])
    assert doc.nodes[0].supports == []
    assert any("supports itself" in w for w in warnings)
    assert any("`zzz`, which is not in the file" in w for w in warnings)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00"])
def test_empty_text_becomes_a_placeholder_with_a_note_and_a_warning(text):
    doc, warnings = build(Draft("7", text, place="nodes[3]"))
    node = doc.nodes[0]
    assert node.text == PLACEHOLDER and "no text" in node.note
    assert warnings == [f"test.json: nodes[3]: node `x-7` has no text; it is kept as `{PLACEHOLDER}`"]


def test_ids_stated_first_then_made_up_ones_avoid_them():
    doc, warnings = build(Draft("1", "a", id_base="same"), Draft("2", "b", id_hint="same"),
                          Draft("3", "c", id_base="same"), Draft("4", "d", id_hint="bad id!"))
    assert [n.id for n in doc.nodes] == ["same-2", "same", "same-3", "x-4"]
    assert any("`bad id!` is not a usable argmap id" in w for w in warnings)


@pytest.mark.parametrize("key, expected", [("12", "x-12"), ("a b/c", "x-a-b-c"), ("47990df4-6134", "x-47990df4-6134"),
                                           ("日本", "x"), ("", "x")])
def test_made_up_ids_are_valid(key, expected):
    doc, _ = build(Draft(key, "t"))
    assert doc.nodes[0].id == expected


def test_slug():
    assert slug("Wind power!") == "wind-power"
    assert slug("  ") == "x"
    assert slug("--Ölpreis--") == "lpreis"


def test_unknown_side_theme_actor_pattern_are_dropped_and_sides_spread():
    doc, warnings = build(Draft("1", "a", side="nowhere", themes=["t"], by=["someone"], pattern="p"),
                          Draft("2", "b"), relations=[("2", "attacks", "1")])
    n = nodes(doc)
    assert n["x-1"].side == "pro" and n["x-2"].side == "con"
    assert n["x-1"].themes == [] and n["x-1"].by == [] and n["x-1"].pattern is None
    assert len(warnings) == 4


def test_pattern_on_a_non_objection_moves_to_the_note():
    from argmap.model import Pattern

    doc, _ = build(Draft("1", "a", pattern="p"), patterns=[Pattern(id="p", label="P")])
    assert doc.nodes[0].pattern is None and "Pattern `p`" in doc.nodes[0].note
    assert doc.patterns == []


def test_built_map_loads_without_errors(tmp_path):
    doc, _ = build(Draft("1", "thesis"), Draft("2", "con"), Draft("3", ""), Draft("4", "ring a"), Draft("5", "ring b"),
                   relations=[("2", "attacks", "1"), ("3", "supports", "1"), ("4", "attacks", "5"), ("5", "attacks", "4"),
                              ("1", "supports", "3")])
    from argmap.interchange.build import ImportResult

    loaded = load_import(ImportResult(doc), tmp_path)
    assert loaded.ok, [str(p) for p in loaded.errors]
    assert {p.code for p in loaded.problems} <= {"AM501", "AM502", "AM305"}
