"""The chain dashboard and the city overview: sums, growth, share, entries and exits, the work lists' figures,
the ranking with its sentence, and the viewer's scope."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from chainatlas.domain.access import ALL_GROUPS, Area, Role, Viewer
from chainatlas.domain.errors import Forbidden, NotFound
from chainatlas.services import casework, monitoring
from chainatlas.store.monitor_models import area_months
from services.lists.factories import TODAY, goal, project
from services.monitoring.factories import WAN, city_of_chains

OPERATOR = Viewer.operator()
JUNE = date(2025, 6, 1)


def test_chain_dashboard_figures_and_series(engine: Engine) -> None:
    city_of_chains(engine)
    d = monitoring.chain_dashboard(engine, "lithium-battery", "430100", JUNE, viewer=OPERATOR)
    assert d["output_ytd_fen"] == (720 + 48 + 180 + 30) * WAN
    assert d["output_yoy_pct"] == Decimal("20.74")  # 978 against 810
    assert d["revenue_yoy_pct"] == Decimal("20.74")
    assert d["above_scale_count"] == 3  # big, newcomer, climber; the small one is below 2000 万元
    assert d["city_output_ytd_fen"] == (978 + 1260 + 360 + 66 + 3000) * WAN  # every reporting enterprise
    assert d["share_of_city_pct"] == Decimal("17.27")
    assert d["chain_name"] == "锂电池" or d["chain_name"]
    assert d["region_name"] == "长沙市" and d["ytd_label"] == "1—6月"
    june = d["series"][-1]
    assert (june["month"], june["output_fen"], june["yoy_pct"]) == ("2025-06", 163 * WAN, Decimal("20.74"))
    assert june["above_scale_count"] == 3 and june["reporting"] == 4
    assert d["series"][0]["month"] == "2023-07" and d["series"][0]["output_fen"] is None  # 24 months


def test_share_uses_the_area_total_when_one_was_entered(engine: Engine) -> None:
    city_of_chains(engine)
    with engine.begin() as conn:
        conn.execute(area_months.insert().values(region_code="430100", chain_id="", month=JUNE, months=1,
                                                 output_ytd_fen=10_000 * WAN, updated_at=datetime(2025, 7, 1)))
    d = monitoring.chain_dashboard(engine, "lithium-battery", "430100", JUNE, viewer=OPERATOR)
    assert d["share_of_city_pct"] == Decimal("9.78")


def test_entries_and_exits_against_the_same_month_a_year_earlier(engine: Engine) -> None:
    firms = city_of_chains(engine)
    d = monitoring.chain_dashboard(engine, "lithium-battery", "430100", JUNE, viewer=OPERATOR)
    assert {(e["id"], e["kind"]) for e in d["entries"]} == {(firms["newcomer"], "started_reporting"),
                                                           (firms["climber"], "became_above_scale")}
    assert [(e["id"], e["kind_label"]) for e in d["exits"]] == [(firms["leaver"], "停报")]
    assert d["moves"]["entries"] == 2 and d["moves"]["exits"] == 1 and d["moves"]["compared_with"] == "2024-06"
    county = monitoring.chain_dashboard(engine, "lithium-battery", "430104", JUNE, viewer=OPERATOR)
    assert county["moves"]["exits"] == 0  # the leaver lies in 雨花区


def test_work_lists_figures_for_the_chain_and_area(engine: Engine) -> None:
    firms = city_of_chains(engine)
    goal(engine)
    project(engine)
    project(engine, "某锂电池正极材料项目", stage="signed", on=date(2025, 3, 1))
    project(engine, "某工程机械项目", chain="construction-machinery")
    pid = casework.add_problem(engine, title="用电负荷不足", enterprise=str(firms["big"]), category="用电",
                               chain="lithium-battery", viewer=OPERATOR, received_on=date(2025, 5, 6), today=TODAY)["id"]
    casework.move(engine, pid, "acknowledged", viewer=OPERATOR, today=date(2025, 5, 8), comment="已反馈")
    casework.move(engine, pid, "assigned", viewer=OPERATOR, today=date(2025, 5, 8), unit="市供电公司",
                  deadline=date(2025, 6, 1))  # overdue on TODAY
    work = monitoring.chain_dashboard(engine, "lithium-battery", "430100", JUNE, viewer=OPERATOR, today=TODAY)["work"]
    assert work["goals_total"] == 1 and work["goals"][0]["indicator"] == "产业链规上企业营收"
    stages = {s["stage"]: s["count"] for s in work["projects_by_stage"]}
    assert stages["negotiating"] == 1 and stages["signed"] == 1 and work["projects_total"] == 2
    assert (work["problems_total"], work["problems_open"], work["problems_overdue"]) == (1, 1, 1)


def test_the_city_ranking_and_its_sentence(engine: Engine) -> None:
    city_of_chains(engine)
    o = monitoring.city_overview(engine, "430100", JUNE, viewer=OPERATOR)
    ranked = [(r["chain"], r["output_yoy_pct"]) for r in o["chains"] if r["has_figures"]]
    assert ranked[0] == ("lithium-battery", Decimal("20.74")) and ranked[-1] == ("construction-machinery", Decimal("5.00"))
    assert [r["rank"] for r in o["chains"][:5]] == [1, 2, 3, 4, 5]
    assert len(o["chains"]) == 10
    assert all(r["status_label"] == "暂无数据" and r["output_ytd_fen"] is None and r["rank"] is None
               for r in o["chains"][5:])  # listed as no data, not zero
    assert o["double_digit_chains"] == 4  # 20.74, 20, and 10 twice (10% counts)
    assert o["output_ytd_fen"] == 2664 * WAN  # the carbon firm once, though it sits on two chains
    assert o["output_yoy_pct"] == Decimal("12.41")  # 2664 against 2370
    assert o["sentence"] == "1—6月，全市产业链规上企业实现产值0.27亿元，同比增长12.41%，其中4条产业链实现两位数增长"


def test_a_county_sentence_names_the_county(engine: Engine) -> None:
    city_of_chains(engine)
    o = monitoring.city_overview(engine, "430104", JUNE, viewer=OPERATOR)
    assert o["sentence"].startswith("1—6月，岳麓区产业链规上企业实现产值")
    assert monitoring.sentence("430100", date(2025, 9, 1), 13_216_700 * WAN, Decimal("6.85"), 4) == \
        "1—9月，全市产业链规上企业实现产值1321.67亿元，同比增长6.85%，其中4条产业链实现两位数增长"
    assert "下降3.00%" in monitoring.sentence("430100", JUNE, 100 * WAN, Decimal("-3.00"), 0)


def test_default_month_is_the_latest_with_figures(engine: Engine) -> None:
    city_of_chains(engine)
    assert monitoring.city_overview(engine, "430100", viewer=OPERATOR)["month"] == "2025-06"
    assert monitoring.default_region(engine, OPERATOR) == "430100"
    with pytest.raises(NotFound, match="还没有月度指标"):
        monitoring.city_overview(engine, "440305", viewer=OPERATOR)


def test_figures_follow_the_viewers_scope(engine: Engine) -> None:
    city_of_chains(engine)
    county = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430104", groups=ALL_GROUPS),))
    assert monitoring.city_overview(engine, "430104", JUNE, viewer=county)["chains"]
    assert monitoring.default_region(engine, county) == "430104"
    with pytest.raises(Forbidden, match="无权查看"):
        monitoring.city_overview(engine, "430100", JUNE, viewer=county)
    with pytest.raises(Forbidden):
        monitoring.chain_dashboard(engine, "lithium-battery", "430100", JUNE, viewer=county)
    alliance = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430100", chain="lithium-battery", groups=ALL_GROUPS),))
    only = monitoring.city_overview(engine, "430100", JUNE, viewer=alliance)
    assert [r["chain"] for r in only["chains"]] == ["lithium-battery"]
    assert only["output_ytd_fen"] == 978 * WAN


def test_public_figures_and_the_workbooks(engine: Engine) -> None:
    city_of_chains(engine)
    d = monitoring.chain_dashboard(engine, "lithium-battery", "430100", JUNE, viewer=OPERATOR)
    shown = monitoring.public(d)
    assert shown["output_ytd_wan_yuan"] == "978.00" and shown["series"][-1]["output_wan_yuan"] == "163.00"
    book = load_workbook(io.BytesIO(monitoring.chain_dashboard_workbook(d)))
    assert book.sheetnames[:4] == ["产值", "营业收入", "规上企业数", "企业进退"]
    sheet = book["产值"]
    assert [c.value for c in sheet[2]][:4] == ["月份", "当月产值（万元）", "累计产值（万元）", "累计同比增长"]
    last = sheet[sheet.max_row]
    assert last[0].value == "2025-06" and last[2].value == 978 and last[2].number_format == "#,##0.00"
    assert abs(last[3].value - 0.2074) < 1e-9 and last[3].number_format == "0.00%"
    ranking = load_workbook(io.BytesIO(monitoring.city_overview_workbook(
        monitoring.city_overview(engine, "430100", JUNE, viewer=OPERATOR))))["产业链增长排名"]
    assert ranking["A2"].value.startswith("1—6月，全市")
    assert ranking.cell(row=ranking.max_row, column=1).value == "暂无数据"
