"""Coverage: how much of each source the map quotes, and the passages it does not yet hold.

A source's text is split into sentences (`sentences`). A character is *covered* when some
node's quote, as located in the source, includes it; for a quote with `[...]` omissions
only its quoted parts count, not what the omission skips. Two figures are given per source:
the share of its non-space characters covered, and the share of its sentences covered (a
sentence counts when at least half of its non-space characters are). Uncovered passages are
runs of consecutive uncovered sentences within a paragraph, longest first, with their lines.
No user interface here: the CLI (`argmap coverage`) and the TUI's reader both ask this module.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from dataclasses import dataclass, field

from .core import ArgumentMap
from .quotes import NormalisedText, normalise, split_elisions

__all__ = ["Passage", "SourceCoverage", "sentences", "quoted_spans", "source_coverage", "map_coverage"]

# A sentence ends at . ! ? (with closing quotes or brackets) before white space and a capital,
# a digit or an opening quote, unless the stop follows an initial ("Sergei A. Karaganov");
# a blank line always ends one.
_SENTENCE_END = re.compile(r"""(?<!\s[A-Z])(?<!^[A-Z])[.!?…]["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9À-Þ])|\n[ \t]*\n""")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_MIN_SHARE = 0.5  # a sentence is covered when at least this share of its characters is


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of `text`, trimmed of white space, in order."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if not m.group().startswith("\n") else m.start()
        _add_trimmed(text, start, end, out)
        start = m.end()
    _add_trimmed(text, start, len(text), out)
    return out


def _add_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def quoted_spans(argmap: ArgumentMap, source_id: str, cited: list[tuple[str, int]] | None = None) -> list[tuple[int, int]]:
    """The parts of `source_id`'s text that some located quote covers, merged and sorted.
    `cited` is `argmap.citing(source_id)`, when the caller has it already."""
    source = argmap.texts.get(source_id)
    if source is None:
        return []
    spans: list[tuple[int, int]] = []
    for node_id, index in cited if cited is not None else argmap.citing(source_id):
        span = argmap.quote_span(node_id, index)
        if span is None:
            continue
        parts = split_elisions(argmap.nodes[node_id].quotes[index].text)
        spans.extend(_part_spans(source.text, span.start, span.end, parts) if len(parts) > 1 else [(span.start, span.end)])
    return _merge(spans)


def _part_spans(text: str, start: int, end: int, parts: list[str]) -> list[tuple[int, int]]:
    """Where each part of an elided quote lies inside its matched region (or the whole region)."""
    region = NormalisedText(text[start:end])
    found, pos = [], 0
    for part in parts:
        wanted = normalise(part)
        at = region.text.find(wanted, pos)
        if not wanted or at == -1:
            return [(start, end)]
        lo, hi = region.to_original(at, at + len(wanted))
        found.append((start + lo, start + hi))
        pos = at + len(wanted)
    return found


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


@dataclass(frozen=True)
class Passage:
    """An uncovered run of sentences: offsets [start, end), 1-based first and last lines."""

    start: int
    end: int
    line: int
    end_line: int
    chars: int  # non-space characters
    text: str

    def to_dict(self, clip: int = 300) -> dict:
        text = " ".join(self.text.split())
        return {"line": self.line, "end_line": self.end_line, "start": self.start, "end": self.end,
                "chars": self.chars, "text": text if len(text) <= clip else text[:clip - 1].rstrip() + "…"}


@dataclass
class SourceCoverage:
    """How much of one source the map quotes."""

    source_id: str
    file: str
    title: str
    quotes: int  # quotes located in it
    chars_total: int
    chars_covered: int
    sentences_total: int
    sentences_covered: int
    covered: list[tuple[int, int]] = field(default_factory=list)  # offsets, merged
    uncovered: list[Passage] = field(default_factory=list)  # in text order

    @property
    def char_share(self) -> float:
        return self.chars_covered / self.chars_total if self.chars_total else 0.0

    @property
    def sentence_share(self) -> float:
        return self.sentences_covered / self.sentences_total if self.sentences_total else 0.0

    def longest(self, n: int) -> list[Passage]:
        return sorted(self.uncovered, key=lambda p: (-p.chars, p.start))[:n]

    def to_dict(self, top: int = 5) -> dict:
        return {
            "id": self.source_id, "file": self.file, "title": self.title, "quotes": self.quotes,
            "characters": {"covered": self.chars_covered, "total": self.chars_total, "share": round(self.char_share, 4)},
            "sentences": {"covered": self.sentences_covered, "total": self.sentences_total, "share": round(self.sentence_share, 4)},
            "uncovered": [p.to_dict() for p in self.longest(top)],
            "uncovered_passages": len(self.uncovered),
        }


_SPACE_RUN = re.compile(r"\s+")


class _Solid:
    """Counts the non-space characters of any stretch of one text, from its runs of white
    space found once (prefix sums and two bisections per count)."""

    def __init__(self, text: str) -> None:
        words, spaces = _SPACE_RUN.split(text), _SPACE_RUN.findall(text)
        lengths: list[int] = [0] * (len(words) + len(spaces))
        lengths[0::2], lengths[1::2] = map(len, words), map(len, spaces)
        edges = list(accumulate(lengths))  # word end = run start, run end = next word start, ...
        self.starts, self.ends = edges[0:-1:2], edges[1::2]
        self.before = [0, *accumulate(map(len, spaces))]  # white space in the runs before run i

    def __call__(self, lo: int, hi: int) -> int:
        i = bisect.bisect_right(self.ends, lo)  # the first run ending after lo
        j = bisect.bisect_left(self.starts, hi)  # runs i..j-1 start before hi
        spaces = self.before[j] - self.before[i] if j > i else 0
        if j > i:
            spaces -= max(0, lo - self.starts[i]) + max(0, self.ends[j - 1] - hi)
        return hi - lo - spaces


def source_coverage(argmap: ArgumentMap, source_id: str, cited: list[tuple[str, int]] | None = None) -> SourceCoverage:
    """Coverage of one source whose text the map has read (`cited` as for `quoted_spans`)."""
    source = argmap.sources[source_id]
    text_obj = argmap.texts.get(source_id)
    text = text_obj.text if text_obj is not None else ""
    cited = cited if cited is not None else argmap.citing(source_id)
    covered = quoted_spans(argmap, source_id, cited)
    starts = [lo for lo, _ in covered]
    _solid_in = _Solid(text)

    def _solid(_text: str, lo: int, hi: int) -> int:
        return _solid_in(lo, hi)

    def covered_in(lo: int, hi: int) -> int:
        total, i = 0, max(0, bisect.bisect_right(starts, lo) - 1)
        while i < len(covered) and covered[i][0] < hi:
            a, b = max(lo, covered[i][0]), min(hi, covered[i][1])
            if b > a:
                total += _solid(text, a, b)
            i += 1
        return total

    chars_total = _solid(text, 0, len(text))
    chars_covered = sum(_solid(text, lo, hi) for lo, hi in covered)
    paragraph_breaks = [m.start() for m in _PARAGRAPH.finditer(text)]
    runs: list[list[tuple[int, int]]] = []
    done = 0
    sents = sentences(text)
    for lo, hi in sents:
        solid = _solid(text, lo, hi)
        if solid and covered_in(lo, hi) >= _MIN_SHARE * solid:
            done += 1
            runs.append([])
            continue
        same_paragraph = runs and runs[-1] and bisect.bisect_left(paragraph_breaks, runs[-1][-1][1]) == bisect.bisect_left(paragraph_breaks, lo)
        if same_paragraph:
            runs[-1].append((lo, hi))
        else:
            runs.append([(lo, hi)])
    passages = []
    for run in runs:
        if not run:
            continue
        lo, hi = run[0][0], run[-1][1]
        line = text_obj.line_col(lo)[0] if text_obj else 1
        end_line = text_obj.line_col(hi - 1)[0] if text_obj else 1
        passages.append(Passage(lo, hi, line, end_line, _solid(text, lo, hi), text[lo:hi]))
    quotes = sum(argmap.quote_span(*c) is not None for c in cited)
    return SourceCoverage(source_id, source.file, source.title, quotes, chars_total, chars_covered,
                          len(sents), done, covered, passages)


def map_coverage(argmap: ArgumentMap) -> list[SourceCoverage]:
    """Coverage of every source of the map whose text could be read, in map order."""
    cited: dict[str, list[tuple[str, int]]] = {}
    for node in argmap.nodes.values():  # one pass over the quotes, not one per source
        for i, quote in enumerate(node.quotes):
            cited.setdefault(quote.source, []).append((node.id, i))
    return [source_coverage(argmap, sid, cited.get(sid, [])) for sid in argmap.sources if sid in argmap.texts]
