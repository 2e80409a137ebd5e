"""The `argmap lsp` command: start the language server (pygls is imported only here)."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["lsp"]


@click.command()
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default and only transport).")
@click.option("--log", "log_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Append the server's log to FILE (for reporting a problem).")
def lsp(stdio: bool, log_file: Path | None) -> None:
    """Run the language server for map files, for editors (see docs/editors.md).

    Serves every .yaml file of a map: live diagnostics (everything `argmap validate` reports,
    quotes included), go to definition, references, hover, completion of ids, rename, and
    quick fixes. Started by the editor, which talks to it over standard input and output.
    """
    import logging

    if log_file is not None:
        logging.basicConfig(filename=str(log_file), level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from .server import serve

    serve()
