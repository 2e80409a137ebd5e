"""Diagnostics: every problem `argmap validate` finds, at the range of the value it is about.

Documents are checked when opened, after edits (debounced) and when closed or changed on disk;
each check publishes the problems of every file of the map, so a dangling reference in a file
that is not open still shows in the editor's problem list.
"""

from __future__ import annotations

from lsprotocol import types

from ..problems import Problem, Severity
from .extent import value_extent
from .session import MapSession, Snapshot

__all__ = ["register", "publish", "to_diagnostic", "problem_span"]

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def register(server) -> None:
    from .server import path_of

    def _open(ls, uri: str, text: str | None, delay: float) -> None:
        path = path_of(uri)
        if not ls.serves(path, text):
            return
        ls.uris[path.resolve()] = uri
        session = ls.session_for(path)
        session.set_buffer(path, text)
        ls.schedule(session, delay)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: types.DidOpenTextDocumentParams) -> None:
        _open(ls, params.text_document.uri, params.text_document.text, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params: types.DidChangeTextDocumentParams) -> None:
        doc = ls.workspace.get_text_document(params.text_document.uri)
        _open(ls, params.text_document.uri, doc.source, None)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: types.DidCloseTextDocumentParams) -> None:
        _open(ls, params.text_document.uri, None, 0)

    @server.feature(types.INITIALIZED)
    def initialized(ls, params: types.InitializedParams) -> None:
        """Ask the editor to report changes on disk to map files and source texts, where it can."""
        try:
            dynamic = ls.client_capabilities.workspace.did_change_watched_files.dynamic_registration
        except AttributeError:
            dynamic = False
        if not dynamic:
            return
        watchers = [types.FileSystemWatcher(glob_pattern=g) for g in ("**/*.yaml", "**/*.yml", "**/*.txt", "**/*.md")]
        ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
            id="argmap-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls, params: types.DidChangeWatchedFilesParams) -> None:
        """Files changed on disk (saved by another program, a source text replaced): check again
        every map they may belong to. Files open in the editor keep their buffer's text."""
        paths = [p for p in (path_of(c.uri) for c in params.changes) if p is not None]
        for session in list(ls.sessions.values()):
            session.disk_changed(paths)
            ls.schedule(session)


def publish(ls, session: MapSession, snapshot: Snapshot) -> None:
    """Send the diagnostics of every file of the map whose list changed since last sent."""
    from .server import uri_of

    related = _related_supported(ls)
    files = dict(snapshot.problems)
    if snapshot.unplaced and files:  # a problem of the whole map: shown on its first file
        first = min(files)
        files[first] = list(snapshot.unplaced) + files[first]
    for path in set(ls.published_for(session)) - set(files):
        files[path] = []  # a file gone from the map: clear what was shown for it
    for path, problems in files.items():
        lines = (session.text(path) or "").splitlines(True) if problems else []
        uri = ls.uris.get(path) or uri_of(path)
        diagnostics = [to_diagnostic(ls, uri, lines, p, related) for p in problems]
        key = [(d.range, d.message, d.code) for d in diagnostics]
        if ls._published.get(path) == key and path not in snapshot.changed:
            continue  # (a file just edited is always answered, so the editor knows it is checked)
        ls._published[path] = key
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))


def _related_supported(ls) -> bool:
    try:
        caps = ls.client_capabilities.text_document.publish_diagnostics
        return bool(caps and caps.related_information)
    except AttributeError:
        return False


def problem_span(lines: list[str], problem: Problem) -> tuple[tuple[int, int], tuple[int, int]]:
    """The code-point range a problem points at, in a text's lines (ends kept or not): the whole
    value or key starting there (see `extent`), or the line when the problem gives no column."""
    if problem.line is None:
        return (0, 0), (0, 0)
    line = problem.line - 1
    if problem.column is None:
        row = lines[line].rstrip("\r\n") if line < len(lines) else ""
        return (line, len(row) - len(row.lstrip())), (line, len(row))
    return value_extent(lines, line, problem.column - 1)


def to_diagnostic(ls, uri: str, lines: list[str], problem: Problem, related: bool) -> types.Diagnostic:
    """A problem as an LSP diagnostic; its hint as related information where the client shows it.
    `lines` are the file's, ends kept (`str.splitlines(True)`)."""
    start, end = problem_span(lines, problem)
    rng = ls.to_range(lines, start, end)
    message = problem.message
    info = None
    if problem.hint:
        if related:
            info = [types.DiagnosticRelatedInformation(types.Location(uri, rng), f"hint: {problem.hint}")]
        else:
            message += f"\nhint: {problem.hint}"
    return types.Diagnostic(range=rng, message=message, severity=_SEVERITY[problem.severity], code=problem.code,
                            source="argmap", related_information=info)
