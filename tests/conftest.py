"""Shared fixtures, and the rule for tests that need an outside program.

A test marked `@pytest.mark.exe("dot")` is skipped, with the reason, where the program is
missing — except under CI (CI=true), where .ci/run installs it first and its absence fails the
test instead of hiding it.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
BUNDLED = ROOT / "arguments" / "canada-russia"


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def find_program(name: str) -> str | None:
    """Where an outside program is; the Argdown CLI is looked for in the project's own install."""
    if name == "argdown":
        local = ROOT / ".ci" / "node" / "node_modules" / ".bin" / "argdown"
        if local.exists():
            return str(local)
    return shutil.which(name)


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers(name="exe"):
        for name in marker.args:
            if find_program(name) is None:
                if under_ci():
                    pytest.fail(f"`{name}` is required under CI (.ci/run installs it) but was not found")
                pytest.skip(f"`{name}` is not installed")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run `argmap ARGV` in this process: (exit code, stdout, stderr); never a traceback."""
    from argmap.cli import main

    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture(autouse=True)
def _explorer_cache(request, tmp_path_factory, monkeypatch) -> None:
    """Each explorer test starts with an empty cache of its own: the explorer draws a map's
    saved first screen when the cache has one (argmap.tui.snapshot), so a test would otherwise
    start differently depending on which tests ran before it. Tests of the saved screen itself
    open the same map twice on one cache."""
    if request.node.path.name.startswith("test_tui"):
        monkeypatch.delenv("ARGMAP_NO_CACHE", raising=False)
        monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (the explorer's, driven by Textual's pilot) run on asyncio."""
    return "asyncio"


@pytest.fixture
def tui_project(tmp_path: Path) -> Path:
    """A copy of the explorer's test project (tests/tui), to edit."""
    shutil.copytree(Path(__file__).resolve().parent / "tui", tmp_path / "p")
    return tmp_path / "p"


@contextmanager
def read_only_folder(folder: Path, monkeypatch):
    """`folder`, made and left unwritable while the block runs; as root, who writes anyway,
    the writes the cache makes (argmap.cache: a temporary file renamed) are refused as the OS
    would refuse them."""
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):
        import argmap.cache as cache

        def refused(*_a, **_k):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(cache.tempfile, "mkstemp", refused)
    try:
        yield folder
    finally:
        folder.chmod(0o700)


@pytest.fixture
def corpus() -> Path:
    return CORPUS


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty argmap project folder (with argmap.toml) holding a copy of the corpus source."""
    (tmp_path / "argmap.toml").write_text('maps = "maps"\n')
    (tmp_path / "sources").mkdir()
    shutil.copy(CORPUS / "sources" / "speech.txt", tmp_path / "sources" / "speech.txt")
    (tmp_path / "maps").mkdir()
    return tmp_path
