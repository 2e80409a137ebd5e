"""Verdicts on the bundled map: the same verdict and reason everywhere, exported defeats that
reproduce the labels, `argmap explain` for every recommendation, packages reaching their parts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.evaluate import Label, evaluate, grounded
from argmap.loader import load_map
from argmap.model import NodeType

from conftest import run_cli as run

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "arguments" / "canada-russia"


@pytest.fixture(scope="module")
def argmap():
    return load_map(MAP).map


@pytest.fixture(scope="module")
def exported(argmap):
    from argmap.export import to_json_data

    return to_json_data(argmap)


def test_exported_labels_are_the_grounded_labelling_of_the_exported_defeats(exported):
    nodes = [n["id"] for n in exported["nodes"]]
    defeats = [(n["id"], a["target"]) for n in exported["nodes"] for a in n["attacks"] if a["defeats"]]
    defeats += [(n["id"], a["target"]) for n in exported["nodes"] for a in n["inherited_attacks"] if a["defeats"]]
    labels = grounded(nodes, defeats)
    for n in exported["nodes"]:
        assert n["evaluation"]["label"] == labels[n["id"]].value, n["id"]
        assert 0.0 <= n["evaluation"]["strength"] <= 1.0


def test_every_recommendation_has_a_verdict_a_reason_and_a_partition_of_its_objections(argmap, exported):
    ev = evaluate(argmap)
    for n in exported["nodes"]:
        if n["type"] != "recommendation":
            assert "verdict" not in n
            continue
        assert n["verdict"] in ("stands", "contested", "countered", "defeated")
        assert n["reason"].startswith(n["verdict"] + ": ")
        assert all(c in argmap.nodes for c in n["critical"])
        o = n["objections"]
        reaching = [x.id for x in ev.recommendations[n["id"]].objections]
        assert sorted(o["answered"] + o["contested"] + o["unanswered"]) == sorted(reaching)
        assert len(set(reaching)) == len(reaching)  # each objection once
        assert set(o["inherited"]) <= set(reaching)
        for ident in o["answered"]:
            assert ev.labels[ident] is Label.OUT
        for ident in o["unanswered"]:
            assert not argmap.attackers(ident)
        for ident in o["contested"]:
            assert argmap.attackers(ident) and ev.labels[ident] is not Label.OUT


def test_every_part_of_the_pragmatic_package_inherits_its_objections(argmap):
    ev = evaluate(argmap)
    package = ev.recommendations["ab-new-pragmatic-approach"]
    aimed = {o.id for o in package.objections if "ab-new-pragmatic-approach" in o.hits}
    scoped = {n.id for n in argmap.nodes.values() for a in n.attack_list
              if a.target == "ab-new-pragmatic-approach" and a.scope.value == "whole"}
    parts = argmap.parts("ab-new-pragmatic-approach")
    assert parts
    for part in parts:
        inherited = {o.id for o in ev.recommendations[part].objections}
        assert aimed - scoped <= inherited, part
        for o in ev.recommendations[part].objections:
            if o.id in aimed - scoped and o.id not in {a for a, _ in argmap.attackers(part)}:
                assert o.inherited_from == "ab-new-pragmatic-approach"


def test_stands_is_never_shown_beside_unanswered_objections_without_the_reasons_they_hit(argmap):
    ev = evaluate(argmap)
    for a in ev.recommendations.values():
        if a.verdict.value == "stands":
            for o in a.unanswered + a.contested:
                assert f"`{o.id}`" in a.reason or " more" in a.reason, (a.id, a.reason)


def test_explain_works_for_every_recommendation(argmap, capsys):
    for rec in argmap.of_type(NodeType.RECOMMENDATION):
        code, out, err = run(capsys, "explain", rec.id, str(MAP), "--format", "json")
        assert code == 0, err
        data = json.loads(out)
        assert data["id"] == rec.id and data["reason"]
    code, out, _ = run(capsys, "explain", "ab-new-pragmatic-approach", str(MAP))
    assert code == 0 and out.startswith(("STANDS", "CONTESTED", "COUNTERED", "DEFEATED"))
    assert "Objections that reach it" in out


def test_explain_unknown_or_wrong_type_is_a_usage_error_with_a_case_insensitive_suggestion(capsys):
    code, _, err = run(capsys, "explain", "AB-New-Pragmatic-Approach", str(MAP))
    assert code == 2 and "did you mean `ab-new-pragmatic-approach`?" in err
    code, _, err = run(capsys, "explain", "gm-kolga-adversary", str(MAP))
    assert code == 2 and "`gm-kolga-adversary` is an objection, not a recommendation" in err


def test_stats_shows_the_same_verdict_and_reason(argmap, capsys):
    ev = evaluate(argmap)
    code, out, _ = run(capsys, "stats", str(MAP), "--format", "json")
    assert code == 0
    for r in json.loads(out)["recommendations"]:
        assert r["verdict"] == ev.recommendations[r["id"]].verdict.value
        assert r["reason"] == ev.recommendations[r["id"]].reason
        for key in ("answered", "contested", "unanswered", "inherited"):
            assert len(r["objections"][key]) == len(set(r["objections"][key]))
