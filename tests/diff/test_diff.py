"""`argmap diff`: two versions of a map in a temporary git repository, compared in every format."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from argmap.diff import diff_maps
from argmap.diff.words import word_diff
from argmap.loader import load_map
from conftest import BUNDLED, CORPUS, ROOT, run_cli
from diff_helpers import V1_NODES, V2_NODES, git, repo, two_commits, write_version  # noqa: F401 - `repo` is a fixture

pytestmark = pytest.mark.exe("git")



def _loaded(project: Path, nodes: str):
    folder = write_version(project, nodes)
    result = load_map(folder)
    assert result.ok, result.errors
    return result.map


@pytest.fixture
def versions(tmp_path: Path):
    """V1 and V2, each loaded from its own project folder."""
    a, b = tmp_path / "a", tmp_path / "b"
    for p in (a, b):
        p.mkdir()
        (p / "argmap.toml").write_text('maps = "maps"\n')
        (p / "sources").mkdir()
        shutil.copy(CORPUS / "sources" / "speech.txt", p / "sources" / "speech.txt")
    old = _loaded(a, V1_NODES)
    new = _loaded(b, V2_NODES)
    return old, new


# -- the core --------------------------------------------------------------------------------------


def test_nodes_added_removed_changed_and_renamed(versions):
    d = diff_maps(*versions)
    assert [r.id for r in d.added] == ["doubt"]
    assert [r.id for r in d.removed] == ["gone"]
    assert [(r.old, r.new) for r in d.renamed] == [("stat", "trade-stat")]
    (change,) = d.changed
    assert change.id == "reply"
    fields = {f.field: f for f in change.fields}
    assert set(fields) == {"text", "themes"}
    assert fields["themes"].added == ["jobs"] and fields["themes"].removed == []
    words = fields["text"].words
    assert "".join(s.text for s in words if s.op != "+") == "The costs are small and well known."
    assert "".join(s.text for s in words if s.op != "-") == "The costs are small, known, and falling."
    assert [s.text for s in words if s.op == "-"] == ["well known"]


def test_relations_follow_the_rename(versions):
    d = diff_maps(*versions)
    added = [(r.source, r.target, r.kind) for r in d.relations_added]
    removed = [(r.source, r.target, r.kind) for r in d.relations_removed]
    assert added == [("doubt", "why", "undercut")]
    assert removed == [("gone", "rec", "support")]  # `stat supports why` is `trade-stat supports why`: no change
    assert d.relations_changed == ()


def test_consequences_label_and_verdict(versions):
    d = diff_maps(*versions)
    assert [(c.id, c.old, c.new) for c in d.labels] == [("why", "in", "out")]
    (verdict,) = d.verdicts
    assert (verdict.id, verdict.old, verdict.new) == ("rec", "stands", "countered")
    assert "`gone`" in verdict.old_reason and "`doubt`" not in verdict.old_reason
    assert "unanswered objection `doubt`" in verdict.new_reason
    assert verdict.new_strength < verdict.old_strength


def test_a_map_against_itself_is_empty():
    m = load_map(BUNDLED, verify_quotes=False).map
    d = diff_maps(m, m)
    assert d.empty and d.to_dict()["same"] is True


def test_quotes_sources_and_definitions(versions):
    old, new = versions
    new.nodes["rec"] = new.nodes["rec"].model_copy(update={"quotes": [
        new.nodes["rec"].quotes[0].model_copy(update={"text": "We should trade more with our good neighbours."}),
        new.nodes["why"].quotes[0]]})
    new.nodes["why"] = new.nodes["why"].model_copy(update={"quotes": []})
    new.sources["speech"] = new.sources["speech"].model_copy(update={"file": "sources/speech-2.txt"})
    new.themes.pop("jobs")
    d = diff_maps(old, new, evaluate=False)
    assert [(q.node, q.source) for q in d.quotes_changed] == [("rec", "speech")]
    assert [s.text for s in d.quotes_changed[0].words if s.op == "+"] == ["good"]
    assert [(q.node, q.text) for q in d.quotes_added] == [("rec", "Trade creates jobs")]
    assert [(q.node, q.text) for q in d.quotes_removed] == [("why", "Trade creates jobs")]
    (source,) = d.sources
    assert source.change == "changed" and source.fields[0].field == "file"
    assert source.fields[0].old == "sources/speech.txt" and source.fields[0].new == "sources/speech-2.txt"
    assert [(e.section, e.id, e.change) for e in d.definitions] == [("themes", "jobs", "removed")]
    assert not d.evaluated and d.labels == () and d.verdicts == ()


def test_import_layers_are_reported_as_a_whole(versions):
    from argmap.diff.formats import to_text
    from argmap.model import ArgdownLayer

    old, new = versions
    new.argdown = ArgdownLayer(contradictory=[["why", "doubt"]])
    d = diff_maps(old, new, evaluate=False)
    assert [(e.section, e.change) for e in d.definitions] == [("argdown", "added")]
    assert "  + the imported Argdown arguments and contradictions" in to_text(d)


def test_renamed_and_reworded_node_is_found_by_its_relations(versions):
    old, new = versions
    node = new.nodes.pop("trade-stat")
    new.nodes["trust-figure"] = node.model_copy(update={"id": "trust-figure",
                                                         "text": "Trade builds trust between peoples, the speech says."})
    new._supporters = None  # relations are indexed once; the test edits the map in place
    d = diff_maps(old, new, evaluate=False)
    assert [(r.old, r.new) for r in d.renamed] == [("stat", "trust-figure")]
    assert [c.id for c in d.changed if c.old_id == "stat"] == ["trust-figure"]


@given(st.text(alphabet="ab ,.c\n", max_size=30), st.text(alphabet="ab ,.c\n", max_size=30))
def test_word_diff_gives_back_both_texts(old, new):
    segments = word_diff(old, new)
    def words(text):
        return re.findall(r"\w+|[^\w\s]", text)
    assert words("".join(s.text for s in segments if s.op != "+")) == words(old)
    assert words("".join(s.text for s in segments if s.op != "-")) == words(new)


# -- the command, every format ---------------------------------------------------------------------


def test_text_report(repo, capsys):
    code, out, err = run_cli(capsys, "diff", "v1", "v2")
    assert code == 0, err
    assert out.startswith("Changes to “Trade with the neighbours” from v1 to v2\n")
    assert "  + doubt (objection, con) “The jobs go to the neighbours.”" in out
    assert "  - gone (claim, pro)" in out
    assert "  → stat renamed trade-stat (evidence)" in out
    assert "text: The costs are small{+, known,+} and [-well known-]{+falling+}." in out
    assert "  + doubt undercuts why" in out and "  - gone supports rec" in out
    assert "  ! why “Trade creates jobs and builds trust.”: in → out" in out
    assert re.search(r"  ! rec “Trade more”: stands → countered\n      before: stands: .+\n"
                     r"      after: countered: the unanswered objection `doubt` defeats its only reason `why`; .+\n"
                     r"      strength: 0\.\d\d → 0\.\d\d\n", out)
    # consequences come first: the reader's first question is whether the answer changed
    assert out.index("Verdicts changed") < out.index("Nodes")


def _unescaped(markdown: str) -> str:
    """Markdown with its backslash escapes undone (how much is escaped is the escaper's choice)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def test_markdown_report(repo, capsys):
    code, out, _ = run_cli(capsys, "diff", "HEAD~1", "HEAD", "--format", "md")
    assert code == 0
    out = _unescaped(out)
    assert out.startswith("# Changes to “Trade with the neighbours” from HEAD~1 to HEAD\n")
    assert "## Verdicts changed" in out and "- `rec` “Trade more”: *stands* → *countered*" in out
    assert "  - after: countered: the unanswered objection `doubt` defeats its only reason `why`;" in out
    assert "- added: `doubt` (objection, con)" in out
    assert "- renamed: `stat` renamed `trade-stat`" in out
    assert "  - text: The costs are small**, known,** and ~~well known~~**falling**." in out


def test_json_report(repo, capsys):
    code, out, _ = run_cli(capsys, "diff", "v1", "v2", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["old"] == "v1" and data["new"] == "v2" and data["same"] is False
    assert data["old_commit"] == git(repo, "rev-parse", "v1^{commit}").strip()
    assert data["new_commit"] == git(repo, "rev-parse", "v2^{commit}").strip()
    assert [n["id"] for n in data["nodes"]["added"]] == ["doubt"]
    assert [n["id"] for n in data["nodes"]["removed"]] == ["gone"]
    assert data["nodes"]["renamed"] == [{"old": "stat", "new": "trade-stat", "type": "evidence",
                                         "label": "Trade builds trust between peoples, the speech reports."}]
    assert data["relations"]["added"][0] == {"source": "doubt", "target": "why", "kind": "undercut", "strength": "decisive",
                                             "scope": "package", "verb": "undercuts"}
    (verdict,) = data["consequences"]["verdicts"]
    assert (verdict["id"], verdict["old"], verdict["new"]) == ("rec", "stands", "countered")
    assert "`doubt`" in verdict["new_reason"] and 0 <= verdict["new_strength"] < verdict["old_strength"] <= 1
    assert data["counts"]["nodes_renamed"] == 1


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in ("meta", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()


def test_html_report_is_self_contained(repo, capsys, tmp_path):
    target = tmp_path / "out" / "diff.html"
    target.parent.mkdir()
    code, _, err = run_cli(capsys, "diff", "v1", "v2", "-o", str(target))
    assert code == 0 and "wrote" in err
    page = target.read_text()
    parser = _Tags()
    parser.feed(page)
    assert parser.stack == [] and "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert "<del>well known</del><ins>falling</ins>" in page
    assert '<li class="item renamed"><span class="mark">renamed</span><code>stat</code> renamed <code>trade-stat</code>' in page


def test_hostile_text_is_escaped_in_every_format(repo, capsys):
    # (control characters never get this far: the map is refused with AM009, exit 1)
    hostile = 'Evil &amp; <script>alert(1)</script> [link](javascript:x) **bold**'
    write_version(repo, V2_NODES.replace("The jobs go to the neighbours.", json.dumps(hostile + " \x1b[31mred")))
    code, out, err = run_cli(capsys, "diff", "v1", "--format", "html")
    assert code == 1 and out == "" and "AM009" in err
    write_version(repo, V2_NODES.replace("The jobs go to the neighbours.", json.dumps(hostile)))
    outputs = {fmt: run_cli(capsys, "diff", "v1", "--format", fmt)[1] for fmt in ("text", "md", "html", "json")}
    assert "<script>" not in outputs["html"]
    assert "Evil &amp;amp; &lt;script&gt;" in outputs["html"]
    assert re.search(r"\\\]\\?\(javascript:x", outputs["md"])  # `](` escaped: no link
    assert "\\*\\*bold\\*\\*" in outputs["md"] and "\\<script" in outputs["md"]
    assert json.loads(outputs["json"])["nodes"]["added"][0]["label"] == hostile  # JSON keeps the text as it is


# -- git: revisions, errors, and the working tree left alone ---------------------------------------


def test_working_tree_against_a_revision_and_nothing_touched(repo, capsys):
    (repo / "maps" / "trade" / "nodes.yaml").write_text(V2_NODES.replace("The jobs go", "Most jobs go"))
    before = git(repo, "status", "--porcelain")
    stash = git(repo, "stash", "list")
    code, out, _ = run_cli(capsys, "diff", "HEAD")
    assert code == 0
    assert "from HEAD to maps/trade" in out
    assert "text: [-The-]{+Most+} jobs go to the neighbours." in out
    assert git(repo, "status", "--porcelain") == before and git(repo, "stash", "list") == stash
    assert "Most jobs go" in (repo / "maps" / "trade" / "nodes.yaml").read_text()


def test_no_change_says_so(repo, capsys):
    code, out, _ = run_cli(capsys, "diff", "v2", "HEAD")
    assert code == 0
    assert "No changes: the map says the same at v2 and at HEAD." in out
    assert "Nodes" not in out


def test_rev_colon_path_and_map_option(repo, capsys):
    code, out, _ = run_cli(capsys, "diff", "v1:maps/trade", "v2:maps/trade", "--format", "json")
    assert code == 0 and json.loads(out)["counts"]["nodes_added"] == 1
    code, out, _ = run_cli(capsys, "diff", "v1", "v2", "--map", "maps/trade", "--format", "json")
    assert code == 0 and json.loads(out)["old"] == "v1"


def test_unknown_revision_is_a_usage_error(repo, capsys):
    code, _, err = run_cli(capsys, "diff", "no-such-tag", "HEAD")
    assert code == 2
    assert "`no-such-tag` is neither a map file or folder nor a revision" in err
    assert "hint:" in err


def test_not_a_git_repository_is_a_usage_error(tmp_path, capsys, monkeypatch):
    project = tmp_path / "plain"
    project.mkdir()
    (project / "argmap.toml").write_text('maps = "maps"\n')
    (project / "sources").mkdir()
    shutil.copy(CORPUS / "sources" / "speech.txt", project / "sources" / "speech.txt")
    write_version(project, V1_NODES)
    monkeypatch.chdir(project)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, _, err = run_cli(capsys, "diff", "HEAD~1", "HEAD")
    assert code == 2
    assert "is not in a git repository" in err


def test_map_missing_at_the_revision(repo, capsys):
    code, _, err = run_cli(capsys, "diff", "v1", "v2", "--map", "maps/other")
    assert code == 2 and "there is no `maps/other` at v1" in err


def test_invalid_version_exits_one_with_positions(repo, capsys):
    (repo / "maps" / "trade" / "nodes.yaml").write_text(V2_NODES.replace("supports: [why]", "supports: [whyy]"))
    code, _, err = run_cli(capsys, "diff", "HEAD")
    assert code == 1
    assert re.search(r"maps/trade/nodes.yaml:\d+:\d+: error AM201 unknown node `whyy`", err)
    assert "a diff needs both versions to load" in err


def test_invalid_revision_names_the_revision(repo, capsys):
    (repo / "maps" / "trade" / "nodes.yaml").write_text(V2_NODES.replace("supports: [why]", "supports: [whyy]"))
    git(repo, "commit", "-qam", "broken")
    code, _, err = run_cli(capsys, "diff", "v2", "HEAD")
    assert code == 1
    assert re.search(r"HEAD:maps/trade/nodes.yaml:\d+:\d+: error AM201", err)


def test_diff_of_this_project_head_1_head(capsys, monkeypatch):
    """What CI runs in a fresh clone of this project: `argmap diff HEAD~1 HEAD`."""
    if not (ROOT / ".git").exists():
        pytest.skip("the tests are not running from a git checkout")
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    parent = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD~1"], cwd=ROOT, capture_output=True, text=True)
    if parent.returncode != 0:
        pytest.skip("HEAD~1 is not available: " + ("a shallow clone" if shallow == "true" else "a single commit"))
    monkeypatch.chdir(ROOT)
    code, out, err = run_cli(capsys, "diff", "HEAD~1", "HEAD")
    assert code == 0, err
    assert out.startswith("Changes to “Canada and Russia after 2014") and " from HEAD~1 to HEAD\n" in out


# -- consequences: evaluating only the region a change reaches gives what evaluating all gives ----


@st.composite
def _graphs(draw):
    """Random maps (no files behind them): supports and parts point back, attacks anywhere."""
    from argmap.model import Attack, AttackKind, AttackScope, AttackStrength, Node, NodeType, Weight

    n = draw(st.integers(2, 14))
    types = [NodeType.RECOMMENDATION] + [draw(st.sampled_from(list(NodeType))) for _ in range(n - 1)]
    nodes = []
    for i, t in enumerate(types):
        earlier = [f"n{j}" for j in range(i)]
        supports = draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)) if earlier and t is not NodeType.RECOMMENDATION else []
        attacks = [Attack(target=f"n{draw(st.integers(0, n - 1))}", kind=draw(st.sampled_from(list(AttackKind))),
                          strength=draw(st.sampled_from(list(AttackStrength))), scope=draw(st.sampled_from(list(AttackScope))))
                   for _ in range(draw(st.integers(0, 2)))]
        attacks = [a for a in attacks if a.target != f"n{i}"]
        recs_before = [f"n{j}" for j in range(i) if types[j] is NodeType.RECOMMENDATION]
        part_of = draw(st.lists(st.sampled_from(recs_before), max_size=1)) if t is NodeType.RECOMMENDATION and recs_before else []
        nodes.append(Node(id=f"n{i}", type=t, side="s", text=f"node {i}", supports=supports, attacks=attacks,
                          part_of=part_of, weight=draw(st.sampled_from([None, *Weight]))))
    return nodes


def _argmap(nodes):
    from argmap.core import ArgumentMap
    from argmap.model import MapFile, MapInfo, Side

    return ArgumentMap.from_document(MapFile(map=MapInfo(id="g", title="g", question="q?"),
                                             sides=[Side(id="s", label="S", colour="#000000")], nodes=nodes))


@given(_graphs(), st.data())
def test_local_consequences_equal_a_whole_evaluation(nodes, data):
    from argmap.evaluate import evaluate
    from argmap.model import Attack, Node, NodeType, Weight

    new_nodes = list(nodes)
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(new_nodes) - 1))
        action = data.draw(st.sampled_from(["remove", "attack", "weight", "add"]))
        node = new_nodes[i]
        if action == "remove" and len(new_nodes) > 2:
            gone = new_nodes.pop(i).id
            new_nodes = [x.model_copy(update={"supports": [t for t in x.supports if t != gone],
                                              "part_of": [t for t in x.part_of if t != gone],
                                              "attacks": [a for a in x.attack_list if a.target != gone]}) for x in new_nodes]
        elif action == "attack":
            target = data.draw(st.sampled_from([x.id for x in new_nodes if x.id != node.id] or [node.id]))
            if target != node.id:
                new_nodes[i] = node.model_copy(update={"attacks": [*node.attack_list, Attack(target=target)]})
        elif action == "weight":
            new_nodes[i] = node.model_copy(update={"weight": data.draw(st.sampled_from([None, *Weight]))})
        else:
            new_nodes.append(Node(id=f"x{len(new_nodes)}", type=NodeType.OBJECTION, side="s", text="new",
                                  attacks=[Attack(target=node.id)]))
    old, new = _argmap(nodes), _argmap(new_nodes)
    from argmap.diff import consequences as compare

    share, compare._LOCAL_SHARE = compare._LOCAL_SHARE, 1.0  # always the region, however much it covers
    try:
        local = diff_maps(old, new)
    finally:
        compare._LOCAL_SHARE = share
    whole = diff_maps(old, new, evaluate(old), evaluate(new))
    assert local.labels == whole.labels
    assert local.verdicts == whole.verdicts
    assert local.added == whole.added


@given(_graphs(), _graphs())
def test_diff_is_antisymmetric(a_nodes, b_nodes):
    """What one way adds, the other way removes; what changes, changes back."""
    a, b = _argmap(a_nodes), _argmap(b_nodes)
    forward, backward = diff_maps(a, b), diff_maps(b, a)
    assert {r.id for r in forward.added} == {r.id for r in backward.removed}
    assert {r.id for r in forward.removed} == {r.id for r in backward.added}
    assert {(r.old, r.new) for r in forward.renamed} == {(r.new, r.old) for r in backward.renamed}
    assert {(c.old_id, c.id) for c in forward.changed} == {(c.id, c.old_id) for c in backward.changed}
    assert {(r.source, r.target, r.kind) for r in forward.relations_added} == \
        {(r.source, r.target, r.kind) for r in backward.relations_removed}
    assert {(c.old_id, c.old, c.new) for c in forward.labels} == {(c.id, c.new, c.old) for c in backward.labels}
    assert diff_maps(a, a).empty


def test_git_refusing_the_repository_says_why(repo, capsys, monkeypatch):
    """Git's own complaint (here: a repository owned by someone else) is passed on, not hidden."""
    from argmap.diff import versions

    real = subprocess.run

    def refusing(args, **kwargs):
        if "--show-toplevel" in args:
            return subprocess.CompletedProcess(args, 128, b"", b"fatal: detected dubious ownership in repository at '/r'\n"
                                               b"To add an exception for this directory, call:\n\n\tgit config --global --add safe.directory /r\n")
        return real(args, **kwargs)

    monkeypatch.setattr(versions.subprocess, "run", refusing)
    code, _, err = run_cli(capsys, "diff", "v1", "v2")
    assert code == 2
    assert "git cannot read the repository around" in err and "detected dubious ownership" in err
    assert "safe.directory" in err
