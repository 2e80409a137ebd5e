"""The incremental core and its cache: invisible in every result, whatever the cache holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from argmap.cache import CACHE_DIR
from argmap.export import to_json
from argmap.incremental import Workspace
from argmap.loader import load_map

from conftest import ROOT, read_only_folder

MAP = "arguments/canada-russia"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bundled project: argmap.toml, the map, its sources."""
    shutil.copy(ROOT / "argmap.toml", tmp_path / "argmap.toml")
    shutil.copytree(ROOT / MAP, tmp_path / MAP)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path


def same(a, b) -> None:
    """Two results say the same: problems (with places and hints), the map, quote places."""
    assert [p.to_dict() for p in a.problems] == [p.to_dict() for p in b.problems]
    assert (a.map is None) == (b.map is None)
    if a.map is not None:
        assert to_json(a.map) == to_json(b.map)
        assert a.map.spans == b.map.spans
        assert {k: a.map.where(*k) for k in a.map.origins} == {k: b.map.where(*k) for k in b.map.origins}


def fresh(project: Path, **kw):
    return load_map(project / MAP, **kw)


def test_load_equals_load_map_cold_and_warm(project: Path) -> None:
    expected = fresh(project)
    assert expected.problems, "the bundled map has warnings: the comparison must see them"
    cold = Workspace(project / MAP).load()
    same(cold, expected)
    assert (project / CACHE_DIR).is_dir() and (project / CACHE_DIR / ".gitignore").read_text().strip().endswith("*")
    warm = Workspace(project / MAP).load()  # a new process's workspace: everything from the cache
    same(warm, expected)


def test_update_with_an_unsaved_buffer_and_back(project: Path) -> None:
    ws = Workspace(project / MAP)
    before = ws.load()
    target = project / MAP / "nodes" / "viakhireva.yaml"
    node = next(iter(n for n in before.map.nodes.values() if before.map.origin("nodes", n.id).display.endswith("viakhireva.yaml")))
    buffer = target.read_text().replace(f"id: {node.id}\n", f"id: {node.id}-renamed\n", 1)
    assert buffer != target.read_text()
    after = ws.update({target: buffer})
    assert node.id not in after.map.nodes and f"{node.id}-renamed" in after.map.nodes
    # the same text saved and loaded from scratch gives the same answer
    target.write_text(buffer)
    same(after, fresh(project))
    ws2 = Workspace(project / MAP)
    ws2.load()
    shutil.copy(ROOT / MAP / "nodes" / "viakhireva.yaml", target)
    same(ws2.update([target]), before)


def test_update_reports_what_an_edit_breaks_in_other_files(project: Path) -> None:
    ws = Workspace(project / MAP)
    ws.load()
    target = project / MAP / "map.yaml"
    broken = target.read_text().replace("sides:", "sidez:", 1)
    result = ws.update({target: broken})
    target.write_text(broken)
    expected = fresh(project)
    same(result, expected)
    assert any(p.code == "AM101" for p in result.problems)
    assert any(p.code == "AM203" and "nodes/" in p.path for p in result.problems), "unchanged files' nodes lose their sides"


def test_deleted_and_added_files(project: Path) -> None:
    ws = Workspace(project / MAP)
    ws.load()
    gone = project / MAP / "nodes" / "globe-and-mail.yaml"
    result = ws.update({gone: None})
    text = gone.read_text()
    gone.unlink()
    same(result, fresh(project))
    added = project / MAP / "nodes" / "again.yaml"
    added.write_text(text)
    same(ws.update([added]), fresh(project))


def test_an_edited_source_text_is_checked_again(project: Path) -> None:
    ws = Workspace(project / MAP)
    before = ws.load()
    assert not any(p.code == "AM404" for p in before.problems)
    quoted = next(iter(before.map.spans.values()))
    path = project / before.map.sources[quoted.source].file
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:quoted.start] + "REMOVED" + text[quoted.end:], encoding="utf-8")
    result = ws.update([path])
    codes = {p.code for p in result.problems}
    assert {"AM404", "AM410"} <= codes
    same(result, fresh(project))
    same(Workspace(project / MAP).load(), fresh(project))  # the cache does not hide it either


def test_cache_from_other_code_is_ignored(project: Path, monkeypatch) -> None:
    import argmap.cache as cache
    import argmap.incremental as incremental

    # "Another version" whose per-file check loses every entry writes its cache ...
    real = incremental.check_file

    def lossy(pf):
        out = real(pf)
        out.entries.clear()
        return out

    monkeypatch.setattr(cache, "fingerprint", lambda: b"another version".ljust(32, b"\0"))
    monkeypatch.setattr(incremental, "check_file", lossy)
    assert not Workspace(project / MAP).load().map.nodes
    monkeypatch.undo()
    # ... and this version, reading the same bytes, does not believe it.
    same(Workspace(project / MAP).load(), fresh(project))


def test_warm_start_parses_nothing_and_an_update_only_what_changed(project: Path, monkeypatch) -> None:
    import argmap.incremental as incremental

    Workspace(project / MAP).load()
    parsed: list[str] = []
    real = incremental.parse_yaml

    def counting(raw, path, display):
        parsed.append(Path(path).name)
        return real(raw, path, display)

    monkeypatch.setattr(incremental, "parse_yaml", counting)
    ws = Workspace(project / MAP)
    same(ws.load(), fresh(project))
    assert parsed == []
    target = project / MAP / "nodes" / "viakhireva.yaml"
    target.write_text(target.read_text() + "\n# a comment\n")
    ws.update([target])
    assert parsed == ["viakhireva.yaml"]


def test_corrupted_and_truncated_entries_are_misses(project: Path) -> None:
    Workspace(project / MAP).load()
    entries = [p for p in (project / CACHE_DIR).iterdir() if not p.name.startswith(".")]
    assert entries
    for i, entry in enumerate(entries):
        blob = bytearray(entry.read_bytes())
        if i % 2:
            blob[-10] ^= 0xFF  # one flipped byte
            entry.write_bytes(bytes(blob))
        else:
            entry.write_bytes(bytes(blob[: len(blob) // 2]))
    same(Workspace(project / MAP).load(), fresh(project))


def test_entry_of_another_file_with_the_same_name_is_a_miss(project: Path) -> None:
    """A cached entry holds the hash of the bytes it was made from: edits made while no
    workspace was running are seen."""
    Workspace(project / MAP).load()
    target = project / MAP / "nodes" / "action-brief.yaml"
    target.write_text(target.read_text().replace("type: claim", "type: clam", 1))
    result = Workspace(project / MAP).load()
    assert any(p.code == "AM104" for p in result.problems)
    same(result, fresh(project))


def test_read_only_cache_folder(project: Path, monkeypatch) -> None:
    with read_only_folder(project / CACHE_DIR, monkeypatch) as folder:
        same(Workspace(project / MAP).load(), fresh(project))
        same(Workspace(project / MAP).load(), fresh(project))
        assert [p.name for p in folder.iterdir()] == []


def test_unwritable_cache_location(project: Path) -> None:
    """A cache that cannot be made (here a file stands where the folder would be) is no cache."""
    (project / CACHE_DIR).write_text("not a folder")
    same(Workspace(project / MAP).load(), fresh(project))
    assert (project / CACHE_DIR).read_text() == "not a folder"


def test_quotes_later_and_no_cache(project: Path) -> None:
    ws = Workspace(project / MAP, cache=False)
    result = ws.load(verify_quotes=False)
    assert result.quotes_pending and not result.map.spans
    ws.verify_quotes(result)
    same(result, fresh(project))
    assert not (project / CACHE_DIR).exists()


def test_positions_not_asked_before_are_still_exact(project: Path) -> None:
    """A warm file has no YAML tree; a problem at a place not cached composes it again."""
    Workspace(project / MAP).load()
    ws = Workspace(project / MAP)
    ws.load()
    target = project / MAP / "map.yaml"
    broken = target.read_text().replace("themes:", "themez:", 1)  # every node's themes become unknown
    result = ws.update({target: broken})
    target.write_text(broken)
    same(result, fresh(project))
    assert any(p.code == "AM204" and p.line for p in result.problems)


def test_missing_and_empty_maps(tmp_path: Path) -> None:
    result = Workspace(tmp_path / "nowhere").load()
    assert [p.code for p in result.problems] == ["AM001"] and result.map is None
    (tmp_path / "empty").mkdir()
    result = Workspace(tmp_path / "empty").load()
    assert [p.code for p in result.problems] == ["AM017"]


def test_a_sequence_of_edits_always_agrees_with_a_fresh_load(project: Path) -> None:
    """Edits that keep the map's structure (words, quotes) and edits that change it (links,
    types, ids), one after another on one workspace: each result is a fresh load's."""
    ws = Workspace(project / MAP)
    ws.load()
    folder = project / MAP / "nodes"
    edits = [
        ("viakhireva.yaml", "text: ", "text: Reworded, "),
        ("action-brief.yaml", "quotes:\n      - source: ", "quotes:\n      - source: nowhere-"),  # unknown source
        ("globe-and-mail.yaml", "type: objection", "type: claim"),  # a type: other nodes' rules change
        ("nato-association.yaml", "supports: [", "supports: [missing-node, "),
        ("viakhireva.yaml", "text: Reworded, ", "text: "),
        ("viakhireva.yaml", "themes: [", "themes: [nowhere, "),  # words and uses, not structure
        ("globe-and-mail.yaml", "    by: [", "    by: [nobody, "),
        ("viakhireva.yaml", "themes: [nowhere, ", "themes: ["),
    ]
    for name, old, new in edits:
        path = folder / name
        text = path.read_text()
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1))
        same(ws.update([path]), fresh(project))


def test_an_edit_of_words_rechecks_only_what_it_moved(project: Path, monkeypatch) -> None:
    from argmap import validate

    ws = Workspace(project / MAP, cache=False)
    before = ws.load()
    checked: list[str] = []
    real = validate._Checker.node_references

    def counting(self, node, origin):
        checked.append(node.id)
        return real(self, node, origin)

    monkeypatch.setattr(validate._Checker, "node_references", counting)
    path = project / MAP / "nodes" / "viakhireva.yaml"
    in_file = [i for i in before.map.nodes if before.map.origin("nodes", i).display.endswith("viakhireva.yaml")]
    path.write_text(path.read_text().replace("text: ", "text: Reworded, ", 1))
    result = ws.update([path])
    assert len(checked) == 1 and checked[0] in in_file, "only the reworded node: the others are written as before"
    same(result, fresh(project))
    checked.clear()
    path.write_text("# a line above every entry: each is now one line lower\n" + path.read_text())
    result = ws.update([path])
    assert sorted(checked) == sorted(in_file)
    same(result, fresh(project))
    checked.clear()
    text = path.read_text()
    path.write_text(text.replace("supports: [", "supports: [missing-node, ", 1))
    result = ws.update([path])
    linked = next(n for n, node in result.map.nodes.items() if "missing-node" in node.supports)
    # a changed link re-checks the node, what it supports, and the steps under those (whose
    # support can come through them), not the map
    supported = set(before.map.nodes[linked].supports)
    steps = {p for t in supported for p in before.map.parts(t)}
    assert linked in checked and supported <= set(checked) and steps <= set(checked)
    assert len(checked) < len(before.map.nodes) / 4
    same(result, fresh(project))


def test_quote_searches_are_kept_across_processes(project: Path, monkeypatch) -> None:
    """A change of structure re-checks every node, but no quote is searched for again."""
    from argmap import validate

    Workspace(project / MAP).load()
    searched: list[str] = []
    real = validate.find_quote

    def counting(quote, *args, **kwargs):
        searched.append(quote)
        return real(quote, *args, **kwargs)

    monkeypatch.setattr(validate, "find_quote", counting)
    path = project / MAP / "nodes" / "nato-association.yaml"
    path.write_text(path.read_text().replace("supports: [", "supports: [missing-node, ", 1))
    result = Workspace(project / MAP).load()
    assert searched == []
    monkeypatch.undo()
    same(result, fresh(project))


def test_an_unsaved_new_file_and_the_order_of_files(project: Path) -> None:
    """A file that exists only in an editor joins the map in its place; which of two
    definitions of an id comes first follows the loader's order of files."""
    ws = Workspace(project / MAP)
    ws.load()
    twin = (project / MAP / "nodes" / "viakhireva.yaml").read_text()
    new = project / MAP / "nodes-extra.yaml"  # sorts before nodes/ as a string, after as a path
    result = ws.update({new: twin})
    assert any(p.code == "AM202" for p in result.problems)
    new.write_text(twin)
    same(result, fresh(project))
    same(Workspace(project / MAP).load(), fresh(project))


def test_an_actor_no_longer_used_is_reported_by_a_recheck(project: Path) -> None:
    """Which entries are used is kept node by node: the last use removed by an edit of words
    (no change of structure) is seen, and restoring it is seen too."""
    ws = Workspace(project / MAP)
    before = ws.load()
    m = before.map
    users: dict[str, list[str]] = {}
    for node in m.nodes.values():
        for actor in node.by:
            users.setdefault(actor, []).append(node.id)
    actor, (node_id,) = next((a, ids) for a, ids in users.items() if len(ids) == 1 and len(m.nodes[ids[0]].by) == 1)
    other = next(a for a in users if a != actor)
    path = project / m.origin("nodes", node_id).display
    text = path.read_text()
    assert text.count(f"by: [{actor}]") == 1
    path.write_text(text.replace(f"by: [{actor}]", f"by: [{other}]"))
    result = ws.update([path])
    assert any(p.code == "AM504" and f"`{actor}`" in p.message for p in result.problems)
    same(result, fresh(project))
    path.write_text(text)
    same(ws.update([path]), before)


def test_a_source_replaced_by_a_link_out_of_the_project_is_refused(project: Path, tmp_path_factory) -> None:
    """Source names resolved before are not walked again only while they reach the same file."""
    ws = Workspace(project / MAP)
    before = ws.load()
    source = next(iter(before.map.sources.values()))
    path = project / source.file
    outside = tmp_path_factory.mktemp("outside") / "text.txt"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    result = ws.update([path])
    assert any(p.code == "AM402" for p in result.problems)
    same(result, fresh(project))


def test_a_map_with_an_imported_dialogue_layer(tmp_path: Path) -> None:
    """What an import keeps of the other tool's file (`dialogue:`) is cached with its file and
    checked with the map, as the loader does."""
    from argmap.dump import dump_map
    from argmap.interchange.aif_import import import_aif

    result = import_aif(ROOT / "tests" / "interchange" / "fixtures" / "aif" / "dialam-2024-test_map10.json")
    assert result.doc.dialogue is not None
    (tmp_path / "argmap.toml").write_text('maps = "."\n')
    path = tmp_path / "imported.yaml"
    path.write_text(dump_map(result.doc), encoding="utf-8")
    expected = load_map(path)
    assert expected.map.dialogue is not None
    cold, warm = Workspace(path).load(), Workspace(path).load()
    same(cold, expected)
    same(warm, expected)
    assert warm.map.dialogue == expected.map.dialogue
    # a node the dialogue names is removed: the layer's note (AM215) follows
    node = result.doc.dialogue.propositions[0].node
    text = path.read_text(encoding="utf-8")
    ws = Workspace(path)
    ws.load()
    edited = text.replace(f"- id: {node}\n", f"- id: {node}-gone\n", 1)
    assert edited != text
    after = ws.update({path: edited})
    path.write_text(edited, encoding="utf-8")
    assert any(p.code == "AM215" for p in after.problems)
    same(after, load_map(path))


def test_the_commands_say_the_same_with_and_without_the_cache(project: Path, capsys, monkeypatch) -> None:
    """`argmap validate --format json` and `argmap export`: cold, warm, and with the cache off."""
    from conftest import run_cli

    monkeypatch.chdir(project)
    monkeypatch.delenv("ARGMAP_NO_CACHE", raising=False)
    monkeypatch.delenv("ARGMAP_CACHE_DIR", raising=False)
    runs = []
    for _ in range(2):  # cold, then warm
        runs.append((run_cli(capsys, "validate", MAP, "--format", "json"), run_cli(capsys, "export", MAP)))
    assert (project / CACHE_DIR).is_dir()
    monkeypatch.setenv("ARGMAP_NO_CACHE", "1")
    shutil.rmtree(project / CACHE_DIR)
    runs.append((run_cli(capsys, "validate", MAP, "--format", "json"), run_cli(capsys, "export", MAP)))
    assert not (project / CACHE_DIR).exists()
    monkeypatch.delenv("ARGMAP_NO_CACHE")
    elsewhere = project.parent / "elsewhere-cache"
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(elsewhere))
    runs.append((run_cli(capsys, "validate", MAP, "--format", "json"), run_cli(capsys, "export", MAP)))
    assert elsewhere.is_dir() and not (project / CACHE_DIR).exists()
    (code, out, _), (ecode, eout, _) = runs[0]
    assert code == 0 and ecode == 0 and '"problems"' in out and eout.startswith("{")
    assert all(run == runs[0] for run in runs[1:])


def test_edits_of_a_file_after_the_first_reread_only_their_entries(project: Path, monkeypatch) -> None:
    """The first edit of a file parses it whole; later edits of it re-read only the entries they
    touch (argmap.reparse), and every result says what a fresh load says: a reworded node, a
    node added with a broken link, one removed, and a syntax error and its repair."""
    import argmap.incremental as incremental

    whole: list[str] = []
    answered: list[str] = []
    real_parse, real_reparse = incremental.parse_yaml, incremental.reparse

    def counting(raw, path, display):
        whole.append(Path(path).name)
        return real_parse(raw, path, display)

    def counting_reparse(before, raw, path, display):
        got = real_reparse(before, raw, path, display)
        if got is not None:
            answered.append(Path(path).name)
        return got

    monkeypatch.setattr(incremental, "parse_yaml", counting)
    monkeypatch.setattr(incremental, "reparse", counting_reparse)
    ws = Workspace(project / MAP, cache=False)
    ws.load()
    whole.clear()
    target = project / MAP / "nodes" / "nato-association.yaml"
    original = target.read_text(encoding="utf-8")
    anchor = original.index("\n  - id: ", len(original) // 2) + 1
    edits = [
        original.replace("text: ", "text: Reworded, ", 1),
        original[:anchor] + "  - id: nac-added\n    type: claim\n    side: engage\n    text: A new claim.\n"
                            "    supports: [no-such-node]\n" + original[anchor:],
        original[:anchor] + original[original.index("\n  - id: ", anchor) + 1:],
        original[:anchor] + "  - id: [broken\n" + original[anchor:],
        original,
    ]
    for text in edits:
        target.write_text(text, encoding="utf-8")
        same(ws.update([target]), fresh(project))
    # parsed whole: the first edit, the broken one, and the repair after it (other files are
    # parsed again only to place the problems the broken file moved)
    assert [name for name in whole if name == target.name] == [target.name] * 3
    assert answered == [target.name] * 2  # the node added, the node removed
