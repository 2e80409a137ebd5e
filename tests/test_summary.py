"""`argmap validate` answering from its summary record (argmap.summary): invisible in its output.

Every test compares what `validate` prints and its exit code with a fresh check's (the cache
off), and watches whether the record answered: an input left out of the record's key shows
here as a record answering for a map that changed (the output differs from the fresh one).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.cache import CACHE_DIR, DiskCache
from conftest import read_only_folder, run_cli
from test_incremental import MAP, project  # noqa: F401 - the fixture

FORMATS = ((), ("-q",), ("--strict",), ("--format", "json"), ("--format", "github"), ("--format", "json", "-q"))
NODES = Path(MAP) / "nodes"


@pytest.fixture
def answered(project: Path, monkeypatch) -> list[bool]:  # noqa: F811
    """Run in the project with its own cache; collects, per `validate` of a map, whether the
    record answered."""
    import argmap.summary as summary

    monkeypatch.chdir(project)
    monkeypatch.delenv("ARGMAP_NO_CACHE", raising=False)
    monkeypatch.delenv("ARGMAP_CACHE_DIR", raising=False)
    seen: list[bool] = []
    real = summary.recall

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        seen.append(out is not None)
        return out

    monkeypatch.setattr(summary, "recall", spy)
    return seen


def validate(capsys, *args: str, path: str = MAP) -> tuple[int, str]:
    code, out, err = run_cli(capsys, "validate", path, *args)
    return code, out + err


def fresh(capsys, monkeypatch, *args: str, path: str = MAP) -> tuple[int, str]:
    """What a check with no cache at all prints (not seen by `answered`)."""
    with monkeypatch.context() as m:
        m.setenv("ARGMAP_NO_CACHE", "1")
        m.setattr("argmap.summary.recall", lambda *_a, **_k: None)
        return validate(capsys, *args, path=path)


def record_file(project: Path) -> Path:  # noqa: F811
    from argmap.summary import _name

    return project / CACHE_DIR / _name(Path(MAP), project.resolve(), str(project.resolve()))


def test_a_hit_says_what_a_fresh_check_says_in_every_format(project: Path, answered, capsys, monkeypatch) -> None:  # noqa: F811
    for args in FORMATS:
        expected = fresh(capsys, monkeypatch, *args)
        answered.clear()
        cold = validate(capsys, *args)
        warm = validate(capsys, *args)
        assert cold == warm == expected, args
        assert answered == ([False, True] if args == FORMATS[0] else [True, True]), args  # one record for every format
    assert "12 warnings" in fresh(capsys, monkeypatch)[1], "the bundled map has warnings with lines to show"
    assert fresh(capsys, monkeypatch, "--strict")[0] == 1


def test_the_cache_switches_are_followed(project: Path, answered, capsys, monkeypatch, tmp_path_factory) -> None:  # noqa: F811
    expected = fresh(capsys, monkeypatch)
    validate(capsys)
    assert record_file(project).is_file()
    monkeypatch.setenv("ARGMAP_NO_CACHE", "1")
    answered.clear()
    assert validate(capsys) == expected and answered == [False]
    monkeypatch.delenv("ARGMAP_NO_CACHE")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(elsewhere))
    assert validate(capsys) == validate(capsys) == expected and answered == [False, False, True]
    assert (elsewhere / record_file(project).name).is_file()


def test_a_record_from_another_version_or_damaged_is_not_used(project: Path, answered, capsys, monkeypatch) -> None:  # noqa: F811
    import argmap.cache as cache

    expected = fresh(capsys, monkeypatch)
    validate(capsys)
    name = record_file(project).name
    store = DiskCache(project / CACHE_DIR)
    stored = store.get(name)
    assert stored is not None and stored["problems"]
    lying = dict(stored, problems=[])  # a record that, used, would change the output

    with monkeypatch.context() as m:  # written by another version
        m.setattr(cache, "fingerprint", lambda: b"another version".ljust(32, b"\0"))
        assert store.put(name, lying)
    answered.clear()
    assert validate(capsys) == expected and answered == [False]

    store.put(name, lying)  # this version's: used (so the tests above can fail)
    assert validate(capsys) != expected and answered[-1] is True

    for damage in (lambda b: b[:-1] + bytes([b[-1] ^ 1]), lambda b: b[: len(b) // 2], lambda b: b""):
        store.put(name, stored)
        path = record_file(project)
        path.write_bytes(damage(path.read_bytes()))
        answered.clear()
        assert validate(capsys) == expected and answered == [False]
        assert validate(capsys) == expected and answered == [False, True]  # the check wrote it again


def test_a_read_only_cache_folder(project: Path, answered, capsys, monkeypatch) -> None:  # noqa: F811
    expected = fresh(capsys, monkeypatch)
    answered.clear()
    with read_only_folder(project / CACHE_DIR, monkeypatch) as folder:
        assert validate(capsys) == validate(capsys) == expected
        assert answered == [False, False] and list(folder.iterdir()) == []


def _break_a_quote(project: Path) -> None:  # noqa: F811
    """Change the words of the first quote of the map in its source (AM404, AM410)."""
    from argmap.loader import load_map

    m = load_map(project / MAP).map
    quote = next(q for n in m.nodes.values() for q in n.quotes)
    source = project / m.sources[quote.source].file
    text = source.read_text(encoding="utf-8")
    words = quote.text.split()
    assert words[0] in text
    source.write_text(text.replace(words[0], "Zzyzx", 1) if len(words[0]) > 3 else text.replace(words[1], "Zzyzx", 1),
                      encoding="utf-8")


def _link_out(project: Path, outside: Path, name: str = str(NODES / "viakhireva.yaml")) -> None:  # noqa: F811
    """Replace the file `name` with a link to a copy of it outside the project (AM018, AM402)."""
    target = project / name
    copy = outside / target.name
    shutil.copy(target, copy)
    target.unlink()
    target.symlink_to(copy)


# Each edit changes what a fresh check says; the record must not answer for it.
EDITS = {
    "a map file edited": lambda p, o: (p / MAP / "map.yaml").write_text(
        (p / MAP / "map.yaml").read_text().replace("sides:", "sidez:", 1)),
    "a map file added": lambda p, o: shutil.copy(p / NODES / "viakhireva.yaml", p / NODES / "viakhireva-again.yaml"),
    "a map file added last": lambda p, o: shutil.copy(p / NODES / "viakhireva.yaml", p / MAP / "zz-more.yaml"),
    "a map file deleted": lambda p, o: (p / NODES / "viakhireva.yaml").unlink(),
    "the last map file deleted": lambda p, o: (p / MAP / "sources.yaml").unlink(),
    "a map file renamed": lambda p, o: (p / NODES / "viakhireva.yaml").rename(p / NODES / "viakhireva-renamed.yaml"),
    "a quote broken in its source": lambda p, o: _break_a_quote(p),
    "a source copy edited": lambda p, o: (p / "seeds/breton-dutkiewicz-action-brief-repost.txt").write_bytes(
        b"a different text\n" + (p / "seeds/breton-dutkiewicz-action-brief-repost.txt").read_bytes()),
    "a source deleted": lambda p, o: (p / "seeds/viakhireva-niche-cooperation.txt").unlink(),
    "a source linked out of the project": lambda p, o: _link_out(p, o, "seeds/viakhireva-niche-cooperation.txt"),
    "argmap.toml's limits": lambda p, o: (p / "argmap.toml").write_text(
        (p / "argmap.toml").read_text().replace("max_entries = 100000", "max_entries = 10")),
    "a map file linked out of the project": lambda p, o: _link_out(p, o),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_each_input_changed_is_checked_again(edit: str, project: Path, answered, capsys, monkeypatch,  # noqa: F811
                                             tmp_path_factory) -> None:
    before = validate(capsys)
    assert validate(capsys) == before and answered == [False, True]
    EDITS[edit](project, tmp_path_factory.mktemp("outside"))
    answered.clear()
    for args in ((), ("--format", "json"), ("-q",)):
        expected = fresh(capsys, monkeypatch, *args)
        assert validate(capsys, *args) == validate(capsys, *args) == expected, args
    assert answered[0] is False
    assert fresh(capsys, monkeypatch) != before, "the edit must change the answer, or the test proves nothing"


def test_another_current_folder(project: Path, answered, capsys, monkeypatch) -> None:  # noqa: F811
    """Problems name files from the current folder: the same map named from elsewhere has a
    record of its own, and neither answers for the other."""
    whole = str(project / MAP)
    here = fresh(capsys, monkeypatch, path=whole)
    monkeypatch.chdir(project / "arguments")
    there = fresh(capsys, monkeypatch, path=whole)
    assert "canada-russia/nodes/" in there[1] and "arguments/canada-russia/nodes" not in there[1] and here != there
    answered.clear()
    for folder, expected in ((project, here), (project / "arguments", there)) * 2:
        monkeypatch.chdir(folder)
        assert validate(capsys, path=whole) == expected
    assert answered == [False, False, True, True]


def test_a_hit_imports_no_models(project: Path, answered, capsys) -> None:  # noqa: F811
    validate(capsys)
    code = ("import sys\nfrom argmap.cli import main\n"
            f"try:\n    main(['validate', '-q', {MAP!r}])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pydantic', 'yaml', 'argmap.model', 'argmap.core', 'argmap.loader', 'argmap.validate',"
            " 'argmap.incremental', 'argmap.yamlsafe') if m in sys.modules]\n"
            "print(heavy)")
    env = {k: v for k, v in os.environ.items() if k not in ("ARGMAP_NO_CACHE", "ARGMAP_CACHE_DIR")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=project, env=env).stdout
    assert out.strip().endswith("[]"), out
    assert "12 warnings" in out
