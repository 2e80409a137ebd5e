"""The re-checker re-checks only what an edit can affect, and always says what a fresh validate says.

Maps here are small and dense in links (supports, attacks of every kind with premises, part_of,
links to ids that do not exist), so that random edits (retyping, relinking, renaming, adding,
removing and moving nodes between files) reach every rule that reads another node.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.incremental import Workspace
from argmap.loader import load_map

IDS = [f"n{i}" for i in range(8)]
NAMES = IDS + ["ghost", "n1x"]  # ids a link may name: some never exist, one is close to another
TYPES = ["claim", "evidence", "recommendation", "objection", "rebuttal"]
KINDS = ["rebut", "undermine", "undercut"]

MAP = {
    "map": {"id": "m", "title": "A map", "question": "Which way?"},
    "sides": [{"id": "pro", "label": "Pro", "colour": "#0072b2"}, {"id": "con", "label": "Con", "colour": "#d55e00"}],
    "patterns": [{"id": "p1", "label": "A pattern"}],
}


@st.composite
def nodes(draw, ident: str | None = None) -> dict:
    node = {
        "id": ident or draw(st.sampled_from(NAMES)),
        "type": draw(st.sampled_from(TYPES)),
        "side": draw(st.sampled_from(["pro", "con"])),
        "text": "Some words.",
    }
    supports = draw(st.lists(st.sampled_from(NAMES), max_size=3))
    if supports:
        node["supports"] = supports
    attacks = []
    for target in draw(st.lists(st.sampled_from(NAMES), max_size=2)):
        attack: dict = {"target": target, "kind": draw(st.sampled_from(KINDS))}
        premises = draw(st.lists(st.sampled_from(NAMES), max_size=2))
        if premises:
            attack["premises"] = premises
        attacks.append(attack)
    if attacks:
        node["attacks"] = attacks
    part_of = draw(st.lists(st.sampled_from(NAMES), max_size=2))
    if part_of:
        node["part_of"] = part_of
    if draw(st.booleans()):
        node["pattern"] = "p1"
    return node


def texts(files: list[list[dict]]) -> dict[str, str]:
    out = {"map.yaml": yaml.safe_dump(MAP, sort_keys=False)}
    for i, entries in enumerate(files):
        out[f"nodes-{i}.yaml"] = yaml.safe_dump({"nodes": entries}, sort_keys=False) if entries else "nodes: []\n"
    return out


@st.composite
def histories(draw) -> tuple[list[list[dict]], list[tuple]]:
    first = [draw(nodes(ident)) for ident in IDS[:5]]
    files = [first[:3], first[3:]]
    edits = draw(st.lists(st.tuples(st.sampled_from(["replace", "relink", "add", "remove", "move", "retype"]),
                                    st.integers(0, 1), st.integers(0, 10), nodes()), min_size=1, max_size=8))
    return files, edits


def apply(files: list[list[dict]], edit: tuple) -> list[list[dict]]:
    what, f, i, new = edit
    files = [list(entries) for entries in files]
    entries = files[f]
    if what == "add" or not entries:
        entries.insert(i % (len(entries) + 1), new)
        return files
    i %= len(entries)
    old = entries[i]
    if what == "replace":
        entries[i] = new
    elif what == "relink":  # the same node, other links
        entries[i] = {**new, "id": old["id"], "type": old["type"]}
    elif what == "retype":
        entries[i] = {**old, "type": new["type"]}
    elif what == "remove":
        del entries[i]
    elif what == "move":
        files[1 - f].append(entries.pop(i))
    return files


def problems(result) -> list[dict]:
    return [p.to_dict() for p in result.problems]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_every_recheck_says_what_a_fresh_validate_says(history) -> None:
    files, edits = history
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "m"
        folder.mkdir()
        for name, text in texts(files).items():
            (folder / name).write_text(text, encoding="utf-8")
        ws = Workspace(folder, cache=False)
        assert problems(ws.load()) == problems(load_map(folder))
        for edit in edits:
            files = apply(files, edit)
            changed = []
            for name, text in texts(files).items():
                path = folder / name
                if path.read_text(encoding="utf-8") != text:
                    path.write_text(text, encoding="utf-8")
                    changed.append(path)
            result = ws.update(changed)
            fresh = load_map(folder)
            assert problems(result) == problems(fresh), edit


def test_rechecks_stay_within_reach_of_the_edit(tmp_path: Path, monkeypatch) -> None:
    """A link changed in a chain of 40 claims re-checks the claims it touches, not the chain."""
    from argmap import validate

    chain = [{"id": f"c{i}", "type": "claim", "side": "pro", "text": "Words.", "supports": [f"c{i + 1}"]} for i in range(39)]
    chain.append({"id": "c39", "type": "recommendation", "side": "pro", "text": "Do it."})
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "map.yaml").write_text(yaml.safe_dump(MAP, sort_keys=False), encoding="utf-8")
    path = folder / "nodes.yaml"
    path.write_text(yaml.safe_dump({"nodes": chain}, sort_keys=False), encoding="utf-8")
    ws = Workspace(folder, cache=False)
    ws.load()
    checked: list[str] = []
    real = validate._Checker.node_references
    monkeypatch.setattr(validate._Checker, "node_references", lambda self, node, origin: (checked.append(node.id), real(self, node, origin)))
    chain[20]["supports"] = ["c22"]  # c21 is no longer supported by c20
    path.write_text(yaml.safe_dump({"nodes": chain}, sort_keys=False), encoding="utf-8")
    result = ws.update([path])
    assert sorted(checked) == ["c20", "c21", "c22"]
    assert [p.to_dict() for p in result.problems] == [p.to_dict() for p in load_map(folder).problems]
    checked.clear()
    chain.append({"id": "c21x", "type": "claim", "side": "pro", "text": "New.", "supports": ["c1"]})  # a new id
    path.write_text(yaml.safe_dump({"nodes": chain}, sort_keys=False), encoding="utf-8")
    result = ws.update([path])
    assert sorted(checked) == ["c1", "c21x"]
    assert [p.to_dict() for p in result.problems] == [p.to_dict() for p in load_map(folder).problems]


def test_an_undercut_hears_of_its_premise_changing_its_links(tmp_path: Path) -> None:
    """AM309 reads the premise's `supports`: relinking the premise re-checks the undercut."""
    entries = [
        {"id": "rec", "type": "recommendation", "side": "pro", "text": "Do it."},
        {"id": "why", "type": "claim", "side": "pro", "text": "Because.", "supports": ["rec"]},
        {"id": "but", "type": "objection", "side": "con", "text": "Not so.", "pattern": "p1",
         "attacks": [{"target": "rec", "kind": "undercut", "premises": ["why"]}]},
    ]
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "map.yaml").write_text(yaml.safe_dump(MAP, sort_keys=False), encoding="utf-8")
    (folder / "a.yaml").write_text(yaml.safe_dump({"nodes": entries[:2]}, sort_keys=False), encoding="utf-8")
    (folder / "b.yaml").write_text(yaml.safe_dump({"nodes": entries[2:]}, sort_keys=False), encoding="utf-8")
    ws = Workspace(folder, cache=False)
    assert "AM309" not in {p.code for p in ws.load().problems}
    entries[1]["supports"] = []
    (folder / "a.yaml").write_text(yaml.safe_dump({"nodes": entries[:2]}, sort_keys=False), encoding="utf-8")
    result = ws.update([folder / "a.yaml"])
    assert "AM309" in {p.code for p in result.problems}
    assert problems(result) == problems(load_map(folder))


def test_a_self_link_inside_a_cycle(tmp_path: Path) -> None:
    """`part_of: [itself, other]` with the other part of it: AM210 and the cycle, not a crash
    (the cycle's path once came back as the self-link alone)."""
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "map.yaml").write_text(yaml.safe_dump(MAP, sort_keys=False), encoding="utf-8")
    entries = [{"id": "a", "type": "recommendation", "side": "pro", "text": "A.", "part_of": ["a", "b"]},
               {"id": "b", "type": "recommendation", "side": "pro", "text": "B.", "part_of": ["a"]}]
    (folder / "nodes.yaml").write_text(yaml.safe_dump({"nodes": entries}, sort_keys=False), encoding="utf-8")
    messages = [p.message for p in load_map(folder).problems]
    assert "node `a` is listed as part of itself" in messages
    assert "cycle of parts: a → b → a" in messages
