"""Printing problems for people (with the offending line) and for machines (JSON, GitHub)."""

from __future__ import annotations

import json
import re

from .problems import Problem, Severity, summarise
from .lines import line_at, line_starts

__all__ = ["format_human", "format_json", "format_github"]

_TOKEN_END = re.compile(r"[\s,\]\}#]")
MAX_EXCERPT = 200  # characters of a file's line shown under a problem


def format_human(problems: list[Problem], sources: dict[str, str] | None = None, *, colour: bool = False) -> str:
    """`path:line:col: error AM201 message`, the line itself with a caret, and the hint."""
    sources = sources or {}
    starts: dict[str, list[int]] = {}  # each file's line starts, indexed once however many problems
    out: list[str] = []
    for p in problems:
        sev = p.severity.value
        if colour:
            sev = _paint(sev, {"error": "31;1", "warning": "33;1", "info": "36"}[p.severity.value])
        out.append(f"{p.location}: {sev} {p.code} {p.message}")
        text = sources.get(p.path)
        if text and p.line:
            if p.path not in starts:
                starts[p.path] = line_starts(text)
            if 0 < p.line <= len(starts[p.path]):
                line = line_at(text, starts[p.path], p.line).replace("\t", " ")
                col = (p.column or 1) - 1
                if len(line) > MAX_EXCERPT:  # a pasted page on one line: show the part around the column
                    lo = max(0, min(col - MAX_EXCERPT // 4, len(line) - MAX_EXCERPT))
                    line = ("…" if lo else "") + line[lo: lo + MAX_EXCERPT] + ("…" if lo + MAX_EXCERPT < len(line) else "")
                    col = col - lo + (1 if lo else 0)
                gutter = f"{p.line:>5} | "
                out.append(gutter + line)
                if p.column:
                    rest = line[col:]
                    m = _TOKEN_END.search(rest, 1) if rest else None
                    width = max(1, (m.start() if m else len(rest)) if rest else 1)
                    out.append(" " * (len(gutter) - 2) + "| " + " " * col + "^" * min(width, 60))
        if p.hint:
            first, *more = p.hint.splitlines()
            out.append(f"  hint: {first}")
            out.extend(f"        {line}" for line in more)
        if p.caused:
            out.append(f"  and {len(p.caused)} more caused by this ({_codes(p.caused)}); fix this first, "
                       "then validate again")
    return "\n".join(out)


def _codes(problems: tuple[Problem, ...]) -> str:
    """`AM201 ×4, AM504 ×2`: the codes of folded problems, most frequent first."""
    from collections import Counter

    return ", ".join(f"{code} ×{n}" if n > 1 else code for code, n in Counter(p.code for p in problems).most_common())


def _paint(text: str, code: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m"


def format_json(results: list[dict]) -> str:
    """One JSON document: each map's problems and counts, and whether all are valid."""
    return json.dumps({"valid": all(r["valid"] for r in results), "maps": results}, indent=2, ensure_ascii=False)


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands, one per problem, so they show on the diff."""
    lines = []
    for p in problems:
        level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[p.severity]
        props = []
        if p.path:
            props.append(f"file={_gh_escape(p.path, True)}")
        if p.line:
            props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
        props.append(f"title={_gh_escape(p.code, True)}")
        message = p.message + (f"\n{p.hint}" if p.hint else "")
        if p.caused:
            message += f"\nand {len(p.caused)} more caused by this ({_codes(p.caused)})"
        lines.append(f"::{level} {','.join(props)}::{_gh_escape(message)}")
    return "\n".join(lines)


def summary_line(name: str, problems: list[Problem], counts: dict[str, int] | None) -> str:
    tally = summarise(problems)
    if counts:
        detail = ", ".join(f"{v} {k}" for k, v in counts.items())
        return f"{name}: {tally} ({detail})"
    return f"{name}: {tally}"
