"""`argmap render` and `argmap stats` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli as run

CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.mark.exe("dot")
def test_render_svg_from_the_file_name(capsys, tmp_path):
    out = tmp_path / "map.svg"
    code, _, err = run(capsys, "render", str(CORPUS / "valid.yaml"), "-o", str(out))
    assert code == 0 and f"wrote {out} (4 of 4 nodes)" in err
    assert out.read_bytes().lstrip().startswith(b"<?xml")


def test_render_dot_needs_no_graphviz(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    out = tmp_path / "map.dot"
    code, _, err = run(capsys, "render", str(CORPUS / "valid.yaml"), "-o", str(out), "--focus", "obj", "--depth", "1")
    assert code == 0 and "(3 of 4 nodes)" in err
    assert out.read_text().startswith("digraph corpus {")


def test_render_without_graphviz_writes_the_dot_and_says_how_to_install(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("ARGMAP_DOT", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    out = tmp_path / "map.png"
    code, _, err = run(capsys, "render", str(CORPUS / "valid.yaml"), "-o", str(out))
    assert code == 1
    assert "apt-get install graphviz" in err
    assert (tmp_path / "map.dot").read_text().startswith("digraph")
    assert not out.exists()


def test_render_usage_errors(capsys, tmp_path):
    assert run(capsys, "render", str(CORPUS / "valid.yaml"), "-o", str(tmp_path / "map.jpg"))[0] == 2
    code, _, err = run(capsys, "render", str(CORPUS / "valid.yaml"), "-o", str(tmp_path / "m.dot"), "--focus", "rek")
    assert code == 2 and "did you mean `rec`?" in err
    code, _, err = run(capsys, "render", str(CORPUS / "valid.yaml"), "-o", str(tmp_path / "m.dot"), "--theme", "fish")
    assert code == 2 and "no theme `fish`" in err
    assert run(capsys, "render", str(CORPUS / "valid.yaml"))[0] == 2  # -o is required


def test_render_an_invalid_map_fails_with_its_problems(capsys, tmp_path):
    code, _, err = run(capsys, "render", str(CORPUS / "support-cycle.yaml"), "-o", str(tmp_path / "m.dot"))
    assert code == 1 and "AM211" in err


def test_stats_human_and_json(capsys):
    code, out, _ = run(capsys, "stats", str(CORPUS / "objection-unanswered.yaml"))
    assert code == 0
    assert "Unanswered objections (1)\n  obj: Trade costs too much." in out
    assert "defeated   We should trade more with our neighbours." in out
    code, out, _ = run(capsys, "stats", str(CORPUS / "valid.yaml"), "--format", "json")
    data = json.loads(out)
    assert data["by_type"] == {"claim": 1, "recommendation": 1, "objection": 1, "rebuttal": 1, "evidence": 0}
    assert data["by_side"] == {"pro": 3, "con": 1}
    assert data["by_pattern"] == {"cost": 1}
    assert data["by_source"] == {"speech": 4}
    assert data["unanswered_objections"] == [] and data["unsupported_recommendations"] == []
    assert data["recommendations"] == [{
        "id": "rec", "label": "We should trade more with our neighbours.", "verdict": "stands",
        "reason": "stands: its reason `why` holds and every objection to it is answered (`obj`).",
        "supports": 1, "objections": {"answered": ["obj"], "contested": [], "unanswered": [], "inherited": []}}]


def test_stats_counts_a_step_supported_through_its_whole_as_supported(capsys):
    code, out, _ = run(capsys, "stats", str(CORPUS / "part-of.yaml"), "--format", "json")
    assert code == 0 and json.loads(out)["unsupported_recommendations"] == []
