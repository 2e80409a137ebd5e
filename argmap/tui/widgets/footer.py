"""The key bar: Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

__all__ = ["KeyFooter"]


class KeyFooter(Footer):
    """A footer that rebuilds its keys at most once per refresh, and only when they change.

    Textual's footer schedules a rebuild (every key a widget, mounted and styled anew) for each
    `bindings_updated` signal, and starting the explorer sends several in a row (mount, focus,
    panes shown): measured on the bundled map, four rebuilds of a dozen keys, 35-40 ms of its
    first screen. Here a rebuild already scheduled takes in every signal sent before it runs,
    and is skipped when the keys are those already shown (moving the focus between panes
    changes none of them).
    """

    _rebuild_pending = False
    _shown: tuple | None = None  # the keys on show: what `_keys` was when they were built

    def compose(self):
        # Textual's keys take the footer's `compact` once mounted, and each is styled again for
        # its new class; given the class as they are made, they are styled once.
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):
                widget.add_class("-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    def _keys(self) -> tuple:
        """What the footer shows, as `compose` would build it."""
        shown = tuple((binding.key, binding.action, binding.description, self.app.get_key_display(binding), enabled, tooltip)
                      for (_, binding, enabled, tooltip) in self.screen.active_bindings.values() if binding.show)
        return shown, self.compact, self.show_command_palette

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
