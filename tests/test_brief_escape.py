"""No text in a map can inject markup into a briefing: Markdown, HTML, DOCX, and the SVG diagram.

The property tests put hostile text in every text field of a small map and compare the
structure of the output with that of the same map holding plain words: every element,
attribute, link, heading and emphasis must be the same, and the hostile text must still be
there, as text.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.brief import build_briefing
from argmap.brief.escape import clean, md, md_link_target, md_strict, safe_colour, safe_url
from argmap.brief.svg import SvgError, sanitise_svg
from argmap.brief.to_docx import render_docx
from argmap.brief.to_html import render_html
from argmap.brief.to_markdown import render_markdown
from argmap.core import ArgumentMap
from argmap.evaluate import evaluate
from argmap.model import Actor, Attack, MapFile, MapInfo, Node, Pattern, Quote, Side, Source

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
    "</svg>", "</style>", "]]>", "<!--", "-->", "<![CDATA[", "&lt;", "&amp;", "&#60;", "&#x3C;b>", "&nbsp;",
    "[link](javascript:alert(1))", "![img](http://x/y.png)", "[ref]: http://evil.example", "[ref]",
    "<http://evil.example>", "<mailto:x@y.z>", "www.example.com", "*em*", "**strong**", "_u_", "__b__",
    "`code`", "```", "~~~", "~~del~~", "# ", "## h", "\n# h\n", "\n\n    indented", "\n- item", "\n1. item",
    "\n2) item", "\n> quote", "\n---\n", "\n===\n", "|a|b|", "\\", "\\\n", "  \n", "\"", "'", "{{ x }}",
    "{% if x %}", "\x00", "\x07", "\x1b[31m", "\x85", "\u2028", "\u202e", "\ufeff", "\ufffe", "javascript:",
    "data:text/html,<b>", "onload=alert(1)", "style=\"x\"", "\t", "\r\n", "$x$", "^sup^", ":emoji:", "@user",
    "1.", "+", "-", "=", "|", ">", "<", "&", "\\*", "\\[", "\u00a0",
]

hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=5,
).map("".join).filter(lambda s: clean(s) != "")

SLOTS = [
    "title", "question", "summary", "side_pro", "side_con", "side_desc", "actor_a", "actor_b", "role",
    "affiliation", "pattern", "pattern_desc", "source_title", "outlet", "rec_title", "rec_text", "claim_title",
    "claim_text", "ev_text", "obj_title", "obj_text", "reb_text", "obj2_title", "obj2_text", "quote", "quote_note",
]


def make_map(t: dict[str, str]) -> ArgumentMap:
    """A small map with every kind of text the briefing shows, each taken from `t`."""
    quote = [Quote(source="s", text=t["quote"], note=t["quote_note"])]
    doc = MapFile(
        map=MapInfo(id="m", title=t["title"], question=t["question"], summary=t["summary"]),
        sides=[Side(id="pro", label=t["side_pro"], colour="#0072b2", description=t["side_desc"]),
               Side(id="con", label=t["side_con"], colour="#d55e00")],
        actors=[Actor(id="a", name=t["actor_a"], role=t["role"], affiliation=[t["affiliation"], "x"]),
                Actor(id="b", name=t["actor_b"], kind="organisation")],
        patterns=[Pattern(id="p", label=t["pattern"], description=t["pattern_desc"])],
        sources=[Source(id="s", title=t["source_title"], authors=["a", "b"], outlet=t["outlet"], published="2020-11",
                        url="https://example.org/x", file="s.txt")],
        nodes=[
            Node(id="rec", type="recommendation", side="pro", title=t["rec_title"][:120], text=t["rec_text"], by=["a", "b"], quotes=quote),
            Node(id="claim", type="claim", side="pro", title=t["claim_title"][:120], text=t["claim_text"], by=["a"], supports=["rec"], quotes=quote),
            Node(id="ev", type="evidence", side="pro", text=t["ev_text"], supports=["claim"], quotes=quote),
            Node(id="obj", type="objection", side="con", pattern="p", title=t["obj_title"][:120], text=t["obj_text"], by=["b"],
                 attacks=["rec"], quotes=quote),
            Node(id="reb", type="rebuttal", side="pro", text=t["reb_text"], by=["a"], attacks=["obj"], quotes=quote),
            Node(id="obj2", type="objection", side="con", title=t["obj2_title"][:120], text=t["obj2_text"],
                 attacks=[Attack(target="claim", kind="undercut")], quotes=quote),
        ],
    )
    return ArgumentMap.from_document(doc)


PLAIN = {slot: f"plain {slot}" for slot in SLOTS}


def briefing_of(texts: dict[str, str], stance: str = "balanced"):
    """The full briefing (the note and the annexes): every text of the map is in it."""
    m = make_map(texts)
    return build_briefing(m, evaluate(m), stance=stance, prepared="2020-11-05", detail="full")


# -- HTML ------------------------------------------------------------------------------------------

class Shape(HTMLParser):
    """Every tag, attribute name and non-text attribute value; comments, declarations, PIs; and the text."""

    TEXT_ATTRIBUTES = {"aria-label"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: list = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.shape.append(("start", tag, tuple((k, None if k in self.TEXT_ATTRIBUTES else v) for k, v in attrs)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.shape.append(("end", tag))

    def handle_comment(self, data):
        self.shape.append(("comment", data))

    def handle_decl(self, decl):
        self.shape.append(("decl", decl))

    def handle_pi(self, data):
        self.shape.append(("pi", data))

    def unknown_decl(self, data):
        self.shape.append(("unknown", data))

    def handle_data(self, data):
        self.text.append(data)


def html_shape(text: str) -> tuple[list, str]:
    parser = Shape()
    parser.feed(text)
    parser.close()
    return parser.shape, " ".join("".join(parser.text).split())


PLAIN_HTML = html_shape(render_html(briefing_of(PLAIN)))[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({slot: hostile for slot in SLOTS}))
def test_no_map_text_can_add_html_elements_or_attributes(texts):
    shape, text = html_shape(render_html(briefing_of(texts)))
    assert shape == PLAIN_HTML
    for slot in ("rec_text", "claim_text", "obj_text", "reb_text", "quote", "summary"):
        assert clean(texts[slot]) in text


# -- Markdown --------------------------------------------------------------------------------------

def md_shape(text: str) -> list:
    """Block and inline tokens, text merged: what the Markdown *is*, whatever it says."""
    from markdown_it import MarkdownIt

    out: list = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "inline":
            previous = None
            for child in token.children:
                kind = "text" if child.type in ("text", "text_special") else child.type
                if kind == "text" and previous == "text":
                    continue
                out.append((kind, child.tag, tuple(sorted((child.attrs or {}).items())) if kind != "image" else ()))
                previous = kind
        else:
            out.append((token.type, token.tag, token.markup))
    return out


def md_text(text: str) -> str:
    from markdown_it import MarkdownIt

    parser = Shape()
    parser.feed(MarkdownIt("commonmark").render(text))
    return " ".join("".join(parser.text).split())


PLAIN_MD = md_shape(render_markdown(briefing_of(PLAIN)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({slot: hostile for slot in SLOTS}))
def test_no_map_text_can_add_markdown_structure(texts):
    rendered = render_markdown(briefing_of(texts))
    assert md_shape(rendered) == PLAIN_MD
    text = md_text(rendered)
    for slot in ("rec_text", "claim_text", "obj_text", "reb_text", "quote", "summary"):
        assert clean(texts[slot]) in text


@settings(max_examples=300, deadline=None)
@given(st.one_of(hostile, st.text()))
def test_md_escape_is_always_one_plain_paragraph(s):
    from markdown_it import MarkdownIt

    escaped = md(s)
    tokens = MarkdownIt("commonmark").parse(escaped)
    if not clean(s):
        assert tokens == []
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert {c.type for c in tokens[1].children} <= {"text", "text_special"}
    assert html.unescape(MarkdownIt("commonmark").renderInline(escaped)) == clean(s)


@settings(max_examples=300, deadline=None)
@given(st.one_of(hostile, st.text()))
def test_md_link_text_stays_one_image_in_one_link(s):
    """A diagram caption as image alt text: one link to the file, one image of it, the caption as its alt."""
    from markdown_it import MarkdownIt

    from argmap.brief.templates import _md_image_link

    tokens = MarkdownIt("commonmark").parse(str(_md_image_link("d/overview.svg", s)))
    kinds = [c.type for c in tokens[1].children]
    assert kinds == ["link_open", "image", "link_close"]
    image = tokens[1].children[1]
    assert image.attrs["src"] == "d/overview.svg" and tokens[1].children[0].attrs["href"] == "d/overview.svg"
    assert html.unescape(image.content) == clean(s) or "".join(c.content for c in image.children) == clean(s)


def test_md_escape_examples():
    assert md("[x](javascript:alert(1))") == r"[x\](javascript:alert(1))"
    assert md("a\n\n    code") == "a code"
    assert md("# *b* &lt; <i>") == r"\# \*b\* \&lt; \<i>"
    assert md_strict("[x](javascript:alert(1))") == r"\[x\](javascript:alert(1))"
    assert md_strict("Re-establish (Dion) ![i]`c`") == r"Re-establish (Dion) \!\[i\]\`c\`"


@pytest.mark.parametrize("text", [
    "Canada should re-engage with Russia.", "Undated, n.d.", "A “G7+1” format (2019): 5 < 6, AT&T.",
    "snake_case and 50% - 3 = 47", "Russia's readmission to PACE in 2019!", "[A supplied title], 2020",
])
def test_md_escapes_nothing_that_reads_as_text(text):
    """Escapes only where the character would otherwise change the rendering."""
    assert md(text) == text


@pytest.mark.parametrize("text, escaped", [
    ("- a list?", r"\- a list?"), ("1. first", r"1\. first"), ("2020) year", r"2020\) year"), ("## h", r"\## h"),
    ("> quote", r"\> quote"), ("---", r"\---"), ("a _b_ c", r"a \_b\_ c"), ("see [x][y] z", r"see [x\][y] z"),
    ("[r]: http://x", r"[r\]: http://x"), ("&#60;", r"\&#60;"), ("<b>", r"\<b>"), ("x\\(y", r"x\\(y"),
])
def test_md_escapes_what_would_be_syntax(text, escaped):
    assert md(text) == escaped
    assert md_link_target("my notes/brief (v2).svg") == "my%20notes/brief%20%28v2%29.svg"


# -- DOCX ------------------------------------------------------------------------------------------

@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({slot: hostile for slot in SLOTS}))
def test_docx_takes_any_text_as_text(texts):
    import docx

    document = docx.Document(io.BytesIO(render_docx(briefing_of(texts))))
    body = "\n".join(p.text for p in document.paragraphs)
    for slot in ("rec_text", "obj_text", "quote"):
        assert clean(texts[slot]) in body
    assert document.core_properties.title == clean(texts["title"])


# -- URLs and colours ------------------------------------------------------------------------------

@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a?b=c#d", True), ("http://example.org", True), ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False), ("data:text/html,x", False), ("//evil.example", False), ("https://", False),
    ('https://x.org/"onmouseover=alert(1)', False), ("https://x.org/<script>", False), ("https://x.org/a b", False),
    ("https://x.org/\x00", False), ("vbscript:x", False), ("file:///etc/passwd", False), (None, False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok


def test_only_allowed_urls_become_links():
    texts = dict(PLAIN)
    m = make_map(texts)
    m.sources["s"] = m.sources["s"].model_copy(update={"url": 'https://x.org/"><script>alert(1)</script>'})
    b = build_briefing(m, evaluate(m), prepared="2020-11-05")
    shape, _ = html_shape(render_html(b))
    hrefs = [v for item in shape if item[0] == "start" for k, v in item[2] if k == "href"]
    assert all(h.startswith("#") for h in hrefs)
    sources = render_markdown(b).split("## Sources")[1]
    assert "1. " in sources and "](" not in sources and "<https" not in sources


def test_safe_colour():
    assert safe_colour("#00AAff") == "#00aaff"
    assert safe_colour("red; background: url(x)") is None
    assert safe_colour("#0072b2\" onclick=\"x") is None


# -- SVG -------------------------------------------------------------------------------------------

EVIL_SVG = """<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" height="10pt" onload="alert(1)">
<!-- comment --><?pi x?>
<script>alert(1)</script>
<style>text { fill: red }</style>
<defs><linearGradient id="l1"><stop offset="0" stop-color="red"/></linearGradient></defs>
<g id="bottom-line" class="node" style="fill:url(http://evil/)" onclick="alert(1)">
<title>&lt;b&gt;bold&lt;/b&gt; &amp; more</title>
<a xlink:href="javascript:alert(1)" xlink:title="tip &quot;q&quot;"><text x="1" y="2">hi &lt;script&gt;</text></a>
<a href="https://example.org/ok"><text>ok</text></a>
<a xlink:href="#bottom-line"><text>self</text></a>
<polygon fill="url(#l1)" points="0,0 1,1"/>
<path fill="url(http://evil/x)" d="M0,0"/>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
<image xlink:href="http://evil/x.png"/>
<evil:thing xmlns:evil="urn:evil">x</evil:thing>
</g>
</svg>"""


def test_svg_sanitiser_keeps_drawing_and_drops_the_rest():
    out = sanitise_svg(EVIL_SVG)
    for gone in ("<script", "<style", "style=", "onload", "onclick", "javascript", "foreignObject", "image", "evil", "<!--", "<?",
                 "DOCTYPE", "http://evil"):
        assert gone not in out, gone
    assert '<g id="diagram-bottom-line" class="node">' in out  # prefixed: no clash with the page's ids
    assert 'fill="url(#diagram-l1)"' in out
    assert 'href="#diagram-bottom-line"' in out and 'href="https://example.org/ok"' in out
    assert "<title>&lt;b&gt;bold&lt;/b&gt; &amp; more</title>" in out
    assert 'xlink:title="tip &quot;q&quot;"' in out and "hi &lt;script&gt;" in out
    parser = Shape()
    parser.feed(out)
    tags = Counter(item[1] for item in parser.shape if item[0] == "start")
    assert set(tags) <= {"svg", "defs", "lineargradient", "stop", "g", "title", "a", "text", "polygon", "path"}


def test_svg_sanitiser_refuses_what_it_cannot_read():
    for bad in ("<svg", "<html/>", '<!DOCTYPE x [<!ENTITY a "b">]><svg>&a;</svg>'):
        with pytest.raises(SvgError):
            sanitise_svg(bad)


@pytest.mark.exe("dot")
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({slot: hostile for slot in SLOTS}))
def test_graphviz_svg_of_hostile_text_stays_a_drawing(texts):
    from argmap.brief.diagram import draw_diagrams

    m = make_map(texts)
    ev = evaluate(m)
    b = build_briefing(m, ev, prepared="2020-11-05", detail="full")
    diagrams = draw_diagrams(m, ev, b, "svg")
    assert diagrams.note is None and len(diagrams.figures) == 1 and diagrams.overview.svg  # the annex's and the note's
    page = render_html(b, diagrams)
    shape, _ = html_shape(page)
    tags = Counter(item[1] for item in shape if item[0] == "start")
    assert not set(tags) & {"script", "img", "iframe", "object", "embed", "foreignobject", "image"}
    assert tags["style"] == 1  # the page's own
    for item in shape:
        if item[0] == "start":
            for key, value in item[2]:
                assert not key.startswith("on"), item
                if key in ("href", "xlink:href"):
                    assert value.startswith("#") or value == "https://example.org/x", item
    assert shape[:len(PLAIN_HTML_HEAD)] == PLAIN_HTML_HEAD


PLAIN_HTML_HEAD = PLAIN_HTML[:PLAIN_HTML.index(("start", "main", ()))]
