"""The one "did you mean" rule that every check and command uses to suggest a known name."""

from __future__ import annotations

from typing import Iterable

__all__ = ["closest", "did_you_mean"]


def closest(word: str, choices: Iterable[str], cutoff: float = 75) -> str | None:
    """The known name most like `word`: one equal but for letter case first, else the most
    alike by edit distance (compared case-insensitively), if alike enough."""
    choices = [c for c in choices if isinstance(c, str)]
    if not choices or not isinstance(word, str):
        return None
    folded = word.casefold()
    for choice in choices:
        if choice.casefold() == folded:
            return choice
    from rapidfuzz import fuzz, process

    best = process.extractOne(folded, {c: c.casefold() for c in choices}, scorer=fuzz.ratio,
                              processor=None, score_cutoff=cutoff)
    return best[2] if best else None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 75, *, lead: str | None = None,
                 limit: int = 8) -> str | None:
    """`did you mean `x`?`, or else (with `lead`) a short list of the names allowed."""
    choices = list(choices)
    best = closest(word, choices, cutoff)
    if best is not None:
        return f"did you mean `{best}`?"
    if lead and choices:
        shown = ", ".join(choices[:limit])
        more = f" (and {len(choices) - limit} more)" if len(choices) > limit else ""
        return f"{lead}: {shown}{more}"
    return None
