"""`chainatlas dashboard`: the CLI contract of one chain's figures and of the ranking, and readable tables."""

from __future__ import annotations

from chainatlas.store.db import engine_for
from cli.helpers import error_line, run, run_json
from services.monitoring.factories import city_of_chains


def test_dashboard_contract(db: str) -> None:
    city_of_chains(engine_for(db))
    d = run_json("dashboard", "lithium-battery", "--region", "430100", "--month", "2025-06", db=db)
    assert (d["output_ytd_wan_yuan"], d["output_yoy_pct"], d["above_scale_count"], d["share_of_city_pct"]) == \
        ("978.00", "20.74", 3, "17.27")
    assert len(d["series"]) == 24 and d["series"][-1] == {**d["series"][-1], "month": "2025-06",
                                                          "output_wan_yuan": "163.00", "yoy_pct": "20.74"}
    assert {e["kind"] for e in d["entries"]} == {"started_reporting", "became_above_scale"}
    assert "work" in d and "moves" in d
    by_name = run_json("dashboard", "锂电池", "--region", "长沙市", db=db)  # default month: the latest with figures
    assert by_name["month"] == "2025-06" and by_name["output_ytd_wan_yuan"] == "978.00"


def test_ranking_contract_and_tables(db: str) -> None:
    city_of_chains(engine_for(db))
    o = run_json("dashboard", "--region", "430100", db=db)
    assert o["sentence"] == "1—6月，全市产业链规上企业实现产值0.27亿元，同比增长12.41%，其中4条产业链实现两位数增长"
    assert [c["chain"] for c in o["chains"][:2]] == ["lithium-battery", "biomedicine"]
    assert o["chains"][-1]["status_label"] == "暂无数据" and o["chains"][-1]["output_ytd_wan_yuan"] is None
    assert run_json("dashboard", "--all", "--region", "430100", db=db) == o
    table = run("dashboard", db=db)
    assert table.exit_code == 0 and "其中4条产业链实现两位数增长" in table.stdout and "暂无数据" in table.stdout
    chain = run("dashboard", "lithium-battery", "--month", "2025-06", db=db)
    assert chain.exit_code == 0 and "累计产值 978.00 万元" in chain.stdout and "新报送" in chain.stdout


def test_dashboard_errors_are_one_clear_line(db: str) -> None:
    assert "YYYY-MM" in error_line(run("dashboard", "lithium-battery", "--month", "2025/13", db=db))
    assert "还没有月度指标" in error_line(run("dashboard", "--region", "430100", db=db))
    city_of_chains(engine_for(db))
    assert "不存在" in error_line(run("dashboard", "no-such-chain", "--region", "430100", db=db))
