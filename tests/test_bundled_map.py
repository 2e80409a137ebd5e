"""The bundled Canada–Russia map is a fixture: complete, faithful in form, and clean."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from argmap.loader import load_map
from argmap.model import NodeType
from argmap.quotes import NormalisedText, find_quote, normalise

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "arguments" / "canada-russia"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def result():
    return load_map(MAP)


@pytest.fixture(scope="module")
def argmap(result):
    return result.map


def test_validates_with_no_errors_and_only_deliberate_warnings(result):
    assert result.errors == []
    # The only warnings are unanswered objections: gaps in the debate the map must show.
    assert {p.code for p in result.warnings} <= {"AM502"}, "\n".join(map(str, result.warnings))


def test_is_complete_enough(argmap):
    assert len(argmap.nodes) > 80
    counts = {t: len(argmap.of_type(t)) for t in NodeType}
    assert all(count >= 10 for count in counts.values()), counts


def test_every_source_is_cited_by_several_nodes(argmap):
    for source in argmap.sources:
        assert len(argmap.citing(source)) >= 10, source


def test_every_node_is_quoted_and_every_quote_located(argmap):
    for node in argmap.nodes.values():
        assert node.quotes, node.id
        for i, _ in enumerate(node.quotes):
            assert argmap.quote_span(node.id, i) is not None, (node.id, i)


def test_every_objection_has_a_pattern_and_a_target(argmap):
    for node in argmap.of_type(NodeType.OBJECTION):
        assert node.pattern in argmap.patterns, node.id
        assert argmap.attacked(node.id), node.id


def test_every_recommendation_has_support_of_its_own_or_through_what_it_is_part_of(argmap):
    for node in argmap.of_type(NodeType.RECOMMENDATION):
        assert argmap.backed(node.id), node.id
    assert not argmap.supporters("ab-gac-priority-list") and argmap.backed("ab-gac-priority-list")


def test_every_rebuttal_answers_an_objection(argmap):
    for node in argmap.of_type(NodeType.REBUTTAL):
        assert any(argmap.nodes[a.target].type is NodeType.OBJECTION for a in argmap.attacked(node.id)), node.id


def test_every_node_in_an_attack_carries_a_weight_with_its_reason(argmap):
    # Preferences decide which attacks defeat: every attacker and every target says what it
    # carries in its source, and every weighted node's note says why (the curator's record).
    attacked = {a.target for n in argmap.nodes.values() for a in n.attacks}
    for node in argmap.nodes.values():
        if node.attacks or node.id in attacked:
            assert node.weight is not None, node.id
        if node.weight is not None:
            assert f"Weight: {node.weight.value}," in " ".join((node.note or "").split()), node.id


def test_texts_are_paraphrases_not_copies(argmap):
    for node in argmap.nodes.values():
        text = normalise(node.text)
        for quote in node.quotes:
            assert text != normalise(quote.text), node.id


def test_ids_are_readable_slugs_with_their_document_prefix(argmap):
    prefixes = {"action-brief.yaml": "ab-", "globe-and-mail.yaml": "gm-", "nato-association.yaml": "nac-", "viakhireva.yaml": "vk-"}
    for node_id in argmap.nodes:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", node_id), node_id
        file = Path(argmap.origin("nodes", node_id).display).name
        assert node_id.startswith(prefixes[file]), node_id


def test_positions_reported_by_others_are_attributed_to_them(argmap):
    # Viakhireva reports Westdal, Coulon, Kortunov and Dion: their nodes name them, not her.
    for actor in ("westdal", "coulon", "kortunov", "dion"):
        held = [n for n in argmap.nodes.values() if actor in n.by]
        assert held, actor
        assert all(any(q.source == "viakhireva-2020" for q in n.quotes) for n in held), actor
    kolga = [n for n in argmap.nodes.values() if "kolga" in n.by]
    assert len(kolga) >= 4 and all(n.type is NodeType.OBJECTION and n.side == "restraint" for n in kolga)


def test_the_action_brief_is_one_source_checked_in_both_copies(argmap):
    source = argmap.sources["action-brief"]
    assert source.file == "seeds/breton-dutkiewicz-action-brief.txt"
    (copy,) = source.copies
    assert copy.file == "seeds/breton-dutkiewicz-action-brief-repost.txt"
    assert not any(s.file == copy.file for s in argmap.sources.values())  # not a second source
    repost = NormalisedText((ROOT / copy.file).read_text(encoding="utf-8"))
    quotes = [q for n in argmap.nodes.values() for q in n.quotes if q.source == "action-brief"]
    assert len(quotes) >= 40
    for quote in quotes:
        assert find_quote(quote.text, repost) is not None, quote.text


def test_seeds_are_the_original_bytes(argmap):
    table = (ROOT / "seeds" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \| `([0-9a-f]{64})` \|$", table, re.M)
    assert len(rows) == 5
    for name, original, sha in rows:
        data = (ROOT / "seeds" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha, name
        if SHARED_SEEDS.is_dir():
            assert (SHARED_SEEDS / original).read_bytes() == data, name
    recorded = {s.file: s.sha256 for s in argmap.sources.values()}
    recorded |= {c.file: c.sha256 for s in argmap.sources.values() for c in s.copies}
    assert recorded == {f"seeds/{name}": sha for name, _, sha in rows}


def test_metadata_left_out_where_the_text_is_silent(argmap):
    globe = argmap.sources["globe-and-mail"]
    assert globe.authors == [] and globe.published is None and globe.title.startswith("[")
    assert argmap.sources["action-brief"].published == "2020-11-05"
    assert argmap.sources["viakhireva-2020"].authors == ["viakhireva"]
