"""The server on a thread and pygls's `LanguageClient` in the caller's event loop, joined by pipes:
how the tests and the benchmark drive `argmap lsp` without starting a process."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

from lsprotocol import types
from pygls.io_ import StdinAsyncReader, StdoutWriter, run_async
from pygls.lsp.client import LanguageClient

from .server import ArgmapServer, create_server, uri_of

__all__ = ["InProcess"]


class InProcess:
    """An argmap server and a client talking to it. Use `async with InProcess(root) as lsp:`."""

    def __init__(self, root: Path, debounce: float = 0.05) -> None:
        self.root = root
        self.server: ArgmapServer = create_server(debounce)
        self.client = LanguageClient("argmap-tests", "1")
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}
        self.published: dict[str, float] = {}  # uri → time.perf_counter() of its last diagnostics
        self._changed = asyncio.Event()
        self.versions: dict[str, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _diagnostics(ls, params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = list(params.diagnostics)
            self.published[params.uri] = time.perf_counter()
            self._changed.set()

    async def __aenter__(self) -> "InProcess":
        to_server_r, to_server_w = os.pipe()
        to_client_r, to_client_w = os.pipe()
        self._server_in = os.fdopen(to_server_r, "rb")
        self._server_out = os.fdopen(to_client_w, "wb")
        self._client_in = os.fdopen(to_client_r, "rb")
        self._client_out = os.fdopen(to_server_w, "wb")
        self.thread = threading.Thread(target=self.server.start_io, args=(self._server_in, self._server_out),
                                       name="argmap-lsp", daemon=True)
        self.thread.start()
        self.client.protocol.set_writer(StdoutWriter(self._client_out))
        self._reader = asyncio.ensure_future(run_async(stop_event=self.client._stop_event,
                                                       reader=StdinAsyncReader(self._client_in),
                                                       protocol=self.client.protocol))
        caps = types.ClientCapabilities(text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True)))
        root_uri = uri_of(self.root)
        await self.client.initialize_async(types.InitializeParams(
            capabilities=caps, root_uri=root_uri, workspace_folders=[types.WorkspaceFolder(root_uri, self.root.name)]))
        self.client.initialized(types.InitializedParams())
        return self

    async def __aexit__(self, *exc) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), 10)
            self.client.exit(None)
        finally:
            self._client_out.close()  # the server's reader sees the end of its input
            await asyncio.get_running_loop().run_in_executor(None, self.thread.join, 10)
            self.client._stop_event.set()
            self._server_out.close() if not self._server_out.closed else None
            await asyncio.wait_for(self._reader, 10)
            self._client_in.close()

    # -- documents -------------------------------------------------------------------------
    def open(self, path: Path, text: str | None = None) -> str:
        uri = uri_of(path)
        self.versions[uri] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
            uri=uri, language_id="yaml", version=1, text=path.read_text(encoding="utf-8") if text is None else text)))
        return uri

    def replace(self, uri: str, text: str) -> None:
        """Send the document's whole new text (as a full-text change)."""
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    def edit(self, uri: str, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
        """Send one incremental change: replace [start, end) (line, character) with `text`."""
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(*start), types.Position(*end)), text=text)]))

    async def wait_diagnostics(self, uri: str, predicate=lambda ds: True, timeout: float = 30.0) -> list[types.Diagnostic]:
        """The diagnostics of `uri` once a publication satisfies `predicate`."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = self.diagnostics.get(uri)
            if found is not None and predicate(found):
                return found
            self._changed.clear()
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise TimeoutError(f"no matching diagnostics for {uri} within {timeout}s; last: {found}")
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                pass

    async def settle(self, timeout: float = 30.0) -> None:
        """Wait until no check is pending on the server."""
        deadline = time.perf_counter() + timeout
        while any(not t.done() for t in list(self.server._pending.values())):
            if time.perf_counter() > deadline:
                raise TimeoutError("the server is still checking")
            await asyncio.sleep(0.02)
