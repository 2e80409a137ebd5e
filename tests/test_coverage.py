"""Coverage: how much of each source the map quotes (argmap.coverage and `argmap coverage`)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from argmap.coverage import quoted_spans, sentences, source_coverage
from argmap.loader import load_map
from conftest import BUNDLED, ROOT, run_cli


def test_sentences_split_at_stops_and_blank_lines():
    text = "First one. Second one? Third\nwraps here.\n\nNew paragraph no stop\n\nLast (Smith 2020). End."
    got = [text[a:b] for a, b in sentences(text)]
    assert got == ["First one.", "Second one?", "Third\nwraps here.", "New paragraph no stop", "Last (Smith 2020).", "End."]


def test_elided_quote_covers_only_its_parts(tmp_path: Path):
    (tmp_path / "s.txt").write_text("Alpha beta gamma. Delta epsilon zeta. Eta theta iota.\n")
    (tmp_path / "m.yaml").write_text(
        "map: {id: m, title: M, question: Q?}\nsides: [{id: a, label: A}]\n"
        "sources: [{id: s, title: S, file: s.txt}]\n"
        "nodes:\n  - id: n\n    type: recommendation\n    side: a\n    text: T\n"
        "    quotes: [{source: s, text: 'Alpha beta [...] Eta theta'}]\n")
    m = load_map(tmp_path / "m.yaml", root=tmp_path).map
    text = m.texts["s"].text
    assert [text[a:b] for a, b in quoted_spans(m, "s")] == ["Alpha beta", "Eta theta"]
    cov = source_coverage(m, "s")
    assert cov.sentences_total == 3 and cov.sentences_covered == 2  # "Delta ..." is not covered
    assert [p.text for p in cov.uncovered] == ["Delta epsilon zeta."]
    assert cov.chars_covered == len("Alphabeta") + len("Etatheta")


def test_cli_json_on_the_bundled_map(capsys):
    code, out, _ = run_cli(capsys, "coverage", str(BUNDLED), "--format", "json", "--top", "2")
    assert code == 0
    data = json.loads(out)
    by_id = {s["id"]: s for s in data["sources"]}
    assert set(by_id) == {"nato-association", "action-brief", "viakhireva-2020", "globe-and-mail"}
    for s in by_id.values():
        assert 0 < s["characters"]["covered"] < s["characters"]["total"]
        assert 0 < s["sentences"]["share"] < 1
        assert len(s["uncovered"]) == 2
        first = s["uncovered"][0]
        assert first["line"] <= first["end_line"] and first["chars"] >= s["uncovered"][1]["chars"]
    # an uncovered passage is really in the source, at the line given
    brief = by_id["action-brief"]
    lines = (ROOT / brief["file"]).read_text().splitlines()
    passage = brief["uncovered"][0]
    assert passage["text"].split()[0] in lines[passage["line"] - 1]


def test_deleting_a_quote_lowers_its_source_figure(tmp_path: Path, capsys):
    project = tmp_path / "p"
    shutil.copytree(ROOT / "arguments", project / "arguments")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    shutil.copy(ROOT / "argmap.toml", project / "argmap.toml")
    target = project / "arguments" / "canada-russia"

    def figure() -> tuple[int, float]:
        code, out, _ = run_cli(capsys, "coverage", str(target), "--format", "json", "--source", "globe-and-mail")
        assert code == 0
        s = json.loads(out)["sources"][0]
        return s["characters"]["covered"], s["sentences"]["share"]

    before = figure()
    # drop the last quote of a node that has several, one that no other quote overlaps
    m = load_map(target).map
    spans = {c: m.quote_span(*c) for c in m.citing("globe-and-mail")}
    node_id, index = next((n, i) for (n, i), s in spans.items()
                          if i > 0 and i == len(m.nodes[n].quotes) - 1 and s is not None
                          and not any(o != (n, i) and o_s and o_s.start < s.end and s.start < o_s.end for o, o_s in spans.items()))
    nodes = m.origin("nodes", node_id).file.path
    lines = nodes.read_text().splitlines(keepends=True)
    at = next(k for k, line in enumerate(lines) if line.strip() == f"- id: {node_id}")
    starts = [k for k in range(at, len(lines)) if lines[k].strip() == "- source: globe-and-mail"][:index + 1]
    end = starts[-1] + 1
    while end < len(lines) and lines[end].startswith(" " * 8) and lines[end].strip():
        end += 1
    nodes.write_text("".join(lines[:starts[-1]] + lines[end:]))
    after = figure()
    assert after[0] < before[0]
    assert after[1] <= before[1]


def test_text_report_and_errors(capsys):
    code, out, _ = run_cli(capsys, "coverage", str(BUNDLED), "--top", "1", "--source", "nato-association")
    assert code == 0
    assert out.startswith("nato-association  seeds/nato-association-russian-canadian-relations.txt\n")
    assert "% of characters covered" in out and "longest uncovered passages" in out
    code, _, err = run_cli(capsys, "coverage", str(BUNDLED), "--source", "nope")
    assert code == 2 and "no source `nope`" in err


def test_coverage_imports_no_user_interface():
    import subprocess
    import sys

    code = ("import sys\nfrom argmap.cli import main\ntry:\n"
            f"    main(['coverage', '--format', 'json', {str(BUNDLED)!r}])\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'graphviz', 'jinja2', 'docx')))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "HEAVY []" in proc.stdout, proc.stderr[-500:]
