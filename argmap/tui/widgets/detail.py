"""The detail pane: one node in full — text, type, side, holders, themes, status — its
relations as a list to follow, and its quotes, each in the passage of its source."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...cite import citation
from ...evaluate import VERDICT_LABELS
from ...graph import neighbours
from ..state import MapState
from ..style import LABEL_MARKS, RELATION_WORDS, STATUS_MARKS, TYPE_ICONS, TYPE_NAMES, readable

__all__ = ["DetailParts", "NodeDetail", "RelationList", "QuoteList"]


def _reason(assessment) -> str:
    """The verdict's reason, without repeating the verdict it starts with."""
    reason = assessment.reason
    head = f"{assessment.verdict.value}: "
    return reason[len(head):] if reason.lower().startswith(head) else reason


def _ids(text: str) -> Content:
    """A sentence with its `ids` in bold, without the backticks."""
    parts: list = []
    for i, piece in enumerate(text.split("`")):
        parts.append((piece, "bold $accent") if i % 2 else piece)
    return Content.assemble(*parts)


def _where(m, node_id: str) -> str:
    """`nodes/a.yaml:12`: where a node is written, relative to the map's folder (a path that
    cannot wrap mid-word is a short one)."""
    origin = m.origin("nodes", node_id)
    if origin is None:
        return "?"
    try:
        shown = str(origin.file.path.resolve().relative_to(m.path.resolve())) if m.path.is_dir() else origin.display
    except ValueError:
        shown = origin.display
    line = origin.line
    return f"{shown}:{line}" if line else shown


@dataclass
class DetailParts:
    """One node as the pane shows it: its head, text and details, its relations (each with the
    id it leads to), its quotes."""

    node_id: str
    head: Content
    text: Content
    meta: Content
    relations: list[tuple[str, Content]] = field(default_factory=list)
    quotes: list[Content] = field(default_factory=list)


class _Choices(OptionList):
    """A list that has a line under the cursor as soon as it has focus, so Enter always acts
    (an OptionList starts with nothing highlighted, and Enter then did nothing)."""

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0


class RelationList(_Choices):
    """The nodes related to the one shown; enter follows one."""


class QuoteList(_Choices):
    """The node's quotes, each with its citation and passage."""


class NodeDetail(VerticalScroll):
    """Shows one node. Posts `Follow` when a relation is chosen, `OpenQuote` for a quote."""

    BINDINGS = [
        Binding("s", "open_quote", "Source", show=False, id="detail.source"),
    ]

    class Follow(Message):
        """Go to a related node."""

        def __init__(self, node_id: str) -> None:
            super().__init__()
            self.node_id = node_id

    class OpenQuote(Message):
        """Read a quote in its source."""

        def __init__(self, node_id: str, index: int) -> None:
            super().__init__()
            self.node_id = node_id
            self.index = index

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.node_id: str | None = None
        self.state: MapState | None = None
        self.related: list[str] = []  # node ids, one per line of the relation list

    def compose(self) -> ComposeResult:
        yield Static(id="detail-head")
        yield Static(id="detail-text")
        yield Static(id="detail-meta")
        yield Static("Relations", classes="detail-section", id="relations-title")
        yield RelationList(id="relations")
        yield Static("Quotes", classes="detail-section", id="quotes-title")
        yield QuoteList(id="quotes")

    # -- showing a node ------------------------------------------------------------------
    def show(self, state: MapState | None, node_id: str | None) -> None:
        if state is None or node_id not in state.argmap.nodes:
            self.state, self.node_id = state, node_id
            self.display_parts(None, "Nothing selected" if state else "Loading the map…")
            return
        self.state = state
        self.display_parts(self.parts(state, node_id))

    def parts(self, state: MapState, node_id: str) -> DetailParts:
        """What the pane shows for a node (kept by the explorer's saved first screen)."""
        m = state.argmap
        node = m.nodes[node_id]
        side = m.sides.get(node.side)
        colour = readable(side.colour, self.app.theme_variables.get("background")) if side else "default"
        status = state.status(node_id)
        label = state.label(node_id)
        mark, tone = STATUS_MARKS[status] if status else LABEL_MARKS[label]
        verdict = VERDICT_LABELS[status] if status else {"in": "in (stands)", "out": "out (defeated)", "undecided": "undecided"}[label.value]
        head = Content.assemble(
            (TYPE_ICONS[node.type] + " ", f"bold {colour}"), (node.label, "bold"), "\n",
            (TYPE_NAMES[node.type], "bold"), " · ", (side.label if side else node.side, f"bold {colour}"), " · ",
            (f"{mark} {verdict}", f"bold ${tone}"), "\n",
            (node.id, "$text-muted"), "\n", (_where(m, node.id), "$text-muted"),
        )
        relations = []
        for n in neighbours(m, node_id):
            words = RELATION_WORDS.get(n.relation, (n.relation, n.relation))
            other = m.nodes[n.id]
            verb = words[0] if n.outgoing else words[1]
            other_mark, other_tone = (STATUS_MARKS[state.status(n.id)] if state.status(n.id) else LABEL_MARKS[state.label(n.id)])
            relations.append((n.id, Content.assemble(
                (f"{verb:<13} ", "$text-muted"), (TYPE_ICONS[other.type] + " ", "bold"),
                (other_mark + " ", f"bold ${other_tone}"), other.label)))
        quotes = [self._quote(state, node_id, i) for i in range(len(node.quotes))]
        return DetailParts(node_id, head, Content(" ".join(node.text.split())), self._meta(state, node_id), relations, quotes)

    def display_parts(self, parts: DetailParts | None, empty: str = "Loading the map…") -> None:
        """Show `parts` (None: the `empty` message and how to move on)."""
        head, text, meta = self.query_one("#detail-head", Static), self.query_one("#detail-text", Static), self.query_one("#detail-meta", Static)
        relations, quotes = self.query_one(RelationList), self.query_one(QuoteList)
        relations.clear_options()
        quotes.clear_options()
        self.related = []
        if parts is None:
            head.update(empty)
            text.update("Move through the tree on the left; press ? for help.")
            meta.update("")
            self._sections(False)
            return
        self.node_id = parts.node_id
        head.update(parts.head)
        text.update(parts.text)
        meta.update(parts.meta)
        if parts.relations:
            relations.add_options([Option(line) for _, line in parts.relations])
            self.related = [ident for ident, _ in parts.relations]
        if parts.quotes:
            quotes.add_options([Option(line) for line in parts.quotes])
        self._sections(True, bool(parts.relations), bool(parts.quotes))
        self.scroll_home(animate=False)

    def _sections(self, shown: bool, relations: bool = False, quotes: bool = False) -> None:
        self.query_one("#relations-title").display = shown
        self.query_one(RelationList).display = shown and relations
        self.query_one("#quotes-title").display = shown
        self.query_one(QuoteList).display = shown and quotes
        if shown:
            self.query_one("#relations-title", Static).update("Relations" if relations else "Relations: none")
            self.query_one("#quotes-title", Static).update("Quotes" if quotes else "Quotes: none")

    def _meta(self, state: MapState, node_id: str) -> Content:
        m = state.argmap
        node = m.nodes[node_id]
        rows: list[tuple[str, Content | str]] = []
        if node.by:
            rows.append(("Held by", ", ".join(m.actors[a].name if a in m.actors else a for a in node.by)))
        if node.themes:
            rows.append(("Themes", ", ".join(m.themes[t].label if t in m.themes else t for t in node.themes)))
        if node.weight:
            rows.append(("Weight", f"{node.weight.value} (in its source)"))
        if node.pattern:
            rows.append(("Pattern", m.patterns[node.pattern].label if node.pattern in m.patterns else node.pattern))
        assessment = state.evaluation.recommendations.get(node_id)
        if assessment is not None:
            mark, tone = STATUS_MARKS[assessment.verdict]
            rows.append(("Verdict", Content.assemble((f"{mark} {VERDICT_LABELS[assessment.verdict]}", f"bold ${tone}"),
                                                     " — ", _ids(_reason(assessment)))))
            standing = sum(state.label(s).value == "in" for s in assessment.grounds)
            whose = "" if assessment.supports else " (its package's)"
            rows.append(("Reasons", f"{standing} of {len(assessment.grounds)} direct reasons{whose} stand"))
            rows.append(("Objections", assessment.counts()))
        parts: list = []
        for name, value in rows:
            parts += [(f"{name}: ", "bold"), value, "\n"]
        if assessment is not None and assessment.inherited:
            by_package: dict[str, list] = {}
            for o in assessment.inherited:
                by_package.setdefault(o.inherited_from or "?", []).append(o)
            for package, objections in by_package.items():
                whole = m.nodes.get(package)
                parts += [("Inherited from its package ", "bold"), (whole.label if whole else package, "bold italic"),
                          (f" ({package}):", "$text-muted"), "\n"]
                for o in objections:
                    obj = m.nodes.get(o.id)
                    o_mark, o_tone = LABEL_MARKS[o.label]
                    parts += ["  ", (TYPE_ICONS[obj.type] + " " if obj else "", "bold"), (o_mark + " ", f"bold ${o_tone}"),
                              obj.label if obj else o.id, (f"  {o.status}" + ("" if o.defeats else ", does not defeat"), "$text-muted"), "\n"]
        if node.note:
            parts += [("Note: ", "bold"), " ".join(node.note.split()), "\n"]
        return Content.assemble(*parts[:-1]) if parts else Content("")

    def _quote(self, state: MapState, node_id: str, index: int) -> Content:
        m = state.argmap
        quote = m.nodes[node_id].quotes[index]
        span = m.quote_span(node_id, index)
        source = m.texts.get(quote.source)
        cite = citation(m, quote.source) + (f" · line {span.line}" if span else "")
        parts: list = [(cite, "italic $text-muted"), "\n"]
        if span is not None and source is not None:
            before, found, after = source.context(span.start, span.end, chars=160)
            parts += ["…" + " ".join(before.split()) + " ", (" ".join(found.split()), "bold $text on $warning 30%"),
                      " " + " ".join(after.split()) + "…"]
        else:
            parts += [(f"\u201c{' '.join(quote.text.split())}\u201d", "bold"), ("  (not located in the source)", "$text-muted")]
        if quote.note:
            parts += ["\n", ("Note: ", "bold"), quote.note]
        return Content.assemble(*parts)

    # -- choosing ------------------------------------------------------------------------
    @property
    def quote_index(self) -> int | None:
        """The quote under the cursor in the quote list (else the first), or None."""
        quotes = self.query_one(QuoteList)
        if not quotes.option_count:
            return None
        return quotes.highlighted if quotes.highlighted is not None else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.node_id is None:
            return
        if isinstance(event.option_list, RelationList):
            self.post_message(self.Follow(self.related[event.option_index]))
        elif isinstance(event.option_list, QuoteList):
            self.post_message(self.OpenQuote(self.node_id, event.option_index))

    def action_open_quote(self) -> None:
        if self.node_id is not None and self.quote_index is not None:
            self.post_message(self.OpenQuote(self.node_id, self.quote_index))
