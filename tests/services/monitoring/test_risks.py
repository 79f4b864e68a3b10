"""The risk scan: each rule fires on the condition it names and stays quiet otherwise, and the warnings' life
(first and last seen, ended, acknowledged, reappearing)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, update

from chainatlas.domain.access import ALL_GROUPS, Area, Role, Viewer
from chainatlas.domain.errors import Forbidden, InvalidInput, NotFound
from chainatlas.services import casework, lists, monitoring
from chainatlas.store.models import placements
from services.monitoring.factories import WAN, add_months, add_placed, add_years

OPERATOR = Viewer.operator()
TODAY = date(2025, 11, 15)  # the latest figures are October's
LI = "lithium-battery"
FLAT = [100] * 12


def scan(engine: Engine, today: date = TODAY, region: str = "430100") -> dict:
    monitoring.refresh(engine)
    return monitoring.scan(engine, region, [LI], today=today)


def found(engine: Engine, rule: str, **kw: object) -> list[dict]:
    return [w for w in monitoring.open_warnings(engine, viewer=OPERATOR, **kw) if w["rule"] == rule]


def test_single_source_names_the_only_firm_and_ends_when_a_second_arrives(engine: Engine) -> None:
    add_placed(engine, "长沙示例隔膜有限公司", LI, "separator", region_code="430104", revenue_fen=5000 * WAN)
    scan(engine)
    [w] = found(engine, "single_source")
    assert w["message"] == "环节“隔膜”本地仅1家企业（长沙示例隔膜有限公司），单一来源"
    assert w["level"] == "orange" and w["link_id"] == "separator" and w["figures"]["enterprises"] == 1
    assert not [x for x in found(engine, "key_link_missing") if x["link_id"] == "separator"]
    add_placed(engine, "岳麓另一隔膜有限公司", LI, "separator", region_code="430104", revenue_fen=4000 * WAN)
    result = scan(engine, date(2025, 11, 20))
    assert not found(engine, "single_source") and result["ended"] >= 1
    [ended] = found(engine, "single_source", include_ended=True)
    assert ended["ended_on"] == date(2025, 11, 20)


def test_concentrated_by_share_and_hhi_with_a_higher_level_when_severe(engine: Engine) -> None:
    add_placed(engine, "正极龙头有限公司", LI, "cathode", region_code="430104", revenue_fen=9_000 * WAN)
    add_placed(engine, "正极小厂甲有限公司", LI, "cathode", region_code="430111", revenue_fen=500 * WAN)
    add_placed(engine, "正极小厂乙有限公司", LI, "cathode", region_code="430111", revenue_fen=500 * WAN)
    for n in range(4):  # four equal anode makers: HHI 2500 > 1800, top share 25%
        add_placed(engine, f"负极均衡{n}有限公司", LI, "anode", region_code="430104", revenue_fen=1000 * WAN)
    for n in range(6):  # six equal electrolyte makers: HHI 1667, top 16.7%: not concentrated
        add_placed(engine, f"电解液均衡{n}有限公司", LI, "electrolyte", region_code="430104", revenue_fen=1000 * WAN)
    scan(engine)
    by_link = {w["link_id"]: w for w in found(engine, "concentrated")}
    assert set(by_link) == {"cathode", "anode"}
    cathode = by_link["cathode"]
    assert cathode["level"] == "orange"  # 90% ≥ the escalation's 90%
    assert cathode["figures"]["top_share_pct"] == "90.0" and cathode["figures"]["hhi"] == 8150
    assert "正极龙头有限公司占营业收入的90.0%" in cathode["message"]
    assert by_link["anode"]["level"] == "yellow" and by_link["anode"]["figures"]["hhi"] == 2500


def test_key_links_missing_by_importance(engine: Engine) -> None:
    add_placed(engine, "电芯制造有限公司", LI, "cell-manufacturing", region_code="430104", revenue_fen=9_000 * WAN)
    scan(engine)
    by_link = {w["link_id"]: w for w in found(engine, "key_link_missing")}
    assert by_link["separator"]["level"] == "red" and by_link["anode"]["level"] == "orange"
    assert "cell-manufacturing" not in by_link and "lithium-resources" not in by_link  # covered; importance 3
    assert by_link["separator"]["message"] == "关键环节“隔膜”（重要度5）本地无企业（缺链）"


def test_enterprise_decline_needs_every_one_of_the_months(engine: Engine) -> None:
    falling = add_placed(engine, "下滑示例电池有限公司", LI, "battery-pack", region_code="430104")
    add_years(engine, falling, 2024, FLAT, [100] * 7 + [74, 69, 77])
    dip = add_placed(engine, "短暂回落有限公司", LI, "battery-pack", region_code="430104")
    add_years(engine, dip, 2024, FLAT, [100] * 7 + [74, 95, 70])  # September only −5%
    crash = add_placed(engine, "断崖下滑有限公司", LI, "bms", region_code="430111")
    add_years(engine, crash, 2024, FLAT, [100] * 7 + [50, 40, 30])
    scan(engine)
    warnings = {w["subject"]: w for w in found(engine, "enterprise_decline")}
    assert set(warnings) == {"下滑示例电池有限公司", "断崖下滑有限公司"}
    w = warnings["下滑示例电池有限公司"]
    assert w["message"] == "下滑示例电池有限公司产值连续3个月同比下降超过20%（8月 −26.0%，9月 −31.0%，10月 −23.0%）"
    assert w["level"] == "orange" and warnings["断崖下滑有限公司"]["level"] == "red"
    assert w["figures"]["series"][0] == {"month": "2025-08", "value_wan_yuan": "74.00", "last_year_wan_yuan": "100.00",
                                         "yoy_pct": "-26.0"}
    assert w["region_code"] == "430104" and w["enterprise_id"] == falling and w["chain_id"] == LI


def test_above_scale_lost_compares_twelve_months_with_the_twelve_before(engine: Engine) -> None:
    lost = add_placed(engine, "退规示例有限公司", LI, "bms", region_code="430104")
    add_years(engine, lost, 2023, [200] * 12, [200] * 12, [150] * 10)  # 2400 万元 → 1900 万元
    kept = add_placed(engine, "稳定规上有限公司", LI, "bms", region_code="430104")
    add_years(engine, kept, 2023, [200] * 12, [200] * 12, [190] * 10)  # 2300 万元: still above
    small = add_placed(engine, "一直规下有限公司", LI, "bms", region_code="430104")
    add_years(engine, small, 2023, [100] * 12, [100] * 12, [90] * 10)
    scan(engine)
    [w] = found(engine, "above_scale_lost")
    assert w["subject"] == "退规示例有限公司"
    assert w["message"] == "退规示例有限公司近12个月营业收入1900.00万元，低于规上标准2000万元（此前12个月2400.00万元），已退出规上"


def test_headcount_drop_and_its_escalation(engine: Engine) -> None:
    shrinking = add_placed(engine, "裁员示例有限公司", LI, "bms", region_code="430104")
    add_months(engine, shrinking, 2024, FLAT, employees=200)
    add_months(engine, shrinking, 2025, [100] * 10, employees=120)
    halved = add_placed(engine, "减半示例有限公司", LI, "bms", region_code="430104")
    add_months(engine, halved, 2024, FLAT, employees=200)
    add_months(engine, halved, 2025, [100] * 10, employees=90)
    steady = add_placed(engine, "稳岗示例有限公司", LI, "bms", region_code="430104")
    add_months(engine, steady, 2024, FLAT, employees=200)
    add_months(engine, steady, 2025, [100] * 10, employees=150)  # −25%
    tiny = add_placed(engine, "微型示例有限公司", LI, "bms", region_code="430104")
    add_months(engine, tiny, 2024, FLAT, employees=10)
    add_months(engine, tiny, 2025, [100] * 10, employees=2)  # too small to count
    scan(engine)
    by_name = {w["subject"]: w for w in found(engine, "headcount_drop")}
    assert set(by_name) == {"裁员示例有限公司", "减半示例有限公司"}
    assert by_name["裁员示例有限公司"]["level"] == "yellow" and by_name["减半示例有限公司"]["level"] == "orange"
    assert by_name["裁员示例有限公司"]["message"] == "裁员示例有限公司从业人员同比减少40.0%（2025-10 120人，上年同月200人）"


def test_no_report_for_two_months_after_reporting_before(engine: Engine) -> None:
    silent = add_placed(engine, "停报示例有限公司", LI, "bms", region_code="430104")
    add_years(engine, silent, 2024, FLAT, [100] * 7)
    late = add_placed(engine, "晚报一月有限公司", LI, "bms", region_code="430104")
    add_years(engine, late, 2024, FLAT, [100] * 9)
    punctual = add_placed(engine, "按时报送有限公司", LI, "bms", region_code="430104")
    add_years(engine, punctual, 2024, FLAT, [100] * 10)
    scan(engine)
    [w] = found(engine, "no_report")
    assert w["subject"] == "停报示例有限公司"
    assert w["message"].startswith("停报示例有限公司已连续3个月未报送月报（最近一次：2025-07")


def test_chain_growth_lagging_and_negative_quarter(engine: Engine) -> None:
    chain_firm = add_placed(engine, "链上示例有限公司", LI, "cell-manufacturing", region_code="430104")
    add_years(engine, chain_firm, 2024, FLAT, [100] * 7 + [90, 90, 90])
    booming = add_placed(engine, "链外高增长有限公司", "beidou", region_code="430104")  # the rest of the city
    add_years(engine, booming, 2024, [1000] * 12, [1300] * 10)
    scan(engine)
    [lag] = found(engine, "chain_growth_lagging")
    assert lag["subject_kind"] == "chain" and lag["chain_id"] == LI
    assert lag["figures"]["chain_yoy_pct"] == "-3.00"
    assert lag["message"].startswith("锂电池") or "1—10月产值同比增长−3.0%" in lag["message"]
    [quarter] = found(engine, "chain_negative_quarter")
    assert quarter["figures"]["yoy_pct"] == "-10.00" and "8月—10月" in quarter["message"]


def test_a_growing_chain_raises_no_chain_warning(engine: Engine) -> None:
    firm = add_placed(engine, "增长示例有限公司", LI, "cell-manufacturing", region_code="430104")
    add_years(engine, firm, 2024, FLAT, [110] * 10)
    scan(engine)
    assert not found(engine, "chain_growth_lagging") and not found(engine, "chain_negative_quarter")
    assert not found(engine, "enterprise_decline") and not found(engine, "no_report")


def test_delayed_projects_and_overdue_problems_come_from_the_work_lists(engine: Engine) -> None:
    firm = add_placed(engine, "问题示例有限公司", LI, "bms", region_code="430104")
    lists.create_project(engine, {"name": "隔膜扩产项目", "list": "major", "chain": LI, "region": "430104",
                                  "amount": "5亿", "on": date(2025, 1, 6), "planned": {"signed": date(2025, 3, 1)}},
                         viewer=OPERATOR, today=date(2025, 1, 6))
    pid = casework.add_problem(engine, title="厂房用地指标不足", enterprise=str(firm), category="用地", chain=LI,
                               viewer=OPERATOR, received_on=date(2025, 9, 1), today=date(2025, 9, 1))["id"]
    casework.move(engine, pid, "acknowledged", viewer=OPERATOR, today=date(2025, 9, 1))
    casework.move(engine, pid, "assigned", unit="市自然资源局", deadline=date(2025, 10, 1), viewer=OPERATOR,
                  today=date(2025, 9, 2))
    scan(engine)
    [project] = found(engine, "project_delayed")
    assert project["message"] == "项目“隔膜扩产项目”的“签约”阶段计划于2025-03-01，已延误259天"
    assert project["level"] == "orange"  # over 90 days
    [problem] = found(engine, "problem_overdue")
    assert problem["figures"]["days_overdue"] == 45 and problem["level"] == "orange"
    assert "问题示例有限公司" in problem["message"] and "市自然资源局" in problem["message"]


def test_the_life_of_a_warning(engine: Engine) -> None:
    add_placed(engine, "唯一隔膜有限公司", LI, "separator", region_code="430104")
    first = scan(engine, date(2025, 11, 1))
    assert first["created"] >= 1
    [w] = found(engine, "single_source")
    assert (w["first_seen"], w["last_seen"], w["acknowledged"]) == (date(2025, 11, 1), date(2025, 11, 1), False)
    again = scan(engine, date(2025, 11, 8))
    assert again["created"] == 0 and again["ended"] == 0
    [w] = found(engine, "single_source")
    assert (w["first_seen"], w["last_seen"]) == (date(2025, 11, 1), date(2025, 11, 8))
    acked = monitoring.acknowledge(engine, w["id"], "已对接第二家隔膜企业", viewer=OPERATOR)
    assert acked["acknowledged"] and acked["ack_comment"] == "已对接第二家隔膜企业" and acked["acknowledged_by"]
    listed = monitoring.open_warnings(engine, viewer=OPERATOR, chain_id=LI)
    assert listed[-1]["id"] == w["id"]  # acknowledged ones after the new ones
    with pytest.raises(InvalidInput, match="comment"):
        monitoring.acknowledge(engine, w["id"], "  ", viewer=OPERATOR)
    with engine.begin() as conn:  # the firm leaves the link: the condition ends
        conn.execute(update(placements).values(status="rejected"))
    scan(engine, date(2025, 11, 15))
    assert not found(engine, "single_source")
    with engine.begin() as conn:  # and comes back: a new warning, not acknowledged
        conn.execute(update(placements).values(status="confirmed"))
    scan(engine, date(2025, 11, 22))
    [back] = found(engine, "single_source")
    assert back["id"] != w["id"] and back["first_seen"] == date(2025, 11, 22) and not back["acknowledged"]
    assert len(found(engine, "single_source", include_ended=True)) == 2


def test_rule_sets_are_validated_versioned_and_recorded_with_each_warning(engine: Engine) -> None:
    assert monitoring.rules_in_force(engine).version == 1
    data = monitoring.rules_as_dict(engine)
    with pytest.raises(InvalidInput) as error:
        monitoring.set_rules(engine, {"rules": [{"id": "single_source", "level": "purple"},
                                                {"id": "no_report", "params": {"months": "两"}},
                                                {"id": "concentrated", "params": {"hhi": 20000, "share": 1}},
                                                {"id": "unknown_rule"}]}, viewer=OPERATOR)
    text = str(error.value)
    assert "规则“single_source”（单一来源环节）的字段 level" in text
    assert "规则“no_report”（月报中断）的字段 params.months：应为整数" in text
    assert "params.hhi：应在 1–10000 之间" in text and "params.share：无此参数" in text
    assert "第 4 条规则的字段 id：“unknown_rule”不是已知规则" in text
    assert monitoring.rules_in_force(engine).version == 1
    rules = [r for r in data["rules"] if r["id"] != "key_link_missing"]
    for r in rules:
        if r["id"] == "single_source":
            r["level"] = "red"
    stored = monitoring.set_rules(engine, {"rules": rules, "note": "停用缺链规则"}, viewer=OPERATOR)
    assert stored["version"] == 2 and stored["history"][0]["note"] == "停用缺链规则"
    add_placed(engine, "唯一隔膜有限公司", LI, "separator", region_code="430104")
    scan(engine)
    [w] = found(engine, "single_source")
    assert w["level"] == "red" and w["rule_version"] == 2
    assert not found(engine, "key_link_missing")
    county = Viewer(role=Role.PARK, areas=(Area(region="430104", groups=ALL_GROUPS),))
    with pytest.raises(Forbidden):
        monitoring.set_rules(engine, {"rules": rules}, viewer=county)


def test_scans_and_reads_follow_the_viewers_scope(engine: Engine) -> None:
    add_placed(engine, "唯一隔膜有限公司", LI, "separator", region_code="430104")
    yuhua_firm = add_placed(engine, "雨花下滑有限公司", LI, "bms", region_code="430111")
    add_years(engine, yuhua_firm, 2024, FLAT, [100] * 7 + [50, 50, 50])
    scan(engine)
    yuelu = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430104", groups=ALL_GROUPS),), username="yuelu")
    seen = monitoring.open_warnings(engine, viewer=yuelu)
    assert seen == []  # the city's link warnings lie in the city; the Yuhua firm's in Yuhua
    city = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430100", groups=ALL_GROUPS),), username="city")
    assert {w["rule"] for w in monitoring.open_warnings(engine, viewer=city)} >= {"single_source", "enterprise_decline"}
    no_metrics = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430100", groups=frozenset({"basic"})),))
    assert monitoring.open_warnings(engine, viewer=no_metrics) == []
    with pytest.raises(Forbidden):
        monitoring.scan(engine, "430100", [LI], today=TODAY, viewer=yuelu)
    reader = Viewer(role=Role.READONLY, areas=(Area(region="430100", groups=ALL_GROUPS),))
    warning = monitoring.open_warnings(engine, viewer=city)[0]
    with pytest.raises(Forbidden):
        monitoring.acknowledge(engine, warning["id"], "看过", viewer=reader)
    with pytest.raises(NotFound):
        monitoring.acknowledge(engine, warning["id"], "看过", viewer=yuelu)
    assert monitoring.acknowledge(engine, warning["id"], "已安排走访", viewer=city)["acknowledged_by"] == "city"
    assert monitoring.count_open(engine, viewer=city, chain_id=LI)["new"] == len(monitoring.open_warnings(
        engine, viewer=city, chain_id=LI)) - 1
