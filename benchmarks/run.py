"""argmap's benchmarks: speed and memory at 1k, 10k and 50k nodes, as ratios against references.

    python benchmarks/run.py                      # what `make bench` runs; writes BENCHMARKS.md
    python benchmarks/run.py --sizes 1000 --repeat 3 --output /tmp/b.md

For each size a generated map (benchmarks/generate.py, cached under .bench/) is measured in a
fresh worker process: each stage is run several times and the median wall time kept, and the
worker's peak resident memory is read at the end. Every figure is also given as a ratio, in
the same run, against

- the floor: `yaml.load(..., Loader=yaml.CSafeLoader)` of the same map files, the least any
  YAML tool must spend (with Python's collector running, as it does by default; the same with
  it paused is shown too);
- the peer: the Argdown CLI (1.7.5) turning argmap's own Argdown export of the same map into
  DOT, timed inside Node so that Node's start-up does not count.

Targets (issue 8) are checked at the end; a missed one is marked, never hidden.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SIZES = (1000, 10000, 50000)
CACHE = Path(os.environ.get("ARGMAP_BENCH_CACHE", ROOT / ".bench"))


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# -- the worker: runs in its own process, one map ----------------------------------------------


def worker(map_dir: Path, repeat: int) -> dict:
    """Measure every stage on one map; returns seconds per stage and peak memory."""
    import resource

    import yaml

    from argmap import sources
    from argmap.brief import build_briefing
    from argmap.brief.to_html import render_html
    from argmap.evaluate import evaluate
    from argmap.loader import load_files, load_map
    from argmap.project import map_paths, root_for
    from argmap.render import render_map
    from argmap.yamlsafe import read_yaml_file

    files = map_paths(map_dir)
    results: dict[str, float | int | str] = {"nodes": 0}

    def floor():
        for f in files:
            with open(f, "rb") as handle:
                yaml.load(handle, Loader=yaml.CSafeLoader)

    def floor_paused():
        gc.disable()
        try:
            floor()
        finally:
            gc.enable()

    def load_only():
        gc.disable()
        try:
            parsed = [read_yaml_file(f) for f in files]
            load_files(parsed, map_dir, root_for(map_dir))
        finally:
            gc.enable()

    def validate():
        sources.clear_cache()  # quote verification from cold: source texts read and normalised again
        result = load_map(map_dir)
        assert not result.errors, result.errors[:3]

    results["floor"] = _median_time(floor, repeat)
    results["floor_collector_paused"] = _median_time(floor_paused, repeat)
    results["load"] = _median_time(load_only, repeat)
    results["load_validate"] = _median_time(validate, repeat)
    argmap = load_map(map_dir).map
    results["nodes"] = len(argmap.nodes)
    results["evaluate"] = _median_time(lambda: evaluate(argmap), repeat)
    evaluation = evaluate(argmap)
    results["render_dot"] = _median_time(lambda: render_map(argmap, "dot", evaluation=evaluation), repeat)
    # The briefing's text (every recommendation, objection, answer and quote); diagrams are
    # Graphviz's work, one run per recommendation, measured by render_dot above.
    results["brief_html"] = _median_time(lambda: render_html(build_briefing(argmap, prepared="2020-11-05")), repeat)
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def tui_first_screen(map_dir: Path) -> float:
    """One start of the explorer, headless at 120x40, in this (fresh) process: seconds from
    creating the app until the first refresh that shows the map (loaded in its worker, tree
    built). Quotes are then verified in the background and not waited for. Importing Textual
    is not counted."""
    import asyncio

    from argmap.tui.app import ArgmapApp

    async def first_screen() -> float:
        start = time.perf_counter()
        app = ArgmapApp(map_dir, watch=False)
        async with app.run_test(size=(120, 40)):
            while app.loads < 1:
                await asyncio.sleep(0.002)
            drawn = asyncio.Event()
            app.call_after_refresh(drawn.set)  # the first refresh with the map on screen
            await drawn.wait()
            elapsed = time.perf_counter() - start
            assert app.state is not None and app.query_one("#tree").root.children
            await app.workers.wait_for_complete()
        return elapsed

    return asyncio.run(first_screen())


def tui_seconds(map_dir: Path, repeat: int) -> float | str:
    """The median of `repeat` first screens, each in a fresh process."""
    times = []
    for _ in range(repeat):
        proc = subprocess.run([sys.executable, __file__, "--tui-worker", str(map_dir)], capture_output=True, text=True)
        if proc.returncode != 0:
            return f"failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}"
        times.append(float(proc.stdout))
    return statistics.median(times)


def lsp_edit_seconds(map_dir: Path, repeat: int) -> dict:
    """`argmap lsp` driven in this (fresh) process by pygls's client: the first check of the map
    once a file is opened, then the median time from an edit of that one file (a reference
    made dangling, then mended) until its new diagnostics arrive. The debounce is set to 0, so
    the figure is the server's work; editors add the debounce (0.25 s) on top."""
    import asyncio

    os.environ["ARGMAP_NO_CACHE"] = "1"  # a cold start: nothing from an earlier run's .argmap-cache
    from argmap.lsp.inprocess import InProcess
    from argmap.project import map_paths

    files = [f for f in map_paths(map_dir) if f.name.startswith("nodes-")]
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    at = text.index("supports: [") + len("supports: [")
    line = text.count("\n", 0, at)
    col = at - (text.rfind("\n", 0, at) + 1)

    async def measure() -> dict:
        async with InProcess(map_dir.parent.parent, debounce=0) as lsp:
            start = time.perf_counter()
            uri = lsp.open(target)
            await lsp.wait_diagnostics(uri, timeout=600)
            first = time.perf_counter() - start
            times = []
            for i in range(repeat * 2):
                dangling = i % 2 == 0
                start = time.perf_counter()
                if dangling:
                    lsp.edit(uri, (line, col), (line, col), "missing-")
                else:
                    lsp.edit(uri, (line, col), (line, col + len("missing-")), "")
                await lsp.wait_diagnostics(uri, lambda ds: any(d.code == "AM201" for d in ds) == dangling, timeout=600)
                times.append(lsp.published[uri] - start)
            return {"lsp_first_check": first, "lsp_edit": statistics.median(times)}

    return asyncio.run(measure())


def lsp_seconds(map_dir: Path, repeat: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--lsp-worker", str(map_dir), "--repeat", str(repeat)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        failed = f"failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}"
        return {"lsp_first_check": failed, "lsp_edit": failed}
    return json.loads(proc.stdout)


# -- the peer ------------------------------------------------------------------------------------


def peer_seconds(map_dir: Path, repeat: int) -> float | str:
    """The Argdown CLI's own parse-to-DOT time on argmap's Argdown export, timed inside Node."""
    script = HERE / "argdown_peer.js"
    node = shutil.which("node")
    module = ROOT / ".ci" / "node" / "node_modules" / "@argdown" / "node"
    if not (node and script.exists() and module.exists()):
        return "not measured: Node or the Argdown CLI (.ci/node) is missing"
    from argmap.interchange.argdown import to_argdown
    from argmap.loader import load_map

    argdown_file = map_dir.parent / f"{map_dir.name}.argdown"
    argdown_file.write_text(to_argdown(load_map(map_dir).map), encoding="utf-8")
    proc = subprocess.run([node, str(script), str(argdown_file), str(repeat)], capture_output=True, text=True,
                          timeout=1800, env={**os.environ, "NODE_PATH": str(module.parent.parent)})
    if proc.returncode != 0:
        return f"failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}"
    return float(json.loads(proc.stdout)["median_seconds"])


# -- the driver ----------------------------------------------------------------------------------


def ensure_map(size: int, seed: int = 1) -> Path:
    target = CACHE / f"map-{size}-seed{seed}"
    map_dir = target / "maps" / "generated"
    if not map_dir.is_dir():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--nodes", str(size), "--seed", str(seed),
                        "-o", str(target)], check=True, capture_output=True)
    return map_dir


def cli_validate_seconds(repeat: int) -> float:
    """The whole `argmap validate` process on the bundled map, start-up included."""
    argmap = shutil.which("argmap", path=str(Path(sys.executable).parent)) or "argmap"

    def once():
        subprocess.run([argmap, "validate", "-q"], check=True, capture_output=True, cwd=ROOT)

    once()  # warm the file cache
    return _median_time(once, repeat)


def run(sizes: list[int], repeat: int, peer: bool) -> dict:
    measured = {}
    for size in sizes:
        map_dir = ensure_map(size)
        reps = repeat if size <= 10000 else max(1, repeat // 2)
        proc = subprocess.run([sys.executable, __file__, "--worker", str(map_dir), "--repeat", str(reps)],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"benchmark worker failed on {size} nodes:\n{proc.stderr}")
        data = json.loads(proc.stdout)
        data["tui_first_screen"] = tui_seconds(map_dir, reps)
        data.update(lsp_seconds(map_dir, reps))
        data["peer_argdown_dot"] = peer_seconds(map_dir, reps) if peer else "not measured (--no-peer)"
        measured[size] = data
        print(f"{size:>6} nodes: " + ", ".join(f"{k} {v:.3f}" for k, v in data.items() if isinstance(v, float)), file=sys.stderr)
    return {"sizes": measured, "cli_validate_bundled": cli_validate_seconds(repeat),
            "tui_bundled": tui_seconds(ROOT / "arguments" / "canada-russia", repeat)}


STAGES = [
    ("load", "load (parse, schema, merge)"),
    ("load_validate", "load + validate + quote verification"),
    ("evaluate", "evaluate (grounded labelling)"),
    ("render_dot", "render to DOT"),
    ("brief_html", "brief to HTML (text; diagrams are Graphviz runs)"),
    ("tui_first_screen", "TUI to first screen (headless, a fresh process each)"),
    ("lsp_first_check", "LSP: first diagnostics once a file is opened (cold)"),
    ("lsp_edit", "LSP: diagnostics after an edit to one file (debounce excluded)"),
]


def _fmt(value) -> str:
    return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"


def targets(results: dict) -> list[tuple[str, bool | None, str]]:
    sizes = results["sizes"]
    out: list[tuple[str, bool | None, str]] = []
    if 10000 in sizes:
        s = sizes[10000]
        ratio = s["load_validate"] / s["floor"]
        out.append(("load + validate + quotes at 10k nodes ≤ 2× the floor", ratio <= 2, f"{ratio:.2f}×"))
        if isinstance(s.get("tui_first_screen"), float):
            out.append(("TUI first screen at 10k nodes < 2 s", s["tui_first_screen"] < 2, _fmt(s["tui_first_screen"])))
        if isinstance(s.get("lsp_edit"), float):
            share = s["lsp_edit"] / s["load_validate"]
            out.append(("LSP diagnostics after a one-file edit at 10k nodes ≤ 0.1× a full validate", share <= 0.1,
                        f"{_fmt(s['lsp_edit'])}, {share:.3f}× of {_fmt(s['load_validate'])}"))
    if 10000 in sizes and 50000 in sizes:
        growth = sizes[50000]["load_validate"] / sizes[10000]["load_validate"]
        out.append(("cost grows linearly: 50k ≤ 6× the 10k time", growth <= 6, f"{growth:.2f}×"))
    cli = results["cli_validate_bundled"]
    out.append(("`argmap validate` process on the bundled map < 0.5 s", cli < 0.5, _fmt(cli)))
    tui = results.get("tui_bundled")
    if isinstance(tui, float):
        out.append(("TUI first screen on the bundled map < 1 s", tui < 1, _fmt(tui)))
    for size, s in sizes.items():
        if isinstance(s.get("peer_argdown_dot"), float):
            out.append((f"DOT export faster than the Argdown peer at {size:,} nodes", s["render_dot"] < s["peer_argdown_dot"],
                        f"{s['render_dot'] / s['peer_argdown_dot']:.2f}× the peer's time"))
    return out


def report(results: dict, repeat: int) -> str:
    from argmap import __version__

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    lines = [
        "# Benchmarks",
        "",
        "Made by `make bench` (`benchmarks/run.py`); do not edit by hand. Times are medians of "
        f"{repeat} runs (half as many at 50k nodes), wall clock, each size in a fresh process.",
        "",
        f"- argmap {__version__} at `{commit or 'uncommitted'}`, {dt.date.today().isoformat()}",
        f"- Python {platform.python_version()}, {cpu}, {os.cpu_count()} cores",
        "- maps: `benchmarks/generate.py --nodes N --seed 1` (node types, relations and quotes like the bundled map)",
        "",
        "## Targets",
        "",
        "| target | met | measured |",
        "|---|---|---|",
    ]
    for name, met, value in targets(results):
        lines.append(f"| {name} | {'yes' if met else 'NO'} | {value} |")
    for size, s in results["sizes"].items():
        floor = s["floor"]
        peer = s["peer_argdown_dot"]
        lines += [
            "",
            f"## {size:,} nodes",
            "",
            f"Floor (`yaml.load` with `CSafeLoader`): {_fmt(floor)}; with the collector paused: "
            f"{_fmt(s['floor_collector_paused'])}. Peer (Argdown CLI, parse to DOT, in Node): "
            + (_fmt(peer) if isinstance(peer, float) else str(peer)) + f". Peak memory of the run: {s['peak_rss_mb']:,.0f} MB.",
            "",
            "| stage | time | × floor | × floor, collector paused | × peer |",
            "|---|---|---|---|---|",
        ]
        for key, label in STAGES:
            value = s[key]
            if isinstance(value, str):
                lines.append(f"| {label} | {value} | | | |")
                continue
            vs_peer = f"{value / peer:.2f}" if isinstance(peer, float) else "–"
            lines.append(f"| {label} | {_fmt(value)} | {value / floor:.2f} | {value / s['floor_collector_paused']:.2f} | {vs_peer} |")
    lines += ["", f"`argmap validate -q` on the bundled map, whole process: {_fmt(results['cli_validate_bundled'])}."]
    tui = results.get("tui_bundled")
    lines += [f"The TUI's first screen on the bundled map: {_fmt(tui) if isinstance(tui, float) else tui}.", ""]
    notes = HERE / "NOTES.md"  # the hand-written record of what was profiled and fixed
    if notes.exists():
        lines += [notes.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="argmap benchmarks")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=list(DEFAULT_SIZES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-peer", action="store_true", help="skip the Argdown CLI peer")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tui-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--lsp-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.lsp_worker:
        print(json.dumps(lsp_edit_seconds(args.lsp_worker, args.repeat)))
        return 0
    if args.tui_worker:
        print(tui_first_screen(args.tui_worker))
        return 0
    if args.worker:
        print(json.dumps(worker(args.worker, args.repeat)))
        return 0
    results = run(args.sizes, args.repeat, not args.no_peer)
    from argmap.fsutil import write_atomic

    write_atomic(args.output, report(results, args.repeat))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
