"""The briefing note proper: what goes in is chosen by the evaluation, never by cutting text.

A minister's note leads with the answer and fits on a few pages (GUIDE §7): the bottom line in
sentences, a short background, each top-level recommendation with its verdict, the reason for
it, what it stands or falls on, its strongest support and its strongest objection of each
pattern (and whether and how each is answered), then the strongest open objections as
anticipated questions. Every node is numbered where it first appears and its text given once;
later mentions refer back to it. Everything else is in the annexes (`--detail full`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from ..evaluate import Label
from ..model import NodeType
from .escape import clean
from .model import (
    STATUS_LABELS,
    NodeItem,
    Note,
    NoteObjection,
    NotePattern,
    NoteQuestion,
    Placed,
    Point,
    Sentence,
)

if TYPE_CHECKING:
    from .build import _Builder

__all__ = ["Places", "build_note", "top_level", "NOTE_LIMITS", "FOCUS_LIMITS"]

# How much of each recommendation the note names: (reasons, patterns, answers per objection, questions).
NOTE_LIMITS = (1, 3, 1, 8)
FOCUS_LIMITS = (2, 6, 2, 6)
NO_PATTERN_LABEL = "Other objections"
# A note weighs at most this many recommendations: on a large map, those most argued over.
MAX_POINTS = 12
_STATUS_RANK = {"unanswered": 0, "contested": 1, "answered": 2}
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[A-Z“\"‘(])")
_IDS = re.compile(r"`([^`\s]+)`")


class Places:
    """Where each node of a briefing was numbered, and whether its text has been given."""

    def __init__(self) -> None:
        self.refs: dict[str, str] = {}
        self.texted: set[str] = set()

    def place(self, node: NodeItem, ref: "str | Callable[[], str]", *, text: bool = True) -> Placed:
        """Mention `node`: numbered `ref` (a number, or a `numbering` that gives the next one)
        if this is its first mention; its text given if not given before and `text`."""
        first = node.id not in self.refs
        if first:
            self.refs[node.id] = ref() if callable(ref) else ref
        give = text and node.id not in self.texted
        if give:
            self.texted.add(node.id)
        return Placed(node, self.refs[node.id], first, give)

    @staticmethod
    def numbering(prefix: str) -> "Callable[[], str]":
        """`prefix.1`, `prefix.2`, ... one number per call: numbers are taken only by first mentions."""
        counter = iter(range(1, 1_000_000))
        return lambda: f"{prefix}.{next(counter)}"

    def mention(self, node: NodeItem) -> Placed:
        """A node named in passing: its number if it has one, never its text."""
        return Placed(node, self.refs.get(node.id, ""), False, False)


def top_level(argmap) -> list[str]:
    """The recommendations that are not part of another, in map order."""
    return [n.id for n in argmap.of_type(NodeType.RECOMMENDATION) if not argmap.wholes(n.id)]


def _names(items: list[str], limit: int = 4) -> str:
    """“a”, “b” and “c” (and N more)."""
    quoted = [f"“{i}”" for i in items[:limit]]
    more = len(items) - len(quoted)
    if more:
        quoted.append(f"{more} more")
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


class _NoteBuilder:
    def __init__(self, b: "_Builder", places: Places, stance: str, focused: bool) -> None:
        self.b = b
        self.m = b.m
        self.ev = b.ev
        self.places = places
        self.stance = stance
        self.focused = focused
        self.limits = FOCUS_LIMITS if focused else NOTE_LIMITS
        self._critical: dict[str, tuple[str, ...]] = {}

    # -- reading the evaluation ------------------------------------------------------------------
    def strength(self, nid: str) -> float:
        return float(self.ev.strength.get(nid, 0.5))

    def verdict(self, rid: str) -> str:
        return self.ev.recommendations[rid].verdict.value

    def label(self, nid: str) -> str:
        return self.b.node(nid).label if nid in self.m.nodes else nid

    def words(self, text: str) -> str:
        """An evaluation sentence for readers: ids in backticks become the nodes' labels."""
        return clean(_IDS.sub(lambda m: f"“{self.label(m.group(1))}”" if m.group(1) in self.m.nodes else m.group(1), text)).rstrip(".")

    def critical(self, rid: str) -> tuple[str, ...]:
        if rid not in self._critical:
            self._critical[rid] = tuple(n for n in self.ev.critical(rid) if n in self.m.nodes and n != rid)
        return self._critical[rid]

    # -- the recommendations -----------------------------------------------------------------
    def point(self, number: int, rid: str) -> Point:
        n_reasons, n_patterns, n_answers, _ = self.limits
        a = self.ev.recommendations[rid]
        item = self.places.place(self.b.use(rid), str(number))
        sub = self.places.numbering(str(number))
        reasons = sorted(a.supports, key=lambda s: (-self.strength(s), a.supports.index(s)))
        support = tuple(self.places.place(self.b.use(s), sub) for s in reasons[:n_reasons])
        by_pattern: dict[str | None, list] = {}
        for o in a.objections:
            by_pattern.setdefault(self.m.nodes[o.id].pattern, []).append(o)

        deciding = set(self.critical(rid))

        def rank(o) -> tuple:  # what decides the verdict first, then what stands, unanswered, strongest
            return (o.id not in deciding, o.label is Label.OUT, _STATUS_RANK.get(o.status, 3), -self.strength(o.id))

        groups = sorted(by_pattern.items(), key=lambda kv: min(rank(o) for o in kv[1]))
        patterns = []
        shown = 0
        for pid, objections in groups[:n_patterns]:
            best = sorted(objections, key=rank)[: 1 if not self.focused else 2]
            entries = []
            for o in best:
                placed = self.places.place(self.b.use(o.id), sub, text=False)
                answers = sorted(o.answers, key=lambda x: (self.b.ev.labels.get(x) is not Label.IN, -self.strength(x)))
                placed_answers = tuple(self.places.place(self.b.use(x), sub, text=False)
                                       for x in answers[:n_answers])
                hits = tuple(self.b.node(h) for h in o.hits if h != rid)
                inherited = self.b.node(o.inherited_from) if o.inherited_from else None
                entries.append(NoteObjection(placed, hits, rid in o.hits, inherited, o.status, placed_answers))
                shown += 1
            pattern = self.m.patterns.get(pid) if pid else None
            label = (clean(pattern.label) if pattern else "") or pid or NO_PATTERN_LABEL
            patterns.append(NotePattern(pid, label, tuple(entries)))
        named = set(_IDS.findall(a.reason))
        critical = tuple(self.places.mention(self.b.node(c)) for c in self.critical(rid))
        hinges = tuple(c for c in critical if c.node.id not in named)
        reason = self.words(a.reason)
        parts = tuple((self.b.node(p), self.verdict(p)) for p in self.m.parts(rid) if p in self.ev.recommendations)
        return Point(number, item, self.verdict(rid), reason, critical, hinges, support, tuple(patterns), parts,
                     len(a.objections), shown)

    # -- the bottom line ---------------------------------------------------------------------------
    def bottom_line(self, points: tuple[Point, ...], questions: tuple[NoteQuestion, ...], open_count: int,
                    others: list[str]) -> tuple[Sentence, ...]:
        by: dict[str, list[Point]] = {}
        for p in points:
            by.setdefault(p.verdict, []).append(p)
        total = len(points)
        out: list[Sentence] = []
        holds = by.get("stands", [])
        kind = "recommendation" if total == 1 else "recommendations"
        owners = {p.item.node.side.label for p in points}
        if len(owners) == 1 and total > 1:  # one side's proposals: say whose
            kind = f"{next(iter(owners))}’s {kind}"
        if holds:
            out.append(Sentence(
                "It holds." if total == 1 else f"{len(holds)} of {total} {kind} hold.",
                f"{_names([p.item.node.label for p in holds], 4)} "
                f"{'stands' if len(holds) == 1 else 'stand'}: no objection that stands defeats "
                f"{'it' if len(holds) == 1 else 'them'}, and a reason for {'it' if len(holds) == 1 else 'each'} stands.",
            ))
        elif total == 1:
            out.append(Sentence("It does not hold on these sources.", ""))
        elif total:
            out.append(Sentence(f"None of the {total} {kind} holds on these sources.", ""))
        open_points = by.get("contested", []) + by.get("countered", [])
        if open_points:
            parts = []
            for p in open_points:
                on = [o.item.node.label for g in p.patterns for o in g.objections if o.status != "answered"]
                parts.append(f"“{p.item.node.label}” ({p.verdict_label.lower()}{', on ' + _names(on, 2) if on else ''})")
            out.append(Sentence("It is open:" if total == 1 else f"{len(open_points)} {'is' if len(open_points) == 1 else 'are'} open:",
                                "; ".join(parts) + "."))
        if by.get("defeated"):
            parts = []
            for p in by["defeated"]:
                deciding = [c.node.label for c in p.critical] or [
                    o.item.node.label for g in p.patterns for o in g.objections if o.status == "unanswered"]
                parts.append(f"“{p.item.node.label}”" + (f", by {_names(deciding, 2)}" if deciding else ""))
            count = len(by["defeated"])
            out.append(Sentence("It is defeated:" if total == 1 else f"{count} {'is' if count == 1 else 'are'} defeated:",
                                "; ".join(parts) + "."))
        hinges = []
        for p in sorted(points, key=lambda p: (p.verdict != "stands", -p.objections)):
            if p.critical and p.verdict != "defeated":
                hinges.append(f"“{p.item.node.label}” on {_names([c.node.label for c in p.critical], 2)}")
        if hinges:
            out.append(Sentence("What it stands or falls on:" if total == 1 else "What they stand or fall on:", "; ".join(hinges[:3]) + ("; and the others as below." if len(hinges) > 3 else ".")))
        if others:
            counts: dict[str, int] = {}
            for r in others:
                counts[self.verdict(r)] = counts.get(self.verdict(r), 0) + 1
            tally = ", ".join(f"{n} {'stand' if v == 'stands' and n != 1 else STATUS_LABELS[v].lower()}"
                              for v, n in sorted(counts.items(), key=lambda kv: -kv[1]))
            out.append(Sentence(f"{_plural(len(others), 'further recommendation')} are less argued over:",
                                f"{tally}; the full briefing (--detail full) weighs each."))
        if open_count:
            whose = "one side or the other" if self.stance_side is None else self.stance_side.label
            shown = "it is" if open_count == 1 else f"the {min(open_count, len(questions))} strongest are"
            out.append(Sentence(
                f"{_plural(open_count, 'point')} against {whose} {'stands' if open_count == 1 else 'stand'} unanswered in the map;",
                f"{shown} among the anticipated questions below.",
            ))
        return tuple(out[:6])

    @property
    def stance_side(self):
        from .build import BALANCED

        return None if self.stance == BALANCED else self.b.side(self.stance)

    # -- the questions -----------------------------------------------------------------------------
    def questions(self, recs: list[str]) -> tuple[tuple[NoteQuestion, ...], int]:
        """The strongest objections the stance's side (or, balanced, each side) has not answered."""
        limit = self.limits[3]
        candidates = []
        for attacker, asked, targets, answers in self.b.attacks_across(recs, self.stance):
            if self.ev.labels.get(attacker) is Label.OUT:
                continue  # answered: an attack that stands defeats it
            standing = [a for a in answers if self.ev.labels.get(a) is not Label.OUT]
            candidates.append((bool(standing), -self.strength(attacker), len(candidates), attacker, asked, targets, standing))
        open_count = sum(1 for c in candidates if not c[0])
        candidates.sort()
        # One question per pattern first (the strongest of each), then the next strongest.
        chosen, patterns = [], set()
        for c in candidates:
            pattern = self.m.nodes[c[3]].pattern or c[3]
            if pattern not in patterns:
                patterns.add(pattern)
                chosen.append(c)
        chosen += [c for c in candidates if c not in chosen]
        chosen = sorted(chosen[:limit])
        out = []
        for number, (_, _, _, attacker, asked, targets, answers) in enumerate(chosen, 1):
            item = self.places.place(self.b.use(attacker), f"Q{number}")
            placed = tuple(self.places.place(self.b.use(a), f"Q{number}") for a in answers[:2])
            fallback: tuple[Placed, ...] = ()
            if not placed:
                fallback = tuple(self.places.place(self.b.use(s), f"Q{number}", text=False)
                                 for s in self.suggest(attacker, asked, targets))
            against = tuple(self.places.mention(self.b.node(t)) for t in targets)
            out.append(NoteQuestion(number, item, self.b.side(asked), against, placed, fallback))
        return tuple(out), open_count

    def suggest(self, attacker: str, asked: str, targets: list[str]) -> list[str]:
        """An answer the map offers to an objection nobody answered: the side's standing reply to
        another objection of the same pattern, else the strongest standing reason for its target."""
        standing = lambda n: self.ev.labels.get(n) is Label.IN and self.m.nodes[n].side == asked  # noqa: E731
        pattern = self.m.nodes[attacker].pattern
        if pattern:
            replies = [a for n in self.m.nodes.values() if n.pattern == pattern and n.id != attacker
                       for a, _ in self.m.attackers(n.id) if standing(a)]
            if replies:
                return [max(dict.fromkeys(replies), key=self.strength)]
        reasons = [s for t in targets for s in self.m.supporters(t) if standing(s)]
        return [max(dict.fromkeys(reasons), key=self.strength)] if reasons else []

    # -- background -----------------------------------------------------------------------------
    def background(self) -> tuple[str, ...]:
        summary = clean(self.m.info.summary)
        sentences = [s.strip() for s in _SENTENCE_END.split(summary) if s.strip()] if summary else []
        out = sentences[:2]
        sides = [side for side in self.m.sides.values() if clean(side.description)]
        if len(out) < 2 and sides:  # a short summary: say what each side wants
            def aim(text: str) -> str:
                text = clean(text).rstrip(".")
                return text[:1].lower() + text[1:] if text[1:2].islower() else text

            out.append("What each side wants: " + "; ".join(f"{clean(side.label) or side.id}, {aim(side.description)}"
                                                            for side in sides) + ".")
        sources = list(self.m.sources.values())
        if sources:
            dates = sorted(str(s.published)[:4] for s in sources if s.published)
            span = (f", dated {dates[0]}" if dates[0] == dates[-1] else f", dated {dates[0]} to {dates[-1]}") if dates else ""
            kinds = _plural(len(sources), "document")
            out.append(f"The map is curated from {kinds}{span}, listed under Sources; "
                       f"every quote in it is checked against its source.")
        return tuple(out)


def build_note(b: "_Builder", places: Places, recs: list[str], stance: str, focused: bool) -> Note:
    """The note of the recommendations `recs` (top-level ones, or those a focus bears on): all
    of them, or on a large map the `MAX_POINTS` most argued over (most objections reaching
    them, then the strongest), in map order; the others are counted in the bottom line."""
    nb = _NoteBuilder(b, places, stance, focused)
    weighed = recs
    if len(recs) > MAX_POINTS:
        ranked = sorted(recs, key=lambda r: (-len(b.ev.recommendations[r].objections), -nb.strength(r)))
        keep = set(ranked[:MAX_POINTS])
        weighed = [r for r in recs if r in keep]
    others = [r for r in recs if r not in set(weighed)]
    points = tuple(nb.point(i, r) for i, r in enumerate(weighed, 1))
    questions, open_count = nb.questions(weighed)
    return Note(nb.bottom_line(points, questions, open_count, others), nb.background(), points, questions, open_count)


