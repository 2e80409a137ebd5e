"""Helpers shared by the interchange tests: maps from documents, imports checked by the loader."""

from __future__ import annotations

import shutil
from pathlib import Path

from argmap.dump import dump_map
from argmap.loader import load_files, load_map
from argmap.model import MapFile
from argmap.validate import validate
from argmap.yamlsafe import parse_yaml

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
CORPUS = HERE.parent / "corpus"


def argmap_of(doc: MapFile):
    """The resolved ArgumentMap of a document whose sources are the corpus's (quotes verified)."""
    text = dump_map(doc)
    parsed = parse_yaml(text.encode("utf-8"), CORPUS / "generated.yaml", "generated.yaml")
    argmap, problems, broken = load_files([parsed], CORPUS / "generated.yaml", CORPUS)
    assert argmap is not None, problems
    problems += validate(argmap, broken)
    assert not [p for p in problems if p.is_error], [str(p) for p in problems if p.is_error]
    return argmap


def load_import(result, folder: Path, name: str = "imported.yaml"):
    """Write an ImportResult as `argmap import` would and load it back."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "argmap.toml").exists():
        (folder / "argmap.toml").write_text('maps = "."\n')
    (folder / name).write_text(dump_map(result.doc), encoding="utf-8")
    return load_map(folder / name)


def codes(result) -> set[str]:
    return {p.code for p in result.problems}


def copy_fixture(rel: str, dest: Path) -> Path:
    target = dest / Path(rel).name
    shutil.copy(FIXTURES / rel, target)
    return target
