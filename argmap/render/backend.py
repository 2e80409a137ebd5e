"""Running Graphviz's `dot`: the only place argmap starts a subprocess, always with a timeout."""

from __future__ import annotations

import os
import shutil
import subprocess

from ..problems import ArgmapError

__all__ = ["DotNotFound", "DotTimeout", "DotFailed", "run_dot", "dot_path", "DEFAULT_TIMEOUT", "FORMATS"]

DEFAULT_TIMEOUT = 30.0
FORMATS = ("svg", "png", "pdf")

INSTALL_HINT = (
    "install Graphviz, which provides `dot`: Debian/Ubuntu `sudo apt-get install graphviz`, "
    "Fedora `sudo dnf install graphviz`, macOS `brew install graphviz`; or write DOT with --format dot"
)


class DotNotFound(ArgmapError):
    """Graphviz's `dot` is not installed."""


class DotTimeout(ArgmapError):
    """`dot` took longer than allowed to lay the graph out."""


class DotFailed(ArgmapError):
    """`dot` ran and failed."""


def dot_path() -> str | None:
    """The `dot` program to run (ARGMAP_DOT overrides the PATH lookup)."""
    return os.environ.get("ARGMAP_DOT") or shutil.which("dot")


def run_dot(source: str, fmt: str, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Lay out DOT `source` and return it as `fmt` (svg, png or pdf)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    program = dot_path()
    if program is None:
        raise DotNotFound("Graphviz's `dot` is not installed, so the diagram cannot be drawn", hint=INSTALL_HINT)
    try:
        proc = subprocess.run(
            [program, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, timeout=timeout, check=False
        )
    except FileNotFoundError:
        raise DotNotFound(f"`{program}` could not be run", hint=INSTALL_HINT) from None
    except subprocess.TimeoutExpired:
        raise DotTimeout(
            f"Graphviz could not lay the graph out within {timeout:g} s: it is too big to draw whole",
            hint="draw part of it: --focus ID --depth 2, or filter with --side/--theme/--type, "
                 "or --group-by none; --timeout raises the limit",
        ) from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DotFailed(f"Graphviz failed: {message[0] if message else f'exit code {proc.returncode}'}",
                        hint="this is a bug in argmap if the DOT came from a valid map; please report it with the map")
    return proc.stdout
