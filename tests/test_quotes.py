"""Finding quotes in extracted texts: normalisation, offsets back to the original, omissions."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from argmap.quotes import NormalisedText, closest_passage, find_quote, normalise, split_elisions

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BRIEF = (SEEDS / "breton-dutkiewicz-action-brief.txt").read_text(encoding="utf-8")
JOURNAL = (SEEDS / "viakhireva-niche-cooperation.txt").read_text(encoding="utf-8")


def locate(quote: str, text: str, count: bool = False):
    return find_quote(quote, NormalisedText(text), NormalisedText(text, spaceless=True), count=count)


def test_normalise_folds_the_usual_differences():
    assert normalise("“Curly” ‘quotes’ — dashes – and\u00a0spaces") == '"curly" \'quotes\' - dashes - and spaces'
    assert normalise("soft\u00adhyphen zero\u200bwidth") == "softhyphen zerowidth"
    assert normalise("Russian-\n\nCanadian") == "russian-canadian"
    assert normalise("ﬁne … Straße") == "fine ... strasse"


def test_the_naive_check_fails_where_normalisation_succeeds():
    quote = "Dion called for constructive engagement with Russia, recalling that Canada was speaking to the Russians even during the difficult Cold War era"
    assert quote not in JOURNAL
    match = locate(quote, JOURNAL)
    assert match is not None and not match.spaceless
    assert JOURNAL[match.start:match.end].startswith("Dion called")
    assert JOURNAL[match.start:match.end].endswith("War era")


def test_offsets_point_into_the_original_text():
    quote = "'niche cooperation' between the two countries is still possible"
    match = locate(quote, JOURNAL)
    assert JOURNAL[match.start:match.end] == "‘niche cooperation’ between \n\nthe two countries is still possible"


def test_omissions_match_parts_in_order():
    quote = "Dion called for constructive engagement [...] even during the difficult Cold War era"
    match = locate(quote, JOURNAL)
    assert match is not None
    assert JOURNAL[match.start:match.end].startswith("Dion called") and JOURNAL[match.end - 3:match.end] == "era"
    assert locate("even during the difficult Cold War era [...] Dion called for", JOURNAL) is None  # wrong order
    assert split_elisions("a [...] b […] c [ ... ] d") == ["a", "b", "c", "d"]


def test_omission_gap_is_bounded():
    text = "alpha " + "filler " * 200 + "omega"
    assert locate("alpha [...] omega", text) is None
    assert locate("alpha [...] filler filler", text) is not None


def test_glued_words_match_only_spaceless():
    text = "The friendlyrelations between them."
    match = locate("friendly relations between", text)
    assert match is not None and match.spaceless
    assert text[match.start:match.end] == "friendlyrelations between"


def test_absent_quote_is_not_found_but_close_passage_is_suggested():
    assert locate("Canada should leave NATO", BRIEF) is None
    suggestion = closest_passage("It is always better to be at the table than on the dinner menu", NormalisedText(BRIEF))
    assert suggestion is not None and suggestion.score > 80
    assert "better to be at the table than on the menu" in suggestion.text


def test_a_repeated_passage_reports_how_often():
    match = locate("We need a slow but precise confidence building measures.", BRIEF, count=True)
    assert match.count == 2
    assert locate("We need a slow but precise confidence building measures.", BRIEF).count == 1  # not counted
    assert locate("Realism dictates dealing with Russia as it is now", BRIEF, count=True).count == 1


# -- properties ---------------------------------------------------------------------------------

_WORD_SPANS = [m.span() for m in re.finditer(r"[^\n]+", BRIEF) if len(m.group()) > 80]

CURLY = {"'": ["'", "\u2019", "\u2018"], '"': ['"', "\u201c", "\u201d"], "-": ["-", "\u2013", "\u2014"]}


@st.composite
def passages(draw):
    """A passage of the Action Brief, from word start to word end, within one paragraph."""
    lo, hi = draw(st.sampled_from(_WORD_SPANS))
    line = BRIEF[lo:hi]
    starts = [m.start() for m in re.finditer(r"(?<!\S)\S", line)]
    ends = [m.end() for m in re.finditer(r"\S(?!\S)", line)]
    start = draw(st.sampled_from(starts))
    later = [e for e in ends if e - start >= 25]
    assume(later)
    end = draw(st.sampled_from(later[:12]))
    return line[start:end]


@settings(max_examples=150, deadline=None)
@given(passages(), st.data())
def test_location_survives_rewrapping_quotes_and_dashes(passage, data):
    original = locate(passage, BRIEF)
    assert original is not None
    # re-wrap: every space becomes a run of spaces and newlines
    wrapped = re.sub(" ", lambda _: data.draw(st.sampled_from([" ", "\n", "  ", " \n ", "\n\n"])), passage)
    # swap quote and dash styles
    styled = "".join(data.draw(st.sampled_from(CURLY[c])) if c in CURLY else c for c in wrapped)
    styled = styled.replace("\u2019", data.draw(st.sampled_from(["'", "\u2019"])))
    moved = locate(styled, BRIEF)
    assert moved is not None
    assert (moved.start, moved.end) == (original.start, original.end)


_TEXTS = st.text(alphabet=st.sampled_from(list("abc XYZ-\n\t\u00a0\u00ad\u2019\u201c\u2014ﬁß…é")), max_size=80)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_offset_map_leads_each_character_back_to_its_origin(text):
    """Every normalised character maps to the original character it came from, in order.

    (Comparing whole spans is not enough of a property and is wrong at the edges: cutting
    `-\nx` out of `a-\nx` loses the letter that made the line-break hyphen join.)
    """
    from argmap.quotes import _fold_char

    norm = NormalisedText(text)
    previous = -1
    for p, char in enumerate(norm.text):
        start, end = norm.to_original(p, p + 1)
        assert 0 <= start < end <= len(text)
        assert start >= previous  # monotonic
        previous = start
        origin = text[start:end]
        if char == " ":
            assert origin.isspace() or any(c.isspace() for c in origin) or _fold_char(origin[0]) == " "
        elif char == "-" and origin.startswith("-"):
            pass  # a hyphen, possibly with the line break it swallowed
        else:
            first = origin[0]
            assert char in (first.lower() if first.isascii() else _fold_char(first)), (char, origin)
    if norm.text:  # a whole-text span runs from the first character's origin to the last's
        n = len(norm.text)
        assert norm.to_original(0, n) == (norm.to_original(0, 1)[0], norm.to_original(n - 1, n)[1])


_ANY = st.text(alphabet=st.sampled_from(list("ab Z-\n\t\r\x0b\x0c.'\"\u00a0\u2019\u2014é")), max_size=60)


@settings(max_examples=500, deadline=None)
@given(_ANY, st.booleans())
def test_fast_normalise_agrees_with_the_offset_map(text, spaceless):
    assert normalise(text, spaceless=spaceless) == NormalisedText(text, spaceless=spaceless).text.strip()
