"""The argument-map data model: what a curated YAML map may say, checked by pydantic.

A map file holds any of the sections below; a map is one file or a folder of files whose
sections are merged (see `argmap.loader`). These models check each entry's own shape; checks
that need the whole map (references, cycles, quotes) live in `argmap.validate`.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
    field_validator,
)

__all__ = [
    "ID_PATTERN",
    "NodeType",
    "AttackKind",
    "Weight",
    "AttackStrength",
    "AttackScope",
    "Strict",
    "MapInfo",
    "Side",
    "Actor",
    "Theme",
    "Pattern",
    "SourceCopy",
    "Source",
    "Quote",
    "Attack",
    "Node",
    "MapFile",
    "SECTIONS",
    "format_partial_date",
]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, numbers written for text are kept as text."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        str_strip_whitespace=False,
        validate_default=False,
        use_enum_values=False,
        # Validators are built at the first validation, not at import: a command that reads
        # only cached, already-checked entries (argmap.cache) never pays for them.
        defer_build=True,
    )


Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=120),
    Field(description="A short identifier: letters, digits, `-`, `_` and `.`, e.g. `kolga-legitimisation`."),
]
Text = Annotated[str, StringConstraints(min_length=1), Field(description="Text; may span lines.")]
Colour = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    Field(description="A colour as `#rrggbb`."),
]
Sha256 = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{64}$"),
    Field(description="The SHA-256 of the file's bytes, 64 lowercase hex digits (`sha256sum FILE`)."),
]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _partial_date(value: Any) -> str:
    """Accept `2020`, `2020-11` or `2020-11-05` (or a date); keep the precision given."""
    if isinstance(value, bool):
        raise ValueError("expected a date such as 2020, 2020-11 or 2020-11-05")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError("expected a date such as 2020, 2020-11 or 2020-11-05")
    m = _PARTIAL_DATE.match(value.strip())
    if not m:
        raise ValueError(f"`{value}` is not a date; write a year (2020), a month (2020-11) or a day (2020-11-05)")
    year, month, day = m.groups()
    try:
        if day:
            _dt.date(int(year), int(month), int(day))
        elif month and not 1 <= int(month) <= 12:
            raise ValueError
    except ValueError:
        raise ValueError(f"`{value}` is not a real date") from None
    return value.strip()


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "A date, as precise as the source says: `2020`, `2020-11` or `2020-11-05`.",
        }
    ),
]

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]


def format_partial_date(value: str | None) -> str:
    """`2020-11-05` → `5 November 2020`; `2020-11` → `November 2020`; `2020` → `2020`."""
    if not value:
        return "n.d."
    m = _PARTIAL_DATE.match(value)
    if not m:
        return value
    year, month, day = m.groups()
    if day:
        return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"
    if month:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return year


class NodeType(str, enum.Enum):
    """What a node is in the debate."""

    CLAIM = "claim"
    RECOMMENDATION = "recommendation"
    OBJECTION = "objection"
    REBUTTAL = "rebuttal"
    EVIDENCE = "evidence"


class AttackKind(str, enum.Enum):
    """How an attack works: against the claim, its inference, or a premise or source."""

    REBUT = "rebut"
    UNDERCUT = "undercut"
    UNDERMINE = "undermine"


class Weight(str, enum.Enum):
    """How much a node carries in its source: the source's own qualification, not the curator's view.

    Ordered from strongest to weakest; an attack on a node of strictly greater weight than its
    attacker does not defeat it (see `argmap.evaluate`).
    """

    FACT = "fact"  # a documented fact: a record, a figure, an event the source reports as such
    EXPERT = "expert"  # an expert's or an official body's considered assessment
    ASSERTION = "assertion"  # stated as the source's position, without evidence or qualification
    HEDGED = "hedged"  # qualified by the source itself: "hard to judge", "may", "perhaps"
    SPECULATIVE = "speculative"  # a conjecture or forecast the source marks as such

    @property
    def rank(self) -> int:
        """4 for a fact down to 0 for speculation: a higher rank is strictly preferred."""
        return _WEIGHT_RANK[self]


_WEIGHT_RANK = {Weight.FACT: 4, Weight.EXPERT: 3, Weight.ASSERTION: 2, Weight.HEDGED: 1, Weight.SPECULATIVE: 0}


class AttackStrength(str, enum.Enum):
    """Whether an attack, if it succeeds, is meant to settle the matter."""

    DECISIVE = "decisive"  # the default: the attack defeats its target unless the target is preferred
    WEAK = "weak"  # a point against, never a defeat on its own: it lowers the target's graded strength


class AttackScope(str, enum.Enum):
    """For an attack on a recommendation that has parts (`part_of`): what it reaches."""

    PACKAGE = "package"  # the default: the recommendation and every step or part of it
    WHOLE = "whole"  # only the recommendation as a whole, not its parts


class MapInfo(Strict):
    """What the map is about."""

    id: Id
    title: Text
    question: Text = Field(description="The question the debate answers.")
    summary: str = Field("", description="A short summary of the debate and of the map.")


class Side(Strict):
    """A camp in the debate."""

    id: Id
    label: Text
    colour: Colour
    description: str = ""


class Actor(Strict):
    """A person or organisation who holds or reports a position."""

    id: Id
    name: Text
    kind: Literal["person", "organisation"] = "person"
    role: str | None = Field(None, description="What the actor is or does, as the sources describe it.")
    affiliation: str | list[str] | None = Field(
        None, description="Organisations the actor belongs to, as the sources name them; one or a list."
    )

    @property
    def affiliations(self) -> list[str]:
        if self.affiliation is None:
            return []
        return [self.affiliation] if isinstance(self.affiliation, str) else list(self.affiliation)


class Theme(Strict):
    """A topic nodes are tagged with."""

    id: Id
    label: Text
    description: str = ""


class Pattern(Strict):
    """A recurring kind of objection (for the bundled map, the Kolga-style objections)."""

    id: Id
    label: Text
    description: str = ""


class SourceCopy(Strict):
    """Another copy of a source's text (a re-post, a mirror); quotes are checked against it too."""

    file: Text = Field(description="Path of the copy, relative to the project folder.")
    sha256: Sha256 | None = None
    note: str = ""


class Source(Strict):
    """A document the map quotes from."""

    id: Id
    title: Text
    authors: list[Id] = Field(default_factory=list, description="Actor ids of the authors, as the text names them.")
    outlet: str | None = Field(None, description="Where it was published: journal, newspaper, website.")
    published: PartialDate | None = None
    url: str | None = Field(None, pattern=r"^https?://\S+$")
    file: Text = Field(description="The source's text, a path relative to the project folder (e.g. `seeds/x.txt`).")
    sha256: Sha256 | None = None
    copies: list[SourceCopy] = Field(default_factory=list, description="Other copies of the same text.")
    note: str = ""


class Quote(Strict):
    """A verbatim passage of a source that backs a node. `[...]` marks an omission."""

    source: Id
    text: Text
    note: str = ""


class Attack(Strict):
    """An attack on another node."""

    target: Id
    kind: AttackKind = AttackKind.REBUT
    strength: AttackStrength = Field(
        AttackStrength.DECISIVE,
        description="`weak` for a point against that the source does not present as settling the matter.",
    )
    scope: AttackScope = Field(
        AttackScope.PACKAGE,
        description="On a recommendation with parts: `package` (default) reaches its parts too, `whole` only the whole.",
    )

    @property
    def plain(self) -> bool:
        """True when only the target is given (a decisive rebuttal reaching the whole package)."""
        return (self.kind is AttackKind.REBUT and self.strength is AttackStrength.DECISIVE
                and self.scope is AttackScope.PACKAGE)


def _attack_tag(value: Any) -> str:
    return "attack" if isinstance(value, (dict, Attack)) else "id"


AttackRef = Annotated[
    Union[Annotated[Id, Tag("id")], Annotated[Attack, Tag("attack")]],
    Discriminator(_attack_tag),
    Field(description="A node id (a decisive rebuttal of that node) or "
                "`{target: id, kind: rebut|undercut|undermine, strength: decisive|weak, scope: package|whole}`."),
]


class Node(Strict):
    """A claim, recommendation, objection, rebuttal or piece of evidence."""

    id: Id
    type: NodeType
    side: Id
    title: str | None = Field(None, max_length=120, description="A short label for diagrams and lists.")
    text: Text = Field(description="A faithful paraphrase of the position, in the curator's words.")
    by: list[Id] = Field(default_factory=list, description="Actor ids of those who hold this position.")
    themes: list[Id] = Field(default_factory=list)
    pattern: Id | None = Field(None, description="For objections: the pattern it follows.")
    weight: Weight | None = Field(
        None,
        description="How much the point carries in its source, by the source's own qualification: "
        "fact, expert, assertion, hedged or speculative. Unset: no preference either way.",
    )
    quotes: list[Quote] = Field(default_factory=list)
    supports: list[Id] = Field(default_factory=list, description="Nodes this one is a reason for.")
    attacks: list[AttackRef] = Field(default_factory=list)
    part_of: list[Id] = Field(
        default_factory=list,
        description="For recommendations: the broader recommendations this one is a step or part of.",
    )
    note: str = Field("", description="A curator's note: how the node was read from the source.")

    @field_validator("attacks", mode="after")
    @classmethod
    def _normalise_attacks(cls, value: list) -> list:
        return [Attack(target=a) if isinstance(a, str) else a for a in value]

    @property
    def label(self) -> str:
        """The node's title, or the start of its text."""
        if self.title:
            return self.title
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:77].rsplit(" ", 1)[0] + "…"

    @property
    def attack_list(self) -> list[Attack]:
        return self.attacks  # type: ignore[return-value]  # normalised by the validator


class MapFile(Strict):
    """One file of an argument map. In a map split over a folder, each section may be in any file."""

    model_config = ConfigDict(
        title="argmap map file",
        json_schema_extra={
            "$comment": "Generated by `argmap schema`; see arguments/README.md for the format.",
        },
    )

    map: MapInfo | None = None
    sides: list[Side] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    patterns: list[Pattern] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)


# The list sections of a map file, in order, and the model of one entry of each.
SECTIONS: dict[str, type[Strict]] = {
    "sides": Side,
    "actors": Actor,
    "themes": Theme,
    "patterns": Pattern,
    "sources": Source,
    "nodes": Node,
}
