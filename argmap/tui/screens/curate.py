"""Dialogs for curating the map: a node from a passage, and a relation to a node found by
fuzzy search. They only gather the curator's choices; `argmap.curate` writes the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static

from ...core import ArgumentMap
from ...curate import NodeStub, passage_quote
from ...model import NodeType
from ..state import MapState
from .search import SearchScreen

__all__ = ["NewNode", "NewNodeScreen", "LinkScreen", "RELATION_NAMES", "default_title"]

RELATION_NAMES = {"supports": "supports", "rebut": "rebuts", "undercut": "undercuts", "undermine": "undermines"}


def default_title(passage: str, words: int = 8) -> str:
    """A first title for a node: the passage's first words (the curator edits it)."""
    flat = passage.split()
    title = " ".join(flat[:words]).rstrip(".,;:")
    return title if len(flat) <= words else title + "…"


@dataclass(frozen=True)
class NewNode:
    """What the dialog returns: the stub and the file to append it to."""

    stub: NodeStub
    path: Path


class NewNodeScreen(ModalScreen[NewNode | None]):
    """Choose type, side, title and file for a node quoting a passage."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="newnode.cancel"),
        Binding("ctrl+s", "save", "Add the node", id="newnode.save"),
    ]

    def __init__(self, argmap: ArgumentMap, source_id: str, passage: str, default_file: Path | None) -> None:
        super().__init__()
        self.argmap, self.source_id, self.passage = argmap, source_id, passage_quote(passage)
        self.files = [(f.display, f.path) for f in argmap.files]
        self.default_file = default_file if default_file in [p for _, p in self.files] else (self.files[0][1] if self.files else None)

    def compose(self) -> ComposeResult:
        m = self.argmap
        with Vertical(id="newnode-box", classes="dialog"):
            shown = self.passage if len(self.passage) <= 400 else self.passage[:399] + "…"
            yield Static(Content.assemble(("Quote: ", "bold"), (f"\u201c{shown}\u201d", "italic")), id="newnode-passage")
            with Horizontal(classes="newnode-row"):
                yield Label("Type ", classes="newnode-label")
                yield Select([(t.value, t) for t in NodeType], value=NodeType.CLAIM, allow_blank=False, id="newnode-type")
                yield Label(" Side ", classes="newnode-label")
                yield Select([(s.label, sid) for sid, s in m.sides.items()], value=next(iter(m.sides), Select.NULL),
                             allow_blank=not m.sides, id="newnode-side")
            with Horizontal(classes="newnode-row"):
                yield Label("Title ", classes="newnode-label")
                yield Input(default_title(self.passage).rstrip("…"), max_length=120, id="newnode-title")
            with Horizontal(classes="newnode-row"):
                yield Label("File ", classes="newnode-label")
                yield Select([(d, p) for d, p in self.files], value=self.default_file or Select.NULL,
                             allow_blank=self.default_file is None, id="newnode-file")
            yield Static("The node's text starts as the quote; edit it in the file. Its id is made from the title.\n"
                         "enter or ctrl+s add · tab next field · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#newnode-box").border_title = f"New node quoting {self.source_id}"
        self.query_one("#newnode-title", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        title = self.query_one("#newnode-title", Input).value.strip()
        side = self.query_one("#newnode-side", Select).value
        path = self.query_one("#newnode-file", Select).value
        if not title or side is Select.NULL or path is Select.NULL:
            self.notify("Give the node a title, a side and a file.", severity="warning")
            return
        node_type = self.query_one("#newnode-type", Select).value
        stub = NodeStub(node_type, str(side), title, self.source_id, self.passage)  # type: ignore[arg-type]
        self.dismiss(NewNode(stub, path))  # type: ignore[arg-type]

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class LinkScreen(SearchScreen):
    """Pick how the node shown relates to another, and the other by fuzzy search.

    Dismisses with (relation, node id), or None."""

    def __init__(self, state: MapState, node_id: str, relation: str = "supports") -> None:
        super().__init__(state)
        self.node_id, self.relation = node_id, relation

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="dialog"):
            with Horizontal(classes="newnode-row"):
                yield Label(f"{self.state.argmap.nodes[self.node_id].label[:50]} ", classes="newnode-label")
                yield Select([(w, r) for r, w in RELATION_NAMES.items()], value=self.relation, allow_blank=False, id="link-relation")
                yield Label(" …", classes="newnode-label")
            yield Input(placeholder="Search the node it relates to…", id="search-input")
            yield Static("", id="search-count", classes="dialog-hint")
            yield OptionList(id="search-results")
        yield Static("enter link · ↓ results · esc cancel · the relation is appended to this node's file", classes="dialog-hint")

    BOX_TITLE = "Link this node"

    def on_mount(self) -> None:
        # SearchScreen.on_mount runs too (Textual calls each class's handler): it titles the box.
        self.query_one("#search-input", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.relation = str(event.value)

    def choose(self, node_id: str) -> None:
        if node_id == self.node_id:
            self.notify("A node cannot relate to itself; pick another.", severity="warning")
            return
        self.dismiss((self.relation, node_id))  # type: ignore[arg-type]
