"""The strict YAML reader: what it keeps as written, what it refuses, and where things are."""

from __future__ import annotations

from argmap.yamlsafe import ALIAS, MAX_DEPTH, parse_yaml


def test_yaml_11_surprises_stay_strings():
    parsed = parse_yaml(b"a: no\nb: on\nc: 1:30\nd: 0123\ne: 2020-11-05\nf: 3.10\ng: .inf\nh: yes\nOff: x\n")
    assert parsed.ok
    assert parsed.data == {"a": "no", "b": "on", "c": "1:30", "d": "0123", "e": "2020-11-05", "f": "3.10",
                           "g": ".inf", "h": "yes", "Off": "x"}


def test_only_true_false_null_and_decimal_integers_are_typed():
    parsed = parse_yaml(b"a: true\nb: False\nc: ~\nd:\ne: null\nf: 42\ng: -7\nh: 0\ni: '42'\nj: 0x1f\nk: +5\nl: 1_000\n")
    assert parsed.data == {"a": True, "b": False, "c": None, "d": None, "e": None, "f": 42, "g": -7, "h": 0,
                           "i": "42", "j": "0x1f", "k": "+5", "l": "1_000"}


def test_keys_are_always_strings():
    parsed = parse_yaml(b"on: 1\n2020: 2\nnull: 3\ntrue: 4\n")
    assert parsed.data == {"on": 1, "2020": 2, "null": 3, "true": 4}


def test_positions_of_values_and_keys():
    text = b"map:\n  id: x\nnodes:\n  - id: a\n    text: hello\n  - id: b\n    attacks: [a, {target: c, kind: undercut}]\n"
    parsed = parse_yaml(text)
    assert parsed.locate(("map", "id")) == (2, 7)
    assert parsed.locate(("map", "id"), key=True) == (2, 3)
    assert parsed.locate(("nodes", 1)) == (6, 5)
    assert parsed.locate(("nodes", 1, "attacks", 1, "target")) == (7, 27)
    # parts not in the document (a union's tag, a missing key) fall back to the nearest parent
    assert parsed.locate(("nodes", 1, "attacks", 0, "target")) == (7, 15)
    assert parsed.locate(("nodes", 0, "nosuchkey")) == (4, 5)
    assert parsed.locate(("nodes", 9)) == (4, 3)


def test_duplicate_keys_at_any_depth():
    parsed = parse_yaml(b"a:\n  b: 1\n  c: 2\n  b: 3\n")
    (problem,) = parsed.problems
    assert (problem.code, problem.line, problem.column) == ("AM011", 4, 3)
    assert "line 2" in problem.message and "line 4" in problem.message
    assert parsed.data == {"a": {"b": 1, "c": 2}}  # the first is kept; the file is invalid anyway


def test_duplicate_quoted_and_plain_keys_are_the_same_key():
    parsed = parse_yaml(b"text: a\n'text': b\n")
    assert [p.code for p in parsed.problems] == ["AM011"]


def test_aliases_are_replaced_not_expanded():
    parsed = parse_yaml(b"a: &x [1, 2]\nb: *x\nc: [*x, *x]\n")
    assert parsed.data == {"a": [1, 2], "b": ALIAS, "c": [ALIAS, ALIAS]}
    assert [(p.code, p.line) for p in parsed.problems] == [("AM012", 2), ("AM012", 3), ("AM012", 3)]


def test_anchor_without_alias_is_harmless():
    parsed = parse_yaml(b"a: &x [1, 2]\n")
    assert parsed.ok and parsed.data == {"a": [1, 2]}


def test_depth_is_bounded():
    ok = parse_yaml(("a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n").encode())
    assert ok.ok
    deep = parse_yaml(("a: " + "[" * 5000 + "]" * 5000 + "\n").encode())
    assert [p.code for p in deep.problems] == ["AM007"]


def test_crlf_line_endings_are_fine():
    parsed = parse_yaml(b"a: 1\r\nb:\r\n  - x\r\n")
    assert parsed.ok and parsed.data == {"a": 1, "b": ["x"]}
    assert parsed.locate(("b", 0)) == (3, 5)


def test_bom_in_text_input_is_a_warning():
    parsed = parse_yaml("\ufeffa: 1\n")
    assert parsed.data == {"a": 1}
    assert [(p.code, p.is_error) for p in parsed.problems] == [("AM003", False)]


def test_tab_inside_a_value_is_not_indentation():
    parsed = parse_yaml(b"a: 'x\ty'\nb: |\n  col1\tcol2\n")
    assert parsed.ok and parsed.data == {"a": "x\ty", "b": "col1\tcol2\n"}


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from yaml.nodes import MappingNode, ScalarNode, SequenceNode  # noqa: E402

from argmap.yamlsafe import _Composer, _Resolver  # noqa: E402

_SCALARS = st.one_of(
    st.sampled_from(["", "~", "null", "Null", "NULL", "nul", "true", "True", "TRUE", "tRue", "false", "no", "-", "-0",
                     "0", "00", "0123", "12", "-7", "1_000", "+5", "3.10", "nan", "n", "t"]),
    st.text(alphabet="-0123456789tTfFnNul~. ", max_size=6),
    st.text(max_size=8),
)


@settings(max_examples=500)
@given(_SCALARS, st.booleans(), st.booleans())
def test_fast_resolve_agrees_with_the_declared_resolvers(value, plain, quoted):
    composer = _Composer("")
    try:
        for kind in (ScalarNode, SequenceNode, MappingNode):
            assert composer.resolve(kind, value, (plain, quoted)) == _Resolver.resolve(composer, kind, value, (plain, quoted))
    finally:
        composer.dispose()
