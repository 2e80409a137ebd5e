"""Generated maps: every valid map validates clean, and YAML out and back in changes nothing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from argmap.dump import dump_map
from argmap.loader import load_files, load_map
from argmap.validate import validate
from argmap.yamlsafe import parse_yaml

from strategies import valid_maps

CORPUS = Path(__file__).resolve().parent / "corpus"


def _load_text(text: str):
    parsed = parse_yaml(text.encode("utf-8"), CORPUS / "generated.yaml", "generated.yaml")
    argmap, problems, broken = load_files([parsed], CORPUS / "generated.yaml", CORPUS)
    if argmap is not None:
        problems += validate(argmap, broken)
    return argmap, problems


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_maps())
def test_generated_valid_map_validates_clean(doc):
    argmap, problems = _load_text(dump_map(doc))
    assert problems == []
    assert argmap is not None and len(argmap.nodes) == len(doc.nodes)
    assert len(argmap.spans) == sum(len(n.quotes) for n in doc.nodes)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_maps())
def test_dump_then_load_is_equal(doc):
    text = dump_map(doc, schema="../argmap.schema.json", header="generated")
    argmap, problems = _load_text(text)
    assert not [p for p in problems if p.is_error]
    assert argmap.to_document() == doc
    # and dumping the loaded map again gives the same text: the format is stable
    assert dump_map(argmap.to_document(), schema="../argmap.schema.json", header="generated") == text


def test_corpus_valid_map_round_trips_through_dump(tmp_path):
    result = load_map(CORPUS / "valid.yaml")
    assert result.problems == []
    text = dump_map(result.map.to_document())
    argmap, problems = _load_text(text)
    assert problems == []
    assert argmap.to_document() == result.map.to_document()
