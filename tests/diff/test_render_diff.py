"""`argmap render --diff OLD`: added, changed, renamed, re-evaluated and removed nodes and edges marked."""

from __future__ import annotations

import re

import pytest

from conftest import run_cli
from diff_helpers import repo  # noqa: F401 - `repo` is a fixture

pytestmark = pytest.mark.exe("git")



def _node(dot: str, ident: str) -> str:
    match = re.search(rf"^\s*{re.escape(ident)} \[(.*?)\]$", dot, re.M | re.S)
    assert match, f"no node {ident}"
    return match.group(1)


def test_dot_marks_every_kind_of_change(repo, capsys, tmp_path):
    out = tmp_path / "d.dot"
    code, _, err = run_cli(capsys, "render", "--diff", "v1", "-o", str(out))
    assert code == 0, err
    dot = out.read_text()
    assert 'color="#1a7f37"' in _node(dot, "doubt") and "● NEW" in _node(dot, "doubt")
    assert "● RENAMED (was stat)" in _node(dot, '"trade-stat"') and 'color="#0969da"' in _node(dot, '"trade-stat"')
    assert "● CHANGED" in _node(dot, "reply")
    assert "● now countered, was stands" in _node(dot, "rec") and 'color="#8250df"' in _node(dot, "rec")
    assert "● now out, was in" in _node(dot, "why")
    assert "● REMOVED  CLAIM" in _node(dot, "_removed_gone")
    assert re.search(r'_removed_gone -> rec \[.*color="#cf222e".*xlabel=removed', dot)
    assert re.search(r'doubt -> why \[.*color="#1a7f37".*xlabel=added', dot)
    assert re.search(r'reply -> obj \[(?!.*xlabel)', dot)  # unchanged edges are drawn as before
    assert "removed since v1" in dot  # the key


def test_unchanged_map_marks_nothing(repo, capsys, tmp_path):
    out = tmp_path / "d.dot"
    assert run_cli(capsys, "render", "--diff", "HEAD", "-o", str(out), "--no-legend")[0] == 0
    assert "●" not in out.read_text() and "_removed_" not in out.read_text()


def test_focus_shows_only_removed_nodes_tied_to_what_is_drawn(repo, capsys, tmp_path):
    out = tmp_path / "d.dot"
    assert run_cli(capsys, "render", "--diff", "v1", "--focus", "reply", "--depth", "1", "-o", str(out))[0] == 0
    assert "_removed_gone" not in out.read_text()


def test_unknown_revision(repo, capsys, tmp_path):
    code, _, err = run_cli(capsys, "render", "--diff", "v9", "-o", str(tmp_path / "d.dot"))
    assert code == 2 and "`v9` is neither a map file or folder nor a revision" in err


@pytest.mark.exe("dot")
def test_png(repo, capsys, tmp_path):
    out = tmp_path / "d.png"
    assert run_cli(capsys, "render", "--diff", "v1", "-o", str(out))[0] == 0
    assert out.read_bytes().startswith(b"\x89PNG")
