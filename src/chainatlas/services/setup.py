"""Creating databases and the demo (示例数据)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from chainatlas.domain.access import Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.services import atlas, demo, evaluation, monitoring, registry, targets
from chainatlas.store.db import engine_for, init_database, resolve_url
from chainatlas.store.models import enterprises, meta, placements

DEMO_CITY = "430100"  # 长沙市
DEMO_POOL_MIN = 800  # external pool firms (示例数据) at the least: a few for every link of every chain


def initialise(db: str | None) -> dict[str, Any]:
    """Create or upgrade the database (a SQLite file's folder is made if missing) and load the built-in chains."""
    url = resolve_url(db)
    if url.startswith("sqlite:///"):
        folder = Path(url.removeprefix("sqlite:///")).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidInput(f"无法建立数据库所在目录 {folder}：{exc.strerror or exc}") from None
    revision = init_database(url)
    engine = engine_for(url)
    loaded = atlas.load_builtin_chains(engine)
    return {"database": engine.url.render_as_string(hide_password=True), "revision": revision, "chains": loaded}


LEADER_MIN_REVENUE_FEN = 5_000 * 1_000_000  # 5000万元: a 链主 is a sizeable firm; a link without one has none


def mark_leaders(engine: Engine, per_link: int = 1) -> int:
    """Demo only: the largest enterprise that makes a link's products becomes its leader (链主).

    A candidate's main products name the link's products (a product match, not only its business scope or
    industry code), the link is its main placement (its highest confidence), and its revenue is at least
    5000万元 — so an equipment maker never leads a chemical link, and a link of small firms has no leader.
    """
    with engine.begin() as conn:
        rows = conn.execute(select(placements.c.id, placements.c.enterprise_id, placements.c.chain_id,
                                   placements.c.link_id, placements.c.confidence, placements.c.matched_words,
                                   enterprises.c.revenue_fen)
                            .join(enterprises, enterprises.c.id == placements.c.enterprise_id)).all()
        best: dict[int, float] = {}
        for row in rows:
            best[row.enterprise_id] = max(best.get(row.enterprise_id, 0.0), row.confidence)
        candidates = sorted((row for row in rows
                             if (row.revenue_fen or 0) >= LEADER_MIN_REVENUE_FEN
                             and row.confidence >= best[row.enterprise_id]
                             and any(str(word).startswith("产品：") for word in row.matched_words or ())),
                            key=lambda row: (row.chain_id, row.link_id, -(row.revenue_fen or 0)))
        chosen, seen, leading = [], {}, set()
        for row in candidates:
            key = (row.chain_id, row.link_id)
            if seen.get(key, 0) < per_link and row.enterprise_id not in leading:
                seen[key] = seen.get(key, 0) + 1
                leading.add(row.enterprise_id)
                chosen.append(row.id)
        if chosen:
            conn.execute(placements.update().where(placements.c.id.in_(chosen)).values(
                role="leader", status="confirmed"))
    return len(chosen)


def build_demo(db: str, size: int = 3000, stage: Callable[[str], None] | None = None) -> dict[str, Any]:
    """A fresh demo database for 长沙市 with synthetic enterprises placed on the chains."""
    path = Path(db)
    engine_for(resolve_url(str(path))).dispose()  # a cached engine must not keep the old file open
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    note = stage or (lambda _: None)
    note("建库")
    result = initialise(str(path))
    engine = engine_for(resolve_url(str(path)))
    with engine.begin() as conn:
        conn.execute(meta.insert().values(key="demo", value=f"{demo.DEMO_MARK}：合成企业，非真实数据"))
    with tempfile.TemporaryDirectory() as tmp:
        note("生成示例企业")
        registry_file = Path(tmp) / "demo.csv"
        demo.write_registry(registry_file, size, bad_share=0.0, seed=2026, region=DEMO_CITY, years=3)
        note("导入")
        imported = registry.import_enterprises(engine, registry_file, registry.ImportOptions())
        facts_file = Path(tmp) / "demo-facts.json"
        demo.write_demo_facts(registry_file, facts_file, seed=2026)
        facts = evaluation.import_facts(engine, facts_file)
        note("招商企业库")
        pool_file = Path(tmp) / "demo-pool.csv"
        demo.write_pool(pool_file, max(DEMO_POOL_MIN, size // 2))
        pool = targets.import_pool(engine, pool_file, demo.POOL_NAME, viewer=Viewer.operator())
    note("挂链")
    stats = atlas.place(engine)
    leaders = mark_leaders(engine)
    note("评价")
    evaluated = evaluation.evaluate_all(engine)
    note("示例机构与账号")
    logins = demo.build_accounts(engine)
    note("示例工作清单")
    work_lists = demo.build_work_lists(engine)
    note("示例重点问题")
    problems = demo.build_problems(engine)
    note("示例月度指标")
    monthly = demo.build_monthly(engine, DEMO_CITY)
    note("风险预警")
    risks = monitoring.scan(engine, DEMO_CITY)
    workbook = path.resolve().parent / demo.EXAMPLE_WORKBOOK  # to try the import preview with
    demo.build_example_workbook(workbook)
    indicators_workbook = path.resolve().parent / demo.EXAMPLE_INDICATORS
    demo.build_example_indicators(engine, indicators_workbook)
    return {"workbook": str(workbook), "indicators_workbook": str(indicators_workbook),
            "monthly": {"enterprises": monthly["enterprises"], "rows": monthly["rows"], "months": monthly["months"]},
            "accounts": logins["accounts"], "password": logins["password"],
            "database": result["database"], "enterprises": imported.imported, "placements": stats["proposed"],
            "leaders": leaders, "facts": facts["enterprises"], "evaluations": evaluated["results"],
            "work_lists": work_lists, "problems": problems["problems"], "risk_warnings": risks["found"],
            "pool": {"name": demo.POOL_NAME, "enterprises": pool["imported"]}, "demo": demo.DEMO_MARK}
