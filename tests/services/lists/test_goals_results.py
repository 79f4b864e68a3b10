"""Goals (progress, lagging, growth, actuals over time) and research results (vocabulary, masking)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from chainatlas.domain.errors import Conflict, Forbidden, InvalidInput
from chainatlas.services import lists
from services.factories import OPERATOR
from services.lists.factories import CITY, INVEST, READONLY, TODAY, goal


def test_lagging_goals_are_listed_with_their_lag(engine: Engine) -> None:
    behind = goal(engine)["id"]
    ahead = goal(engine, indicator="规上企业数", unit="家", target="120")["id"]
    lists.enter_actual(engine, behind, "2025-03", "200", viewer=OPERATOR, today=TODAY)
    lists.enter_actual(engine, behind, "2025-06", "420", viewer=OPERATOR, today=TODAY)
    lists.enter_actual(engine, behind, "2024-06", "400", viewer=OPERATOR, today=TODAY)
    lists.enter_actual(engine, ahead, "2025Q2", "90", viewer=OPERATOR, today=TODAY)
    listed = lists.list_goals(engine, viewer=OPERATOR, today=TODAY)
    assert listed["total"] == 2
    lagging = lists.list_goals(engine, viewer=OPERATOR, lagging=True, today=TODAY)["items"]
    assert [(g["id"], g["progress"], g["elapsed"], g["lag_points"], g["lag_amount"], g["growth"]) for g in lagging] == [
        (behind, "0.42", "0.5014", "8.14", "81.37", "0.05")]
    assert [a["period"] for a in lagging[0]["actuals"]] == ["2024-06", "2025-03", "2025-06"]
    [fine] = lists.list_goals(engine, viewer=OPERATOR, lagging=False, today=TODAY)["items"]
    assert (fine["id"], fine["progress"], fine["lagging"]) == (ahead, "0.75", False)


def test_growth_reads_last_years_goal_of_the_same_indicator(engine: Engine) -> None:
    last = goal(engine, period="2024", target="800")["id"]
    lists.enter_actual(engine, last, "2024-06", "350", viewer=OPERATOR, today=TODAY)
    this = goal(engine)["id"]
    shown = lists.enter_actual(engine, this, "2025-06", "420", viewer=OPERATOR, today=TODAY)
    assert (shown["last_year_actual"], shown["growth"]) == ("350", "0.2")


def test_actuals_outside_the_period_and_stale_versions_are_refused(engine: Engine) -> None:
    gid = goal(engine)["id"]
    with pytest.raises(InvalidInput, match="不在目标期间"):
        lists.enter_actual(engine, gid, "2026-01", "1", viewer=OPERATOR)
    lists.enter_actual(engine, gid, "2025-01", "10", viewer=OPERATOR, version=1)
    with pytest.raises(Conflict):
        lists.enter_actual(engine, gid, "2025-02", "20", viewer=OPERATOR, version=1)
    with pytest.raises(Forbidden):
        lists.enter_actual(engine, gid, "2025-02", "20", viewer=INVEST)
    assert lists.update_goal(engine, gid, {"target": "1200"}, viewer=CITY, version=2)["target"] == "1200"
    with pytest.raises(InvalidInput, match="产业链或地区"):
        goal(engine, chain=None, region=None)


def test_results_with_maturity_patents_and_masked_contacts(engine: Engine) -> None:
    made = lists.create_result(engine, {
        "title": "高镍三元正极材料连续化制备技术", "institution": "中南大学", "inventors": "张三丰、李四",
        "field": "新材料", "chain": "lithium-battery", "links": "cathode", "region": "430100", "keywords": "高镍；正极",
        "trl": "TRL6", "patents": "ZL 2023 1 0123456.7；ZL202210987654.3", "transfer_mode": "许可",
        "contact_person": "王五", "contact_phone": "13812345678"}, viewer=OPERATOR)
    assert (made["trl"], made["transfer_mode"], made["status"], made["links"], made["unmatched"]) == (
        6, "licence", "listed", ["cathode"], ["中南大学"])
    assert made["patents"] == ["ZL 2023 1 0123456.7", "ZL202210987654.3"]
    hidden = lists.get_result(engine, made["id"], viewer=READONLY)
    assert (hidden["contact_person"], hidden["contact_phone"], hidden["inventors"]) == ("王*", "138****5678",
                                                                                      ["张**", "李*"])
    assert lists.get_result(engine, made["id"], viewer=CITY)["contact_phone"] == "13812345678"
    moved = lists.update_result(engine, made["id"], {"status": "已转化"}, viewer=CITY, version=1)
    assert (moved["status"], moved["version"]) == ("transferred", 2)
    assert lists.list_results(engine, viewer=CITY, min_trl=7)["total"] == 0
    for bad, message in (({"trl": "10"}, "TRL 1–9"), ({"transfer_mode": "赠送"}, "转化方式")):
        with pytest.raises(InvalidInput, match=message):
            lists.create_result(engine, {"title": "x", "institution": "y", "region": "430100", **bad}, viewer=OPERATOR)
