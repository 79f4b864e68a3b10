"""Placement quality on real enterprises: the matcher before issue 13 §2 and today's, same run.

Reads the evaluation sets in bench/evalsets/placement/ (real firms, their products as
they state them, optional GB/T 4754-2017 code, and every right (chain, link) pair) and
places each firm with both matchers over the ten built-in chains.

Figures, for each half of the sets and the whole:

- top-1: share of in-chain firms (expected non-empty) whose highest-confidence
  placement (ties broken by chain id, then link id) is one of the firm's expected
  (chain, link) pairs. A firm with no placement counts as wrong.
- recall: share of all expected (chain, link) pairs of in-chain firms that are among
  the firm's placements (any confidence).
- precision: share of the placements of in-chain firms that are expected pairs
  (reported, no target).
- false placement: share of out-of-chain firms (expected: []) that get any placement.

The halves are fixed by the MD5 of the firm's name (even first byte: tuning half,
odd: check half). Tune on the tuning half only (`--errors` lists its misses); the check
half tells whether a change generalises. Targets on the whole: top-1 ≥ 0.90, false
placement ≤ 5%.

    python bench/bench_place_quality.py [--errors] [--sets bench/evalsets/placement/*.yaml]
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import yaml
from legacy_place import LegacyLinkMatcher

from chainatlas import reference
from chainatlas.domain.placement import Candidate, LinkMatcher

SETS = sorted((Path(__file__).parent / "evalsets" / "placement").glob("*.yaml"))


def load(paths: list[Path]) -> list[dict]:
    firms = []
    for path in paths:
        for firm in yaml.safe_load(path.read_text(encoding="utf-8")):
            firm["expected"] = [tuple(pair) for pair in firm["expected"]]
            firm["half"] = "tuning" if hashlib.md5(firm["name"].encode()).digest()[0] % 2 == 0 else "check"
            firms.append(firm)
    return firms


def figures(firms: list[dict], placed: list[list[Candidate]]) -> dict[str, float | int]:
    inside = [(f, p) for f, p in zip(firms, placed, strict=True) if f["expected"]]
    outside = [p for f, p in zip(firms, placed, strict=True) if not f["expected"]]
    top = sum(1 for f, p in inside if p and (p[0].chain_id, p[0].link_id) in f["expected"])
    pairs = sum(len(f["expected"]) for f, _ in inside)
    found = sum(len(set(f["expected"]) & {(c.chain_id, c.link_id) for c in p}) for f, p in inside)
    made = sum(len(p) for _, p in inside)
    return {"firms": len(inside), "top1": top / max(1, len(inside)), "recall": found / max(1, pairs),
            "precision": found / max(1, made), "outside": len(outside),
            "false": sum(1 for p in outside if p) / max(1, len(outside))}


def ranked(candidates: list[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c.confidence, c.chain_id, c.link_id))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", nargs="*", type=Path, default=SETS)
    parser.add_argument("--errors", action="store_true", help="list the tuning half's misses")
    args = parser.parse_args()
    firms = load(args.sets)
    chains = [reference.read_chain_file(p) for p in reference.builtin_chain_files()]
    records = [(f["products"], None, f.get("industry_code")) for f in firms]
    results = {}
    for label, build in (("before (jieba tokens, exact)", LegacyLinkMatcher), ("now (LinkMatcher)", LinkMatcher)):
        started = time.perf_counter()
        matcher = build(chains)
        if isinstance(matcher, LinkMatcher):
            placed = [ranked(c) for c in matcher.score_many(records)]
        else:
            placed = [ranked(matcher.score(*r)) for r in records]
        results[label] = placed
        seconds = time.perf_counter() - started
        print(f"{label}: {len(firms)} firms in {seconds:.1f} s (matcher built and run)")
        print(f"  {'half':<8}{'in-chain':>9}{'top-1':>8}{'recall':>8}{'precision':>10}{'out-of-chain':>13}"
              f"{'false placement':>16}")
        for half in ("tuning", "check", "whole"):
            chosen = [i for i, f in enumerate(firms) if half in ("whole", f["half"])]
            got = figures([firms[i] for i in chosen], [placed[i] for i in chosen])
            print(f"  {half:<8}{got['firms']:>9}{got['top1']:>8.3f}{got['recall']:>8.3f}{got['precision']:>10.3f}"
                  f"{got['outside']:>13}{got['false']:>16.3f}")
    if args.errors:
        placed = results["now (LinkMatcher)"]
        print("\ntuning-half misses (top-1 wrong, or out-of-chain placed):")
        for firm, cands in zip(firms, placed, strict=True):
            if firm["half"] != "tuning":
                continue
            top = (cands[0].chain_id, cands[0].link_id) if cands else None
            if (firm["expected"] and top not in firm["expected"]) or (not firm["expected"] and cands):
                want = firm["expected"][0] if firm["expected"] else "—"
                got = "; ".join(f"{c.chain_id}/{c.link_id} {c.confidence} [{'；'.join(c.matched)}]"
                                for c in cands[:3]) or "—"
                print(f"- {firm['name']}: {firm['products'][:70]}\n    want {want}\n    got  {got}")


if __name__ == "__main__":
    main()
