"""`argmap lsp`: the server driven in-process by pygls's LanguageClient over a copy of the bundled map."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from lsprotocol import types as T

from argmap.loader import load_map
from argmap.lsp.inprocess import InProcess
from argmap.lsp.server import uri_of

from conftest import ROOT

NODES = Path("arguments/canada-russia/nodes")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project holding the bundled map (map files, seeds, argmap.toml)."""
    shutil.copytree(ROOT / "arguments", tmp_path / "arguments")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copy(ROOT / "argmap.toml", tmp_path / "argmap.toml")
    return tmp_path


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 120))


def line_of(text: str, needle: str, start: int = 0) -> int:
    """0-based number of the first line at or after `start` containing `needle`."""
    for i, line in enumerate(text.splitlines()):
        if i >= start and needle in line:
            return i
    raise AssertionError(f"{needle!r} not in text")


def pos(text: str, needle: str, offset: int = 1, start: int = 0) -> T.Position:
    """The position `offset` characters into the first `needle` at or after line `start`."""
    i = line_of(text, needle, start)
    return T.Position(i, text.splitlines()[i].index(needle) + offset)


def ref_pos(text: str, ident: str) -> T.Position:
    """A position inside the first place `ident` is listed as a reference (`- id` or `key: [.., id]`)."""
    import re

    for i, line in enumerate(text.splitlines()):
        if line.strip() == f"- {ident}" or re.search(r"\w+: \[[^\]]*\b" + re.escape(ident) + r"\b", line):
            return T.Position(i, line.index(ident) + 3)
    raise AssertionError(f"{ident} is not referred to")


def doc(uri: str) -> T.TextDocumentIdentifier:
    return T.TextDocumentIdentifier(uri)


def apply(text: str, edits: list[T.TextEdit]) -> str:
    """Apply LSP text edits (ASCII-safe ranges) to a text."""
    lines = text.splitlines(True)

    def offset(p: T.Position) -> int:
        return sum(len(x) for x in lines[:p.line]) + p.character

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text


def codes(diags) -> list[tuple[str, int]]:
    return sorted((d.code, d.range.start.line) for d in diags)


# -- diagnostics ---------------------------------------------------------------------------------


def test_diagnostics_for_a_dangling_id_and_a_quote_one_word_off(project: Path):
    path = project / NODES / "action-brief.yaml"
    text = path.read_text(encoding="utf-8")
    ref_line = line_of(text, "supports: [ab-strategic-stability-meeting]")
    quote_line = line_of(text, "This might be achieved by the re-convening")
    broken = text.replace("supports: [ab-strategic-stability-meeting]", "supports: [ab-strategic-stabilty-meeting]", 1)
    broken = broken.replace("This might be achieved by the re-convening", "This might be achieved by a re-convening", 1)

    async def scenario():
        async with InProcess(project) as lsp:
            uri = lsp.open(path)
            clean = await lsp.wait_diagnostics(uri)
            assert not [d for d in clean if d.severity == T.DiagnosticSeverity.Error]
            lsp.replace(uri, broken)  # unsaved: the disk still holds the good text
            return await lsp.wait_diagnostics(uri, lambda ds: any(d.code == "AM410" for d in ds))

    diags = run(scenario())
    errors = [d for d in diags if d.severity == T.DiagnosticSeverity.Error]
    assert codes(errors) == [("AM201", ref_line), ("AM410", quote_line)]
    dangling = next(d for d in errors if d.code == "AM201")
    row = broken.splitlines()[ref_line]
    assert (dangling.range.start.character, dangling.range.end.character) == (
        row.index("ab-strategic-stabilty-meeting"), row.index("ab-strategic-stabilty-meeting") + len("ab-strategic-stabilty-meeting"))
    assert "unknown node `ab-strategic-stabilty-meeting`" in dangling.message
    assert "did you mean `ab-strategic-stability-meeting`" in dangling.related_information[0].message
    quote = next(d for d in errors if d.code == "AM410")
    assert quote.range.end.line > quote.range.start.line  # the whole folded quote, not one character
    assert "«This might be achieved by the re-convening" in quote.related_information[0].message
    assert quote.source == "argmap"


def test_a_broken_file_keeps_the_rest_of_the_map_served(project: Path):
    """A file mid-edit that does not parse reports its syntax error; references into it from the
    other files still resolve, and hover in them still answers, from its last good parse."""
    brief = project / NODES / "action-brief.yaml"
    globe = project / NODES / "globe-and-mail.yaml"
    globe_text = globe.read_text(encoding="utf-8")

    async def scenario():
        async with InProcess(project) as lsp:
            uri = lsp.open(brief)
            other = lsp.open(globe)
            before = await lsp.wait_diagnostics(other)
            await lsp.wait_diagnostics(uri)
            text = brief.read_text(encoding="utf-8")
            lsp.replace(uri, text.replace("    supports: [ab-strategic-stability-meeting]", "    supports: [ab-strategic-", 1))
            mine = await lsp.wait_diagnostics(uri, lambda ds: any(d.code == "AM010" for d in ds))
            await lsp.settle()
            after = lsp.diagnostics[other]
            hover = await lsp.client.text_document_hover_async(T.HoverParams(doc(other), pos(globe_text, "attacks: [ab-new-pragmatic-approach", 12)))
            return before, mine, after, hover

    before, mine, after, hover = run(scenario())
    assert [d.code for d in mine] == ["AM010"]
    assert codes(after) == codes(before)  # nothing in the other file turned into a dangling reference
    assert "End limited contacts for a New Pragmatic Approach" in hover.contents.value


# -- navigation ----------------------------------------------------------------------------------


def test_definition_and_references_across_files(project: Path):
    globe = project / NODES / "globe-and-mail.yaml"
    via = project / NODES / "viakhireva.yaml"
    text = globe.read_text(encoding="utf-8")
    via_text = via.read_text(encoding="utf-8")
    where = ref_pos(text, "vk-political-dialogue")
    m = load_map(project / "arguments" / "canada-russia").map
    expected = 1 + sum(n.supports.count("vk-political-dialogue") + [a.target for a in n.attack_list].count("vk-political-dialogue")
                       + n.part_of.count("vk-political-dialogue") for n in m.nodes.values())

    async def scenario():
        async with InProcess(project) as lsp:
            uri = lsp.open(globe)
            definition = await lsp.client.text_document_definition_async(T.DefinitionParams(doc(uri), where))
            refs = await lsp.client.text_document_references_async(T.ReferenceParams(
                text_document=doc(uri), position=where, context=T.ReferenceContext(include_declaration=True)))
            no_decl = await lsp.client.text_document_references_async(T.ReferenceParams(
                text_document=doc(uri), position=where, context=T.ReferenceContext(include_declaration=False)))
            nothing = await lsp.client.text_document_definition_async(T.DefinitionParams(doc(uri), T.Position(0, 3)))
            return definition, refs, no_decl, nothing

    definition, refs, no_decl, nothing = run(scenario())
    assert len(definition) == 1
    assert definition[0].uri == uri_of(via)
    assert definition[0].range.start.line == line_of(via_text, "- id: vk-political-dialogue")
    assert len(refs) == expected and len(no_decl) == expected - 1
    note_lines = {line_of(via_text, "from others (vk-political-dialogue)"), line_of(via_text, "voices for dialogue (vk-political-dialogue)")}
    assert not note_lines & {r.range.start.line for r in refs if r.uri == uri_of(via)}  # notes are not references
    assert nothing is None  # a comment line


def test_definition_of_a_source_and_an_actor(project: Path):
    globe = project / NODES / "globe-and-mail.yaml"
    sources = project / "arguments" / "canada-russia" / "sources.yaml"
    text = globe.read_text(encoding="utf-8")
    sources_text = sources.read_text(encoding="utf-8")
    m = load_map(project / "arguments" / "canada-russia").map

    async def scenario():
        async with InProcess(project) as lsp:
            uri = lsp.open(globe)
            source = await lsp.client.text_document_definition_async(T.DefinitionParams(doc(uri), pos(text, "source: globe-and-mail", 10)))
            refs = await lsp.client.text_document_references_async(T.ReferenceParams(
                text_document=doc(uri), position=pos(text, "source: globe-and-mail", 10),
                context=T.ReferenceContext(include_declaration=False)))
            actor = await lsp.client.text_document_definition_async(T.DefinitionParams(doc(uri), pos(text, "by: [kolga", 6)))
            return source, refs, actor

    source, refs, actor = run(scenario())
    assert source[0].uri == uri_of(sources) and source[0].range.start.line == line_of(sources_text, "- id: globe-and-mail")
    assert len(refs) == len(m.citing("globe-and-mail"))  # every quote of it, in every file
    origin = m.origin("actors", "kolga")
    assert actor[0].uri == uri_of(origin.file.path.resolve()) and actor[0].range.start.line == origin.line - 1


def test_rename_changes_every_reference_and_nothing_else(project: Path):
    mapdir = project / "arguments" / "canada-russia"
    globe = mapdir / "nodes" / "globe-and-mail.yaml"
    text = globe.read_text(encoding="utf-8")
    before = {p: p.read_text(encoding="utf-8") for p in sorted(mapdir.rglob("*.yaml"))}
    old = load_map(mapdir).map

    async def scenario():
        async with InProcess(project) as lsp:
            uri = lsp.open(globe)
            where = ref_pos(text, "vk-political-dialogue")
            prepared = await lsp.client.text_document_prepare_rename_async(T.PrepareRenameParams(doc(uri), where))
            edit = await lsp.client.text_document_rename_async(T.RenameParams(
                text_document=doc(uri), position=where, new_name="vk-dialogue-for-its-own-sake"))
            with pytest.raises(Exception, match="already has a node"):
                await lsp.client.text_document_rename_async(T.RenameParams(
                    text_document=doc(uri), position=where, new_name="ab-new-pragmatic-approach"))
            with pytest.raises(Exception, match="not a valid id"):
                await lsp.client.text_document_rename_async(T.RenameParams(
                    text_document=doc(uri), position=where, new_name="two words"))
            return prepared, edit

    prepared, edit = run(scenario())
    assert prepared.placeholder == "vk-political-dialogue"
    by_path = {p: before[p] for p in before}
    for uri, edits in edit.changes.items():
        path = next(p for p in before if uri_of(p) == uri)
        by_path[path] = apply(before[path], edits)
    for path, new in by_path.items():
        path.write_text(new, encoding="utf-8")
    via_new = by_path[mapdir / "nodes" / "viakhireva.yaml"]
    assert "- id: vk-dialogue-for-its-own-sake" in via_new
    assert via_new.count("(vk-political-dialogue)") == 2  # the notes still say what they said
    assert "vk-political-dialogue" not in by_path[globe]
    result = load_map(mapdir)
    assert result.ok
    assert "vk-dialogue-for-its-own-sake" in result.map.nodes and "vk-political-dialogue" not in result.map.nodes
    assert result.map.attackers("vk-dialogue-for-its-own-sake") == old.attackers("vk-political-dialogue")
    assert result.map.supporters("vk-dialogue-for-its-own-sake") == old.supporters("vk-political-dialogue")


# -- hover and completion ------------------------------------------------------------------------


def test_hover_on_a_node_a_source_and_a_quote(project: Path):
    path = project / NODES / "action-brief.yaml"
    text = path.read_text(encoding="utf-8")

    async def scenario():
        async with InProcess(project) as lsp:
            uri = lsp.open(path)
            node = await lsp.client.text_document_hover_async(T.HoverParams(doc(uri), pos(text, "supports: [ab-strategic-stability-meeting]", 15)))
            source = await lsp.client.text_document_hover_async(T.HoverParams(doc(uri), pos(text, "source: globe-and-mail", 10)))
            quote = await lsp.client.text_document_hover_async(T.HoverParams(doc(uri), pos(text, "level of Assistant Deputy Minister", 5)))
            nothing = await lsp.client.text_document_hover_async(T.HoverParams(doc(uri), pos(text, "# --- The overall recommendation", 3)))
            return node, source, quote, nothing

    node, source, quote, nothing = run(scenario())
    from argmap.evaluate import VERDICT_LABELS, evaluate

    assessment = evaluate(load_map(project / "arguments" / "canada-russia").map).recommendations["ab-strategic-stability-meeting"]
    value = node.contents.value
    assert "**recommendation** `ab-strategic-stability-meeting` — Engagement" in value
    assert f"Verdict: **{VERDICT_LABELS[assessment.verdict]}** — {assessment.reason}" in value
    assert "Re-convene Strategic Stability talks (ADM/DM)" in value
    assert "> This might be achieved by the re-convening of a meeting on Strategic Stability" in value
    assert "An Action Brief for Canadian" in value  # the first quote's citation
    assert "Report on the Breton–Dutkiewicz Action Brief" in source.contents.value
    assert "The Globe and Mail" in source.contents.value
    q = quote.contents.value
    assert "**This might be achieved by the re-convening of a meeting on Strategic Stability" in q
    assert q.index("**") > 20  # the passage before the quote is shown too
    assert "line " in q
    assert nothing is None


def _completion_labels(project: Path, path: Path, text: str, position: T.Position) -> list[str]:
    async def scenario():
        async with InProcess(project) as lsp:
            uri = lsp.open(path, text)
            result = await lsp.client.text_document_completion_async(T.CompletionParams(doc(uri), position))
            return result

    result = run(scenario())
    return [item.label for item in (result.items if result else [])]


def test_completion_ranks_ids_by_fuzzy_match_on_id_and_title(project: Path):
    path = project / NODES / "action-brief.yaml"
    text = path.read_text(encoding="utf-8")
    row = line_of(text, "supports: [ab-strategic-stability-meeting]")
    lines = text.splitlines()
    lines[row] = "    supports: [ab-strat"
    typed = "\n".join(lines) + "\n"
    labels = _completion_labels(project, path, typed, T.Position(row, len(lines[row])))
    assert labels[0] == "ab-strategic-stability-meeting"
    # a word of the title only ("Stability talks") finds it too
    lines[row] = "    supports: [Stability"
    labels = _completion_labels(project, path, "\n".join(lines) + "\n", T.Position(row, len(lines[row])))
    assert "ab-strategic-stability-meeting" in labels[:5]
    # a quote's source
    src_row = line_of(text, "- source: globe-and-mail")
    lines = text.splitlines()
    lines[src_row] = lines[src_row].replace("globe-and-mail", "glob")
    labels = _completion_labels(project, path, "\n".join(lines) + "\n", T.Position(src_row, len(lines[src_row])))
    assert labels[0] == "globe-and-mail"


def test_completion_knows_which_ids_fit_where():
    from argmap.lsp.completion import context_at

    lines = [
        "nodes:",
        "  - id: a",
        "    side: eng",
        "    by: [bre",
        "    supports:",
        "      - ab-",
        "    attacks:",
        "    - {target: x",
        "    quotes:",
        "      - source: act",
        "        text: some words",
        "    note: see ab-",
        "    themes: [diplomacy, sec",
        "    # supports: [ab-",
    ]
    at = lambda n: context_at(lines, n, len(lines[n]))  # noqa: E731
    assert at(2) == ("sides", "eng")
    assert at(3) == ("actors", "bre")
    assert at(5) == ("nodes", "ab-")
    assert at(7) == ("nodes", "x")
    assert at(9) == ("sources", "act")
    assert at(11) is None  # free text
    assert at(12) == ("themes", "sec")
    assert at(13) is None  # a comment
    assert at(1) is None  # an id being defined is not a reference


# -- quick fixes ---------------------------------------------------------------------------------


def test_quick_fixes_replace_a_quote_and_an_unknown_id(project: Path):
    mapdir = project / "arguments" / "canada-russia"
    path = mapdir / "nodes" / "action-brief.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("supports: [ab-strategic-stability-meeting]", "supports: [ab-strategic-stabilty-meeting]", 1)
    broken = broken.replace("This might be achieved by the re-convening", "This might be achieved by a re-convening", 1)

    async def scenario():
        async with InProcess(project) as lsp:
            uri = lsp.open(path, broken)
            diags = await lsp.wait_diagnostics(uri, lambda ds: any(d.code == "AM410" for d in ds))
            fixes = {}
            for code in ("AM410", "AM201"):
                d = next(d for d in diags if d.code == code)
                fixes[code] = await lsp.client.text_document_code_action_async(T.CodeActionParams(
                    text_document=doc(uri), range=d.range, context=T.CodeActionContext(diagnostics=[d])))
            return uri, fixes

    uri, fixes = run(scenario())
    quote_fix = fixes["AM410"][0]
    assert quote_fix.title.startswith("Replace with the closest passage")
    unknown = fixes["AM201"]
    assert unknown[0].title.startswith("Did you mean `ab-strategic-stability-meeting`?")
    fixed = apply(broken, quote_fix.edit.changes[uri] + unknown[0].edit.changes[uri])
    path.write_text(fixed, encoding="utf-8")
    result = load_map(mapdir)
    assert result.ok, [str(p) for p in result.errors]
    assert "This might be achieved by the re-convening of a meeting on Strategic Stability" in fixed


# -- robustness ----------------------------------------------------------------------------------


def test_the_server_survives_random_edits(project: Path):
    """Hypothesis-made edits (YAML punctuation, ids, indentation, deletions) anywhere in a file:
    every request still gets an answer, and the last text's diagnostics arrive."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    path = project / NODES / "action-brief.yaml"
    original = path.read_text(encoding="utf-8")
    n_lines = len(original.splitlines())
    pieces = list(":-[]{},#&*!|>'\"\t\n ab\u00e9\u201c") + [
        "- id: ", "supports: [", "ab-new-pragmatic-approach", "  ", "\n  - ", "quotes:\n", "---\n", "\x00", "\ud7ff"]
    snippet = st.lists(st.sampled_from(pieces), max_size=8).map("".join)
    edit = st.tuples(st.integers(0, n_lines + 2), st.integers(0, 90), st.integers(0, 3), st.integers(0, 40), snippet)

    async def scenario(edits):
        async with InProcess(project, debounce=0.01) as lsp:
            uri = lsp.open(path)
            text = original
            for line, col, span_lines, span_cols, new in edits:
                start = (line, col)
                end = (line + span_lines, span_cols)
                if end < start:
                    end = start
                lsp.edit(uri, start, end, new)
                position = T.Position(line, col)
                await lsp.client.text_document_hover_async(T.HoverParams(doc(uri), position))
                await lsp.client.text_document_completion_async(T.CompletionParams(doc(uri), position))
                await lsp.client.text_document_definition_async(T.DefinitionParams(doc(uri), position))
                await lsp.client.text_document_code_action_async(T.CodeActionParams(
                    text_document=doc(uri), range=T.Range(position, position), context=T.CodeActionContext(diagnostics=[])))
            await lsp.settle()
            text = lsp.server.workspace.get_text_document(uri).source
            session = lsp.server.session_for(path)
            assert session.file(path).text == text
            assert lsp.server.checks >= 1 and lsp.server.failures == 0
            return lsp.diagnostics.get(uri)

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.lists(edit, min_size=1, max_size=6))
    def check(edits):
        assert run(scenario(edits)) is not None

    check()


def test_lsp_command_is_lazy():
    import subprocess
    import sys

    code = ("import sys; from argmap.cli import cli; "
            "import click; ctx = click.Context(cli); cli.get_command(ctx, 'lsp'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_yaml_that_is_not_a_map_is_left_alone(project: Path):
    """Editors are often set to start a server for every YAML file: a CI workflow gets nothing."""
    workflow = project / ".github" / "workflows" / "ci.yaml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n", encoding="utf-8")
    stray = project / "notes.yaml"  # outside the maps folder, but written as a map file
    stray.write_text("nodes:\n  - id: x\n    type: claim\n", encoding="utf-8")

    async def scenario():
        async with InProcess(project) as lsp:
            uri = lsp.open(workflow)
            hover = await lsp.client.text_document_hover_async(T.HoverParams(doc(uri), T.Position(0, 1)))
            stray_uri = lsp.open(stray)
            stray_diags = await lsp.wait_diagnostics(stray_uri)
            await lsp.settle()
            return lsp.diagnostics.get(uri), hover, stray_diags

    diags, hover, stray_diags = run(scenario())
    assert diags is None and hover is None
    assert any(d.code == "AM107" for d in stray_diags)  # checked as a map of its own: no `map:` section


def test_a_source_text_changed_on_disk_is_checked_again(project: Path):
    """The editor reports files changed on disk (here a source's text): the quotes are searched again."""
    path = project / NODES / "action-brief.yaml"
    seed = project / "seeds" / "breton-dutkiewicz-action-brief.txt"
    quote_line = line_of(path.read_text(encoding="utf-8"), "This might be achieved by the re-convening")

    async def scenario():
        async with InProcess(project) as lsp:
            uri = lsp.open(path)
            await lsp.wait_diagnostics(uri)
            text = seed.read_text(encoding="utf-8")
            assert "This might be achieved by the re-convening" in text
            seed.write_text(text.replace("This might be achieved by the re-convening", "This might be done by re-convening"), encoding="utf-8")
            lsp.client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(
                changes=[T.FileEvent(uri=uri_of(seed), type=T.FileChangeType.Changed)]))
            return await lsp.wait_diagnostics(uri, lambda ds: any(d.code == "AM410" for d in ds))

    diags = run(scenario())
    assert ("AM410", quote_line) in codes(diags)


def test_value_extent_measures_each_kind_of_yaml_value():
    from argmap.lsp.extent import value_extent

    lines = [
        "  - id: plain-id  # a comment",        # 0
        "    title: \"a 'quoted' \\\" title\"",  # 1
        "    supports: [a, b-c, 'd']",          # 2
        "    text: >-",                          # 3
        "      first line",                      # 4
        "",                                      # 5
        "      second line",                     # 6
        "    note: x",                           # 7
        "    key: value",                        # 8
    ]
    assert value_extent(lines, 0, 8) == ((0, 8), (0, 16))
    assert value_extent(lines, 1, 11) == ((1, 12), (1, 31))  # inside the quotes, escapes and all
    assert value_extent(lines, 2, 14) == ((2, 14), (2, 27))
    assert value_extent(lines, 2, 18) == ((2, 18), (2, 21))
    assert value_extent(lines, 3, 10) == ((4, 6), (6, 17))
    assert value_extent(lines, 8, 4) == ((8, 4), (8, 7))  # a key ends at its colon
    assert value_extent(lines, 40, 0) == ((40, 0), (40, 0))
