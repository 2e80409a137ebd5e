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

@pytest.fixture(scope="module")
def full(fixture_map) -> Briefing:
    return build_briefing(fixture_map, prepared="2021-06-01", detail="full")


@pytest.fixture(scope="module")
def bundled():
    result = load_map(BUNDLED)
    assert result.ok
    return result.map, evaluate(result.map)


def test_the_note_weighs_each_recommendation_with_its_verdict(briefing):
    points = briefing.note.points
    assert {p.item.node.id: p.verdict for p in points} == RECS
    assert [p.item.node.label for p in points] == [
        "Build a tram line", "Free tram travel for under-18s", "Expand the bus routes instead"]
    tram, fares, buses = points
    assert tram.item.node.by == ("Ada Lovelace-Smith", "Ben Okafor")
    assert tram.item.node.text == "The council should build a tram line from the station to the hospital."
    # The evaluation's reason, with labels for ids; what it stands or falls on.
    assert buses.reason == "defeated: the unanswered objection “Buses are stuck in traffic” defeats it"
    assert "`" not in tram.reason + fares.reason
    assert [c.node.id for c in buses.critical] == ["obj-traffic"] and buses.critical[0].ref == "3.2"
    assert [s.node.id for s in tram.support] == ["claim-emissions"] and tram.support[0].text


def test_objections_by_pattern_strongest_first_with_what_they_hit(briefing):
    tram = briefing.note.points[0]
    assert [(g.label, [o.item.node.id for o in g.objections]) for g in tram.patterns] == [
        ("It failed elsewhere", ["obj-lowbridge"]), ("Too costly", ["obj-cost"])]
    lowbridge, cost = (g.objections[0] for g in tram.patterns)
    assert lowbridge.status == "unanswered" and [h.id for h in lowbridge.hits] == ["claim-growth"]
    assert not lowbridge.on_recommendation and not lowbridge.answers
    assert cost.status == "answered" and cost.on_recommendation and [a.node.id for a in cost.answers] == ["reb-cost"]
    assert [g.label for g in briefing.note.points[2].patterns] == ["Other objections"]  # no pattern


def test_bottom_line_answers_in_sentences(briefing):
    lines = briefing.note.bottom_line
    assert 3 <= len(lines) <= 6
    text = " ".join(f"{s.lead} {s.text}" for s in lines)
    for label in ("Build a tram line", "Free tram travel for under-18s", "Expand the bus routes instead"):
        assert f"“{label}”" in text
    assert lines[0].lead == "1 of 3 recommendations hold."
    assert "by “Buses are stuck in traffic”" in text  # what defeats it
    assert "What they stand or fall on:" in [s.lead for s in lines]
    # Background in three to five sentences: the summary, what each side wants (the summary is short), the sources.
    assert briefing.note.background == (
        "The council weighs a tram line against more buses.", "What each side wants: Tram advocates, build the tram line.",
        "The map is curated from 3 documents, dated 2021, listed under Sources; every quote in it is checked against its source.")


def test_each_node_numbered_once_and_referred_back(bundled):
    m, ev = bundled
    b = build_briefing(m, ev, prepared="2020-11-05")
    placed = [x for p in b.note.points for x in (p.item, *p.support)]
    placed += [x for p in b.note.points for g in p.patterns for o in g.objections for x in (o.item, *o.answers)]
    placed += [x for q in b.note.questions for x in (q.item, *q.answers, *q.fallback)]
    firsts = [x.node.id for x in placed if x.first]
    texts = [x.node.id for x in placed if x.text]
    assert len(firsts) == len(set(firsts)) and len(texts) == len(set(texts))
    refs = {x.node.id: x.ref for x in placed if x.first}
    assert all(x.ref == refs[x.node.id] for x in placed if not x.first and x.node.id in refs)


def test_an_objection_met_again_refers_back(fixture_map):
    """Two recommendations resting on one reason meet the same objection: the second refers back."""
    from argmap.core import ArgumentMap

    doc = fixture_map.to_document().model_copy(deep=True)  # the fixture's own nodes stay as they are
    for node in doc.nodes:
        if node.id == "claim-growth":
            node.supports = ["rec-tram", "rec-fares"]
    m = ArgumentMap.from_document(doc)
    tram, fares, _ = build_briefing(m, prepared="2021-06-01").note.points
    first = next(o for _, o in tram.new_objections if o.item.node.id == "obj-lowbridge")
    again = next(o for o in fares.earlier_objections if o.item.node.id == "obj-lowbridge")
    assert first.item.first and not again.item.first and again.item.ref == first.item.ref == "1.2"
    assert "obj-lowbridge" not in {o.item.node.id for _, o in fares.new_objections}


def test_the_note_covers_the_top_level_recommendations(bundled):
    from argmap.model import NodeType

    m, ev = bundled
    b = build_briefing(m, ev, prepared="2020-11-05")
    top = [n.id for n in m.of_type(NodeType.RECOMMENDATION) if not n.part_of]
    assert [p.item.node.id for p in b.note.points] == top
    assert all(p.verdict == ev.recommendations[p.item.node.id].verdict.value for p in b.note.points)
    whole = next(p for p in b.note.points if p.item.node.id == "ab-new-pragmatic-approach")
    assert len(whole.parts) == len(m.parts("ab-new-pragmatic-approach")) and whole.parts_text.startswith("Its ")
    assert 3 <= len(b.note.background) <= 5
    assert b.recommendations == () and b.quotes == ()  # the annexes only with detail="full"


def test_questions_are_the_strongest_open_points_for_the_stance(bundled):
    m, ev = bundled
    b = build_briefing(m, ev, prepared="2020-11-05")
    questions = b.note.questions
    assert 1 <= len(questions) <= 8 and [q.number for q in questions] == list(range(1, len(questions) + 1))
    assert all(ev.labels[q.item.node.id].value != "out" for q in questions)
    assert len({m.nodes[q.item.node.id].pattern for q in questions}) >= min(len(questions), 5)  # spread over patterns
    for side in m.sides:
        asked = build_briefing(m, ev, stance=side, prepared="2020-11-05").note.questions
        assert asked and all(q.asked_of.id == side and m.nodes[q.item.node.id].side != side for q in asked)


def test_fixture_questions_and_suggested_answers(briefing):
    questions = {q.item.node.id: q for q in briefing.note.questions}
    assert questions["obj-fares-cost"].asked_of.id == "trams"
    assert [a.node.id for a in questions["obj-fares-cost"].answers] == ["reb-fares"]
    traffic = questions["obj-traffic"]
    assert traffic.gap and [a.node.id for a in traffic.fallback] == ["claim-buses-cheap"]  # point to its standing reason
    assert traffic.item.ref == "3.2" and not traffic.item.first and traffic.item.text  # numbered above, its text here


def test_a_sides_stance_prepares_that_side_only(fixture_map):
    b = build_briefing(fixture_map, stance="buses", prepared="2021-06-01")
    assert not b.balanced and b.stance_label == "Bus first"
    assert {q.asked_of.id for q in b.note.questions} == {"buses"}
    assert [q.item.node.id for q in b.note.questions if q.gap] == ["obj-traffic", "reb-cost"]


def test_unknown_stance_lists_the_sides(fixture_map):
    with pytest.raises(UsageError) as caught:
        build_briefing(fixture_map, stance="bus")
    assert "balanced, trams, buses" in caught.value.message
    assert caught.value.hint == "did you mean `buses`?"


def test_unknown_detail(fixture_map):
    with pytest.raises(UsageError) as caught:
        build_briefing(fixture_map, detail="all")
    assert "--detail takes one of: brief, full" in caught.value.message


@pytest.mark.parametrize("focus, recs", [
    ("rec-fares", ["rec-fares"]),
    ("obj-lowbridge", ["rec-tram"]),  # objection → reason → recommendation
    ("reb-fares", ["rec-fares"]),
    ("ev-study", ["rec-tram"]),
])
def test_focus_keeps_the_recommendations_a_node_bears_on(fixture_map, focus, recs):
    assert recommendations_around(fixture_map, focus) == recs
    b = build_briefing(fixture_map, focus=focus, prepared="2021-06-01")
    assert [p.item.node.id for p in b.note.points] == recs
    assert b.focus.id == focus
    assert [r.node.id for r in build_briefing(fixture_map, focus=focus, detail="full").recommendations] == recs


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
    b = build_briefing(fixture_map, focus="rec-buses", prepared="2021-06-01", detail="full")
    assert [s.id for s in b.sources] == ["radio"]
    assert {a.id for a in b.actors} == {"ratepayers", "diaz"}
    assert [q.item.node.id for q in b.note.questions] == ["obj-traffic"]


def test_unknown_focus_suggests(fixture_map):
    with pytest.raises(UsageError) as caught:
        build_briefing(fixture_map, focus="rec-tam")
    assert caught.value.message == "no node `rec-tam` in the map"
    assert caught.value.hint == "did you mean `rec-tram`?"


def test_the_annex_has_every_recommendation_and_objection_once(full):
    assert [(r.ref, r.node.id, r.status) for r in full.recommendations] == [
        ("A1", "rec-tram", "stands"), ("A2", "rec-fares", "contested"), ("A3", "rec-buses", "defeated")]
    tram = full.recommendations[0]
    assert [r.node.id for r in tram.reasons] == ["claim-emissions", "claim-growth"]
    assert [c.node.id for c in tram.reasons[0].children] == ["ev-study"]
    ids = [o.node.id for r in full.recommendations for o in r.objections]
    assert sorted(ids) == sorted(OBJECTIONS)
    # Numbered in the note already: the annex refers back to it.
    assert tram.item.ref == "1" and not tram.item.first and not tram.item.text
    cost = next(o for o in tram.objections if o.node.id == "obj-cost")
    assert cost.item.ref == "1.3" and [r.node.id for r in cost.replies] == ["reb-cost"]


def test_an_objection_to_several_reasons_is_shown_once_with_its_hits(bundled):
    m, ev = bundled
    b = build_briefing(m, ev, prepared="2020-11-05", detail="full")
    whole = next(r for r in b.recommendations if r.node.id == "ab-new-pragmatic-approach")
    ids = [o.node.id for o in whole.objections]
    assert len(ids) == len(set(ids))
    gac = next(o for o in whole.objections if o.node.id == "gm-gac-selective-engagement")
    assert {h.id for h in gac.hits} == {"ab-canada-went-further", "ab-lost-channel"}
    shown = [x for r in b.recommendations for x in (r.item, *(o.item for o in r.objections))]
    shown += [x for p in b.note.points for x in (p.item, *(o.item for g in p.patterns for o in g.objections))]
    shown += [q.item for q in b.note.questions]
    texts = [x.node.id for x in shown if x.text]
    assert len(texts) == len(set(texts))
    every = {n.id for n in m.nodes.values() if n.type.value in ("recommendation", "objection")}
    assert every <= set(texts)  # every recommendation and objection of the map, its text once


def test_citations_in_one_style(full):
    quotes = {g.node.id: g.quotes for g in full.quotes}
    (tram,) = quotes["rec-tram"]
    assert tram.citation.text == ("Ada Lovelace-Smith and Ben Okafor, “Trams for Riverton”, Riverton Transport Review, "
                                  "4 March 2021 (sources/tram-case.txt, line 4)")
    (radio,) = quotes["obj-cost"]
    assert radio.citation.text == "[Interview on the tram plan], Riverton Radio, 2021 (sources/radio-interview.txt, line 5)"
    (letter,) = quotes["reb-fares"]
    assert letter.citation.text == "Carla Díaz, “A letter on fares”, May 2021 (sources/fares-letter.txt, line 8)"
    sources = {s.id: s for s in full.sources}
    assert sources["tram-case"].citation.url == "https://example.org/trams"
    assert sources["tram-case"].quotes == 5


def test_citation_parts():
    from argmap.brief.model import Citation

    undated = Citation("s", (), "[A supplied title]", "The Outlet", "n.d.", file="seeds/s.txt")
    assert undated.text == "[A supplied title], The Outlet, n.d. (seeds/s.txt)" and undated.stop == ""
    three = Citation("s", ("A", "B", "C"), "Title", None, "2020", file="f.txt", line=3)
    assert three.text == "A, B and C, “Title”, 2020 (f.txt, line 3)" and three.stop == "."


def test_every_quote_of_the_full_briefing_is_given_once(fixture_map, full):
    shown = [(g.node.id, q.text) for g in full.quotes for q in g.quotes]
    expected = {(n.id, " ".join(q.text.split())) for n in fixture_map.nodes.values() for q in n.quotes}
    assert len(shown) == len(set(shown)) and set(shown) == expected


def test_key_actors_ranked_by_positions(full):
    actors = [(a.name, a.positions) for a in full.actors]
    assert actors[0] == ("Carla Díaz", 4)
    okafor = next(a for a in full.actors if a.id == "okafor")
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
    b = build_briefing(bare, evaluate(bare), prepared="2021-06-01", detail="full")
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

    return render_markdown(briefing, overview=LinkedFigure("The recommendations", "brief-diagrams/overview.svg"))


@pytest.fixture(scope="module")
def markdown_full(full) -> str:
    from argmap.brief.to_markdown import LinkedFigure, render_markdown

    return render_markdown(full, [LinkedFigure("Build a tram line", "brief-diagrams/01-rec-tram.svg")],
                           LinkedFigure("Key to the diagrams", "brief-diagrams/key.svg"),
                           overview=LinkedFigure("The recommendations", "brief-diagrams/overview.svg"))


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


NOTE_SECTIONS = ["Purpose", "Bottom line", "Background", "Considerations", "Anticipated questions", "Sources"]
ANNEXES = ["Annex A. The recommendations in full", "Annex B. Key quotes", "Annex C. Key actors",
           "Annex D. Argument diagrams"]


def test_markdown_structure(markdown, markdown_full):
    headings = _md_headings(_md_tokens(markdown))
    assert headings[0] == ("h1", "Trams for Riverton?")
    assert [t for tag, t in headings if tag == "h2"] == NOTE_SECTIONS
    assert [t for tag, t in headings if tag == "h3"] == [
        "1. Build a tram line — Stands", "2. Free tram travel for under-18s — Contested",
        "3. Expand the bus routes instead — Defeated"]
    full_headings = _md_headings(_md_tokens(markdown_full))
    assert [t for tag, t in full_headings if tag == "h2"] == NOTE_SECTIONS + ANNEXES
    assert "A1. Build a tram line — Stands" in [t for tag, t in full_headings if tag == "h3"]
    assert [t for tag, t in full_headings if tag == "h5"] == ["Too costly", "It failed elsewhere", "Too costly",
                                                              "Other objections"]


def test_markdown_bottom_line_is_sentences_not_a_table(markdown, briefing):
    tokens = _md_tokens(markdown)
    start = next(i for i, t in enumerate(tokens) if t.type == "inline" and t.content == "Bottom line")
    end = next(i for i, t in enumerate(tokens) if t.type == "inline" and t.content == "Background")
    kinds = {t.type for t in tokens[start:end]}
    assert "bullet_list_open" in kinds and not any(k.startswith("table") for k in kinds)
    items = [t.content for t in tokens[start:end] if t.type == "inline" and t.content.startswith("**")]
    assert len(items) == len(briefing.note.bottom_line)


def test_markdown_content(markdown, briefing):
    plain = _md_plain(markdown)
    for p in briefing.note.points:
        assert p.item.node.text in plain
        assert plain.count(p.item.node.text) == 1
    assert "1.2 Lowbridge's shops did not grow (on “Trams bring growth”) — unanswered." in plain
    assert "Q2. Buses are stuck in traffic (3.2) — " in plain
    assert "Prepared 1 June 2021" in plain


def test_markdown_escapes_only_what_would_be_syntax(bundled, tmp_path):
    from argmap.brief.to_markdown import render_markdown

    m, ev = bundled
    text = render_markdown(build_briefing(m, ev, prepared="2020-11-05"))
    assert "re-engage" in text and "n.d." in text
    assert "\\" not in text  # nothing in the bundled map's note reads as Markdown syntax


def test_markdown_links_the_diagram_files(markdown_full):
    tokens = _md_tokens(markdown_full)
    images = [c for t in tokens if t.type == "inline" for c in t.children if c.type == "image"]
    assert [i.attrs["src"] for i in images] == ["brief-diagrams/overview.svg", "brief-diagrams/key.svg",
                                               "brief-diagrams/01-rec-tram.svg"]
    links = [c.attrs["href"] for t in tokens if t.type == "inline" for c in t.children if c.type == "link_open"]
    assert links == ["brief-diagrams/overview.svg", "https://example.org/trams", "brief-diagrams/key.svg",
                     "brief-diagrams/01-rec-tram.svg"]


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
    assert [_text(h) for h in doc.xpath("//main/section/h2")] == NOTE_SECTIONS
    for section in doc.xpath("//main/section"):
        assert doc.get_element_by_id(section.get("aria-labelledby")).tag == "h2"
    # The only <style> is ours; nothing is fetched: no script, link, img, iframe, external URL.
    assert len(doc.xpath("//style")) == 1
    assert not doc.xpath("//script | //link | //img | //iframe | //object | //embed")
    assert doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0].startswith("default-src 'none'")
    assert "@page { size: A4" in doc.xpath("//style")[0].text


def test_html_each_recommendation_with_its_verdict(html_doc):
    _, doc = html_doc
    assert not doc.xpath("//section[@id='bottom-line']//table")
    assert len(doc.xpath("//section[@id='bottom-line']//li")) >= 3
    heads = [_text(h) for h in doc.xpath("//article[@class='point']/h3")]
    assert heads == ["1 Build a tram line Stands", "2 Free tram travel for under-18s Contested",
                     "3 Expand the bus routes instead Defeated"]
    flagged = [_text(li.xpath("strong[@class='label']")[0]) for li in doc.xpath("//li[contains(@class, 'is-unanswered')]")]
    assert flagged == ["Lowbridge's shops did not grow", "Buses are stuck in traffic"]


def test_html_no_node_text_twice(bundled):
    import lxml.html

    from argmap.brief.to_html import render_html

    from argmap.brief.note import top_level

    m, ev = bundled
    for stance in ("balanced", *m.sides):
        doc = lxml.html.document_fromstring(render_html(build_briefing(m, ev, stance=stance, prepared="2020-11-05")))
        page = _text(doc)
        for node in m.nodes.values():
            text = " ".join(node.text.split())
            assert page.count(text) <= 1, (stance, node.id)
        # Every top-level recommendation named with its verdict; no table in the bottom line.
        heads = [_text(h) for h in doc.xpath("//article[@class='point']/h3")]
        labels = {"stands": "Stands", "contested": "Contested", "countered": "Countered", "defeated": "Defeated"}
        assert heads == [f"{i} {' '.join(m.nodes[r].label.split())} {labels[ev.recommendations[r].verdict.value]}"
                         for i, r in enumerate(top_level(m), 1)]
        assert not doc.xpath("//section[@id='bottom-line']//table")


def test_html_full_has_every_recommendation_and_objection_once(bundled):
    import lxml.html

    from argmap.brief.to_html import render_html

    m, ev = bundled
    doc = lxml.html.document_fromstring(render_html(build_briefing(m, ev, prepared="2020-11-05", detail="full")))
    for quote in doc.xpath("//figure[@class='quote']"):  # a verbatim quote may say what a node says
        quote.drop_tree()
    page = _text(doc)
    for node in m.nodes.values():
        if node.type.value in ("recommendation", "objection"):
            assert page.count(" ".join(node.text.split())) == 1, node.id
    assert "Annex A. The recommendations in full" in page


def test_html_links_only_to_itself_and_the_source_url(html_doc, full):
    import lxml.html

    from argmap.brief.to_html import render_html

    for _, doc in (html_doc, (None, lxml.html.document_fromstring(render_html(full)))):
        hrefs = doc.xpath("//a/@href")
        external = [h for h in hrefs if not h.startswith("#")]
        assert external == ["https://example.org/trams"]
        ids = doc.xpath("//@id")
        assert len(ids) == len(set(ids))
        assert all(h[1:] in set(ids) for h in hrefs if h.startswith("#"))


# -- DOCX ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def docx_doc(briefing):
    import docx

    from argmap.brief.to_docx import render_docx

    return docx.Document(io.BytesIO(render_docx(briefing)))


def test_docx_uses_word_styles(docx_doc):
    by_style = {}
    for p in docx_doc.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Title"] == ["Trams for Riverton?"]
    assert by_style["Heading 1"] == NOTE_SECTIONS
    assert by_style["Heading 2"] == ["1. Build a tram line — STANDS", "2. Free tram travel for under-18s — CONTESTED",
                                     "3. Expand the bus routes instead — DEFEATED"]
    assert len(by_style["List Bullet"]) >= 3 and not docx_doc.tables  # the bottom line is sentences
    props = docx_doc.core_properties
    assert props.title == "Trams for Riverton?" and props.subject == "Should Riverton build a tram line?"
    assert props.created == dt.datetime(2021, 6, 1, tzinfo=dt.timezone.utc)
    footer = docx_doc.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer  # page numbers


def test_docx_full_objections_flags_and_quotes(full):
    import docx

    from argmap.brief.to_docx import STYLE_CITATION, STYLE_UNANSWERED, render_docx

    document = docx.Document(io.BytesIO(render_docx(full)))
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == NOTE_SECTIONS + ANNEXES
    flags = [p for p in paragraphs if any(r.style.name == STYLE_UNANSWERED for r in p.runs)]
    assert sum(p.text == "Unanswered" for p in flags) == len(UNANSWERED)
    quotes = [(p.text, paragraphs[i + 1]) for i, p in enumerate(paragraphs) if p.style.name == "Quote"]
    assert all(cite.style.name == STYLE_CITATION for _, cite in quotes)
    shown = [(text, cite.text) for text, cite in quotes]
    assert shown == [(q.text, f"— {q.citation.work} ({q.citation.location})") for g in full.quotes for q in g.quotes]


# -- the command ---------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["md", "html", "docx"])
def test_brief_command_writes_each_format(capsys, tmp_path, suffix):
    out = tmp_path / f"brief.{suffix}"
    code, _, err = run(capsys, "brief", str(FIXTURE), "-o", str(out), "--date", "2021-06-01", "--no-diagram")
    assert code == 0, err
    assert out.stat().st_size > 1000
    assert "wrote" in err and "3 recommendations, 3 unanswered points" in err
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
    (["--detail", "all"], "Invalid value for '--detail'"),
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
    assert sorted(p.name for p in (tmp_path / "note-diagrams").iterdir()) == ["mine.txt", "overview.svg"]
    svg = (tmp_path / "note-diagrams" / "overview.svg").read_text()
    assert svg.startswith("<?xml") and 'id="overview-rec-rec-tram"' in svg and "1. Build a tram line" in svg
    assert "Too costly (2)" in svg  # a pattern and how many objections of it reach the note's recommendations
    assert run(capsys, "brief", str(FIXTURE), "-o", str(md), "--date", "2021-06-01", "--detail", "full")[0] == 0
    files = sorted(p.name for p in (tmp_path / "note-diagrams").iterdir())
    assert files == ["01-rec-tram.svg", "02-rec-fares.svg", "03-rec-buses.svg", "key.svg", "mine.txt", "overview.svg"]
    assert "[![Figure 2: Build a tram line](note-diagrams/01-rec-tram.svg)](note-diagrams/01-rec-tram.svg)" in md.read_text()

    html = tmp_path / "note.html"
    assert run(capsys, "brief", str(FIXTURE), "-o", str(html), "--date", "2021-06-01")[0] == 0
    doc = lxml.html.document_fromstring(html.read_text())
    assert len(doc.xpath("//figure[contains(@class, 'diagram')]")) == 1  # the overview only
    assert doc.xpath("//figure[contains(@class, 'overview')]//svg//g[@id='overview-pattern-too-costly']")
    assert run(capsys, "brief", str(FIXTURE), "-o", str(html), "--date", "2021-06-01", "--detail", "full")[0] == 0
    doc = lxml.html.document_fromstring(html.read_text())
    assert len(doc.xpath("//figure[contains(@class, 'diagram')]")) == 5  # the overview, the key, one per recommendation
    assert doc.xpath("//figure//svg//g[@id='diagram-1-obj-lowbridge']")
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))  # diagram ids cannot clash with the page's nor with each other's

    focused = tmp_path / "focus.docx"
    assert run(capsys, "brief", str(FIXTURE), "-o", str(focused), "--focus", "obj-lowbridge", "--date", "2021-06-01",
               "--detail", "full")[0] == 0
    document = docx.Document(str(focused))
    assert len(document.inline_shapes) == 3  # the overview, the key and the diagram around the focus
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Figure 1. The recommendations") and "Engagement" not in captions[0]
    assert "Tram advocates" in captions[0]  # the key to the sides' colours
    assert captions[1:] == ["Key to the diagrams", "Figure 2. Around “Lowbridge's shops did not grow”"]


@pytest.mark.exe("dot")
def test_bundled_map_docx_paragraphs_and_pictures(bundled, tmp_path):
    """The Word note is short, with one picture; the full document holds every diagram (its
    build time is measured in benchmarks/run.py, not here)."""
    import docx

    from argmap.brief import write_briefing
    from argmap.brief.note import top_level

    m, ev = bundled
    note = docx.Document(str(write_briefing(m, ev, tmp_path / "note.docx", prepared="2020-11-05")))
    words = sum(len(p.text.split()) for p in note.paragraphs)
    assert 40 <= len(note.paragraphs) <= 160 and words <= 3500
    assert len(note.inline_shapes) == 1  # the overview
    headings = [p.text for p in note.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == len(top_level(m))
    full = docx.Document(str(write_briefing(m, ev, tmp_path / "full.docx", prepared="2020-11-05", detail="full")))
    recs = len(m.of_type("recommendation"))
    assert len(full.paragraphs) > 10 * len(note.paragraphs)
    assert len(full.inline_shapes) == 1 + 1 + recs  # the overview, the key, one per recommendation


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
