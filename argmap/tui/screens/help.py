"""The help screen (`?`): what the marks mean and every key, read from the bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..style import LABEL_MARKS, RELATION_MARKS, TYPE_ICONS, TYPE_NAMES

__all__ = ["HelpScreen", "help_text", "key_names"]

_EXTRA_KEYS = [
    ("↑ ↓", "move in the tree or a list"),
    ("→ ←  l h", "expand / collapse a tree line"),
    ("Enter", "follow a relation; read a quote in its source"),
    ("Tab", "move between tree, relations, quotes and problems"),
    ("n / p", "next / previous quote (source reader)"),
    ("u / U", "next / previous passage no quote covers (source reader)"),
    ("+ / -", "extend / shrink the selected passage by a sentence (source reader)"),
    ("a", "add a node quoting the selected passage (source reader)"),
    ("g", "go to the node citing the quote (source reader)"),
]


def key_names(binding: Binding) -> str:
    """How a binding's keys read to a person: `?`, `/`, `Esc`, `[  alt+←`."""
    if binding.key_display:
        return binding.key_display
    names = []
    for key in binding.key.split(","):
        *mods, name = key.strip().split("+")
        shown = _KEY_NAMES.get(name, name if len(name) == 1 else name.replace("_", " "))
        names.append("+".join([*mods, shown]))
    return " ".join(names)


_KEY_NAMES = {
    "question_mark": "?", "slash": "/", "escape": "Esc", "left_square_bracket": "[", "right_square_bracket": "]",
    "left": "←", "right": "→", "up": "↑", "down": "↓", "enter": "Enter", "space": "Space", "tab": "Tab",
    "plus": "+", "minus": "-", "less_than_sign": "<", "greater_than_sign": ">", "full_stop": ".", "comma": ",",
    "equals_sign": "=", "exclamation_mark": "!",
}


def help_text(bindings: list[Binding]) -> Content:
    """The help, built from the app's bindings so it never goes out of date."""
    parts: list = [("What you see\n", "bold underline")]
    for t, icon in TYPE_ICONS.items():
        parts += [(f"  {icon}  ", "bold"), f"{TYPE_NAMES[t]}\n"]
    parts.append(("  The icon's colour is the side the node serves.\n", "$text-muted"))
    marks = {"in": "in: nothing standing attacks it", "out": "out: countered by a point that stands in these sources (not \"refuted\")",
             "undecided": "undecided: attacks go round in a circle"}
    for label, (mark, tone) in LABEL_MARKS.items():
        parts += [(f"  {mark}  ", f"bold ${tone}"), marks[label.value] + "\n"]
    parts.append(("  Recommendations: ✓ stands, ? contested, ↓ countered (every reason out), ✗ defeated.\n", "$text-muted"))
    words = {"support": "supports the line above", "rebut": "rebuts it", "undercut": "undercuts it (attacks the inference)",
             "undermine": "undermines it (attacks a premise or source)", "part": "is a step or part of the recommendation above"}
    for relation, mark in RELATION_MARKS.items():
        parts += [(f"  {mark}  ", "bold"), words[relation] + "\n"]
    parts.append(("\nKeys\n", "bold underline"))
    seen = set()
    for binding in bindings:
        if binding.description and binding.action not in seen:
            seen.add(binding.action)
            keys = key_names(binding)
            parts += [(f"  {keys:<12}", "bold $accent"), (binding.tooltip or binding.description) + "\n"]
    for keys, what in _EXTRA_KEYS:
        parts += [(f"  {keys:<12}", "bold $accent"), what + "\n"]
    parts.append(("\nThe map's files are watched: save a change and the map reloads. If a file breaks, "
                  "the last good map stays on screen and the problems panel lists what is wrong.", "$text-muted"))
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """Shows the help; any of escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close")]

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(help_text(self.bindings))

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = "Help — esc to close"
