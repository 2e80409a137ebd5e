"""The briefing as a Word document, built with python-docx on Word's own styles.

Headings are real `Heading 1`-`Heading 4` paragraphs, lists `List Bullet`/`List Number`,
quotes `Quote`, captions `Caption`; the few styles Word lacks are added by name (`Citation`,
`Briefing Meta`, character style `Unanswered`), so a department's template can restyle every
one of them. Text is set run by run as plain text: there is no markup to inject, and `clean`
has removed what XML cannot hold. Styles are looked up once (python-docx finds a style by
name by walking them all, which made the full briefing take seconds), and the footer numbers
the pages with a PAGE field.
"""

from __future__ import annotations

import datetime as _dt
import io
import struct

from .diagram import PNG_DPI, PNG_FIT, Diagrams, Figure
from .escape import clean, safe_chars
from .model import STATUS_MEANINGS, Briefing, NodeItem, Placed, QuoteItem, Reason

__all__ = ["render_docx", "STYLE_CITATION", "STYLE_META", "STYLE_UNANSWERED"]

STYLE_CITATION = "Citation"
STYLE_META = "Briefing Meta"
STYLE_UNANSWERED = "Unanswered"

INK = (0x1B, 0x1B, 0x1B)
MUTED = (0x4F, 0x5A, 0x65)
STATUS_COLOURS = {
    "stands": (0x1B, 0x6E, 0x3A), "in": (0x1B, 0x6E, 0x3A),
    "contested": (0x8A, 0x5A, 0x00), "undecided": (0x8A, 0x5A, 0x00),
    "defeated": (0xA1, 0x26, 0x22), "out": (0xA1, 0x26, 0x22), "countered": (0xA1, 0x26, 0x22),
}
MAX_PICTURE_HEIGHT_IN = PNG_FIT[1]


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


class _Writer:
    def __init__(self, briefing: Briefing) -> None:
        from docx import Document
        from docx.shared import Mm

        self.b = briefing
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as the HTML prints
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(18)
        self.width_in = (section.page_width - section.left_margin - section.right_margin) / 914400
        self._style_cache: dict[str, str] = {}
        self._body = self.doc._body
        self._styles()

    # -- styles --------------------------------------------------------------------------
    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt, RGBColor

        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10)
        normal.paragraph_format.space_after = Pt(4)
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
    def style(self, name: str) -> str:
        """A style's id, looked up by name once: python-docx resolves a style set by name or
        object by walking every style of the document, each time."""
        found = self._style_cache.get(name)
        if found is None:
            found = self._style_cache[name] = self.doc.styles[name].style_id
        return found

    def para(self, text: str = "", style: str | None = None):
        p = self._body.add_paragraph()
        if style:
            p._p.style = self.style(style)
        if text:
            p.add_run(safe_chars(text))
        return p

    @staticmethod
    def run(p, text: str, *, bold: bool = False, italic: bool = False, colour=None, style: str | None = None):
        """A run of plain text, its properties written in schema order (rStyle, b, i, color):
        python-docx's setters search for each property's place and took most of the time."""
        from docx.oxml.ns import qn
        from docx.oxml.parser import OxmlElement
        from docx.text.run import Run

        r = p._p._add_r()
        if style is not None or bold or italic or colour is not None:
            rpr = OxmlElement("w:rPr")
            if style is not None:
                rpr.append(OxmlElement("w:rStyle", {qn("w:val"): style}))
            if bold:
                rpr.append(OxmlElement("w:b"))
            if italic:
                rpr.append(OxmlElement("w:i"))
            if colour is not None:
                rpr.append(OxmlElement("w:color", {qn("w:val"): "%02X%02X%02X" % tuple(colour)}))
            r.append(rpr)
        text = " ".join(safe_chars(text).replace("\t", " ").splitlines())
        if text:
            t = OxmlElement("w:t")
            t.text = text
            if text != text.strip():
                t.set(qn("xml:space"), "preserve")
            r.append(t)
        return Run(r, p)

    def heading(self, text: str, level: int, *, page_break: bool = False):
        h = self.para(text, "Title" if level == 0 else f"Heading {level}")
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

    def placed(self, p, x: Placed, *, number: bool = True) -> None:
        """A node where it is mentioned: its number, its label, its text once, later a reference back."""
        if number and x.ref and x.first:
            self.run(p, x.ref + " ", bold=True, colour=MUTED)
        self.run(p, x.node.label, bold=True)
        if not number and not x.first and x.ref:
            self.run(p, f" ({x.ref})", colour=MUTED)
        if x.text:
            self.run(p, " — " + x.node.text)
            if x.node.by:
                self.run(p, f" ({x.node.by_text})", colour=MUTED)
        elif number and not x.first and x.ref:
            self.run(p, f" (see {x.ref})", colour=MUTED)

    def mention(self, p, x: Placed) -> None:
        self.run(p, f"\u201c{x.node.label}\u201d" + (f" ({x.ref})" if x.ref else ""))

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
            self.placed(p, r.item)
            if r.node.type != "claim":
                self.run(p, f" {r.node.type_label}.", italic=True, colour=MUTED)
            if r.node.status != "in":
                self.run(p, " ")
                self.status(p, r.node.status, r.node.status_label)
            self.reasons(r.children, depth + 1)

    def picture(self, figure: Figure, max_width_in: float | None = None, caption: str | None = None,
                max_height_in: float = MAX_PICTURE_HEIGHT_IN):
        from docx.shared import Inches

        width_px, height_px = _png_size(figure.png)
        width_in, height_in = width_px / PNG_DPI, height_px / PNG_DPI
        scale = min(1.0, (max_width_in or self.width_in) / width_in, max_height_in / height_in)
        p = self.para()
        p.add_run().add_picture(io.BytesIO(figure.png), width=Inches(width_in * scale))
        p.paragraph_format.keep_with_next = True
        return self.para(caption or figure.caption, "Caption")

    def footer(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        p = self.doc.sections[0].footer.paragraphs[0]
        p._p.style = self.style("Footer")
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
        self.purpose()
        self.bottom_line(diagrams)
        self.background()
        self.considerations()
        self.questions()
        self.sources()
        if b.full:
            self.annex_recommendations()
            self.annex_quotes()
            self.annex_actors()
            self.annex_diagrams(diagrams)
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
        self.heading(clean(b.title), 0)
        rows = [("Prepared", b.prepared),
                ("Stance", "Balanced: both sides" if b.balanced else f"Prepared for {b.stance_side.label}")]
        if b.focus:
            rows.append(("Focus", f"{b.focus.label} ({b.focus.type_label})"))
        for label, value in rows:
            p = self.para(style=STYLE_META)
            self.run(p, label + ": ", bold=True, colour=MUTED)
            self.run(p, value)

    def purpose(self) -> None:
        b = self.b
        self.heading("Purpose", 1)
        p = self.para()
        self.run(p, "To answer: ")
        self.run(p, b.question, bold=True)
        self.run(p, " Both sides\u2019 cases are weighed as the sources make them." if b.balanced else
                 f" Prepared for {b.stance_side.label}: where its case holds, and what the other side will raise.")

    def bottom_line(self, diagrams: Diagrams) -> None:
        from docx.shared import RGBColor

        b = self.b
        self.heading("Bottom line", 1)
        for s in b.note.bottom_line:
            p = self.para(style="List Bullet")
            self.run(p, s.lead, bold=True)
            if s.text:
                self.run(p, " " + s.text)
        if not b.note.bottom_line:
            self.para("No recommendations in the map.")
        if diagrams.overview is not None and diagrams.overview.png:
            caption = self.picture(diagrams.overview, caption="Figure 1. " + diagrams.overview.caption, max_height_in=4.6)
            for side in b.sides:  # the key: which colour is which side
                r = caption.add_run("  \u25a0 ")
                if side.colour:
                    r.font.color.rgb = RGBColor.from_string(side.colour[1:].upper())
                caption.add_run(safe_chars(side.label))
        elif diagrams.note:
            self.para(diagrams.note).runs[0].italic = True

    def background(self) -> None:
        self.heading("Background", 1)
        self.para(" ".join(self.b.note.background))

    def considerations(self) -> None:
        b = self.b
        self.heading("Considerations", 1)
        for pt in b.note.points:
            h = self.heading(f"{pt.number}. {pt.item.node.label} \u2014 ", 2)
            self.status(h, pt.verdict, pt.verdict_label)
            p = self.para(pt.item.node.text)
            by = (pt.item.node.by_text + ", " if pt.item.node.by else "") + pt.item.node.side.label
            self.run(p, f" ({by})", colour=MUTED)
            p = self.para()
            self.run(p, "Why: ", bold=True)
            self.run(p, pt.reason[:1].upper() + pt.reason[1:] + ".")
            if not pt.objections:
                self.run(p, " No objections in the map.", italic=True)
            if pt.hinges:
                self.run(p, " Stands or falls on ", bold=True)
                for i, c in enumerate(pt.hinges):
                    if i:
                        self.run(p, " and " if i == len(pt.hinges) - 1 else ", ")
                    self.mention(p, c)
                self.run(p, ".")
            for s in pt.support:
                p = self.para()
                self.run(p, "For: ", bold=True, colour=STATUS_COLOURS["stands"])
                self.placed(p, s)
            for g, o in pt.new_objections:
                p = self.para(style="List Bullet")
                self.run(p, g.label + ": ", italic=True, colour=MUTED)
                self.placed(p, o.item)
                if o.hits:
                    hits = ", ".join(f"\u201c{h.label}\u201d" for h in o.hits)
                    through = f", through \u201c{o.inherited_from.label}\u201d" if o.inherited_from else ""
                    self.run(p, f" (on {hits}{through})", colour=MUTED)
                self.run(p, " \u2014 ")
                if o.answers:
                    self.run(p, o.status_text + " by ", colour=STATUS_COLOURS["stands"])
                    for i, a in enumerate(o.answers):
                        if i:
                            self.run(p, "; ")
                        self.placed(p, a)
                else:
                    self.run(p, o.status_text, style=self.style(STYLE_UNANSWERED))
                self.run(p, ".")
            if pt.earlier_objections:
                p = self.para()
                self.run(p, ("Also" if pt.new_objections else "Objections") + ", as above: ", italic=True, colour=MUTED)
                for i, o in enumerate(pt.earlier_objections):
                    if i:
                        self.run(p, "; ")
                    self.mention(p, o.item)
                    self.run(p, " " + o.status_text)
                self.run(p, ".")
            if pt.parts or pt.left_out:
                text = (pt.parts_text + " " if pt.parts else "")
                if pt.left_out:
                    where = "in Annex A" if b.full else "in the full briefing (--detail full)"
                    text += f"{pt.left_out} more objection{'' if pt.left_out == 1 else 's'} {where}."
                self.run(self.para(), text.strip(), colour=MUTED)

    def questions(self) -> None:
        self.heading("Anticipated questions", 1)
        for q in self.b.note.questions:
            p = self.para()
            p.paragraph_format.keep_with_next = True
            self.run(p, f"Q{q.number}. ", bold=True)
            self.placed(p, q.item, number=False)
            on = ", ".join(t.ref or f"\u201c{t.node.label}\u201d" for t in q.against)
            self.run(p, f" \u2014 to {q.asked_of.label}, on {on}", colour=MUTED)
            p = self.para(style="List Continue")
            if q.answers:
                self.run(p, "Suggested answer: ", bold=True, colour=STATUS_COLOURS["stands"])
            elif q.fallback:
                self.run(p, "No reply in the map; point to: ", bold=True, colour=STATUS_COLOURS["stands"])
            else:
                self.run(p, "No reply in the map: prepare one.", style=self.style(STYLE_UNANSWERED))
            for i, a in enumerate(q.answers or q.fallback):
                if i:
                    self.run(p, " ")
                self.placed(p, a, number=False)
        if not self.b.note.questions:
            self.para("No open objections for this stance in the map.").runs[0].italic = True

    def sources(self) -> None:
        self.heading("Sources", 1)
        for s in self.b.sources:
            p = self.para(style="List Number")
            self.run(p, s.citation.work + s.citation.stop)
            if s.citation.url:
                self.run(p, " " + s.citation.url, colour=(0x1F, 0x4E, 0x8C))
        if not self.b.sources:
            self.para("No sources in the map.")

    # -- the annexes ---------------------------------------------------------------------
    def annex_recommendations(self) -> None:
        self.heading("Annex A. The recommendations in full", 1, page_break=True)
        self.para("Every recommendation of the map with its whole argument. Each point is given once; "
                  "later mentions refer back to it.")
        legend = self.para(style=STYLE_CITATION)
        legend.paragraph_format.left_indent = 0
        for i, (value, label, meaning) in enumerate(STATUS_MEANINGS):
            if i:
                legend.add_run().add_break()
            self.status(legend, value, label)
            self.run(legend, " " + meaning)
        for r in self.b.recommendations:
            self.recommendation(r)

    def recommendation(self, r) -> None:
        h = self.heading(f"{r.ref}. {r.node.label} \u2014 ", 2)
        self.status(h, r.status, r.status_label)
        if r.item.text:
            p = self.para(r.node.text)
            by = (r.node.by_text + ", " if r.node.by else "") + r.node.side.label
            self.run(p, f" ({by})", colour=MUTED)
        elif not r.item.first:
            self.run(self.para(), f"See {r.item.ref}.", colour=MUTED)
        p = self.para()
        self.run(p, "Why: ", bold=True)
        self.run(p, r.reason[:1].upper() + r.reason[1:] + ".")
        self.heading("Arguments for", 3)
        if r.reasons:
            self.reasons(r.reasons)
        else:
            self.para("None in the map.").runs[0].italic = True
        self.heading("Objections", 3)
        for g in r.groups:
            self.heading(g.label, 4)
            for o in g.objections:
                p = self.para(style="List Bullet")
                self.placed(p, o.item)
                if o.on_recommendation:
                    where = "the recommendation" + (" and " + ", ".join(f"\u201c{h.label}\u201d" for h in o.reasons_hit)
                                                    if o.reasons_hit else "")
                else:
                    where = ", ".join(f"\u201c{h.label}\u201d" for h in o.hits)
                if o.inherited_from:
                    where += f", through \u201c{o.inherited_from.label}\u201d"
                p = self.para(style="List Continue")
                self.run(p, f"{o.verb.capitalize()} {where}. Objection ", italic=True, colour=MUTED)
                self.run(p, o.node.status_label.lower(), italic=True, bold=True, colour=MUTED)
                self.run(p, ".", italic=True, colour=MUTED)
                for reply in o.replies:
                    p = self.para(style="List Bullet 2")
                    self.run(p, "Reply: ", bold=True, colour=STATUS_COLOURS["stands"])
                    self.placed(p, reply)
                    if reply.node.status != "in":
                        self.run(p, " ")
                        self.status(p, reply.node.status, reply.node.status_label)
                if not o.replies:
                    self.run(self.para(style="List Continue"), "Unanswered", style=self.style(STYLE_UNANSWERED))
        if not r.groups:
            self.para("No objections in the map.").runs[0].italic = True

    def annex_quotes(self) -> None:
        self.heading("Annex B. Key quotes", 1, page_break=True)
        for g in self.b.quotes:
            p = self.para()
            p.paragraph_format.keep_with_next = True
            self.run(p, g.node.label, bold=True)
            self.run(p, f" \u00b7 {g.node.type_label} \u00b7 {g.node.side.label}", colour=MUTED)
            for q in g.quotes:
                self.quote(q)
        if not self.b.quotes:
            self.para("No quotes in the map.")

    def annex_actors(self) -> None:
        self.heading("Annex C. Key actors", 1, page_break=True)
        for a in self.b.actors:
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
        if not self.b.actors:
            self.para("No actors are named.")

    def annex_diagrams(self, diagrams: Diagrams) -> None:
        figures = [f for f in diagrams.figures if f.png]
        self.heading("Annex D. Argument diagrams", 1, page_break=True)
        if diagrams.note:
            self.para(diagrams.note).runs[0].italic = True
        if diagrams.key is not None and diagrams.key.png:
            self.picture(diagrams.key, max_width_in=3.2)
        for i, figure in enumerate(figures, 2):
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


def render_docx(briefing: Briefing, diagrams: Diagrams | None = None) -> bytes:
    """The .docx file's bytes."""
    return _Writer(briefing).write(diagrams or Diagrams())
