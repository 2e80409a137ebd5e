"""The explorer's "changes since" mode (`argmap tui --since OLD`): changed nodes marked in the tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from argmap.diff.versions import Version
from argmap.loader import load_map
from argmap.tui.app import ArgmapApp
from argmap.tui.widgets.maptree import MapTree
from conftest import CORPUS, run_cli
from diff_helpers import V1_NODES, V2_NODES, two_commits, write_version

pytestmark = pytest.mark.anyio


def _project(folder: Path, nodes: str) -> Path:
    folder.mkdir()
    (folder / "argmap.toml").write_text('maps = "maps"\n')
    (folder / "sources").mkdir()
    shutil.copy(CORPUS / "sources" / "speech.txt", folder / "sources" / "speech.txt")
    return write_version(folder, nodes)


def _labels(tree: MapTree) -> dict[str, str]:
    """Node id → the plain text of its line, over every line built so far."""
    out, stack = {}, list(tree.root.children)
    while stack:
        node = stack.pop()
        if node.data is not None and node.data.node_id:
            out.setdefault(node.data.node_id, tree._label(node).plain)
        stack.extend(node.children)
    return out


async def test_tree_marks_added_changed_renamed_and_reevaluated(tmp_path):
    old = load_map(_project(tmp_path / "a", V1_NODES)).map
    new_path = _project(tmp_path / "b", V2_NODES)
    app = ArgmapApp(new_path, watch=False, since=Version("v1", old))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        tree = app.query_one(MapTree)
        for node in list(tree.root.children):  # open the argument two levels down
            tree._populate(node)
            for child in node.children:
                tree._populate(child)
        labels = _labels(tree)
        assert app.state.since == "v1"
        assert labels["rec"].startswith("◆ ↓ ! ")  # its verdict changed
        assert "✗ ! " in labels["why"]  # its label changed
        assert "✚ " in labels["doubt"] and "⇄ " in labels["trade-stat"] and "✎ " in labels["reply"]
        assert "✚" not in labels["obj"] and "✎" not in labels["obj"] and "!" not in labels["obj"]
        assert str(tree.border_subtitle).startswith("5 changes since v1: ")


async def test_without_since_nothing_is_marked(tmp_path):
    app = ArgmapApp(_project(tmp_path / "b", V2_NODES), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.state.since is None and app.state.changes == {}
        assert not any(mark in text for text in _labels(app.query_one(MapTree)).values() for mark in "✚✎⇄")


@pytest.mark.exe("git")
def test_cli_refuses_an_unknown_revision_before_opening(tmp_path, capsys, monkeypatch):
    (tmp_path / "argmap.toml").write_text('maps = "maps"\n')
    (tmp_path / "sources").mkdir()
    shutil.copy(CORPUS / "sources" / "speech.txt", tmp_path / "sources" / "speech.txt")
    two_commits(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, "tui", "--since", "v9")
    assert code == 2 and "`v9` is neither" in err
