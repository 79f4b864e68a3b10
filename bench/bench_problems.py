"""Key-problem list and statistics at scale (issue 16: list with filters p95 ≤ 50 ms, statistics ≤ 1 s).

Builds (once, cached in bench/out) a SQLite database of E generated enterprises of one province, imported and
placed by ChainAtlas itself, and N key problems spread over them in every state of the closed loop (overdue,
supervised, reopened ones among them, with units, categories, deadlines and return visits), then times the API
in process (the whole app: routing, sign-in by API token of a province chain office, scope, JSON):

- the problem list with the filters the page offers (state, overdue, supervised, reopened, category, unit,
  region, park, text, and combinations), p95 over every request;
- the statistics by unit, category, month, quarter and year, each the slowest of its runs.

Baseline, same run, same client and token: GET /api/v1/chains/{chain}/map of the province (warm, as the page
serves it); both targets are printed with the ratio to the baseline's p95.

    python bench/bench_problems.py [--problems 200000] [--enterprises 20000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from common import OUT, finish_database, machine_line, new_database, pct, province_token, registry
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from chainatlas.domain import casework as cw
from chainatlas.server import create_app
from chainatlas.services import atlas
from chainatlas.services.registry import ImportOptions, import_enterprises
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.store.models import enterprises, problem_events, problems

CATEGORIES = ["用地", "融资", "用工", "审批", "物流", "能耗", "政策兑现", "人才", "环保", "市场开拓"]
UNITS = [f"{city}{office}" for city in ("市", "区", "园区") for office in (
    "自然资源局", "发改委", "人社局", "工信局", "行政审批服务局", "交通运输局", "生态环境局", "商务局", "财政局",
    "科技局")]
TODAY = date.today()
STATES = ["collected", "acknowledged", "assigned", "supervised", "resolved", "closed"]
# Where problems stand by age, as an office's list does: the old ones mostly closed (a few still overdue
# under 督办), the last weeks' in every state.
AGED = ([0.5, 0.5, 0.5, 1, 10, 87.5], [2, 3, 25, 5, 25, 40], [30, 25, 35, 0, 5, 5])
BATCH = 20_000


def _problem(rng: random.Random, pid: int, firm: tuple[int, str | None, str | None]) -> dict:
    """One problem somewhere in the loop, as the services would have left it."""
    received = TODAY - timedelta(days=rng.randint(0, 720))
    age = (TODAY - received).days
    state = rng.choices(STATES, AGED[0] if age > 60 else AGED[1] if age > 20 else AGED[2])[0]
    row = {"id": pid, "title": f"企业反映问题 {pid}：{rng.choice(CATEGORIES)}方面的困难", "description": None,
           "category": rng.choice(CATEGORIES), "enterprise_id": firm[0], "region_code": firm[1], "park": firm[2],
           "chain_id": None, "source": rng.choice(["园区市长日", "走访", "12345 热线", None]), "state": state,
           "received_on": received, "unit": None, "deadline": None, "resolution": None, "resolved_on": None,
           "resolution_days": None, "satisfaction": None, "reopened": 0, "version": 1, "created_by": "bench",
           "created_at": datetime.combine(received, datetime.min.time()), "updated_at": datetime.now()}
    if state in ("collected", "acknowledged"):
        return row
    row["unit"] = rng.choice(UNITS)
    row["deadline"] = cw.add_working_days(received + timedelta(days=rng.randint(0, 10)), rng.choice([5, 10, 15, 20]))
    row["reopened"] = 1 if rng.random() < 0.06 else 0
    row["version"] = 4 + 2 * row["reopened"]
    if state in ("resolved", "closed"):
        days = rng.randint(1, 40)
        row.update(resolution="已协调办理", resolved_on=min(TODAY, received + timedelta(days=days)),
                   resolution_days=days)
    if state == "closed":
        row["satisfaction"] = rng.choices(["satisfied", "basically"], [7, 3])[0]
    elif row["reopened"]:
        row["satisfaction"] = "dissatisfied"
    return row


def build(n: int, firms: int) -> Path:
    OUT.mkdir(exist_ok=True)
    db = OUT / f"problems-{n // 1000}k-{firms // 1000}k.db"
    if db.exists():
        return db
    engine, partial = new_database(db)
    started = time.perf_counter()
    import_enterprises(engine, registry(firms, region="430000"), ImportOptions(skip_invalid=True))
    placed = atlas.place(engine)
    print(f"imported and placed {placed['enterprises']} enterprises in {time.perf_counter() - started:.0f} s",
          flush=True)
    started = time.perf_counter()
    rng = random.Random(16)
    with engine.connect() as conn:
        pool = [tuple(r) for r in conn.execute(select(enterprises.c.id, enterprises.c.region_code,
                                                      enterprises.c.park).where(enterprises.c.merged_into_id.is_(None)))]
    for first in range(1, n + 1, BATCH):
        rows = [_problem(rng, pid, rng.choice(pool)) for pid in range(first, min(n, first + BATCH - 1) + 1)]
        events = [{"problem_id": r["id"], "at": r["created_at"], "user_id": None, "username": "bench",
                   "from_state": None, "to_state": "collected", "comment": "登记问题", "detail": {}} for r in rows]
        with engine.begin() as conn:
            conn.execute(insert(problems), rows)
            conn.execute(insert(problem_events), events)
    print(f"recorded {n} problems in {time.perf_counter() - started:.0f} s", flush=True)
    finish_database(engine, partial, db)
    return db


BENCH_USER = "bench-problems-province"


def list_paths(parks: list[str]) -> list[str]:
    """The filters of the problem page, alone and combined (first page of 50, as the page asks)."""
    base = "/api/v1/problems?limit=50"
    paths = [base, f"{base}&overdue=true", f"{base}&supervised=true", f"{base}&reopened=true",
             f"{base}&region=430100", f"{base}&region=430100&overdue=true", f"{base}&q=用地"]
    for state in ("collected", "acknowledged", "assigned", "supervised", "resolved", "closed"):
        paths.append(f"{base}&state={state}")
    for category in CATEGORIES[:5]:
        paths += [f"{base}&category={category}", f"{base}&category={category}&state=assigned",
                  f"{base}&category={category}&overdue=true"]
    for unit in UNITS[:6]:
        paths += [f"{base}&unit={unit}", f"{base}&unit={unit}&overdue=true", f"{base}&unit={unit}&state=resolved"]
    for park in parks[:3]:
        paths += [f"{base}&park={park}", f"{base}&park={park}&state=closed"]
    paths += [f"{base}&overdue=true&offset=500", f"{base}&state=closed&offset=1000"]
    return paths


def timed(client: TestClient, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code} {response.text[:300]}")
    return elapsed


def p95(values: list[float]) -> float:
    """In milliseconds, of times in seconds."""
    return pct(values, 0.95) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--problems", type=int, default=200_000)
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=20, help="times each list request is measured")
    args = parser.parse_args()
    db = build(args.problems, args.enterprises)
    token = province_token(db, BENCH_USER, "湖南省（问题基准）", "bench_problems")
    engine = engine_for(resolve_url(str(db)))
    with engine.connect() as conn:
        total = conn.execute(select(problems.c.id).order_by(problems.c.id.desc()).limit(1)).scalar() or 0
        parks = [r[0] for r in conn.execute(select(problems.c.park).where(problems.c.park.is_not(None))
                                            .group_by(problems.c.park).limit(3))]
    engine.dispose()
    print(machine_line(f"; {total} problems, {args.enterprises} enterprises, SQLite"), flush=True)
    with TestClient(create_app(resolve_url(str(db))), headers={"Authorization": f"Bearer {token}"}) as client:
        chains = [c["id"] for c in client.get("/api/v1/chains?limit=50").json()["items"]]
        maps = [f"/api/v1/chains/{c}/map" for c in chains]
        for path in maps:  # the first computation of each map, before its cache: not the baseline
            timed(client, path)
        baseline = p95([timed(client, p) for _ in range(args.rounds) for p in maps])
        paths = list_paths(parks)
        for path in paths:  # warm-up: the pages of the database file in memory, as on a serving machine
            timed(client, path)
        by_path = {p: [timed(client, p) for _ in range(args.rounds)] for p in paths}
        every = [t for times in by_path.values() for t in times]
        listed = p95(every)
        slowest = sorted(((p95(t), p) for p, t in by_path.items()), reverse=True)[:3]
        print(f"baseline chain map (warm, {len(maps)} chains × {args.rounds}): p95 {baseline:.1f} ms", flush=True)
        print(f"problem list, {len(paths)} filter sets × {args.rounds}: p95 {listed:.1f} ms; slowest: "
              + "; ".join(f"{p.removeprefix('/api/v1/problems?limit=50&') or '(none)'} {ms:.1f} ms"
                          for ms, p in slowest), flush=True)
        worst_stats = 0.0
        for by in ("unit", "category", "month", "quarter", "year"):
            times = [timed(client, f"/api/v1/problems/stats?by={by}") for _ in range(3)]
            times.append(timed(client, f"/api/v1/problems/stats?by={by}&region=430100&since={TODAY.year - 1}-01-01"))
            worst_stats = max(worst_stats, *times)
            print(f"statistics by {by:<8} slowest of 4: {max(times) * 1000:7.1f} ms", flush=True)
    worst_stats *= 1000
    print(f"list p95 {listed:.1f} ms (target ≤ 50 ms: {'OK' if listed <= 50 else 'OVER'}); "
          f"ratio to baseline p95 {baseline:.1f} ms = {listed / baseline:.1f}x", flush=True)
    print(f"statistics slowest {worst_stats:.0f} ms (target ≤ 1000 ms: {'OK' if worst_stats <= 1000 else 'OVER'}); "
          f"ratio to baseline p95 {baseline:.1f} ms = {worst_stats / baseline:.1f}x", flush=True)


if __name__ == "__main__":
    main()
