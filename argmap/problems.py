"""Problems found in a map: one type for every check, with stable codes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["Severity", "Problem", "CODES", "ArgmapError", "UsageError", "InputError", "summarise"]


class Severity(str, enum.Enum):
    """How bad a problem is. Errors make a map invalid; warnings flag weak curation."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


# Every code argmap can report, with its default severity and a one-line title. Codes are
# stable: tools and people grep for them, so a code is never reused for another meaning.
CODES: dict[str, tuple[Severity, str]] = {
    # AM0xx: reading the file and its YAML
    "AM001": (Severity.ERROR, "file or folder not found"),
    "AM002": (Severity.ERROR, "file is not UTF-8 text"),
    "AM003": (Severity.WARNING, "file starts with a byte-order mark"),
    "AM004": (Severity.ERROR, "tab used for indentation"),
    "AM005": (Severity.ERROR, "file is empty"),
    "AM006": (Severity.ERROR, "file too large"),
    "AM007": (Severity.ERROR, "nesting too deep"),
    "AM010": (Severity.ERROR, "YAML syntax error"),
    "AM011": (Severity.ERROR, "duplicate key"),
    "AM012": (Severity.ERROR, "YAML anchor or alias"),
    "AM013": (Severity.ERROR, "top level is not a mapping"),
    "AM014": (Severity.ERROR, "unsupported YAML tag"),
    "AM015": (Severity.ERROR, "key is not a plain string"),
    "AM016": (Severity.ERROR, "several YAML documents in one file"),
    "AM017": (Severity.ERROR, "no map files found"),
    # AM1xx: the schema
    "AM101": (Severity.ERROR, "unknown key"),
    "AM102": (Severity.ERROR, "missing required key"),
    "AM103": (Severity.ERROR, "wrong type"),
    "AM104": (Severity.ERROR, "value not allowed"),
    "AM105": (Severity.ERROR, "badly formed value"),
    "AM106": (Severity.ERROR, "invalid value"),
    "AM107": (Severity.ERROR, "no `map:` section"),
    "AM108": (Severity.ERROR, "`map:` section given twice"),
    # AM2xx: identities and references
    "AM201": (Severity.ERROR, "unknown node"),
    "AM202": (Severity.ERROR, "duplicate id"),
    "AM203": (Severity.ERROR, "unknown side"),
    "AM204": (Severity.ERROR, "unknown theme"),
    "AM205": (Severity.ERROR, "unknown actor"),
    "AM206": (Severity.ERROR, "unknown objection pattern"),
    "AM207": (Severity.ERROR, "unknown source"),
    "AM210": (Severity.ERROR, "node relates to itself"),
    "AM211": (Severity.ERROR, "cycle of support"),
    "AM212": (Severity.WARNING, "node both supports and attacks the same node"),
    "AM213": (Severity.WARNING, "relation listed twice"),
    "AM214": (Severity.ERROR, "cycle of parts"),
    "AM215": (Severity.WARNING, "an imported file's layer names a node or actor the map does not have"),
    # AM3xx: relation rules
    "AM301": (Severity.ERROR, "objection attacks nothing"),
    "AM302": (Severity.ERROR, "rebuttal attacks nothing"),
    "AM303": (Severity.ERROR, "rebuttal attacks neither an objection nor an undercut"),
    "AM304": (Severity.ERROR, "recommendation has no support"),
    "AM305": (Severity.WARNING, "objection has no pattern"),
    "AM306": (Severity.ERROR, "pattern on a node that is not an objection"),
    "AM307": (Severity.ERROR, "`part_of` between nodes that are not both recommendations"),
    "AM308": (Severity.ERROR, "`premises` on an attack that is not an undercut"),
    "AM309": (Severity.ERROR, "undercut premise that does not support the target"),
    # AM4xx: sources and quotes
    "AM401": (Severity.ERROR, "source file not found"),
    "AM402": (Severity.ERROR, "source file outside the project"),
    "AM403": (Severity.ERROR, "source file is not text"),
    "AM404": (Severity.ERROR, "source file changed"),
    "AM405": (Severity.WARNING, "source has no sha256"),
    "AM410": (Severity.ERROR, "quote not found in its source"),
    "AM411": (Severity.WARNING, "quote found only when spaces are ignored"),
    "AM412": (Severity.WARNING, "quote missing from a copy of its source"),
    "AM413": (Severity.ERROR, "quote is empty"),
    # AM5xx: curation warnings
    "AM501": (Severity.WARNING, "node has no quote"),
    "AM502": (Severity.WARNING, "objection is unanswered"),
    "AM503": (Severity.WARNING, "source is never cited"),
    "AM504": (Severity.WARNING, "defined but never used"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a map, at a place in a file.

    `line` and `column` are 1-based; either may be None when the problem belongs to a whole
    file (or to no file at all, as when nothing was found to load).
    """

    path: str
    line: int | None
    column: int | None
    code: str
    message: str
    hint: str | None = None
    severity: Severity = field(default=Severity.ERROR)

    @classmethod
    def make(
        cls,
        code: str,
        message: str,
        path: str = "",
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> "Problem":
        """Build a problem, taking its severity from the code table unless given."""
        if severity is None:
            severity = CODES[code][0]
        return cls(path, line, column, code, message, hint, severity)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def location(self) -> str:
        """`path:line:col`, as much of it as is known."""
        where = self.path or "<argmap>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.column or 0, self.severity.rank, self.code, self.message)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value} {self.code} {self.message}"


def summarise(problems: list[Problem]) -> str:
    """`2 errors, 1 warning` (or `no problems`)."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    if not errors and not warnings:
        return "no problems"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


class ArgmapError(Exception):
    """An error caused by the user's input or request, reported without a traceback."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems = problems or []


class InputError(ArgmapError):
    """The input (a map, a source, an import file) is invalid: exit code 1."""

    exit_code = 1


class UsageError(ArgmapError):
    """The command was asked for something it cannot do as asked: exit code 2."""

    exit_code = 2
