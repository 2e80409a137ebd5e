"""Briefing notes: what the briefing holds (model, Markdown, HTML, DOCX) and `argmap brief`."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.brief import build_briefing
from argmap.brief.build import prepared_date, recommendations_around
from argmap.brief.model import Briefing
from argmap.evaluate import evaluate
from argmap.loader import load_map
from argmap.problems import UsageError
from conftest import run_cli as run

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "briefing" / "map.yaml"
BUNDLED = ROOT / "arguments" / "canada-russia"

RECS = {"rec-tram": "stands", "rec-fares": "contested", "rec-buses": "defeated"}
OBJECTIONS = ["obj-cost", "obj-lowbridge", "obj-fares-cost", "obj-traffic"]
UNANSWERED = ["obj-lowbridge", "obj-traffic"]


@pytest.fixture(scope="module")
def fixture_map():
    result = load_map(FIXTURE)
    assert result.ok, [str(p) for p in result.errors]
    return result.map


@pytest.fixture(scope="module")
def briefing(fixture_map) -> Briefing:
    return build_briefing(fixture_map, prepared="2021-06-01")




# -- the briefing as data ------------------------------------------------------------------------

def test_every_recommendation_with_its_status(briefing):
    assert {r.node.id: r.status for r in briefing.recommendations} == RECS
    assert [r.node.label for r in briefing.recommendations] == [
        "Build a tram line", "Free tram travel for under-18s", "Expand the bus routes instead"]
    tram = briefing.recommendations[0]
    assert tram.node.by == ("Ada Lovelace-Smith", "Ben Okafor")
    assert tram.node.text == "The council should build a tram line from the station to the hospital."


def test_reasons_form_a_tree(briefing):
    tram = briefing.recommendations[0]
    assert [r.node.id for r in tram.reasons] == ["claim-emissions", "claim-growth"]
    assert [c.node.id for c in tram.reasons[0].children] == ["ev-study"]
    assert tram.reasons[1].node.status == "out"  # undercut by an unanswered objection


def test_objections_grouped_by_pattern_in_map_order(briefing):
    tram, fares, buses = briefing.recommendations
    assert [(g.id, g.label, [o.node.id for o in g.objections]) for g in tram.groups] == [
        ("too-costly", "Too costly", ["obj-cost"]), ("precedent", "It failed elsewhere", ["obj-lowbridge"])]
    assert [g.label for g in buses.groups] == ["Other objections"]  # no pattern
    cost, lowbridge = tram.objections
    assert cost.answered and [r.id for r in cost.replies] == ["reb-cost"] and cost.on_recommendation
    assert not lowbridge.answered and lowbridge.target.id == "claim-growth" and lowbridge.kind == "undercut"
    assert lowbridge.verb == "questions the reasoning behind"
    ids = [o.node.id for r in briefing.recommendations for o in r.objections]
    assert ids == OBJECTIONS
    assert [o.node.id for r in briefing.recommendations for o in r.unanswered] == UNANSWERED


def test_balanced_questions_for_both_sides(briefing):
    assert briefing.balanced and briefing.stance_label == "Balanced"
    groups = {g.side.id: g for g in briefing.questions}
    assert list(groups) == ["trams", "buses"]
    trams = {q.node.id: ([t.id for t in q.targets], [a.id for a in q.answers]) for q in groups["trams"].questions}
    assert trams == {
        "obj-cost": (["rec-tram"], ["reb-cost"]),
        "obj-lowbridge": (["claim-growth"], []),
        "obj-fares-cost": (["rec-fares", "reb-fares"], ["reb-fares"]),
    }
    assert [q.node.id for q in groups["trams"].gaps] == ["obj-lowbridge"]
    # The other side's replies are questions for the buses side in turn.
    assert [q.node.id for q in groups["buses"].questions] == ["obj-traffic", "reb-cost", "reb-fares"]


def test_a_sides_stance_prepares_that_side_only(fixture_map):
    b = build_briefing(fixture_map, stance="buses", prepared="2021-06-01")
    assert not b.balanced and b.stance_label == "Bus first"
    (group,) = b.questions
    assert group.side.id == "buses"
    gaps = [q.node.id for q in group.gaps]
    assert gaps == ["obj-traffic", "reb-cost"]
    answered = [q for q in group.questions if not q.gap]
    assert [(q.node.id, [a.id for a in q.answers]) for q in answered] == [("reb-fares", ["obj-fares-cost"])]


def test_unknown_stance_lists_the_sides(fixture_map):
    with pytest.raises(UsageError) as caught:
        build_briefing(fixture_map, stance="bus")
    assert "balanced, trams, buses" in caught.value.message
    assert caught.value.hint == "did you mean `buses`?"


@pytest.mark.parametrize("focus, recs", [
    ("rec-fares", ["rec-fares"]),
    ("obj-lowbridge", ["rec-tram"]),  # objection → reason → recommendation
    ("reb-fares", ["rec-fares"]),
    ("ev-study", ["rec-tram"]),
])
def test_focus_keeps_the_recommendations_a_node_bears_on(fixture_map, focus, recs):
    assert recommendations_around(fixture_map, focus) == recs
    b = build_briefing(fixture_map, focus=focus, prepared="2021-06-01")
    assert [r.node.id for r in b.recommendations] == recs
    assert b.focus.id == focus


def test_focus_stops_at_the_first_recommendation(fixture_map):
    """A recommendation backing a larger one: focusing on it (or its reasons) leaves the larger out."""
    from argmap.core import ArgumentMap

    doc = fixture_map.to_document()
    for node in doc.nodes:
        if node.id == "rec-fares":
            node.supports = ["rec-tram"]
    m = ArgumentMap.from_document(doc)
    assert recommendations_around(m, "rec-fares") == ["rec-fares"]
    assert recommendations_around(m, "claim-access") == ["rec-fares"]
    assert recommendations_around(m, "obj-fares-cost") == ["rec-fares"]
    assert recommendations_around(m, "rec-tram") == ["rec-tram"]


def test_focus_narrows_sources_actors_and_questions(fixture_map):
    b = build_briefing(fixture_map, focus="rec-buses", prepared="2021-06-01")
    assert [s.id for s in b.sources] == ["radio"]
    assert {a.id for a in b.actors} == {"ratepayers", "diaz"}
    assert [q.node.id for g in b.questions for q in g.questions] == ["obj-traffic"]


def test_unknown_focus_suggests(fixture_map):
    with pytest.raises(UsageError) as caught:
        build_briefing(fixture_map, focus="rec-tam")
    assert caught.value.message == "no node `rec-tam` in the map"
    assert caught.value.hint == "did you mean `rec-tram`?"


def test_citations_in_one_style(briefing):
    quotes = {g.node.id: g.quotes for g in briefing.quoted}
    (tram,) = quotes["rec-tram"]
    assert tram.citation.text == ("Ada Lovelace-Smith and Ben Okafor, “Trams for Riverton”, Riverton Transport Review, "
                                  "4 March 2021 (sources/tram-case.txt, line 4)")
    (radio,) = quotes["obj-cost"]
    assert radio.citation.text == "[Interview on the tram plan], Riverton Radio, 2021 (sources/radio-interview.txt, line 5)"
    (letter,) = quotes["reb-fares"]
    assert letter.citation.text == "Carla Díaz, “A letter on fares”, May 2021 (sources/fares-letter.txt, line 8)"
    sources = {s.id: s for s in briefing.sources}
    assert sources["tram-case"].citation.url == "https://example.org/trams"
    assert sources["tram-case"].quotes == 5


def test_citation_parts():
    from argmap.brief.model import Citation

    undated = Citation("s", (), "[A supplied title]", "The Outlet", "n.d.", file="seeds/s.txt")
    assert undated.text == "[A supplied title], The Outlet, n.d. (seeds/s.txt)" and undated.stop == ""
    three = Citation("s", ("A", "B", "C"), "Title", None, "2020", file="f.txt", line=3)
    assert three.text == "A, B and C, “Title”, 2020 (f.txt, line 3)" and three.stop == "."


def test_every_quote_of_the_briefing_is_given_once(fixture_map, briefing):
    shown = [(g.node.id, q.text) for g in briefing.quoted for q in g.quotes]
    expected = {(n.id, " ".join(q.text.split())) for n in fixture_map.nodes.values() for q in n.quotes}
    assert len(shown) == len(set(shown)) and set(shown) == expected
    # The key quotes are those not given with the questions: the recommendations and their reasons here.
    asked = {n.id for g in briefing.questions for q in g.questions for n in (q.node, *q.answers)}
    assert [g.node.id for g in briefing.quotes] == [n for n in (
        "rec-tram", "claim-emissions", "ev-study", "claim-growth", "rec-fares", "claim-access", "rec-buses",
        "claim-buses-cheap")]
    assert not asked & {g.node.id for g in briefing.quotes}


def test_key_actors_ranked_by_positions(briefing):
    actors = [(a.name, a.positions) for a in briefing.actors]
    assert actors[0] == ("Carla Díaz", 4)
    okafor = next(a for a in briefing.actors if a.id == "okafor")
    assert okafor.affiliations == ("Riverton University", "Transit Lab")
    assert okafor.author_of == ("“Trams for Riverton”",)


def test_prepared_date_sources():
    assert prepared_date("2020-11-05") == dt.date(2020, 11, 5)
    assert prepared_date(None, {"SOURCE_DATE_EPOCH": "1604534400"}) == dt.date(2020, 11, 5)
    assert prepared_date(None, {}) == dt.date.today()
    with pytest.raises(UsageError):
        prepared_date("5/11/2020")
    with pytest.raises(UsageError):
        prepared_date(None, {"SOURCE_DATE_EPOCH": "soon"})


def test_the_briefing_builds_without_located_quotes(fixture_map):
    """A map made in code has no quote positions: citations then name the file only."""
    from argmap.core import ArgumentMap

    bare = ArgumentMap.from_document(fixture_map.to_document())
    b = build_briefing(bare, evaluate(bare), prepared="2021-06-01")
    q = b.quotes[0].quotes[0]
    assert q.citation.line is None and q.citation.text.endswith("(sources/tram-case.txt)")


# -- Markdown ------------------------------------------------------------------------------------

def _md_tokens(text: str):
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").parse(text)


def _md_headings(tokens) -> list[tuple[str, str]]:
    out = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            out.append((tok.tag, tokens[i + 1].content))
    return out


@pytest.fixture(scope="module")
def markdown(briefing) -> str:
    from argmap.brief.to_markdown import LinkedFigure, render_markdown

    return render_markdown(briefing, [LinkedFigure("Build a tram line", "brief-diagrams/01-rec-tram.svg")],
                           LinkedFigure("Key to the diagrams", "brief-diagrams/key.svg"))


def _md_plain(text: str) -> str:
    """The text a reader sees: the Markdown rendered, tags dropped, entities decoded."""
    from html.parser import HTMLParser

    from markdown_it import MarkdownIt

    chunks: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data):
            chunks.append(data)

    Text().feed(MarkdownIt("commonmark").render(text))
    return " ".join("".join(chunks).split())


def test_markdown_structure(markdown):
    headings = _md_headings(_md_tokens(markdown))
    h2 = [t for tag, t in headings if tag == "h2"]
    assert h2 == ["Bottom line", "Background", "Recommendations", "Anticipated questions", "Key quotes", "Argument diagram"]
    assert headings[0] == ("h1", "Trams for Riverton?")
    h3 = [t for tag, t in headings if tag == "h3"]
    assert "1. Build a tram line — Stands" in h3
    assert "3. Expand the bus routes instead — Defeated" in h3
    h4 = [t for tag, t in headings if tag == "h4"]
    assert "Q2. Lowbridge's shops did not grow — unanswered" in h4
    assert "Questions for Tram advocates" in h3 and "Questions for Bus first" in h3
    h5 = [t for tag, t in headings if tag == "h5"]
    assert h5 == ["Too costly", "It failed elsewhere", "Too costly", "Other objections"]


def test_markdown_content(markdown, briefing):
    plain = _md_plain(markdown)
    for r in briefing.recommendations:
        assert f"{r.status_label}: {r.node.label}" in plain  # the bottom line
    for o in (o for r in briefing.recommendations for o in r.objections):
        assert f"{o.node.label} — {o.node.text}" in plain
    assert plain.count("Unanswered.") == len(UNANSWERED)  # flagged in the recommendations
    for g in briefing.quoted:
        for q in g.quotes:
            assert f"{q.text} — {q.citation.text}" in plain
    assert "Prepared 1 June 2021" in plain


def test_markdown_unanswered_objection_flagged_in_its_own_item(markdown):
    """The flag sits in the list item of the objection it belongs to."""
    tokens = _md_tokens(markdown)
    items, depth, current = [], 0, []
    for tok in tokens:
        if tok.type == "list_item_open":
            depth += 1
            if depth == 1:
                current = []
        if tok.type == "inline" and depth:
            current.append(tok.content)
        if tok.type == "list_item_close":
            depth -= 1
            if depth == 0:
                items.append(" ".join(current))
    flagged = [i for i in items if "**Unanswered.**" in i]
    assert len(flagged) == 2
    assert flagged[0].startswith("**Lowbridge\\'s shops did not grow**") or flagged[0].startswith("**Lowbridge's shops")
    assert flagged[1].startswith("**Buses are stuck in traffic**")


def test_markdown_links_the_diagram_files(markdown):
    tokens = _md_tokens(markdown)
    images = [c for t in tokens if t.type == "inline" for c in t.children if c.type == "image"]
    assert [i.attrs["src"] for i in images] == ["brief-diagrams/key.svg", "brief-diagrams/01-rec-tram.svg"]
    links = [c.attrs["href"] for t in tokens if t.type == "inline" for c in t.children if c.type == "link_open"]
    assert links == ["https://example.org/trams", "brief-diagrams/key.svg", "brief-diagrams/01-rec-tram.svg"]


# -- HTML ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def html_doc(briefing):
    import lxml.html

    from argmap.brief.to_html import render_html

    text = render_html(briefing)
    return text, lxml.html.document_fromstring(text)


def _text(el) -> str:
    return " ".join(el.text_content().split())


def test_html_landmarks_and_headings(html_doc):
    _, doc = html_doc
    assert doc.xpath("/html/@lang") == ["en"]
    assert len(doc.xpath("//header")) == 1 and len(doc.xpath("//main")) == 1 and len(doc.xpath("//nav")) == 1
    assert [_text(h) for h in doc.xpath("//h1")] == ["Trams for Riverton?"]
    assert [_text(h) for h in doc.xpath("//main/section/h2")] == [
        "Bottom line", "Background", "Recommendations", "Anticipated questions", "Key quotes", "Argument diagrams"]
    for section in doc.xpath("//main/section"):
        assert doc.get_element_by_id(section.get("aria-labelledby")).tag == "h2"
    # The only <style> is ours; nothing is fetched: no script, link, img, iframe, external URL.
    assert len(doc.xpath("//style")) == 1
    assert not doc.xpath("//script | //link | //img | //iframe | //object | //embed")
    assert doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0].startswith("default-src 'none'")


def test_html_bottom_line_table(html_doc):
    _, doc = html_doc
    rows = doc.xpath("//section[@id='bottom-line']//tbody/tr")
    assert [(_text(r[0]), _text(r[1])) for r in rows] == [
        ("Stands", "Build a tram line"), ("Contested", "Free tram travel for under-18s"), ("Defeated", "Expand the bus routes instead")]
    assert rows[0][3].text == "2" and _text(rows[0][3].xpath("strong[@class='unanswered']")[0]) == "1 unanswered"
    assert not rows[1][3].xpath("strong")


def test_html_every_objection_and_flag(html_doc, briefing):
    _, doc = html_doc
    items = doc.xpath("//li[contains(concat(' ', @class, ' '), ' objection ')]")
    assert [_text(i.xpath("p/strong[@class='label']")[0]) for i in items] == [
        o.node.label for r in briefing.recommendations for o in r.objections]
    flagged = [_text(i.xpath("p/strong[@class='label']")[0]) for i in items if i.xpath(".//strong[@class='unanswered']")]
    assert flagged == ["Lowbridge's shops did not grow", "Buses are stuck in traffic"]
    questions = doc.xpath("//article[contains(@class, 'question')]")
    gaps = [q for q in questions if "is-unanswered" in q.get("class")]
    assert len(questions) == 6 and len(gaps) == 3


def test_html_every_quote_with_its_citation(html_doc, briefing):
    _, doc = html_doc

    def shown(xpath):
        return [(_text(f.xpath("blockquote")[0]), _text(f.xpath("figcaption")[0])) for f in doc.xpath(xpath)]

    def cited(groups):
        return [(q.text, f"{q.citation.work} ({q.citation.location})") for g in groups for q in g.quotes]

    assert shown("//section[@id='quotes']//figure[@class='quote']") == cited(briefing.quotes)
    assert set(shown("//figure[@class='quote']")) == set(cited(briefing.quoted))


def test_html_links_only_to_itself_and_the_source_url(html_doc):
    _, doc = html_doc
    hrefs = doc.xpath("//a/@href")
    external = [h for h in hrefs if not h.startswith("#")]
    assert external == ["https://example.org/trams"]
    ids = set(doc.xpath("//@id"))
    assert all(h[1:] in ids for h in hrefs if h.startswith("#"))


# -- DOCX ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def docx_doc(briefing):
    import docx

    from argmap.brief.to_docx import render_docx

    return docx.Document(io.BytesIO(render_docx(briefing)))


def test_docx_uses_word_styles(docx_doc, briefing):
    paragraphs = docx_doc.paragraphs
    by_style = {}
    for p in paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Title"] == ["Trams for Riverton?"]
    assert by_style["Heading 1"] == ["Bottom line", "Background", "Recommendations", "Anticipated questions",
                                     "Key quotes", "Argument diagrams"]
    assert "1. Build a tram line — STANDS" in by_style["Heading 2"]
    assert by_style["Heading 4"] == ["Too costly", "It failed elsewhere", "Too costly", "Other objections"]
    assert "List Bullet" in by_style and "List Bullet 2" in by_style
    props = docx_doc.core_properties
    assert props.title == "Trams for Riverton?" and props.subject == "Should Riverton build a tram line?"
    assert props.created == dt.datetime(2021, 6, 1, tzinfo=dt.timezone.utc)


def test_docx_bottom_line_is_a_table(docx_doc):
    (table,) = docx_doc.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Status", "Recommendation", "Proposed by", "Objections"]
    assert [r[:2] for r in rows[1:]] == [["STANDS", "Build a tram line"], ["CONTESTED", "Free tram travel for under-18s"],
                                        ["DEFEATED", "Expand the bus routes instead"]]


def test_docx_objections_flags_and_quotes(docx_doc, briefing):
    from argmap.brief.to_docx import STYLE_CITATION, STYLE_UNANSWERED

    paragraphs = docx_doc.paragraphs
    texts = [p.text for p in paragraphs]
    for o in (o for r in briefing.recommendations for o in r.objections):
        assert f"{o.node.label} — {o.node.text}" in " ".join(texts)
    flags = [p for p in paragraphs if any(r.style.name == STYLE_UNANSWERED for r in p.runs)]
    assert sum(p.text == "Unanswered" for p in flags) == len(UNANSWERED)
    quotes = [(p.text, paragraphs[i + 1]) for i, p in enumerate(paragraphs) if p.style.name == "Quote"]
    assert all(cite.style.name == STYLE_CITATION for _, cite in quotes)
    shown = [(text, cite.text) for text, cite in quotes]
    expected = [(q.text, f"— {q.citation.work} ({q.citation.location})") for g in briefing.quoted for q in g.quotes]
    assert set(shown) == set(expected)
    key = [(q.text, f"— {q.citation.work} ({q.citation.location})") for g in briefing.quotes for q in g.quotes]
    assert shown[-len(key):] == key


# -- the command ---------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["md", "html", "docx"])
def test_brief_command_writes_each_format(capsys, tmp_path, suffix):
    out = tmp_path / f"brief.{suffix}"
    code, _, err = run(capsys, "brief", str(FIXTURE), "-o", str(out), "--date", "2021-06-01", "--no-diagram")
    assert code == 0, err
    assert out.stat().st_size > 1000
    assert "wrote" in err and "3 recommendations, 2 unanswered objections" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary files, no diagram folder


def test_brief_output_is_reproducible(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1622505600")  # 1 June 2021
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert run(capsys, "brief", str(FIXTURE), "-o", str(first), "--no-diagram")[0] == 0
    assert run(capsys, "brief", str(FIXTURE), "-o", str(second), "--no-diagram")[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert "1 June 2021" in first.read_text()


@pytest.mark.parametrize("args, message", [
    (["--stance", "nobody"], "--stance takes one of: balanced, trams, buses"),
    (["--focus", "rec-tam"], "did you mean `rec-tram`?"),
    (["--date", "yesterday"], "is not a date"),
    (["--format", "pdf"], "Invalid value for '--format'"),
])
def test_brief_usage_errors_exit_two(capsys, tmp_path, args, message):
    code, _, err = run(capsys, "brief", str(FIXTURE), "-o", str(tmp_path / "b.md"), *args)
    assert code == 2 and message in err
    assert not list(tmp_path.iterdir())


def test_brief_format_from_file_name(capsys, tmp_path):
    code, _, err = run(capsys, "brief", str(FIXTURE), "-o", str(tmp_path / "b.txt"))
    assert code == 2 and "name the file .md, .html or .docx" in err
    assert run(capsys, "brief", str(FIXTURE), "-o", str(tmp_path / "b.txt"), "--format", "md", "--no-diagram")[0] == 0
    assert (tmp_path / "b.txt").read_text().startswith("# Trams for Riverton")


def test_brief_missing_folder_and_invalid_map(capsys, tmp_path):
    code, _, err = run(capsys, "brief", str(FIXTURE), "-o", str(tmp_path / "no" / "b.md"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "brief", str(ROOT / "tests" / "corpus" / "quote-not-found.yaml"), "-o", str(tmp_path / "b.md"))
    assert code == 1 and "AM410" in err


def test_brief_without_graphviz_still_writes_with_a_note(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("ARGMAP_DOT", str(tmp_path / "no-dot-here"))
    for suffix in ("md", "html", "docx"):
        out = tmp_path / f"b.{suffix}"
        code, _, err = run(capsys, "brief", str(FIXTURE), "-o", str(out), "--date", "2021-06-01")
        assert code == 0 and out.exists()
        assert "warning: no diagrams" in err and "apt-get install graphviz" in err
    assert "*The argument diagrams could not be drawn:" in (tmp_path / "b.md").read_text()
    html = (tmp_path / "b.html").read_text()
    assert "The argument diagrams could not be drawn:" in html and "<svg" not in html
    assert not (tmp_path / "b-diagrams").exists()


@pytest.mark.exe("dot")
def test_brief_diagrams_per_format(capsys, tmp_path):
    import docx
    import lxml.html

    md = tmp_path / "note.md"
    stale = tmp_path / "note-diagrams" / "07-old.svg"
    stale.parent.mkdir()
    stale.write_text("<svg/>")
    keep = tmp_path / "note-diagrams" / "mine.txt"
    keep.write_text("not ours")
    assert run(capsys, "brief", str(FIXTURE), "-o", str(md), "--date", "2021-06-01")[0] == 0
    files = sorted(p.name for p in (tmp_path / "note-diagrams").iterdir())
    assert files == ["01-rec-tram.svg", "02-rec-fares.svg", "03-rec-buses.svg", "key.svg", "mine.txt"]
    svg = (tmp_path / "note-diagrams" / "01-rec-tram.svg").read_text()
    assert svg.startswith("<?xml") and 'id="diagram-1-rec-tram"' in svg and "Build a tram line" in svg
    assert "[![Figure 1: Build a tram line](note-diagrams/01-rec-tram.svg)](note-diagrams/01-rec-tram.svg)" in md.read_text()

    html = tmp_path / "note.html"
    assert run(capsys, "brief", str(FIXTURE), "-o", str(html), "--date", "2021-06-01")[0] == 0
    doc = lxml.html.document_fromstring(html.read_text())
    figures = doc.xpath("//figure[contains(@class, 'diagram')]")
    assert len(figures) == 4  # the key and one per recommendation
    assert doc.xpath("//figure//svg//g[@id='diagram-1-obj-lowbridge']")
    assert len(doc.xpath("//*[@id='rec-rec-tram']")) == 1  # diagram ids cannot clash with the page's
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))  # nor with each other's

    focused = tmp_path / "focus.docx"
    assert run(capsys, "brief", str(FIXTURE), "-o", str(focused), "--focus", "obj-lowbridge", "--date", "2021-06-01")[0] == 0
    document = docx.Document(str(focused))
    assert len(document.inline_shapes) == 2  # the key and the diagram around the focus
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ["Key to the diagrams", "Figure 1. Around “Lowbridge's shops did not grow”"]


def test_brief_lives_outside_the_lean_cli():
    code = (
        "import sys\n"
        "import argmap.brief, argmap.brief.command\n"
        "from argmap.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('HEAVY', sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'jinja2', 'docx', 'markupsafe')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr
    assert "brief" in proc.stdout


def test_bundled_map_smoke(capsys, tmp_path):
    """The bundled map is being curated: whatever it holds, each format is written."""
    result = load_map(BUNDLED)
    assert result.ok
    for suffix in ("md", "html", "docx"):
        out = tmp_path / f"canada-russia.{suffix}"
        code, _, err = run(capsys, "brief", str(BUNDLED), "-o", str(out), "--date", "2020-11-05", "--no-diagram")
        assert code == 0, err
    assert result.map.info.title in (tmp_path / "canada-russia.html").read_text().replace("&#39;", "'")
    for side in result.map.sides:
        code, _, err = run(capsys, "brief", str(BUNDLED), "-o", str(tmp_path / "side.md"), "--stance", side, "--no-diagram")
        assert code == 0, err
