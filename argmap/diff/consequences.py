"""What a change does to the answer: node labels and recommendation verdicts, before and after.

Without evaluations given, only the region a change can reach is evaluated: the nodes
downstream of a touched node (`_forward`), with all they depend on (`_backward`); every other
node has the same inputs in both versions, and so the same label, strength and verdict.
"""

from __future__ import annotations

from ..core import ArgumentMap
from ..evaluate import Assessment, Evaluation
from .model import LabelChange, VerdictChange

__all__ = ["consequences", "verdict_of"]

# Beyond this share of the map, the region a change can reach is evaluated as the whole map.
_LOCAL_SHARE = 0.5


def verdict_of(assessment: Assessment) -> str:
    """A recommendation's verdict as a word: stands, contested, countered, defeated."""
    return assessment.verdict.value


def _forward(argmap: ArgumentMap, starts) -> set[str]:
    """Every node whose evaluation may depend on one of `starts`: what they support, attack or
    are part of, onwards (and the parts of each: a package's attacks reach its parts)."""
    seen = {x for x in starts if x in argmap.nodes}
    stack = list(seen)
    while stack:
        node = argmap.nodes[stack.pop()]
        for y in (*node.supports, *(a.target for a in node.attack_list), *node.part_of, *argmap.parts(node.id)):
            if y not in seen and y in argmap.nodes:
                seen.add(y)
                stack.append(y)
    return seen


def _backward(argmap: ArgumentMap, starts) -> set[str]:
    """Every node the evaluation of `starts` may read: their supporters, attackers, packages and
    parts, onwards. A node's label, strength and verdict depend on nothing outside this set."""
    seen = {x for x in starts if x in argmap.nodes}
    stack = list(seen)
    while stack:
        x = stack.pop()
        for y in (*argmap.supporters(x), *(a for a, _ in argmap.attackers(x)), *argmap.parts(x), *argmap.nodes[x].part_of):
            if y not in seen and y in argmap.nodes:
                seen.add(y)
                stack.append(y)
    return seen


def _submap(argmap: ArgumentMap, keep: set[str]) -> ArgumentMap:
    return ArgumentMap(info=argmap.info, root=argmap.root, path=argmap.path, sides=argmap.sides, actors=argmap.actors,
                       themes=argmap.themes, patterns=argmap.patterns, sources=argmap.sources,
                       dialogue=argmap.dialogue, argdown=argmap.argdown, nodes={i: n for i, n in argmap.nodes.items() if i in keep})


def consequences(old: ArgumentMap, new: ArgumentMap, old_eval: Evaluation | None, new_eval: Evaluation | None,
                  renames: dict[str, str], touched: set[str], removed: list[str]):
    """Labels and verdicts that changed. Without evaluations given, only the region a change
    can reach is evaluated: the nodes downstream of a touched node (`_forward`), with all they
    depend on (`_backward`); everything else has the same inputs in both versions, and so the
    same label, strength and verdict."""
    from ..evaluate import evaluate as run_evaluation

    back = {n: o for o, n in renames.items()}
    only: set[str] | None = None  # new ids whose consequences may differ; None: all
    if old_eval is None or new_eval is None:
        start_old = {back.get(t, t) for t in touched} | set(removed)
        reach = _forward(new, touched) | {renames.get(o, o) for o in _forward(old, start_old)}
        if len(reach) <= _LOCAL_SHARE * max(1, len(new.nodes)):
            only = reach
            if old_eval is None:
                old_eval = run_evaluation(_submap(old, _backward(old, {back.get(n, n) for n in reach})))
            if new_eval is None:
                new_eval = run_evaluation(_submap(new, _backward(new, reach)))
        else:
            old_eval = old_eval or run_evaluation(old)
            new_eval = new_eval or run_evaluation(new)
    labels = []
    new_labels = new_eval.labels
    for old_id, before in old_eval.labels.items():
        new_id = renames.get(old_id, old_id)
        if only is not None and new_id not in only:
            continue
        after = new_labels.get(new_id)
        if after is not None and after is not before:
            labels.append(LabelChange(new_id, old_id, new.nodes[new_id].label, before.value, after.value))
    verdicts = []
    for old_id, before in old_eval.recommendations.items():
        new_id = renames.get(old_id, old_id)
        if only is not None and new_id not in only:
            continue
        after = new_eval.recommendations.get(new_id)
        if after is None:
            continue
        v_old, v_new = verdict_of(before), verdict_of(after)
        if v_old != v_new:
            verdicts.append(VerdictChange(new_id, old_id, new.nodes[new_id].label, v_old, v_new, before.reason, after.reason,
                                          round(old_eval.strength.get(old_id, 0.0), 3), round(new_eval.strength.get(new_id, 0.0), 3)))
    return old_eval, new_eval, tuple(labels), tuple(verdicts)
