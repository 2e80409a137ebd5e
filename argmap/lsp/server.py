"""The argmap language server: one session per map, checked as its files change, over stdio.

Each feature lives in its own module and registers its handlers here (`register(server)`).
Checks run in a worker thread, debounced after edits, and their diagnostics are published from
the event loop; requests read the files' current texts, so they answer for unsaved buffers.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer

from .. import __version__
from .session import FileState, MapSession, map_for

__all__ = ["ArgmapServer", "create_server", "serve", "DEBOUNCE"]

DEBOUNCE = 0.25  # seconds of quiet after an edit before the map is checked again
log = logging.getLogger(__name__)
_SECTION_LINE = re.compile(r"^(?:map|sides|actors|themes|patterns|sources|nodes):", re.M)


class ArgmapServer(LanguageServer):
    """A language server holding the maps its documents belong to."""

    def __init__(self, debounce: float = DEBOUNCE) -> None:
        super().__init__("argmap", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.sessions: dict[Path, MapSession] = {}
        self.debounce = debounce
        self._pending: dict[Path, asyncio.Task] = {}
        self._published: dict[Path, list] = {}  # what was last sent for each file
        self.uris: dict[Path, str] = {}  # each open document's URI, as the client spelt it
        self._serves: dict[Path, bool] = {}
        self.checks = 0  # completed checks, for tests and benchmarks
        self.failures = 0  # checks that raised (a bug: logged, and the server carries on)

    # -- documents and sessions ------------------------------------------------------------
    def session_for(self, path: Path) -> MapSession:
        """The session of the map `path` belongs to (made when first needed)."""
        path = path.resolve()
        for session in self.sessions.values():
            if session.contains(path):
                return session
        target = map_for(path)
        session = self.sessions.get(target)
        if session is None:
            session = self.sessions[target] = MapSession(target)
        return session

    def serves(self, path: Path | None, text: str | None = None) -> bool:
        """Whether a document is a map file: a YAML file in a project's maps folder (one with an
        argmap.toml), or one whose top level has a map's sections. An editor set to start the
        server for every YAML file gets nothing from it for a CI workflow or a compose file."""
        if path is None or path.suffix not in (".yaml", ".yml"):
            return False
        path = path.resolve()
        known = self._serves.get(path)
        if known is None or (not known and text is not None):
            from ..project import find_project

            project = find_project(path)
            in_maps = (project is not None and (project.root / "argmap.toml").is_file()
                       and project.maps_dir in path.parents)
            if not in_maps and text is None:
                try:
                    text = path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    text = ""
            known = in_maps or bool(_SECTION_LINE.search(text or ""))
            self._serves[path] = known
        return known

    def locate(self, uri: str, position: types.Position, *, index: bool = True) -> tuple[MapSession, FileState, int, int] | None:
        """The session, file state and 0-based (line, character in code points) of a cursor;
        the file is indexed from its current text unless `index` is False."""
        path = path_of(uri)
        if not self.serves(path):
            return None
        session = self.session_for(path)
        state = session.file(path, index=index)
        lines = (state.text or "").splitlines(True)
        codec = self.workspace.position_codec
        server_pos = codec.position_from_client_units(lines, types.Position(position.line, position.character))
        return session, state, server_pos.line, server_pos.character

    def to_range(self, text: str | list[str] | None, start: tuple[int, int], end: tuple[int, int]) -> types.Range:
        """A range in the client's units from code-point (line, column) pairs in `text` (or in
        its lines, kept ends and all, as `str.splitlines(True)` gives them)."""
        lines = text if isinstance(text, list) else (text or "").splitlines(True)
        codec = self.workspace.position_codec
        return types.Range(
            start=codec.position_to_client_units(lines, types.Position(*start)),
            end=codec.position_to_client_units(lines, types.Position(*end)),
        )

    def published_for(self, session: MapSession) -> list[Path]:
        """Files of `session` that diagnostics were sent for."""
        return [p for p in self._published if session.contains(p)]

    # -- checking --------------------------------------------------------------------------
    def schedule(self, session: MapSession, delay: float | None = None) -> None:
        """Check `session` after `delay` seconds of quiet (a newer request replaces an older one)."""
        old = self._pending.pop(session.path, None)
        if old is not None and not old.done():
            old.cancel()
        self._pending[session.path] = asyncio.ensure_future(self._check_later(session, self.debounce if delay is None else delay))

    async def _check_later(self, session: MapSession, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            snapshot = await asyncio.get_running_loop().run_in_executor(None, session.check)
        except asyncio.CancelledError:
            return
        except Exception:  # noqa: BLE001 - a bug in a check must not take the server down
            log.exception("checking %s failed", session.path)
            self.failures += 1
            return
        from .diagnostics import publish

        publish(self, session, snapshot)
        session.release_previous()
        self.checks += 1


def path_of(uri: str) -> Path | None:
    """The file a `file:` URI names (None for other schemes)."""
    if not uri.startswith("file:"):
        return None
    path = uris.to_fs_path(uri)
    return Path(path) if path else None


def uri_of(path: Path) -> str:
    return uris.from_fs_path(str(path)) or path.as_uri()


def create_server(debounce: float = DEBOUNCE) -> ArgmapServer:
    """A server with every feature registered."""
    from . import actions, completion, diagnostics, hover, navigation

    server = ArgmapServer(debounce)
    for module in (diagnostics, navigation, hover, completion, actions):
        module.register(server)
    return server


def serve() -> None:
    """Serve over standard input and output until the client says exit."""
    create_server().start_io()
