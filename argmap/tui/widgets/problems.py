"""The problems panel: every validation problem of the map's files; enter jumps to it."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...problems import Problem

__all__ = ["ProblemsPanel"]

_TONES = {"error": "$error", "warning": "$warning", "info": "$primary"}


class ProblemsPanel(OptionList):
    """Lists problems as `file:line:col  severity CODE message`. Posts `Chosen` on enter."""

    BINDINGS = [Binding("escape", "app.toggle_problems", "Close problems", show=False, id="problems.close")]

    class Chosen(Message):
        """The user picked a problem to look at."""

        def __init__(self, problem: Problem) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.problems: list[Problem] = []
        self._listed = True  # whether the lines show `problems` (they are made when the panel is shown)

    def show(self, problems: list[Problem]) -> None:
        """List `problems`: at once if the panel is open, else when it opens (a big map's
        thousand warnings made into lines for a panel nobody opened cost its first screen)."""
        self.problems = list(problems)
        self.border_title = f"Problems ({len(self.problems)})"
        self._listed = False
        if self.display:
            self._list()

    def on_show(self) -> None:
        self._list()

    def _list(self) -> None:
        if self._listed:
            return
        self._listed = True
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([Option(Content.assemble(
            (p.location, "bold"), "  ", (f"{p.severity.value} {p.code}", f"bold {_TONES[p.severity.value]}"),
            "  ", p.message, *((("\n  hint: " + p.hint.splitlines()[0]), "$text-muted"),) if p.hint else (),
        )) for p in self.problems])
        if not self.problems:
            self.add_option(Option(Content.styled("No problems: the map is valid.", "$success"), disabled=True))
        else:
            self.highlighted = min(highlighted or 0, len(self.problems) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.problems):
            self.post_message(self.Chosen(self.problems[event.option_index]))
