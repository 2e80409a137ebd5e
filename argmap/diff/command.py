"""`argmap diff OLD [NEW]`: what changed between two versions of a map, and what it changes."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import _one_map, _root_option
from ..problems import UsageError

__all__ = ["diff", "resolve_versions", "load_old"]

_SUFFIXES = {".txt": "text", ".md": "md", ".markdown": "md", ".json": "json", ".html": "html", ".htm": "html"}


def _map_for(map_path: Path | None, *others: str | None) -> Path:
    """The map a revision is read from: --map, else a side named by its path, else the project's."""
    if map_path is not None:
        return map_path
    for other in others:
        if other is not None and Path(other).exists():
            return Path(other)
    return _one_map(None)


def resolve_versions(old: str, new: str | None, map_path: Path | None, root: Path | None):
    """Load both sides; NEW defaults to the map as it is on disk."""
    from .versions import load_version

    target = _map_for(map_path, new, old)
    before = load_version(old, target, root)
    after = load_version(new if new is not None else str(target), target, root)
    return before, after


def load_old(spec: str, current: Path | None, root: Path | None):
    """For `render --diff` and `brief --since`: the version `spec` of the map at `current`."""
    from .versions import load_version

    return load_version(spec, current if current is not None else _one_map(None), root)


@click.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json", "html"]),
              help="Report format (default: from -o's name, else text).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of standard output.")
@click.option("--map", "map_path", type=click.Path(path_type=Path), metavar="PATH",
              help="The map to read at a revision (default: a side given as a path, else the project's map).")
@_root_option
def diff(old: str, new: str | None, fmt: str | None, output: Path | None, map_path: Path | None, root: Path | None) -> None:
    """Show what changed between two versions of a map, and whether it changes the answer.

    OLD and NEW are each a map file or folder, or a git revision of the project (HEAD~1, a tag,
    a branch; REV:PATH for another map), read without touching the working tree. NEW defaults
    to the map as it is now. Reports, by node id: nodes added, removed, renamed and changed
    (with a word-level diff), relations, quotes and sources; and first, the evaluation labels
    and recommendation verdicts that changed, with the reasons before and after.
    """
    from ..fsutil import write_atomic
    from .compare import diff_maps
    from .formats import format_diff

    if fmt is None:
        fmt = _SUFFIXES.get(output.suffix.lower(), "text") if output is not None else "text"
    if output is not None:
        folder = output.parent if str(output.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(f"cannot write `{output}`: the folder `{folder}` does not exist")
    before, after = resolve_versions(old, new, map_path, root)
    result = diff_maps(before.argmap, after.argmap, old_name=before.name, new_name=after.name)
    result.old_commit, result.new_commit = before.revision, after.revision
    text = format_diff(result, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
