"""`argmap import FILE --from FORMAT -o MAP.yaml`: another tool's map as a new argmap map."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import IMPORT_FORMATS

__all__ = ["import_command"]


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--from", "fmt", type=click.Choice(IMPORT_FORMATS), required=True,
              help="The file's format: aif (AIF JSON from OVA or AIFdb), kialo (a Kialo discussion export, .txt), "
                   "argdown-json (what `argdown json` writes), sadface (SADFace JSON), microtexts (an arg-microtexts XML file).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The map file to write (.yaml).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def import_command(file: Path, fmt: str, output: Path, force: bool) -> None:
    """Read an argument map made with another tool into a new argmap map.

    The map validates with no errors; its warnings (no quotes, unanswered objections) are the
    curation still to do: no imported node has a verified quote. See docs/interchange.md for how
    each format is read.
    """
    from ..dump import dump_map
    from ..fsutil import write_atomic
    from ..problems import InputError, UsageError
    from . import import_file

    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"`{output}` is not a .yaml file name; -o names the map to write, e.g. -o imported.yaml")
    if output.exists() and not force:
        raise UsageError(f"`{output}` exists; argmap will not overwrite it",
                         hint="write to a new file, or pass --force to replace it")

    result = import_file(file, fmt)
    for warning in result.warnings:
        click.echo(f"argmap: warning: {warning}", err=True)
    doc = result.doc
    header = (f"Imported by `argmap import --from {fmt}` from {file.name}.\n"
              "No quote here has been checked against the debate's documents: curate it (argmap validate lists what to do).")
    write_atomic(output, dump_map(doc, header=header), force=True)

    from ..loader import load_map
    from ..report import format_human, summary_line

    loaded = load_map(output)
    if not loaded.ok:  # an importer bug: say so plainly rather than leave a broken map unexplained
        click.echo(format_human(loaded.errors, loaded.texts(), colour=False), err=True)
        raise InputError(f"the imported map `{output}` does not validate; this is a bug in argmap's {fmt} importer",
                         hint="please report it with the file you imported")
    m = loaded.map
    relations = sum(1 for _ in m.edges())
    counts = {("node" if len(m.nodes) == 1 else "nodes"): len(m.nodes), ("relation" if relations == 1 else "relations"): relations}
    click.echo(f"wrote {output}", err=True)
    click.echo(summary_line(str(output), loaded.problems, counts), err=True)
    sys.stderr.flush()
