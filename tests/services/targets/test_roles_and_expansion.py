"""A purchased list as it comes: distributors beside makers, and columns recording new projects and financing.
Traders rank below makers and say why; recorded signs of expansion count and are named; a registry import
reports the pool-only columns as not kept."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from chainatlas.services import registry, targets
from chainatlas.store.pool_models import pool_enterprises
from importers.files import uscc, write_csv
from services.factories import OPERATOR

LITHIUM = "lithium-battery"
HEADER = ["企业名称", "统一社会信用代码", "所属区县", "主营产品", "经营范围", "行业代码", "2024年营业收入(万元)", "从业人员",
          "扩产计划", "融资情况"]
ROWS = [
    # a distributor listing every material, larger than the makers, with the most matching words
    ["深圳市锂源新能源科技有限公司", uscc(11, "440305"), "440305", "锂电池隔膜、湿法隔膜、电解液、正极材料、负极材料",
     "一般项目：电池销售；电池零配件销售；电子专用材料销售；新型膜材料销售；货物进出口；技术进出口", "5179", "900000", "120",
     "", ""],
    ["江苏膜材料股份有限公司", uscc(12, "320500"), "320500", "湿法隔膜",
     "锂离子电池隔膜的研发、生产和销售", "2922", "300000", "1800", "", ""],
    ["浙江新隔膜科技有限公司", uscc(13, "330100"), "330100", "锂电池隔膜", "", "", "300000", "1800",
     "2025年拟投资20亿元建设年产10亿平方米湿法隔膜项目", "2024年完成B轮融资5亿元"],
]


def _pool(engine: Engine, tmp_path: Path) -> dict:
    return targets.import_pool(engine, write_csv(tmp_path / "list.csv", HEADER, ROWS), "采购名单", viewer=OPERATOR)


def test_a_distributor_ranks_below_the_makers_and_the_reasons_say_why(engine: Engine, tmp_path: Path) -> None:
    assert _pool(engine, tmp_path)["imported"] == 3
    with engine.connect() as conn:
        roles = dict(conn.execute(select(pool_enterprises.c.name, pool_enterprises.c.role)).all())
    assert roles == {"深圳市锂源新能源科技有限公司": "trade", "江苏膜材料股份有限公司": "make", "浙江新隔膜科技有限公司": None}
    items = targets.recommend(engine, LITHIUM, "separator", "430100", viewer=OPERATOR)["items"]
    names = [i["enterprise"]["name"] for i in items]
    assert names[-1] == "深圳市锂源新能源科技有限公司" and len(names) == 3
    trader = items[-1]
    assert trader["facts"]["role"] == "trade" and trader["facts"]["role_label"] == "贸易流通"
    assert any("未见生产制造" in r for r in trader["reasons"])
    assert not any("未见生产制造" in r for i in items[:-1] for r in i["reasons"])


def test_recorded_signs_of_expansion_lift_a_firm_and_are_named(engine: Engine, tmp_path: Path) -> None:
    _pool(engine, tmp_path)
    items = targets.recommend(engine, LITHIUM, "separator", "430100", viewer=OPERATOR)["items"]
    growing = next(i for i in items if i["enterprise"]["name"] == "浙江新隔膜科技有限公司")
    steady = next(i for i in items if i["enterprise"]["name"] == "江苏膜材料股份有限公司")
    assert growing["parts"]["expansion"] > 0 == steady["parts"]["expansion"]
    assert "扩张迹象：2025年拟投资20亿元建设年产10亿平方米湿法隔膜项目；2024年完成B轮融资5亿元" in growing["reasons"]
    assert [s["kind"] for s in growing["facts"]["expansion"]] == ["project", "financing"]


def test_a_registry_import_reports_the_pool_only_columns_as_not_kept(engine: Engine, tmp_path: Path) -> None:
    rows = [[r[0], r[1], "430104", *r[3:]] for r in ROWS]
    result = registry.import_enterprises(engine, write_csv(tmp_path / "local.csv", HEADER, rows))
    assert result.imported == 3
    assert {"扩产计划", "融资情况"} <= set(result.ignored_columns)
    ignored = {c["header"]: c.get("reason") for s in result.reading["sheets"] for c in s["ignored_columns"]}
    assert "仅招商企业库保存" in ignored["融资情况"]


def test_migration_0022_reads_the_role_of_firms_already_in_pools(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import text

    from chainatlas.store.db import _alembic_config, engine_for

    engine = engine_for(db_url)
    config = _alembic_config(engine)

    def migrate(revision: str) -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    migrate("0021")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO pools (id, name, created_at, updated_at) VALUES (1, '旧库', :t, :t)"),
                     {"t": "2026-01-01 00:00:00"})
        for n, (name, products, scope) in enumerate((
                ("某锂电材料贸易有限公司", "隔膜、电解液", ""),
                ("某隔膜股份有限公司", "湿法隔膜", "锂离子电池隔膜的研发、生产和销售"),
                ("某隔膜科技有限公司", "湿法隔膜", "")), start=1):
            conn.execute(text("INSERT INTO pool_enterprises (id, pool_id, name, name_key, main_products, business_scope, "
                              "row_hash, updated_at) VALUES (:id, 1, :name, :name, :p, :s, 'x', :t)"),
                         {"id": n, "name": name, "p": products, "s": scope, "t": "2026-01-01 00:00:00"})
    migrate("0022")
    with engine.connect() as conn:
        roles = dict(conn.execute(text("SELECT name, role FROM pool_enterprises")).all())
    assert roles == {"某锂电材料贸易有限公司": "trade", "某隔膜股份有限公司": "make", "某隔膜科技有限公司": None}
    engine.dispose()
