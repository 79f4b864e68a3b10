"""Work lists at scale: the project list with filters and the investment funnel over 100,000 projects in SQLite.

Builds (once, cached in bench/out) a SQLite database with a small generated registry, placed (so that the chain
map has something to draw), and N generated projects of both lists (major projects and the investment pipeline)
over the province's cities and counties and the built-in chains, at every stage, with planned dates so that some
are delayed, some terminated. The projects are written with plain inserts in the service's own row format
(five stage rows each), since going through the service one project at a time would take most of the run.

Then it starts `chainatlas serve` on loopback and asks, one request at a time, with the API token of a province
chain office (so that the scope check is in every query):
- the project list with a mix of filters (list, stage, chain, region, delayed, and combinations), 20 a page;
- the funnel, for the whole province, a city, a chain, a list and a period;
- the baseline, measured in the same run on the same server: the chain map (warm, each scope asked before).

Targets: list p95 ≤ 50 ms, funnel ≤ 1 s (its slowest request); both printed as a ratio to the chain map's p95.

    python bench/bench_lists.py [--projects 100000] [--requests 400]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench_web import bench_token
from bench_web import build as build_registry
from common import OUT, chains, derived_database, machine_line, pct, served, timed
from sqlalchemy import Engine, insert, select

from chainatlas import reference
from chainatlas.domain.projects import RANK, SOURCES, STAGES
from chainatlas.store.models import project_stages, projects

BATCH = 5_000


def counties() -> list[str]:
    regions = reference.regions()
    return sorted(r.code for r in regions.by_code.values() if r.level == "county" and r.code.startswith("43"))


def build(n: int, enterprises: int, seed: int = 7) -> Path:
    """The registry database of bench_web at `enterprises`, copied, with `n` generated projects added."""
    return derived_database(OUT / f"lists-{n // 1000}k-{enterprises // 1000}k.db", lambda: build_registry(enterprises),
                            lambda engine: _add_projects(engine, n, seed))


def _add_projects(engine: Engine, n: int, seed: int) -> None:
    rng = random.Random(seed)
    places, templates = counties(), chains()
    today = date.today()
    stamp = datetime.now()
    started = time.perf_counter()
    with engine.begin() as conn:
        first = (conn.execute(select(projects.c.id).order_by(projects.c.id.desc()).limit(1)).scalar() or 0) + 1
        for chunk in range(0, n, BATCH):
            rows, stage_rows = [], []
            for i in range(first + chunk, first + min(n, chunk + BATCH)):
                chain, links = rng.choice(templates)
                stage = rng.choices(STAGES, weights=(40, 25, 15, 12, 8))[0]
                ended = stage != "producing" and rng.random() < 0.08
                start = today - timedelta(days=rng.randint(30, 1500))
                gap = rng.randint(30, 150)
                planned = {s: start + timedelta(days=gap * k + rng.randint(-10, 40)) for k, s in enumerate(STAGES)}
                actual = {s: start + timedelta(days=gap * k) for k, s in enumerate(STAGES) if k <= RANK[stage]}
                fen = rng.choice((5_000, 30_000, 100_000, 500_000, 1_200_000, 5_000_000)) * 1_000_000
                rows.append({"id": i, "name": f"基准项目{i}（示例）", "list_kind": rng.choice(("major", "investment")),
                             "stage": "terminated" if ended else stage, "rank": RANK[stage], "chain_id": chain,
                             "link_id": rng.choice(links), "region_code": rng.choice(places), "park": None,
                             "planned_fen": fen, "completed_fen": None, "responsible_unit": "招商局（示例）",
                             "responsible_person": None, "investor": f"某投资集团{i % 997}（示例）",
                             "investor_uscc": None, "investor_id": None, "local_enterprise": None, "local_uscc": None,
                             "local_id": None, "source": rng.choice(SOURCES), "fortune500": rng.random() < 0.1,
                             "notes": "示例数据", "terminated_reason": "基准终止（示例）" if ended else None,
                             "terminated_on": actual[stage] + timedelta(days=20) if ended else None,
                             "due_on": None if ended else min((planned[s] for s in STAGES if s not in actual),
                                                              default=None),
                             "version": 1, "created_at": stamp, "updated_at": stamp})
                stage_rows += [{"project_id": i, "stage": s, "planned_on": planned[s], "actual_on": actual.get(s),
                                "reached_on": actual.get(s), "skipped": False} for s in STAGES]
            conn.execute(insert(projects), rows)
            conn.execute(insert(project_stages), stage_rows)
    print(f"generated {n} projects ({5 * n} stage rows) in {time.perf_counter() - started:.1f} s", flush=True)


def list_paths(rng: random.Random, count: int) -> list[str]:
    """A mix of the list page's filter combinations, as the page sends them (20 a page, some later pages)."""
    cities = sorted({c[:4] + "00" for c in counties()})
    templates = [c for c, _ in chains()]
    paths = []
    for _ in range(count):
        query = {"limit": "20"}
        for key, chance, values in (("list", 0.5, ["major", "investment"]), ("stage", 0.4, list(STAGES) + ["terminated"]),
                                    ("chain", 0.5, templates), ("region", 0.5, cities + counties()[:40]),
                                    ("delayed", 0.3, ["true", "false"])):
            if rng.random() < chance:
                query[key] = rng.choice(values)
        if rng.random() < 0.2:
            query["offset"] = str(20 * rng.randint(1, 10))
        paths.append("/projects?" + "&".join(f"{k}={v}" for k, v in query.items()))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--enterprises", type=int, default=20_000, help="registry size (for the chain-map baseline)")
    parser.add_argument("--requests", type=int, default=400, help="list requests measured (and as many chain maps)")
    args = parser.parse_args()
    db = build(args.projects, args.enterprises)
    token = bench_token(db)
    print(machine_line(), flush=True)
    with served(db, token) as (server, fetch):
        rng = random.Random(3)
        total = fetch("/projects?limit=1")["total"]
        print(f"{total} projects in the province chain office's scope, server pid {server.pid}, loopback only",
              flush=True)
        maps = [f"/chains/{c}/map" + (f"?region={r}" if r else "") for c, _ in chains() for r in ("", "430100")]
        for path in maps:  # the baseline is the warm chain map: every scope computed once before
            fetch(path)
        paths = list_paths(rng, args.requests)
        for path in paths[:20]:  # warm-up, not counted
            fetch(path)
        baseline = [timed(fetch, maps[i % len(maps)]) for i in range(args.requests)]
        listed = [timed(fetch, path) for path in paths]
        funnels = ["/projects/funnel", "/projects/funnel?region=430100", "/projects/funnel?list=investment",
                   "/projects/funnel?chain=lithium-battery", f"/projects/funnel?period={date.today().year}",
                   "/projects/funnel?list=major&region=430200"]
        fetch(funnels[0])  # warm-up
        funnel_ms = [timed(fetch, path) for path in funnels for _ in range(3)]
        b95 = pct(baseline, 0.95)
        l95, l50 = pct(listed, 0.95), pct(listed, 0.5)
        slowest = max(funnel_ms)
        print(f"baseline   chain map (warm)   {len(baseline):>5} req  p50 {pct(baseline, 0.5):7.1f} ms  p95 {b95:7.1f} ms",
              flush=True)
        print(f"projects   list with filters  {len(listed):>5} req  p50 {l50:7.1f} ms  p95 {l95:7.1f} ms  "
              f"max {max(listed):7.1f} ms", flush=True)
        print(f"funnel     {len(funnels)} scopes × 3       {len(funnel_ms):>5} req  p50 {pct(funnel_ms, 0.5):7.1f} ms  "
              f"max {slowest:7.1f} ms", flush=True)
        print(f"list: p95 {l95:.1f} ms (target ≤ 50 ms: {'OK' if l95 <= 50 else 'OVER'}); "
              f"ratio to baseline p95 {b95:.1f} ms = {l95 / b95:.1f}x", flush=True)
        print(f"funnel: slowest {slowest:.1f} ms (target ≤ 1000 ms: {'OK' if slowest <= 1000 else 'OVER'}); "
              f"ratio to baseline p95 {b95:.1f} ms = {slowest / b95:.1f}x", flush=True)


if __name__ == "__main__":
    main()
