"""Quality of the investment-target ranking (招商目标推荐) against a keyword-overlap baseline, in one run.

Real companies with their main products (bench/evalsets/placement/*.yaml, each with the links it belongs to and
its source) are imported into an external pool among thousands of generated others (the demo generator's product
lines on every link, and out-of-chain firms), all in provinces outside the region asked about. For every
(chain, link) that has real firms, both rankers order the whole pool:

- ChainAtlas: `targets.recommend` (placement by the link matcher, then the weighted parts);
- baseline: the count of the link's vocabulary words (keywords, products, terms) found in the firm's products
  and scope text — what a keyword search over the pool would give.

Generated firms made for the queried link are relevant but unlabelled: they are removed from both rankings
before scoring (a condensed list), so a ranker is judged on putting the labelled real makers of the link above
firms that make something else. Real firms get revenue, growth and staff drawn from the generated firms'
distribution, so size neither helps nor hurts them on average.

Prints recall@10, recall@20, recall@50 and MRR per chain and overall for both, and whether the targets hold
(recall@20 ≥ 0.8; MRR ≥ 2 × the baseline's).

    python bench/bench_targets.py [--others 5000] [--sets bench/evalsets/placement/*.yaml]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.placement import normalise
from chainatlas.domain.targets import make_weights
from chainatlas.services import setup, targets
from chainatlas.services.demo.pool import PROVINCES
from chainatlas.services.demo.registry import OUT_OF_CHAIN_LINES, RegistryGenerator
from chainatlas.store.db import engine_for, resolve_url

SETS = sorted((Path(__file__).parent / "evalsets" / "placement").glob("*.yaml"))
REGION = "430100"  # the region asking: no pool firm lies in it
HEADER = ["企业名称", "所属区县", "主营产品", "经营范围", "行业代码", "2023年营业收入（万元）", "2025年营业收入（万元）",
          "2025年从业人员", "资质/标签"]
KS = (10, 20, 50)
LIMIT = 200
OPERATOR = Viewer.operator()
FIT = make_weights({"fit": 1}, "只看产品匹配（对照）")  # the ranking's relevance part alone, for comparison


def load(paths: list[Path]) -> list[dict]:
    firms = []
    for path in paths:
        for firm in yaml.safe_load(path.read_text(encoding="utf-8")):
            firm["expected"] = [tuple(pair) for pair in firm["expected"]]
            firms.append(firm)
    return firms


def write_pool(path: Path, firms: list[dict], others: int, seed: int) -> dict[str, tuple[str, str] | None]:
    """The pool file; returns each generated firm's name → the (chain, link) it was made for (None: no chain)."""
    rng = random.Random(seed)
    generators = [RegistryGenerator(region=p, seed=seed + n, years=3) for n, p in enumerate(PROVINCES)]
    counties = [c.code for g in generators for c in g.counties]
    made: dict[str, tuple[str, str] | None] = {}

    def numbers() -> list[str]:
        revenue = 40_000 * rng.lognormvariate(0, 1.5)
        growth = rng.uniform(0.9, 1.3)
        tags = "；".join(t for t, p in (("高新技术企业(2023)", 0.3), ("专精特新(2024)", 0.1), ("上市", 0.08)) if rng.random() < p)
        return [f"{revenue / growth ** 2:.2f}", f"{revenue:.2f}", str(max(5, int(revenue / 80))), tags]

    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for firm in firms:
            out.writerow([firm["name"], rng.choice(counties), firm["products"], "", firm.get("industry_code") or "",
                          *numbers()])
        for i in range(others):
            g = generators[i % len(generators)]
            brand = g.rng.choice(g.trade_names)
            if rng.random() < 0.12:
                _, lines = rng.choice(OUT_OF_CHAIN_LINES)
                products, scope = g._outside_texts(rng.sample(lines, k=min(2, len(lines))), brand)
                where = None
            else:
                chain = rng.choice(g.chains)
                link = rng.choice(chain.links)
                products, scope = g._chain_texts(chain, link, brand)
                where = (chain.id, link.id)
            name = f"{brand}{rng.choice(('科技', '实业', '新材料', '技术'))}第{i}有限公司"
            made[name] = where
            out.writerow([name, rng.choice(counties), products, scope, "", *numbers()])
    return made


class Baseline:
    """Rank pool firms by how many of the link's vocabulary words their products and scope contain."""

    def __init__(self, rows: list[tuple[str, str]]):
        self.rows = [(name, normalise(text)) for name, text in rows]

    def rank(self, words: tuple[str, ...]) -> list[str]:
        keys = [normalise(w) for w in words if w.strip()]
        scored = [(sum(1 for k in keys if k in text), n, name) for n, (name, text) in enumerate(self.rows)]
        return [name for hits, _, name in sorted(scored, key=lambda s: (-s[0], s[1])) if hits]


def metrics(ranking: list[str], positives: set[str], unjudged: set[str]) -> dict[str, float]:
    condensed = [name for name in ranking if name not in unjudged]
    out = {f"r@{k}": len(positives & set(condensed[:k])) / len(positives) for k in KS}
    first = next((i for i, name in enumerate(condensed, start=1) if name in positives), None)
    out["mrr"] = 1 / first if first else 0.0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--others", type=int, default=5000, help="generated pool firms beside the real ones")
    parser.add_argument("--sets", nargs="*", type=Path, default=SETS)
    parser.add_argument("--seed", type=int, default=1717)
    args = parser.parse_args()
    firms = load(args.sets)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        setup.initialise(db)
        engine = engine_for(resolve_url(db))
        pool_file = Path(tmp) / "pool.csv"
        made = write_pool(pool_file, firms, args.others, args.seed)
        started = time.perf_counter()
        result = targets.import_pool(engine, pool_file, "评测企业库", viewer=OPERATOR)
        print(f"pool: {result['imported']} firms ({len(firms)} real, {args.others} generated) imported and placed "
              f"in {time.perf_counter() - started:.1f} s", flush=True)
        with open(pool_file, encoding="utf-8") as handle:
            rows = [(r["企业名称"], f"{r['主营产品']} {r['经营范围']}") for r in csv.DictReader(handle)]
        baseline = Baseline(rows)
        chains = {c.id: c for c in (reference.read_chain_file(p) for p in reference.builtin_chain_files())}
        queries: dict[tuple[str, str], set[str]] = defaultdict(set)
        for firm in firms:
            for pair in firm["expected"]:
                if pair[0] in chains:
                    queries[pair].add(firm["name"])
        per_chain: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        seconds = []
        for (chain_id, link_id), positives in sorted(queries.items()):
            unjudged = {name for name, where in made.items() if where == (chain_id, link_id)}
            started = time.perf_counter()
            found = targets.recommend(engine, chain_id, link_id, REGION, viewer=OPERATOR, limit=LIMIT)
            seconds.append(time.perf_counter() - started)
            ours = metrics([i["enterprise"]["name"] for i in found["items"]], positives, unjudged)
            base = metrics(baseline.rank(chains[chain_id].link(link_id).vocabulary()), positives, unjudged)
            fit_only = targets.recommend(engine, chain_id, link_id, REGION, viewer=OPERATOR, limit=LIMIT, weights=FIT)
            relevance = metrics([i["enterprise"]["name"] for i in fit_only["items"]], positives, unjudged)
            for name, value in ours.items():
                per_chain[chain_id]["ours " + name].append(value)
                per_chain[chain_id]["fit " + name].append(relevance[name])
                per_chain[chain_id]["base " + name].append(base[name])
        columns = [f"r@{k}" for k in KS] + ["mrr"]
        print(f"\n{len(queries)} (chain, link) queries; ChainAtlas vs keyword-overlap baseline (same pool, same run)")
        print(f"{'chain':28} {'links':>5}  " + "  ".join(f"{'ours ' + c:>9} {'base ' + c:>9}" for c in columns))
        totals: dict[str, list[float]] = defaultdict(list)
        for chain_id, values in sorted(per_chain.items()):
            n = len(values["ours mrr"])
            cells = []
            for c in columns:
                ours, base = (sum(values[f"{s} {c}"]) / n for s in ("ours", "base"))
                cells.append(f"{ours:9.3f} {base:9.3f}")
                totals["ours " + c] += values[f"ours {c}"]
                totals["base " + c] += values[f"base {c}"]
            print(f"{chain_id:28} {n:5d}  " + "  ".join(cells))
        n = len(totals["ours mrr"])
        mean = {k: sum(v) / n for k, v in totals.items()}
        print(f"{'all':28} {n:5d}  " + "  ".join(f"{mean['ours ' + c]:9.3f} {mean['base ' + c]:9.3f}" for c in columns))
        fit = {c: sum(v for values in per_chain.values() for v in values["fit " + c]) / n for c in columns}
        print(f"{'all, product fit only':28} {n:5d}  " + "  ".join(f"{fit[c]:9.3f} {'':9}" for c in columns))
        ratio = mean["ours mrr"] / mean["base mrr"] if mean["base mrr"] else float("inf")
        print(f"\nbaseline MRR ratio: {ratio:.2f}× (target ≥ 2×); recall@20 {mean['ours r@20']:.3f} (target ≥ 0.8); "
              f"targets of one link: median {sorted(seconds)[len(seconds) // 2] * 1000:.0f} ms over {len(seconds)} links")
        print("targets met" if mean["ours r@20"] >= 0.8 and ratio >= 2 else "targets NOT met")
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
