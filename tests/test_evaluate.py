"""Grounded evaluation: hand-computed cases, properties against a naive oracle, recommendations."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.evaluate import Label, Status, evaluate, grounded
from argmap.loader import load_map

CORPUS = Path(__file__).resolve().parent / "corpus"
IN, OUT, UNDEC = Label.IN, Label.OUT, Label.UNDECIDED


def labels(nodes: str, attacks: str) -> dict[str, Label]:
    """`labels("abc", "ab bc")`: nodes a, b, c; a attacks b, b attacks c."""
    return grounded(list(nodes), [(pair[0], pair[1]) for pair in attacks.split()])


def test_unattacked_nodes_are_in():
    assert labels("ab", "") == {"a": IN, "b": IN}


def test_chain_alternates():
    assert labels("abcd", "ab bc cd") == {"a": IN, "b": OUT, "c": IN, "d": OUT}


def test_even_cycle_is_undecided():
    assert labels("ab", "ab ba") == {"a": UNDEC, "b": UNDEC}


def test_odd_cycle_is_undecided():
    assert labels("abc", "ab bc ca") == {"a": UNDEC, "b": UNDEC, "c": UNDEC}


def test_even_cycle_broken_from_outside():
    # d attacks a; a and b attack each other: d IN, a OUT, b IN
    assert labels("abd", "ab ba da") == {"a": OUT, "b": IN, "d": IN}


def test_odd_cycle_broken_from_outside():
    # d attacks a in the cycle a→b→c→a: a OUT, so b IN, so c OUT
    assert labels("abcd", "ab bc ca da") == {"a": OUT, "b": IN, "c": OUT, "d": IN}


def test_self_attack_is_undecided_and_spreads():
    assert labels("ab", "aa ab") == {"a": UNDEC, "b": UNDEC}
    assert labels("abc", "aa ca") == {"a": OUT, "b": IN, "c": IN}


def test_node_attacked_by_an_undecided_and_an_out_node_is_undecided():
    # a↔b undecided; c attacked by b (undecided) and by d, itself OUT (e attacks d)
    assert labels("abcde", "ab ba bc dc ed") == {"a": UNDEC, "b": UNDEC, "c": UNDEC, "d": OUT, "e": IN}


def test_repeated_and_dangling_attacks_are_ignored():
    assert grounded(["a", "b"], [("a", "b"), ("a", "b"), ("x", "a"), ("b", "y")]) == {"a": IN, "b": OUT}


# -- properties -----------------------------------------------------------------------------------


def naive_grounded(nodes: list[str], attacks: set[tuple[str, str]]) -> dict[str, Label]:
    """The least fixed point of the characteristic function, iterated from the empty set."""
    attackers = {n: {a for a, t in attacks if t == n} for n in nodes}
    accepted: set[str] = set()
    while True:
        defeated = {t for a, t in attacks if a in accepted}
        nxt = {n for n in nodes if attackers[n] <= defeated}
        if nxt == accepted:
            break
        accepted = nxt
    out = {t for a, t in attacks if a in accepted}
    return {n: IN if n in accepted else OUT if n in out else UNDEC for n in nodes}


graphs = st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        st.just([f"n{i}" for i in range(n)]),
        st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).map(lambda p: (f"n{p[0]}", f"n{p[1]}")), max_size=3 * n),
    )
)


@settings(max_examples=400, deadline=None)
@given(graphs)
def test_matches_the_naive_fixed_point(graph):
    nodes, attacks = graph
    assert grounded(nodes, attacks) == naive_grounded(nodes, attacks)


@settings(max_examples=300, deadline=None)
@given(graphs)
def test_in_set_is_conflict_free_admissible_and_complete(graph):
    nodes, attacks = graph
    result = grounded(nodes, attacks)
    inside = {n for n, l in result.items() if l is IN}
    # conflict-free: no IN node attacks an IN node
    assert not any(a in inside and t in inside for a, t in attacks)
    # admissible: every attacker of an IN node is attacked by an IN node
    for a, t in attacks:
        if t in inside:
            assert any(d in inside and x == a for d, x in attacks)
    # complete labelling: IN iff all attackers OUT; OUT iff some attacker IN
    for n in nodes:
        attackers = [a for a, t in attacks if t == n]
        if result[n] is IN:
            assert all(result[a] is OUT for a in attackers)
        elif result[n] is OUT:
            assert any(result[a] is IN for a in attackers)
        else:
            assert not all(result[a] is OUT for a in attackers) and not any(result[a] is IN for a in attackers)


@settings(max_examples=200, deadline=None)
@given(graphs, st.randoms(use_true_random=False))
def test_unique_and_independent_of_order(graph, rnd: random.Random):
    nodes, attacks = graph
    first = grounded(nodes, attacks)
    shuffled_nodes = nodes[:]
    rnd.shuffle(shuffled_nodes)
    shuffled_attacks = list(attacks)
    rnd.shuffle(shuffled_attacks)
    assert grounded(shuffled_nodes, shuffled_attacks) == first


# -- on maps --------------------------------------------------------------------------------------


def test_answered_objection_leaves_the_recommendation_standing():
    argmap = load_map(CORPUS / "valid.yaml").map
    result = evaluate(argmap)
    assert result.labels == {"rec": IN, "why": IN, "obj": OUT, "reply": IN}
    rec = result.recommendations["rec"]
    assert rec.status is Status.STANDS
    assert rec.supports == ("why",) and rec.reasons == ("why",)
    (objection,) = rec.objections
    assert (objection.id, objection.target, objection.kind, objection.label) == ("obj", "rec", "rebut", OUT)
    assert objection.answers == ("reply",) and rec.unanswered == ()


def test_unanswered_objection_defeats_the_recommendation():
    argmap = load_map(CORPUS / "objection-unanswered.yaml").map
    result = evaluate(argmap)
    rec = result.recommendations["rec"]
    assert rec.status is Status.DEFEATED and rec.label is OUT
    assert [o.id for o in rec.unanswered] == ["obj"]
    assert result.unanswered_objections(argmap) == ["obj"]


def test_objections_to_the_reasons_count_and_undecided_is_contested():
    from argmap.core import ArgumentMap
    from argmap.model import MapFile

    doc = MapFile.model_validate({
        "map": {"id": "m", "title": "T", "question": "Q?"},
        "nodes": [
            {"id": "rec", "type": "recommendation", "side": "a", "text": "Do it."},
            {"id": "r1", "type": "claim", "side": "a", "text": "Because.", "supports": ["rec"]},
            {"id": "r2", "type": "evidence", "side": "a", "text": "Data.", "supports": ["r1"]},
            {"id": "o1", "type": "objection", "side": "b", "text": "Bad data.", "attacks": [{"target": "r2", "kind": "undermine"}]},
            {"id": "o2", "type": "objection", "side": "b", "text": "No.", "attacks": ["rec"]},
            {"id": "b1", "type": "rebuttal", "side": "a", "text": "Yes.", "attacks": ["o2"]},
            {"id": "o3", "type": "objection", "side": "b", "text": "Still no.", "attacks": ["b1"]},
            {"id": "b2", "type": "rebuttal", "side": "a", "text": "Still yes.", "attacks": ["o3"]},
            {"id": "o4", "type": "objection", "side": "b", "text": "Round we go.", "attacks": ["b2", "b3"]},
            {"id": "b3", "type": "rebuttal", "side": "a", "text": "And round.", "attacks": ["o4"]},
        ],
    })
    # o4 and b3 attack each other: the exchange never ends, so all of it is undecided
    argmap = ArgumentMap.from_document(doc)
    result = evaluate(argmap)
    assert result.labels["r2"] is OUT and result.labels["o1"] is IN
    assert result.labels["o4"] is UNDEC and result.labels["rec"] is UNDEC
    rec = result.recommendations["rec"]
    assert rec.reasons == ("r1", "r2")
    assert [(o.id, o.target) for o in rec.objections] == [("o2", "rec"), ("o1", "r2")]
    assert rec.status is Status.CONTESTED
