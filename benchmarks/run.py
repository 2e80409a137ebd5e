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
WORKER_TIMEOUT = 120  # seconds for one fresh-process measurement (a first screen, a start)


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
    from argmap.coverage import map_coverage

    results["coverage"] = _median_time(lambda: map_coverage(argmap), repeat)
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def tui_first_screen(map_dir: Path, live: bool = False) -> float:
    """One start of the explorer, headless at 120x40, in this (fresh) process: seconds from
    creating the app until the first refresh that shows the map: its saved first screen (a warm
    start of an unchanged map, see argmap.tui.snapshot), or the map read by its worker (tree
    built). With `live`, until the map itself is read and shown (its keys work). Quotes are
    then verified in the background and not waited for. Importing Textual is not counted."""
    import asyncio

    from argmap.tui.app import ArgmapApp

    async def first_screen() -> float:
        start = time.perf_counter()
        app = ArgmapApp(map_dir, watch=False)
        async with app.run_test(size=(120, 40)):
            if live:
                while app.loads < 1:
                    await asyncio.sleep(0.002)
                drawn = asyncio.Event()
                app.call_after_refresh(drawn.set)  # the first refresh with the map read
                await drawn.wait()
                elapsed = time.perf_counter() - start
            else:
                while app.first_paint is None:  # the first refresh with the map on screen (the app notes it)
                    await asyncio.sleep(0.002)
                elapsed = app.first_paint - start
            assert (app.state is not None or app.saved is not None) and app.query_one("#tree").root.children
            await app.workers.wait_for_complete()
        return elapsed

    return asyncio.run(first_screen())


def tui_seconds(map_dir: Path, repeat: int) -> float | str:
    """The median of `repeat` first screens, each in a fresh process, with no cache (the map
    read and checked: what a stage of this table costs; the cache's first screens are issue 18's)."""
    return _fresh_process_seconds("--tui-worker", str(map_dir), repeat, {"ARGMAP_NO_CACHE": "1"})


def lsp_edit_seconds(map_dir: Path, repeat: int) -> dict:
    """`argmap lsp` driven in this (fresh) process by pygls's client, against a full validate of
    the same map in the same process: the first check once a file is opened, then the median time
    from an unsaved edit of that one file until its diagnostics arrive, for two kinds of edit:
    rewording a node's text (the map's structure kept) and making a reference dangling then
    mending it. The debounce is set to 0, so the figures are the server's work; editors add the
    debounce (0.25 s) on top."""
    import asyncio

    map_dir = map_dir.resolve()
    os.environ["ARGMAP_NO_CACHE"] = "1"  # a cold start: nothing from an earlier run's .argmap-cache
    from argmap import sources
    from argmap.loader import load_map
    from argmap.lsp.inprocess import InProcess
    from argmap.project import map_paths

    def full():
        sources.clear_cache()
        load_map(map_dir)

    files = [f for f in map_paths(map_dir) if f.name.startswith("nodes-")]
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")

    def place(needle: str) -> tuple[int, int]:
        at = text.index(needle) + len(needle)
        return text.count("\n", 0, at), at - (text.rfind("\n", 0, at) + 1)

    ref, word = place("supports: ["), place("text: ")

    async def measure() -> dict:
        async with InProcess(map_dir.parent.parent, debounce=0) as lsp:
            start = time.perf_counter()
            uri = lsp.open(target)
            await lsp.wait_diagnostics(uri, timeout=600)
            first = time.perf_counter() - start

            async def timed(at, end, new, predicate) -> float:
                before = lsp.published.get(uri)
                start = time.perf_counter()
                lsp.edit(uri, at, end, new)
                await lsp.wait_diagnostics(uri, lambda ds: lsp.published[uri] != before and predicate(ds), timeout=600)
                return lsp.published[uri] - start

            reword, dangling = [], []
            for i in range(repeat):
                reword.append(await timed(word, word, f"Edit {i} ", lambda ds: True))
                dangling.append(await timed(ref, ref, "missing-", lambda ds: any(d.code == "AM201" for d in ds)))
                dangling.append(await timed(ref, (ref[0], ref[1] + len("missing-")), "",
                                            lambda ds: not any(d.code == "AM201" for d in ds)))
            return {"lsp_first_check": first, "lsp_edit": statistics.median(reword),
                    "lsp_edit_structure": statistics.median(dangling)}

    measured = asyncio.run(measure())
    measured["lsp_full_validate"] = _median_time(full, repeat)
    return measured


def lsp_seconds(map_dir: Path, repeat: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--lsp-worker", str(map_dir), "--repeat", str(repeat)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        failed = f"failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}"
        return {"lsp_first_check": failed, "lsp_edit": failed, "lsp_edit_structure": failed, "lsp_full_validate": failed}
    return json.loads(proc.stdout)


# -- issue 18: the cache, incremental re-checks, whole processes --------------------------------


def minimal_app_first_screen() -> float:
    """The reference for the explorer's first screen: a minimal Textual app (header, a tree of
    200 leaves, footer), timed the same way as `tui_first_screen` (Textual's import not counted)."""
    import asyncio

    from textual.app import App
    from textual.widgets import Footer, Header, Tree

    class Minimal(App):
        def compose(self):
            yield Header()
            tree: Tree = Tree("map")
            for i in range(200):
                tree.root.add_leaf(f"node {i}")
            tree.root.expand()
            yield tree
            yield Footer()

    async def first_screen() -> float:
        start = time.perf_counter()
        app = Minimal()
        async with app.run_test(size=(120, 40)):
            drawn = asyncio.Event()
            app.call_after_refresh(drawn.set)
            await drawn.wait()
            return time.perf_counter() - start

    return asyncio.run(first_screen())


def _fresh_process_seconds(flag: str, arg: str, repeat: int, env: dict | None = None, before=None) -> float | str:
    """The median of `repeat` runs of this script's `flag` worker, each in a fresh process."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        try:  # a start that hangs is a finding, not a reason to wait for ever (or for the OOM killer)
            proc = subprocess.run([sys.executable, __file__, flag, arg], capture_output=True, text=True,
                                  env={**os.environ, **(env or {})}, timeout=WORKER_TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"failed: over {WORKER_TIMEOUT} s"
        if proc.returncode != 0:
            return f"failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}"
        times.append(float(proc.stdout))
    return statistics.median(times)


def _paired_seconds(flag: str, arg: str, repeat: int, env: dict | None = None) -> tuple[float | str, list[float]]:
    """`flag`'s worker and the minimal Textual app, one after the other, `repeat` times: the
    median of the worker's runs and every run of the minimal app. Taken in turn, the two sides of
    a ratio meet the same machine: measured one batch after the other, minutes apart, this 2-core
    VM's drift (its neighbours, its caches) moved a ratio by a tenth."""
    ours: list[float] = []
    minimal: list[float] = []
    for _ in range(repeat):
        reference = _fresh_process_seconds("--minimal-app-worker", "-", 1)
        mine = _fresh_process_seconds(flag, arg, 1, env)
        if isinstance(mine, str):
            return mine, minimal
        if isinstance(reference, float):
            minimal.append(reference)
        ours.append(mine)
    return statistics.median(ours), minimal


def recheck_worker(map_dir: Path, repeat: int) -> dict:
    """A one-file edit re-checked by a workspace (as the explorer and the language server do)
    against a full validate of the same map, in this one process."""
    import tempfile

    from argmap import sources
    from argmap.incremental import Workspace
    from argmap.loader import load_map
    from argmap.project import map_paths, root_for

    with tempfile.TemporaryDirectory(prefix="argmap-bench-") as tmp:
        # The edits are made to a copy of the project (the map and the sources it names).
        map_dir = map_dir.resolve()
        root, scratch = root_for(map_dir), Path(tmp)
        shutil.copytree(map_dir, scratch / map_dir.relative_to(root))
        if (root / "argmap.toml").exists():
            shutil.copy(root / "argmap.toml", scratch / "argmap.toml")
        for source in load_map(map_dir).map.sources.values():
            for name in [source.file, *(c.file for c in source.copies)]:
                (scratch / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(root / name, scratch / name)
        map_dir = scratch / map_dir.relative_to(root)

        def full():
            sources.clear_cache()
            result = load_map(map_dir)
            assert not result.errors, result.errors[:3]

        files = [f for f in map_paths(map_dir) if "\nnodes:" in "\n" + f.read_text(encoding="utf-8")]
        target = files[len(files) // 2]
        original = target.read_text(encoding="utf-8")
        ws = Workspace(map_dir, cache=False)
        ws.load()
        times, fulls = [], []
        for i in range(max(5, 3 * repeat)):  # (a re-check is short: more of them steady the median)
            # a curator rewords a node's text and saves, twice: the file changes on disk. The
            # second save is timed (the first one's re-check takes back what a full validate
            # cleared, the source texts read), then a full validate, for the first few: the two
            # sides of the ratio taken in turn, as the machine is at that moment.
            for edit in (f"Edit {i} ", f"Edit {i}b "):
                target.write_text(original.replace("text: ", f"text: {edit}", 1), encoding="utf-8")
                start = time.perf_counter()
                result = ws.update([target])
                elapsed = time.perf_counter() - start
                assert not result.errors, result.errors[:3]
            times.append(elapsed)
            if i < repeat:
                start = time.perf_counter()
                full()
                fulls.append(time.perf_counter() - start)
        return {"full_validate": statistics.median(fulls), "recheck_one_file": statistics.median(times),
                "files": len(map_paths(map_dir))}


def argdown_cli_seconds(map_dir: Path, repeat: int) -> float | str:
    """The Argdown CLI's whole process (`argdown json`) on argmap's Argdown export of the map."""
    argdown = ROOT / ".ci" / "node" / "node_modules" / ".bin" / "argdown"
    if not argdown.exists():
        return "not measured: the Argdown CLI (.ci/node) is missing"
    from argmap.interchange.argdown import to_argdown
    from argmap.loader import load_map

    folder = CACHE / "argdown-cli"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{map_dir.name}.argdown"
    source.write_text(to_argdown(load_map(map_dir).map), encoding="utf-8")

    def once():
        subprocess.run([str(argdown), "json", str(source), str(folder / "out")], check=True, capture_output=True)

    once()
    return _median_time(once, repeat)


def cli_seconds(args: list[str], repeat: int, env: dict | None = None) -> float:
    """The whole `argmap ARGS` process, start-up included (run once first to warm the OS's caches)."""
    argmap = shutil.which("argmap", path=str(Path(sys.executable).parent)) or "argmap"

    def once():
        subprocess.run([argmap, *args], check=True, capture_output=True, cwd=ROOT, env={**os.environ, **(env or {})})

    once()
    return _median_time(once, repeat)


def run_incremental(repeat: int, peer: bool, size: int = 10000) -> dict:
    """Issue 18's ratios, each pair measured in the same run: the explorer's first screen
    against a minimal Textual app (cold and warm cache), a one-file re-check against a full
    validate, and the whole `argmap validate` process against the Argdown CLI's; on the
    bundled map and a generated one of `size` nodes (200 to a file)."""
    import tempfile

    out: dict = {"size": size}
    references: list[float] = []
    bundled = ROOT / "arguments" / "canada-russia"
    maps = {"bundled": bundled, "generated": ensure_map(size, per_file=min(200, max(20, size // 10)))}
    for name, map_dir in maps.items():
        with tempfile.TemporaryDirectory(prefix="argmap-bench-cache-") as tmp:
            cache = Path(tmp) / "cache"
            env = {"ARGMAP_CACHE_DIR": str(cache)}
            cold = _fresh_process_seconds("--tui-worker", str(map_dir), repeat, env,
                                          before=lambda: shutil.rmtree(cache, ignore_errors=True))
            # (the last cold run filled it) taken in turn with the minimal app's, as the ratio's two sides
            warm, minimal = _paired_seconds("--tui-worker", str(map_dir), max(repeat, 9), env)
            live = _fresh_process_seconds("--tui-live-worker", str(map_dir), repeat, env)
        proc = subprocess.run([sys.executable, __file__, "--recheck-worker", str(map_dir), "--repeat", str(repeat)],
                              capture_output=True, text=True)
        recheck = json.loads(proc.stdout) if proc.returncode == 0 else {"failed": proc.stderr.strip()[-300:]}
        out[name] = {"tui_cold": cold, "tui_warm": warm, "minimal_app": statistics.median(minimal) if minimal else "failed",
                     "tui_warm_live": live, **recheck}
        references += minimal
    out["minimal_app"] = statistics.median(references) if references else "failed"
    with tempfile.TemporaryDirectory(prefix="argmap-bench-cache-") as tmp:
        out["validate_warm"] = cli_seconds(["validate", "-q", str(bundled)], repeat, {"ARGMAP_CACHE_DIR": tmp})
    out["validate_no_cache"] = cli_seconds(["validate", "-q", str(bundled)], repeat, {"ARGMAP_NO_CACHE": "1"})
    out["argdown_cli"] = argdown_cli_seconds(bundled, repeat) if peer else "not measured (--no-peer)"
    return out

# -- the diff (issue 17) ---------------------------------------------------------------------------


def ensure_diff_pair(size: int = 10000, share: float = 0.01, seed: int = 1) -> tuple[Path, Path]:
    """Two versions of a generated map, the second differing in `share` of its nodes: a quarter
    of them reworded, a quarter removed, a quarter renamed (references followed), and as many
    new objections added (quoting passages already in the sources)."""
    old_dir = ensure_map(size, seed)
    target = CACHE / f"map-{size}-seed{seed}-changed{share:g}"
    new_dir = target / "maps" / "generated"
    if new_dir.is_dir():
        return old_dir, new_dir
    import random

    sys.path.insert(0, str(HERE))
    from generate import generate, write_project

    from argmap.model import Attack, Node, NodeType

    doc, texts = generate(size, max(2, size // 250), seed)
    rng = random.Random(seed + 17)
    quarter = max(1, round(size * share / 4))
    referenced = {t for n in doc.nodes for t in (*n.supports, *n.part_of, *(a.target for a in n.attack_list))}
    leaves = [n.id for n in doc.nodes if n.id not in referenced]
    chosen = rng.sample(leaves, 2 * quarter)
    removed, renamed = set(chosen[:quarter]), {old: f"{old}-renamed" for old in chosen[quarter:]}
    recs = [n.id for n in doc.nodes if n.type is NodeType.RECOMMENDATION]
    reworded = set(rng.sample([n.id for n in doc.nodes if n.id not in removed and n.id not in renamed], quarter))
    nodes = []
    for node in doc.nodes:
        if node.id in removed:
            continue
        if node.id in renamed:
            node = node.model_copy(update={"id": renamed[node.id]})
        if node.id in reworded:
            node = node.model_copy(update={"text": node.text.rstrip(".") + ", as the new document argues."})
        nodes.append(node)
    for i in range(quarter):
        donor = rng.choice(nodes)
        nodes.append(Node(id=f"obj-new-{i:04d}", type=NodeType.OBJECTION, side="restraint", pattern="futility",
                          text="A new objection from the document that arrived.", quotes=[donor.quotes[0]],
                          attacks=[Attack(target=rng.choice(recs))]))
    write_project(doc.model_copy(update={"nodes": nodes}), texts, target)
    return old_dir, new_dir


def diff_worker(old_dir: Path, new_dir: Path, repeat: int) -> dict:
    """Loading both versions as `argmap diff` does, against the diff itself (structure,
    renames, both evaluations, labels and verdicts compared)."""
    from argmap.diff import diff_maps
    from argmap.loader import load_map

    def load_both():
        return load_map(old_dir, verify_quotes=False).map, load_map(new_dir, verify_quotes=False).map

    old, new = load_both()
    start = time.perf_counter()
    result = diff_maps(old, new)  # the first, straight after loading, as in `argmap diff`
    cold = time.perf_counter() - start
    return {
        "nodes": len(new.nodes),
        "changed_nodes": len(result.added) + len(result.removed) + len(result.renamed) + len(result.changed),
        "renamed": len(result.renamed),
        "load_both": _median_time(load_both, repeat),
        "diff": max(cold, _median_time(lambda: diff_maps(old, new), repeat)),
    }


def diff_seconds(repeat: int) -> dict | str:
    old_dir, new_dir = ensure_diff_pair()
    proc = subprocess.run([sys.executable, __file__, "--diff-worker", str(old_dir), str(new_dir), "--repeat", str(repeat)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return f"failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}"
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


def ensure_map(size: int, seed: int = 1, per_file: int | None = None) -> Path:
    target = CACHE / (f"map-{size}-seed{seed}" + (f"-per{per_file}" if per_file else ""))
    map_dir = target / "maps" / "generated"
    if not map_dir.is_dir():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--nodes", str(size), "--seed", str(seed),
                        "-o", str(target)] + (["--per-file", str(per_file)] if per_file else []),
                       check=True, capture_output=True)
    return map_dir


def cli_validate_seconds(repeat: int) -> float:
    """The whole `argmap validate` process on the bundled map, start-up included."""
    argmap = shutil.which("argmap", path=str(Path(sys.executable).parent)) or "argmap"

    def once():
        subprocess.run([argmap, "validate", "-q"], check=True, capture_output=True, cwd=ROOT)

    once()  # warm the file cache
    return _median_time(once, repeat)


def brief_docx_seconds(repeat: int, detail: str = "brief") -> float:
    """The whole `argmap brief -o note.docx` process on the bundled map (load, validate, quotes,
    evaluate, the overview diagram, the Word file), start-up included."""
    import tempfile

    argmap = shutil.which("argmap", path=str(Path(sys.executable).parent)) or "argmap"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "note.docx"

        def once():
            subprocess.run([argmap, "brief", "-o", str(out), "--date", "2020-11-05", "--detail", detail],
                           check=True, capture_output=True, cwd=ROOT)

        once()  # warm the file cache
        return _median_time(once, repeat)


# Put first in a Python child's code: at exit it writes its peak resident memory (VmHWM, which
# starts afresh at exec) to the file named by ARGMAP_BENCH_HWM. A child's ru_maxrss would not
# do: it counts the pages it shared with this process between fork and exec, so once the
# benchmark itself has grown, every child would seem at least as big as it.
HWM = ("import atexit as _a, os as _o\n"
       "def _hwm():\n"
       "    with open('/proc/self/status') as f:\n"
       "        kb = next(int(line.split()[1]) for line in f if line.startswith('VmHWM:'))\n"
       "    with open(_o.environ['ARGMAP_BENCH_HWM'], 'w') as f:\n"
       "        f.write(str(kb))\n"
       "_a.register(_hwm)\n")


def _process(argv: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, float, int]:
    """Run a command to the end, its output read and dropped as a terminal would take it:
    (seconds, its peak resident memory in MB, exit code). A Python child that starts with
    `HWM` reports its own peak; otherwise the kernel's figure (see `HWM`) is used."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        hwm = Path(tmp) / "hwm"
        env = dict(os.environ, **(env or {}), ARGMAP_BENCH_HWM=str(hwm))
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd, env=env)
        assert proc.stdout is not None
        while proc.stdout.read(1 << 16):
            pass
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = int(hwm.read_text()) / 1024 if hwm.exists() else usage.ru_maxrss / 1024
    return elapsed, peak, proc.returncode


def cli_output_seconds(map_dir: Path, repeat: int) -> dict:
    """`argmap validate` on a map with warnings, as users run it (every problem printed with
    its line) and with `-q` (errors and the summary only): whole processes. The pair the target
    compares checks the map each time (ARGMAP_NO_CACHE=1: what printing costs beside the check);
    `cached_*` are the same commands answered from the record of an unchanged map (argmap.summary),
    where the check costs next to nothing and printing is most of the process."""
    argmap = shutil.which("argmap", path=str(Path(sys.executable).parent)) or "argmap"
    lines = len(subprocess.run([argmap, "validate", str(map_dir)], capture_output=True, text=True).stdout.splitlines())
    out = {"lines": lines}
    for key, extra, env in (("with_output", [], {"ARGMAP_NO_CACHE": "1"}), ("quiet", ["-q"], {"ARGMAP_NO_CACHE": "1"}),
                            ("cached_with_output", [], {}), ("cached_quiet", ["-q"], {})):
        argv = [argmap, "validate", *extra, str(map_dir)]
        _process(argv, env=env)  # warm the file cache (and the record)
        out[key] = statistics.median(_process(argv, env=env)[0] for _ in range(repeat))
    return out


def memory_per_node(map_dir: Path) -> dict:
    """Peak memory of a process that loads and validates the map, less that of one that only
    imports argmap and reads the same files' bytes, per node (KB)."""
    code = HWM + ("import sys, resource; from pathlib import Path; from argmap.loader import load_map; "
            "from argmap.project import map_paths; m = Path(sys.argv[1]); "
            "load_map(m) if sys.argv[2] == 'load' else [f.read_bytes() for f in map_paths(m)]")
    base = _process([sys.executable, "-c", code, str(map_dir), "base"])[1]
    seconds, peak, status = _process([sys.executable, "-c", code, str(map_dir), "load"])
    nodes = int(map_dir.parent.parent.name.split("-")[1])
    return {"nodes": nodes, "peak_mb": peak, "base_mb": base, "kb_per_node": (peak - base) * 1024 / nodes,
            "seconds": seconds}


def huge_map(nodes: int = 2_000_000) -> dict:
    """A 42 MB map file of two million tiny nodes: `argmap validate` must refuse or check it
    within 10 s and 2 GB (the default limits refuse it before parsing)."""
    folder = CACHE / f"huge-{nodes}"
    path = folder / "huge.yaml"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "argmap.toml").write_text('maps = "."\n')
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("map: {id: huge, title: Huge, question: Does it end?}\nsides: [{id: a, label: A, colour: '#000000'}]\n"
                         "nodes:\n")
            for i in range(nodes):
                handle.write(f"- {{id: {i:07d}, t: a}}\n")
    runner = HWM + "import sys\nfrom argmap.cli import main\nsys.argv = ['argmap', 'validate', '-q', sys.argv[1]]\nmain()\n"
    seconds, peak, status = _process([sys.executable, "-c", runner, str(path)])
    return {"bytes": path.stat().st_size, "seconds": seconds, "peak_mb": peak, "exit": status}


def hardening(repeat: int) -> dict:
    """The stages of issue 13: reporting cost, memory per node, a map far too big."""
    return {"cli_output_10k": cli_output_seconds(ensure_map(10000), repeat),
            "memory_50k": memory_per_node(ensure_map(50000)),
            "huge_map": huge_map()}


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
        data["peer_argdown_dot"] = peer_seconds(map_dir, reps) if peer else "not measured (--no-peer)"
        measured[size] = data
        print(f"{size:>6} nodes: " + ", ".join(f"{k} {v:.3f}" for k, v in data.items() if isinstance(v, float)), file=sys.stderr)
    # The language server on the 10k map in files of 200 nodes (as issue 18's re-check is measured):
    # an edit to one file is then an edit to a file of a size people curate.
    lsp = lsp_seconds(ensure_map(10000, per_file=200), repeat) if 10000 in sizes else {}
    return {"sizes": measured, "lsp": lsp, "cli_validate_bundled": cli_validate_seconds(repeat), "diff": diff_seconds(repeat),
            "tui_bundled": tui_seconds(ROOT / "arguments" / "canada-russia", repeat),
            "brief_docx_bundled": brief_docx_seconds(repeat),
            "brief_docx_full_bundled": brief_docx_seconds(max(1, repeat // 2), "full"),
            "hardening": hardening(repeat),
            "incremental": run_incremental(repeat, peer, 10000 if 10000 in sizes else max(sizes))}


STAGES = [
    ("load", "load (parse, schema, merge)"),
    ("load_validate", "load + validate + quote verification"),
    ("evaluate", "evaluate (grounded labelling)"),
    ("render_dot", "render to DOT"),
    ("brief_html", "brief to HTML (the note's text; its one diagram is a Graphviz run)"),
    ("coverage", "coverage of every source (quoted share, uncovered passages)"),
    ("tui_first_screen", "TUI to first screen, no cache (headless, a fresh process each)"),
]


def _fmt(value) -> str:
    return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"


def _timed(name: str, value, limit: float) -> list[tuple[str, bool | None, str]]:
    """A time target: met or not; a measurement that failed ("failed: ...") is a target missed."""
    if isinstance(value, float):
        return [(name, value < limit, _fmt(value))]
    return [(name, False, value)] if isinstance(value, str) and value.startswith("failed") else []


def targets(results: dict) -> list[tuple[str, bool | None, str]]:
    sizes = results["sizes"]
    out: list[tuple[str, bool | None, str]] = []
    if 10000 in sizes:
        s = sizes[10000]
        ratio = s["load_validate"] / s["floor"]
        out.append(("load + validate + quotes at 10k nodes ≤ 2× the floor", ratio <= 2, f"{ratio:.2f}×"))
        out.extend(_timed("TUI first screen at 10k nodes, no cache, < 2 s", s.get("tui_first_screen"), 2))
    if 10000 in sizes and 50000 in sizes:
        growth = sizes[50000]["load_validate"] / sizes[10000]["load_validate"]
        out.append(("cost grows linearly: 50k ≤ 6× the 10k time", growth <= 6, f"{growth:.2f}×"))
    d = results.get("diff")
    if isinstance(d, dict):
        share = d["diff"] / d["load_both"]
        out.append((f"`argmap diff` of two {d['nodes']:,}-node maps differing in 1% of nodes ≤ loading both + 10%",
                    share <= 0.10, f"load both {_fmt(d['load_both'])} + diff {_fmt(d['diff'])} = {1 + share:.2f}× loading"))
    lsp = results.get("lsp") or {}
    for key, what in (("lsp_edit", "rewording a node"), ("lsp_edit_structure", "breaking a reference")):
        if isinstance(lsp.get(key), float) and isinstance(lsp.get("lsp_full_validate"), float):
            share = lsp[key] / lsp["lsp_full_validate"]
            out.append((f"`argmap lsp`: diagnostics after {what} in one file of the 10k map ≤ 0.1× a full validate",
                        share <= 0.1, f"{_fmt(lsp[key])}, {share:.3f}× of {_fmt(lsp['lsp_full_validate'])}"))
    cli = results["cli_validate_bundled"]
    out.append(("`argmap validate` process on the bundled map < 0.5 s", cli < 0.5, _fmt(cli)))
    out.extend(_timed("TUI first screen on the bundled map, no cache, < 1 s", results.get("tui_bundled"), 1))
    out.extend(_timed("`argmap brief -o note.docx` process on the bundled map < 3 s", results.get("brief_docx_bundled"), 3))
    out.extend(hardening_targets(results.get("hardening")))
    out.extend(incremental_targets(results.get("incremental") or {}))
    for size, s in sizes.items():
        if isinstance(s.get("peer_argdown_dot"), float):
            out.append((f"DOT export faster than the Argdown peer at {size:,} nodes", s["render_dot"] < s["peer_argdown_dot"],
                        f"{s['render_dot'] / s['peer_argdown_dot']:.2f}× the peer's time"))
    return out


def hardening_targets(h: dict | None) -> list[tuple[str, bool | None, str]]:
    if not h:
        return []
    c, mem, huge = h["cli_output_10k"], h["memory_50k"], h["huge_map"]
    ratio = c["with_output"] / c["quiet"]
    return [
        (f"`argmap validate` at 10k nodes with its output ({c['lines']:,} lines) ≤ 1.15× `-q` (both checking the map)", ratio <= 1.15,
         f"{ratio:.2f}× ({_fmt(c['with_output'])} vs {_fmt(c['quiet'])}; answered from the record of the unchanged map: "
         f"{_fmt(c['cached_with_output'])} vs {_fmt(c['cached_quiet'])})"),
        (f"memory per node at {mem['nodes']:,} nodes (peak less start-up)", None,
         f"{mem['kb_per_node']:.1f} KB ({mem['peak_mb']:,.0f} MB peak)"),
        (f"a {huge['bytes'] / 2**20:.0f} MiB map of 2,000,000 nodes refused or validated within 10 s and 2 GB",
         huge["seconds"] < 10 and huge["peak_mb"] < 2048 and huge["exit"] in (0, 1),
         f"{_fmt(huge['seconds'])}, {huge['peak_mb']:,.0f} MB, exit {huge['exit']}"),
    ]


def incremental_targets(inc: dict) -> list[tuple[str, bool | None, str]]:
    """Issue 18's targets, each a ratio of two figures from the same run."""
    out: list[tuple[str, bool | None, str]] = []
    generated = f"{inc.get('size', 0):,} nodes"
    for key, name, limit in (("bundled", "bundled", 2), ("generated", generated, 4)):
        m = inc.get(key) or {}
        minimal = m.get("minimal_app", inc.get("minimal_app"))  # the runs taken in turn with this map's
        what = f"warm first screen ({name}) ≤ {limit}× the minimal Textual app's"
        if isinstance(minimal, float) and isinstance(m.get("tui_warm"), float):
            ratio = m["tui_warm"] / minimal
            out.append((what, ratio <= limit, f"{ratio:.2f}×"))
        elif any(isinstance(v, str) and v.startswith("failed") for v in (minimal, m.get("tui_warm"))):
            out.append((what, False, f"minimal app: {minimal}; warm first screen: {m.get('tui_warm')}"))
        if isinstance(m.get("recheck_one_file"), float):
            ratio = m["recheck_one_file"] / m["full_validate"]
            out.append((f"one-file edit re-checked ({name}) ≤ 0.1× a full validate", ratio <= 0.1, f"{ratio:.3f}×"))
    if isinstance(inc.get("validate_warm"), float) and isinstance(inc.get("argdown_cli"), float):
        ratio = inc["validate_warm"] / inc["argdown_cli"]
        out.append(("`argmap validate` process (bundled) ≤ 0.3× the Argdown CLI's", ratio <= 0.3, f"{ratio:.2f}×"))
    return out


def incremental_report(inc: dict) -> list[str]:
    if not inc:
        return []
    minimal = inc.get("minimal_app")

    def fmt(v) -> str:
        return _fmt(v) if isinstance(v, float) else str(v)

    def ratio(v, ref) -> str:
        return f"{v / ref:.2f}×" if isinstance(v, float) and isinstance(ref, float) else "–"

    lines = ["", "## Cache and incremental re-checks (issue 18)", "",
             f"The generated map here has {inc.get('size', 0):,} nodes, 200 to a file (`generate.py --per-file 200`). First screens "
             "are fresh processes, headless at 120×40, Textual's import not counted, timed to the first "
             "paint with the map on screen; cold is an empty `.argmap-cache/`, warm the one the cold runs "
             "left, where the explorer first draws the map's saved first screen (argmap.tui.snapshot) and "
             "reads the map behind it; *live* is until the map is read and its keys work. A re-check is `Workspace.update` after one "
             "node's text is reworded and its file saved; a full validate is `load_map` with the source "
             "texts read again, in the same process.", "",
             f"Minimal Textual app (header, 200-leaf tree, footer) to its first screen: {fmt(minimal)} (the median of "
             "its runs, each taken in turn with a warm first screen; each map's ratios are to the runs taken with its own).", "",
             "| map | first screen, cold | × minimal | first screen, warm | × minimal | warm, live | full validate | one-file re-check | × full |",
             "|---|---|---|---|---|---|---|---|---|"]
    for key, name in (("bundled", "bundled"), ("generated", f"{inc.get('size', 0):,} nodes")):
        m = inc.get(key) or {}
        reference = m.get("minimal_app", minimal)
        lines.append(f"| {name} | {fmt(m.get('tui_cold'))} | {ratio(m.get('tui_cold'), reference)} | {fmt(m.get('tui_warm'))} | "
                     f"{ratio(m.get('tui_warm'), reference)} | {fmt(m.get('tui_warm_live'))} | {fmt(m.get('full_validate'))} | "
                     f"{fmt(m.get('recheck_one_file'))} | "
                     f"{ratio(m.get('recheck_one_file'), m.get('full_validate'))} |")
    argdown = inc.get("argdown_cli")
    lines += ["", f"Whole `argmap validate -q` process on the bundled map: {fmt(inc.get('validate_warm'))} with a warm cache "
              f"({ratio(inc.get('validate_warm'), argdown)} the Argdown CLI's), {fmt(inc.get('validate_no_cache'))} with "
              f"ARGMAP_NO_CACHE=1 ({ratio(inc.get('validate_no_cache'), argdown)}); the Argdown CLI (`argdown json`) on "
              f"argmap's Argdown export of the same map, whole process: {fmt(argdown)}."]
    return lines


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
        lines.append(f"| {name} | {'–' if met is None else 'yes' if met else 'NO'} | {value} |")
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
    d = results.get("diff")
    if isinstance(d, dict):
        lines += [f"`argmap diff` of two {d['nodes']:,}-node maps, {d['changed_nodes']} nodes apart ({d['renamed']} renamed): "
                  f"loading both as the diff does (quotes not searched) {_fmt(d['load_both'])}, the diff itself (renames, "
                  f"both evaluations, labels and verdicts compared) {_fmt(d['diff'])}, {d['diff'] / d['load_both']:.1%} of loading."]
    elif d is not None:
        lines += [f"`argmap diff`: {d}."]
    lsp = results.get("lsp") or {}
    if lsp:
        show = {k: (_fmt(v) if isinstance(v, float) else v) for k, v in lsp.items()}
        lines += ["", "`argmap lsp` on the 10k map in files of 200 nodes (debounce excluded; pygls's client in-process): "
                  f"first diagnostics once a file is opened {show['lsp_first_check']}; after rewording a node in that file "
                  f"{show['lsp_edit']}; after breaking or mending a reference {show['lsp_edit_structure']}; "
                  f"a full validate of the map in the same process {show['lsp_full_validate']}."]
    tui = results.get("tui_bundled")
    lines += [f"The TUI's first screen on the bundled map: {_fmt(tui) if isinstance(tui, float) else tui}."]
    if isinstance(results.get("brief_docx_bundled"), float):
        lines += [f"`argmap brief -o note.docx` on the bundled map, whole process: {_fmt(results['brief_docx_bundled'])}; "
                  f"with `--detail full` (the annexes and a diagram per recommendation): {_fmt(results['brief_docx_full_bundled'])}."]
    lines += [""]
    lines += incremental_report(results.get("incremental") or {})
    lines.append("")
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
    parser.add_argument("--only-hardening", action="store_true",
                        help="measure only the stages of issue 13 (reporting, memory per node, a huge map) and print them")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tui-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tui-live-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--diff-worker", type=Path, nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--diff-only", action="store_true", help="measure only `argmap diff` (issue 17) and print it")
    parser.add_argument("--minimal-app-worker", help=argparse.SUPPRESS)
    parser.add_argument("--recheck-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--lsp-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--only-incremental", action="store_true", help="measure only issue 18's ratios (prints JSON)")
    args = parser.parse_args(argv)
    if args.diff_worker:
        print(json.dumps(diff_worker(*args.diff_worker, args.repeat)))
        return 0
    if args.diff_only:
        print(json.dumps(diff_seconds(args.repeat), indent=2))
        return 0
    if args.lsp_worker:
        print(json.dumps(lsp_edit_seconds(args.lsp_worker, args.repeat)))
        return 0
    if args.minimal_app_worker:
        print(minimal_app_first_screen())
        return 0
    if args.recheck_worker:
        print(json.dumps(recheck_worker(args.recheck_worker, args.repeat)))
        return 0
    if args.only_incremental:
        inc = run_incremental(args.repeat, not args.no_peer, max(args.sizes) if args.sizes != list(DEFAULT_SIZES) else 10000)
        print(json.dumps(inc, indent=1))
        print("\n".join(incremental_report(inc)), file=sys.stderr)
        for name, met, value in incremental_targets(inc):
            print(f"{'met' if met else 'MISSED'}: {name}: {value}", file=sys.stderr)
        return 0
    if args.tui_worker:
        print(tui_first_screen(args.tui_worker))
        return 0
    if args.tui_live_worker:
        print(tui_first_screen(args.tui_live_worker, live=True))
        return 0
    if args.worker:
        print(json.dumps(worker(args.worker, args.repeat)))
        return 0
    if args.only_hardening:
        for name, met, value in hardening_targets(hardening(args.repeat)):
            print(f"{'–' if met is None else 'yes' if met else 'NO '}  {name}: {value}")
        return 0
    results = run(args.sizes, args.repeat, not args.no_peer)
    from argmap.fsutil import write_atomic

    write_atomic(args.output, report(results, args.repeat))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
