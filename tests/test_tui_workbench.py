"""The explorer as a curator's workbench, and the fixes a new user needed, driven with the pilot."""

from __future__ import annotations

import ast
import difflib
import shutil
from pathlib import Path

import pytest

from argmap.loader import load_map
from argmap.tui.app import ArgmapApp
from argmap.tui.commands import clip
from argmap.tui.screens.choose import FilterList, FilterScreen, PickScreen
from argmap.tui.screens.curate import LinkScreen, NewNodeScreen
from argmap.tui.screens.help import HelpScreen, help_text
from argmap.tui.screens.source import SourceScreen
from argmap.tui.widgets.detail import NodeDetail, QuoteList
from argmap.tui.widgets.maptree import MapTree
from conftest import ROOT

pytestmark = pytest.mark.anyio

HERE = Path(__file__).resolve().parent / "tui"
MAP = HERE / "explore.yaml"
SIZE = (120, 40)


async def ready(app: ArgmapApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_reader_settles_on_the_focused_quote():
    app = ArgmapApp(ROOT / "arguments" / "canada-russia", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("s")
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        text = screen.query_one("#source-text")
        seen = set()
        for _ in range(6):
            await pilot.pause(0.1)
            seen.add((text.scroll_y, screen.current, screen.query_one("#source-quotes").highlighted))
        assert len(seen) == 1, seen  # nothing moves by itself
        focus = (app.current, 0)
        assert screen.current_quote == focus


async def test_enter_on_a_quote_opens_the_reader_at_it():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("tab", "tab", "tab")
        assert isinstance(app.focused, QuoteList)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.current_quote == ("rec", 0)


async def test_help_names_keys_as_they_are_written():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        plain = help_text(app.screen.bindings).plain
        lines = {line.split()[0]: line for line in plain.splitlines() if line.startswith("  ") and line.split()}
        assert "Help" in lines["?"] and "Search" in lines["/"] and "Clear filter" in lines["Esc"]
        assert "question_mark" not in plain and "slash" not in plain and "escape" not in plain


async def test_filter_ticks_read_in_text():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("space")  # ticks the first value: the side "More trade"
        await pilot.pause()
        options = app.screen.query_one(FilterList)
        first, second = options.render_line(0).text, options.render_line(1).text
        assert first.startswith("▐✓▌") and "More trade" in first
        assert second.startswith("▐ ▌") and "Less trade" in second
        await pilot.press("enter")
        assert app.query_one(MapTree).filter.sides == {"pro"}  # ticked means kept


async def test_narrow_terminal_keeps_counts_quit_and_back():
    app = ArgmapApp(ROOT / "arguments" / "canada-russia", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert "warnings" in app.sub_title
        assert len(app.title) + len(app.sub_title) + 24 <= 80 and app.title.endswith("…")
        keys = {k.action: k for k in app.screen.query("FooterKey")}
        for action in ("quit", "back", "help"):
            assert keys[action].region.right <= 80 and keys[action].region.width > 0, action
        where = app.query_one(NodeDetail).query_one("#detail-head").render().plain
        assert "nodes/action-brief.yaml:" in where and "arguments/canada-russia/nodes" not in where


async def test_the_tree_pane_widens_and_cut_titles_end_in_an_ellipsis():
    app = ArgmapApp(ROOT / "arguments" / "canada-russia", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        tree = app.query_one(MapTree)
        before = tree.size.width
        label = tree.render_label(tree.root.children[0], tree.rich_style, tree.rich_style).plain
        assert label.endswith("…") and len(label) <= before
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert tree.size.width == before + 16
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert tree.size.width == before + 8
        from argmap.graph import NodeFilter

        app.apply_filter(NodeFilter.of(type=["claim"]))  # many lines: a scrollbar takes room too
        await pilot.pause()
        assert tree.show_vertical_scrollbar
        lines = [tree.render_line(y).text.rstrip() for y in range(tree.size.height)]
        assert any(line.endswith("…") for line in lines)
        assert all(len(line) <= tree.scrollable_content_region.width for line in lines)


def test_palette_help_is_cut_at_a_word():
    text = "Russia and Canada cooperate on Arctic search and rescue"
    assert clip(text, 40) == "Russia and Canada cooperate on Arctic…"
    assert clip(text, 100) == text


def test_no_import_cycle_and_small_modules_in_the_tui():
    folder = ROOT / "argmap" / "tui"
    graph: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        assert len(path.read_text().splitlines()) <= 400, f"{path} is over 400 lines"
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        deps = set()
        for node in ast.walk(ast.parse(path.read_text())):  # every import, TYPE_CHECKING ones too
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
                deps.add(target)
        # importing a.b.c runs the package a.b first, unless the importer is inside it
        parents = {d.rsplit(".", k)[0] for d in deps for k in range(1, d.count("."))}
        deps |= {p for p in parents if not (name == p or name.startswith(p + "."))}
        graph[name] = {d for d in deps if d.startswith("argmap.tui")}

    def visit(name: str, path: list[str]) -> None:
        assert name not in path, "import cycle: " + " → ".join([*path, name])
        for dep in graph.get(name, ()):
            if dep != "argmap.tui":  # the package's lazy __getattr__ imports app only when asked
                visit(dep, [*path, name])

    for name in graph:
        visit(name, [])


def _copy_bundled(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    shutil.copytree(ROOT / "arguments", project / "arguments")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    shutil.copy(ROOT / "argmap.toml", project / "argmap.toml")
    return project / "arguments" / "canada-russia"


async def test_a_node_from_a_passage_and_a_relation_from_the_picker(tmp_path: Path):
    mapdir = _copy_bundled(tmp_path)
    target_file = mapdir / "nodes" / "nato-association.yaml"
    original = target_file.read_text()
    app = ArgmapApp(mapdir, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.open_source("nato-association")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, SourceScreen)
        gaps = len(reader.coverage.uncovered)
        await pilot.press("u", "plus")  # the first uncovered passage, two sentences of it
        passage = reader.selected_text
        assert passage and reader.selection[1] == reader.selection[0] + 1
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewNodeScreen)
        assert dialog.default_file == target_file  # where most of this source's nodes are
        await pilot.press("ctrl+a", *"Treaty signed long ago", "enter")
        await ready(app, pilot)
        await ready(app, pilot)
        assert app.screen is reader  # the reader stays, and follows the reload
        new_id = app.last_edit.node_id
        assert new_id in app.state.argmap.nodes and app.current == new_id
        assert app.state.argmap.quote_span(new_id, 0) is not None
        assert len(reader.coverage.uncovered) < gaps or reader.coverage.chars_covered > 0
        assert reader.selection is None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LinkScreen)
        await pilot.press(*"nac-arctic-cooperation")
        await pilot.pause()
        await pilot.press("enter")
        await ready(app, pilot)
        await ready(app, pilot)
        assert app.state.argmap.nodes[new_id].supports == ["nac-arctic-cooperation"]
    after = target_file.read_text()
    diff = [d for d in difflib.ndiff(original.splitlines(), after.splitlines()) if d[:1] in "+-"]
    assert diff and all(d.startswith("+ ") for d in diff)  # only lines added
    assert "+     supports: [nac-arctic-cooperation]" in diff
    result = load_map(mapdir)
    assert result.ok, [str(p) for p in result.errors]


async def test_undo_removes_the_last_append(tmp_path: Path):
    project = tmp_path / "p"
    shutil.copytree(HERE, project)
    path = project / "explore.yaml"
    original = path.read_text()
    app = ArgmapApp(path, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.goto("trust")
        await pilot.press("L", *"cost")
        await pilot.pause()
        await pilot.press("enter")
        await ready(app, pilot)
        assert "cost" in app.state.argmap.nodes["trust"].supports
        assert path.read_text() != original
        await pilot.press("ctrl+z")
        await ready(app, pilot)
        assert path.read_text() == original
        assert "cost" not in app.state.argmap.nodes["trust"].supports


async def test_briefing_from_the_explorer(tmp_path: Path):
    app = ArgmapApp(MAP, watch=False, out_dir=tmp_path / "out")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("b")
        assert isinstance(app.screen, PickScreen)
        options = [key for key, _ in app.screen.options]
        assert options[:3] == ["map:md", "map:html", "map:docx"] and "node:html" in options
        app.screen.dismiss("map:html")
        await ready(app, pilot)
        await ready(app, pilot)
        assert app.last_written == tmp_path / "out" / "explore-briefing.html"
        assert "Trade more with our neighbours" in app.last_written.read_text()
        assert any(f"Wrote explore-briefing.html\nin {tmp_path / 'out'}" in str(n.message) for n in app._notifications)
        # the counts are the note's own, as `argmap brief` prints them (not "0 recommendations")
        from argmap.brief.write import write

        expected = write(app.state.argmap, app.state.evaluation, tmp_path / "again.html").counts
        assert not expected.startswith("0 ")
        assert any(f"({expected})" in str(n.message) for n in app._notifications)


async def test_detail_shows_the_verdict_its_reason_and_inherited_objections():
    app = ArgmapApp(ROOT / "arguments" / "canada-russia", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        part = next(r for r, a in app.state.evaluation.recommendations.items() if a.inherited)
        assessment = app.state.evaluation.recommendations[part]
        app.goto(part)
        await pilot.pause()
        meta = app.query_one("#detail-meta").render().plain
        from argmap.evaluate import VERDICT_LABELS

        verdict_line = next(line for line in meta.splitlines() if line.startswith("Verdict: "))
        assert VERDICT_LABELS[assessment.verdict] in verdict_line
        assert assessment.reason.split("`")[-1].strip() in verdict_line  # the reason, ids without backticks
        package = assessment.inherited[0].inherited_from
        assert f"Inherited from its package {app.state.argmap.nodes[package].label} ({package}):" in meta
        for o in assessment.inherited:
            assert app.state.argmap.nodes[o.id].label in meta


async def test_source_list_and_palette_show_coverage():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await ready(app, pilot)
        shares = app.coverage_summary()
        assert set(shares) == {"speech"} and 0.5 < shares["speech"] < 1
        from argmap.tui.commands import app_commands

        read = [c for c in app_commands(app) if c[0].startswith("Read source:")]
        assert read[0][1] == f"speech · {shares['speech']:.0%} quoted"


async def test_a_reload_while_the_reader_is_being_built():
    """Opening a source just as the quotes get placed: the reader takes the new map before it
    is built (this once crashed the app) and opens at the quote asked for."""
    unplaced = load_map(MAP, verify_quotes=False).map
    placed = load_map(MAP).map
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = SourceScreen(unplaced, "speech", ("jobs", 0))
        assert screen.quotes == []
        screen.update_map(placed)  # not mounted yet
        app.push_screen(screen)
        await pilot.pause()
        assert screen.current_quote == ("jobs", 0)
        assert screen.query_one("#source-quotes").option_count == len(screen.quotes) == 7
        assert screen.coverage.chars_covered > 0


async def test_workers_never_spell_out_the_map():
    """Textual describes a worker by the repr of its arguments unless told otherwise; the
    coverage worker takes the map's state, whose generated repr spelt out every node: at
    10,000 nodes the explorer then took minutes and 24 GB after the quotes were checked."""
    app = ArgmapApp(MAP, watch=False)
    seen: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await ready(app, pilot)
        await app.workers.wait_for_complete()
        seen = [w.description for w in app.workers] or seen
        assert app._coverage_of is app.state.argmap  # the coverage worker has run
        assert len(repr(app.state)) < 100 and "MapState" in repr(app.state)
    from argmap.tui import app as app_module
    from argmap.tui import workbench

    for module in (app_module, workbench):  # every worker, started or not, is named
        for node in ast.walk(ast.parse(Path(module.__file__).read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "work":
                assert "description" in {k.arg for k in node.keywords}, ast.unparse(node)
    assert all(len(d) < 40 for d in seen), seen


async def test_the_footer_is_rebuilt_only_when_its_keys_change():
    """Moving between panes leaves the footer's keys as they are (Textual rebuilt all twelve
    for every bindings signal); a new key is shown at once."""
    from argmap.tui.widgets.footer import KeyFooter

    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        footer = app.query_one(KeyFooter)
        rebuilt: list[int] = []
        recompose = footer.recompose

        async def counting() -> None:
            rebuilt.append(1)
            await recompose()

        footer.recompose = counting
        keys = [k.key for k in footer.query("FooterKey")]
        assert keys[:3] == ["q", "question_mark", "slash"] and all(k.has_class("-compact") for k in footer.query("FooterKey"))
        before, shown = footer._keys(), []
        for _ in range(4):  # through the detail pane (its `s`, a quote's source, replaces the app's)
            await pilot.press("tab")
            await pilot.pause()
            shown.append((type(app.focused).__name__, footer._keys(), len(rebuilt)))
        keys = [before] + [k for _name, k, _count in shown]
        changes = [sum(a != b for a, b in zip(keys, keys[1:i + 1])) for i in range(1, len(keys))]
        assert [count for _name, _k, count in shown] == changes  # a rebuild for each change, none else
        assert len({name for name, _k, _c in shown}) >= 3 and 0 < changes[-1] < len(shown)
        rebuilt.clear()
        app.bind("x", "bell", description="Extra")
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert len(rebuilt) == 1
        assert "Extra" in [k.description for k in footer.query("FooterKey")]


@pytest.mark.parametrize(("width", "named"), [(120, "-wide"), (80, "-narrow")])
async def test_the_screen_starts_with_its_width_class(width: int, named: str):
    """The main screen is made with the breakpoint class of the terminal's width (so the first
    Resize restyles nothing), and a resize still moves it to the other one."""
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=(width, 30)) as pilot:
        await ready(app, pilot)
        other = {"-wide": "-narrow", "-narrow": "-wide"}[named]
        assert app.screen.has_class(named) and not app.screen.has_class(other)
        left, detail = app.query_one("#left").size.width, app.query_one(NodeDetail).outer_size.width
        assert (left * 3 < detail * 2 + 6) if named == "-wide" else abs(left - detail) <= 2  # 2fr:3fr, or 1fr:1fr
        await pilot.resize_terminal(200 - width, 30)
        await pilot.pause()
        assert app.screen.has_class(other) and not app.screen.has_class(named)


async def test_a_narrow_footer_shows_whole_keys_and_the_palette():
    """On a narrow terminal the footer leaves out keys from its end, whole, instead of running
    them under the palette key (at 80 columns `L Link…` was cut in half and its `i` showed after
    `^p palette`); widened, the keys come back."""
    from textual.widgets._footer import FooterKey

    from argmap.tui.widgets.footer import KeyFooter

    def keys(app) -> tuple[list[str], FooterKey]:
        shown = [k for k in app.query_one(KeyFooter).query(FooterKey)]
        palette = next(k for k in shown if k.has_class("-command-palette"))
        others = [k for k in shown if k is not palette]
        for key in others:  # each whole, left of the palette key
            assert key.region.right <= palette.region.x and key.region.width == len(key.key_display) + 1 + len(key.description)
        assert palette.region.right == app.size.width - 1  # (its margin)
        return [(k.key_display, k.description) for k in others], palette

    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        wide, _ = keys(app)
        assert wide[0] == ("q", "Quit") and len(wide) == 11
        for width in (80, 50, 120):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            await pilot.pause()
            shown, palette = keys(app)
            assert shown == wide[:len(shown)]  # a prefix: the first keys stay
            gap = palette.region.x - max(k.region.right for k in app.query_one(KeyFooter).query(FooterKey) if k is not palette)
            if len(shown) < len(wide):  # the next key would not have fitted whole (with margins)
                display, description = wide[len(shown)]
                assert gap < 1 + len(display) + 1 + len(description) + 1
        assert shown == wide
