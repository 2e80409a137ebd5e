"""A small run of the benchmark scripts, so they do not rot (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generate_is_reproducible_and_valid(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate, write_project
    finally:
        sys.path.pop(0)
    first, texts = generate(300, 3, seed=7)
    second, _ = generate(300, 3, seed=7)
    assert first == second
    assert len(first.nodes) == 300
    map_dir = write_project(first, texts, tmp_path / "p")
    from argmap.loader import load_map

    result = load_map(map_dir)
    assert result.errors == []
    assert {p.code for p in result.warnings} <= {"AM502"}
    assert len(result.map.spans) == sum(len(n.quotes) for n in first.nodes)
    assert len(list(map_dir.glob("*.yaml"))) == 2


def test_run_writes_a_report(tmp_path):
    out = tmp_path / "BENCH.md"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "200", "--repeat", "1",
                           "--no-peer", "--output", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**__import__("os").environ, "ARGMAP_BENCH_CACHE": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert "## 200 nodes" in text and "## Targets" in text
    assert "| load + validate + quote verification |" in text
    assert "## Cache and incremental re-checks (issue 18)" in text and "| 200 nodes |" in text
    assert "failed" not in text.split("## Cache and incremental")[1].split("\n\n## ")[0]
    assert "`argmap validate -q` on the bundled map, whole process" in text
