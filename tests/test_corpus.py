"""The corpus of bad inputs: each file's problems, by code and line, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.loader import load_map
from argmap.problems import CODES

CORPUS = Path(__file__).resolve().parent / "corpus"

# file → the errors it must produce, as CODE@line ("CODE@-" for a problem with no line).
# Warnings listed with a leading "!" must appear too; other warnings are not checked.
EXPECTED: dict[str, list[str]] = {
    "valid.yaml": [],
    "syntax-error.yaml": ["AM010@34"],
    "duplicate-key.yaml": ["AM011@46"],
    "duplicate-section.yaml": ["AM011@59"],
    "alias-bomb.yaml": ["AM107@1"] + [f"AM101@{n}" for n in range(2, 11)] + ["AM012@3"] * 9 + ["AM012@4", "AM012@-"],
    "alias.yaml": ["AM012@35"],
    "merge-key.yaml": ["AM012@34"],
    "tab-indent.yaml": ["AM004@44"],
    "empty.yaml": ["AM005@1"],
    "comments-only.yaml": ["AM005@1"],
    "list-at-top.yaml": ["AM013@2"],
    "two-documents.yaml": ["AM016@59"],
    "binary-tag.yaml": ["AM014@34"],
    "complex-key.yaml": ["AM015@44"],
    "deep-nesting.yaml": ["AM007@53"],
    "control-character.yaml": ["AM010@25"],
    "not-utf8.yaml": ["AM002@34"],
    "utf16.yaml": ["AM002@1"],
    "bom.yaml": ["!AM003@1"],
    "unknown-key.yaml": ["AM101@34", "AM102@31"],
    "unknown-section.yaml": ["AM101@21", "AM109@3"],
    "missing-required.yaml": ["AM102@41"],
    "list-expected.yaml": ["AM103@54"],
    "mapping-expected.yaml": ["AM103@48"],
    "bad-node-type.yaml": ["AM104@32"],
    "bad-attack-kind.yaml": ["AM104@56"],
    "bad-id.yaml": ["AM105@31"],
    "bad-colour.yaml": ["AM105@8"],
    "unquoted-colour.yaml": ["AM103@10"],
    "bad-date.yaml": ["AM106@19"],
    "impossible-date.yaml": ["AM106@19"],
    "no-map-section.yaml": ["AM107@1"],
    "dangling-support.yaml": ["AM201@37"],
    "dangling-attack.yaml": ["AM201@55"],
    "unknown-side.yaml": ["AM203@52"],
    "unknown-theme.yaml": ["AM204@27"],
    "unknown-actor.yaml": ["AM205@35"],
    "unknown-pattern.yaml": ["AM206@44"],
    "unknown-source.yaml": ["AM207@29"],
    "self-support.yaml": ["AM210@37"],
    "self-attack.yaml": ["AM210@46"],
    "support-cycle.yaml": ["AM211@64"],
    "objection-attacks-nothing.yaml": ["AM301@42"],
    "rebuttal-attacks-claim.yaml": ["AM303@55"],
    "recommendation-unsupported.yaml": ["AM304@23"],
    "pattern-on-claim.yaml": ["AM306@34"],
    "quote-not-found.yaml": ["AM410@30"],
    "quote-empty.yaml": ["AM413@30"],
    "quote-spaceless.yaml": ["!AM411@32"],
    "path-escape.yaml": ["AM402@19"],
    "absolute-path.yaml": ["AM402@19"],
    "missing-source-file.yaml": ["AM401@19"],
    "changed-source.yaml": ["AM404@20"],
    "binary-source.yaml": ["AM403@19"],
    "duplicate-id.yaml": ["AM202@59"],
    "objection-unanswered.yaml": ["!AM502@42", "!AM501@51", "!AM504@11"],
    "supports-and-attacks.yaml": ["!AM212@55"],
    "relation-twice.yaml": ["!AM213@37", "!AM213@55"],
    "part-of.yaml": [],
    "part-of-unknown.yaml": ["AM201@64", "AM304@60"],
    "part-of-claim.yaml": ["AM307@64", "AM304@60"],
    "part-of-cycle.yaml": ["AM214@28"],
    "folder-duplicate-ids": ["AM202@3", "AM202@5"],
    "folder-two-maps": ["AM108@2"],
    "folder-empty": ["AM017@-"],
    "big-integer.yaml": ["AM008@18"],
    "escaped-control.yaml": ["AM009@45"],
    "bidi-control.yaml": ["AM009@34"],
    "bidi-allowed.yaml": ["AM009@36"],  # allowed in `title` (line 34), not in `text`
    "blank-text.yaml": ["AM106@53"],
    "quote-wrong-source.yaml": ["AM410@55"],
    "utf16-no-bom.yaml": ["AM002@1"],
    "syntax-error-at-end.yaml": ["AM010@58"],
    "folder-no-nodes": ["AM109@3"],
    "folder-unreadable-file": ["AM010@16"],  # the rest is folded under it (see test_hardening)
}


def _cases() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.suffix == ".yaml" or (p.is_dir() and p.name.startswith("folder-")))


def test_every_corpus_file_has_expectations():
    assert sorted(EXPECTED) == _cases()
    assert len(EXPECTED) >= 30


def _tag(problem) -> str:
    return f"{problem.code}@{problem.line if problem.line is not None else '-'}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_case(name: str):
    result = load_map(CORPUS / name)
    expected = EXPECTED[name]
    errors = sorted(_tag(p) for p in result.problems if p.is_error)
    assert errors == sorted(e for e in expected if not e.startswith("!")), "\n".join(map(str, result.problems))
    warnings = [_tag(p) for p in result.problems if not p.is_error]
    for want in (e[1:] for e in expected if e.startswith("!")):
        assert want in warnings, "\n".join(map(str, result.problems))
    for problem in result.problems:
        assert problem.code in CODES
        assert problem.message
        assert problem.path.endswith(name) or name in problem.path


def test_problems_have_hints_that_say_how_to_fix():
    for name in ("quote-not-found.yaml", "unknown-theme.yaml", "unknown-key.yaml", "changed-source.yaml"):
        result = load_map(CORPUS / name)
        assert all(p.hint for p in result.errors), name


def test_quote_not_found_suggests_the_closest_passage():
    result = load_map(CORPUS / "quote-not-found.yaml")
    (problem,) = result.errors
    assert "did you mean" in problem.hint
    assert "We should trade more with our neighbours" in problem.hint
    assert "sources/speech.txt:4:1" in problem.hint


def test_duplicate_key_names_both_lines():
    (problem,) = load_map(CORPUS / "duplicate-key.yaml").errors
    assert "line 45" in problem.message and "line 46" in problem.message


def test_unknown_ids_suggest_the_nearest():
    hints = {p.code: p.hint for p in load_map(CORPUS / "dangling-support.yaml").errors}
    assert hints["AM201"] == "did you mean `rec`?" or "rec" in hints["AM201"]
    (theme,) = load_map(CORPUS / "unknown-theme.yaml").errors
    assert theme.hint == "did you mean `trade`?"


def test_changed_source_hint_gives_the_new_hash():
    (problem,) = load_map(CORPUS / "changed-source.yaml").errors
    assert "555a83ff8e41cc33f40cf3ee5ad5e72a0b26f7a7a48d5c2a24533b792f3ccaf3" in problem.hint


def test_alias_bomb_is_refused_without_expanding():
    result = load_map(CORPUS / "alias-bomb.yaml")
    assert result.map is None
    # the data kept is tiny: every alias was replaced, none expanded
    (parsed,) = result.files
    assert len(repr(parsed.data)) < 2000


def test_an_entry_with_errors_is_left_out_but_references_to_it_are_not_reported():
    result = load_map(CORPUS / "bad-node-type.yaml")
    assert "why" not in result.map.nodes
    assert [p.code for p in result.errors] == ["AM104"]  # no AM201 for `why`, no AM304 for `rec`


def test_a_step_is_supported_through_the_recommendation_it_is_part_of():
    result = load_map(CORPUS / "part-of.yaml")
    assert result.problems == []
    assert result.map.parts("rec") == ["step"] and result.map.wholes("step") == ["rec"]
    assert list(result.map.part_edges()) == [("step", "rec")]
    assert not result.map.supporters("step") and result.map.backed("step")
    assert ("step", "rec", "part") not in set(result.map.edges())  # structure, not argument


def test_quotes_can_be_verified_in_a_second_phase():
    from argmap.loader import verify_quotes

    first = load_map(CORPUS / "quote-not-found.yaml", verify_quotes=False)
    assert first.quotes_pending and first.errors == [] and first.map.spans == {}
    found = verify_quotes(first)
    assert [(p.code, p.line, p.column) for p in found] == [("AM410", 30, 15)]  # placed as precisely as in one go
    assert [p.code for p in first.errors] == ["AM410"] and not first.quotes_pending
    assert len(first.map.spans) == 3
    assert verify_quotes(first) == []  # once only
    whole = load_map(CORPUS / "quote-not-found.yaml")
    assert [p.to_dict() for p in first.problems] == [p.to_dict() for p in whole.problems]
