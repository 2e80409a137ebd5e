"""Where maps and their sources live: the project folder, the bundled map, map discovery.

Source files are named relative to the *project folder*: the nearest folder above the map that
holds an `argmap.toml` (or, failing that, a `.git`). The bundled map lives in the checkout's
`arguments/` or, in an installed wheel, in `argmap/bundled/`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .problems import InputError

__all__ = ["Project", "find_project", "bundled_project", "default_project", "root_for", "map_paths", "limits_for",
           "MAP_SUFFIXES", "display_path"]

MAP_SUFFIXES = (".yaml", ".yml")
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Project:
    """A project folder: where source paths start, and where its maps are kept."""

    root: Path
    maps_dir: Path

    def maps(self) -> list[Path]:
        """Every map under the maps folder: each sub-folder holding YAML, and each YAML file."""
        if not self.maps_dir.is_dir():
            return []
        found = []
        for entry in sorted(self.maps_dir.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.is_dir() and any(_yaml_files(entry)):
                found.append(entry)
            elif entry.is_file() and entry.suffix in MAP_SUFFIXES:
                found.append(entry)
        return found


def _read_config(root: Path) -> Project:
    config_path = root / "argmap.toml"
    maps = "arguments"
    if config_path.is_file():
        try:
            config = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{config_path}: cannot read the project settings: {exc}",
                             hint="argmap.toml is TOML, e.g. the single line: maps = \"arguments\"") from None
        maps = config.get("maps", maps)
        if not isinstance(maps, str):
            raise InputError(f"{config_path}: `maps` must be a folder name in quotes, e.g. maps = \"arguments\"")
    return Project(root, (root / maps).resolve())


def limits_for(root: Path):
    """The size limits of the project at `root`: `[limits]` in its argmap.toml, else the defaults.

    ```toml
    [limits]
    max_file_mb = 64        # bytes of one map file, in MiB
    max_entries = 100000    # entries (`- id:`) of one map, all its files together
    ```
    """
    from .yamlsafe import Limits

    config_path = root / "argmap.toml"
    if not config_path.is_file():
        return Limits()
    try:
        config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return Limits()  # reported where the settings are read for the maps folder
    table = config.get("limits", {})
    if not isinstance(table, dict):
        raise InputError(f"{config_path}: `limits` must be a table: a line `[limits]`, then `max_file_mb = 64`")
    values = {}
    for key, field_name, scale in (("max_file_mb", "max_file_bytes", 1024 * 1024), ("max_entries", "max_entries", 1)):
        if key not in table:
            continue
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise InputError(f"{config_path}: `{key}` under [limits] must be a whole number above 0, not {value!r}")
        values[field_name] = value * scale
    unknown = sorted(set(table) - {"max_file_mb", "max_entries"})
    if unknown:
        from .suggest import did_you_mean

        raise InputError(f"{config_path}: unknown setting `{unknown[0]}` under [limits]",
                         hint=did_you_mean(unknown[0], ["max_file_mb", "max_entries"], lead="the settings are"))
    return Limits(**values)


def find_project(start: Path) -> Project | None:
    """The project that `start` (a map file or folder) belongs to, if any folder above marks one."""
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / "argmap.toml").is_file():
            return _read_config(folder)
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return _read_config(folder)
    return None


def bundled_project() -> Project:
    """The project holding the bundled map: the installed copy, or this checkout."""
    installed = _PACKAGE / "bundled"
    if (installed / "arguments").is_dir():
        return Project(installed, installed / "arguments")
    return _read_config(_PACKAGE.parent)


def default_project(cwd: Path | None = None) -> Project:
    """The project to use when no map is named: the one around the current folder, if it has
    maps; otherwise the bundled one."""
    project = find_project(cwd or Path.cwd())
    if project is not None and project.maps():
        return project
    return bundled_project()


def root_for(path: Path, explicit: Path | None = None) -> Path:
    """The folder a map's source paths are relative to."""
    if explicit is not None:
        return explicit.resolve()
    bundled = bundled_project()
    resolved = path.resolve()
    if resolved == bundled.maps_dir or bundled.maps_dir in resolved.parents:
        return bundled.root
    project = find_project(path)
    if project is not None:
        return project.root
    return resolved if resolved.is_dir() else resolved.parent


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _yaml_files(folder: Path):
    for suffix in MAP_SUFFIXES:
        yield from folder.rglob(f"*{suffix}")


def map_paths(path: Path) -> list[Path]:
    """The YAML files making up the map at `path` (a file, or a folder searched recursively)."""
    if path.is_dir():
        return sorted(p for p in _yaml_files(path) if not any(part.startswith(".") for part in p.relative_to(path).parts))
    return [path]
