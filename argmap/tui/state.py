"""What the app knows, without any widget: the map shown, its evaluation and problems, where
the user has been (back/forward), and how to load it all (run in a worker)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core import ArgumentMap, LoadResult
from ..evaluate import Evaluation, Label, Status, evaluate
from ..problems import Problem, summarise
from ..search import SearchIndex

__all__ = ["MapState", "History", "load_state", "mark_changes", "CHANGE_MARKS"]

# The "changes since" mode (`argmap tui --since OLD`): a mark and a theme colour per kind of change.
CHANGE_MARKS: dict[str, tuple[str, str]] = {
    "added": ("✚", "success"),
    "changed": ("✎", "warning"),
    "renamed": ("⇄", "accent"),
    "affected": ("!", "secondary"),  # only its evaluation label or verdict changed
}


@dataclass(repr=False)
class MapState:
    """A map ready to show: the map, its evaluation, its problems, and (when asked) a search index.

    `stale` is True when the files on disk are broken and this is the last good map; then
    `problems` are the problems of the files as they are now.
    """

    argmap: ArgumentMap
    evaluation: Evaluation
    problems: list[Problem] = field(default_factory=list)
    stale: bool = False
    _index: SearchIndex | None = field(default=None, repr=False)
    since: str | None = None  # the older version the changes are marked against, if any
    changes: dict[str, str] = field(default_factory=dict)  # node id → added, changed, renamed, affected

    def __repr__(self) -> str:
        # The generated repr would spell out the whole map: at 10,000 nodes, gigabytes and
        # minutes, for anything that logs or describes a state (Textual's workers once did).
        return f"<MapState {len(self.argmap.nodes)} nodes, {len(self.problems)} problems{', stale' if self.stale else ''}>"

    @classmethod
    def of(cls, argmap: ArgumentMap, problems: list[Problem] | None = None) -> "MapState":
        return cls(argmap, evaluate(argmap), list(problems or []))

    @property
    def index(self) -> SearchIndex:
        """The search index, built at the first search (not before the first screen)."""
        if self._index is None:
            self._index = SearchIndex(self.argmap)
        return self._index

    def label(self, node_id: str) -> Label:
        return self.evaluation.labels.get(node_id, Label.UNDECIDED)

    def status(self, node_id: str) -> Status | None:
        """Where a recommendation stands; None for other nodes."""
        assessment = self.evaluation.recommendations.get(node_id)
        return assessment.status if assessment else None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def summary(self) -> str:
        nodes = len(self.argmap.nodes)
        return f"{nodes:,} node{'s' if nodes != 1 else ''} · {summarise(self.problems)}"


def mark_changes(state: MapState, since_name: str, since_map: ArgumentMap) -> None:
    """Mark, by node id, what changed in `state`'s map since `since_map` (see argmap.diff)."""
    from ..diff import diff_maps
    from ..diff.marks import node_marks

    diff = diff_maps(since_map, state.argmap, new_eval=state.evaluation, old_name=since_name)
    state.since, state.changes = since_name, node_marks(diff)


def load_state(path: Path, root: Path | None, previous: MapState | None, workspace=None,
               changed: set[str] | None = None) -> tuple[MapState | None, LoadResult]:
    """Load the map at `path` (slow: call it in a worker).

    A map without errors replaces what was shown. With errors, the previous map stays,
    marked stale and carrying the new problems; with no previous map, whatever part of the
    map could be read is shown (or nothing, when nothing could). Quotes are not yet searched
    for in their sources (`result.quotes_pending`): see `verify_quotes`, run next. With a
    `workspace` (argmap.incremental), only the `changed` files are read again (all when None).
    """
    if workspace is None:
        from ..loader import load_map

        result = load_map(path, root=root, verify_quotes=False)
    elif changed is None:
        result = workspace.load(verify_quotes=False)
    else:
        result = workspace.update(changed, verify_quotes=False)
    if result.ok:
        return MapState.of(result.map, result.problems), result
    if previous is not None:
        return MapState(previous.argmap, previous.evaluation, list(result.problems), stale=True, _index=previous._index), result
    if result.map is not None:
        return MapState.of(result.map, result.problems), result
    return None, result


class History:
    """Nodes visited, for back and forward. Jumps (following a relation, a search result)
    always add an entry; moving the tree cursor replaces the entry it made last."""

    def __init__(self) -> None:
        self._entries: list[tuple[str, bool]] = []  # (node id, made by a cursor move)
        self._index = -1

    @property
    def current(self) -> str | None:
        return self._entries[self._index][0] if self._index >= 0 else None

    @property
    def entries(self) -> list[str]:
        return [e[0] for e in self._entries]

    def visit(self, node_id: str, *, jump: bool = True) -> None:
        if node_id == self.current:
            return
        del self._entries[self._index + 1:]
        if not jump and self._entries and self._entries[-1][1]:
            self._entries[-1] = (node_id, True)
        else:
            self._entries.append((node_id, not jump))
            self._index = len(self._entries) - 1

    def back(self) -> str | None:
        if self._index <= 0:
            return None
        self._index -= 1
        self._entries[self._index] = (self._entries[self._index][0], False)
        return self.current

    def forward(self) -> str | None:
        if self._index >= len(self._entries) - 1:
            return None
        self._index += 1
        return self.current

    def forget(self, known: set[str] | dict) -> None:
        """Drop nodes that no longer exist (after a reload)."""
        current = self.current
        self._entries = [e for e in self._entries if e[0] in known]
        ids = [e[0] for e in self._entries]
        self._index = ids.index(current) if current in ids else len(ids) - 1

    @property
    def can_back(self) -> bool:
        return self._index > 0

    @property
    def can_forward(self) -> bool:
        return self._index < len(self._entries) - 1
