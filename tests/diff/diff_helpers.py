"""Two versions of a small map, for the diff tests: what changes between them is listed in V2."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CORPUS

HEAD = """\
map:
  id: trade
  title: Trade with the neighbours
  question: Should we trade more?
sides:
  - {id: pro, label: Pro, colour: "#0072b2"}
  - {id: con, label: Con, colour: "#d55e00"}
actors:
  - {id: ann, name: Ann Author}
themes:
  - {id: trade, label: Trade}
  - {id: jobs, label: Jobs}
patterns:
  - {id: cost, label: Too costly}
sources:
  - id: speech
    title: Remarks to the Chamber of Commerce
    authors: [ann]
    file: sources/speech.txt
    sha256: 555a83ff8e41cc33f40cf3ee5ad5e72a0b26f7a7a48d5c2a24533b792f3ccaf3
"""

V1_NODES = """\
nodes:
  - id: rec
    type: recommendation
    side: pro
    title: Trade more
    text: We should trade more with our neighbours.
    by: [ann]
    themes: [trade]
    quotes:
      - {source: speech, text: We should trade more with our neighbours.}
  - id: why
    type: claim
    side: pro
    text: Trade creates jobs and builds trust.
    by: [ann]
    themes: [trade]
    supports: [rec]
    quotes:
      - {source: speech, text: Trade creates jobs}
  - id: stat
    type: evidence
    side: pro
    text: Trade builds trust between peoples, the speech reports.
    supports: [why]
    quotes:
      - {source: speech, text: it builds trust between peoples}
  - id: gone
    type: claim
    side: pro
    text: Friendly relations between the countries depend on trade.
    supports: [rec]
    quotes:
      - {source: speech, text: The friendlyrelations between our countries depend on it.}
  - id: obj
    type: objection
    side: con
    pattern: cost
    text: Trade costs too much.
    attacks: [rec]
    quotes:
      - {source: speech, text: Some say it costs too much.}
  - id: reply
    type: rebuttal
    side: pro
    text: The costs are small and well known.
    by: [ann]
    attacks: [obj]
    quotes:
      - {source: speech, text: the costs are small and well-known}
"""

# From V1: `gone` removed; `stat` renamed `trade-stat`; `reply`'s text reworded and a theme
# added; `doubt` added, an unanswered objection attacking `why` (rec's only reason left), which
# takes `rec` from standing to having no reason left standing.
V2_NODES = """\
nodes:
  - id: rec
    type: recommendation
    side: pro
    title: Trade more
    text: We should trade more with our neighbours.
    by: [ann]
    themes: [trade]
    quotes:
      - {source: speech, text: We should trade more with our neighbours.}
  - id: why
    type: claim
    side: pro
    text: Trade creates jobs and builds trust.
    by: [ann]
    themes: [trade]
    supports: [rec]
    quotes:
      - {source: speech, text: Trade creates jobs}
  - id: trade-stat
    type: evidence
    side: pro
    text: Trade builds trust between peoples, the speech reports.
    supports: [why]
    quotes:
      - {source: speech, text: it builds trust between peoples}
  - id: obj
    type: objection
    side: con
    pattern: cost
    text: Trade costs too much.
    attacks: [rec]
    quotes:
      - {source: speech, text: Some say it costs too much.}
  - id: reply
    type: rebuttal
    side: pro
    text: The costs are small, known, and falling.
    by: [ann]
    themes: [jobs]
    attacks: [obj]
    quotes:
      - {source: speech, text: the costs are small and well-known}
  - id: doubt
    type: objection
    side: con
    pattern: cost
    text: The jobs go to the neighbours.
    attacks: [{target: why, kind: undercut}]
    quotes:
      - {source: speech, text: the benefits are large}
"""


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null",
           "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(repo)}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def write_version(project: Path, nodes: str) -> Path:
    folder = project / "maps" / "trade"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "map.yaml").write_text(HEAD, encoding="utf-8")
    (folder / "nodes.yaml").write_text(nodes, encoding="utf-8")
    return folder


def two_commits(project: Path) -> Path:
    """A git repository at `project` with V1 committed, then V2 (tagged v1 and v2); returns the map folder."""
    git(project, "init", "-q", "-b", "main")
    folder = write_version(project, V1_NODES)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "v1")
    git(project, "tag", "v1")
    write_version(project, V2_NODES)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "v2")
    git(project, "tag", "v2")
    return folder


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A project in git: V1 committed (tag v1), then V2 (tag v2, HEAD); the current folder."""
    (tmp_path / "argmap.toml").write_text('maps = "maps"\n')
    (tmp_path / "sources").mkdir()
    shutil.copy(CORPUS / "sources" / "speech.txt", tmp_path / "sources" / "speech.txt")
    two_commits(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path
