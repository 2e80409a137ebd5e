"""`argmap import FILE --from FORMAT -o MAP.yaml`: another tool's map as a new argmap map."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path, PurePosixPath

import click

from . import IMPORT_FORMATS

__all__ = ["import_command"]


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--from", "fmt", type=click.Choice(IMPORT_FORMATS), required=True,
              help="The file's format: aif (AIF JSON from OVA or AIFdb), kialo (a Kialo discussion export, .txt), "
                   "argdown-json (what `argdown json` writes).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The map file to write (.yaml).")
@click.option("--force", is_flag=True, help="Replace the output files if they exist.")
def import_command(file: Path, fmt: str, output: Path, force: bool) -> None:
    """Read an argument map made with another tool into a new argmap map.

    The map validates with no errors; its warnings (no quotes, unanswered objections) are the
    curation still to do. AIF locutions become quotes of a transcript written beside the map
    (MAP.transcript.txt). See docs/interchange.md for how each format is read.
    """
    from ..dump import dump_map
    from ..fsutil import write_atomic
    from ..model import Source
    from ..problems import InputError, UsageError
    from ..project import root_for
    from . import import_file

    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"`{output}` is not a .yaml file name; -o names the map to write, e.g. -o imported.yaml")
    transcript_path = output.with_name(output.stem + ".transcript.txt")
    for target in (output, transcript_path if fmt == "aif" else None):
        if target is not None and target.exists() and not force:
            raise UsageError(f"`{target}` exists; argmap will not overwrite it",
                             hint="write to a new file, or pass --force to replace it")

    result = import_file(file, fmt)
    for warning in result.warnings:
        click.echo(f"argmap: warning: {warning}", err=True)
    doc = result.doc
    written = []
    if result.transcript is not None:
        if not output.parent.resolve().is_dir():
            raise UsageError(f"cannot write `{output}`: the folder `{output.parent}` does not exist")
        root = root_for(output)
        relative = PurePosixPath(*transcript_path.resolve().relative_to(root).parts)
        text = result.transcript.text
        source = Source(id=result.transcript.source_id, title=result.transcript.title, file=str(relative),
                        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), note=result.transcript.note)
        doc = doc.model_copy(update={"sources": [*doc.sources, source]})
        write_atomic(transcript_path, text, force=True)
        written.append(transcript_path)
    header = (f"Imported by `argmap import --from {fmt}` from {file.name}.\n"
              "No quote here has been checked against the debate's documents: curate it (argmap validate lists what to do).")
    write_atomic(output, dump_map(doc, header=header), force=True)
    written.insert(0, output)

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
    click.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)
    click.echo(summary_line(str(output), loaded.problems, counts), err=True)
    sys.stderr.flush()
