"""How the map looks in the terminal: icons per node type, marks per status and relation,
side colours kept readable on the current theme's background."""

from __future__ import annotations

from textual.color import Color

from ..evaluate import Label, Status
from ..model import NodeType

__all__ = [
    "TYPE_ICONS", "TYPE_NAMES", "RELATION_MARKS", "RELATION_WORDS", "LABEL_MARKS", "STATUS_MARKS",
    "mark_style", "readable", "legend",
]

# Shape tells the type, colour tells the side.
TYPE_ICONS: dict[NodeType, str] = {
    NodeType.RECOMMENDATION: "◆",
    NodeType.CLAIM: "●",
    NodeType.EVIDENCE: "■",
    NodeType.OBJECTION: "▲",
    NodeType.REBUTTAL: "▼",
}
TYPE_NAMES: dict[NodeType, str] = {t: t.value.capitalize() for t in NodeType}

# How a child relates to its parent in the tree.
RELATION_MARKS = {"support": "+", "rebut": "−", "undercut": "⊘", "undermine": "⊖", "part": "↳"}
# How a relation reads from the node that is shown (outgoing, incoming).
RELATION_WORDS = {
    "support": ("supports", "supported by"),
    "rebut": ("rebuts", "rebutted by"),
    "undercut": ("undercuts", "undercut by"),
    "undermine": ("undermines", "undermined by"),
    "part": ("is part of", "has as a part"),
}

# Evaluation status: a mark and a theme colour each.
LABEL_MARKS: dict[Label, tuple[str, str]] = {
    Label.IN: ("✓", "success"),
    Label.OUT: ("✗", "error"),
    Label.UNDECIDED: ("?", "warning"),
}
STATUS_MARKS: dict[Status, tuple[str, str]] = {
    Status.STANDS: ("✓", "success"),
    Status.CONTESTED: ("?", "warning"),
    Status.COUNTERED: ("↓", "warning"),
    Status.DEFEATED: ("✗", "error"),
}


def mark_style(variables: dict[str, str], colour_name: str) -> str:
    """A Rich style string for a theme colour (`success`, `error`, `warning`)."""
    return f"bold {variables.get(colour_name, 'default')}"


def readable(colour: str, background: str | None, minimum: float = 0.35) -> str:
    """`colour` as given, or moved towards light or dark until it stands out from `background`.

    Curators pick side colours for diagrams on white; on a dark terminal a navy side would
    vanish, on a light one a yellow side. Brightness differences below `minimum` are fixed.
    """
    try:
        fg = Color.parse(colour)
        bg = Color.parse(background) if background else Color(0, 0, 0)
    except Exception:  # noqa: BLE001 - a colour Textual cannot parse is shown as the default
        return "default"
    step = 0
    while abs(fg.brightness - bg.brightness) < minimum and step < 10:
        fg = fg.lighten(0.08) if bg.brightness < 0.5 else fg.darken(0.08)
        step += 1
    return fg.hex


def legend() -> str:
    """One line naming the marks, for the tree's border: the labels, and the one mark only a
    recommendation's verdict has (its other verdicts reuse ✓ ? ✗; the help screen names them)."""
    return "✓ in ✗ out ? undecided ↓ countered"
