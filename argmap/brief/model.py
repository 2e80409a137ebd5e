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

    node: NodeItem
    children: tuple["Reason", ...] = ()


@dataclass(frozen=True)
class ObjectionItem:
    """An attack on a recommendation or on one of its reasons, with the replies to it."""

    node: NodeItem
    target: NodeItem
    kind: str  # rebut, undercut, undermine
    on_recommendation: bool
    replies: tuple[NodeItem, ...]

    @property
    def answered(self) -> bool:
        return bool(self.replies)

    @property
    def verb(self) -> str:
        return KIND_VERBS.get(self.kind, self.kind)


@dataclass(frozen=True)
class PatternGroup:
    """Objections that follow one pattern (id None: objections with no pattern)."""

    id: str | None
    label: str
    description: str
    objections: tuple[ObjectionItem, ...]


@dataclass(frozen=True)
class RecommendationSection:
    node: NodeItem
    status: str  # stands, contested, defeated
    reasons: tuple[Reason, ...]
    groups: tuple[PatternGroup, ...]

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

