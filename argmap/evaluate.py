"""Evaluating a map: grounded labelling of the attack relation, and what it means per recommendation.

Grounded semantics (Dung 1995, in its labelling form): a node is IN when every node attacking
it is OUT, OUT when some IN node attacks it, and UNDECIDED otherwise (attack cycles nobody
breaks). All three attack kinds (rebut, undercut, undermine) count as attacks. The labelling
is computed in time linear in nodes plus attacks, and does not depend on the order of either.
"""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass, field
from typing import Iterable

from .core import ArgumentMap
from .model import NodeType

__all__ = ["Label", "grounded", "Objection", "Assessment", "Evaluation", "evaluate", "Status"]


class Label(str, enum.Enum):
    IN = "in"
    OUT = "out"
    UNDECIDED = "undecided"


def grounded(nodes: Iterable[str], attacks: Iterable[tuple[str, str]]) -> dict[str, Label]:
    """The grounded labelling of an attack graph.

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
    for node in order:
        label.setdefault(node, Label.UNDECIDED)
    return label


class Status(str, enum.Enum):
    """Where a recommendation stands once the arguments are weighed."""

    STANDS = "stands"  # IN, with at least one reason that is IN
    CONTESTED = "contested"  # undecided, or IN with no reason left standing
    DEFEATED = "defeated"  # OUT: an objection that stands attacks it


@dataclass(frozen=True)
class Objection:
    """An attack on a recommendation or on one of the reasons behind it."""

    id: str
    target: str  # the recommendation itself or a node in its support tree
    kind: str
    label: Label
    answers: tuple[str, ...]  # ids of the nodes that attack this objection

    @property
    def answered(self) -> bool:
        return bool(self.answers)


@dataclass(frozen=True)
class Assessment:
    """One recommendation, weighed."""

    id: str
    label: Label
    status: Status
    supports: tuple[str, ...]  # direct reasons, in map order
    reasons: tuple[str, ...]  # the whole support tree below it (direct reasons included)
    objections: tuple[Objection, ...]

    @property
    def answered(self) -> tuple[Objection, ...]:
        return tuple(o for o in self.objections if o.answered)

    @property
    def unanswered(self) -> tuple[Objection, ...]:
        return tuple(o for o in self.objections if not o.answered)


@dataclass
class Evaluation:
    """Labels for every node and an assessment of every recommendation."""

    labels: dict[str, Label]
    recommendations: dict[str, Assessment] = field(default_factory=dict)

    def label(self, node_id: str) -> Label:
        return self.labels[node_id]

    def unanswered_objections(self, argmap: ArgumentMap) -> list[str]:
        """Objections that no node attacks, in map order."""
        return [n.id for n in argmap.of_type(NodeType.OBJECTION) if not argmap.attackers(n.id)]


def evaluate(argmap: ArgumentMap) -> Evaluation:
    """Label every node and assess every recommendation of a map."""
    labels = grounded(argmap.nodes, ((a, t) for a, t, kind in argmap.edges() if kind != "support"))
    evaluation = Evaluation(labels)
    for rec in argmap.of_type(NodeType.RECOMMENDATION):
        reasons = _support_tree(argmap, rec.id)
        objections = []
        seen: set[tuple[str, str]] = set()
        for target in (rec.id, *reasons):
            for attacker, kind in argmap.attackers(target):
                if (attacker, target) in seen:
                    continue
                seen.add((attacker, target))
                answers = tuple(dict.fromkeys(a for a, _ in argmap.attackers(attacker)))
                objections.append(Objection(attacker, target, kind.value, labels[attacker], answers))
        direct = tuple(dict.fromkeys(argmap.supporters(rec.id)))
        label = labels[rec.id]
        if label is Label.OUT:
            status = Status.DEFEATED
        elif label is Label.IN and any(labels[s] is Label.IN for s in direct):
            status = Status.STANDS
        else:
            status = Status.CONTESTED
        evaluation.recommendations[rec.id] = Assessment(rec.id, label, status, direct, reasons, tuple(objections))
    return evaluation


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
