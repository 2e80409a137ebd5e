"""`argmap brief --since OLD`: a short "What changed since …" section at the top, in each format."""

from __future__ import annotations

import re

import pytest

from conftest import run_cli
from diff_helpers import repo  # noqa: F401 - `repo` is a fixture

pytestmark = pytest.mark.exe("git")



def _plain(markdown: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def test_markdown_section_before_the_bottom_line(repo, capsys, tmp_path):
    out = tmp_path / "b.md"
    code, _, err = run_cli(capsys, "brief", "--since", "v1", "--no-diagram", "-o", str(out))
    assert code == 0, err
    text = _plain(out.read_text())
    since = text.index("## What changed since v1")
    assert text.index("# Trade with the neighbours") < since < text.index("## Bottom line")
    section = text[since:text.index("## Bottom line")]
    assert "- Trade more (`rec`): stands → countered: the unanswered objection `doubt` defeats its only reason `why`;" in section
    assert "- New objection: The jobs go to the neighbours. (`doubt`)" in section
    assert "- Removed claim: Friendly relations between the countries depend on trade. (`gone`)" in section
    assert "- Changed rebuttal: The costs are small, known, and falling. (`reply`: text, themes)" in section
    assert "- Renamed: `stat` → `trade-stat`" in section


def test_html_section(repo, capsys, tmp_path):
    out = tmp_path / "b.html"
    assert run_cli(capsys, "brief", "--since", "HEAD~1", "--no-diagram", "-o", str(out))[0] == 0
    page = out.read_text()
    section = page[page.index('<section class="since" id="since">'):page.index("</section>", page.index('id="since"'))]
    assert "<h2>What changed since HEAD~1</h2>" in section
    assert "<li>Trade more (<code>rec</code>): stands → countered: the unanswered objection <code>doubt</code>" in section


def test_docx_section(repo, capsys, tmp_path):
    import docx

    out = tmp_path / "b.docx"
    assert run_cli(capsys, "brief", "--since", "v1", "--no-diagram", "-o", str(out))[0] == 0
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(out)).paragraphs]
    at = paragraphs.index(("Heading 1", "What changed since v1"))
    assert paragraphs[at + 2][0] == "List Bullet" and paragraphs[at + 2][1].startswith("Trade more (rec): stands → countered")
    first_section = next(i for i, (style, _) in enumerate(paragraphs) if style == "Heading 1")
    assert first_section == at


def test_nothing_changed(repo, capsys, tmp_path):
    out = tmp_path / "b.md"
    assert run_cli(capsys, "brief", "--since", "HEAD", "--no-diagram", "-o", str(out))[0] == 0
    assert "Nothing: the map says the same as at HEAD." in _plain(out.read_text())


def test_without_since_no_section(repo, capsys, tmp_path):
    out = tmp_path / "b.md"
    assert run_cli(capsys, "brief", "--no-diagram", "-o", str(out))[0] == 0
    assert "What changed" not in out.read_text()


def test_unknown_revision(repo, capsys, tmp_path):
    code, _, err = run_cli(capsys, "brief", "--since", "v9", "--no-diagram", "-o", str(tmp_path / "b.md"))
    assert code == 2 and "`v9` is neither" in err
