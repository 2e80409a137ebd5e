"""Checks that need the whole map: references, relation rules, cycles, sources and quotes."""

from __future__ import annotations

import hashlib
from collections import Counter

from .core import ArgumentMap, Origin, QuoteSpan
from .model import AttackKind, Node, NodeType
from .problems import Problem
from .quotes import closest_passage, find_quote, split_elisions
from .sources import SourceFileError, SourceText, read_source, resolve_source_path
from .yamlsafe import _child

__all__ = ["validate", "check_quotes", "Rechecker", "support_cycles", "part_cycles"]


def validate(argmap: ArgumentMap, broken: dict[str, set[str]] | None = None, *, verify_quotes: bool = True,
             quote_memo: dict | None = None) -> list[Problem]:
    """Every problem with a merged map. Quote offsets found are stored in `argmap.spans`.

    `quote_memo`, a dict kept between checks, remembers what each quote search found, keyed by
    the source's sha256 and the quote's words, so unchanged quotes in unchanged sources are not
    searched for again (see argmap.incremental).
    """
    checker = _Checker(argmap, broken or {}, quote_memo)
    checker.run(verify_quotes)
    return checker.problems


def check_quotes(argmap: ArgumentMap, quote_memo: dict | None = None) -> list[Problem]:
    """Only the quote checks, for a map validated without them (its sources already read)."""
    checker = _Checker(argmap, {}, quote_memo)
    checker.run_quotes()
    return checker.problems


class Rechecker:
    """`validate` for successive versions of one map, re-checking only what changed.

    A node's checks read the node itself and, of the rest of the map, only: the map's sides,
    themes, actors, patterns, sources and their texts and the entries left out (the *context*;
    when it changes, everything is checked again), and the *shapes* (type and links, see
    `_shape`) of the nodes the node names or that name it. When shapes change, `_affected` finds
    the nodes whose checks can see the change (the changed nodes; those that name a node added,
    removed or of another type; the targets of a changed link and the steps under them; ...),
    and only those are checked again, with the nodes read again from a changed file. The
    others' problems and quote places are reused, and quote searches come from `quote_memo`.
    Results are always the same as `validate`'s (a property test holds it to that).
    """

    def __init__(self, quote_memo: dict | None = None) -> None:
        self.quote_memo: dict = quote_memo if quote_memo is not None else {}
        self._last: _Last | None = None
        self.changed = False  # whether anything was checked since `state` was last taken

    def validate(self, argmap: ArgumentMap, broken: dict[str, set[str]] | None = None, *, verify_quotes: bool = True) -> list[Problem]:
        checker = _Checker(argmap, broken or {}, self.quote_memo, self._last)
        checker.run(verify_quotes)
        self.changed = self.changed or checker.computed
        self._last = checker.last
        return checker.problems

    def check_quotes(self, argmap: ArgumentMap) -> list[Problem]:
        """The quote checks of a map last validated here with `verify_quotes=False`."""
        last = self._last if self._last is not None and self._last.map is argmap else None
        checker = _Checker(argmap, {}, self.quote_memo, last)
        checker.run_quotes()
        self.changed = self.changed or checker.computed
        return checker.problems

    @property
    def state(self) -> "_Last | None":
        """The last check's results, to keep (pickled) for the next process: each node's are
        reused there when its file's name and bytes are the same and the structure too."""
        self.changed = False
        return self._last

    @state.setter
    def state(self, last: "_Last | None") -> None:
        self._last = last if isinstance(last, _Last) else None


class _NodeResult:
    """What checking one node found: its problems, and (once searched) its quotes' problems and places."""

    __slots__ = ("node", "shape", "file", "digest", "path", "written", "uses", "problems", "quote_problems", "spans")

    def __init__(self, node: Node, shape: tuple, origin: Origin, problems: list[Problem], written: tuple | None = None,
                 digest: tuple | None = None) -> None:
        self.node, self.shape, self.file, self.path, self.written = node, shape, origin.file, origin.path, written
        self.digest = digest
        self.uses = _uses(node)
        self.problems = problems
        self.quote_problems: list[Problem] | None = None
        self.spans: list[tuple[tuple[str, int], QuoteSpan]] = []

    def __getstate__(self) -> tuple:
        """For the disk cache: what a later process can match by its file's digest (see Rechecker.state)."""
        return (self.shape, self.digest, self.path, self.uses, self.problems, self.quote_problems, self.spans)

    def __setstate__(self, state: tuple) -> None:
        self.shape, self.digest, self.path, self.uses, self.problems, self.quote_problems, self.spans = state
        self.node = self.file = self.written = None


def _digest(origin: Origin, cache: dict) -> tuple | None:
    """The file an entry was read from, by name and by the sha256 of its bytes, when known
    (argmap.incremental's files know it): the same name and bytes put it at the same place.
    One tuple per file (kept in `cache`), shared by its entries, so a pickle holds it once."""
    pf = origin.file
    found = cache.get(id(pf), cache)
    if found is cache:
        digest = getattr(pf, "digest", None)
        found = cache[id(pf)] = (pf.display, digest) if digest is not None else None
    return found


class _Last:
    """The last check of a map, for the next: its context, each node's result, its cycles, and
    what `_affected` needs to know of it without looking at every node."""

    __slots__ = ("map", "context", "nodes", "cycles", "undercutters", "premised", "guessing", "uses")

    def __getstate__(self) -> tuple:
        return (self.context, self.nodes, self.cycles, self.undercutters, self.premised, self.guessing, self.uses)

    def __setstate__(self, state: tuple) -> None:
        self.context, self.nodes, self.cycles, self.undercutters, self.premised, self.guessing, self.uses = state
        self.map = None

    def __init__(self, argmap: ArgumentMap, context: tuple, nodes: dict[str, _NodeResult], cycles: tuple,
                 undercutters: set[str], premised: set[str], guessing: set[str], uses: Counter) -> None:
        self.map, self.context, self.nodes, self.cycles, self.undercutters = argmap, context, nodes, cycles, undercutters
        self.premised = premised  # nodes whose undercuts name premises (their checks read the premises' links)
        self.guessing = guessing  # nodes with an unknown node id (their hints read every id)
        self.uses = uses  # how many nodes use each (section, id): see _uses


def _written(origin: Origin, lines: dict) -> tuple | None:
    """Where an entry starts and the exact lines it is written on, while its file's position tree
    is at hand (None otherwise): an entry re-read with the same lines at the same place gives the
    same problems at the same places. The position tree keeps starts only, so an entry's lines
    run to the start of the next entry of its list, or for the last one to the end of the file
    (more than the entry, which can only make a change look bigger, never hide one)."""
    pf = origin.file
    node = pf.root
    if node is None or not origin.path:
        return None
    parent = None
    for part in origin.path:
        parent = node
        node = _child(node, part)[0]
        if node is None:
            return None
    text_lines = lines.get(id(pf))
    if text_lines is None:
        text_lines = lines[id(pf)] = pf.text.splitlines(keepends=True)
    start = node if node.__class__ is int else node[0]
    line, column = start >> 32, start & 0xFFFFFFFF
    index = origin.path[-1]
    following = _child(parent, index + 1)[0] if isinstance(index, int) and parent.__class__ is list else None
    end = len(text_lines) if following is None else ((following if following.__class__ is int else following[0]) >> 32)
    written = "".join(text_lines[line:max(end, line + 1)]).encode("utf-8", "surrogatepass")
    return (pf.display, line, column, hashlib.blake2b(written, digest_size=16).digest())


def _uses(node: Node) -> tuple:
    """The (section, id) of every side, theme, actor, pattern and source a node names."""
    return (("sides", node.side), *(("themes", t) for t in node.themes), *(("actors", a) for a in node.by),
            *((("patterns", node.pattern),) if node.pattern is not None else ()),
            *(("sources", q.source) for q in node.quotes))


def _shape(node: Node) -> tuple:
    """What other nodes' checks can see of a node: its type and links (not its words)."""
    return (node.id, node.type, tuple(node.supports), tuple((a.target, a.kind, tuple(a.premises)) for a in node.attack_list),
            tuple(node.part_of), node.pattern is None)


_NO_SHAPE = ("", None, (), (), (), True)


def _names(shape: tuple) -> set[str]:
    """Every node id a shape names: what it supports, attacks (and the premises), is part of."""
    return {*shape[2], *(a[0] for a in shape[3]), *(p for a in shape[3] for p in a[2]), *shape[4]}


def _affected(previous: _Last, argmap: ArgumentMap, shapes: dict[str, tuple]) -> tuple[set[str], dict[str, tuple], bool]:
    """The nodes whose checks must run again after the shapes changed from `previous`'s to
    `shapes` (the context being the same); the changes, {id: (old shape or None, new or None)};
    and whether the nodes' ids or their order changed.

    What each per-node check reads of other nodes, and so what is checked again:
    - whether the ids it names exist (AM201, AM309), and the types (AM303, AM307) and
      undercuts (AM303) of those: the nodes naming a node added, removed, of another type or
      that starts or stops undercutting;
    - the links of its premises (AM309): the nodes naming as premise a node whose `supports` changed;
    - whether anything attacks it (AM502): the old and new targets of a changed `attacks`;
    - whether it or a broader recommendation it is part of has support (AM304): the old and new
      targets of a changed `supports`, and every step under any node checked again;
    - every id, for the "did you mean" of an unknown id: the nodes with one, when ids change.
    """
    old = previous.nodes
    changes: dict[str, tuple] = {}
    for ident, shape in shapes.items():
        before = old.get(ident)
        if before is None:
            changes[ident] = (None, shape)
        elif before.shape is not shape and before.shape != shape:
            changes[ident] = (before.shape, shape)
    added = sum(1 for o, _ in changes.values() if o is None)
    if len(old) + added != len(shapes):
        changes.update((ident, (before.shape, None)) for ident, before in old.items() if ident not in shapes)
    ids_moved = added > 0 or len(old) != len(shapes) or list(old) != list(shapes)
    affected = {ident for ident, (_, new) in changes.items() if new is not None}
    watched: set[str] = set()  # their namers are checked again
    premises_of: set[str] = set()  # their namers as a premise are checked again
    for ident, (before, after) in changes.items():
        o, n = before or _NO_SHAPE, after or _NO_SHAPE
        if before is None or after is None or o[1] is not n[1] or (
                any(a[1] is AttackKind.UNDERCUT for a in o[3]) != any(a[1] is AttackKind.UNDERCUT for a in n[3])):
            watched.add(ident)
        if o[2] != n[2]:
            premises_of.add(ident)
            affected.update(o[2], n[2])
        if o[3] != n[3]:
            affected.update(a[0] for a in o[3])
            affected.update(a[0] for a in n[3])
    if watched:
        affected.update(ident for ident, shape in shapes.items() if ident not in affected and not watched.isdisjoint(_names(shape)))
    if premises_of:
        affected.update(ident for ident in previous.premised if ident in shapes and not premises_of.isdisjoint(
            p for a in shapes[ident][3] for p in a[2]))
    if ids_moved:
        affected.update(previous.guessing)
    affected.intersection_update(shapes)
    # the steps under every node checked again (their support may come through it)
    stack = list(affected)
    while stack:
        for part in argmap.parts(stack.pop()):
            if part not in affected:
                affected.add(part)
                stack.append(part)
    return affected, changes, ids_moved


class _Checker:
    def __init__(self, argmap: ArgumentMap, broken: dict[str, set[str]], quote_memo: dict | None = None,
                 last: _Last | None = None) -> None:
        self.m = argmap
        self.broken = broken
        self.memo = quote_memo if quote_memo is not None else {}
        self.previous = last
        self.last: _Last | None = None
        self.computed = False  # whether any node was checked, or any quote searched, afresh
        self._cycles: tuple = ([], [])
        self.problems: list[Problem] = []
        self.used: dict[str, set[str]] = {"actors": set(), "themes": set(), "patterns": set(), "sides": set(), "sources": set()}

    def origin(self, section: str, ident: str) -> Origin:
        return self.m.origins[(section, ident)]

    def _unknown(self, origin: Origin, code: str, section: str, noun: str, ident: str, *sub) -> None:
        if ident in self.broken.get(section, ()):  # defined, but with errors already reported
            return
        known = getattr(self.m, section)
        hint = _suggest(ident, known.keys())
        if hint is None and not known:
            hint = f"the map defines no {section}; add a `{section}:` list"
        elif hint is None:
            hint = f"define it under `{section}:`, or use one of: " + _few(known.keys())
        self.problems.append(origin.problem(code, f"unknown {noun} `{ident}`", *sub, hint=hint))

    # -- what the map holds ----------------------------------------------------------------
    def contents(self) -> None:
        """A map with no nodes is an error; bidi controls are, where `allow_bidi` does not allow them."""
        m = self.m
        allowed = set(m.info.allow_bidi)
        for pf in m.files:
            self.problems.extend(problem for key, problem in pf.bidi if key not in allowed)
        if not m.nodes and not self.broken.get("nodes"):
            self.problems.append(self.origin("map", m.info.id).problem(
                "AM109", f"the map `{m.info.id}` has no nodes", "id", key=True,
                hint="add a `nodes:` list (in this file, or in another .yaml file of the map's folder, e.g. nodes/first.yaml)"))

    # -- the order of work -----------------------------------------------------------------
    def run(self, verify_quotes: bool) -> None:
        m = self.m
        self.contents()
        self.sources()
        self.source_references()
        context, shapes = self._structure()
        previous = self.previous
        reuse = previous if previous is not None and previous.context == context else None
        copies = self._copies() if verify_quotes else {}
        results: dict[str, _NodeResult] = {}
        lines: dict[int, list[str]] = {}
        digests: dict[int, tuple | None] = {}
        if reuse is not None:
            affected, changes, ids_moved = _affected(reuse, m, shapes)
            undercutters, premised, guessing = set(reuse.undercutters), set(reuse.premised), set(reuse.guessing)
            uses: Counter = Counter(reuse.uses)
            for ident, (before, after) in changes.items():
                undercutters.discard(ident)
                premised.discard(ident)
                if after is None:
                    guessing.discard(ident)
                    uses.subtract(reuse.nodes[ident].uses)
                    continue
                if any(a[1] is AttackKind.UNDERCUT for a in after[3]):
                    undercutters.add(ident)
                if any(a[2] for a in after[3]):
                    premised.add(ident)
        else:
            affected, changes, ids_moved = set(), {}, True
            undercutters = {ident for ident, shape in shapes.items() if any(a[1] is AttackKind.UNDERCUT for a in shape[3])}
            premised = {ident for ident, shape in shapes.items() if any(a[2] for a in shape[3])}
            guessing, uses = set(), Counter()
        for ident, node in m.nodes.items():
            origin = self.origin("nodes", ident)
            old = reuse.nodes.get(ident) if reuse is not None else None
            same = old is not None and old.path == origin.path and (
                (old.node is node and old.file is origin.file)
                or (old.digest is not None and old.digest == _digest(origin, digests))
                or (old.written is not None and old.node == node and old.written == _written(origin, lines)))
            # the same entry; or one read again from the same bytes (a warm start); or one read
            # again from a changed file but written as before
            if same and ident not in affected:
                self.problems.extend(old.problems)
                old.node, old.file, old.digest = node, origin.file, _digest(origin, digests)
                result = results[ident] = old
            else:
                start = len(self.problems)
                self.node_references(node, origin)
                self._relations(node, origin)
                self.relation_rules(node, origin, undercutters)
                self.curation(node, origin)
                result = results[ident] = _NodeResult(node, shapes[ident], origin, self.problems[start:], _written(origin, lines),
                                                      _digest(origin, digests))
                if same:  # its quotes, and so their problems and places, are as they were
                    result.quote_problems, result.spans = old.quote_problems, old.spans
                self.computed = True
                if old is not None:
                    uses.subtract(old.uses)
                uses.update(result.uses)
                guessing.discard(ident)
                if any(p.code == "AM201" for p in result.problems):
                    guessing.add(ident)
            if verify_quotes:
                self._node_quotes(node, origin, copies, result)
        cycles = self._cycles_after(reuse, changes, ids_moved)
        self.cycles(cycles)
        self.layers()
        self.used_entries(uses)
        self.last = _Last(m, context, results, self._cycles, undercutters, premised, guessing, +uses)

    def _cycles_after(self, previous: _Last | None, changes: dict[str, tuple], ids_moved: bool) -> tuple | None:
        """The cycles of support and of parts where a change cannot have altered them (None where
        they must be found again): as before when no link of that kind changed and the ids kept
        their order; none when there were none and no new link closes one."""
        if previous is None:
            return None
        m = self.m
        found = []
        for which, cycles, successors in ((2, previous.cycles[0], m.supported), (4, previous.cycles[1], m.wholes)):
            new_links = [(ident, target) for ident, (before, after) in changes.items() if after is not None
                         for target in set(after[which]) - set((before or _NO_SHAPE)[which]) if target in m.nodes]
            changed = any((before or _NO_SHAPE)[which] != (after or _NO_SHAPE)[which] for before, after in changes.values())
            if not changed and not ids_moved:
                found.append(cycles)
            elif not cycles and not any(o is None for o, _ in changes.values()) and not any(
                    _reaches(successors, target, ident) for ident, target in new_links):
                found.append([])
            else:
                found.append(None)
        return tuple(found)

    def run_quotes(self) -> None:
        """The quote checks alone, reusing a node's from the last check when it is the same."""
        copies = self._copies()
        last = self.previous.nodes if self.previous is not None else {}
        for ident, node in self.m.nodes.items():
            origin = self.origin("nodes", ident)
            result = last.get(ident)
            if result is None or result.node is not node:
                result = _NodeResult(node, (), origin, [])
            self._node_quotes(node, origin, copies, result)

    def _structure(self) -> tuple[tuple, dict[str, tuple]]:
        """The context of every node's checks, and each node's shape (see Rechecker).

        A check added to the per-node ones in `run` that reads anything else of the map (another
        node's words, say) must add it here, or in `_shape` and `_affected`: a node's results are
        reused only while what it reads is unchanged.
        """
        m = self.m
        old = self.previous.nodes if self.previous is not None else {}
        shapes = {}
        for ident, node in m.nodes.items():
            before = old.get(ident)
            shapes[ident] = before.shape if before is not None and before.node is node else _shape(node)  # type: ignore[attr-defined]
        sources = tuple((s.id, s.file, tuple(c.file for c in s.copies)) for s in m.sources.values())
        texts = tuple((key, text.sha256) for key, text in m.texts.items())
        broken = tuple(sorted((section, tuple(sorted(ids))) for section, ids in self.broken.items() if ids))
        return (tuple(m.sides), tuple(m.themes), tuple(m.actors), tuple(m.patterns), sources, texts, broken), shapes

    # -- references ------------------------------------------------------------------------
    def source_references(self) -> None:
        m = self.m
        for source in m.sources.values():
            origin = self.origin("sources", source.id)
            for i, actor in enumerate(source.authors):
                if actor in m.actors:
                    self.used["actors"].add(actor)
                else:
                    self._unknown(origin, "AM205", "actors", "actor", actor, "authors", i)

    def node_references(self, node: Node, origin: Origin) -> None:
        m = self.m
        if node.side not in m.sides:
            self._unknown(origin, "AM203", "sides", "side", node.side, "side")
        for i, theme in enumerate(node.themes):
            if theme not in m.themes:
                self._unknown(origin, "AM204", "themes", "theme", theme, "themes", i)
        for i, actor in enumerate(node.by):
            if actor not in m.actors:
                self._unknown(origin, "AM205", "actors", "actor", actor, "by", i)
        if node.pattern is not None:
            if node.type is not NodeType.OBJECTION:
                self.problems.append(origin.problem(
                    "AM306", f"{node.type.value} `{node.id}` has a pattern; only objections follow a pattern", "pattern", key=True,
                    hint="remove `pattern:`, or make the node an objection if that is what it is"))
            if node.pattern not in m.patterns:
                self._unknown(origin, "AM206", "patterns", "objection pattern", node.pattern, "pattern")
        for i, quote in enumerate(node.quotes):
            if quote.source not in m.sources:
                self._unknown(origin, "AM207", "sources", "source", quote.source, "quotes", i, "source")

    def used_entries(self, uses: Counter) -> None:
        """Which actors, themes, patterns, sides and sources the nodes use (for AM503, AM504),
        from how many nodes use each (kept up to date node by node between checks)."""
        used = self.used
        for (section, ident), count in uses.items():
            if count > 0:
                used[section].add(ident)
        self.curation_entries()

    def _relations(self, node: Node, origin: Origin) -> None:
        supported = self._links(node, origin, "supports", node.supports, (), "supports itself",
                                "a node cannot be its own reason; remove it from `supports`")
        # a bare id has no `target` key: its place is the id itself (locate falls back to it)
        attacked = self._links(node, origin, "attacks", [a.target for a in node.attack_list], ("target",),
                               "attacks itself", "remove it from `attacks`")
        for i, attack in enumerate(node.attack_list):
            target = attack.target
            self._premises(node, origin, i, attack)
            if target in supported and target in attacked and attacked[target] == i:
                self.problems.append(origin.problem(
                    "AM212", f"node `{node.id}` both supports and attacks `{target}`", "attacks", i, "target",
                    hint="a node either supports or attacks another; split it into two nodes if it does both"))
        self._links(node, origin, "part_of", node.part_of, (), "is listed as part of itself", "remove it from `part_of`")

    def _premises(self, node: Node, origin: Origin, i: int, attack) -> None:
        """An undercut's `premises`: nodes that support its target (only undercuts have them)."""
        if attack.premises and attack.kind is not AttackKind.UNDERCUT:
            self.problems.append(origin.problem(
                "AM308", f"`{node.id}` names premises on a {attack.kind.value} of `{attack.target}`; only an undercut attacks an inference",
                "attacks", i, "premises", hint="remove `premises`, or make the attack `kind: undercut`"))
            return
        target = self.m.nodes.get(attack.target)
        for j, premise in enumerate(attack.premises):
            if premise not in self.m.nodes:
                self._unknown(origin, "AM201", "nodes", "node", premise, "attacks", i, "premises", j)
            elif target is not None and attack.target not in self.m.nodes[premise].supports:
                self.problems.append(origin.problem(
                    "AM309", f"`{node.id}` undercuts the inference from `{premise}` to `{attack.target}`, but `{premise}` does not support it",
                    "attacks", i, "premises", j,
                    hint=f"name a node that lists `{attack.target}` in `supports`, or leave `premises` out to undercut every inference"))

    def _links(self, node: Node, origin: Origin, key: str, targets: list[str], tail: tuple, itself: str,
               hint: str) -> dict[str, int]:
        """Self-links, unknown ids and repeats in one of a node's lists of ids; returns each
        existing target with the index it was first listed at."""
        first: dict[str, int] = {}
        for i, target in enumerate(targets):
            if target == node.id:
                self.problems.append(origin.problem("AM210", f"node `{node.id}` {itself}", key, i, *tail, hint=hint))
            elif target not in self.m.nodes:
                self._unknown(origin, "AM201", "nodes", "node", target, key, i, *tail)
            elif target in first:
                self.problems.append(origin.problem("AM213", f"`{target}` is listed twice in `{key}`", key, i, *tail))
            else:
                first[target] = i
        return first

    # -- relation rules --------------------------------------------------------------------
    def relation_rules(self, node: Node, origin: Origin, undercutters: set[str]) -> None:
        m = self.m
        if node.type is NodeType.OBJECTION and not node.attacks:
            self.problems.append(origin.problem(
                "AM301", f"objection `{node.id}` attacks nothing", "type",
                hint="add `attacks: [id]` naming what it objects to; if it argues for something, make it a claim"))
        elif node.type is NodeType.REBUTTAL:
            if not node.attacks:
                self.problems.append(origin.problem(
                    "AM302", f"rebuttal `{node.id}` attacks nothing", "type",
                    hint="add `attacks: [id]` naming the objection it answers"))
            for i, attack in enumerate(node.attack_list):
                target = m.nodes.get(attack.target)
                if target is None or target.id == node.id:
                    continue
                if target.type is not NodeType.OBJECTION and target.id not in undercutters:
                    self.problems.append(origin.problem(
                        "AM303", f"rebuttal `{node.id}` attacks {target.type.value} `{target.id}`, which is neither an objection nor an undercut",
                        "attacks", i, hint="a rebuttal answers an objection; to oppose a claim or recommendation, make this node an objection"))
        elif node.type is NodeType.RECOMMENDATION and not m.backed(node.id) and not self.broken.get("nodes"):
            # (While any node is left out for schema errors, its `supports` cannot be read,
            # so no recommendation is blamed for lacking support.)
            self.problems.append(origin.problem(
                "AM304", f"recommendation `{node.id}` has no support: no node lists it in `supports`", "type",
                hint="add the claim or evidence behind it, with `supports: [" + node.id + "]`, "
                     "or make it `part_of` a recommendation that has support"))
        for i, whole in enumerate(node.part_of):
            target = m.nodes.get(whole)
            if target is None or whole == node.id:
                continue
            if node.type is not NodeType.RECOMMENDATION or target.type is not NodeType.RECOMMENDATION:
                self.problems.append(origin.problem(
                    "AM307", f"{node.type.value} `{node.id}` is part of {target.type.value} `{whole}`; "
                             "`part_of` links a recommendation to a broader one", "part_of", i,
                    hint="use `supports` for a reason, `part_of` only for a step of a broader recommendation"))

    # -- what an import kept of the other tool's file ---------------------------------------
    def layers(self) -> None:
        m = self.m
        refs: list[tuple[str, str, str, tuple]] = []  # (section, noun, id, path inside the section)
        if m.dialogue is not None:
            refs += [("dialogue", "node", p.node, ("propositions", i, "node")) for i, p in enumerate(m.dialogue.propositions)]
            refs += [("dialogue", "actor", n.speaker, ("nodes", i, "speaker")) for i, n in enumerate(m.dialogue.nodes) if n.speaker]
        if m.argdown is not None:
            for i, arg in enumerate(m.argdown.arguments):
                refs.append(("argdown", "node", arg.node, ("arguments", i, "node")))
                refs += [("argdown", "node", s.node, ("arguments", i, "pcs", j, "node")) for j, s in enumerate(arg.pcs)]
            refs += [("argdown", "node", n, ("contradictory", i, j)) for i, pair in enumerate(m.argdown.contradictory)
                     for j, n in enumerate(pair)]
        for section, noun, ident, sub in refs:
            known = m.nodes if noun == "node" else m.actors
            origin = m.origins.get((section, section))
            if ident not in known and origin is not None:
                self.problems.append(origin.problem(
                    "AM215", f"`{section}:` names {noun} `{ident}`, which the map does not have; export leaves that part out", *sub,
                    hint=f"the `{section}:` section was written by `argmap import`; it follows the nodes you keep, "
                         "so this is only a note that the other tool's file will not get that part back"))

    # -- cycles ----------------------------------------------------------------------------
    def cycles(self, found_before: tuple | None = None) -> None:
        """Cycles of support and of parts (those not known from before are found again)."""
        support, parts = found_before if found_before is not None else (None, None)
        support = support if support is not None else support_cycles(self.m)
        parts = parts if parts is not None else part_cycles(self.m)
        self._cycles = (support, parts)
        for code, what, key, found, hint in (
            ("AM211", "support", "supports", support,
             "support must lead somewhere: a claim cannot, through others, be its own reason; remove one of these links"),
            ("AM214", "parts", "part_of", parts,
             "a recommendation cannot, through others, be part of itself; remove one of these links"),
        ):
            for cycle in found:
                first, links = cycle[0], getattr(self.m.nodes[cycle[0]], key)
                index = links.index(cycle[1]) if cycle[1] in links else 0
                self.problems.append(self.origin("nodes", first).problem(
                    code, f"cycle of {what}: {' → '.join(cycle + [first])}", key, index, hint=hint))

    # -- sources ---------------------------------------------------------------------------
    def sources(self) -> None:
        m = self.m
        for source in m.sources.values():
            origin = self.origin("sources", source.id)
            text = self._read(origin, source.file, source.sha256, ("file",), ("sha256",), f"source `{source.id}`")
            if text is not None:
                m.texts[source.id] = text
            if source.sha256 is None and text is not None:
                self.problems.append(origin.problem(
                    "AM405", f"source `{source.id}` has no sha256, so a change to its file would go unnoticed", "file",
                    hint=f"add: sha256: {text.sha256}"))
            for i, copy in enumerate(source.copies):
                copy_text = self._read(origin, copy.file, copy.sha256, ("copies", i, "file"), ("copies", i, "sha256"),
                                       f"copy {i + 1} of source `{source.id}`")
                if copy_text is not None:
                    m.texts[f"{source.id}#copy{i + 1}"] = copy_text
                    if copy.sha256 is None:
                        self.problems.append(origin.problem(
                            "AM405", f"copy {i + 1} of source `{source.id}` has no sha256", "copies", i, "file",
                            hint=f"add: sha256: {copy_text.sha256}"))

    def _read(self, origin: Origin, name: str, sha256: str | None, file_sub: tuple, sha_sub: tuple, label: str) -> SourceText | None:
        try:
            path = resolve_source_path(self.m.root, name)
            text = read_source(path, name)
        except SourceFileError as exc:
            hint = exc.hint
            if exc.code == "AM401":
                hint = (hint + "; " if hint else "") + f"paths are relative to the project folder {self.m.root}"
            self.problems.append(origin.problem(exc.code, f"{label}: {exc.message}", *file_sub, hint=hint))
            return None
        if sha256 is not None and sha256 != text.sha256:
            self.problems.append(origin.problem(
                "AM404", f"{label}: `{name}` has changed since it was curated (its sha256 differs)", *sha_sub,
                hint=f"check the quotes against the new text, then record: sha256: {text.sha256}"))
        return text

    # -- quotes ----------------------------------------------------------------------------
    def _copies(self) -> dict[str, list]:
        m = self.m
        return {sid: [(i, m.texts.get(f"{sid}#copy{i + 1}")) for i in range(len(s.copies))] for sid, s in m.sources.items()}

    def _node_quotes(self, node: Node, origin: Origin, copies: dict, result: _NodeResult) -> None:
        """A node's quote problems and places: those found last time, or searched for now."""
        m = self.m
        if result.quote_problems is not None:
            self.problems.extend(result.quote_problems)
            m.spans.update(result.spans)
            return
        start = len(self.problems)
        self.computed = True
        result.spans = self._quotes(node, origin, copies)
        m.spans.update(result.spans)
        result.quote_problems = self.problems[start:]

    def _quotes(self, node: Node, origin: Origin, copies: dict) -> list[tuple[tuple[str, int], QuoteSpan]]:
        m = self.m
        spans = []
        for qi, quote in enumerate(node.quotes):
            text = m.texts.get(quote.source)
            if text is None:
                continue  # unknown source or unreadable file: reported already
            if not split_elisions(quote.text) or not quote.text.strip(" .[]…\n"):
                self.problems.append(origin.problem("AM413", f"quote {qi + 1} of `{node.id}` has no words", "quotes", qi, "text"))
                continue
            span = self._find(quote.text, quote.source, text)
            if span is None:
                self.problems.append(self._not_found(origin, node, qi, quote.text, quote.source, text))
                continue
            spans.append(((node.id, qi), span))
            if span.spaceless:
                found = " ".join(text.text[span.start:span.end].split())
                self.problems.append(origin.problem(
                    "AM411", f"quote {qi + 1} of `{node.id}` matches `{m.sources[quote.source].file}` only when spaces are ignored",
                    "quotes", qi, "text", hint=f"the source reads: «{_clip(found)}»; copy its spacing exactly"))
            for ci, copy_text in copies.get(quote.source, ()):
                if copy_text is not None and not self._in_copy(quote.text, copy_text):
                    copy_file = m.sources[quote.source].copies[ci].file
                    self.problems.append(origin.problem(
                        "AM412", f"quote {qi + 1} of `{node.id}` is in `{m.sources[quote.source].file}` but not in its copy `{copy_file}`",
                        "quotes", qi, "text", hint="quote a passage both copies share, or note the difference on the copy"))
        return spans

    def _find(self, quote: str, source_id: str, text: SourceText) -> QuoteSpan | None:
        """Where the quote is in the text (memoised by the text's sha256 and the quote)."""
        key = ("find", text.sha256, quote)
        found = self.memo.get(key, key)
        if found is key:
            match = find_quote(quote, text.normalised, lambda: text.spaceless)
            found = None if match is None else (match.start, match.end, *text.line_col(match.start), match.spaceless)
            self.memo[key] = found
        return None if found is None else QuoteSpan(source_id, *found)

    def _in_copy(self, quote: str, copy_text: SourceText) -> bool:
        key = ("copy", copy_text.sha256, quote)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = find_quote(quote, copy_text.normalised, lambda: copy_text.spaceless) is not None
        return found

    def _not_found(self, origin: Origin, node: Node, qi: int, quote: str, source_id: str, text: SourceText) -> Problem:
        file = self.m.sources[source_id].file
        elsewhere = self._found_elsewhere(quote, source_id)
        if elsewhere is not None:
            other, other_text, match = elsewhere
            line, col = other_text.line_col(match.start)
            return origin.problem(
                "AM410", f"quote {qi + 1} of `{node.id}` is not in `{file}` but is in source `{other}`", "quotes", qi, "text",
                hint=f"it is at {self.m.sources[other].file}:{line}:{col}; cite it as `source: {other}`")
        key = ("near", text.sha256, quote)
        near = self.memo.get(key, key)
        if near is key:
            suggestion = closest_passage(quote, text.normalised)
            near = None if suggestion is None else (suggestion.score, *text.line_col(suggestion.start), suggestion.text)
            self.memo[key] = near
        if near is not None and near[0] >= 60:
            score, line, col, passage = near
            hint = f"did you mean ({score:.0f}% alike, {file}:{line}:{col}): «{_clip(passage, 240)}»"
        else:
            hint = f"no passage of {file} is close; check the quote's source"
        return origin.problem("AM410", f"quote {qi + 1} of `{node.id}` is not in `{file}`", "quotes", qi, "text", hint=hint)

    def _found_elsewhere(self, quote: str, source_id: str):
        """(source id, its text, match) of another source that holds the quote, if one does."""
        for other, other_text in self.m.texts.items():
            if other == source_id or "#" in other or other not in self.m.sources:
                continue
            match = find_quote(quote, other_text.normalised)
            if match is not None:
                return other, other_text, match
        return None

    # -- curation --------------------------------------------------------------------------
    def curation(self, node: Node, origin: Origin) -> None:
        m = self.m
        if not node.quotes:
            self.problems.append(origin.problem(
                "AM501", f"{node.type.value} `{node.id}` has no quote", "id",
                hint="add `quotes:` with the source passage it rests on"))
        if node.type is NodeType.OBJECTION:
            if not m.attackers(node.id):
                self.problems.append(origin.problem(
                    "AM502", f"objection `{node.id}` is unanswered: no node attacks it", "id",
                    hint="fine if no source answers it (the gap is real); otherwise add the rebuttal"))
            if node.pattern is None and m.patterns:
                self.problems.append(origin.problem(
                    "AM305", f"objection `{node.id}` has no pattern", "id",
                    hint="add `pattern:` with one of: " + _few(m.patterns.keys())))

    def curation_entries(self) -> None:
        m = self.m
        for source in m.sources.values():
            if source.id not in self.used["sources"]:
                self.problems.append(self.origin("sources", source.id).problem(
                    "AM503", f"source `{source.id}` is never cited by a quote", "id",
                    hint="quote it from the nodes it backs, or remove it"))
        for section, noun in (("actors", "actor"), ("themes", "theme"), ("patterns", "pattern"), ("sides", "side")):
            for ident in getattr(m, section):
                if ident not in self.used[section]:
                    self.problems.append(self.origin(section, ident).problem(
                        "AM504", f"{noun} `{ident}` is defined but never used", "id",
                        hint=f"use it, or remove it from `{section}`"))


def support_cycles(argmap: ArgumentMap) -> list[list[str]]:
    """Each cycle of support, as a path from its first member in map order."""
    return _cycles(argmap, argmap.supported, [n.id for n in argmap.nodes.values() if n.supports])


def part_cycles(argmap: ArgumentMap) -> list[list[str]]:
    """Each cycle of `part_of` links, as a path from its first member in map order."""
    return _cycles(argmap, argmap.wholes, [n.id for n in argmap.nodes.values() if n.part_of])


def _reaches(successors, start: str, goal: str) -> bool:
    """Whether `goal` can be reached from `start` along `successors` (a new link goal → start
    then closes a cycle)."""
    seen, stack = {start}, [start]
    while stack:
        for w in successors(stack.pop()):
            if w == goal:
                return True
            if w not in seen:
                seen.add(w)
                stack.append(w)
    return False


def _cycles(argmap: ArgumentMap, successors, starts: list[str]) -> list[list[str]]:
    """Each cycle (a strongly connected set of two or more nodes) of a relation, as a path.

    Tarjan's algorithm, iterative so that deep maps cannot exhaust the stack. Each cycle is
    reported once, as a path through its members starting from the first in map order.
    """
    nodes = argmap.nodes
    order = {ident: i for i, ident in enumerate(nodes)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    # Only a node with a link of its own can lie on a cycle, so the search starts from those.
    for start in starts:
        if start in index:
            continue
        work = [(start, iter(successors(start)))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            v, children = work[-1]
            advanced = False
            for w in children:
                if w == v:
                    continue
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(successors(w))))
                    advanced = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    components.append(component)
    cycles = []
    for component in components:
        members = set(component)
        first = min(component, key=order.__getitem__)
        cycles.append(_path_in(successors, first, members))
    cycles.sort(key=lambda c: order[c[0]])
    return cycles


def _path_in(successors, first: str, members: set[str]) -> list[str]:
    """A cycle through `first` inside a strongly connected set (breadth-first, shortest)."""
    from collections import deque

    parents: dict[str, str | None] = {first: None}
    queue = deque([first])
    while queue:
        v = queue.popleft()
        for w in successors(v):
            if w not in members or w == v:  # (a self-link is reported on its own, AM210)
                continue
            if w == first:
                path = [v]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])  # type: ignore[arg-type]
                return list(reversed(path))
            if w not in parents:
                parents[w] = v
                queue.append(w)
    return [first]  # pragma: no cover - a strongly connected set always closes


def _suggest(word: str, choices) -> str | None:
    from .suggest import did_you_mean

    return did_you_mean(word, choices)


def _few(words, limit: int = 8) -> str:
    words = list(words)
    shown = ", ".join(words[:limit])
    return shown + (f" (and {len(words) - limit} more)" if len(words) > limit else "")


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"
