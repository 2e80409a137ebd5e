"""The two sides of a diff: a map on disk, or a map as it was at a git revision.

A revision is read with `git archive` into a temporary folder (the working tree and the index
are never touched), loaded from there, and the folder removed. Source texts are not read from
the revision: a diff compares what the map says, and the map records each source's file and
hash; problems with source files and quotes are left to `argmap validate`.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..core import ArgumentMap
from ..problems import InputError, Problem, UsageError

__all__ = ["Version", "load_version", "GitRepo"]

_GIT_TIMEOUT = 120


@dataclass
class Version:
    """A loaded map and how to name it in a report (`HEAD~1`, `arguments/x`)."""

    name: str
    argmap: ArgumentMap
    revision: str | None = None  # the commit, for a map read from git


class GitRepo:
    """The git repository holding a folder; every call runs `git` with a timeout."""

    def __init__(self, folder: Path) -> None:
        self.git = shutil.which("git")
        if self.git is None:
            raise UsageError("git is not installed, so a revision cannot be read",
                             hint="install git, or name two map folders to compare")
        proc = self._run("rev-parse", "--show-toplevel", cwd=folder, check=False)
        if proc.returncode != 0:
            said = proc.stderr.decode("utf-8", "replace").strip()
            if "not a git repository" not in said.lower():  # dubious ownership, a broken .git, ...
                first, *rest = [line.strip() for line in said.splitlines() if line.strip()] or [f"exit code {proc.returncode}"]
                raise UsageError(f"git cannot read the repository around `{folder}`: {first.removeprefix('fatal: ')}",
                                 hint=" ".join(rest) or None)
            raise UsageError(f"`{folder}` is not in a git repository, so no revision of its map can be read",
                             hint="name two map files or folders to compare, or run argmap inside the project's git checkout")
        self.top = Path(proc.stdout.decode("utf-8", "replace").strip()).resolve()

    def _run(self, *args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
        try:
            proc = subprocess.run([self.git, *args], cwd=cwd or self.top, capture_output=True, timeout=_GIT_TIMEOUT, check=False)  # type: ignore[list-item]
        except subprocess.TimeoutExpired:
            raise UsageError(f"git {args[0]} took more than {_GIT_TIMEOUT} s") from None
        except OSError as exc:
            raise UsageError(f"git could not be run: {exc}") from None
        if check and proc.returncode != 0:
            message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(f"git {args[0]} failed: {message[-1] if message else proc.returncode}")
        return proc

    def commit(self, rev: str) -> str | None:
        """The commit `rev` names, or None when it names none."""
        if not rev or rev.startswith("-"):
            return None
        proc = self._run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def shallow(self) -> bool:
        proc = self._run("rev-parse", "--is-shallow-repository", check=False)
        return proc.stdout.decode().strip() == "true"

    def kind(self, commit: str, rel: str) -> str | None:
        """`tree`, `blob`, or None when `rel` is not in that commit."""
        proc = self._run("cat-file", "-t", f"{commit}:{rel}", check=False)
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def extract(self, commit: str, paths: list[str], into: Path) -> None:
        """Write `paths` as they are in `commit` below `into`."""
        proc = self._run("archive", "--format=tar", commit, "--", *paths)
        with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
            archive.extractall(into, filter="data")


def load_version(spec: str, map_path: Path, root: Path | None = None) -> Version:
    """Load `spec`: a map file or folder, or a git revision (`HEAD~1`, a tag, a branch, or
    `REV:path`) of the map at `map_path`."""
    path = Path(spec)
    if path.exists():
        from ..yamlsafe import display_path

        name = display_path(path)
        return Version(name, _load(path, root, name))
    rev, _, rel = spec.partition(":")
    target = Path(rel) if rel else map_path
    if not rev:
        raise UsageError(f"no map at `{spec}`", hint="name a map file or folder, or a git revision such as HEAD~1")
    folder = target if target.is_dir() else target.parent
    anchor = folder if folder.exists() else Path.cwd()
    repo = GitRepo(anchor)
    commit = repo.commit(rev)
    if commit is None:
        hint = "name a commit, tag or branch (git log --oneline lists them), or an existing map file or folder"
        if repo.shallow():
            hint = "this is a shallow clone, which lacks older commits: git fetch --unshallow; or " + hint
        raise UsageError(f"`{rev}` is neither a map file or folder nor a revision of the git repository at `{repo.top}`", hint=hint)
    absolute = (target if target.is_absolute() else Path.cwd() / target).resolve()
    try:
        rel_map = absolute.relative_to(repo.top).as_posix()
    except ValueError:
        raise UsageError(f"the map `{target}` is not inside the git repository at `{repo.top}`",
                         hint="run argmap in the project's checkout, or pass --map PATH") from None
    kind = repo.kind(commit, rel_map)
    if kind is None:
        raise UsageError(f"there is no `{rel_map}` at {rev} ({commit[:10]})",
                         hint="the map did not exist yet, or had another name: pass --map PATH, or REV:PATH")
    from ..project import root_for

    project_root = (root or root_for(absolute)).resolve()
    rel_root = project_root.relative_to(repo.top).as_posix() if project_root == repo.top or repo.top in project_root.parents else ""
    paths = [rel_map]
    config = f"{rel_root}/argmap.toml" if rel_root not in ("", ".") else "argmap.toml"
    if repo.kind(commit, config) == "blob":
        paths.append(config)
    with tempfile.TemporaryDirectory(prefix="argmap-diff-") as tmp:
        repo.extract(commit, paths, Path(tmp))
        where = Path(tmp) / rel_map
        base = Path(tmp) / rel_root if rel_root not in ("", ".") else Path(tmp)
        argmap = _load(where, base, spec, rename=(str(Path(tmp).resolve()), f"{rev}:"))
    return Version(rev if not rel else spec, argmap, commit)


def _load(path: Path, root: Path | None, spec: str, rename: tuple[str, str] | None = None) -> ArgumentMap:
    """Load for a diff: source files and quotes are not checked (see the module's note)."""
    from ..loader import load_map

    result = load_map(path, root=root, verify_quotes=False)
    problems = [p for p in result.problems if p.is_error and not p.code.startswith("AM4")]
    texts = result.texts()
    if rename is not None:
        problems = [_renamed(p, *rename) for p in problems]
        texts = {_renamed_path(k, *rename): v for k, v in texts.items()}
    if result.map is None or problems:
        import click

        from ..report import format_human

        if problems:
            click.echo(format_human(problems, texts), err=True)
        count = len(problems)
        raise InputError(f"the map at `{spec}` has {count} error{'s' if count != 1 else ''}; a diff needs both versions to load",
                         hint="argmap validate shows every problem" if rename is None else
                         "check out that revision and run argmap validate to see every problem")
    return result.map


def _renamed_path(path: str, prefix: str, replacement: str) -> str:
    resolved = str(Path(path).resolve()) if path else path
    if resolved.startswith(prefix):
        return replacement + resolved[len(prefix):].lstrip("/")
    return path


def _renamed(problem: Problem, prefix: str, replacement: str) -> Problem:
    return replace(problem, path=_renamed_path(problem.path, prefix, replacement))
