"""Interchange with other argument tools: Argdown, AIF (OVA, AIFdb), Kialo, SADFace and arg-microtexts.

An adapter on the core: exporters take a resolved `ArgumentMap` and return text; importers read
a file and return an `ImportResult` whose `MapFile` validates with no errors (warnings such as
"no quote" are expected: an imported map has no quotes checked against its documents). The
mapping decisions are written up in docs/interchange.md and in each module's docstring.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core import ArgumentMap
    from .build import ImportResult

__all__ = ["EXPORT_FORMATS", "IMPORT_FORMATS", "export_text", "import_file"]

EXPORT_FORMATS = ("argdown", "aif", "graphml")
IMPORT_FORMATS = ("aif", "kialo", "argdown-json", "sadface", "microtexts")


def export_text(argmap: "ArgumentMap", fmt: str) -> str:
    """The map in `fmt` (one of EXPORT_FORMATS)."""
    if fmt == "argdown":
        from .argdown import to_argdown

        return to_argdown(argmap)
    if fmt == "aif":
        from .aif import to_aif

        return to_aif(argmap)
    if fmt == "graphml":
        from .graphml import to_graphml

        return to_graphml(argmap)
    raise ValueError(f"unknown export format {fmt!r}")


def import_file(path: Path, fmt: str) -> "ImportResult":
    """Read `path` in `fmt` (one of IMPORT_FORMATS) into a map."""
    if fmt == "aif":
        from .aif_import import import_aif

        return import_aif(path)
    if fmt == "kialo":
        from .kialo import import_kialo

        return import_kialo(path)
    if fmt == "argdown-json":
        from .argdown_json import import_argdown_json

        return import_argdown_json(path)
    if fmt == "sadface":
        from .sadface import import_sadface

        return import_sadface(path)
    if fmt == "microtexts":
        from .microtexts import import_microtexts

        return import_microtexts(path)
    raise ValueError(f"unknown import format {fmt!r}")
