"""The command line: outputs, formats, exit codes, and no traceback for a user's mistake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


from argmap.quotes import normalise
from conftest import run_cli as run

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"




def test_valid_map_exits_zero(capsys):
    code, out, _ = run(capsys, "validate", str(CORPUS / "valid.yaml"))
    assert code == 0
    assert out.strip().endswith("valid.yaml: no problems (4 nodes, 1 source, 4 quotes verified)")


def test_invalid_map_exits_one_with_file_line_col(capsys):
    code, out, _ = run(capsys, "validate", str(CORPUS / "dangling-support.yaml"))
    assert code == 1
    assert "dangling-support.yaml:37:21: error AM201 unknown node `recomendation`" in out
    assert "   37 |     supports: [rec, recomendation]" in out
    assert "^^^^^^^^^^^^^" in out
    assert "hint: define it under `nodes:`, or use one of: rec, why, obj, reply" in out


def test_warnings_pass_unless_strict(capsys):
    path = str(CORPUS / "objection-unanswered.yaml")
    assert run(capsys, "validate", path)[0] == 0
    assert run(capsys, "validate", "--strict", path)[0] == 1


def test_quiet_prints_errors_only(capsys):
    code, out, _ = run(capsys, "validate", "-q", str(CORPUS / "objection-unanswered.yaml"))
    assert code == 0 and "AM502" not in out and "3 warnings" in out


def test_json_format(capsys):
    code, out, _ = run(capsys, "validate", "--format", "json", str(CORPUS / "valid.yaml"), str(CORPUS / "quote-not-found.yaml"))
    assert code == 1
    data = json.loads(out)
    assert data["valid"] is False
    first, second = data["maps"]
    assert first["valid"] and first["problems"] == [] and first["counts"]["nodes"] == 4
    (problem,) = second["problems"]
    assert problem == {**problem, "code": "AM410", "line": 30, "column": 15, "severity": "error"}
    assert problem["hint"].startswith("did you mean")


def test_github_format(capsys):
    code, out, _ = run(capsys, "validate", "--format", "github", str(CORPUS / "unknown-theme.yaml"))
    assert code == 1
    (line,) = out.strip().splitlines()
    assert line.startswith("::error file=")
    assert "unknown-theme.yaml,line=27,col=21,title=AM204::unknown theme `tarde`%0Adid you mean `trade`?" in line


def test_usage_errors_exit_two(capsys):
    assert run(capsys, "validate", "--format", "xml")[0] == 2
    assert run(capsys, "nosuchcommand")[0] == 2
    assert run(capsys, "export", "--to", "docx", str(CORPUS / "valid.yaml"))[0] == 2


def test_missing_map_is_invalid_input(capsys):
    code, out, _ = run(capsys, "validate", "no/such/map.yaml")
    assert code == 1 and "AM001" in out


def test_schema_matches_the_committed_file(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0
    committed = (ROOT / "arguments" / "argmap.schema.json").read_text(encoding="utf-8")
    assert out == committed, "run: argmap schema -o arguments/argmap.schema.json"
    schema = json.loads(out)
    assert set(schema["properties"]) == {"map", "sides", "actors", "themes", "patterns", "sources", "nodes"}
    assert schema["additionalProperties"] is False


def test_bundled_files_carry_the_schema_modeline():
    for path in sorted((ROOT / "arguments" / "canada-russia").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema == (ROOT / "arguments" / "argmap.schema.json").resolve(), path


def test_export_json_locates_every_quote(capsys):
    code, out, _ = run(capsys, "export", str(CORPUS / "valid.yaml"), "--to", "json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "argmap-json/1"
    assert data["map"]["id"] == "corpus"
    (source,) = data["sources"]
    assert source == {**source, "id": "speech", "file": "sources/speech.txt"}
    assert len(source["sha256"]) == 64
    text = (CORPUS / "sources" / "speech.txt").read_text(encoding="utf-8")
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["reply"]["attacks"] == [{"target": "obj", "kind": "rebut", "strength": "decisive", "scope": "package", "defeats": True}]
    assert nodes["reply"]["evaluation"]["label"] == "in" and nodes["obj"]["evaluation"]["label"] == "out"
    assert nodes["rec"]["verdict"] == "stands" and nodes["rec"]["objections"]["answered"] == ["obj"]
    assert nodes["why"]["supports"] == ["rec"]
    for node in data["nodes"]:
        assert set(node) >= {"id", "type", "side", "text", "by", "themes", "pattern", "supports", "attacks", "part_of", "quotes"}
        for quote in node["quotes"]:
            assert normalise(text[quote["start"]:quote["end"]]) == normalise(quote["text"])
    why_quote = nodes["why"]["quotes"][0]
    assert text[why_quote["start"]:why_quote["end"]] == "Trade creates jobs “at home and\nabroad” — and it builds trust"


def test_export_refuses_an_invalid_map(capsys):
    code, out, err = run(capsys, "export", str(CORPUS / "quote-not-found.yaml"))
    assert code == 1 and out == ""
    assert "AM410" in err and "fix them first" in err


def test_export_writes_atomically_and_will_not_overwrite_yaml(capsys, tmp_path):
    target = tmp_path / "out.json"
    assert run(capsys, "export", str(CORPUS / "valid.yaml"), "-o", str(target))[0] == 0
    assert json.loads(target.read_text())["map"]["id"] == "corpus"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left behind
    curated = tmp_path / "map.yaml"
    curated.write_text("map: {}\n")
    code, _, err = run(capsys, "export", str(CORPUS / "valid.yaml"), "-o", str(curated))
    assert code == 2 and "will not overwrite" in err
    assert curated.read_text() == "map: {}\n"


def _subprocess(*args: str, cwd: Path | None = None, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


def test_python_dash_m_works():
    proc = _subprocess("-m", "argmap", "--version")
    assert proc.returncode == 0 and "argmap" in proc.stdout


def test_validate_imports_neither_textual_nor_graphviz():
    code = (
        "import sys\n"
        "from argmap.cli import main\n"
        "try:\n"
        f"    main(['validate', '-q', {str(CORPUS / 'valid.yaml')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'graphviz', 'jinja2', 'docx'))\n"
        "print('HEAVY', heavy)\n"
    )
    proc = _subprocess("-c", code)
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr


def test_no_path_uses_the_bundled_map_outside_a_project(tmp_path):
    proc = _subprocess("-m", "argmap", "validate", "-q", cwd=tmp_path)
    assert "canada-russia" in proc.stdout
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_path_uses_the_project_maps_inside_a_project(project):
    (project / "maps" / "m.yaml").write_text((CORPUS / "valid.yaml").read_text())
    proc = _subprocess("-m", "argmap", "validate", cwd=project / "sources")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "maps/m.yaml: no problems" in proc.stdout or "m.yaml: no problems" in proc.stdout


def test_lazy_commands_are_listed_without_importing_them() -> None:
    """`argmap --help` lists the lazy commands from LAZY_HELP; it must say what their own help says."""
    import subprocess
    import sys

    import click

    from argmap.cli import LAZY_COMMANDS, LAZY_HELP, cli

    for name in LAZY_COMMANDS:
        command = cli.get_command(None, name)
        first = " ".join(command.help.split("\n\n")[0].split())
        assert LAZY_HELP.get(name) == first, f"LAZY_HELP[{name!r}] differs from the command's help"
        for limit in (30, 45, 80, 200):
            assert click.Command(name, help=LAZY_HELP[name]).get_short_help_str(limit) == command.get_short_help_str(limit)
    code = ("import sys; from argmap.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pydantic', 'argmap.core', 'graphviz', 'jinja2') if m in sys.modules]\n"
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]"), out
