"""The wheel carries the bundled map, and an installed argmap finds it without a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_the_bundled_map_and_runs_from_it(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("argmap-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    seeds = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    for name in seeds:
        assert f"argmap/bundled/seeds/{name}" in names
    maps = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "arguments").rglob("*.yaml"))
    for name in maps:
        assert f"argmap/bundled/{name}" in names
    assert "argmap/bundled/arguments/argmap.schema.json" in names
    assert not any(n.startswith("tests/") for n in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(site)!r})\n"
        "import argmap\n"
        "print('FROM', argmap.__file__)\n"
        "from argmap.cli import main\n"
        "main(['validate', '-q'])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere, timeout=120)
    assert f"FROM {site}" in proc.stdout
    assert "canada-russia" in proc.stdout
    assert proc.returncode == 0, proc.stdout + proc.stderr
