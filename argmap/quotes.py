"""Finding a verbatim quote in an extracted source text, and saying where it is.

Source texts come from web pages and PDFs: curly quotes, en and em dashes, hard line breaks
inside sentences, words broken at a line end or glued together. Both the source and the quote
are normalised the same way (NFKC, quotes and dashes to ASCII, soft hyphens and zero-width
characters dropped, a hyphen at a line end joined to the next word, white space collapsed,
case folded) and matched there; an offset map leads every match back to character offsets in
the original text, so it can be cited and highlighted. When that fails, a last resort compares
with all white space removed (for glued words), and `[...]` in a quote marks an omission.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

__all__ = ["NormalisedText", "Match", "Suggestion", "normalise", "find_quote", "closest_passage", "split_elisions", "MAX_SUGGEST_CHARS"]

# One character in, one character out: these keep offsets aligned.
_ONE_TO_ONE = {
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
}
_DROP = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

# What needs more than a one-to-one, lower-casing copy: runs of white space other than a single
# space, a hyphen broken over a line end, characters to drop, and any non-ASCII character.
_SPECIAL = re.compile(r"(?<=\w)-[ \t\r\f\v]*\n\s*(?=\w)|\s{2,}|[^\S ]|[^\x00-\x7f]")
_SPECIAL_NOSPACE = re.compile(r"(?<=\w)-[ \t\r\f\v]*\n\s*(?=\w)|\s+|[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """What one non-ASCII character becomes: NFKC, quotes and dashes to ASCII, case folded."""
    if ch in _DROP:
        return ""
    ch = ch.translate(_ONE_TO_ONE)
    folded = unicodedata.normalize("NFKC", ch).translate(_ONE_TO_ONE).casefold()
    if folded.isspace():
        return " "
    return folded


class NormalisedText:
    """A text normalised for matching, with a map from its offsets back to the original's.

    The map is kept compact: only spans whose length changed are recorded; offsets between
    them map linearly. Building it costs one regular-expression pass over the text.
    """

    __slots__ = ("original", "text", "_norm_starts", "_spans", "spaceless")

    def __init__(self, original: str, *, spaceless: bool = False) -> None:
        self.original = original
        self.spaceless = spaceless
        pieces: list[str] = []
        norm_starts: list[int] = []  # where each changed span starts in the normalised text
        spans: list[tuple[int, int, int, int]] = []  # (norm_start, norm_len, orig_start, orig_len)
        pos = 0
        npos = 0
        pattern = _SPECIAL_NOSPACE if spaceless else _SPECIAL
        for m in pattern.finditer(original):
            start, end = m.span()
            if start > pos:
                chunk = original[pos:start].lower()
                pieces.append(chunk)
                npos += len(chunk)
            token = m.group()
            if token[0] == "-" and len(token) > 1:
                out = "-"
            elif token.isspace():
                out = "" if spaceless else " "
                # A collapsed run next to a space already written stays one space.
                if out and pieces and pieces[-1].endswith(" "):
                    out = ""
            else:
                out = _fold_char(token)
                if spaceless and out == " ":
                    out = ""
            if out:
                pieces.append(out)
            if len(out) != end - start:
                norm_starts.append(npos)
                spans.append((npos, len(out), start, end - start))
            npos += len(out)
            pos = end
        if pos < len(original):
            pieces.append(original[pos:].lower())
        self.text = "".join(pieces)
        self._norm_starts = norm_starts
        self._spans = spans

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Offsets [start, end) in the normalised text → offsets [start, end) in the original."""
        if end <= start:
            at = self._start(start)
            return at, at
        return self._start(start), self._end(end - 1)

    def _span_at(self, npos: int) -> tuple[int, int, int, int] | None:
        i = bisect.bisect_right(self._norm_starts, npos) - 1
        return self._spans[i] if i >= 0 else None

    def _start(self, npos: int) -> int:
        """Where the character at normalised offset `npos` begins in the original."""
        span = self._span_at(npos)
        if span is None:
            return npos
        ns, nl, os_, ol = span
        if npos < ns + nl:  # inside a span that changed length
            return os_ + min(npos - ns, ol - 1)
        return os_ + ol + (npos - ns - nl)

    def _end(self, npos: int) -> int:
        """Where the character at normalised offset `npos` ends in the original."""
        span = self._span_at(npos)
        if span is None:
            return npos + 1
        ns, nl, os_, ol = span
        if npos < ns + nl:
            return os_ + ol
        return os_ + ol + (npos - ns - nl) + 1


_HYPHEN_BREAK = re.compile(r"(?<=\w)-[ \t\r\f\v]*\n\s*(?=\w)")
_SPACES = re.compile(r"\s+")


def normalise(text: str, *, spaceless: bool = False) -> str:
    """The normalised form of a text (quotes are normalised this way before matching).

    The same result as `NormalisedText(text).text.strip()`, without building an offset map;
    plain ASCII text (most quotes) takes a shorter path.
    """
    if not text.isascii():
        return NormalisedText(text, spaceless=spaceless).text.strip()
    text = _HYPHEN_BREAK.sub("-", text)
    return _SPACES.sub("" if spaceless else " ", text).strip().lower()


_ELISION = re.compile(r"\s*\[\s*(?:\.\s*\.\s*\.|\u2026)\s*\]\s*")
MAX_GAP = 600  # characters an omission `[...]` may stand for


def split_elisions(quote: str) -> list[str]:
    """A quote's parts between `[...]` omission marks (one part when there is none)."""
    return [part for part in _ELISION.split(quote) if part.strip()]


@dataclass(frozen=True)
class Match:
    """Where a quote is in the original text: [start, end) character offsets."""

    start: int
    end: int
    spaceless: bool = False
    count: int = 1  # how many places it matches (counted only when asked); the first is kept


def find_quote(quote: str, source: "NormalisedText",
               spaceless_source: "NormalisedText | Callable[[], NormalisedText] | None" = None,
               *, count: bool = False) -> Match | None:
    """Find a quote in a source; None when it is not there.

    `spaceless_source` is the same text normalised with white space removed (or a function
    that makes it), used only when the ordinary match fails. With `count`, also count whether
    the quote matches more than one place (a second search of the rest of the text).
    """
    parts = split_elisions(quote)
    if not parts:
        return None
    limit = 2 if count else 1
    found = _find_parts([normalise(p) for p in parts], source, limit)
    if found is not None:
        return found
    if spaceless_source is not None:
        if callable(spaceless_source):
            spaceless_source = spaceless_source()
        found = _find_parts([normalise(p, spaceless=True) for p in parts], spaceless_source, limit)
        if found is not None:
            return Match(found.start, found.end, True, found.count)
    return None


def _find_parts(parts: list[str], source: NormalisedText, limit: int) -> Match | None:
    text = source.text
    if not parts or not all(parts):
        return None
    first = parts[0]
    begin = text.find(first)
    matches: list[tuple[int, int]] = []
    while begin != -1 and len(matches) < limit:
        end = begin + len(first)
        ok = True
        for part in parts[1:]:
            nxt = text.find(part, end, end + MAX_GAP + len(part))
            if nxt == -1:
                ok = False
                break
            end = nxt + len(part)
        if ok:
            matches.append((begin, end))
            if len(matches) >= limit:
                break
        begin = text.find(first, begin + 1)
    if not matches:
        return None
    start, end = source.to_original(*matches[0])
    return Match(start, end, False, len(matches))


MAX_SUGGEST_CHARS = 500  # characters of a quote compared when looking for the closest passage
SUGGEST_SECONDS = 1.0  # time the search for the closest passage may take for one quote


@dataclass(frozen=True)
class Suggestion:
    """The passage of a source closest to a quote that was not found."""

    start: int
    end: int
    text: str
    score: float


def closest_passage(quote: str, source: NormalisedText, budget: float = SUGGEST_SECONDS) -> Suggestion | None:
    """The passage of the source most like the quote (rapidfuzz partial alignment).

    The search is bounded: only the quote's first MAX_SUGGEST_CHARS characters are compared,
    and a long source is searched window by window until `budget` seconds have passed.
    """
    from rapidfuzz import fuzz

    needle = normalise(" ".join(split_elisions(quote)))
    if not needle or not source.text:
        return None
    # The alignment costs about len(needle) × len(source): a pasted page must not hang the
    # check, so only the quote's start is compared (a suggestion still shows where it went).
    if len(needle) > MAX_SUGGEST_CHARS:
        needle = needle[:MAX_SUGGEST_CHARS].rsplit(" ", 1)[0] or needle[:MAX_SUGGEST_CHARS]
    hay = source.text
    result = _best_alignment(needle, hay, budget)
    if result is None:
        return None
    nstart, nend = result.dest_start, result.dest_end
    # Snap to word boundaries so the suggestion reads as text, not as a cut.
    while nstart > 0 and hay[nstart - 1].isalnum():
        nstart -= 1
    while nend < len(hay) and hay[nend].isalnum():
        nend += 1
    # partial alignment takes a window as long as the quote; trim words at either end that
    # do not belong to the passage (the end of the previous sentence, say).
    best = fuzz.ratio(needle, hay[nstart:nend])
    for _ in range(8):
        trimmed = False
        for candidate in (_drop_first_word(hay, nstart, nend), _drop_last_word(hay, nstart, nend)):
            # Never trim the passage much shorter than the quote: a differing last word is
            # exactly what the reader needs to see.
            if candidate is None or candidate[1] - candidate[0] < 0.9 * len(needle):
                continue
            score = fuzz.ratio(needle, hay[candidate[0]:candidate[1]])
            if score > best:
                best, (nstart, nend), trimmed = score, candidate, True
                break
        if not trimmed:
            break
    start, end = source.to_original(nstart, nend)
    passage = " ".join(source.original[start:end].split())
    return Suggestion(start, end, passage, result.score)


def _best_alignment(needle: str, hay: str, budget: float):
    """rapidfuzz's best partial alignment of `needle` in `hay` (score 40 or more), searched in
    overlapping windows while time remains; None when nothing is alike enough."""
    import time

    from rapidfuzz import fuzz

    if len(hay) <= _WINDOW:
        return fuzz.partial_ratio_alignment(needle, hay, score_cutoff=40)
    deadline = time.perf_counter() + budget
    best = None
    step = _WINDOW - len(needle)
    for lo in range(0, len(hay), step):
        found = fuzz.partial_ratio_alignment(needle, hay[lo: lo + _WINDOW], score_cutoff=max(40, best.score if best else 0))
        if found is not None and (best is None or found.score > best.score):
            found.dest_start += lo
            found.dest_end += lo
            best = found
        if time.perf_counter() > deadline:
            break
    return best


_WINDOW = 256 * 1024  # characters of source aligned at once


def _drop_first_word(text: str, start: int, end: int) -> tuple[int, int] | None:
    space = text.find(" ", start, end)
    return (space + 1, end) if space != -1 and space + 1 < end else None


def _drop_last_word(text: str, start: int, end: int) -> tuple[int, int] | None:
    space = text.rfind(" ", start, end)
    return (start, space) if space > start else None
