"""Quality of the investment-target ranking (招商目标推荐) against a keyword-overlap baseline, in one run.

Real companies with their main products (bench/evalsets/placement/*.yaml, each with the links it belongs to and
its source) are imported into an external pool among thousands of generated others (the demo generator's product
lines on every link, and out-of-chain firms), all in provinces outside the region asked about. For every
(chain, link) that has real firms, both rankers order the whole pool:

- ChainAtlas: `targets.recommend` (placement by the link matcher, then the weighted parts);
- baseline: the count of the link's vocabulary words (keywords, products, terms) found in the firm's products
  and scope text — what a keyword search over the pool would give.

Like a list bought by product keywords, most of the generated chain firms trade what they name rather than make
it (`--traders`, default the share of wholesale and retail among the legal units that make or trade goods in the
fourth national economic census: 66.5%): distributors' catalogues, trading scopes, wholesale industry codes, names
that only sometimes say 贸易 (RegistryGenerator.trader_texts). They make nothing, so they are judged as not making
any link. `--traders 0` gives the background of the first versions, where every chain firm was a maker.

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
CONFUSERS = sorted((Path(__file__).parent / "evalsets" / "targets").glob("*.yaml"))
REGION = "430100"  # the region asking: no pool firm lies in it
HEADER = ["企业名称", "所属区县", "主营产品", "经营范围", "行业代码", "2023年营业收入（万元）", "2025年营业收入（万元）",
          "2025年从业人员", "资质/标签"]
KS = (10, 20, 50)
LIMIT = 200
# Of the firms that make or trade goods, the share that trade: 批发和零售业 649.9万 of 649.9万 + 制造业 327.0万 法人单位
# (第四次全国经济普查公报, 2019-11-20, legal units at the end of 2018). A list bought by product keywords holds
# both kinds; this is the share of traders among the generated chain firms.
TRADERS = round(649.9 / (649.9 + 327.0), 3)  # 0.665
OPERATOR = Viewer.operator()
FIT = make_weights({"fit": 1}, "只看产品匹配（对照）")  # the ranking's relevance part alone, for comparison


def load(paths: list[Path]) -> list[dict]:
    firms = []
    for path in paths:
        for firm in yaml.safe_load(path.read_text(encoding="utf-8")):
            firm["expected"] = [tuple(pair) for pair in firm["expected"]]
            firms.append(firm)
    return firms


def load_confusers(paths: list[Path]) -> list[dict]:
    """Real firms that mention links' words without making them: `makes` and `not` as (chain, link) sets."""
    firms = []
    for path in paths:
        for firm in yaml.safe_load(path.read_text(encoding="utf-8")):
            firm["makes"] = {tuple(pair) for pair in firm.get("makes") or []}
            firm["not"] = {tuple(pair) for pair in firm.get("not") or []}
            firms.append(firm)
    return firms


def halves(confusers: list[dict], seed: int) -> dict[str, list[dict]]:
    """A development half and a held-out half, by firm, with a fixed seed."""
    ordered = sorted(confusers, key=lambda f: f["name"])
    random.Random(seed).shuffle(ordered)
    middle = (len(ordered) + 1) // 2
    return {"dev": ordered[:middle], "held-out": ordered[middle:]}


def write_pool(path: Path, firms: list[dict], others: int, seed: int, confusers: list[dict] | None = None,
               shuffle: bool = True, traders: float = 0.0) -> tuple[dict[str, tuple[str, str] | None], set[str]]:
    """The pool file; returns each generated maker's name → the (chain, link) it was made for (None: no chain),
    and the names of the generated traders.

    `traders`: the share of the generated chain firms that sell, distribute or import a chain's products without
    making them (RegistryGenerator.trader_texts) — what most of a purchased sector list is. They make nothing, so
    they are judged as not making every link.

    Rows are shuffled (fixed seed) unless `shuffle` is off: both rankers break ties by the order of the file, and
    the real firms written first would win every tie against the generated firms and the confusers."""
    rng = random.Random(seed)
    generators = [RegistryGenerator(region=p, seed=seed + n, years=3) for n, p in enumerate(PROVINCES)]
    counties = [c.code for g in generators for c in g.counties]
    made: dict[str, tuple[str, str] | None] = {}
    trading: set[str] = set()
    trade_draw = random.Random(seed + 3)  # its own draws: with no traders the background stays as it was

    def numbers() -> list[str]:
        revenue = 40_000 * rng.lognormvariate(0, 1.5)
        growth = rng.uniform(0.9, 1.3)
        tags = "；".join(t for t, p in (("高新技术企业(2023)", 0.3), ("专精特新(2024)", 0.1), ("上市", 0.08)) if rng.random() < p)
        return [f"{revenue / growth ** 2:.2f}", f"{revenue:.2f}", str(max(5, int(revenue / 80))), tags]

    rows = []
    for firm in firms:
        rows.append([firm["name"], rng.choice(counties), firm["products"], "", firm.get("industry_code") or "",
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
        county, figures = rng.choice(counties), numbers()
        if where is not None and trade_draw.random() < traders:
            word, products, scope, code, _ = g.trader_texts(trade_draw.choice(g.chains))
            name = f"{brand}{word}第{i}有限公司"
            trading.add(name)
            rows.append([name, county, products, scope, code or "", *figures])
            continue
        made[name] = where
        rows.append([name, county, products, scope, "", *figures])
    extra = random.Random(seed + 1)  # the confusers' own draws: the background stays as it was without them
    for firm in confusers or []:
        rows.insert(len(firms) if not shuffle else 0,
                    [firm["name"], extra.choice(counties), firm["products"], firm.get("scope") or "", "",
                     *numbers()])
    if shuffle:
        random.Random(seed + 2).shuffle(rows)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        out.writerows(rows)
    return made, trading


class Baseline:
    """Rank pool firms by how many of the link's vocabulary words their products and scope contain."""

    def __init__(self, rows: list[tuple[str, str]]):
        self.rows = [(name, normalise(text)) for name, text in rows]

    def rank(self, words: tuple[str, ...]) -> list[str]:
        keys = [normalise(w) for w in words if w.strip()]
        scored = [(sum(1 for k in keys if k in text), n, name) for n, (name, text) in enumerate(self.rows)]
        return [name for hits, _, name in sorted(scored, key=lambda s: (-s[0], s[1])) if hits]


def metrics(ranking: list[str], positives: set[str], unjudged: set[str], traps: set[str] = frozenset(),
            dealers: set[str] = frozenset()) -> dict[str, float]:
    condensed = [name for name in ranking if name not in unjudged]
    out = {f"r@{k}": len(positives & set(condensed[:k])) / len(positives) for k in KS} if positives else {}
    first = next((i for i, name in enumerate(condensed, start=1) if name in positives), None)
    if positives:
        out["mrr"] = 1 / first if first else 0.0
    out["traps@10"] = float(len(traps & set(condensed[:10])))  # confusers labelled "does not make" in the top 10
    out["traders@10"] = float(len(dealers & set(condensed[:10])))  # generated traders in the top 10
    return out


COLUMNS = [f"r@{k}" for k in KS] + ["mrr"]


def table(title: str, rows: dict[str, list[dict[str, float]]], rankers: tuple[str, ...], traps: bool = False) -> dict:
    """Print mean figures per chain and overall for each ranker; returns the overall means."""
    columns = COLUMNS + ["traders@10"] + (["traps@10"] if traps else [])
    print(f"\n{title}")
    print(f"{'chain':28} {'links':>5}  " + "  ".join(f"{r + ' ' + c:>13}" for c in columns for r in rankers))
    chains = sorted({key.split("|")[0] for key in rows})
    overall: dict[str, list[float]] = defaultdict(list)
    for chain_id in [*chains, "all"]:
        found = [v for key, v in rows.items() if chain_id == "all" or key.split("|")[0] == chain_id]
        cells = []
        for c in columns:
            for r in rankers:
                values = [m[r][c] for m in found if c in m[r]]
                mean = sum(values) / len(values) if values else float("nan")
                cells.append(f"{mean:13.3f}")
                if chain_id == "all":
                    overall[f"{r} {c}"] = values
        n = len(found)
        print(f"{chain_id:28} {n:5d}  " + "  ".join(cells))
    means = {k: sum(v) / len(v) if v else float("nan") for k, v in overall.items()}
    ratio = means["ours mrr"] / means["base mrr"] if means.get("base mrr") else float("inf")
    print(f"baseline MRR ratio (ours / baseline) {ratio:.2f}× (target ≥ 2×); recall@20 {means['ours r@20']:.3f} (target ≥ 0.8)"
          f"; generated traders in the top 10 per query: ours {means['ours traders@10']:.2f}, "
          f"baseline {means['base traders@10']:.2f}"
          + (f"; confusers in the top 10 per query: ours {means['ours traps@10']:.2f}, "
             f"baseline {means['base traps@10']:.2f}" if traps else ""))
    return {**means, "ratio": ratio}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--others", type=int, default=5000, help="generated pool firms beside the real ones")
    parser.add_argument("--sets", nargs="*", type=Path, default=SETS)
    parser.add_argument("--confusers", nargs="*", type=Path, default=CONFUSERS,
                        help="real firms that mention links' words without making them (none: the first evaluation)")
    parser.add_argument("--seed", type=int, default=1717)
    parser.add_argument("--traders", type=float, default=TRADERS,
                        help="share of the generated chain firms that only trade a chain's products (0: none, as the "
                             "first versions had)")
    parser.add_argument("--ordered", action="store_true",
                        help="the first version's file order (real firms first: they win the rankers' ties)")
    parser.add_argument("--twins", action=argparse.BooleanOptionalAction, default=True,
                        help="with confusers: leave generated firms made for another chain's links unjudged")
    parser.add_argument("--misses", action="store_true", help="list the development half's confusers ranked high")
    args = parser.parse_args()
    firms = load(args.sets)
    confusers = load_confusers(args.confusers)
    split = halves(confusers, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        setup.initialise(db)
        engine = engine_for(resolve_url(db))
        pool_file = Path(tmp) / "pool.csv"
        made, trading = write_pool(pool_file, firms, args.others, args.seed, confusers, shuffle=not args.ordered,
                                   traders=args.traders)
        started = time.perf_counter()
        result = targets.import_pool(engine, pool_file, "评测企业库", viewer=OPERATOR)
        print(f"pool: {result['imported']} firms ({len(firms)} real, {len(confusers)} real confusers "
              f"({len(split['dev'])} dev, {len(split['held-out'])} held-out), {args.others} generated of which "
              f"{len(trading)} traders) imported and "
              f"placed in {time.perf_counter() - started:.1f} s; file order {'as first' if args.ordered else 'shuffled'}",
              flush=True)
        with open(pool_file, encoding="utf-8") as handle:
            rows = [(r["企业名称"], f"{r['主营产品']} {r['经营范围']}") for r in csv.DictReader(handle)]
        baseline = Baseline(rows)
        chains = {c.id: c for c in (reference.read_chain_file(p) for p in reference.builtin_chain_files())}
        old_queries: dict[tuple[str, str], set[str]] = defaultdict(set)
        for firm in firms:
            for pair in firm["expected"]:
                if pair[0] in chains:
                    old_queries[pair].add(firm["name"])
        pairs = set(old_queries) | {p for f in confusers for p in f["makes"] | f["not"] if p[0] in chains}
        rankings: dict[tuple[str, str], dict[str, list[str]]] = {}
        seconds = []
        for chain_id, link_id in sorted(pairs):
            started = time.perf_counter()
            found = targets.recommend(engine, chain_id, link_id, REGION, viewer=OPERATOR, limit=LIMIT)
            seconds.append(time.perf_counter() - started)
            fit_only = targets.recommend(engine, chain_id, link_id, REGION, viewer=OPERATOR, limit=LIMIT, weights=FIT)
            rankings[(chain_id, link_id)] = {
                "ours": [i["enterprise"]["name"] for i in found["items"]],
                "fit": [i["enterprise"]["name"] for i in fit_only["items"]],
                "base": baseline.rank(chains[chain_id].link(link_id).vocabulary())}
        names = {f["name"] for f in confusers}

        def left_out(pair: tuple[str, str], twins: bool) -> set[str]:
            """Generated firms not judged for a link: those made for it, and with `twins` those made for a link of
            another chain (lithium-battery/battery-recycling and new-energy-vehicle/battery-recycling name the same
            products: such a firm may well make the link's product, and nobody labelled it)."""
            return {name for name, where in made.items()
                    if where == pair or (twins and where is not None and where[0] != pair[0])}

        def scored(pair: tuple[str, str], judged: set[str], twins: bool = args.twins) -> dict[str, dict[str, float]]:
            """Figures of each ranker for a link; confusers outside `judged` (and those without a label for the
            link) are left out of the ranking, as are the generated firms of `left_out`."""
            generated = left_out(pair, twins)
            positives = old_queries.get(pair, set()) | {f["name"] for f in confusers
                                                        if f["name"] in judged and pair in f["makes"]}
            traps = {f["name"] for f in confusers if f["name"] in judged and pair in f["not"]}
            unjudged = generated | (names - positives - traps)
            return {r: metrics(rankings[pair][r], positives, unjudged, traps, trading) for r in ("ours", "fit", "base")}

        first = table(f"1. first evaluation (confusers left out): {len(old_queries)} (chain, link) queries",
                      {f"{c}|{k}": scored((c, k), set(), False) for c, k in sorted(old_queries)}, ("ours", "fit", "base"))
        hard = {}
        for label, judged in (("all", names), *((h, {f["name"] for f in m}) for h, m in split.items())):
            trap_pairs = sorted({p for f in confusers if f["name"] in judged for p in f["not"] if p[0] in chains})
            rows_of = {f"{c}|{k}": scored((c, k), judged) for c, k in trap_pairs}
            rows_of = {k: v for k, v in rows_of.items() if "mrr" in v["ours"]}
            hard[label] = table(f"2. with confusers ({label}: {len(judged)} firms): the {len(rows_of)} links they are "
                                f"labelled as NOT making", rows_of, ("ours", "fit", "base"), traps=True)
        every = {f"{c}|{k}": scored((c, k), names) for c, k in sorted(pairs)}
        every = {k: v for k, v in every.items() if "mrr" in v["ours"]}
        table(f"3. every link with a labelled maker, all confusers judged: {len(every)} queries", every,
              ("ours", "fit", "base"), traps=True)
        if args.misses:
            print("\ndevelopment half: confusers in the top 20 of a link they do not make (ours, generated makers left out)")
            for f in split["dev"]:
                for pair in sorted(f["not"]):
                    generated = left_out(pair, args.twins)
                    condensed = [n for n in rankings.get(pair, {}).get("ours", []) if n not in generated]
                    if f["name"] in condensed[:20]:
                        print(f"  {f['name']} → {pair[0]}/{pair[1]} at {condensed.index(f['name']) + 1}")
        if args.misses:
            print("\ndevelopment half's links: what ours ranks above the first labelled maker")
            judged = {f["name"] for f in split["dev"]}
            for pair in sorted({p for f in split["dev"] for p in f["not"] if p[0] in chains}):
                generated = left_out(pair, args.twins)
                positives = old_queries.get(pair, set()) | {f["name"] for f in split["dev"] if pair in f["makes"]}
                unjudged = generated | (names - judged)
                condensed = [n for n in rankings[pair]["ours"] if n not in unjudged]
                at = next((i for i, n in enumerate(condensed) if n in positives), None)
                if at:
                    above = [n + (f"[{'/'.join(made[n])}]" if made.get(n) else "") for n in condensed[:at][:4]]
                    print(f"  {pair[0]}/{pair[1]}: first maker at {at + 1}, above it: {'、'.join(above)}")
        print(f"\ntargets of one link: median {sorted(seconds)[len(seconds) // 2] * 1000:.0f} ms over {len(seconds)} links")
        met = first["ours r@20"] >= 0.8 and all(h["ours r@20"] >= 0.8 and h["ratio"] >= 2 for h in hard.values())
        print("targets met (recall@20 ≥ 0.8 and MRR ≥ 2× baseline, first evaluation and both halves)" if met
              else "targets NOT met (recall@20 ≥ 0.8 and MRR ≥ 2× baseline, with confusers, both halves)")
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
