"""The key bar: Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from rich.cells import cell_len
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
    _fits = (0, 1 << 30)  # the footer widths at which the keys shown would be the same

    def compose(self):
        widgets = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        if self.compact:
            # Textual's keys take the footer's `compact` once mounted, and each is styled again
            # for its new class; given the class as they are made, they are styled once.
            for key in keys:
                key.add_class("-compact", update=False)
            dropped = self._fit(keys, self.app.size.width)
            widgets = [w for w in widgets if w not in dropped]
        yield from widgets

    def _fit(self, keys: list[FooterKey], width: int) -> list[FooterKey]:
        """The keys to leave out so that the others fit `width` whole, from the last (a narrow
        terminal's keys ran on under the palette key docked at the right, one cut in half and a
        letter of it showing after the palette's). Notes the widths at which the same keys fit."""
        def cells(key: FooterKey) -> int:  # compact: `k description`, then a column's margin
            return cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0) + 1

        palette = [k for k in keys if k.has_class("-command-palette")]
        used = sum(cells(k) + 1 for k in palette)  # (and its bar at the left)
        shown: list[FooterKey] = []
        for key in (k for k in keys if k not in palette):
            if used + cells(key) > width:
                break
            used += cells(key)
            shown.append(key)
        rest = [k for k in keys if k not in palette and k not in shown]
        self._fits = (used, used + cells(rest[0]) if rest else 1 << 30)
        return rest

    def on_resize(self) -> None:
        low, high = self._fits
        if self.compact and not low <= self.app.size.width < high:
            self._shown = None  # other keys fit now: build them again
            self._schedule()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._schedule()

    def _schedule(self) -> None:
        """Rebuild after the next refresh, once for every reason given before it."""
        if not self._rebuild_pending:
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
