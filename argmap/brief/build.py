"""Building a briefing from a map and its evaluation: pure data, every text taken from the map."""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections import deque

from ..core import ArgumentMap
from ..evaluate import Evaluation, evaluate
from ..model import Node, NodeType, format_partial_date
from ..problems import UsageError
from .escape import clean, safe_colour, safe_url
from .model import (
    ActorItem,
    Briefing,
    Citation,
    NodeItem,
    ObjectionItem,
    PatternGroup,
    QuoteGroup,
    QuoteItem,
    Reason,
    RecommendationSection,
    SideItem,
    SourceItem,
)

__all__ = ["build_briefing", "prepared_date", "recommendations_around", "check_stance", "BALANCED", "DETAILS"]

BALANCED = "balanced"
DETAILS = ("brief", "full")
_IDS = re.compile(r"`([^`\s]+)`")


def prepared_date(value: str | _dt.date | None = None, environ: dict | None = None) -> _dt.date:
    """The date a briefing is prepared: `value` (YYYY-MM-DD), else $SOURCE_DATE_EPOCH, else today.

    SOURCE_DATE_EPOCH (seconds since 1970, UTC) is the reproducible-builds convention: with it
    set, the same map gives the same briefing.
    """
    if isinstance(value, _dt.date):
        return value
    if value:
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise UsageError(f"`{value}` is not a date; write it as YYYY-MM-DD, e.g. 2020-11-05") from None
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH=`{epoch}` is not a number of seconds since 1970") from None
    return _dt.date.today()


def _suggest(word: str, choices: list[str]) -> str | None:
    from rapidfuzz import fuzz, process

    best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=60)
    return f"did you mean `{best[0]}`?" if best else None


def recommendations_around(argmap: ArgumentMap, focus: str) -> list[str]:
    """The recommendations `focus` bears on, in map order: itself if it is one, else the first
    recommendation on each path from it through what it supports or attacks.

    A recommendation that backs a larger one stops the walk: focusing on a reason for it
    should not pull in the larger recommendation and everything said about that.
    """
    from ..graph import neighbours

    if focus not in argmap.nodes:
        recs = [n.id for n in argmap.of_type(NodeType.RECOMMENDATION)]
        hint = _suggest(focus, list(argmap.nodes)) or (f"recommendations: {', '.join(recs)}" if recs else None)
        raise UsageError(f"no node `{focus}` in the map", hint=hint)
    seen, queue, found = {focus}, deque([focus]), set()
    while queue:
        node = queue.popleft()
        if argmap.nodes[node].type is NodeType.RECOMMENDATION:
            found.add(node)
            continue
        for neighbour in neighbours(argmap, node, "up"):
            if neighbour.id not in seen:
                seen.add(neighbour.id)
                queue.append(neighbour.id)
    if not found:
        raise UsageError(f"`{focus}` bears on no recommendation: it supports or attacks none, directly or through others",
                         hint="focus on a recommendation, or on a node in its argument")
    return [n for n in argmap.nodes if n in found]


def check_stance(argmap: ArgumentMap, stance: str | None) -> str:
    """`balanced` or the id of one of the map's sides; anything else is a usage error."""
    stance = (stance or BALANCED).strip()
    if stance == BALANCED or stance in argmap.sides:
        return stance
    known = ", ".join([BALANCED, *argmap.sides])
    hint = _suggest(stance, [BALANCED, *argmap.sides])
    raise UsageError(f"no side `{stance}` in the map; --stance takes one of: {known}", hint=hint)


class _Builder:
    def __init__(self, argmap: ArgumentMap, evaluation: Evaluation) -> None:
        self.m = argmap
        self.ev = evaluation
        self.sides = {sid: SideItem(sid, clean(s.label) or sid, safe_colour(s.colour), clean(s.description))
                      for sid, s in argmap.sides.items()}
        self._nodes: dict[str, NodeItem] = {}
        self.used: dict[str, None] = {}  # node ids in the order the briefing shows them (a dict: fast `in`)
        self.unfolded: set[str] = set()  # reasons whose own reasons the annex has listed

    # -- small pieces ----------------------------------------------------------------------
    def side(self, sid: str) -> SideItem:
        if sid not in self.sides:  # an unvalidated map: show the id rather than fail
            self.sides[sid] = SideItem(sid, clean(sid), None)
        return self.sides[sid]

    def actor_name(self, aid: str) -> str:
        actor = self.m.actors.get(aid)
        return (clean(actor.name) if actor else "") or aid

    def citation(self, source_id: str, line: int | None = None, with_file: bool = True) -> Citation:
        source = self.m.sources.get(source_id)
        if source is None:
            return Citation(source_id, (), clean(source_id), None, format_partial_date(None))
        return Citation(
            source_id=source_id,
            authors=tuple(self.actor_name(a) for a in source.authors),
            title=clean(source.title) or source_id,
            outlet=clean(source.outlet) or None,
            date=format_partial_date(source.published),
            url=safe_url(source.url),
            file=clean(source.file) if with_file else None,
            line=line,
        )

    def node(self, nid: str) -> NodeItem:
        if nid in self._nodes:
            return self._nodes[nid]
        n: Node = self.m.nodes[nid]
        quotes = []
        for qi, q in enumerate(n.quotes):
            span = self.m.quote_span(nid, qi)
            quotes.append(QuoteItem(clean(q.text), self.citation(q.source, span.line if span else None), clean(q.note)))
        label = self.ev.labels.get(nid)
        item = NodeItem(
            id=nid,
            type=n.type.value,
            label=clean(n.label) or nid,
            text=clean(n.text),
            side=self.side(n.side),
            by=tuple(self.actor_name(a) for a in n.by),
            status=label.value if label is not None else "undecided",
            quotes=tuple(quotes),
        )
        self._nodes[nid] = item
        return item

    def use(self, nid: str) -> NodeItem:
        self.used.setdefault(nid)
        return self.node(nid)

    # -- the annex: every recommendation, each node once ---------------------------------------
    def reasons(self, target: str, seen: frozenset[str], places, sub) -> tuple[Reason, ...]:
        out = []
        for sid in dict.fromkeys(self.m.supporters(target)):
            if sid in seen:  # support is acyclic in a valid map; guard anyway
                continue
            item = places.place(self.use(sid), sub)
            if self.m.nodes[sid].type is NodeType.RECOMMENDATION or sid in self.unfolded:
                out.append(Reason(item))  # argued in its own right, or already unfolded: not here
            else:
                self.unfolded.add(sid)
                out.append(Reason(item, self.reasons(sid, seen | {sid}, places, sub)))
        return tuple(out)

    def recommendation(self, rid: str, ref: str, places) -> RecommendationSection:
        from .note import NO_PATTERN_LABEL

        assessment = self.ev.recommendations[rid]
        sub = places.numbering(ref)
        rec = places.place(self.use(rid), ref)
        reasons = self.reasons(rid, frozenset({rid}), places, sub)
        by_pattern: dict[str | None, list[ObjectionItem]] = {}
        for o in assessment.objections:
            item = places.place(self.use(o.id), sub)
            replies = tuple(places.place(self.use(a), sub) for a in o.answers)
            by_pattern.setdefault(self.m.nodes[o.id].pattern, []).append(ObjectionItem(
                item=item,
                hits=tuple(self.node(h) for h in o.hits),
                kind=o.kind,
                on_recommendation=rid in o.hits,
                inherited_from=self.node(o.inherited_from) if o.inherited_from else None,
                status=o.status,
                replies=replies,
            ))
        groups = []
        order = [p for p in self.m.patterns if p in by_pattern]
        order += [p for p in by_pattern if p not in self.m.patterns and p is not None]
        for pid in order:
            pattern = self.m.patterns.get(pid)
            label = (clean(pattern.label) if pattern else "") or pid
            description = clean(pattern.description) if pattern else ""
            groups.append(PatternGroup(pid, label, description, tuple(by_pattern[pid])))
        if None in by_pattern:
            groups.append(PatternGroup(None, NO_PATTERN_LABEL, "", tuple(by_pattern[None])))
        reason = _IDS.sub(lambda m: f"“{self.node(m.group(1)).label}”" if m.group(1) in self.m.nodes else m.group(1),
                          assessment.reason)
        return RecommendationSection(rec, ref, assessment.verdict.value, clean(reason).rstrip("."), reasons, tuple(groups))

    def attacks_across(self, recs: list[str], stance: str) -> list[tuple[str, str, list[str], list[str]]]:
        """Every attack across sides in the debate around `recs`, as (attacker, the side it is
        asked of, what it attacks of that side, that side's own attacks on it), for `stance`'s
        side (or, balanced, every side)."""
        m = self.m
        order: list[str] = []
        seen: set[str] = set()
        queue = deque()
        for rid in recs:
            for nid in (rid, *self.ev.recommendations[rid].reasons):
                if nid not in seen:
                    seen.add(nid)
                    order.append(nid)
                    queue.append(nid)
        while queue:  # every attacker, and every attacker of an attacker, of the argument
            nid = queue.popleft()
            for attacker, _ in m.attackers(nid):
                if attacker not in seen:
                    seen.add(attacker)
                    order.append(attacker)
                    queue.append(attacker)
        found: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        for target in order:
            target_side = m.nodes[target].side
            for attacker, _ in m.attackers(target):
                if m.nodes[attacker].side == target_side:
                    continue
                targets, answers = found.setdefault((attacker, target_side), ([], []))
                if target not in targets:
                    targets.append(target)
                for answer, _ in m.attackers(attacker):
                    if m.nodes[answer].side == target_side and answer not in answers:
                        answers.append(answer)
        return [(attacker, side, targets, answers) for (attacker, side), (targets, answers) in found.items()
                if stance == BALANCED or side == stance]

    def quotes(self) -> tuple[QuoteGroup, ...]:
        """The quotes behind every node the briefing shows, each once, in the order shown."""
        return tuple(QuoteGroup(self.node(n), self.node(n).quotes) for n in self.used if self.node(n).quotes)

    def sources(self, quotes: tuple[QuoteGroup, ...]) -> tuple[SourceItem, ...]:
        counts: dict[str, int] = {}
        for group in quotes:
            for q in group.quotes:
                counts[q.citation.source_id] = counts.get(q.citation.source_id, 0) + 1
        return tuple(SourceItem(sid, self.citation(sid, with_file=True), counts[sid]) for sid in self.m.sources if sid in counts)

    def actors(self, sources: tuple[SourceItem, ...]) -> tuple[ActorItem, ...]:
        positions: dict[str, list[str]] = {}
        for nid in self.used:
            for aid in self.m.nodes[nid].by:
                positions.setdefault(aid, []).append(nid)
        authored: dict[str, list[str]] = {}
        for s in sources:
            for aid in self.m.sources[s.id].authors:
                authored.setdefault(aid, []).append(s.citation.title_text)
        order = list(dict.fromkeys([*positions, *authored]))
        rank = {aid: i for i, aid in enumerate(self.m.actors)}
        order.sort(key=lambda a: (-len(positions.get(a, ())), rank.get(a, len(rank))))
        out = []
        for aid in order:
            actor = self.m.actors.get(aid)
            held = positions.get(aid, [])
            sides = tuple(dict.fromkeys(self.side(self.m.nodes[n].side) for n in held))
            out.append(ActorItem(
                id=aid,
                name=self.actor_name(aid),
                kind=actor.kind if actor else "person",
                role=clean(actor.role) or None if actor else None,
                affiliations=tuple(clean(a) for a in actor.affiliations) if actor else (),
                sides=sides,
                positions=len(held),
                author_of=tuple(authored.get(aid, ())),
            ))
        return tuple(out)


def build_briefing(
    argmap: ArgumentMap,
    evaluation: Evaluation | None = None,
    *,
    focus: str | None = None,
    stance: str | None = BALANCED,
    prepared: str | _dt.date | None = None,
    detail: str = "brief",
) -> Briefing:
    """The briefing of a map, for `stance`: the note of its top-level recommendations (or of
    those `focus` bears on), and with `detail="full"` the annexes: every recommendation with
    all its reasons, objections and replies, the key quotes and the actors.

    Raises `UsageError` for an unknown focus, side or detail, with a suggestion.
    """
    from .note import Places, build_note, top_level

    if detail not in DETAILS:
        raise UsageError(f"no detail `{detail}`; --detail takes one of: {', '.join(DETAILS)}")
    evaluation = evaluation if evaluation is not None else evaluate(argmap)
    stance = check_stance(argmap, stance)
    around = recommendations_around(argmap, focus) if focus else None
    note_recs = around if around is not None else top_level(argmap)
    when = prepared_date(prepared)
    b = _Builder(argmap, evaluation)
    places = Places()
    note = build_note(b, places, note_recs, stance, focused=bool(focus))
    sections: tuple[RecommendationSection, ...] = ()
    actors: tuple[ActorItem, ...] = ()
    quotes: tuple[QuoteGroup, ...] = ()
    if detail == "full":
        recs = around if around is not None else [n.id for n in argmap.of_type(NodeType.RECOMMENDATION)]
        sections = tuple(b.recommendation(r, f"A{i}", places) for i, r in enumerate(recs, 1))
        quotes = b.quotes()
    cited = quotes or b.quotes()
    sources = b.sources(cited) if focus else tuple(
        SourceItem(sid, b.citation(sid), sum(1 for g in cited for q in g.quotes if q.citation.source_id == sid))
        for sid in argmap.sources)
    if detail == "full":
        actors = b.actors(sources)
    return Briefing(
        map_id=argmap.info.id,
        title=clean(argmap.info.title) or argmap.info.id,
        question=clean(argmap.info.question),
        summary=clean(argmap.info.summary),
        prepared=format_partial_date(when.isoformat()),
        prepared_iso=when.isoformat(),
        stance=stance,
        stance_side=None if stance == BALANCED else b.side(stance),
        focus=b.node(focus) if focus else None,
        sides=tuple(b.side(s) for s in argmap.sides),
        recommendations=sections,
        sources=sources,
        actors=actors,
        questions=(),
        quotes=quotes,
        note=note,
        detail=detail,
    )
