"""Kialo: both plain-text export forms, cross-links, footnotes, and broken files."""

from __future__ import annotations

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
