"""Appending nodes and relations to curated YAML: only new lines, checked, undoable."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from argmap.curate import NodeStub, append_node, append_relation, fresh_id, undo
from argmap.loader import load_map
from argmap.model import NodeType
from argmap.problems import InputError, UsageError
from conftest import ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    p = tmp_path / "p"
    shutil.copytree(ROOT / "arguments", p / "arguments")
    shutil.copytree(ROOT / "seeds", p / "seeds")
    shutil.copy(ROOT / "argmap.toml", p / "argmap.toml")
    return p


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed and lines added between two texts."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


def test_fresh_id_is_readable_prefixed_and_unique():
    assert fresh_id("The Arctic: a test of trust", set(), "vk-") == "vk-arctic-test-trust"
    assert fresh_id("The Arctic: a test of trust", {"vk-arctic-test-trust"}, "vk-") == "vk-arctic-test-trust-2"
    assert fresh_id("¿¡", set()) == "node"


def test_append_node_and_relation_add_lines_only(project: Path):
    mapdir = project / "arguments" / "canada-russia"
    path = mapdir / "nodes" / "viakhireva.yaml"
    original = path.read_text()
    m = load_map(mapdir).map
    passage = "Canada and Russia are interested in a stable, secure, and sustainable Arctic region"
    edit = append_node(path, NodeStub(NodeType.CLAIM, "engagement", "Both want a stable Arctic", "viakhireva-2020", passage), set(m.nodes))
    assert edit.node_id == "vk-both-want-stable-arctic"
    removed, added = changes(original, path.read_text())
    assert removed == [] and "  - id: vk-both-want-stable-arctic" in added
    rel = append_relation(path, edit.node_id, "supports", "vk-arctic-niches-remain")
    att = append_relation(path, edit.node_id, "undercut", "ab-not-likeminded")
    removed, added = changes(original, path.read_text())
    assert removed == []
    assert added[-3:] == ["    supports: [vk-arctic-niches-remain]", "    attacks:", "      - {target: ab-not-likeminded, kind: undercut}"]
    result = load_map(mapdir)
    assert result.ok, [str(p) for p in result.errors]
    node = result.map.nodes[edit.node_id]
    assert node.supports == ["vk-arctic-niches-remain"] and node.attack_list[0].target == "ab-not-likeminded"
    assert result.map.quote_span(edit.node_id, 0) is not None  # the quote is verified in its source
    # undo goes back one append at a time
    undo(att)
    assert path.read_text() == rel.after
    undo(rel)
    undo(edit)
    assert path.read_text() == original


def test_relation_into_existing_lists(project: Path):
    path = project / "arguments" / "canada-russia" / "nodes" / "action-brief.yaml"
    original = path.read_text()
    # a block list of attacks gains an item; a one-line list gains the id before its `]`
    m = load_map(project / "arguments" / "canada-russia").map
    block = next(n.id for n in m.nodes.values() if n.attacks and m.origin("nodes", n.id).file.path == path
                 and f"- id: {n.id}" in original and "attacks:\n" in original.split(f"- id: {n.id}\n", 1)[1].split("\n  - id:", 1)[0])
    append_relation(path, block, "rebut", "gm-kolga-adversary")
    removed, added = changes(original, path.read_text())
    assert removed == [] and added == ["      - {target: gm-kolga-adversary, kind: rebut}"]
    flow = next(n.id for n in m.nodes.values() if len(n.supports) == 1 and m.origin("nodes", n.id).file.path == path)
    target = next(t for t in m.nodes if t != flow and t not in m.nodes[flow].supports and m.nodes[t].type == NodeType.RECOMMENDATION)
    before = path.read_text()
    append_relation(path, flow, "supports", target)
    removed, added = changes(before, path.read_text())
    assert len(removed) == 1 and added == [removed[0].replace("]", f", {target}]")]
    assert load_map(project / "arguments" / "canada-russia").ok


def test_refusals(project: Path, tmp_path: Path):
    path = project / "arguments" / "canada-russia" / "nodes" / "viakhireva.yaml"
    with pytest.raises(UsageError, match="already supports"):
        append_relation(path, "vk-fisheries-agreement", "supports", "vk-arctic-niches-remain")
    with pytest.raises(InputError, match="no node `nope`"):
        append_relation(path, "nope", "supports", "vk-arctic-niches-remain")
    with pytest.raises(UsageError, match="unknown relation"):
        append_relation(path, "vk-fisheries-agreement", "likes", "vk-arctic-niches-remain")
    edit = append_node(path, NodeStub(NodeType.CLAIM, "engagement", "T", "viakhireva-2020", "Russia was an influential actor"), set())
    path.write_text(path.read_text() + "# edited by hand\n")
    with pytest.raises(UsageError, match="changed since"):
        undo(edit)
    flow = tmp_path / "flow.yaml"
    flow.write_text("nodes: []\n")
    with pytest.raises(InputError, match="flow style"):
        append_node(flow, NodeStub(NodeType.CLAIM, "a", "T", "s", "q"), set())
    assert flow.read_text() == "nodes: []\n"


def test_file_without_nodes_gets_a_list_and_keeps_crlf(tmp_path: Path):
    path = tmp_path / "m.yaml"
    path.write_bytes(b"# a comment\r\nsides:\r\n  - {id: a, label: A}\r\n")
    edit = append_node(path, NodeStub(NodeType.CLAIM, "a", "Yes: true", "s", "true"), set())
    raw = path.read_bytes()
    assert raw.startswith(b"# a comment\r\nsides:\r\n  - {id: a, label: A}\r\n\r\nnodes:\r\n  - id: yes-true\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert edit.added_lines > 0


def test_nodes_list_in_the_middle_of_a_file_with_comments(tmp_path: Path):
    path = tmp_path / "m.yaml"
    text = ("# head\nnodes:\n- id: a\n  type: claim\n  side: s\n  text: A  # trailing comment\n"
            "  note: |\n    # not a comment, a line of the note\n    more\n\n"
            "# about the sources\nsources:\n  - {id: s, title: S, file: s.txt}\n")
    path.write_text(text)
    append_relation(path, "a", "rebut", "b")
    edit = append_node(path, NodeStub(NodeType.OBJECTION, "s", "Objection: it costs", "s", "It costs\n  too much."), {"a"})
    after = path.read_text()
    removed, added = changes(text, after)
    assert removed == []
    assert added == ["  attacks:", "    - {target: b, kind: rebut}", "- id: objection-it-costs", "  type: objection", "  side: s",
                     '  title: "Objection: it costs"', "  text: It costs too much.", "  quotes:", "    - source: s",
                     "      text: It costs too much."]
    assert after.index("- id: objection-it-costs") < after.index("# about the sources")
    assert edit.node_id == "objection-it-costs"


def test_a_passage_becomes_a_quote_the_validator_finds(project: Path):
    from argmap.curate import passage_quote

    assert passage_quote("small and well-\n  known, and\nthe benefits") == "small and well-known, and the benefits"
    mapdir = project / "arguments" / "canada-russia"
    m = load_map(mapdir).map
    path = mapdir / "nodes" / "viakhireva.yaml"
    text = m.texts["viakhireva-2020"]
    broken = next(i for i in range(len(text.text)) if text.text.startswith("-\n", i) and text.text[i - 1].isalpha())
    start = text.text.rfind(" ", 0, broken - 20)
    raw = text.text[start:broken + 30]
    edit = append_node(path, NodeStub(NodeType.CLAIM, "engagement", "Hyphen", "viakhireva-2020", raw), set(m.nodes), source_text=text)
    result = load_map(mapdir)
    assert not [p for p in result.problems if edit.node_id in p.message], [str(p) for p in result.problems if edit.node_id in p.message]
    before = path.read_text()
    with pytest.raises(InputError, match="not found verbatim"):
        append_node(path, NodeStub(NodeType.CLAIM, "engagement", "Made up", "viakhireva-2020", "Words nobody wrote."), set(m.nodes),
                    source_text=text)
    assert path.read_text() == before
