"""The briefing as a Word document, built with python-docx on Word's own styles.

Headings are real `Heading 1`-`Heading 4` paragraphs, lists `List Bullet`/`List Number`,
quotes `Quote`, captions `Caption`, the bottom line a table; the few styles Word lacks are
added by name (`Citation`, `Briefing Meta`, character style `Unanswered`), so a department's
template can restyle every one of them. Text is set run by run as plain text: there is no
markup to inject, and `clean` has removed what XML cannot hold.
"""

from __future__ import annotations

import datetime as _dt
import io
import struct

from .diagram import PNG_DPI, PNG_FIT, Diagrams, Figure
from .escape import clean, safe_chars
from .model import STATUS_MEANINGS, Briefing, NodeItem, QuoteItem, Reason

__all__ = ["render_docx", "STYLE_CITATION", "STYLE_META", "STYLE_UNANSWERED"]

STYLE_CITATION = "Citation"
STYLE_META = "Briefing Meta"
STYLE_UNANSWERED = "Unanswered"

INK = (0x1B, 0x1B, 0x1B)
MUTED = (0x4F, 0x5A, 0x65)
STATUS_COLOURS = {
    "stands": (0x1B, 0x6E, 0x3A), "in": (0x1B, 0x6E, 0x3A),
    "contested": (0x8A, 0x5A, 0x00), "undecided": (0x8A, 0x5A, 0x00),
    "defeated": (0xA1, 0x26, 0x22), "out": (0xA1, 0x26, 0x22),
}
MAX_PICTURE_HEIGHT_IN = PNG_FIT[1]


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


class _Writer:
    def __init__(self, briefing: Briefing) -> None:
        from docx import Document
        from docx.shared import Inches

        self.b = briefing
        self.doc = Document()
        section = self.doc.sections[0]
        section.left_margin = section.right_margin = Inches(1)
        section.top_margin = section.bottom_margin = Inches(0.9)
        self.width_in = (section.page_width - section.left_margin - section.right_margin) / 914400
        self._styles()

    # -- styles --------------------------------------------------------------------------
    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt, RGBColor

        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Title", 22), ("Heading 1", 15), ("Heading 2", 13), ("Heading 3", 11.5), ("Heading 4", 10.5)):
            style = styles[name]
            style.font.name = "Arial"
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor(0x26, 0x37, 0x4A)
        quote = styles["Quote"]
        quote.font.name = "Georgia"
        quote.paragraph_format.left_indent = Pt(18)
        quote.paragraph_format.right_indent = Pt(18)
        quote.paragraph_format.space_after = Pt(2)
        for style in styles:
            if style.type == WD_STYLE_TYPE.PARAGRAPH and (style.name.startswith("Heading") or style.name in ("Title", "Quote")):
                _drop_theme_fonts(style)
        citation = styles.add_style(STYLE_CITATION, WD_STYLE_TYPE.PARAGRAPH)
        citation.base_style = normal
        citation.font.size = Pt(8.5)
        citation.font.color.rgb = RGBColor(*MUTED)
        citation.paragraph_format.left_indent = Pt(18)
        citation.paragraph_format.space_after = Pt(10)
        meta = styles.add_style(STYLE_META, WD_STYLE_TYPE.PARAGRAPH)
        meta.base_style = normal
        meta.font.size = Pt(10)
        meta.paragraph_format.space_after = Pt(2)
        unanswered = styles.add_style(STYLE_UNANSWERED, WD_STYLE_TYPE.CHARACTER)
        unanswered.font.bold = True
        unanswered.font.all_caps = True
        unanswered.font.color.rgb = RGBColor(*STATUS_COLOURS["defeated"])

    # -- pieces --------------------------------------------------------------------------
    def para(self, text: str = "", style: str | None = None):
        p = self.doc.add_paragraph(style=style)
        if text:
            p.add_run(safe_chars(text))
        return p

    @staticmethod
    def run(p, text: str, *, bold: bool = False, italic: bool = False, colour=None, style: str | None = None):
        from docx.shared import RGBColor

        r = p.add_run(safe_chars(text), style=style)
        r.bold = bold or None
        r.italic = italic or None
        if colour is not None:
            r.font.color.rgb = RGBColor(*colour)
        return r

    def heading(self, text: str, level: int, *, page_break: bool = False):
        h = self.doc.add_heading(level=level)
        h.add_run(safe_chars(text))
        if page_break:
            h.paragraph_format.page_break_before = True
        h.paragraph_format.keep_with_next = True
        return h

    def status(self, p, value: str, label: str):
        return self.run(p, label.upper(), bold=True, colour=STATUS_COLOURS.get(value))

    def node_line(self, p, n: NodeItem) -> None:
        self.run(p, n.label, bold=True)
        self.run(p, " — " + n.text)
        if n.by:
            self.run(p, f" ({n.by_text})", colour=MUTED)

    def quote(self, q: QuoteItem) -> None:
        p = self.para(q.text, "Quote")  # as the map quotes it: no quotation marks added
        p.paragraph_format.keep_with_next = True
        cite = q.citation.work + (f" ({q.citation.location})" if q.citation.location else "")
        if q.note:
            cite += f" {q.note}"
        self.para("\u2014 " + cite, STYLE_CITATION)

    def reasons(self, items: tuple[Reason, ...], depth: int = 1) -> None:
        style = "List Bullet" if depth == 1 else f"List Bullet {min(depth, 3)}"
        for r in items:
            p = self.para(style=style)
            self.node_line(p, r.node)
            if r.node.type != "claim":
                self.run(p, f" {r.node.type_label}.", italic=True, colour=MUTED)
            if r.node.status != "in":
                self.run(p, " ")
                self.status(p, r.node.status, r.node.status_label)
            self.reasons(r.children, depth + 1)

    def picture(self, figure: Figure, max_width_in: float | None = None, caption: str | None = None) -> None:
        from docx.shared import Inches

        width_px, height_px = _png_size(figure.png)
        width_in, height_in = width_px / PNG_DPI, height_px / PNG_DPI
        scale = min(1.0, (max_width_in or self.width_in) / width_in, MAX_PICTURE_HEIGHT_IN / height_in)
        self.doc.add_picture(io.BytesIO(figure.png), width=Inches(width_in * scale))
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        self.para(caption or figure.caption, "Caption")

    def footer(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        p = self.doc.sections[0].footer.paragraphs[0]
        p.style = self.doc.styles["Footer"]
        self.run(p, f"Briefing note: {self.b.title} \u2014 prepared {self.b.prepared} \u2014 page ", colour=MUTED)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        field.append(r)
        p._p.append(field)

    # -- sections ------------------------------------------------------------------------
    def write(self, diagrams: Diagrams) -> bytes:
        b = self.b
        self.meta()
        self.bottom_line()
        self.background()
        self.heading("Recommendations", 1, page_break=True)
        for i, r in enumerate(b.recommendations, 1):
            self.recommendation(i, r)
        self.questions()
        self.heading("Key quotes", 1, page_break=True)
        if b.questions:
            self.para("Verbatim, with their sources. The quotes of the questions and answers are given with them above.")
        for g in b.quotes:
            p = self.para()
            p.paragraph_format.keep_with_next = True
            self.run(p, g.node.label, bold=True)
            self.run(p, f" \u00b7 {g.node.type_label} \u00b7 {g.node.side.label}", colour=MUTED)
            for q in g.quotes:
                self.quote(q)
        if not b.quotes:
            self.para("No quotes in the map.")
        self.diagrams(diagrams)
        self.para("Prepared with argmap from the map \u201c" + b.map_id + "\u201d. Every text is taken from the map; "
                  "quotes are verbatim and checked against their sources.", STYLE_CITATION).paragraph_format.left_indent = 0
        self.footer()
        self.properties()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def meta(self) -> None:
        b = self.b
        kind = self.para("BRIEFING NOTE", STYLE_META)
        kind.runs[0].bold = True
        self.doc.add_heading(clean(b.title), level=0)
        rows = [("Question", b.question), ("Prepared", b.prepared),
                ("Stance", "Balanced: both sides" if b.balanced else f"Prepared for {b.stance_side.label}")]
        if b.focus:
            rows.append(("Focus", f"{b.focus.label} ({b.focus.type_label})"))
        for label, value in rows:
            p = self.para(style=STYLE_META)
            self.run(p, label + ": ", bold=True, colour=MUTED)
            self.run(p, value)

    def bottom_line(self) -> None:
        from docx.shared import Inches, Pt

        b = self.b
        self.heading("Bottom line", 1)
        if not b.recommendations:
            self.para("No recommendations in the map.")
            return
        table = self.doc.add_table(rows=1, cols=4)
        table.style = self.doc.styles["Light List Accent 1"]
        for cell, text in zip(table.rows[0].cells, ("Status", "Recommendation", "Proposed by", "Objections")):
            cell.text = text
        _repeat_header(table.rows[0])
        for r in b.recommendations:
            cells = table.add_row().cells
            self.status(cells[0].paragraphs[0], r.status, r.status_label)
            self.run(cells[1].paragraphs[0], r.node.label, bold=True)
            self.run(cells[2].paragraphs[0], (r.node.by_text + " " if r.node.by else "") + f"({r.node.side.label})")
            p = cells[3].paragraphs[0]
            self.run(p, str(len(r.objections)))
            if r.unanswered:
                self.run(p, ", ")
                self.run(p, f"{len(r.unanswered)} unanswered", style=STYLE_UNANSWERED)
        widths = [Inches(w) for w in (1.05, 2.55, 1.85, 1.05)]
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width
                for p in cell.paragraphs:
                    p.paragraph_format.space_after = Pt(2)
        legend = self.para(style=STYLE_CITATION)
        legend.paragraph_format.left_indent = 0
        legend.paragraph_format.space_before = Pt(6)
        for i, (value, label, meaning) in enumerate(STATUS_MEANINGS):
            if i:
                legend.add_run().add_break()
            self.status(legend, value, label)
            self.run(legend, " " + meaning)

    def background(self) -> None:
        b = self.b
        self.heading("Background", 1)
        if b.summary:
            self.para(b.summary)
        self.heading("Sources", 2)
        for s in b.sources:
            p = self.para(style="List Number")
            self.run(p, s.citation.work + s.citation.stop)
            if s.citation.url:
                self.run(p, " " + s.citation.url, colour=(0x1F, 0x4E, 0x8C))
            self.run(p, f" Text: {s.citation.file}; {s.quotes} quote{'' if s.quotes == 1 else 's'}.", colour=MUTED)
        if not b.sources:
            self.para("No sources are quoted.")
        self.heading("Key actors", 2)
        for a in b.actors:
            p = self.para(style="List Bullet")
            self.run(p, a.name, bold=True)
            if a.role:
                self.run(p, " \u2014 " + a.role)
            if a.affiliations:
                self.run(p, " (" + "; ".join(a.affiliations) + ")")
            self.run(p, ".")
            if a.positions:
                sides = ", ".join(s.label for s in a.sides)
                self.run(p, f" {a.positions} position{'' if a.positions == 1 else 's'}: {sides}.", colour=MUTED)
            if a.author_of:
                self.run(p, " Author of " + ", ".join(a.author_of) + ".", colour=MUTED)
        if not b.actors:
            self.para("No actors are named.")

    def recommendation(self, number: int, r) -> None:
        h = self.heading(f"{number}. {r.node.label} \u2014 ", 2)
        self.status(h, r.status, r.status_label)
        p = self.para()
        self.run(p, "Proposes: ", bold=True)
        self.run(p, r.node.text)
        p = self.para()
        self.run(p, "Proposed by: ", bold=True)
        self.run(p, r.node.by_text if r.node.by else "not named in the map", italic=not r.node.by)
        self.run(p, f" ({r.node.side.label})", colour=MUTED)
        self.heading("Arguments for", 3)
        if r.reasons:
            self.reasons(r.reasons)
        else:
            self.para("None in the map.").runs[0].italic = True
        self.heading("Objections", 3)
        for g in r.groups:
            self.heading(g.label, 4)
            if g.description:
                self.run(self.para(), g.description, italic=True, colour=MUTED)
            for o in g.objections:
                p = self.para(style="List Bullet")
                self.node_line(p, o.node)
                where = "the recommendation" if o.on_recommendation else f"the reason \u201c{o.target.label}\u201d"
                p = self.para(style="List Continue")
                self.run(p, f"{o.verb.capitalize()} {where}. Objection ", italic=True, colour=MUTED)
                self.run(p, o.node.status_label.lower(), italic=True, bold=True, colour=MUTED)
                self.run(p, ".", italic=True, colour=MUTED)
                for reply in o.replies:
                    p = self.para(style="List Bullet 2")
                    self.run(p, "Reply: ", bold=True, colour=STATUS_COLOURS["stands"])
                    self.node_line(p, reply)
                    if reply.status != "in":
                        self.run(p, " ")
                        self.status(p, reply.status, reply.status_label)
                if not o.replies:
                    self.run(self.para(style="List Continue"), "Unanswered", style=STYLE_UNANSWERED)
        if not r.groups:
            self.para("No objections in the map.").runs[0].italic = True

    def questions(self) -> None:
        b = self.b
        self.heading("Anticipated questions", 1, page_break=True)
        if b.balanced:
            self.para("Both sides: the points each side will meet, and the replies the map gives it.")
        else:
            self.para(f"Prepared for {b.stance_side.label}: the points the other side will raise, and this side\u2019s replies.")
        for g in b.questions:
            self.heading(f"Questions for {g.side.label}", 2)
            if g.gaps:
                p = self.para()
                self.run(p, f"{len(g.gaps)} of {len(g.questions)}", style=STYLE_UNANSWERED)
                self.run(p, " without an answer in the map: prepare for these.", bold=True)
            for i, q in enumerate(g.questions, 1):
                h = self.heading(f"Q{i}. {q.node.label}", 3)
                if q.gap:
                    self.run(h, " \u2014 ")
                    self.run(h, "Unanswered", style=STYLE_UNANSWERED)
                targets = ", ".join(f"\u201c{t.label}\u201d" for t in q.targets)
                raised = q.node.type_label + (f" raised by {q.node.by_text}" if q.node.by else "")
                self.run(self.para(), f"{raised} ({q.node.side.label}), against {targets}.", italic=True, colour=MUTED)
                self.para(q.node.text)
                for qq in q.node.quotes:
                    self.quote(qq)
                for a in q.answers:
                    p = self.para()
                    self.run(p, "Suggested answer: ", bold=True, colour=STATUS_COLOURS["stands"])
                    self.node_line(p, a)
                    for qq in a.quotes:
                        self.quote(qq)
                if q.gap:
                    p = self.para()
                    self.run(p, "Unanswered:", style=STYLE_UNANSWERED)
                    self.run(p, " no reply in the map. Prepare one.")
            if not g.questions:
                self.para("No objections to this side\u2019s positions are recorded in the map.").runs[0].italic = True
        if not b.questions:
            self.para("No questions: the map records no objections across sides.").runs[0].italic = True

    def diagrams(self, diagrams: Diagrams) -> None:
        figures = [f for f in diagrams.figures if f.png]
        self.heading("Argument diagram" if len(figures) == 1 else "Argument diagrams", 1, page_break=True)
        if diagrams.note:
            self.para(diagrams.note).runs[0].italic = True
        if diagrams.key is not None and diagrams.key.png:
            self.picture(diagrams.key, max_width_in=3.2)
        for i, figure in enumerate(figures, 1):
            self.picture(figure, caption=f"Figure {i}. {figure.caption}")

    def properties(self) -> None:
        b = self.b
        props = self.doc.core_properties
        props.title = clean(b.title)[:255]
        props.subject = clean(b.question)[:255]
        props.author = "argmap"
        props.last_modified_by = "argmap"
        props.keywords = "briefing note"
        props.category = "Briefing note"
        props.comments = f"Prepared with argmap from the map {b.map_id}; stance: {b.stance_label}."[:255]
        when = _dt.datetime.combine(_dt.date.fromisoformat(b.prepared_iso), _dt.time(0, 0), _dt.timezone.utc)
        props.created = when
        props.modified = when
        props.revision = 1


def _drop_theme_fonts(style) -> None:
    """Let a style's own font name apply: theme fonts (Calibri Light in the default template)
    would otherwise win over it."""
    from docx.oxml.ns import qn

    rpr = style.element.rPr
    fonts = rpr.rFonts if rpr is not None else None
    if fonts is None:
        return
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attribute)) is not None:
            del fonts.attrib[qn(attribute)]


def _repeat_header(row) -> None:
    """Mark a table row as a header repeated on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def render_docx(briefing: Briefing, diagrams: Diagrams | None = None) -> bytes:
    """The .docx file's bytes."""
    return _Writer(briefing).write(diagrams or Diagrams())
