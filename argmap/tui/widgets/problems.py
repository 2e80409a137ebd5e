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

    def show(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        highlighted = self.highlighted
        self.clear_options()
        for p in self.problems:
            prompt = Content.assemble(
                (p.location, "bold"), "  ", (f"{p.severity.value} {p.code}", f"bold {_TONES[p.severity.value]}"),
                "  ", p.message, *((("\n  hint: " + p.hint.splitlines()[0]), "$text-muted"),) if p.hint else (),
            )
            self.add_option(Option(prompt))
        if not self.problems:
            self.add_option(Option(Content.styled("No problems: the map is valid.", "$success"), disabled=True))
        else:
            self.highlighted = min(highlighted or 0, len(self.problems) - 1)
        self.border_title = f"Problems ({len(self.problems)})"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.problems):
            self.post_message(self.Chosen(self.problems[event.option_index]))
