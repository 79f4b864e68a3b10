"""Pools and targets: pool enterprises stay out of local figures; the ranking prefers firms that make the link's
products, names the matched product, and leaves out what is local, saved or dismissed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from chainatlas.domain.errors import Forbidden, InvalidInput
from chainatlas.domain.targets import DEFAULT_WEIGHTS, growth_rate, make_weights
from chainatlas.services import atlas, targets
from chainatlas.services.atlas import placement
from cli.helpers import run_json
from importers.files import uscc, write_csv
from services.factories import OPERATOR, add_enterprise

LITHIUM = "lithium-battery"
CHANGSHA = "430100"
HEADER = ["企业名称", "统一社会信用代码", "所属区县", "主营产品", "2022年营业收入(万元)", "2024年营业收入(万元)",
          "从业人员", "资质"]
ROWS = [
    ["上海恩捷新材料科技有限公司", uscc(1, "310115"), "310115", "湿法锂电池隔膜、涂覆隔膜", "500000", "860000", "5200",
     "上市公司；专精特新小巨人(2021)"],
    ["苏州小隔膜有限公司", uscc(2, "320500"), "320500", "锂电池隔膜", "1000", "1100", "40", ""],
    ["无锡机床有限公司", uscc(3, "320200"), "320200", "数控机床", "900000", "990000", "9000", "上市公司"],
    ["深圳已在长沙隔膜有限公司", uscc(4, "440305"), "440305", "湿法隔膜", "20000", "30000", "300", ""],
]


@pytest.fixture
def pooled(engine: Engine, tmp_path: Path) -> Engine:
    eid = add_enterprise(engine, "长沙电芯有限公司", region_code="430104", revenue_fen=5 * 10**11)
    placement.place_manually(engine, str(eid), LITHIUM, "cell-manufacturing", None, viewer=OPERATOR)
    add_enterprise(engine, "深圳已在长沙隔膜有限公司", uscc=uscc(4, "440305"), region_code="430104")
    add_enterprise(engine, "上海恩捷新材料科技有限公司长沙分公司", region_code="430111")
    result = targets.import_pool(engine, write_csv(tmp_path / "pool.csv", HEADER, ROWS), "上市公司", viewer=OPERATOR)
    assert (result["imported"], result["rejected"], result["written"]) == (4, 0, True)
    return engine


def test_pool_enterprises_are_never_counted_locally(pooled: Engine) -> None:
    report = atlas.gaps(pooled, LITHIUM, None, viewer=OPERATOR)
    assert sum(g.enterprises for g in report.links) == 1  # the local cell maker only
    assert [(p["name"], p["enterprises"]) for p in targets.list_pools(pooled, viewer=OPERATOR)] == [("上市公司", 4)]


def test_a_firm_that_makes_the_links_products_ranks_first_with_reasons(pooled: Engine) -> None:
    result = targets.recommend(pooled, LITHIUM, "隔膜", CHANGSHA, viewer=OPERATOR)
    names = [item["enterprise"]["name"] for item in result["items"]]
    assert names == ["上海恩捷新材料科技有限公司", "苏州小隔膜有限公司"]  # the machine-tool maker is not on the link
    best = result["items"][0]
    assert best["reasons"][0].startswith("主营产品‘湿法锂电池隔膜’与环节‘隔膜’匹配")
    assert any("下游本地已有电芯制造 1 家企业" in r for r in best["reasons"])
    assert any("专精特新“小巨人”（2021年）" in r for r in best["reasons"])
    assert "在本地已有分支机构“上海恩捷新材料科技有限公司长沙分公司”" in best["reasons"]
    assert best["score"] == pytest.approx(sum(best["parts"].values()), abs=1e-3)
    assert set(best["parts"]) == set(DEFAULT_WEIGHTS) and 0 < best["score"] <= 1
    assert best["enterprise"]["id"].startswith("P") and result["excluded"]["local"] == 1  # 已在长沙 by credit code
    assert result["weights"]["name"].startswith("默认权重")


def test_dismissed_targets_do_not_come_back_and_saved_ones_leave_the_list(pooled: Engine) -> None:
    first, second = (i["enterprise"]["key"] for i in targets.recommend(pooled, LITHIUM, "separator", CHANGSHA,
                                                                        viewer=OPERATOR)["items"])
    with pytest.raises(InvalidInput, match="原因"):
        targets.decide(pooled, LITHIUM, "separator", CHANGSHA, first, "dismissed", viewer=OPERATOR)
    targets.decide(pooled, LITHIUM, "separator", CHANGSHA, first, "dismissed", "已在本省另一市落户", viewer=OPERATOR)
    targets.decide(pooled, LITHIUM, "separator", CHANGSHA, second, "accepted", viewer=OPERATOR)
    result = targets.recommend(pooled, LITHIUM, "separator", CHANGSHA, viewer=OPERATOR)
    assert result["items"] == [] and (result["excluded"]["dismissed"], result["excluded"]["pipeline"]) == (1, 1)
    assert [s["target"] for s in targets.saved_targets(pooled, viewer=OPERATOR)] == [second]


def test_weights_are_a_named_setting(pooled: Engine) -> None:
    targets.set_weights(pooled, {"fit": 1, "scale": 0, "growth": 0, "standing": 0, "ties": 0}, "只看匹配",
                        viewer=OPERATOR)
    result = targets.recommend(pooled, LITHIUM, "separator", CHANGSHA, viewer=OPERATOR)
    assert result["weights"]["name"] == "只看匹配"
    assert all(item["parts"]["scale"] == 0 and item["score"] == item["parts"]["fit"] for item in result["items"])
    with pytest.raises(InvalidInput, match="未知的评分项"):
        make_weights({"luck": 1}, "运气")


def test_a_reimport_updates_by_credit_code_and_a_pool_can_be_dropped(pooled: Engine, tmp_path: Path) -> None:
    rows = [ROWS[1][:5] + ["50000", "400", ""]]
    again = targets.import_pool(pooled, write_csv(tmp_path / "again.csv", HEADER, rows), "上市公司", viewer=OPERATOR)
    assert (again["imported"], again["updated"]) == (0, 1)
    item = next(i for i in targets.recommend(pooled, LITHIUM, "separator", CHANGSHA, viewer=OPERATOR)["items"]
                if i["enterprise"]["name"] == "苏州小隔膜有限公司")
    assert item["facts"]["revenue_wan_yuan"] == "50000.00"
    assert targets.drop_pool(pooled, "上市公司", viewer=OPERATOR)["enterprises"] == 4
    assert targets.list_pools(pooled, viewer=OPERATOR) == []


def test_growth_needs_two_years() -> None:
    assert growth_rate({2024: 100}) is None
    assert growth_rate({2022: 100, 2024: 144}) == pytest.approx(0.2)


def test_whatif_adds_a_pool_firm(pooled: Engine) -> None:
    key = targets.recommend(pooled, LITHIUM, "separator", CHANGSHA, viewer=OPERATOR)["items"][0]["enterprise"]["key"]
    result = targets.run_whatif(pooled, LITHIUM, CHANGSHA, [{"key": key, "link": "separator"}], viewer=OPERATOR)
    assert result["additions"][0]["source"] == "pool"
    assert {"id": "separator", "before": "missing", "after": "weak"}.items() <= result["changed"][0].items()


def test_the_cli_contract(pooled: Engine, db: str, tmp_path: Path) -> None:
    imported = run_json("import", "enterprises", write_csv(tmp_path / "p.csv", HEADER, ROWS[:1]), "--pool", "联盟成员",
                        db=db)
    assert imported["pool"] == "联盟成员" and imported["imported"] == 1
    assert {p["name"]: p["enterprises"] for p in run_json("pools", "list", db=db)} == {"上市公司": 4, "联盟成员": 1}
    result = run_json("targets", "锂电池", "隔膜", "--region", "长沙市", "--pool", "上市公司", "--limit", "1", db=db)
    item = result["items"][0]
    assert set(item["enterprise"]) >= {"id", "name", "uscc", "region"} and len(result["items"]) == 1
    assert isinstance(item["reasons"], list) and set(item["parts"]) == set(DEFAULT_WEIGHTS)
    whatif = run_json("whatif", "锂电池", "--region", "长沙市", "--add", f"{item['enterprise']['id']}:隔膜", db=db)
    assert whatif["changed"][0]["id"] == "separator"


def test_a_reader_may_not_import_a_pool(pooled: Engine, tmp_path: Path) -> None:
    from chainatlas.domain.access import Role, Viewer
    with pytest.raises(Forbidden):
        targets.import_pool(pooled, write_csv(tmp_path / "x.csv", HEADER, ROWS[:1]), "x",
                            viewer=Viewer(role=Role.READONLY))


def test_the_target_map_exports_a_sheet_per_gap_link_with_reasons(pooled: Engine) -> None:
    import io

    from openpyxl import load_workbook

    data = targets.target_map(pooled, LITHIUM, CHANGSHA, viewer=OPERATOR, limit=3)
    assert all(link["status"] != "covered" for link in data["links"])
    separator = next(link for link in data["links"] if link["id"] == "separator")
    assert separator["status"] == "missing" and separator["items"]
    book = load_workbook(io.BytesIO(targets.target_map_workbook(data)), read_only=True)
    assert len(book.sheetnames) == len(data["links"])
    rows = list(book["隔膜"].iter_rows(values_only=True))
    header = next(r for r in rows if r and "推荐理由" in r)
    first = rows[rows.index(header) + 1]
    assert first[1] == "上海恩捷新材料科技有限公司"
    assert "湿法锂电池隔膜" in first[header.index("推荐理由")]


def test_firms_that_name_a_links_products_without_making_them_rank_below_its_makers(engine: Engine,
                                                                                   tmp_path: Path) -> None:
    """A big cell maker listing what it buys, a separator-line maker and a price service outrank nobody that makes
    separators, however large they are; the equipment maker ranks on the equipment link."""
    rows = [
        ["星源隔膜有限公司", uscc(11, "440300"), "440300", "干法锂电池隔膜", "5000", "6000", "200", ""],
        ["大电芯有限公司", uscc(12, "350900"), "350900", "动力电池电芯；主要原材料为正极材料、负极材料、隔膜、电解液",
         "9000000", "9900000", "90000", "上市公司"],
        ["大连隔膜装备有限公司", uscc(13, "210200"), "210200", "锂电池隔膜生产线成套设备", "900000", "990000",
         "9000", "上市公司"],
        ["锂价网络有限公司", uscc(14, "310100"), "310100", "新能源资讯与价格服务：碳酸锂、隔膜、电解液价格指数",
         "900000", "990000", "9000", "上市公司"],
    ]
    targets.import_pool(engine, write_csv(tmp_path / "pool.csv", HEADER, rows), "行业名录", viewer=OPERATOR)
    names = [i["enterprise"]["name"] for i in targets.recommend(engine, LITHIUM, "separator", CHANGSHA,
                                                                 viewer=OPERATOR)["items"]]
    assert names[0] == "星源隔膜有限公司"
    equipment = [i["enterprise"]["name"] for i in targets.recommend(engine, LITHIUM, "battery-equipment", CHANGSHA,
                                                                     viewer=OPERATOR)["items"]]
    assert equipment[0] == "大连隔膜装备有限公司"
