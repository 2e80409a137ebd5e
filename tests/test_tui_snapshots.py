"""Snapshots of the explorer's main screens, on the small fixed map of tests/tui.

Update them after a deliberate change of look: pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

from argmap.tui.app import ArgmapApp

MAP = Path(__file__).resolve().parent / "tui" / "explore.yaml"


async def _loaded(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _app(**kwargs) -> ArgmapApp:
    return ArgmapApp(MAP, watch=False, **kwargs)


def test_main_screen(snap_compare):
    assert snap_compare(_app(), terminal_size=(120, 40), run_before=_loaded, press=["right", "down", "down", "down"])


def test_main_screen_small_terminal(snap_compare):
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=_loaded, press=["right"])


def test_main_screen_light_theme(snap_compare):
    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"
        await _loaded(pilot)

    assert snap_compare(_app(), terminal_size=(120, 40), run_before=light, press=["right"])


def test_source_reader(snap_compare):
    assert snap_compare(_app(), terminal_size=(120, 40), run_before=_loaded, press=["s", "n"])


def test_search_dialog(snap_compare):
    assert snap_compare(_app(), terminal_size=(120, 40), run_before=_loaded, press=["slash", *"cost"])


def test_problems_panel(snap_compare):
    assert snap_compare(_app(), terminal_size=(120, 40), run_before=_loaded, press=["p"])


def test_source_reader_selecting_an_uncovered_passage(snap_compare):
    assert snap_compare(_app(), terminal_size=(120, 40), run_before=_loaded, press=["s", "u", "plus"])


def test_filter_dialog_ticks(snap_compare):
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=_loaded, press=["f", "space"])
