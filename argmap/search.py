"""Fuzzy search over a map: node ids, titles, texts and quotes, best match first.

An index is built once per map (a flat list of every searchable string), then each query is
one rapidfuzz pass over it, so a search stays quick on maps of many thousands of nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from .core import ArgumentMap

__all__ = ["Hit", "SearchIndex", "search"]

# When two fields of a node match equally well, the earlier one names the match.
_FIELDS = ("id", "title", "text", "quote")


@dataclass(frozen=True)
class Hit:
    """One node that matched: where (`field`, and which quote), how well (0-100), the text."""

    node_id: str
    field: str  # "id", "title", "text" or "quote"
    score: float
    text: str
    quote: int | None = None


class SearchIndex:
    """Every searchable string of a map, ready for repeated queries."""

    def __init__(self, argmap: ArgumentMap) -> None:
        self._entries: list[tuple[str, str, int | None, str]] = []  # node, field, quote, text
        for node in argmap.nodes.values():
            self._entries.append((node.id, "id", None, node.id))
            if node.title:
                self._entries.append((node.id, "title", None, node.title))
            self._entries.append((node.id, "text", None, " ".join(node.text.split())))
            for i, quote in enumerate(node.quotes):
                self._entries.append((node.id, "quote", i, " ".join(quote.text.split())))
        self._choices = [utils.default_process(e[3]) for e in self._entries]

    def search(self, query: str, limit: int = 50, cutoff: float = 80) -> list[Hit]:
        """The nodes matching `query`, one hit each (its best field), best first.

        A field equal to the query scores 100; one holding it whole, 99 less a little for
        longer fields; one holding all its words, 96 less a little; otherwise rapidfuzz's
        partial ratio (the best-aligned passage, so typos still match), scaled below those.
        The fuzzy tail is cut at `cutoff` (80: measured on the bundled map, at 60 a search for
        "kleptocr" listed "vk-pace-skeptics" second), and raised by 5 when some field holds
        the query word for word, so that near misses do not crowd out real matches.
        Empty queries find nothing.
        """
        wanted = utils.default_process(query)
        if not wanted:
            return []
        words = wanted.split()
        scored: list[tuple[float, int]] = []
        for i, choice in enumerate(self._choices):
            if wanted == choice:
                scored.append((100.0, i))
            elif wanted in choice:
                scored.append((99.0 - min(len(choice) - len(wanted), 400) / 100, i))
            elif len(words) > 1 and all(w in choice for w in words):
                scored.append((96.0 - min(len(choice) - len(wanted), 400) / 100, i))
        seen = {i for _, i in scored}
        if scored:
            cutoff = min(cutoff + 5, 100)
        for _, score, i in process.extract(wanted, self._choices, scorer=fuzz.partial_ratio,
                                           processor=None, score_cutoff=cutoff, limit=max(limit * 8, 200)):
            if i not in seen:
                scored.append((min(score, 99.0) * 0.95, i))
        scored.sort(key=lambda s: (-s[0], _FIELDS.index(self._entries[s[1]][1]), s[1]))
        hits: dict[str, Hit] = {}
        for score, i in scored:
            node_id, field, quote, text = self._entries[i]
            if node_id not in hits:
                hits[node_id] = Hit(node_id, field, round(score, 1), text, quote)
                if len(hits) >= limit:
                    break
        return list(hits.values())


def search(argmap: ArgumentMap, query: str, limit: int = 50) -> list[Hit]:
    """Search a map once (build a SearchIndex to search the same map repeatedly)."""
    return SearchIndex(argmap).search(query, limit)
