"""Writing a map as YAML in the curated style (for importers and round trips).

The output loads back, through argmap's strict loader, to an equal map: strings that YAML
would type (`no`, `2020`, `true`) are quoted, lists of ids are written inline, long texts
are folded only where that is lossless.
"""

from __future__ import annotations

from typing import Any

import yaml

from .model import Attack, MapFile

__all__ = ["dump_map", "document_data"]

MODELINE = "# yaml-language-server: $schema={schema}\n"


class _Dumper(yaml.CSafeDumper):  # type: ignore[misc]
    pass


class _Inline(list):
    """A list written in flow style: `[a, b, c]`."""


def _inline(dumper: yaml.Dumper, data: _Inline):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


def _str(dumper: yaml.Dumper, data: str):
    if "\n" in data and _literal_safe(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _literal_safe(text: str) -> bool:
    """A literal block keeps text exactly unless it has trailing spaces or odd characters."""
    return all(line == line.rstrip() for line in text.split("\n")) and not text.startswith((" ", "\n")) and all(
        ch.isprintable() or ch == "\n" for ch in text
    )


_Dumper.add_representer(_Inline, _inline)
_Dumper.add_representer(str, _str)


def _clean(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _clean(v) for k, v in data.items()}
    if isinstance(data, list):
        if data and all(isinstance(v, str) and "\n" not in v and len(v) < 60 for v in data):
            return _Inline(data)
        return [_clean(v) for v in data]
    return data


def document_data(doc: MapFile) -> dict[str, Any]:
    """A map file as plain data, defaults left out, rebuttal attacks written as bare ids."""
    data = doc.model_dump(mode="json", exclude_defaults=True)
    if doc.map is not None:
        data["map"] = doc.map.model_dump(mode="json", exclude_defaults=True)
    for node_data, node in zip(data.get("nodes", []), doc.nodes):
        if node.attacks:
            node_data["attacks"] = [
                a.target if a.plain else {"target": a.target, **a.model_dump(mode="json", exclude_defaults=True)}
                for a in node.attacks
                if isinstance(a, Attack)
            ]
    ordered = {key: data[key] for key in ("map", "sides", "actors", "themes", "patterns", "sources", "nodes", "argdown", "dialogue")
               if data.get(key)}
    return ordered


def dump_map(doc: MapFile, *, schema: str | None = None, header: str | None = None) -> str:
    """YAML text for a map file; `schema` adds the yaml-language-server modeline."""
    body = yaml.dump(
        _clean(document_data(doc)),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    lead = MODELINE.format(schema=schema) if schema else ""
    if header:
        lead += "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    # Blank lines between top-level sections, for people reading the file.
    body = body.replace("\nsides:", "\n\nsides:").replace("\nactors:", "\n\nactors:").replace(
        "\nthemes:", "\n\nthemes:").replace("\npatterns:", "\n\npatterns:").replace(
        "\nsources:", "\n\nsources:").replace("\nnodes:", "\n\nnodes:").replace("\ndialogue:", "\n\ndialogue:").replace(
        "\nargdown:", "\n\nargdown:")
    return lead + ("\n" if lead else "") + body
