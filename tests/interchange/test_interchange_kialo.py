"""Kialo: both plain-text export forms, cross-links, footnotes, and broken files."""

from __future__ import annotations

import re

import pytest

from argmap.interchange.kialo import import_kialo
from argmap.model import Attack, NodeType
from argmap.problems import InputError

from interchange_helpers import FIXTURES, codes, load_import

KIALO = FIXTURES / "kialo"


def test_older_form(tmp_path):
    result = import_kialo(KIALO / "older.txt")
    doc = result.doc
    n = {node.id: node for node in doc.nodes}
    assert doc.map.title == doc.map.question == "Should Canada re-engage with Russia?"
    assert doc.map.id == "older"
    assert list(n) == ["k1", "k1.1", "k1.1.1", "k1.1.1.1", "k1.2", "k1.2.1", "k1.4", "k1.5"]  # links are not nodes
    assert n["k1.1"].text == "Trade creates jobs (at home and abroad) and builds trust."  # Markdown escapes undone
    assert n["k1.1.1.1"].text == ("Arctic cooperation is worth more than the trade figures suggest.\n"
                                  "Its value lies in search and rescue, not in money.")
    assert n["k1.2"].text.endswith("Two reasons:\n1. it rewards the annexation;\n2. it splits the allies.")
    assert n["k1.2.1"].text == "Russia annexed Crimea in 2014 — «Krym» in Russian."
    # pros support, cons attack
    assert n["k1.1"].supports == ["k1"] and n["k1.1.1"].attacks == [Attack(target="k1.1")]
    assert n["k1.2.1"].supports == ["k1.2"]
    # links: 1.1.1.1.1 (Con: -> See 1.2) makes 1.2 attack 1.1.1.1 too; 1.3 (Pro: -> See 1.1.1.1) makes it support 1
    assert n["k1.2"].attacks == [Attack(target="k1"), Attack(target="k1.1.1.1")]
    assert n["k1.1.1.1"].supports == ["k1"] and n["k1.1.1.1"].attacks == [Attack(target="k1.1.1")]
    assert "Kialo link 1.3." in n["k1.1.1.1"].note
    # 1.1.2 (Pro: -> See 1.) would make the thesis support its own pro: the link, given last, is dropped
    assert n["k1"].supports == [] and "closed a cycle of support" in n["k1"].note
    assert any("line 9: support `k1` → `k1.1` closes a cycle" in w for w in result.warnings)
    assert [n[k].type for k in ("k1", "k1.1", "k1.1.1", "k1.1.1.1", "k1.2", "k1.2.1")] == [
        NodeType.CLAIM, NodeType.CLAIM, NodeType.OBJECTION, NodeType.REBUTTAL, NodeType.OBJECTION, NodeType.CLAIM]
    assert [n[k].side for k in ("k1", "k1.1", "k1.1.1", "k1.1.1.1", "k1.2", "k1.2.1")] == [
        "pro", "pro", "con", "pro", "con", "con"]
    assert n["k1.4"].text == "(empty)" and any("line 15" in w and "no text" in w for w in result.warnings)
    assert "without Pro or Con" in n["k1.5"].note and not n["k1.5"].supports and not n["k1.5"].attacks
    loaded = load_import(result, tmp_path)
    assert loaded.ok and codes(loaded) <= {"AM501", "AM502", "AM305"}


def test_newer_form(tmp_path):
    result = import_kialo(KIALO / "newer.txt")
    n = {node.id: node for node in result.doc.nodes}
    assert result.doc.map.title == "Should pineapple go on pizza?"
    assert list(n) == ["thesis", "k1", "k1.1", "k1.1.1", "k2", "k2.1", "k2.2", "k3"]
    assert n["thesis"].text == "Pineapple belongs on pizza." and n["thesis"].side == "pro"
    assert n["k1"].supports == ["thesis"] and n["k2"].attacks == [Attack(target="thesis")]
    assert n["k1.1"].text == "Many people dislike sweet toppings\non a savoury dish.\n\nSurveys differ on how many. [3]"
    assert n["k1"].note == "[1] Flavour pairing research, Journal of Food Science, 2019."
    assert n["k1.1.1"].note == "[2] YouGov survey, 2017.\nSample of 1,000 adults."
    # 1.2 (Pro: -> See 2.1) and 3.1 (Con: -> See 1.1): second relations, not copies
    assert n["k2.1"].supports == ["k1"] and n["k2.1"].attacks == [Attack(target="k2")]
    assert n["k1.1"].attacks == [Attack(target="k1"), Attack(target="k3")]
    assert n["k2.2"].text == "Ananas auf Pizza ist ein Verbrechen. 🍍" and n["k2.2"].side == "con"
    assert (n["k1.1"].type, n["k1.1.1"].type, n["k2.1"].type) == (NodeType.OBJECTION, NodeType.REBUTTAL, NodeType.REBUTTAL)
    assert n["k3"].text == "(empty)"
    warnings = "\n".join(result.warnings)
    assert "line 6: claim 1.1. cites footnote [3], which the file does not give" in warnings
    assert "line 22: footnote [4] is cited by no claim" in warnings
    assert load_import(result, tmp_path).ok


def test_numbered_lines_inside_a_claim_stay_text(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("Discussion Title: T\n\n1. Thesis\n1.1. Con: Two points:\n1. one\n2. two\n1.2. Pro: Yes\n")
    n = {node.id: node for node in import_kialo(path).doc.nodes}
    assert list(n) == ["k1", "k1.1", "k1.2"] and n["k1.1"].text == "Two points:\n1. one\n2. two"


MALFORMED = [
    ("", None, "is empty"),
    ("Some notes\n1. Thesis\n", "line 1", "expected `Discussion Title: …`"),
    ("Discussion Title:   \n\n1. Thesis\n", "line 1", "the discussion has no title"),
    ("Discussion Name:\n\n1. Thesis:\nx\n", "line 1", "the discussion has no title"),
    ("Discussion Title: T\n\nA stray line\n1. Thesis\n", "line 3", "expected a numbered claim"),
    ("Discussion Title: T\n\n1. Thesis\n1.1. Pro: a\n1.1. Con: b\n", "line 5", "claim 1.1. is numbered twice (first at line 4)"),
    ("Discussion Title: T\n\n1. Thesis\n1.3.2. Con: b\n", "line 4", "claim 1.3.2. has no parent claim 1.3. before it"),
    ("Discussion Title: T\n\n2. Thesis\n", "line 3", "the first claim is numbered 2."),
    ("Discussion Title: T\n\n1. Thesis\n1.1. Pro: -> See 1.9.\n", "line 4", "`-> See 1.9.` links to claim 1.9., which is not in the file"),
    ("Discussion Title: T\n\n1. Thesis\n1.1. Pro: -> See 1.2.\n1.2. Con: -> See 1.1.\n", "line 4", "go round in a circle"),
    ("Discussion Title: T\n\n", None, "holds no numbered claims"),
    ("Discussion Name: T\n\nThesis: x\n    more thesis\nnot indented and not a claim?\n", None, None),
]


@pytest.mark.parametrize("content, place, message", MALFORMED, ids=[str(m[2])[:30] for m in MALFORMED])
def test_malformed_kialo(tmp_path, content, place, message):
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    if message is None:  # lenient: a newer export's thesis may run on without indentation
        assert import_kialo(path).doc.nodes[0].text == "x\nmore thesis\nnot indented and not a claim?"
        return
    with pytest.raises(InputError) as info:
        import_kialo(path)
    text = info.value.message
    assert "bad.txt: " in text and message in text, text
    if place:
        assert f"bad.txt: {place}: " in text, text


@pytest.mark.parametrize("content, message", [
    (b"Discussion Title: caf\xe9\n\n1. x\n", "line 1: is not UTF-8 text"),
    (b"\x00\x01\x02binary", "is a binary file"),
])
def test_kialo_bytes_that_are_not_text(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        import_kialo(path)


def test_windows_line_ends_and_bom(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffDiscussion Title: T\r\n\r\n1. Thesis\r\n1.1. Con: No\r\n".encode("utf-8"))
    n = {node.id: node for node in import_kialo(path).doc.nodes}
    assert n["k1.1"].attacks == [Attack(target="k1")] and n["k1.1"].text == "No"


# -- real exports (tests/interchange/fixtures/kialo/README.md says where each comes from) -------------

_LABEL_CURRENT = re.compile(r"^[ \t]*((?:\d+\.)+) (Pro|Con|Thesis|Question):[ \t]*$")
_LABEL_OLDER = re.compile(r"^((?:\d+\.)+) (?:(Pro|Con): )?(.*)$")
_LINK = re.compile(r"^->\s*See\s+\d")


def _counts_in_file(path):
    """(claims, relations) as the file itself lists them, counted without argmap's reader: every
    numbered claim but the links (`-> See 1.2.`) and a multi-thesis discussion's question is a node;
    every Pro and Con (links included) is a relation."""
    lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    claims = relations = 0
    current = lines[0].startswith("Discussion Name:")
    for i, line in enumerate(lines):
        if current:
            m = _LABEL_CURRENT.match(line)
            text = lines[i + 1].strip() if m else ""
        else:
            m = _LABEL_OLDER.match(line)
            text = m.group(3) if m else ""
        if not m:
            continue
        stance = m.group(2)
        relations += stance in ("Pro", "Con")
        claims += not _LINK.match(text) and stance != "Question"
    return claims, relations


@pytest.mark.parametrize("name", ["current-30667.txt", "current-question-14121.txt", "older-6148.txt"])
def test_real_exports_keep_every_claim_and_relation(tmp_path, name):
    path = KIALO / name
    result = import_kialo(path)
    claims, relations = _counts_in_file(path)
    doc = result.doc
    assert len(doc.nodes) == claims
    assert sum(len(n.supports) + len(n.attacks) for n in doc.nodes) == relations
    assert not result.warnings, result.warnings
    loaded = load_import(result, tmp_path)
    assert loaded.ok and codes(loaded) <= {"AM501", "AM502", "AM305"}
    assert len(loaded.map.nodes) == claims and sum(1 for _ in loaded.map.edges()) == relations


def test_current_form_as_kialo_writes_it_today():
    result = import_kialo(KIALO / "current-30667.txt")
    doc = result.doc
    n = {node.id: node for node in doc.nodes}
    # the title and each claim's text are on the line after the label
    assert doc.map.title == doc.map.question == "A child doesn't owe his parents something for getting raised by them"
    assert n["k1"].text == "A child doesn't owe his parents something for getting raised by them."
    assert n["k1"].type is NodeType.CLAIM and n["k1"].side == "pro" and not n["k1"].supports
    assert n["k1.1"].text.startswith("Having demands to your children") and n["k1.1"].supports == ["k1"]
    assert n["k1.2"].attacks == [Attack(target="k1")] and n["k1.2"].side == "con"
    assert n["k1.2"].type is NodeType.OBJECTION and n["k1.2.1"].type is NodeType.REBUTTAL
    # 1.7.2.1. Pro: -> See 1.7.1.1.1. — a second relation from 1.7.1.1.1, not a copy
    assert "k1.7.2.1" not in n
    assert n["k1.7.1.1.1"].supports == ["k1.7.2"] and n["k1.7.1.1.1"].attacks == [Attack(target="k1.7.1.1")]
    # `Sources:` footnotes go into the note of the claims citing them
    assert n["k1.2.2.1"].text.endswith("more optimistic and happier [1].")
    assert n["k1.2.2.1"].note == "[1] https://greatergood.berkeley.edu/article/item/why_gratitude_is_good"


def test_current_form_with_a_question_and_several_theses():
    result = import_kialo(KIALO / "current-question-14121.txt")
    doc = result.doc
    n = {node.id: node for node in doc.nodes}
    assert doc.map.question == "What is the best way to fight overpopulation?"
    assert "k1" not in n  # the question is the map's question, not a claim
    theses = [node for node in doc.nodes if node.id.count(".") == 1]
    assert len(theses) == 14 and all(t.side == "pro" and not t.supports and not t.attacks for t in theses)
    assert n["k1.1"].text == "Promoting adoption in replacement of birth."
    assert n["k1.1.1"].attacks == [Attack(target="k1.1")]


def test_sources_run_on_over_lines_and_numbered_lines_there_stay_text(tmp_path):
    path = tmp_path / "sources.txt"
    path.write_text("Discussion Name:\nT\n\n1. Thesis:\nA [1]\n\n  1.1. Con:\n  B [2]\n\nSources:\n"
                    "[1] https://example.org/a\n\"Quoted passage\n\n2. not a claim\"\n[2] https://example.org/b\n",
                    encoding="utf-8")
    result = import_kialo(path)
    n = {node.id: node for node in result.doc.nodes}
    assert list(n) == ["k1", "k1.1"] and not result.warnings
    assert n["k1"].note == "[1] https://example.org/a\n\"Quoted passage\n\n2. not a claim\""
    assert n["k1.1"].note == "[2] https://example.org/b"
