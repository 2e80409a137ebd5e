"""Hypothesis strategies: whole valid maps, built so that every rule holds and nothing is unused."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import strategies as st

from argmap.model import (
    Actor, Attack, AttackKind, AttackScope, AttackStrength, MapFile, MapInfo, Node, NodeType, Pattern, Quote, Side,
    Source, Theme, Weight,
)

SPEECH = (Path(__file__).resolve().parent / "corpus" / "sources" / "speech.txt").read_text(encoding="utf-8")
SPEECH_SHA = "555a83ff8e41cc33f40cf3ee5ad5e72a0b26f7a7a48d5c2a24533b792f3ccaf3"
# Quotable passages: whole words of the speech that the verbatim matcher finds.
_PASSAGES = ["We should trade more with our neighbours.", "Trade creates jobs", "at home and abroad",
             "it builds trust between peoples", "Some say it costs too much.", "That is wrong",
             "the costs are small and well-known", "the benefits are large", "Remarks to the Chamber of Commerce"]

ids = st.from_regex(re.compile(r"[a-z][a-z0-9-]{0,12}"), fullmatch=True)
# Any text a curator might paste: letters of any script, punctuation, quotes, newlines; no
# surrogates (not encodable) and not only white space.
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1, max_size=60,
).filter(lambda s: s.strip() != "")
colours = st.from_regex(re.compile(r"#[0-9a-f]{6}"), fullmatch=True)


@st.composite
def valid_maps(draw) -> MapFile:
    """A map that validates with no problems at all (no errors, no warnings)."""
    side_ids = draw(st.lists(ids, min_size=2, max_size=3, unique=True))
    actor_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    theme_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    pattern_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))

    def quote():
        return Quote(source="speech", text=draw(st.sampled_from(_PASSAGES)), note=draw(st.sampled_from(["", "see p. 1"])))

    n_recs = draw(st.integers(1, 3))
    nodes: list[Node] = []
    used = {"side": set(), "actor": set(), "theme": set(), "pattern": set()}

    def node(ident: str, node_type: NodeType, **relations) -> Node:
        side = draw(st.sampled_from(side_ids))
        by = draw(st.lists(st.sampled_from(actor_ids), max_size=2, unique=True))
        themes = draw(st.lists(st.sampled_from(theme_ids), max_size=2, unique=True))
        used["side"].add(side)
        used["actor"].update(by)
        used["theme"].update(themes)
        title = draw(st.one_of(st.none(), texts))
        return Node(id=ident, type=node_type, side=side, title=title, text=draw(texts), by=by, themes=themes,
                    quotes=[quote() for _ in range(draw(st.integers(1, 2)))], **relations)

    for i in range(n_recs):
        nodes.append(node(f"rec{i}", NodeType.RECOMMENDATION))
    # Claims and evidence support a recommendation or an earlier claim: support stays acyclic.
    supportable = [n.id for n in nodes]
    for i in range(draw(st.integers(n_recs, n_recs + 4))):
        target = f"rec{i}" if i < n_recs else draw(st.sampled_from(supportable))
        kind = draw(st.sampled_from([NodeType.CLAIM, NodeType.EVIDENCE]))
        nodes.append(node(f"c{i}", kind, supports=[target]))
        supportable.append(f"c{i}")
    # Objections attack anything so far; each is answered by a rebuttal.
    for i in range(draw(st.integers(0, 4))):
        target = draw(st.sampled_from(supportable))
        kind = draw(st.sampled_from(list(AttackKind)))
        pattern = draw(st.sampled_from(pattern_ids))
        used["pattern"].add(pattern)
        strength = draw(st.sampled_from(list(AttackStrength)))
        scope = draw(st.sampled_from(list(AttackScope)))
        weight = draw(st.sampled_from([None, *Weight]))
        nodes.append(node(f"o{i}", NodeType.OBJECTION, pattern=pattern, weight=weight,
                          attacks=[Attack(target=target, kind=kind, strength=strength, scope=scope)]))
        nodes.append(node(f"r{i}", NodeType.REBUTTAL, attacks=[f"o{i}"]))

    sides = [Side(id=s, label=draw(texts), colour=draw(colours)) for s in side_ids if s in used["side"]]
    actors = [Actor(id=a, name=draw(texts), kind=draw(st.sampled_from(["person", "organisation"])),
                    affiliation=draw(st.one_of(st.none(), texts, st.lists(texts, max_size=2))))
              for a in actor_ids if a in used["actor"]]
    author = actor_ids[0]
    if author not in used["actor"]:
        actors.append(Actor(id=author, name="Ann Author"))
    themes = [Theme(id=t, label=draw(texts)) for t in theme_ids if t in used["theme"]]
    patterns = [Pattern(id=p, label=draw(texts)) for p in pattern_ids if p in used["pattern"]]
    published = draw(st.one_of(st.none(), st.sampled_from(["2020", "2020-11", "2020-11-05", "1999-02-28"])))
    sources = [Source(id="speech", title=draw(texts), authors=[author], published=published,
                      file="sources/speech.txt", sha256=SPEECH_SHA, outlet=draw(st.one_of(st.none(), texts)))]
    info = MapInfo(id=draw(ids), title=draw(texts), question=draw(texts), summary=draw(st.one_of(st.just(""), texts)))
    return MapFile(map=info, sides=sides, actors=actors, themes=themes, patterns=patterns, sources=sources, nodes=nodes)
