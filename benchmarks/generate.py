"""Generate a realistic argument map of any size, reproducibly, for benchmarks and tests.

    python benchmarks/generate.py --nodes 10000 --sources 40 --seed 1 -o /tmp/map10k

writes an argmap project: `argmap.toml`, `sources/*.txt` (texts with hard line breaks, curly
quotes and dashes, like the bundled seeds) and `maps/generated/` (the map split over several
YAML files, like the bundled one). Node types, relation density, quotes per node and the share
of unanswered objections follow the bundled Canada–Russia map; every node is quoted, and every
quote is in its source. The same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from argmap.dump import dump_map  # noqa: E402
from argmap.model import (  # noqa: E402
    Actor, Attack, AttackKind, MapFile, MapInfo, Node, NodeType, Pattern, Quote, Side, Source, Theme,
)

__all__ = ["generate", "write_project"]

# Shares of node types and per-node relation counts measured on the bundled map.
TYPE_SHARES = [(NodeType.CLAIM, 0.28), (NodeType.RECOMMENDATION, 0.15), (NodeType.OBJECTION, 0.22),
               (NodeType.REBUTTAL, 0.11), (NodeType.EVIDENCE, 0.24)]
UNANSWERED_SHARE = 0.45  # of objections
QUOTES_PER_NODE = (1, 1, 1, 2, 2, 3)
NODES_PER_FILE = 2000

WORDS = (
    "arctic trade sanctions dialogue security cooperation policy ministers officials export council "
    "treaty channel engagement restraint interest national allies partners pragmatic confidence measures "
    "strategic stability consultation agenda parliament provinces regions science climate fisheries rescue "
    "pipeline investment market grain machinery diplomats embassy ambassador summit conflict ukraine crimea "
    "kremlin legitimacy kleptocracy adversary critics law order rules international global pandemic health "
    "technology cyber terrorism nuclear diaspora election interference media journal board business association "
    "signal message deputy minister assistant meeting talks relations history cold war détente thaw reset "
    "northern indigenous development environment research university hockey exchange students experts"
).split()
SIDES = [("engagement", "Engagement", "#0072b2"), ("restraint", "Restraint", "#d55e00")]
PATTERNS = ["legitimisation", "kleptocracy-exposure", "low-economic-stakes", "adversary-conduct", "alliance-solidarity",
            "source-credibility", "rules-based-order", "values-gap", "futility"]
THEMES = ["diplomacy", "arctic", "trade", "sanctions", "security", "counter-terrorism", "cyber", "ukraine",
          "human-rights", "international-order", "global-issues", "track-two", "parliament", "para-diplomacy"]


def _sentence(rng: random.Random, serial: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    # a serial number keeps every sentence unique, as real passages are
    words.insert(rng.randint(1, len(words) - 1), f"item{serial}")
    if rng.random() < 0.3:
        i = rng.randint(0, len(words) - 3)
        words[i] = "“" + words[i]
        words[i + 2] = words[i + 2] + "”"
    if rng.random() < 0.2:
        words.insert(rng.randint(1, len(words) - 1), "—")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def generate(nodes: int, sources: int, seed: int) -> tuple[MapFile, dict[str, str]]:
    """A map of `nodes` nodes quoting `sources` source texts; returns (map, {file: text})."""
    rng = random.Random(seed)
    sources = max(1, sources)
    actors = [Actor(id=f"actor-{i:04d}", name=f"Analyst {i}", role="Researcher") for i in range(max(4, nodes // 50))]
    counts = {t: max(1, round(nodes * share)) for t, share in TYPE_SHARES}
    counts[NodeType.CLAIM] += nodes - sum(counts.values())
    plan = [t for t, n in counts.items() for _ in range(n)]
    rng.shuffle(plan)
    # Recommendations come first so that support can always point to something earlier.
    plan.sort(key=lambda t: 0 if t is NodeType.RECOMMENDATION else 1)

    paragraphs: list[list[str]] = [[] for _ in range(sources)]
    serial = 0
    node_list: list[Node] = []
    recs: list[str] = []
    supportable: list[str] = []
    objections: list[str] = []
    for index, node_type in enumerate(plan):
        ident = f"{node_type.value[:3]}-{index:06d}"
        quotes = []
        for _ in range(rng.choice(QUOTES_PER_NODE)):
            serial += 1
            source = rng.randrange(sources)
            sentence = _sentence(rng, serial)
            paragraphs[source].append(sentence)
            quoted = sentence.rstrip(".")
            if rng.random() < 0.5:  # curators type straight quotes and hyphens
                quoted = quoted.replace("“", '"').replace("”", '"').replace("—", "-")
            quotes.append(Quote(source=f"src-{source:03d}", text=quoted))
        side = "engagement" if node_type in (NodeType.RECOMMENDATION, NodeType.REBUTTAL) else rng.choice(["engagement", "restraint"])
        relations: dict = {}
        pattern = None
        if node_type in (NodeType.CLAIM, NodeType.EVIDENCE):
            pool = recs if rng.random() < 0.5 or not supportable else supportable
            relations["supports"] = rng.sample(pool, k=min(len(pool), 1 + (rng.random() < 0.25)))
        elif node_type is NodeType.OBJECTION:
            side = "restraint"
            pattern = rng.choice(PATTERNS)
            target = rng.choice(recs if rng.random() < 0.5 or not supportable else supportable)
            relations["attacks"] = [Attack(target=target, kind=rng.choice(list(AttackKind)))]
            objections.append(ident)
        elif node_type is NodeType.REBUTTAL:
            if not objections:
                node_type, side = NodeType.CLAIM, "engagement"
                relations["supports"] = [rng.choice(recs)]
            else:
                relations["attacks"] = [Attack(target=rng.choice(objections))]
        node_list.append(Node(
            id=ident, type=node_type, side=side, title=f"{node_type.value.title()} {index}",
            text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))).capitalize() + ".",
            by=[rng.choice(actors).id], themes=rng.sample(THEMES, k=rng.randint(1, 2)), pattern=pattern,
            quotes=quotes, **relations,
        ))
        if node_type is NodeType.RECOMMENDATION:
            recs.append(ident)
        elif node_type in (NodeType.CLAIM, NodeType.EVIDENCE):
            supportable.append(ident)
    # Recommendations nothing supports yet get a supporting claim's link.
    supported = {t for n in node_list for t in n.supports}
    claims = [n for n in node_list if n.type in (NodeType.CLAIM, NodeType.EVIDENCE)]
    for rec in (r for r in recs if r not in supported):
        donor = rng.choice(claims)
        donor.supports.append(rec)
    # Answer a share of the objections, as the bundled map does.
    rebuttals = [n for n in node_list if n.type is NodeType.REBUTTAL]
    answered = {a.target for n in rebuttals for a in n.attack_list}
    for objection in objections:
        if objection not in answered and rebuttals and rng.random() > UNANSWERED_SHARE:
            rng.choice(rebuttals).attacks.append(Attack(target=objection))

    texts: dict[str, str] = {}
    source_models = []
    for s, sentences in enumerate(paragraphs):
        rng.shuffle(sentences)
        paras = [" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)] or ["(empty)"]
        body = "\n\n".join(textwrap.fill(p, width=96) for p in paras) + "\n"
        name = f"sources/src-{s:03d}.txt"
        texts[name] = f"Generated source {s}\n\n{body}"
        source_models.append(Source(
            id=f"src-{s:03d}", title=f"Generated source {s}", authors=[actors[s % len(actors)].id], outlet="Benchmark Review",
            published=f"{2000 + s % 25}", file=name, sha256=hashlib.sha256(texts[name].encode("utf-8")).hexdigest(),
        ))
    used_actors = {a for n in node_list for a in n.by} | {s.authors[0] for s in source_models}
    used_themes = {t for n in node_list for t in n.themes}
    used_patterns = {n.pattern for n in node_list if n.pattern}
    doc = MapFile(
        map=MapInfo(id=f"generated-{nodes}", title=f"Generated map of {nodes} nodes",
                    question="Should the generated recommendations be adopted?", summary=f"seed {seed}"),
        sides=[Side(id=i, label=label, colour=colour) for i, label, colour in SIDES],
        actors=[a for a in actors if a.id in used_actors],
        themes=[Theme(id=t, label=t.replace("-", " ").title()) for t in THEMES if t in used_themes],
        patterns=[Pattern(id=p, label=p.replace("-", " ").title()) for p in PATTERNS if p in used_patterns],
        sources=source_models,
        nodes=node_list,
    )
    return doc, texts


def write_project(doc: MapFile, texts: dict[str, str], out: Path, per_file: int = NODES_PER_FILE) -> Path:
    """Write the project, `per_file` nodes to a file; returns the map folder."""
    (out / "sources").mkdir(parents=True, exist_ok=True)
    map_dir = out / "maps" / "generated"
    map_dir.mkdir(parents=True, exist_ok=True)
    for old in map_dir.glob("*.yaml"):
        old.unlink()
    (out / "argmap.toml").write_text('maps = "maps"\n', encoding="utf-8")
    for name, text in texts.items():
        (out / name).write_bytes(text.encode("utf-8"))
    head = doc.model_copy(update={"nodes": []})
    (map_dir / "map.yaml").write_text(dump_map(head), encoding="utf-8")
    for i in range(0, len(doc.nodes), per_file):
        part = MapFile(nodes=doc.nodes[i:i + per_file])
        (map_dir / f"nodes-{i // per_file:03d}.yaml").write_text(dump_map(part), encoding="utf-8")
    return map_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, required=True, help="how many nodes")
    parser.add_argument("--sources", type=int, default=None, help="how many source texts (default: nodes/250, at least 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-file", type=int, default=NODES_PER_FILE,
                        help=f"nodes in each YAML file (default: {NODES_PER_FILE}); the bundled map has about 50")
    parser.add_argument("-o", "--output", type=Path, required=True, help="project folder to write")
    args = parser.parse_args(argv)
    if args.nodes < 5:
        parser.error("--nodes must be at least 5")
    if args.per_file < 1:
        parser.error("--per-file must be at least 1")
    sources = args.sources if args.sources is not None else max(2, args.nodes // 250)
    doc, texts = generate(args.nodes, sources, args.seed)
    map_dir = write_project(doc, texts, args.output, args.per_file)
    print(f"wrote {len(doc.nodes)} nodes, {len(texts)} sources: {map_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
