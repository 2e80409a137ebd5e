"""The JSON Schema of a map file, for editors (`argmap schema`)."""

from __future__ import annotations

import json

from .model import MapFile

__all__ = ["schema_data", "schema_json", "SCHEMA_FILE"]

# Where the bundled maps' modelines point (relative to a map folder under arguments/).
SCHEMA_FILE = "argmap.schema.json"


def schema_data() -> dict:
    data = MapFile.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://argmap.invalid/schema/map-file.json",
        **data,
    }


def schema_json() -> str:
    return json.dumps(schema_data(), indent=2, ensure_ascii=False) + "\n"
