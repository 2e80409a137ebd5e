"""Go to definition, find references and rename, for the ids of every section, across the map's files.

Rename edits exactly the places the index holds (definitions and references in id positions),
so an id mentioned in a note, a text or a comment stays as written.
"""

from __future__ import annotations

import re

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from ..model import ID_PATTERN
from .index import SECTION_NOUNS, Occurrence

__all__ = ["register", "occurrence_at"]

_ID = re.compile(ID_PATTERN)


def occurrence_at(ls, uri: str, position: types.Position):
    """(session, occurrence) under the cursor, or None."""
    found = ls.locate(uri, position)
    if found is None:
        return None
    session, state, line, col = found
    occ = state.index.at(line, col)
    return (session, occ) if occ is not None else None


def _location(ls, session, path, occ: Occurrence) -> types.Location:
    from .server import uri_of

    state = session.file(path)
    span = occ.span
    rng = ls.to_range(state.text, (span.start_line, span.start_col), (span.end_line, span.end_col))
    return types.Location(uri=ls.uris.get(path) or uri_of(path), range=rng)


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls, params: types.DefinitionParams):
        found = occurrence_at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        session, occ = found
        places = [(p, o) for p, o in session.occurrences(occ.kind, occ.ident) if o.definition]
        return [_location(ls, session, p, o) for p, o in places] or None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls, params: types.ReferenceParams):
        found = occurrence_at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        session, occ = found
        include = params.context.include_declaration if params.context else True
        places = [(p, o) for p, o in session.occurrences(occ.kind, occ.ident) if include or not o.definition]
        return [_location(ls, session, p, o) for p, o in places]

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls, params: types.PrepareRenameParams):
        found = occurrence_at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        session, occ = found
        loc = ls.locate(params.text_document.uri, params.position)
        state = loc[1]
        span = occ.span
        rng = ls.to_range(state.text, (span.start_line, span.start_col), (span.end_line, span.end_col))
        return types.PrepareRenamePlaceholder(range=rng, placeholder=occ.ident)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    def rename(ls, params: types.RenameParams):
        found = occurrence_at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        session, occ = found
        new = params.new_name.strip()
        noun = SECTION_NOUNS[occ.kind]
        if not _ID.match(new) or len(new) > 120:
            raise JsonRpcInvalidParams(f"`{new}` is not a valid id: ids use letters, digits, `-`, `_` and `.`, "
                                       "starting with a letter or digit")
        if new == occ.ident:
            return None
        if any(o.definition for _, o in session.occurrences(occ.kind, new)):
            raise JsonRpcInvalidParams(f"the map already has a {noun} `{new}`; renaming would make two")
        changes: dict[str, list[types.TextEdit]] = {}
        for path, o in session.occurrences(occ.kind, occ.ident):
            loc = _location(ls, session, path, o)
            changes.setdefault(loc.uri, []).append(types.TextEdit(range=loc.range, new_text=new))
        return types.WorkspaceEdit(changes=changes)
