"""The explorer, driven as a user would with Textual's pilot: keys in, state checked."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from argmap.tui.app import ArgmapApp
from argmap.tui.screens.choose import FilterScreen, ViewScreen
from argmap.tui.screens.help import HelpScreen
from argmap.tui.screens.search import SearchScreen
from argmap.tui.screens.source import SourceScreen, blocks
from argmap.tui.widgets.detail import NodeDetail, RelationList
from argmap.tui.widgets.maptree import MapTree
from argmap.tui.widgets.problems import ProblemsPanel

from argmap.outline import path_to
from bigmap import big_map

pytestmark = pytest.mark.anyio  # async tests run by anyio's pytest plugin, on asyncio

HERE = Path(__file__).resolve().parent / "tui"
MAP = HERE / "explore.yaml"
SIZE = (120, 40)


async def ready(app: ArgmapApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def tree_ids(tree: MapTree) -> list[str]:
    """Node ids on the tree's visible lines, top to bottom."""
    out, stack = [], list(reversed(tree.root.children))
    while stack:
        node = stack.pop()
        out.append(node.data.node_id or node.data.label)
        if node.is_expanded:
            stack.extend(reversed(node.children))
    return out


async def test_opens_on_the_first_recommendation():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        tree = app.query_one(MapTree)
        assert tree.shown == ["rec"]
        assert app.current == "rec" and tree.current_id == "rec"
        assert app.query_one(NodeDetail).node_id == "rec"
        assert "7 nodes" in app.sub_title and "3 warnings" in app.sub_title
        assert app.title == "Trade with the neighbours"
        assert not app.query_one(ProblemsPanel).display  # warnings only: the panel stays shut


async def test_navigate_the_tree_expands_lazily_and_moves_the_detail():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        tree = app.query_one(MapTree)
        assert tree_ids(tree) == ["rec"]
        assert not tree.root.children[0].children  # nothing built below until expanded
        await pilot.press("right")
        assert tree_ids(tree) == ["rec", "jobs", "trust", "cost"]
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert app.current == "cost"
        assert app.query_one(NodeDetail).node_id == "cost"
        await pilot.press("right", "down")
        await pilot.pause()
        assert app.current == "reply"
        # Cursor moves share one history entry after the first jump.
        assert app.history.entries == ["rec", "reply"]
        await pilot.press("left", "left")  # to the parent, then collapse it
        assert app.current == "cost"
        assert tree_ids(tree) == ["rec", "jobs", "trust", "cost"]


async def test_follow_a_relation_then_back_and_forward():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        detail = app.query_one(NodeDetail)
        assert detail.related == ["jobs", "trust", "cost"]
        relations = app.query_one(RelationList)
        relations.focus()
        relations.highlighted = 2
        await pilot.press("enter")
        await pilot.pause()
        assert app.current == "cost"
        assert app.query_one(MapTree).current_id == "cost"
        assert detail.related == ["rec", "reply"]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.current == "rec" and detail.node_id == "rec"
        assert app.query_one(MapTree).current_id == "rec"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.current == "cost"
        assert app.history.entries == ["rec", "cost"]


async def test_search_finds_a_node_deep_in_the_tree():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"benefits large")
        assert app.screen.hits[0].node_id == "benefits"
        await pilot.press("enter")
        await pilot.pause()
        assert app.current == "benefits"
        tree = app.query_one(MapTree)
        assert tree.current_id == "benefits"
        assert tree_ids(tree) == ["rec", "jobs", "trust", "cost", "reply", "benefits"]
        # A quote's words find the node quoting them; escape closes with nothing chosen.
        await pilot.press("slash", *"some say")
        assert app.screen.hits[0].node_id == "cost" and app.screen.hits[0].field == "quote"
        await pilot.press("escape")
        assert app.current == "benefits"


async def test_filter_by_side_then_clear():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("down", "space", "enter")  # the second row: side `con`
        await pilot.pause()
        tree = app.query_one(MapTree)
        assert tree.filter.sides == {"con"}
        assert tree.shown == ["cost", "futile"]
        assert "filter: con" in str(tree.border_title)
        await pilot.press("escape")
        assert tree.filter.empty and tree.shown == ["rec"]


async def test_regroup_by_theme_and_unanswered_objections():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("g")
        assert isinstance(app.screen, ViewScreen)
        await pilot.press("down", "down", "enter")  # argument, side, theme
        await pilot.pause()
        tree = app.query_one(MapTree)
        assert tree.view == "theme"
        assert tree.shown == ["Trade", "Trust"]
        # The shown node (rec) is revealed in its group.
        assert tree.current_id == "rec"
        assert tree_ids(tree) == ["Trade", "rec", "jobs", "cost", "reply", "benefits", "Trust"]
        await pilot.press("u")
        assert tree.view == "unanswered" and tree.shown == ["futile"]
        await pilot.press("u")
        assert tree.view == "argument"
        app.set_view("pattern")
        assert tree.shown == ["Too costly", "Futile"]


async def test_source_reader_steps_through_quotes_and_goes_to_a_node():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        assert screen.current_quote == ("rec", 0)
        assert [q[0] for q in screen.quotes] == ["rec", "jobs", "trust", "cost", "reply", "benefits", "futile"]
        await pilot.press("n")
        assert screen.current_quote == ("jobs", 0)
        await pilot.press("p", "p")
        assert screen.current_quote == ("futile", 0)  # wraps round
        # Every quote is highlighted in the text; the current one differently.
        styles = [span.style for w in screen._widgets for span in w.visual.spans]
        assert sum("reverse" in str(s) for s in styles) == 1
        assert len(styles) >= 7
        await pilot.press("g")
        await pilot.pause()
        assert not isinstance(app.screen, SourceScreen)
        assert app.current == "futile"


def test_source_blocks_split_at_blank_lines():
    assert blocks("a\nb\n\nc\n\n\n d") == [(0, 3), (5, 6), (10, 11)]
    assert blocks("") == []


async def test_problems_panel_jumps_to_the_node():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("p")
        panel = app.query_one(ProblemsPanel)
        assert panel.display and app.focused is panel
        assert [p.code for p in panel.problems] == ["AM405", "AM502", "AM411"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.current == "futile"
        assert app.query_one(MapTree).current_id == "futile"
        assert any("explore.yaml:87" in str(n.message) for n in app._notifications)


async def test_copy_a_quote_with_its_citation():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("c")
        assert app.last_copied is not None
        assert app.last_copied.startswith("\u201cWe should trade more with our neighbours.\u201d \u2014 Ann Author")
        assert "5 November 2020" in app.last_copied


async def test_help_lists_the_keys():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_reload_after_a_good_edit(tui_project: Path):
    path = tui_project / "explore.yaml"
    app = ArgmapApp(path, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        path.write_text(path.read_text().replace("title: Trade more with our neighbours", "title: Trade much more"))
        app.action_reload()
        await ready(app, pilot)
        assert app.loads == 2
        assert app.state.argmap.nodes["rec"].label == "Trade much more"
        assert app.current == "rec"  # the node shown stays shown
        assert not app.query_one("#banner").display


async def test_quotes_are_checked_after_the_map_is_shown(tui_project: Path):
    """The map comes up before its quotes are searched for; a quote not found then appears
    as a problem, and found ones are located for the detail pane."""
    path = tui_project / "explore.yaml"
    text = path.read_text()
    quote = "        text: We should trade more with our neighbours.\n"
    assert quote in text
    path.write_text(text.replace(quote, quote.replace("neighbours", "allies"), 1))
    app = ArgmapApp(path, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.loads == 1 and app.state is not None and not app.state.stale
        assert [p.code for p in app.state.errors] == ["AM410"]
        assert app.query_one(ProblemsPanel).display and app.query_one("#banner").display
        assert "1 error" in app.sub_title
        assert app.state.argmap.spans  # the other quotes are located


async def test_reload_after_a_broken_edit_keeps_the_last_good_map(tui_project: Path):
    path = tui_project / "explore.yaml"
    good = path.read_text()
    app = ArgmapApp(path, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        path.write_text(good.replace("  - id: jobs\n", "  - id: jobs\n    supports: [nowhere\n"))
        app.action_reload()
        await ready(app, pilot)
        assert app.state.stale
        assert len(app.state.argmap.nodes) == 7  # the last good map, still shown
        assert app.query_one("#banner").display
        assert any(p.code == "AM010" for p in app.query_one(ProblemsPanel).problems)
        path.write_text(good)
        app.action_reload()
        await ready(app, pilot)
        assert not app.state.stale and not app.query_one("#banner").display


async def test_the_watcher_reloads_on_save(tui_project: Path):
    path = tui_project / "explore.yaml"
    app = ArgmapApp(path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            if app.loads:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # the watcher is armed
        path.write_text(path.read_text().replace("Trade builds trust", "Trade builds lasting trust"))
        for _ in range(200):
            if app.loads >= 2:
                break
            await asyncio.sleep(0.05)
        assert app.loads >= 2
        assert "lasting" in app.state.argmap.nodes["trust"].text


@pytest.mark.exe("dot")
async def test_render_writes_the_neighbourhood(tmp_path: Path):
    app = ArgmapApp(MAP, watch=False, out_dir=tmp_path / "out")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("r")
        await ready(app, pilot)
        assert app.last_written == tmp_path / "out" / "explore-rec.svg"
        assert b"<svg" in app.last_written.read_bytes()
        assert any("Wrote" in str(n.message) for n in app._notifications)


async def test_render_without_graphviz_says_so(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    app = ArgmapApp(MAP, watch=False, out_dir=tmp_path / "out")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("R")
        await ready(app, pilot)
        assert app.last_written is None
        assert any(n.severity == "error" and "Graphviz" in str(n.message) + str(n.title) for n in app._notifications)


async def test_command_palette_goes_to_a_node():
    app = ArgmapApp(MAP, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p", *"benefits large")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current == "benefits"


async def test_a_big_map_opens_and_moves():
    m = big_map(10_000)
    deepest = next(n for n in reversed(list(m.nodes)) if n.startswith("reb"))  # a rebuttal deep in the last block
    app = ArgmapApp(argmap=m)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(MapTree)
        assert len(tree.shown) == 200
        assert len(tree_ids(tree)) == 200  # nothing below the roots is built yet
        await pilot.press("down", "down", "right", "down")
        await pilot.pause()
        assert app.current is not None and app.current != tree.shown[2]
        assert len(path_to(m, deepest)) >= 4
        app.goto(deepest)
        await pilot.pause()
        assert tree.current_id == deepest
        assert len(tree_ids(tree)) < 400  # only the path to it was opened
        await pilot.press("slash", *"rec-9950", "enter")
        await pilot.pause()
        assert app.current == "rec-9950"


def test_cli_tui_help_and_missing_map_do_not_open_textual(tmp_path: Path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from argmap.cli import main\n"
        "for args in (['tui', '--help'], ['tui', " + repr(str(tmp_path / 'nowhere.yaml')) + "]):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        print('EXIT', exc.code)\n"
        "print('TEXTUAL', any(m.split('.')[0] == 'textual' for m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "Usage: argmap tui" in proc.stdout and "EXIT 2" in proc.stdout, proc.stdout + proc.stderr
    assert "TEXTUAL False" in proc.stdout
    assert "no map at" in proc.stderr
