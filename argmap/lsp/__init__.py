"""`argmap lsp`: a language server for map files (diagnostics, navigation, hover, completion,
rename, quick fixes), on pygls. Imported only by the `lsp` command."""

__all__ = ["serve"]


def serve() -> None:
    """Serve the Language Server Protocol over standard input and output."""
    from .server import serve as _serve

    _serve()
