"""The explorer's saved first screen: drawn at once when nothing changed, exactly what the map
shows once read, never drawn from a map that changed, and its keys wait for the map."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from argmap.tui.app import ArgmapApp
from argmap.tui.screens.search import SearchScreen
from argmap.tui.widgets.detail import NodeDetail, QuoteList, RelationList
from argmap.tui.widgets.maptree import MapTree

pytestmark = pytest.mark.anyio

SIZE = (120, 40)


def screen_of(app: ArgmapApp) -> dict:
    """What the first screen shows, as text: header, question, tree lines, the node in full."""
    tree = app.query_one(MapTree)
    detail = app.query_one(NodeDetail)
    return {
        "title": (app.title, app.sub_title),
        "question": str(app.query_one("#question").content),
        "tree": [(n.data.node_id, n.allow_expand, tree._label(n).plain) for n in tree.root.children],
        "cursor": tree.cursor_line,
        "head": str(app.query_one("#detail-head").content),
        "text": str(app.query_one("#detail-text").content),
        "meta": str(app.query_one("#detail-meta").content),
        "relations": [str(o.prompt) for o in detail.query_one(RelationList)._options],
        "quotes": [str(o.prompt) for o in detail.query_one(QuoteList)._options],
        "banner": app.query_one("#banner").display,
    }


async def loaded(app: ArgmapApp, pilot) -> None:
    """Until the map is read and its quotes placed (the saved screen, if any, replaced)."""
    for _ in range(500):
        if app.loads >= 1:
            break
        await pilot.pause(0.01)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def first_start(path: Path) -> dict:
    app = ArgmapApp(path, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        assert app.saved is None, "nothing saved before the first start"
        return screen_of(app)


async def test_a_second_start_draws_the_saved_screen_then_the_same_map(tui_project: Path) -> None:
    path = tui_project / "explore.yaml"
    expected = await first_start(path)
    app = ArgmapApp(path, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        assert app.saved is not None and app.state is None  # drawn before the map is read
        assert screen_of(app) == expected
        await loaded(app, pilot)
        assert app.saved is None and app.state is not None
        assert screen_of(app) == expected  # the map, once read, shows the very same
        # and now the map is live: its children are there to open
        tree = app.query_one(MapTree)
        assert tree.root.children[0].allow_expand
        await pilot.press("right")
        assert tree.root.children[0].children


@pytest.mark.parametrize("change", ["map file", "source text", "new map file", "argmap.toml", "code", "theme"])
async def test_a_changed_input_is_never_drawn_from_the_saved_screen(tui_project: Path, change: str, monkeypatch) -> None:
    path = tui_project / "explore.yaml"
    await first_start(path)
    if change == "map file":
        path.write_text(path.read_text().replace("text: ", "text: Reworded. ", 1))
    elif change == "source text":
        source = next((tui_project / "sources").iterdir())
        source.write_text(source.read_text() + "\nOne more line.\n")
    elif change == "new map file":  # the map is a file here: a file beside it is not part of it
        path.rename(tui_project / "maps.yaml")
        path = tui_project / "maps.yaml"
    elif change == "argmap.toml":
        (tui_project / "argmap.toml").write_text((tui_project / "argmap.toml").read_text() + "\n# edited\n")
    elif change == "code":  # the panes are drawn by other code (argmap upgraded, say)
        from argmap.tui import snapshot

        monkeypatch.setattr(snapshot, "_code", lambda: "other code")
    app = ArgmapApp(path, watch=False)
    if change == "theme":
        app.theme = "textual-light"
    async with app.run_test(size=SIZE) as pilot:
        assert app.saved is None
        await loaded(app, pilot)
        assert app.state is not None


async def test_the_maps_keys_wait_for_the_map(tui_project: Path, monkeypatch) -> None:
    path = tui_project / "explore.yaml"
    with path.open("a") as f:  # a second recommendation: a second line at the top of the tree
        f.write("  - {id: rec-two, type: recommendation, side: pro, text: Trade still more., "
                "quotes: [{source: speech, text: Trade creates jobs}]}\n"
                "  - {id: why-two, type: claim, side: pro, text: Because., supports: [rec-two], "
                "quotes: [{source: speech, text: Trade creates jobs}]}\n")
    expected = await first_start(path)
    assert len(expected["tree"]) >= 2
    real_load = ArgmapApp.load
    monkeypatch.setattr(ArgmapApp, "load", lambda self, incremental=False: None)  # held back
    app = ArgmapApp(path, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        assert app.saved is not None
        await pilot.press("slash")
        assert not isinstance(app.screen, SearchScreen), "search waits for the map"
        await pilot.press("down")  # another node: only the first is saved in full
        second = expected["tree"][1][0]
        assert app.current == second
        assert str(app.query_one("#detail-head").content) == "Loading the map…"
        await pilot.press("enter")  # (nothing to follow yet; no error either)
        real_load(app)
        await loaded(app, pilot)
        assert app.current == second  # the node moved to stays chosen
        assert second in str(app.query_one("#detail-head").content)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)


async def test_a_map_with_errors_is_saved_with_them(tui_project: Path) -> None:
    path = tui_project / "explore.yaml"
    text = path.read_text()
    path.write_text(text.replace("supports: [", "supports: [no-such-node, ", 1))
    expected = await first_start(path)
    assert expected["banner"]
    app = ArgmapApp(path, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        assert app.saved is not None
        assert screen_of(app) == expected
        assert app.query_one("#problems").display
        await loaded(app, pilot)
        assert screen_of(app) == expected


async def test_no_cache_no_saved_screen(tui_project: Path, monkeypatch) -> None:
    monkeypatch.setenv("ARGMAP_NO_CACHE", "1")
    path = tui_project / "explore.yaml"
    await first_start(path)
    app = ArgmapApp(path, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        assert app.saved is None
        await loaded(app, pilot)
        await asyncio.sleep(0)
