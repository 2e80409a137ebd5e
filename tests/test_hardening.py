"""Hard inputs: limits before parsing, confinement, text hygiene, root cause first, hints."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from argmap.loader import load_map
from argmap.problems import Problem, arrange
from argmap.quotes import MAX_SUGGEST_CHARS, NormalisedText, closest_passage
from argmap.report import format_human
from argmap.yamlsafe import _syntax_problem, count_entries, line_at, line_starts, parse_yaml

from conftest import CORPUS, run_cli

VALID = (CORPUS / "valid.yaml").read_text(encoding="utf-8")


def _map(project: Path, text: str = VALID, name: str = "m.yaml") -> Path:
    path = project / "maps" / name
    path.write_text(text.replace("sources/speech.txt", "sources/speech.txt"), encoding="utf-8")
    return path


# -- limits checked before parsing -----------------------------------------------------------

def test_entry_limit_refuses_a_map_before_parsing(project: Path):
    (project / "argmap.toml").write_text('maps = "maps"\n[limits]\nmax_entries = 5\n')
    result = load_map(_map(project))
    (problem,) = result.problems
    assert problem.code == "AM019" and "more than 5 entries" in problem.message
    assert "max_entries" in problem.hint and result.map is None and result.files == []


def test_file_size_limit_comes_from_the_settings(project: Path):
    (project / "argmap.toml").write_text('maps = "maps"\n[limits]\nmax_file_mb = 1\n')
    path = _map(project, VALID + "# " + "x" * (1024 * 1024) + "\n")
    codes = [p.code for p in load_map(path).problems]
    assert codes == ["AM006"]


@pytest.mark.parametrize("setting, says", [("max_entries = 0", "above 0"), ("max_file_mb = 'big'", "whole number"),
                                           ("max_entrys = 5", "did you mean `max_entries`")])
def test_bad_limits_are_reported(project: Path, capsys, setting: str, says: str):
    (project / "argmap.toml").write_text(f'maps = "maps"\n[limits]\n{setting}\n')
    code, _, err = run_cli(capsys, "validate", str(_map(project)))
    assert code == 1 and says in err


def test_count_entries_counts_block_and_flow_entries():
    text = b"sides:\n  - {id: a, label: A}\n  - id: b\nnodes:\n  -   id: c\n  - 'id': d\n    text: an id: is not an entry\n"
    assert count_entries(text) == 4
    assert count_entries(b"map:\n  title: x\n") == 0


def test_an_integer_too_long_for_python_is_a_located_error():
    parsed = parse_yaml(b"a: ok\nn: " + b"7" * 5000 + b"\n")
    (problem,) = parsed.problems
    assert (problem.code, problem.line, problem.column) == ("AM008", 2, 4)
    assert parse_yaml(b"n: " + b"7" * 300 + b"\n").data == {"n": int("7" * 300)}


def test_libyaml_own_depth_limit_is_reported_as_nesting():
    """PyYAML 6.0.4's libyaml stops at about 1,000 levels with its own error, before ours."""
    mark = yaml.Mark("<string>", 1002, 0, 1002, None, None)
    exc = yaml.scanner.ScannerError("while increasing flow level", mark, "exceeded maximum nesting depth", mark)
    problem = _syntax_problem(exc, "a: " + "[" * 1100, "deep.yaml")
    assert problem.code == "AM007" and problem.line == 1


def test_syntax_error_past_the_end_points_at_the_last_line():
    parsed = parse_yaml(b'a: b\nc: "open\n\n\n')
    (problem,) = parsed.problems
    assert (problem.code, problem.line) == ("AM010", 2)
    shown = format_human([problem], {problem.path: parsed.text})
    assert '    2 | c: "open' in shown


# -- quotes ----------------------------------------------------------------------------------

def test_a_pasted_megabyte_quote_gets_an_answer(project: Path):
    quote = ("Trade with far countries was ever a matter of ships and of patience. " * 16000)[: 1 << 20]
    text = VALID.replace("text: Some say it costs too much.", f"text: {quote.strip()}")
    result = load_map(_map(project, text))
    (problem,) = result.errors
    assert problem.code == "AM410" and problem.hint


def test_closest_passage_compares_only_the_start_of_a_long_quote():
    source = NormalisedText("The minister spoke of ports. " * 10 + "Cargo volumes doubled in the harbour of Halifax last year. "
                            + "Nothing else of note. " * 10)
    quote = "Cargo volumes doubled in the harbour of Halifax last year, " + "and much more besides " * 200
    assert len(quote) > MAX_SUGGEST_CHARS
    found = closest_passage(quote, source)
    assert found is not None and "Cargo volumes doubled" in found.text


def test_closest_passage_searches_a_long_source_window_by_window():
    filler = "lorem ipsum dolor sit amet consectetur " * 20000  # about 800,000 characters
    source = NormalisedText(filler + "the harbour of Halifax handled record cargo volumes " + filler)
    found = closest_passage("the harbour of Halifax handled record cargo", source, budget=30)
    assert found is not None and "Halifax" in found.text and found.score > 90


# -- confinement -----------------------------------------------------------------------------

def test_a_map_file_linking_out_of_the_project_is_refused_unread(project: Path, tmp_path_factory, capsys):
    secret = tmp_path_factory.mktemp("elsewhere") / "passwd"
    secret.write_text("root:x:0:0:SECRET-LINE:/root:/bin/bash\n")
    folder = project / "maps" / "linked"
    (folder / "nodes").mkdir(parents=True)
    (folder / "map.yaml").write_text(VALID)
    os.symlink(secret, folder / "nodes" / "extra.yaml")
    code, out, err = run_cli(capsys, "validate", str(folder))
    assert code == 1 and "AM018" in out and "extra.yaml" in out
    assert "SECRET" not in out + err and "root:x" not in out + err


def test_a_link_inside_the_project_is_fine(project: Path):
    real = _map(project, VALID, "real.yaml.txt")
    folder = project / "maps" / "inside"
    folder.mkdir()
    os.symlink(real, folder / "map.yaml")
    assert load_map(folder).ok


# -- root cause first ------------------------------------------------------------------------

def test_an_unreadable_file_comes_first_with_its_consequences_folded(capsys):
    folder = CORPUS / "folder-unreadable-file"
    result = load_map(folder)
    first = result.problems[0]
    assert first.code == "AM010" and first.path.endswith("b-rest.yaml")
    assert {p.code for p in first.caused} >= {"AM304", "AM504"}
    assert all(p.code not in ("AM304", "AM504") for p in result.problems)
    code, out, _ = run_cli(capsys, "validate", str(folder))
    assert code == 1 and f"and {len(first.caused)} more caused by this" in out
    code, out, _ = run_cli(capsys, "validate", "--format", "json", str(folder))
    assert '"caused"' in out


def test_errors_come_before_warnings():
    a = Problem.make("AM504", "w", "a.yaml", 1, 1)
    b = Problem.make("AM201", "e", "b.yaml", 9, 1)
    assert arrange([a, b]) == [b, a]


# -- hints and exit codes ---------------------------------------------------------------------

def test_an_id_differing_only_in_case_is_suggested(project: Path):
    text = VALID.replace("side: con\n", "side: CON\n", 1)
    (problem,) = load_map(_map(project, text)).errors
    assert problem.code == "AM203" and "did you mean `con`?" in problem.hint


def test_cli_values_get_a_case_insensitive_hint(capsys, tmp_path: Path):
    valid = str(CORPUS / "valid.yaml")
    code, _, err = run_cli(capsys, "render", valid, "--side", "PRO", "-o", str(tmp_path / "x.dot"))
    assert code == 2 and "did you mean `pro`?" in err
    code, _, err = run_cli(capsys, "brief", valid, "--focus", "REC", "-o", str(tmp_path / "x.md"))
    assert code == 2 and "did you mean `rec`?" in err
    code, _, err = run_cli(capsys, "render", valid, "--focus", "nothing-like-it", "-o", str(tmp_path / "x.dot"))
    assert code == 2 and "no node `nothing-like-it`" in err


def test_brief_focus_hint_is_short_when_nothing_is_alike(capsys, tmp_path: Path):
    code, _, err = run_cli(capsys, "brief", "--focus", "zzzzzz", "-o", str(tmp_path / "x.md"))
    assert code == 2
    hint = next(line for line in err.splitlines() if "hint:" in line)
    assert len(hint) < 160 and "argmap stats" in hint


# -- reporting --------------------------------------------------------------------------------

@given(st.text(alphabet="ab \t\n\r", max_size=60))
def test_line_index_agrees_with_splitting(text: str):
    text = text.replace("\r", "")  # (argmap's line numbers count \n, as libyaml's do)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    starts = line_starts(text)
    assert [line_at(text, starts, n) for n in range(1, len(starts) + 1)] == (lines or [""])
    assert line_at(text, starts, len(starts) + 1) == "" and line_at(text, starts, 0) == ""


def test_report_shows_the_same_excerpt_for_each_of_many_problems():
    text = "".join(f"k{i}: v\n" for i in range(2000))
    problems = [Problem.make("AM504", f"p{i}", "f.yaml", i + 1, 1) for i in range(2000)]
    shown = format_human(problems, {"f.yaml": text}).splitlines()
    assert shown[1] == "    1 | k0: v" and "k1999: v" in shown[-2]



def test_a_long_line_is_shown_around_its_column():
    text = "q: '" + "word " * 100_000 + "'\n"
    problem = Problem.make("AM410", "not found", "f.yaml", 1, 5)
    excerpt = format_human([problem], {"f.yaml": text}).splitlines()[1]
    assert len(excerpt) < 300 and excerpt.startswith("    1 | q: 'word")
    far = Problem.make("AM410", "not found", "f.yaml", 1, 400_000)
    shown = format_human([far], {"f.yaml": text}).splitlines()
    assert shown[1].startswith("    1 | …") and len(shown[1]) < 300
    assert shown[2].index("^") - shown[1].index("|") - 2 == 1 + 50  # the caret under the column


@pytest.mark.parametrize("text, what, column", [
    ('a: "x\\ay"\n', "control character U+0007 (written as an escape)", 4),
    ('a: "x\\u0085y\\x9b"\n', "control character U+009B (written as an escape)", 4),
    ("a: x\ufdd0y\n", "noncharacter U+FDD0", 5),
    ("a:\n  - ok\n  - 'z \u2066'\n", "U+2066 LEFT-TO-RIGHT ISOLATE", 8),
])
def test_text_hygiene_names_the_character_and_its_place(text: str, what: str, column: int):
    parsed = parse_yaml(text.encode("utf-8"))
    (problem,) = parsed.problems + [p for _, p in parsed.bidi]
    assert problem.code == "AM009" and what in problem.message and problem.column == column


def test_tabs_and_line_breaks_are_fine_in_text():
    parsed = parse_yaml(b'a: "x\\ty\\nz"\nb: "\\u0085"\n')
    assert parsed.ok and not parsed.bidi
