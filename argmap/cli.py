"""The `argmap` command line.

Start-up is kept lean: each command imports what it needs when it runs, and only `argmap tui`
imports Textual. Exit codes, the same for every command: 0 success (warnings allowed); 1 the
input is invalid (a map, source or import file has errors); 2 the command itself is wrong (an
unknown option or value, a path or id that names nothing, an output it will not write).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .problems import ArgmapError, InputError, UsageError

__all__ = ["main", "cli"]

FORMATS = ("human", "json", "github")


# Commands that live in their own modules, loaded only when used (or listed by --help):
# name → "module:attribute". Each module imports its heavy dependencies inside the command.
LAZY_COMMANDS: dict[str, str] = {
    "render": "argmap.render.command:render",
    "stats": "argmap.stats:stats",
    "explain": "argmap.explain:explain",
    "brief": "argmap.brief.command:brief",
    "coverage": "argmap.coverage_cli:coverage",
    "import": "argmap.interchange.command:import_command",
    "diff": "argmap.diff.command:diff",
    "lsp": "argmap.lsp.command:lsp",
}


# The first paragraph of each lazy command's help, for `argmap --help` without importing the
# commands (and pydantic, Graphviz, the briefing) just to list them. A test keeps them true.
LAZY_HELP: dict[str, str] = {
    "render": "Draw an argument diagram with Graphviz (SVG, PNG, PDF, or DOT source).",
    "stats": "Counts by type, side, source and pattern; gaps; where each recommendation stands.",
    "brief": "Write a briefing note that leads with the answer: purpose, the bottom line in a few sentences, "
             "background, each top-level recommendation with its verdict, why, what it stands or falls on, its "
             "strongest support and objections, anticipated questions with suggested answers, sources, and one "
             "overview diagram. `--detail full` adds the annexes.",
    "import": "Read an argument map made with another tool into a new argmap map.",
    "explain": "Why a recommendation stands, is contested, countered or defeated, and what would change it.",
    "coverage": "Show how much of each source the map quotes, and the longest passages no quote covers.",
    "diff": "Show what changed between two versions of a map, and whether it changes the answer.",
    "lsp": "Run the language server for map files, for editors (see docs/editors.md).",
}


class _Group(click.Group):
    """Commands in the order a user meets them; some loaded lazily from their own modules."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands) + [name for name in LAZY_COMMANDS if name not in self.commands]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, lazy ones described by LAZY_HELP when it knows them."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name not in self.commands and name in LAZY_HELP:
                command: click.Command | None = click.Command(name, help=LAZY_HELP[name])  # a stand-in, to list it
            else:
                command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        import importlib

        module, attribute = target.split(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="argmap")
def cli() -> None:
    """Map a policy debate in curated YAML: validate it against its sources, evaluate, render,
    explore and brief.

    With no map named, commands use the maps of the project around the current folder
    (argmap.toml), or else the bundled Canada-Russia map.
    """


def _root_option(f):
    return click.option("--root", type=click.Path(file_okay=False, path_type=Path),
                        help="Project folder that source paths are relative to (default: found from the map).")(f)


def _default_maps() -> list[Path]:
    from .project import default_project

    project = default_project()
    maps = project.maps()
    if not maps:
        raise UsageError(f"no maps found under {project.maps_dir}", hint="name a map file or folder")
    return maps


def _missing(path: Path) -> UsageError:
    return UsageError(f"no map at `{path}`",
                      hint="name a map file (.yaml) or a folder of them; with no path, the project's maps (or the bundled one)")


def _one_map(path: Path | None) -> Path:
    if path is not None:
        if not path.exists():
            raise _missing(path)
        return path
    maps = _default_maps()
    if len(maps) > 1:
        names = ", ".join(str(m) for m in maps)
        raise UsageError(f"several maps found ({names}); name the one to use")
    return maps[0]


def load_valid(path: Path | None, root: Path | None = None, *, verify_quotes: bool = True):
    """Load a map for a command that needs a valid one; print its problems and stop if not."""
    from .incremental import Workspace
    from .report import format_human

    result = Workspace(_one_map(path), root=root).load(verify_quotes=verify_quotes)
    if not result.ok:
        errors = result.errors
        click.echo(format_human(errors, result.texts(), colour=_colour(sys.stderr)), err=True)
        raise InputError(f"the map has {len(errors)} error{'s' if len(errors) != 1 else ''}; fix them first (argmap validate shows all problems)")
    return result.map


def _counts(m) -> dict[str, int]:
    from .summary import counts

    return counts(m)


def _colour(stream) -> bool:
    import os

    return hasattr(stream, "isatty") and stream.isatty() and "NO_COLOR" not in os.environ


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="human", show_default=True, help="Output for people or machines.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only, and the summary.")
@_root_option
def validate(paths: tuple[Path, ...], fmt: str, strict: bool, quiet: bool, root: Path | None) -> None:
    """Check maps: schema, references, cycles, sources, and every quote against its source.

    PATHS are map files or folders; with none, every map of the project (or the bundled one).
    Files checked before are taken from the project's .argmap-cache/ folder when unchanged
    (safe to delete; ARGMAP_NO_CACHE=1 turns it off).
    """
    from .project import display_path
    from .report import format_github, format_human, format_json, summary_line
    from .summary import recall

    targets = list(paths) or _default_maps()
    results = []
    failed = False
    missing = [t for t in targets if not t.exists()]
    for target in targets:
        # an unchanged map is answered from the record of its last check, without importing
        # the models, the loader or the validator (argmap.summary); otherwise it is checked
        summary = recall(target, root)
        if summary is not None:
            problems, readable, counts, texts = summary.problems, summary.readable, summary.counts, summary.texts
        else:
            from .incremental import Workspace

            result = Workspace(target, root=root).load()
            problems, readable, texts = result.problems, result.map is not None, result.texts
            counts = _counts(result.map) if result.map is not None else None
        errors = [p for p in problems if p.is_error]
        shown = errors if quiet else problems
        bad = bool(errors) or not readable or (strict and bool(problems))
        failed = failed or bad
        name = display_path(target)
        if fmt == "human":
            if shown:
                click.echo(format_human(shown, texts(), colour=_colour(sys.stdout)))
            click.echo(summary_line(name, problems, counts))
        elif fmt == "github":
            if shown:
                click.echo(format_github(shown))
        results.append({"path": name, "valid": not bad, "counts": counts or {},
                        "problems": [p.to_dict() for p in shown]})
    if fmt == "json":
        click.echo(format_json(results))
    if missing:
        sys.exit(2)  # a path that names nothing is a mistake in the command, as an unknown id is
    if failed:
        sys.exit(1)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of standard output.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of a map file (for editors: yaml-language-server)."""
    from .schema import schema_json

    text = schema_json()
    if output is None:
        click.echo(text, nl=False)
    else:
        from .fsutil import write_atomic

        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--to", "to", type=click.Choice(["json", "argdown", "aif", "graphml"]), default="json", show_default=True,
              help="Format to write: argmap's JSON, Argdown, AIF JSON (OVA, AIFdb), or GraphML (Gephi, Cytoscape, networkx).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of standard output.")
@click.option("--force", is_flag=True, help="Allow replacing an existing .yaml file.")
@_root_option
def export(path: Path | None, to: str, output: Path | None, force: bool, root: Path | None) -> None:
    """Write the resolved map (quotes located in their sources) for other programs."""
    argmap = load_valid(path, root)
    if to == "json":
        from .export import to_json

        text = to_json(argmap)
    else:
        from .interchange import export_text

        text = export_text(argmap, to)
        if to == "aif" and argmap.dialogue is not None:
            from .interchange.aif_dialogue import left_out

            for warning in left_out(argmap):
                click.echo(f"argmap: warning: {warning}", err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        from .fsutil import write_atomic

        write_atomic(output, text, force=force)
        click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("argmap-output"), show_default=True,
              help="Folder the explorer writes rendered diagrams to.")
@click.option("--since", metavar="OLD", help="Mark in the tree what changed since OLD (a map path, or a git revision such as HEAD~1).")
@_root_option
def tui(path: Path | None, out_dir: Path, since: str | None, root: Path | None) -> None:
    """Explore a map in the terminal: browse, read its sources, search, check, render.

    The map's files are watched and reloaded on every change. Press ? inside for help.
    """
    target = _one_map(path)
    old = None
    if since is not None:  # read before the screen opens: a bad revision is a usage error here
        from .diff.command import load_old

        old = load_old(since, target, root)
    from .tui import run  # Textual is imported only here

    run(target, root=root, out_dir=out_dir, since=old)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; user errors are reported without a traceback."""
    try:
        cli.main(args=argv, prog_name="argmap", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ArgmapError as exc:
        click.echo(f"argmap: error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"  hint: {exc.hint}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`argmap export | head`); nothing to report
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
