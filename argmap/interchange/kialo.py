"""Kialo discussion exports (plain text) → argmap (`argmap import FILE --from kialo`).

Both forms of Kialo's text export are read:

- the older one: `Discussion Title: …`, then one claim per numbered line: `1. thesis`,
  `1.1. Pro: …`, `1.1.1. Con: …`; a claim's text may run on over unnumbered lines;
- today's: `Discussion Name:` with the name on the next line, then `1. Thesis:` (or, for a
  multi-thesis discussion, `1. Question:` with `1.1. Thesis:`, … under it) and the claims
  (`1.1. Pro:`), each label on its own line with the text on the lines after it, indented by
  depth, blank lines between; then `Sources:` and the footnotes `[1] text`, whose text runs on
  (blank lines and all) up to the next `[n]`. The reader is lenient about where a text starts
  (on the label's line or the next), so in-between shapes (`Discussion Name: …` on one line, an
  unnumbered `Thesis: …`, `Footnotes:`) are read too.

In both, a claim whose text is `-> See 1.2.3.` is a link to a claim listed elsewhere: argmap
draws a second relation from that claim (not a copy of it), and claims numbered under the link
hang under the linked claim. Kialo's Markdown escapes (`\\(`) are undone; links stay as written.

The mapping:

- the thesis (`1.` or `Thesis:`) is a claim, side `pro`; ids are `k` and the number without
  its last dot (`k1.2.3`), the `Thesis:` line is `thesis`;
- a Pro `supports` its parent and a Con `attacks` it (a rebut). Node types follow from the
  attacks (see `argmap.interchange.build`): pros and the thesis are claims, a con of a claim is
  an objection, a con of a con a rebuttal, a con of that an objection again;
- sides are `pro` (for the thesis) and `con`: a Pro shares its parent's side, a Con takes the
  other;
- a claim numbered without Pro or Con under another (the theses of a multi-thesis discussion)
  gets no relation, and a note says where it was listed;
- footnotes are kept in the note of each claim that cites them.

Faults in the numbering (a claim before its parent, a number used twice, a link to a number
that is not there) stop the import with the line they are on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import MapInfo, Side
from .build import Builder, Draft, ImportResult, map_id_for
from .inputs import Where, fault, read_text

__all__ = ["import_kialo", "SIDES"]

_KIND = "a Kialo discussion export (a .txt file starting `Discussion Title:` or `Discussion Name:`)"
_HEAD = re.compile(r"^\s*Discussion (Title|Name):[ \t]*(.*)$")
_CLAIM = re.compile(r"^([ \t]*)((?:\d+\.)+)(?:[ \t]+(?:(Pro|Con|Thesis|Question|PRO|CON|pro|con):)?[ \t]*(.*))?$")
_THESIS = re.compile(r"^[ \t]*Thesis:[ \t]*(.*)$")
_LINK = re.compile(r"^->\s*See\s+((?:\d+\.)*\d+)\.?\s*(.*)$", re.S)
_OTHER_DISCUSSION = re.compile(r"^->\s*See\s+discussion\s+#?(\d+)", re.I)
_FOOTNOTE = re.compile(r"^\[(\d+)\]:?[ \t]+(.*)$")
_FOOTNOTE_HEAD = re.compile(r"^(?:Footnotes|Sources|References):?[ \t]*$", re.I)
_MARKER = re.compile(r"\[(\d+)\](?!\()")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")

SIDES = [
    Side(id="pro", label="Pro", colour="#0072b2", description="For the discussion's thesis."),
    Side(id="con", label="Con", colour="#d55e00", description="Against the discussion's thesis."),
]


@dataclass
class _Entry:
    """A claim (or the thesis, or a footnote) as written, lines and all."""

    pos: str  # "1.2.3" (no last dot); "thesis"; "[n]" for a footnote
    stance: str | None
    line: int
    lines: list[str] = field(default_factory=list)
    blank: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()

    def add(self, text: str) -> None:
        if self.blank and self.lines:
            self.lines.append("")
        self.blank = False
        self.lines.append(text)


def import_kialo(path: Path) -> ImportResult:
    """Read a Kialo export into a map (see the module docstring)."""
    where = Where(path)
    lines = read_text(where, _KIND).split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip())
    head = _HEAD.match(lines[start])
    if head is None:
        raise fault(where, start + 1, "expected `Discussion Title: …` (Kialo's older export) or `Discussion Name: …` (the newer one)",
                    hint="is this a Kialo export? Kialo writes it from the discussion menu, as a .txt file")
    newer = head.group(1) == "Name"
    title = head.group(2).strip()
    if not title and newer:  # today's export: the name is on the line after its label
        below = start + 1
        while below < len(lines) and not lines[below].strip():
            below += 1
        if below < len(lines) and not _CLAIM.match(lines[below]) and not _THESIS.match(lines[below]):
            title, start = lines[below].strip(), below
    if not title:
        raise fault(where, start + 1, "the discussion has no title",
                    hint="Kialo writes it after `Discussion Title:`, or on the line after `Discussion Name:`")

    claims: dict[str, _Entry] = {}
    footnotes: dict[str, _Entry] = {}
    thesis: _Entry | None = None
    current: _Entry | None = None
    in_notes = False
    for index in range(start + 1, len(lines)):
        number, raw = index + 1, lines[index]
        if not raw.strip():
            if current is not None:
                current.blank = True
            continue
        claim = None if in_notes else _CLAIM.match(raw)
        if claim and _is_claim(claim, claims, thesis, current):
            pos = claim.group(2)[:-1]
            if pos in claims:
                raise fault(where, number, f"claim {pos}. is numbered twice (first at line {claims[pos].line})")
            parent = pos.rpartition(".")[0]
            if parent and parent not in claims:
                raise fault(where, number, f"claim {pos}. has no parent claim {parent}. before it",
                            hint="Kialo numbers each claim under its parent: 1.2.3. comes after 1.2.")
            if not parent and not claims and thesis is None and pos != "1" and not newer:
                raise fault(where, number, f"the first claim is numbered {pos}.; Kialo's export starts at 1.")
            stance = claim.group(3).capitalize() if claim.group(3) else None
            current = claims[pos] = _Entry(pos, stance, number)
            current.add(claim.group(4) or "")
            in_notes = False
            continue
        if newer and thesis is None and not claims and (m := _THESIS.match(raw)):
            current = thesis = _Entry("thesis", None, number)
            current.add(m.group(1))
            continue
        if newer and _FOOTNOTE_HEAD.match(raw) and not raw[0].isspace() and claims:
            in_notes, current = True, None
            continue
        note = _FOOTNOTE.match(raw)
        if newer and note and not raw[0].isspace() and (claims or in_notes):
            current = footnotes[note.group(1)] = _Entry(f"[{note.group(1)}]", None, number)
            current.add(note.group(2))
            in_notes = True
            continue
        if in_notes and current is not None:  # a source's text runs on (Kialo copies quoted passages)
            current.add(raw.strip())
            continue
        if current is None:
            raise fault(where, number, "expected a numbered claim such as `1.1. Pro: …`" +
                        (" or `Thesis: …`" if newer and not claims else ""))
        current.add(raw.strip())
    if not claims and thesis is None:
        raise fault(where, None, "holds no numbered claims (`1. …`, `1.1. Pro: …`)")
    return _build(where, title, claims, thesis, footnotes)


def _is_claim(m: re.Match, claims: dict[str, _Entry], thesis: _Entry | None, current: _Entry | None) -> bool:
    """Whether a line that looks numbered starts a claim, or goes on with the current one's text.

    A line with Pro/Con always starts a claim (and is checked); one without starts a claim only
    where a claim could be (the first, or a new number under a known parent), so that a numbered
    list inside a claim's text stays text.
    """
    if m.group(3) or current is None:
        return True
    pos = m.group(2)[:-1]
    parent = pos.rpartition(".")[0]
    return pos not in claims and (parent in claims or (not parent and not claims and thesis is None))


def _clean(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def _build(where: Where, title: str, claims: dict[str, _Entry], thesis: _Entry | None,
           footnotes: dict[str, _Entry]) -> ImportResult:
    builder = Builder(where, "k")
    links: dict[str, str] = {}  # a link's position → the position it links to
    for pos, entry in claims.items():
        m = _LINK.match(entry.text)
        if m:
            links[pos] = m.group(1)
    # A multi-thesis discussion starts with `1. Question:`: its text is the map's question, and the
    # theses under it (`1.1. Thesis:`) are the main claims. It is not a claim, so not a node.
    question = next((e for p, e in claims.items() if "." not in p and e.stance == "Question" and p not in links), None)
    if thesis is not None:
        builder.add(Draft(key="thesis", text=_clean(thesis.text), place=thesis.line, id_base="thesis", side="pro"))
    for pos, entry in claims.items():
        if pos not in links and entry is not question:
            draft = builder.add(Draft(key=pos, text=_clean(entry.text), place=entry.line))
            if (other := _OTHER_DISCUSSION.match(entry.text)) is not None:
                draft.notes.append(f"A Kialo link to another discussion (#{other.group(1)}); its claims are not in this file.")

    def resolve(pos: str, line: int) -> str:
        seen = []
        while pos in links:
            if pos in seen:
                raise fault(where, line, f"the links {' → '.join(seen + [pos])} go round in a circle")
            seen.append(pos)
            pos = links[pos]
        if pos not in claims:
            raise fault(where, line, f"`-> See {pos}.` links to claim {pos}., which is not in the file")
        return pos

    drafts = builder.drafts
    placed: list[tuple[str, str, str]] = []  # (node, parent, Pro|Con): claims first, links after
    roots: list[str] = ["thesis"] if thesis is not None else []
    for pos, entry in sorted(claims.items(), key=lambda item: item[0] in links):
        if entry is question:
            continue
        node = resolve(pos, entry.line)
        parent_pos = pos.rpartition(".")[0]
        parent = resolve(parent_pos, entry.line) if parent_pos else ("thesis" if thesis is not None else None)
        if question is not None and parent == question.pos:
            roots.append(node)
            if entry.stance != "Thesis":
                drafts[node].notes.append(f"Listed as a {entry.stance or 'claim'} of the discussion's question; argmap draws no relation.")
            continue
        if entry.stance in ("Thesis", "Question") and parent is not None:
            drafts[node].notes.append(f"Listed under claim {_label(parent)} as a {entry.stance.lower()}; argmap draws no relation.")
            placed.append((node, parent, "Pro"))
            continue
        if parent is None:
            if entry.stance in ("Thesis", "Question"):
                roots.append(node)
                continue
            if entry.stance:
                builder.warn(entry.line, f"claim {pos}. is a {entry.stance} of nothing (it is at the top); taken as a thesis")
            roots.append(node)
            continue
        if entry.stance is None:
            placed.append((node, parent, "Pro"))  # shares its parent's side, but no relation
            drafts[node].notes.append(f"Listed under claim {_label(parent)} without Pro or Con; argmap draws no relation.")
            continue
        if entry.stance == "Pro":
            builder.support(node, parent, entry.line)
        else:
            builder.attack(node, parent)
        placed.append((node, parent, entry.stance))
        if pos in links:
            drafts[node].notes.append(f"Also listed as a {entry.stance} of claim {_label(parent)} (Kialo link {pos}.).")

    side = {root: "pro" for root in roots}
    changed = True
    while changed:  # a Pro shares its parent's side, a Con takes the other
        changed = False
        for node, parent, stance in placed:
            if node not in side and parent in side:
                side[node] = side[parent] if stance == "Pro" else ("con" if side[parent] == "pro" else "pro")
                changed = True
    for key, draft in drafts.items():
        draft.side = side.get(key, "pro")
        cited = list(dict.fromkeys(_MARKER.findall(draft.text)))
        for n in cited:
            if n in footnotes:
                draft.notes.append(f"[{n}] {_clean(footnotes[n].text)}")
            else:
                builder.warn(draft.place, f"claim {_label(key)} cites footnote [{n}], which the file does not give")
    cited_all = {n for d in drafts.values() for n in _MARKER.findall(d.text)}
    asked_notes = []
    if question is not None:
        for n in dict.fromkeys(_MARKER.findall(question.text)):
            cited_all.add(n)
            if n in footnotes:
                asked_notes.append(f"[{n}] {_clean(footnotes[n].text)}")
    for n, entry in footnotes.items():
        if n not in cited_all:
            builder.warn(entry.line, f"footnote [{n}] is cited by no claim; it is left out")

    asked = " ".join(_clean(question.text).split()) if question is not None and question.text.strip() else title
    info = MapInfo(id=map_id_for(where), title=title, question=asked,
                   summary="\n".join([f"Imported from the Kialo discussion export {where.path.name} by argmap."] + asked_notes))
    return ImportResult(builder.build(info, sides=SIDES), builder.warnings)


def _label(key: str) -> str:
    return "the thesis" if key == "thesis" else f"{key}."
