"""Targets and the investment pipeline: accepting a target opens a 洽谈 project of the investment list (or, for a
reader of the work lists, only the saved list); a firm that invests in a live project of the chain — accepted
here or entered by hand — is no longer recommended; a terminated project lets it come back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from chainatlas.domain.access import ALL_GROUPS, Area, Role, Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.services import lists, targets
from chainatlas.store.pool_models import target_decisions
from importers.files import uscc, write_csv
from services.factories import OPERATOR, add_enterprise
from services.lists.factories import CITY, INVEST, READONLY, YUELU

LITHIUM, CHANGSHA = "lithium-battery", "430100"
HEADER = ["企业名称", "统一社会信用代码", "所属区县", "主营产品", "2024年营业收入(万元)", "从业人员"]
FIRMS = [["江苏湿法隔膜有限公司", uscc(21, "320500"), "320500", "湿法锂电池隔膜", "300000", "2000"],
         ["浙江干法隔膜有限公司", uscc(22, "330100"), "330100", "干法锂电池隔膜", "90000", "800"]]
NO_REGION = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(groups=ALL_GROUPS),), username="platform")


@pytest.fixture
def pool(engine: Engine, tmp_path: Path) -> Engine:
    targets.import_pool(engine, write_csv(tmp_path / "pool.csv", HEADER, FIRMS), "行业名录", viewer=OPERATOR)
    return engine


def _names(engine: Engine, viewer: Viewer = CITY) -> tuple[list[str], dict[str, int]]:
    found = targets.recommend(engine, LITHIUM, "separator", CHANGSHA, viewer=viewer)
    return [i["enterprise"]["name"] for i in found["items"]], found["excluded"]


def _key(engine: Engine, name: str) -> str:
    items = targets.recommend(engine, LITHIUM, "separator", CHANGSHA, viewer=OPERATOR)["items"]
    return next(i["enterprise"]["key"] for i in items if i["enterprise"]["name"] == name)


def test_accepting_a_target_opens_a_negotiating_investment_project(pool: Engine) -> None:
    key = _key(pool, "江苏湿法隔膜有限公司")
    result = targets.decide(pool, LITHIUM, "隔膜", CHANGSHA, key, "accepted", "市长会见时对接", viewer=CITY)
    made = result["project"]
    assert (made["name"], made["stage_label"], made["url"], result["note"]) == (
        "引进江苏湿法隔膜有限公司（隔膜）", "洽谈", f"/projects/{made['id']}", None)
    assert result["decision_label"] == "已加入招商引资项目清单（洽谈）"
    project = lists.get_project(pool, made["id"], viewer=CITY)
    assert (project["list"], project["stage"], project["chain_id"], project["link_id"], project["region_code"]) == (
        "investment", "negotiating", LITHIUM, "separator", CHANGSHA)
    assert (project["investor"], project["investor_uscc"], project["investor_id"], project["source"]) == (
        "江苏湿法隔膜有限公司", FIRMS[0][1], None, "招商图谱")
    assert "市长会见时对接" in project["notes"] and key in project["notes"]
    with pool.connect() as conn:
        assert conn.execute(select(target_decisions.c.project_id)).scalar_one() == made["id"]
    saved = targets.saved_targets(pool, viewer=CITY)
    assert [(s["target"], s["project"]["id"], s["project"]["stage_label"]) for s in saved] == [(key, made["id"], "洽谈")]
    names, excluded = _names(pool)
    assert names == ["浙江干法隔膜有限公司"] and (excluded["pipeline"], excluded["saved"]) == (1, 0)
    again = targets.decide(pool, LITHIUM, "separator", CHANGSHA, key, "accepted", viewer=CITY)
    assert again["project"]["id"] == made["id"] and not again["project"]["created"] and "未重复新建" in again["note"]
    assert lists.list_projects(pool, viewer=CITY)["total"] == 1


def test_a_project_entered_by_hand_excludes_its_investor_by_credit_code_or_name(pool: Engine) -> None:
    lists.create_project(pool, {"name": "某隔膜项目", "list": "major", "chain": LITHIUM, "region": "430104",
                                "investor": "江苏湿法隔膜（集团）", "investor_uscc": FIRMS[0][1]}, viewer=CITY)
    names, excluded = _names(pool)
    assert names == ["浙江干法隔膜有限公司"] and excluded["pipeline"] == 1
    lists.create_project(pool, {"name": "干法隔膜项目", "chain": LITHIUM, "region": "430111",
                                "investor": "浙江干法隔膜有限公司"}, viewer=CITY)
    names, excluded = _names(pool)
    assert names == [] and excluded["pipeline"] == 2

def test_a_project_of_another_chain_does_not_exclude(pool: Engine) -> None:
    lists.create_project(pool, {"name": "整车项目", "chain": "new-energy-vehicle", "region": "430111",
                                "investor": "江苏湿法隔膜有限公司", "investor_uscc": FIRMS[0][1]}, viewer=CITY)
    assert _names(pool)[1]["pipeline"] == 0


def test_terminated_projects_do_not_exclude(pool: Engine) -> None:
    key = _key(pool, "江苏湿法隔膜有限公司")
    made = targets.decide(pool, LITHIUM, "separator", CHANGSHA, key, "accepted", viewer=CITY)["project"]
    by_hand = lists.create_project(pool, {"name": "干法隔膜项目", "chain": LITHIUM, "region": "430111",
                                          "investor_uscc": FIRMS[1][1]}, viewer=CITY)
    assert _names(pool)[0] == []
    lists.advance(pool, made["id"], "terminated", reason="企业投资计划取消", viewer=CITY)
    lists.advance(pool, by_hand["id"], "terminated", reason="落户外省", viewer=CITY)
    names, excluded = _names(pool)
    assert names == ["江苏湿法隔膜有限公司", "浙江干法隔膜有限公司"] and excluded == {
        "local": 0, "dismissed": 0, "saved": 0, "pipeline": 0}


def test_only_projects_the_viewer_may_read_exclude(pool: Engine) -> None:
    lists.create_project(pool, {"name": "株洲项目", "chain": LITHIUM, "region": "430211",
                                "investor_uscc": FIRMS[0][1]}, viewer=OPERATOR)
    assert _names(pool, CITY)[1]["pipeline"] == 0  # 株洲 is outside 长沙's work lists
    assert _names(pool, OPERATOR)[1]["pipeline"] == 1


def test_the_investment_bureau_opens_the_project_in_its_pipeline(pool: Engine) -> None:
    key = _key(pool, "江苏湿法隔膜有限公司")
    result = targets.decide(pool, LITHIUM, "separator", None, key, "accepted", viewer=INVEST)
    assert result["region"] == CHANGSHA and result["project"]["stage_label"] == "洽谈"
    assert lists.get_project(pool, result["project"]["id"], viewer=INVEST)["editable"] is True


def test_a_reader_of_the_work_lists_gets_the_saved_list_only(pool: Engine) -> None:
    key = _key(pool, "江苏湿法隔膜有限公司")
    result = targets.decide(pool, LITHIUM, "separator", None, key, "accepted", viewer=READONLY)
    assert result["project"] is None and result["region"] == CHANGSHA and "不能维护招商引资项目清单" in result["note"]
    assert result["decision_label"] == "已加入目标清单"
    assert lists.list_projects(pool, viewer=OPERATOR)["total"] == 0
    names, excluded = _names(pool, READONLY)
    assert names == ["浙江干法隔膜有限公司"] and (excluded["saved"], excluded["pipeline"]) == (1, 0)
    assert targets.saved_targets(pool, viewer=READONLY)[0]["project"] is None


def test_a_writer_outside_the_region_saves_and_one_without_a_region_is_told(pool: Engine) -> None:
    key = _key(pool, "浙江干法隔膜有限公司")
    outside = targets.decide(pool, LITHIUM, "separator", CHANGSHA, key, "accepted", viewer=YUELU)
    assert outside["project"] is None and "长沙市不在本机构的工作范围内" in outside["note"]
    with pytest.raises(InvalidInput, match="须指定项目所在地区"):
        targets.decide(pool, LITHIUM, "separator", None, key, "accepted", viewer=NO_REGION)
    with pytest.raises(InvalidInput, match="项目名称过长"):
        targets.decide(pool, LITHIUM, "separator", CHANGSHA, key, "accepted", viewer=CITY, project_name="长" * 201)
    assert lists.list_projects(pool, viewer=OPERATOR)["total"] == 0  # the refusal wrote nothing
    named = targets.decide(pool, LITHIUM, "separator", CHANGSHA, key, "accepted", viewer=CITY,
                           project_name="浙江干法隔膜华中基地")
    assert named["project"]["name"] == "浙江干法隔膜华中基地"


def test_a_deployment_firm_accepted_is_the_projects_investor_by_number(pool: Engine) -> None:
    eid = add_enterprise(pool, "广东隔膜有限公司", region_code="440305")
    targets.decide(pool, LITHIUM, "separator", CHANGSHA, f"E{eid}", "accepted", viewer=OPERATOR)
    project = lists.list_projects(pool, viewer=OPERATOR)["items"][0]
    assert (project["investor"], project["investor_id"], project["investor_uscc"]) == ("广东隔膜有限公司", eid, None)


def test_a_live_project_of_another_chain_in_the_region_is_a_tie_named_in_the_reasons(pool: Engine) -> None:
    lists.create_project(pool, {"name": "江苏湿法隔膜长沙新材料基地", "list": "investment", "chain": "new-energy-vehicle",
                                "region": "430104", "investor": "江苏湿法隔膜有限公司"}, viewer=CITY)
    lists.create_project(pool, {"name": "浙江干法隔膜已终止项目", "list": "investment", "chain": "new-energy-vehicle",
                                "region": "430104", "investor": "浙江干法隔膜有限公司", "stage": "signed"}, viewer=CITY)
    ended = lists.list_projects(pool, viewer=CITY)["items"][0]["id"]
    lists.advance(pool, ended, "terminated", viewer=CITY, reason="企业战略调整")
    items = {i["enterprise"]["name"]: i for i in targets.recommend(pool, LITHIUM, "separator", CHANGSHA,
                                                                  viewer=CITY)["items"]}
    tied, other = items["江苏湿法隔膜有限公司"], items["浙江干法隔膜有限公司"]
    assert "在本地已有项目“江苏湿法隔膜长沙新材料基地”" in tied["reasons"]
    assert tied["parts"]["ties"] > other["parts"]["ties"]  # a terminated project is no tie
    assert not any(r.startswith("在本地已有项目") for r in other["reasons"])
    outside = targets.recommend(pool, LITHIUM, "separator", "440300", viewer=OPERATOR)["items"]  # another city
    assert not any(r.startswith("在本地已有项目") for i in outside for r in i["reasons"])
