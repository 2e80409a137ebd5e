"""Evaluating a map: which attacks succeed, grounded labels over them, graded strengths, verdicts.

What is implemented, and where it comes from:

* **Defeats (preference-based argumentation, as in ASPIC+).** Modgil & Prakken, "A general
  account of argumentation with preferences", *Artificial Intelligence* 195 (2013), Def. 9,
  and "The ASPIC+ framework for structured argumentation: a tutorial", *Argument &
  Computation* 5 (2014), Def. 3.12: an attack of A on B succeeds as a *defeat* unless it is
  preference-dependent (a rebut or an undermine) and B is strictly preferred to A; undercuts
  are preference-independent and always succeed. The preference is the nodes' `weight` (how
  much a point carries in its source: fact > expert > assertion > hedged > speculative). A node
  without a weight is neither preferred nor dispreferred, so an unannotated map has every
  attack as a defeat, exactly the labels it had before weights existed. An attack marked
  `strength: weak` is a point against that never succeeds as a defeat on its own.
* **Packages.** An attack on a recommendation reaches every recommendation that is `part_of`
  it, at any depth, as an *inherited* attack of the same kind and strength, unless the curator
  scoped it with `scope: whole`. Inherited attacks are attacks like any other here.
* **Labels: grounded semantics** (Dung 1995, Def. 20 and Thm. 25; in the labelling form of
  Caminada 2006) over the defeats: a node is IN when every node defeating it is OUT, OUT when
  some IN node defeats it, UNDECIDED otherwise. Linear in nodes plus defeats.
* **Graded strength: DF-QuAD** (Rago, Toni, Aurisicchio & Baroni, "Discontinuity-free decision
  support with quantitative argumentation debates", KR 2016, Defs. 1–3) on the bipolar graph of
  supports and all attacks (weak and inherited ones included): the strength of a node is its
  base score moved up by the probabilistic sum of its supporters' strengths and down by its
  attackers', `v0 - v0·(va - vs)` when attack outweighs support, `v0 + (1 - v0)·(vs - va)`
  otherwise. The base score comes from the weight (fact 0.9, expert 0.75, assertion 0.5,
  hedged 0.35, speculative 0.2; none 0.5). DF-QuAD is defined on acyclic graphs; on a cycle the
  same equations are iterated from the base scores to a fixed point (at most 200 rounds).

A **verdict** per recommendation, from one vocabulary (`Verdict`), comes with a one-sentence
reason naming the deciding nodes, the objections that reach it (directly, through its reasons,
or inherited through its package) split into answered / contested / unanswered, and the
*critical* nodes: single nodes whose removal, or whose being answered by a new unattacked
decisive attack, would change the verdict.
"""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass, field
from typing import Iterable

from .core import ArgumentMap
from .model import AttackKind, AttackScope, AttackStrength, NodeType, Weight

__all__ = [
    "Label",
    "grounded",
    "defeat_holds",
    "dfquad",
    "BASE_SCORES",
    "Verdict",
    "VERDICT_LABELS",
    "VERDICT_MEANINGS",
    "Status",
    "Attack",
    "Objection",
    "Assessment",
    "Evaluation",
    "evaluate",
]


class Label(str, enum.Enum):
    IN = "in"
    OUT = "out"
    UNDECIDED = "undecided"


def grounded(nodes: Iterable[str], attacks: Iterable[tuple[str, str]]) -> dict[str, Label]:
    """The grounded labelling of an attack (or defeat) graph.

    `attacks` are (attacker, target) pairs; pairs naming unknown nodes are ignored and
    repeated pairs count once. Each node starts with the number of its attackers not yet OUT;
    a node whose count reaches zero is IN, everything it attacks is OUT, and each node made OUT
    lowers the counts of its own targets. What is left unlabelled is UNDECIDED.
    """
    order = list(dict.fromkeys(nodes))
    known = set(order)
    targets: dict[str, list[str]] = {n: [] for n in order}
    pending: dict[str, int] = {n: 0 for n in order}
    for attacker, target in set(attacks):
        if attacker in known and target in known:
            targets[attacker].append(target)
            pending[target] += 1
    label: dict[str, Label] = {}
    queue = deque(n for n in order if pending[n] == 0)
    while queue:
        node = queue.popleft()
        if node in label:
            continue
        label[node] = Label.IN
        for target in targets[node]:
            if target in label:  # already OUT (an IN node never attacks an IN one)
                continue
            label[target] = Label.OUT
            for further in targets[target]:
                pending[further] -= 1
                if pending[further] == 0 and further not in label:
                    queue.append(further)
    return {node: label.get(node, Label.UNDECIDED) for node in order}  # in the order the nodes came


def defeat_holds(kind: AttackKind, strength: AttackStrength, attacker: Weight | None, target: Weight | None) -> bool:
    """Whether one attack succeeds as a defeat (Modgil & Prakken 2013, Def. 9).

    A weak attack never does; an undercut always does (it denies the inference, not the
    conclusion, so no preference between the two bears on it); a rebut or an undermine does
    unless the target's weight is strictly greater than the attacker's. A missing weight is
    incomparable, so it never blocks a defeat.
    """
    if strength is AttackStrength.WEAK:
        return False
    if kind is AttackKind.UNDERCUT:
        return True
    if attacker is None or target is None:
        return True
    return not target.rank > attacker.rank


# Base scores of DF-QuAD by weight: the source's own qualification of the point.
BASE_SCORES: dict[Weight | None, float] = {
    Weight.FACT: 0.9,
    Weight.EXPERT: 0.75,
    Weight.ASSERTION: 0.5,
    Weight.HEDGED: 0.35,
    Weight.SPECULATIVE: 0.2,
    None: 0.5,
}


def dfquad(
    base: dict[str, float],
    attacks: Iterable[tuple[str, str]],
    supports: Iterable[tuple[str, str]],
    *,
    rounds: int = 200,
    tolerance: float = 1e-9,
) -> dict[str, float]:
    """DF-QuAD strengths (Rago et al. 2016, Def. 3): in topological order when the graph is
    acyclic, otherwise the same update iterated from the base scores to a fixed point."""
    attackers: dict[str, list[str]] = {n: [] for n in base}
    supporters: dict[str, list[str]] = {n: [] for n in base}
    for a, t in set(attacks):
        if a in base and t in base:
            attackers[t].append(a)
    for s, t in set(supports):
        if s in base and t in base and s != t:
            supporters[t].append(s)

    def update(node: str, current: dict[str, float]) -> float:
        va = 1.0
        for a in attackers[node]:
            va *= 1.0 - current[a]
        vs = 1.0
        for s in supporters[node]:
            vs *= 1.0 - current[s]
        va, vs = 1.0 - va, 1.0 - vs
        v0 = base[node]
        if va >= vs:
            return v0 - v0 * (va - vs)
        return v0 + (1.0 - v0) * (vs - va)

    # Kahn's order over both relations; what is left lies on or after a cycle.
    indegree = {n: len(attackers[n]) + len(supporters[n]) for n in base}
    successors: dict[str, list[str]] = {n: [] for n in base}
    for t in base:
        for p in attackers[t] + supporters[t]:
            successors[p].append(t)
    queue = deque(n for n in base if indegree[n] == 0)
    order: list[str] = []
    while queue:
        n = queue.popleft()
        order.append(n)
        for t in successors[n]:
            indegree[t] -= 1
            if indegree[t] == 0:
                queue.append(t)
    strength = dict(base)
    for n in order:
        strength[n] = update(n, strength)
    if len(order) < len(base):
        rest = [n for n in base if indegree[n] > 0]
        for _ in range(rounds):
            new = {n: update(n, strength) for n in rest}
            delta = max(abs(new[n] - strength[n]) for n in rest)
            strength.update(new)
            if delta < tolerance:
                break
        # Nodes downstream of the cycle were fixed with the cycle's first values: settle them.
        for _ in range(rounds):
            new = {n: update(n, strength) for n in base}
            delta = max((abs(new[n] - strength[n]) for n in base), default=0.0)
            strength = new
            if delta < tolerance:
                break
    return strength


class Verdict(str, enum.Enum):
    """Where a recommendation stands once the arguments are weighed: one vocabulary everywhere."""

    STANDS = "stands"  # in, and at least one of its reasons is in
    CONTESTED = "contested"  # the map does not settle it: undecided, or its reasons are undecided or missing
    COUNTERED = "countered"  # not itself defeated, but every reason it has is out
    DEFEATED = "defeated"  # out: an objection that stands defeats it (directly or through its package)


Status = Verdict  # the name used before verdicts had reasons

VERDICT_LABELS = {
    Verdict.STANDS: "Stands",
    Verdict.CONTESTED: "Contested",
    Verdict.COUNTERED: "Countered",
    Verdict.DEFEATED: "Defeated",
}

# What each verdict means, in the words every view uses for its legend.
VERDICT_MEANINGS = {
    Verdict.STANDS: "not defeated, and at least one reason for it stands (unanswered objections may remain; "
                    "the reason names the reasons they hit).",
    Verdict.CONTESTED: "the map leaves it open: attacks in a cycle nothing settles, or no reason for it mapped.",
    Verdict.COUNTERED: "not itself defeated, but an objection that stands defeats every reason for it.",
    Verdict.DEFEATED: "an objection that stands defeats it, directly or through the package it is part of.",
}


@dataclass(frozen=True)
class Attack:
    """One attack as evaluated: made in the map, or inherited by a part from its package."""

    attacker: str
    target: str
    kind: AttackKind
    strength: AttackStrength
    defeats: bool
    via: str | None = None  # the package the attack was made on, for an inherited one


@dataclass(frozen=True)
class Objection:
    """A node that attacks a recommendation, one of its reasons, or its package; once each."""

    id: str
    hits: tuple[str, ...]  # what it attacks among the recommendation and its reasons
    kind: str  # of its first hit
    label: Label
    answers: tuple[str, ...]  # the nodes attacking the objection
    status: str  # "answered" (out) | "contested" (attacked, not out) | "unanswered" (nothing attacks it)
    inherited_from: str | None  # the package, when it reaches the recommendation only through it
    defeats: bool  # at least one of its attacks here succeeds

    @property
    def answered(self) -> bool:
        return self.status == "answered"


@dataclass(frozen=True)
class Assessment:
    """One recommendation, weighed."""

    id: str
    label: Label
    verdict: Verdict
    reason: str
    supports: tuple[str, ...]  # direct reasons, in map order
    reasons: tuple[str, ...]  # the whole support tree below it (a part with none: its package's)
    objections: tuple[Objection, ...]
    grounds: tuple[str, ...] = ()  # the reasons its verdict rests on: its own direct ones, or its package's

    @property
    def status(self) -> Verdict:
        return self.verdict

    def _with(self, status: str) -> tuple[Objection, ...]:
        return tuple(o for o in self.objections if o.status == status)

    @property
    def answered(self) -> tuple[Objection, ...]:
        return self._with("answered")

    @property
    def contested(self) -> tuple[Objection, ...]:
        return self._with("contested")

    @property
    def unanswered(self) -> tuple[Objection, ...]:
        return self._with("unanswered")

    @property
    def inherited(self) -> tuple[Objection, ...]:
        return tuple(o for o in self.objections if o.inherited_from)

    def counts(self) -> str:
        """"6 objections: 2 answered, 1 contested, 3 unanswered (2 inherited)"."""
        n = len(self.objections)
        if not n:
            return "no objections"
        parts = [f"{len(x)} {name}" for name, x in
                 (("answered", self.answered), ("contested", self.contested), ("unanswered", self.unanswered)) if x]
        text = f"{n} objection{'s' if n != 1 else ''}: " + ", ".join(parts)
        if self.inherited:
            text += f" ({len(self.inherited)} inherited)"
        return text


@dataclass
class Evaluation:
    """Labels, strengths and defeats for every node, and an assessment of every recommendation."""

    labels: dict[str, Label]
    strength: dict[str, float] = field(default_factory=dict)
    attacks: list[Attack] = field(default_factory=list)
    recommendations: dict[str, Assessment] = field(default_factory=dict)
    _argmap: ArgumentMap | None = field(default=None, repr=False)
    _critical: dict[str, tuple[tuple[str, str, Verdict], ...]] = field(default_factory=dict, repr=False)
    _defeats: set[tuple[str, str]] | None = field(default=None, repr=False)
    _defeaters: dict[str, list[str]] | None = field(default=None, repr=False)
    _by_target: dict[str, list[Attack]] | None = field(default=None, repr=False)
    _position: dict[str, int] | None = field(default=None, repr=False)

    def label(self, node_id: str) -> Label:
        return self.labels[node_id]

    @property
    def defeats(self) -> set[tuple[str, str]]:
        """(attacker, target) of every attack that succeeds, inherited ones included."""
        if self._defeats is None:
            self._defeats = {(a.attacker, a.target) for a in self.attacks if a.defeats}
        return self._defeats

    @property
    def defeaters(self) -> dict[str, list[str]]:
        """Target → the nodes that defeat it."""
        if self._defeaters is None:
            found: dict[str, list[str]] = {}
            for a in self.attacks:
                if a.defeats:
                    found.setdefault(a.target, []).append(a.attacker)
            self._defeaters = found
        return self._defeaters

    @property
    def inherited(self) -> dict[tuple[str, str], str]:
        return {(a.attacker, a.target): a.via for a in self.attacks if a.via}

    @property
    def by_target(self) -> dict[str, list[Attack]]:
        """Target → the attacks on it (inherited ones included), in the order they were made."""
        if self._by_target is None:
            found: dict[str, list[Attack]] = {}
            for a in self.attacks:
                found.setdefault(a.target, []).append(a)
            self._by_target = found
        return self._by_target

    def unanswered_objections(self, argmap: ArgumentMap) -> list[str]:
        """Objections that no node attacks, in map order."""
        return [n.id for n in argmap.of_type(NodeType.OBJECTION) if not argmap.attackers(n.id)]

    # -- what would change a verdict -----------------------------------------------------------
    def critical_effects(self, rec_id: str) -> tuple[tuple[str, str, Verdict], ...]:
        """(node, "removed" | "answered", the verdict it would then get) for each single change
        that flips the verdict of `rec_id`; each node once, removal first."""
        if rec_id not in self._critical:
            from .loader import collector_paused

            with collector_paused():
                self._critical[rec_id] = _critical(self, rec_id)
        return self._critical[rec_id]

    def critical(self, rec_id: str) -> tuple[str, ...]:
        """Nodes whose removal, or whose being answered, would change the verdict of `rec_id`."""
        return tuple(node for node, _, _ in self.critical_effects(rec_id))

    def explain(self, rec_id: str) -> dict:
        """Everything that decides one recommendation's verdict, as plain data."""
        return _explain(self, rec_id)


# -- computing it -------------------------------------------------------------------------------


def _attacks(argmap: ArgumentMap) -> list[Attack]:
    """Every attack of the map, then the ones parts inherit from their packages."""
    nodes = argmap.nodes
    made: list[Attack] = []
    packages: list[Attack] = []  # made on a recommendation with parts, and scoped to reach them
    for node in nodes.values():
        for a in node.attack_list:
            target = nodes.get(a.target)
            if target is None:
                continue
            attack = Attack(node.id, a.target, a.kind, a.strength,
                            defeat_holds(a.kind, a.strength, node.weight, target.weight))
            made.append(attack)
            if a.scope is AttackScope.PACKAGE and argmap.parts(a.target):
                packages.append(attack)
    inherited: list[Attack] = []
    seen = {(a.attacker, a.target) for a in made}
    for attack in packages:
        attacker = nodes[attack.attacker]
        for part in _all_parts(argmap, attack.target):
            if (attack.attacker, part) in seen or part == attack.attacker:
                continue
            seen.add((attack.attacker, part))
            inherited.append(Attack(attack.attacker, part, attack.kind, attack.strength,
                                    defeat_holds(attack.kind, attack.strength, attacker.weight, nodes[part].weight),
                                    via=attack.target))
    return made + inherited


def _all_parts(argmap: ArgumentMap, whole: str) -> list[str]:
    """Every recommendation that is part of `whole`, at any depth, breadth first."""
    seen = {whole}
    order: list[str] = []
    queue = deque([whole])
    while queue:
        for part in argmap.parts(queue.popleft()):
            if part not in seen:
                seen.add(part)
                order.append(part)
                queue.append(part)
    return order


def _support_tree(argmap: ArgumentMap, root: str) -> tuple[str, ...]:
    """Every node that supports `root`, directly or through others, breadth first."""
    seen = {root}
    order: list[str] = []
    queue = deque([root])
    while queue:
        node = queue.popleft()
        for supporter in argmap.supporters(node):
            if supporter not in seen:
                seen.add(supporter)
                order.append(supporter)
                queue.append(supporter)
    return tuple(order)


def _grounds(argmap: ArgumentMap, rec_id: str) -> tuple[tuple[str, ...], str | None]:
    """The reasons a verdict rests on: the recommendation's own direct ones or, for a part with
    none, those of the nearest package that has some (and that package's id)."""
    own = tuple(dict.fromkeys(argmap.supporters(rec_id)))
    if own:
        return own, None
    seen = {rec_id}
    queue = deque(argmap.wholes(rec_id))
    while queue:
        whole = queue.popleft()
        if whole in seen:
            continue
        seen.add(whole)
        theirs = tuple(dict.fromkeys(argmap.supporters(whole)))
        if theirs:
            return theirs, whole
        queue.extend(argmap.wholes(whole))
    return (), None


def evaluate(argmap: ArgumentMap) -> Evaluation:
    """Label every node, grade its strength, and assess every recommendation of a map.

    The cyclic garbage collector is paused meanwhile: evaluation makes many small tuples and no
    cycles, and on a big map each collection would walk every object of the loaded map.
    """
    from .loader import collector_paused

    with collector_paused():
        return _evaluate(argmap)


def _evaluate(argmap: ArgumentMap) -> Evaluation:
    attacks = _attacks(argmap)
    labels = grounded(argmap.nodes, ((a.attacker, a.target) for a in attacks if a.defeats))
    base = {n.id: BASE_SCORES[n.weight] for n in argmap.nodes.values()}
    strength = dfquad(base, ((a.attacker, a.target) for a in attacks),
                      ((s, t) for s, t, kind in argmap.edges() if kind == "support"))
    evaluation = Evaluation(labels, strength, attacks, _argmap=argmap)
    by_target = evaluation.by_target
    for rec in argmap.of_type(NodeType.RECOMMENDATION):
        evaluation.recommendations[rec.id] = _assess(argmap, evaluation, by_target, rec.id)
    return evaluation


def _assess(argmap: ArgumentMap, ev: Evaluation, by_target: dict[str, list[Attack]], rec_id: str) -> Assessment:
    labels = ev.labels
    direct = tuple(dict.fromkeys(argmap.supporters(rec_id)))
    grounds, package = _grounds(argmap, rec_id)
    reasons = _support_tree(argmap, rec_id) if direct else (
        _support_tree(argmap, package) if package else ())
    hits: dict[str, list[Attack]] = {}
    for target in (rec_id, *reasons):
        for a in by_target.get(target, ()):
            hits.setdefault(a.attacker, []).append(a)
    objections = []
    for attacker, made in hits.items():
        answers = tuple(dict.fromkeys(x.attacker for x in by_target.get(attacker, ())))
        label = labels[attacker]
        status = "answered" if label is Label.OUT else "unanswered" if not answers else "contested"
        vias = {a.via for a in made}
        inherited_from = made[0].via if None not in vias else None
        objections.append(Objection(attacker, tuple(dict.fromkeys(a.target for a in made)), made[0].kind.value,
                                    label, answers, status, inherited_from, any(a.defeats for a in made)))
    verdict, reason = _verdict(argmap, labels, by_target, rec_id, grounds, package, objections, hits)
    return Assessment(rec_id, labels[rec_id], verdict, reason, direct, reasons, tuple(objections), grounds)


def _ids(ids: Iterable[str], most: int = 4) -> str:
    items = [f"`{i}`" for i in ids]
    if len(items) > most:
        return ", ".join(items[: most - 1]) + f" and {len(items) - most + 1} more"
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(word: str, n: int) -> str:
    return word if n == 1 else word + "s"


def _decide(labels: dict[str, Label], rec_id: str, grounds: tuple[str, ...]) -> Verdict:
    """The verdict from the labels alone (the rule `_verdict` explains)."""
    label = labels[rec_id]
    if label is Label.OUT:
        return Verdict.DEFEATED
    if label is Label.UNDECIDED or not grounds:
        return Verdict.CONTESTED
    if any(labels[g] is Label.IN for g in grounds):
        return Verdict.STANDS
    if all(labels[g] is Label.OUT for g in grounds):
        return Verdict.COUNTERED
    return Verdict.CONTESTED


def _why_no_defeat(argmap: ArgumentMap, attacks: list[Attack]) -> str:
    """Why none of an objection's attacks succeeds, in a few words."""
    if all(a.strength is AttackStrength.WEAK for a in attacks):
        return "a weak attack"
    a = next(x for x in attacks if x.strength is not AttackStrength.WEAK)
    mine, theirs = argmap.nodes[a.attacker].weight, argmap.nodes[a.target].weight
    return f"`{a.target}` ({theirs.value if theirs else '?'}) outweighs it ({mine.value if mine else '?'})"


def _verdict(argmap, labels, by_target, rec_id, grounds, package, objections, hits) -> tuple[Verdict, str]:
    """The verdict and one sentence naming what decides it."""
    verdict = _decide(labels, rec_id, grounds)

    def defeaters(node: str, label: Label) -> list[Attack]:
        return [a for a in by_target.get(node, ()) if a.defeats and labels[a.attacker] is label]

    def who(attack: Attack) -> str:
        status = "unanswered " if not by_target.get(attack.attacker) else ""
        text = f"the {status}{argmap.nodes[attack.attacker].type.value} `{attack.attacker}`"
        if attack.via:
            text += f" (aimed at its package `{attack.via}`)"
        return text

    their = f"its package `{package}`'s" if package else "its"
    if verdict is Verdict.DEFEATED:
        decisive = defeaters(rec_id, Label.IN)
        attack = decisive[0]
        text = f"defeated: {who(attack)} defeats it"
        replies = by_target.get(attack.attacker, ())
        if replies:
            weak = [x for x in replies if not x.defeats]
            beaten = list(dict.fromkeys(x.attacker for x in replies if x.defeats and labels[x.attacker] is not Label.IN))
            parts = []
            if weak:
                parts.append(f"{_ids(dict.fromkeys(x.attacker for x in weak))} does not defeat it "
                             f"({_why_no_defeat(argmap, weak)})" if len({x.attacker for x in weak}) == 1 else
                             f"{_ids(dict.fromkeys(x.attacker for x in weak))} do not defeat it")
            if beaten:
                parts.append(f"{_ids(beaten)} {'is' if len(beaten) == 1 else 'are'} itself answered or open")
            text += "; of the answers to it, " + " and ".join(parts)
        if len(decisive) > 1:
            others = len({x.attacker for x in decisive}) - 1
            text += f"; {others} other {_plural('objection', others)} that {'stands' if others == 1 else 'stand'} also {'defeats' if others == 1 else 'defeat'} it"
        return verdict, text + "."
    if verdict is Verdict.CONTESTED:
        if labels[rec_id] is Label.UNDECIDED:
            open_ = [a.attacker for a in defeaters(rec_id, Label.UNDECIDED)]
            return verdict, (f"contested: {_ids(open_)} attack{'s' if len(open_) == 1 else ''} it in a cycle of "
                             "attacks the map does not settle.")
        if not grounds:
            return verdict, "contested: nothing in the map supports it, so it rests on no reason."
        open_ = [g for g in grounds if labels[g] is Label.UNDECIDED]
        attackers = list(dict.fromkeys(a.attacker for g in open_ for a in defeaters(g, Label.UNDECIDED)))
        return verdict, (f"contested: {their} {_plural('reason', len(open_))} {_ids(open_)} "
                         f"{'is' if len(open_) == 1 else 'are'} caught in a cycle of attacks with {_ids(attackers)} "
                         "that the map does not settle, and no other reason stands.")
    if verdict is Verdict.COUNTERED:
        by = list(dict.fromkeys(a.attacker for g in grounds for a in defeaters(g, Label.IN)))
        unanswered = [b for b in by if not by_target.get(b)]
        what = "unanswered objection" if len(unanswered) == len(by) else "objection"
        which = f"its only reason {_ids(grounds)}" if len(grounds) == 1 else f"all {len(grounds)} of {their} reasons"
        if package and len(grounds) == 1:
            which = f"{their} only reason {_ids(grounds)}"
        return verdict, (f"countered: the {_plural(what, len(by))} {_ids(by)} "
                         f"{'defeats' if len(by) == 1 else 'defeat'} {which}; it is not refuted, but no reason for it is left standing.")
    standing = [g for g in grounds if labels[g] is Label.IN]
    text = f"stands: {their} {_plural('reason', len(standing))} {_ids(standing)} {'holds' if len(standing) == 1 else 'hold'}"
    open_ = [o for o in objections if o.status != "answered"]
    if not objections:
        return verdict, text + " and nothing in the map objects to it."
    if not open_:
        return verdict, text + f" and every objection to it is answered ({_ids(o.id for o in objections)})."
    hit_out = [o for o in open_ if o.defeats]
    not_defeating = [o for o in open_ if not o.defeats]
    clauses = []
    if hit_out:
        hit = list(dict.fromkeys(h for o in hit_out for h in o.hits if h != rec_id))
        clauses.append(f"{_ids(o.id for o in hit_out)} still {'stands' if len(hit_out) == 1 else 'stand'} against "
                       f"{_plural('reason', len(hit))} {_ids(hit)}" if hit else
                       f"{_ids(o.id for o in hit_out)} still {'stands' if len(hit_out) == 1 else 'stand'}")
    for o in not_defeating[:3]:
        clauses.append(f"`{o.id}` is {'not answered' if o.status == 'unanswered' else 'open'} but does not "
                       f"defeat what it attacks ({_why_no_defeat(argmap, hits[o.id])})")
    if len(not_defeating) > 3:
        clauses.append(f"{len(not_defeating) - 3} more do not defeat what they attack")
    return verdict, text + "; " + "; ".join(clauses) + "."


# -- critical nodes -----------------------------------------------------------------------------


def _upstream(ev: Evaluation, targets: Iterable[str]) -> set[str]:
    """The nodes whose labels can bear on `targets`: they and everything defeating them, transitively."""
    defeaters = ev.defeaters
    seen: set[str] = set()
    stack = list(targets)
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        stack.extend(defeaters.get(n, ()))
    return seen


def _position(ev: Evaluation) -> dict[str, int]:
    if ev._position is None:
        ev._position = {n: i for i, n in enumerate(ev.labels)}
    return ev._position


def _critical(ev: Evaluation, rec_id: str) -> tuple[tuple[str, str, Verdict], ...]:
    a = ev.recommendations[rec_id]
    grounds = a.grounds
    scope = _upstream(ev, (rec_id, *grounds))
    defeats = [(x, t) for t in scope for x in ev.defeaters.get(t, ())]
    fresh = "\0answer"
    found: list[tuple[str, str, Verdict]] = []
    for node in [n for n in ev.labels if n in scope and n != rec_id] if len(scope) * 8 > len(ev.labels) else sorted(
            scope - {rec_id}, key=_position(ev).__getitem__):
        # removed: the node and its attacks go; a reason removed is no longer a ground
        rest = [n for n in scope if n != node]
        labels = grounded(rest, [(x, t) for x, t in defeats if node not in (x, t)])
        after = _decide(labels, rec_id, tuple(g for g in grounds if g != node))
        if after is not a.verdict:
            found.append((node, "removed", after))
            continue
        # answered: a new, unattacked, decisive attack on it
        labels = grounded([*scope, fresh], [*defeats, (fresh, node)])
        after = _decide(labels, rec_id, grounds)
        if after is not a.verdict:
            found.append((node, "answered", after))
    return tuple(found)


# -- explanation --------------------------------------------------------------------------------


def _explain(ev: Evaluation, rec_id: str) -> dict:
    argmap = ev._argmap
    a = ev.recommendations[rec_id]
    by_target = ev.by_target

    def chain(node: str, seen: frozenset[str], depth: int) -> list[dict]:
        out = []
        for x in by_target.get(node, ()):
            entry = {
                "attacker": x.attacker,
                "kind": x.kind.value,
                "strength": x.strength.value,
                "defeats": x.defeats,
                "label": ev.labels[x.attacker].value,
                "inherited_from": x.via,
            }
            if not x.defeats and argmap is not None:
                entry["why_not"] = _why_no_defeat(argmap, [x])
            if x.attacker in seen or depth >= 12:
                entry["answers"] = "…"  # a cycle, or deep enough
            else:
                entry["answers"] = chain(x.attacker, seen | {x.attacker}, depth + 1)
            out.append(entry)
        return out

    def node_data(n: str) -> dict:
        node = argmap.nodes[n] if argmap else None
        return {
            "id": n,
            "title": node.label if node else n,
            "type": node.type.value if node else None,
            "weight": node.weight.value if node and node.weight else None,
            "label": ev.labels[n].value,
            "strength": round(ev.strength.get(n, 0.0), 4),
        }

    return {
        **node_data(rec_id),
        "verdict": a.verdict.value,
        "reason": a.reason,
        "grounds": [node_data(g) | {"attacks": chain(g, frozenset({g}), 1)} for g in a.grounds],
        "attacks": chain(rec_id, frozenset({rec_id}), 1),
        "objections": {
            "answered": [o.id for o in a.answered],
            "contested": [o.id for o in a.contested],
            "unanswered": [o.id for o in a.unanswered],
            "inherited": [o.id for o in a.inherited],
        },
        "critical": [{"id": n, "if": how, "verdict": after.value} for n, how, after in ev.critical_effects(rec_id)],
    }
