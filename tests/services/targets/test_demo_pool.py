"""The demo's external pool (示例数据): firms in other provinces that give the demo city's missing and weak links
sensible targets, and never count locally."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from chainatlas.domain.access import Viewer
from chainatlas.services import demo, setup, targets
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.store.models import enterprises

OPERATOR = Viewer.operator()


def test_the_demo_pool_fills_the_demo_citys_gaps(tmp_path: Path) -> None:
    result = setup.build_demo(str(tmp_path / "demo.db"), size=400)
    engine = engine_for(resolve_url(str(tmp_path / "demo.db")))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(enterprises)).scalar_one() == 400
    pools = targets.list_pools(engine, viewer=OPERATOR)
    assert [(p["name"], p["enterprises"]) for p in pools] == [(demo.POOL_NAME, result["pool"]["enterprises"])]
    assert demo.DEMO_MARK in pools[0]["name"]
    found = targets.target_map(engine, "lithium-battery", "430100", viewer=OPERATOR, limit=3)
    assert found["links"], "the demo city has missing or weak lithium-battery links"
    with_targets = [link for link in found["links"] if link["items"]]
    assert len(with_targets) >= 0.8 * len(found["links"])
    for link in with_targets:
        best = link["items"][0]
        assert not best["enterprise"]["region"].startswith("43")  # outside the demo province
        assert best["reasons"][0].startswith(("主营产品", "经营范围")), best["reasons"]


def test_the_demo_pool_holds_traders_and_signs_of_expansion_as_a_bought_list_does(tmp_path: Path) -> None:
    from chainatlas.store.pool_models import pool_enterprises

    setup.build_demo(str(tmp_path / "demo.db"), size=400)
    engine = engine_for(resolve_url(str(tmp_path / "demo.db")))
    with engine.connect() as conn:
        rows = conn.execute(select(pool_enterprises.c.role, pool_enterprises.c.expansion)).all()
    traders = sum(1 for r in rows if r.role == "trade")
    assert 0.2 * len(rows) < traders < 0.4 * len(rows)
    assert 0.05 * len(rows) < sum(1 for r in rows if r.expansion) < 0.3 * len(rows)
    found = targets.target_map(engine, "lithium-battery", "430100", viewer=OPERATOR, limit=5)
    firsts = [link["items"][0] for link in found["links"] if link["items"]]
    assert firsts and all(best["facts"]["role"] != "trade" for best in firsts)
