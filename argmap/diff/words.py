"""Word-level differences between two texts, as `git diff --word-diff` shows them."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .model import Segment

__all__ = ["word_diff", "same_words", "similarity"]


def same_words(a: str | None, b: str | None) -> bool:
    """True when the texts differ at most in white space (a re-wrapped YAML block, say)."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    return a.split() == b.split()


_TOKEN = re.compile(r"\s*(?:\w+|[^\w\s])")


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The words kept (`=`), removed (`-`) and added (`+`), in order; runs of one kind merged.

    Words and punctuation marks are compared apart ("small" is kept in "small,"), white space
    not at all; the segments' texts, joined, give each text with its white space collapsed.
    """
    a = _TOKEN.findall(" ".join(old.split()))
    b = _TOKEN.findall(" ".join(new.split()))
    out: list[Segment] = []

    def emit(op: str, text: str) -> None:
        if out and out[-1].op == op:
            out[-1] = Segment(op, out[-1].text + text)
        else:
            out.append(Segment(op, text))

    def space(*tokens: str) -> None:
        """One space before what follows, if either version has one there."""
        if out and not out[-1].text.endswith(" ") and any(t[:1].isspace() for t in tokens):
            emit("=", " ")

    keys_a = [t.strip() for t in a]
    keys_b = [t.strip() for t in b]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        first = [t for t in (a[i1] if i1 < i2 else "", b[j1] if j1 < j2 else "") if t]
        space(*first)
        if tag == "equal":
            emit("=", "".join(b[j1:j2]).lstrip())
            continue
        if i1 < i2:
            emit("-", "".join(a[i1:i2]).lstrip())
        if j1 < j2:
            emit("+", "".join(b[j1:j2]).lstrip())
    return tuple(out)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, word by word, from 0 to 1."""
    wa, wb = a.split(), b.split()
    if not wa and not wb:
        return 1.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()
