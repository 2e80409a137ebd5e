"""The command palette (ctrl+p): go to any node by fuzzy search, and run any of the app's
commands by name. It knows the app only through `protocol.Explorer`."""

from __future__ import annotations

from functools import partial
from typing import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .protocol import Explorer
from .screens.choose import VIEW_NAMES
from .style import TYPE_ICONS

__all__ = ["NodeCommands", "ActionCommands", "app_commands", "clip"]

_BRIEF_FORMATS = {"md": "Markdown", "html": "HTML", "docx": "Word"}
_LINKS = {"supports": "supports…", "rebut": "rebuts…", "undercut": "undercuts…", "undermine": "undermines…"}


def clip(text: str, width: int) -> str:
    """`text` on one line, cut at a word (never mid-word) with "…" when longer than `width`."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[:width - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def app_commands(app: Explorer) -> list[tuple[str, str, Callable[[], object]]]:
    """(name, help, callback) of every command the palette offers."""
    commands: list[tuple[str, str, Callable[[], object]]] = [
        (f"Show: {name}", what, partial(app.set_view, view)) for view, (name, what) in VIEW_NAMES.items()
    ]
    commands += [
        ("Search nodes and quotes", "fuzzy search as you type (/)", app.action_search),
        ("Filter nodes", "keep nodes by side, type, theme, pattern, actor or source (f)", app.action_filter),
        ("Clear the filter", "show every node again", app.action_clear_filter),
        ("Problems panel", "show or hide the validation problems (p)", app.action_toggle_problems),
        ("Copy quote with citation", "copy the selected quote to the clipboard (c)", app.action_copy_quote),
        ("Read the source of this quote", "the whole source, quotes and uncovered passages marked (s)", app.action_read_source),
        ("Back", "to the node shown before ([)", app.action_back),
        ("Forward", "again to the node left by going back (])", app.action_forward),
        ("Reload the map", "read the map's files again", app.action_reload),
        ("Widen the tree pane", "more room for titles (>)", partial(app.action_widen_tree, 8)),
        ("Narrow the tree pane", "more room for the node (<)", partial(app.action_widen_tree, -8)),
        ("Help", "keys and marks (?)", app.action_help),
    ]
    commands += [
        ("Render this node's neighbourhood (SVG)", "nodes within two relations of the selected one (r)",
         partial(app.action_render, False, "svg")),
        ("Render this node's neighbourhood (PNG)", "as a PNG picture", partial(app.action_render, False, "png")),
        ("Render the whole map (SVG)", "every node shown in the tree's filter (R)", partial(app.action_render, True, "svg")),
        ("Render the whole map (PNG)", "as a PNG picture", partial(app.action_render, True, "png")),
    ]
    for fmt, name in _BRIEF_FORMATS.items():
        commands.append((f"Briefing of the whole map ({name})", f"write a briefing note to {app.out_dir} (b)",
                         partial(app.action_brief, True, fmt)))
        commands.append((f"Briefing of this recommendation ({name})", "the selected node's recommendations only (b)",
                         partial(app.action_brief, False, fmt)))
    for relation, words in _LINKS.items():
        commands.append((f"Link: this node {words}", "pick the other node by fuzzy search; appended to its file (L)",
                         partial(app.action_link, relation)))
    commands.append(("Undo the last append", "remove the node or relation just added to a map file (ctrl+z)", app.action_undo_append))
    if app.state is not None:
        shares = app.coverage_summary()
        for source_id, source in app.state.argmap.sources.items():
            share = f" · {shares[source_id]:.0%} quoted" if source_id in shares else ""
            commands.append((f"Read source: {clip(source.title, 60)}", source_id + share, partial(app.open_source, source_id)))
    return commands


class ActionCommands(Provider):
    """The app's commands, by name."""

    async def discover(self) -> Hits:
        for name, help_text, callback in app_commands(self.app):  # type: ignore[arg-type]
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in app_commands(self.app):  # type: ignore[arg-type]
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class NodeCommands(Provider):
    """Every node, found by fuzzy search over ids, titles, texts and quotes."""

    async def search(self, query: str) -> Hits:
        app: Explorer = self.app  # type: ignore[assignment]
        if app.state is None:
            return
        width = max(30, self.screen.size.width - 40)
        for hit in app.state.index.search(query, limit=20):
            node = app.state.argmap.nodes[hit.node_id]
            help_text = f"{node.type.value} · {hit.node_id}" + (f" · {hit.field}: {clip(hit.text, width)}" if hit.field in ("text", "quote") else "")
            yield Hit(hit.score / 100, f"{TYPE_ICONS[node.type]} {node.label}", partial(app.goto, hit.node_id),
                      text=node.label, help=help_text)
