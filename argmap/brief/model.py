"""The briefing as data: sections, items and citations, every word of text taken from the map.

The renderers add only fixed headings and connective labels. Texts are plain strings (white
space collapsed, control characters removed): each renderer escapes them for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..cite import cited_title, join_names
from ..evaluate import VERDICT_LABELS, VERDICT_MEANINGS, Verdict

__all__ = [
    "STATUS_LABELS",
    "STATUS_MEANINGS",
    "TYPE_LABELS",
    "KIND_VERBS",
    "Citation",
    "QuoteItem",
    "SideItem",
    "NodeItem",
    "Reason",
    "ObjectionItem",
    "PatternGroup",
    "RecommendationSection",
    "Question",
    "QuestionGroup",
    "QuoteGroup",
    "SourceItem",
    "ActorItem",
    "Placed",
    "Sentence",
    "NoteObjection",
    "NotePattern",
    "Point",
    "NoteQuestion",
    "Note",
    "Briefing",
]

# Where a recommendation or a node stands, in the briefing's words. A node's grounded label
# (in/out/undecided) reads the same way: an IN objection stands, an OUT one is defeated.
STATUS_LABELS = {
    "stands": "Stands",
    "contested": "Contested",
    "countered": "Countered",
    "defeated": "Defeated",
    "in": "Stands",
    "out": "Defeated",
    "undecided": "Contested",
}

# What each status of a recommendation means (the legend under the bottom line).
STATUS_MEANINGS = tuple((v.value, VERDICT_LABELS[v], VERDICT_MEANINGS[v]) for v in Verdict)

TYPE_LABELS = {
    "recommendation": "Recommendation",
    "claim": "Claim",
    "evidence": "Evidence",
    "objection": "Objection",
    "rebuttal": "Rebuttal",
}

# How an attack works, as a verb phrase: "<objection> disputes the recommendation".
KIND_VERBS = {
    "rebut": "disputes",
    "undercut": "questions the reasoning behind",
    "undermine": "questions the basis of",
}


@dataclass(frozen=True)
class Citation:
    """Where a quote or a source comes from, in the one citation style of the briefings.

    `Ada Lovelace-Smith and Ben Okafor, “Trams for Riverton”, Riverton Transport Review,
    4 March 2021 (sources/tram-case.txt, line 5)`. A title the curator supplied in [square
    brackets] (the text has none) is shown as written, without quotation marks; a missing date
    reads `n.d.`. The location is the source file and the line where the quote begins.
    """

    source_id: str
    authors: tuple[str, ...]
    title: str
    outlet: str | None
    date: str
    url: str | None = None
    file: str | None = None
    line: int | None = None

    @property
    def author_text(self) -> str:
        return join_names(self.authors)

    @property
    def title_text(self) -> str:
        return cited_title(self.title)

    @property
    def work(self) -> str:
        """Authors, title, outlet and date."""
        parts = [p for p in (self.author_text, self.title_text, self.outlet, self.date) if p]
        return ", ".join(parts)

    @property
    def stop(self) -> str:
        """The full stop to end a sentence on `work` with: none when it ends in one (`n.d.`)."""
        return "" if self.work.endswith(".") else "."

    @property
    def location(self) -> str | None:
        """`file, line N` (or just the file) when known."""
        if not self.file:
            return None
        return f"{self.file}, line {self.line}" if self.line else self.file

    @property
    def text(self) -> str:
        """The whole citation as one line."""
        where = self.location
        return f"{self.work} ({where})" if where else self.work


@dataclass(frozen=True)
class QuoteItem:
    """A verbatim passage from a source, as the map quotes it (checked against the source)."""

    text: str
    citation: Citation
    note: str = ""


@dataclass(frozen=True)
class SideItem:
    id: str
    label: str
    colour: str | None  # `#rrggbb`, checked; None when not a plain colour
    description: str = ""


@dataclass(frozen=True)
class NodeItem:
    """One node of the map as the briefing shows it."""

    id: str
    type: str
    label: str  # the node's short title (or the start of its text)
    text: str
    side: SideItem
    by: tuple[str, ...]  # actor names
    status: str  # the grounded label: in, out, undecided
    quotes: tuple[QuoteItem, ...] = ()

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def by_text(self) -> str:
        return join_names(self.by)


@dataclass(frozen=True)
class Reason:
    """An argument for a recommendation, with the arguments that back it in turn."""

    item: "Placed"
    children: tuple["Reason", ...] = ()

    @property
    def node(self) -> NodeItem:
        return self.item.node


@dataclass(frozen=True)
class ObjectionItem:
    """An objection to a recommendation, once, with every node of its argument it attacks."""

    item: "Placed"
    hits: tuple[NodeItem, ...]  # what it attacks among the recommendation and its reasons
    kind: str  # rebut, undercut, undermine (of its first hit)
    on_recommendation: bool
    inherited_from: NodeItem | None
    status: str  # answered, contested, unanswered
    replies: tuple["Placed", ...]

    @property
    def node(self) -> NodeItem:
        return self.item.node

    @property
    def answered(self) -> bool:
        return bool(self.replies)

    @property
    def verb(self) -> str:
        return KIND_VERBS.get(self.kind, self.kind)

    @property
    def reasons_hit(self) -> tuple[NodeItem, ...]:
        return tuple(h for h in self.hits if h.type != "recommendation" or not self.on_recommendation)


@dataclass(frozen=True)
class PatternGroup:
    """Objections that follow one pattern (id None: objections with no pattern)."""

    id: str | None
    label: str
    description: str
    objections: tuple[ObjectionItem, ...]


@dataclass(frozen=True)
class RecommendationSection:
    item: "Placed"
    ref: str  # "A3"
    status: str  # stands, contested, countered, defeated
    reason: str
    reasons: tuple[Reason, ...]
    groups: tuple[PatternGroup, ...]

    @property
    def node(self) -> NodeItem:
        return self.item.node

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def objections(self) -> tuple[ObjectionItem, ...]:
        return tuple(o for g in self.groups for o in g.objections)

    @property
    def unanswered(self) -> tuple[ObjectionItem, ...]:
        return tuple(o for o in self.objections if not o.answered)


@dataclass(frozen=True)
class Question:
    """A point the other side will raise against `asked_of`, and that side's answers to it."""

    node: NodeItem  # the objection (or counter-argument) raised
    asked_of: SideItem
    targets: tuple[NodeItem, ...]  # what it is raised against
    answers: tuple[NodeItem, ...]  # the asked side's replies

    @property
    def gap(self) -> bool:
        return not self.answers


@dataclass(frozen=True)
class QuestionGroup:
    """The questions one side should prepare for."""

    side: SideItem
    questions: tuple[Question, ...]

    @property
    def gaps(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.gap)


@dataclass(frozen=True)
class QuoteGroup:
    """The quotes that back one node."""

    node: NodeItem
    quotes: tuple[QuoteItem, ...]


@dataclass(frozen=True)
class SourceItem:
    id: str
    citation: Citation  # without a line: the whole document
    quotes: int  # how many of the briefing's quotes come from it


@dataclass(frozen=True)
class ActorItem:
    id: str
    name: str
    kind: str  # person, organisation
    role: str | None
    affiliations: tuple[str, ...]
    sides: tuple[SideItem, ...]  # the sides of the positions they hold in the briefing
    positions: int  # how many of the briefing's nodes they hold
    author_of: tuple[str, ...] = ()  # source titles


# -- the note: what a reader who stops after two pages has -----------------------------------

@dataclass(frozen=True)
class Placed:
    """A node where the briefing mentions it: numbered where it first appears (`ref`, "2.3");
    its text given once (`text`), every later mention a reference back (`first` False)."""

    node: NodeItem
    ref: str
    first: bool  # this is where the node is numbered (the anchor)
    text: bool  # give the node's text here

    @property
    def anchor(self) -> str:
        return f"n-{self.node.id}"


@dataclass(frozen=True)
class Sentence:
    """A sentence of the bottom line: a short lead in bold, then the rest."""

    lead: str
    text: str


@dataclass(frozen=True)
class NoteObjection:
    """An objection to a recommendation, shown once with everything it hits."""

    item: Placed
    hits: tuple[NodeItem, ...]  # the reasons (or packages) it attacks; empty: the recommendation only
    on_recommendation: bool
    inherited_from: NodeItem | None  # it reaches the recommendation only through this package
    status: str  # answered, contested, unanswered
    answers: tuple[Placed, ...]

    @property
    def status_text(self) -> str:
        return {"answered": "answered", "contested": "answered, but the answer is disputed",
                "unanswered": "unanswered"}.get(self.status, self.status)


@dataclass(frozen=True)
class NotePattern:
    """The strongest objections of one pattern against a recommendation."""

    id: str | None
    label: str
    objections: tuple[NoteObjection, ...]


@dataclass(frozen=True)
class Point:
    """A top-level recommendation as the note weighs it."""

    number: int
    item: Placed
    verdict: str  # stands, contested, countered, defeated
    reason: str  # why, in one sentence (map labels in quotation marks)
    critical: tuple[Placed, ...]  # what the verdict stands or falls on
    hinges: tuple[Placed, ...]  # those of them the reason does not already name
    support: tuple[Placed, ...]  # its strongest reasons
    patterns: tuple[NotePattern, ...]
    parts: tuple[tuple[NodeItem, str], ...]  # its steps, with their verdicts
    objections: int  # how many objections reach it in all
    shown: int  # how many of them the note names

    @property
    def verdict_label(self) -> str:
        return STATUS_LABELS[self.verdict]

    @property
    def left_out(self) -> int:
        return self.objections - self.shown

    @property
    def new_objections(self) -> tuple[tuple["NotePattern", "NoteObjection"], ...]:
        """The objections first given here, with their pattern."""
        return tuple((g, o) for g in self.patterns for o in g.objections if o.item.first)

    @property
    def earlier_objections(self) -> tuple["NoteObjection", ...]:
        """The objections already given under an earlier recommendation."""
        return tuple(o for g in self.patterns for o in g.objections if not o.item.first)

    @property
    def parts_text(self) -> str:
        """Its steps in a sentence: how many stand, and those that do not, by name."""
        count = len(self.parts)
        verdicts = {v for _, v in self.parts}
        if len(verdicts) == 1:
            (v,) = verdicts
            return f"Its step {v}." if count == 1 else f"Its {count} steps: all {STATUS_LABELS[v].lower()}."
        standing = sum(1 for _, v in self.parts if v == "stands")
        others = [f"“{n.label}” ({STATUS_LABELS[v].lower()})" for n, v in self.parts if v != "stands"]
        shown = others[:4] + ([f"{len(others) - 4} more"] if len(others) > 4 else [])
        return f"Its {count} steps: {standing} stand; " + ", ".join(shown) + "."


@dataclass(frozen=True)
class NoteQuestion:
    """A question the chosen side will meet: a strong objection, and the answer the map offers."""

    number: int
    item: Placed  # the objection, with its text
    asked_of: SideItem
    against: tuple[Placed, ...]  # what it attacks, as mentions (numbered where the note numbers them)
    answers: tuple[Placed, ...]  # the side's own replies in the map
    fallback: tuple[Placed, ...]  # none: the strongest standing reasons to point to instead

    @property
    def gap(self) -> bool:
        return not self.answers


@dataclass(frozen=True)
class Note:
    """The briefing note proper: purpose, bottom line, background, considerations, questions."""

    bottom_line: tuple[Sentence, ...]
    background: tuple[str, ...]
    points: tuple[Point, ...]
    questions: tuple[NoteQuestion, ...]
    unanswered: int  # objections (for the stance) still standing unanswered, all told


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing note holds, in order."""

    map_id: str
    title: str
    question: str
    summary: str
    prepared: str  # "5 November 2020"
    prepared_iso: str  # "2020-11-05"
    stance: str  # "balanced" or a side id
    stance_side: SideItem | None
    focus: NodeItem | None
    sides: tuple[SideItem, ...]
    recommendations: tuple[RecommendationSection, ...]
    sources: tuple[SourceItem, ...]
    actors: tuple[ActorItem, ...]
    questions: tuple[QuestionGroup, ...]
    quotes: tuple[QuoteGroup, ...]  # key quotes: those not given with the questions
    note: Note | None = None
    detail: str = "full"  # "brief": the note only; "full": the note and the annexes

    @property
    def full(self) -> bool:
        return self.detail == "full"

    @property
    def balanced(self) -> bool:
        return self.stance_side is None

    @property
    def stance_label(self) -> str:
        return "Balanced" if self.stance_side is None else self.stance_side.label

    @property
    def quoted(self) -> tuple[QuoteGroup, ...]:
        """Every quote the briefing gives, where it gives it: with the questions, then the key quotes."""
        seen: dict[str, QuoteGroup] = {}
        for g in self.questions:
            for q in g.questions:
                for n in (q.node, *q.answers):
                    if n.quotes and n.id not in seen:
                        seen[n.id] = QuoteGroup(n, n.quotes)
        for group in self.quotes:
            seen.setdefault(group.node.id, group)
        return tuple(seen.values())

    @property
    def unanswered(self) -> int:
        """How many objections in the briefing have no reply (each counted once)."""
        return len({o.node.id for r in self.recommendations for o in r.unanswered})

