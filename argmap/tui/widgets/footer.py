"""The key bar: Textual's footer, rebuilt once per change of the keys rather than once per signal."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

__all__ = ["KeyFooter"]


class KeyFooter(Footer):
    """A footer that rebuilds its keys at most once per refresh.

    Textual's footer schedules a rebuild (every key a widget, mounted and styled anew) for each
    `bindings_updated` signal, and starting the explorer sends several in a row (mount, focus,
    panes shown): measured on the bundled map, four rebuilds of a dozen keys, 35-40 ms of its
    first screen. Here a rebuild already scheduled takes in every signal sent before it runs,
    and shows the keys as they are then.
    """

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
