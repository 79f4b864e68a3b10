"""Projects: stages with planned and actual dates, skips, termination, delays, history, optimistic locking
(on SQLite and PostgreSQL), the scope of readers and writers, and the funnel."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import Engine

from chainatlas.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chainatlas.services import lists
from services.factories import OPERATOR, add_enterprise
from services.lists.factories import CITY, INVEST, READONLY, TODAY, YUELU, project


def test_a_project_walks_from_negotiation_to_production_with_one_delay(engine: Engine) -> None:
    made = project(engine, planned={"signed": "2025-03-01", "registered": "2025-04-15", "started": "2025-06-01",
                                    "producing": "2026-06-30"})
    assert (made["stage"], made["amount_wan_yuan"], made["amount_yi_yuan"], made["version"]) == (
        "negotiating", "55000.00", "5.5000", 1)
    assert [d["stage"] for d in made["delays"]] == ["signed", "registered", "started"]  # as of TODAY, nothing done
    pid = made["id"]
    lists.advance(engine, pid, "signed", on="2025-02-20", viewer=OPERATOR, today=TODAY)
    lists.advance(engine, pid, "registered", on="2025-04-10", viewer=OPERATOR, today=TODAY)
    late = lists.get_project(engine, pid, viewer=OPERATOR, today=TODAY)
    assert late["delays"] == [{"stage": "started", "label": "开工", "planned_on": date(2025, 6, 1), "days": 31}]
    assert late["delayed"] and [p["id"] for p in lists.list_projects(
        engine, viewer=OPERATOR, delayed=True, today=TODAY)["items"]] == [pid]
    lists.advance(engine, pid, "started", on="2025-07-01", viewer=OPERATOR, today=TODAY)
    done = lists.advance(engine, pid, "producing", on="2026-05-20", viewer=OPERATOR, today=TODAY)
    assert (done["stage"], done["delays"], done["transitions"], done["version"]) == ("producing", [], [], 5)
    assert [(h["from"], h["to"], h["at"]) for h in done["history"]] == [
        (None, "negotiating", "2025-01-06"), ("negotiating", "signed", "2025-02-20"),
        ("signed", "registered", "2025-04-10"), ("registered", "started", "2025-07-01"),
        ("started", "producing", "2026-05-20")]
    assert [s["actual_on"] for s in done["stages"]] == [date(2025, 1, 6), date(2025, 2, 20), date(2025, 4, 10),
                                                        date(2025, 7, 1), date(2026, 5, 20)]


def test_a_stage_may_be_skipped_forward_but_never_gone_back(engine: Engine) -> None:
    pid = project(engine)["id"]
    moved = lists.advance(engine, pid, "started", on="2025-05-01", viewer=OPERATOR, today=TODAY)
    assert [(s["stage"], s["skipped"], s["actual_on"]) for s in moved["stages"]] == [
        ("negotiating", False, date(2025, 1, 6)), ("signed", True, None), ("registered", True, None),
        ("started", False, date(2025, 5, 1)), ("producing", False, None)]
    assert moved["history"][-1]["detail"]["skipped"] == ["signed", "registered"]
    with pytest.raises(Conflict, match="不能从开工退回到签约"):
        lists.advance(engine, pid, "signed", viewer=OPERATOR)
    assert lists.get_project(engine, pid, viewer=OPERATOR)["version"] == 2  # the refusal wrote nothing


def test_termination_needs_a_reason_and_ends_the_project(engine: Engine) -> None:
    pid = project(engine, planned={"signed": "2025-02-01"})["id"]
    with pytest.raises(InvalidInput, match="终止原因"):
        lists.advance(engine, pid, "terminated", viewer=OPERATOR)
    ended = lists.advance(engine, pid, "terminated", reason="投资方战略调整", on="2025-03-03", viewer=OPERATOR,
                          today=TODAY)
    assert (ended["stage"], ended["terminated_reason"], ended["delays"], ended["transitions"]) == (
        "terminated", "投资方战略调整", [], [])
    with pytest.raises(Conflict, match="已终止"):
        lists.advance(engine, pid, "signed", viewer=OPERATOR)


def test_two_users_moving_the_same_project_at_once_cannot_both_succeed(engine: Engine) -> None:
    pid = project(engine)["id"]
    seen = lists.get_project(engine, pid, viewer=OPERATOR)["version"]
    lists.advance(engine, pid, "signed", viewer=OPERATOR, version=seen)
    with pytest.raises(Conflict, match="已被他人修改"):
        lists.advance(engine, pid, "terminated", reason="重复", viewer=OPERATOR, version=seen)
    assert lists.get_project(engine, pid, viewer=OPERATOR)["stage"] == "signed"


def test_concurrent_moves_from_threads_one_wins(engine: Engine) -> None:
    """Both threads read version 1 and write at the same moment: exactly one move is kept."""
    pid = project(engine)["id"]
    barrier, outcomes = threading.Barrier(2), []

    def move(target: str) -> None:
        barrier.wait()
        try:
            lists.advance(engine, pid, target, viewer=OPERATOR, version=1, reason="并发测试")
            outcomes.append(("ok", target))
        except Conflict:
            outcomes.append(("conflict", target))

    threads = [threading.Thread(target=move, args=(t,)) for t in ("signed", "terminated")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o for o, _ in outcomes) == ["conflict", "ok"]
    winner = next(t for o, t in outcomes if o == "ok")
    final = lists.get_project(engine, pid, viewer=OPERATOR)
    assert (final["stage"], final["version"], len(final["history"])) == (winner, 2, 2)


def test_readers_see_their_area_and_writers_need_their_own(engine: Engine) -> None:
    mine = project(engine, region="430104")["id"]
    other = project(engine, "株洲项目", region="430211")["id"]
    assert [p["id"] for p in lists.list_projects(engine, viewer=CITY)["items"]] == [mine]
    with pytest.raises(NotFound):
        lists.get_project(engine, other, viewer=CITY)
    with pytest.raises(Forbidden):
        lists.advance(engine, mine, "signed", viewer=INVEST)  # the investment bureau reads only
    with pytest.raises(Forbidden):
        lists.advance(engine, mine, "signed", viewer=READONLY)
    with pytest.raises(Forbidden, match="不在本机构"):
        project(engine, "岳麓区外项目", viewer=YUELU, region="430111")
    assert lists.advance(engine, mine, "signed", viewer=YUELU)["stage"] == "signed"
    assert lists.get_project(engine, mine, viewer=INVEST)["transitions"] == []


def test_responsible_persons_are_masked_for_roles_without_personal_data(engine: Engine) -> None:
    pid = project(engine, responsible_person="张三丰")["id"]
    assert lists.get_project(engine, pid, viewer=CITY)["responsible_person"] == "张三丰"
    assert lists.get_project(engine, pid, viewer=READONLY)["responsible_person"] == "张**"


def test_enterprises_are_matched_by_code_else_name_and_unmatched_are_reported(engine: Engine) -> None:
    from importers.files import uscc

    eid = add_enterprise(engine, "湖南星城石墨科技有限公司", uscc=uscc(5, "430104"), region_code="430104")
    made = project(engine, investor="比亚迪股份有限公司", local_enterprise="湖南星城石墨科技有限公司")
    assert (made["local_id"], made["investor_id"], made["unmatched"]) == (eid, None, ["比亚迪股份有限公司"])
    by_code = project(engine, "二期", local_enterprise="写错的名字", local_uscc=uscc(5, "430104"))
    assert by_code["local_id"] == eid


def test_edits_keep_history_and_planned_dates(engine: Engine) -> None:
    pid = project(engine)["id"]
    edited = lists.update_project(engine, pid, {"amount": "12亿", "planned": {"signed": "2025-09-30"},
                                                "fortune500": True}, viewer=OPERATOR, version=1, today=TODAY)
    assert (edited["amount_wan_yuan"], edited["fortune500"], edited["version"]) == ("120000.00", True, 2)
    assert edited["stages"][1]["planned_on"] == date(2025, 9, 30)
    assert edited["history"][-1]["kind"] == "edit"
    assert edited["history"][-1]["detail"]["changed"] == ["三类500强", "计划投资"]  # in words, not planned_fen
    with pytest.raises(Conflict):
        lists.update_project(engine, pid, {"notes": "旧版本"}, viewer=OPERATOR, version=1)
    noted = lists.add_milestone(engine, pid, "市长专题调度会", on="2025-06-18", viewer=OPERATOR)
    assert noted["history"][-1]["detail"]["note"] == "市长专题调度会"
    with pytest.raises(InvalidInput, match="金额"):
        lists.update_project(engine, pid, {"amount": "很多"}, viewer=OPERATOR)


def test_the_funnel_counts_what_reached_each_stage_in_a_period(engine: Engine) -> None:
    for i in range(4):
        project(engine, f"洽谈项目{i}", amount="2亿")
    big = project(engine, "十亿项目", amount="12亿", fortune500=True)["id"]
    lists.advance(engine, big, "signed", on="2025-03-01", viewer=OPERATOR)
    jumped = project(engine, "跳过签约的项目", amount="3000万")["id"]
    lists.advance(engine, jumped, "registered", on="2025-05-01", viewer=OPERATOR)
    old = project(engine, "去年的项目", on=date(2024, 5, 1))["id"]
    lists.advance(engine, old, "terminated", reason="企业放弃", on="2024-09-01", viewer=OPERATOR)
    report = lists.funnel(engine, viewer=OPERATOR, period="2025")
    counts = {s["stage"]: (s["count"], s["amount_wan_yuan"]) for s in report["stages"]}
    assert counts == {"negotiating": (6, "203000.00"), "signed": (2, "123000.00"), "registered": (1, "3000.00"),
                      "started": (0, "0.00"), "producing": (0, "0.00")}
    assert [s["conversion"] for s in report["stages"]] == [None, "0.3333", "0.5000", "0.0000", None]
    assert report["headline"] == {"negotiated": 6, "signed_big": 1, "signed_fortune500": 1}
    assert report["headline_text"] == "洽谈引进项目6个，签约10亿元以上项目1个，签约引进三类500强项目1个"
    assert report["terminated"]["count"] == 0
    everything = lists.funnel(engine, viewer=OPERATOR)
    assert everything["stages"][0]["count"] == 7 and everything["terminated"]["count"] == 1
    assert lists.funnel(engine, viewer=OPERATOR, period="2025Q1")["stages"][1]["count"] == 1
    assert lists.funnel(engine, viewer=CITY, region="430111")["stages"][0]["count"] == 0


def test_bad_input_is_refused_in_chinese(engine: Engine) -> None:
    for data, message in (({"chain": "no-such-chain"}, "产业链“no-such-chain”不存在"), ({"link": "moon"}, "没有环节"),
                          ({"region": "999999"}, "行政区划"), ({"amount": "-3亿"}, "负数"),
                          ({"stage": "terminated"}, "终止"), ({"name": " "}, "项目名称不能为空")):
        with pytest.raises(InvalidInput, match=message):
            project(engine, **data)


def test_the_delayed_filter_follows_every_move_and_plan_change(engine: Engine) -> None:
    """The list's delayed filter reads the kept `due_on`; it must agree with each project's own delays (computed
    from its stages) after creating, skipping, re-planning and terminating, and on any day."""
    plan = {"signed": "2025-03-01", "registered": "2025-05-01", "started": "2025-09-01", "producing": "2026-06-30"}
    a = project(engine, "按期项目", planned=plan)["id"]
    b = project(engine, "跳过的项目", planned=plan)["id"]
    c = project(engine, "改计划的项目", planned=plan)["id"]
    d = project(engine, "终止的项目", planned=plan)["id"]
    e = project(engine, "无计划的项目")["id"]
    lists.advance(engine, a, "registered", on="2025-04-20", viewer=OPERATOR, today=TODAY)
    lists.advance(engine, b, "started", on="2025-06-01", viewer=OPERATOR, today=TODAY)  # signed, registered skipped
    lists.update_project(engine, c, {"planned": {"signed": "2025-08-01", "registered": None}}, viewer=OPERATOR,
                         today=TODAY)
    lists.advance(engine, d, "terminated", reason="企业放弃", on="2025-06-01", viewer=OPERATOR, today=TODAY)
    for day in (date(2025, 2, 1), TODAY, date(2025, 8, 15), date(2025, 10, 1), date(2026, 8, 1)):
        records = {p["id"]: p for p in lists.list_projects(engine, viewer=OPERATOR, today=day, limit=50)["items"]}
        late = {i for i, p in records.items() if p["delayed"]}
        assert {p["id"] for p in lists.list_projects(engine, viewer=OPERATOR, delayed=True, today=day)["items"]} == late
        assert {p["id"] for p in lists.list_projects(engine, viewer=OPERATOR, delayed=False, today=day)["items"]} == (
            set(records) - late)
        assert d not in late and e not in late
    def late_on(day: date) -> set[int]:
        return {p["id"] for p in lists.list_projects(engine, viewer=OPERATOR, delayed=True, today=day)["items"]}

    assert (late_on(TODAY), late_on(date(2025, 8, 15)), late_on(date(2025, 10, 1)), late_on(date(2026, 8, 1))) == (
        set(), {c}, {a, c}, {a, b, c})


def test_the_funnel_without_a_period_agrees_with_the_stages_reached(engine: Engine) -> None:
    """Without a period the funnel sums projects by the furthest stage reached; with a period wide enough to hold
    every date it must give the same counts and sums as the stage-by-stage count."""
    for i, (stage, amount) in enumerate((("negotiating", "2亿"), ("signed", "12亿"), ("started", "3000万"),
                                         ("producing", "5亿"), ("registered", "15亿"))):
        made = project(engine, f"项目{i}", amount=amount, fortune500=i % 2 == 0, on=date(2025, 1, 6))["id"]
        if stage != "negotiating":
            lists.advance(engine, made, stage, on="2025-03-01", viewer=OPERATOR, today=TODAY)
    ended = project(engine, "签约后终止", amount="20亿", on=date(2025, 1, 6))["id"]
    lists.advance(engine, ended, "signed", on="2025-02-01", viewer=OPERATOR, today=TODAY)
    lists.advance(engine, ended, "terminated", reason="企业放弃", on="2025-04-01", viewer=OPERATOR, today=TODAY)
    whole, year = lists.funnel(engine, viewer=OPERATOR), lists.funnel(engine, viewer=OPERATOR, period="2025")
    assert whole["stages"] == year["stages"]
    assert [s["count"] for s in whole["stages"]] == [6, 5, 3, 2, 1]
    assert whole["headline"] == {"negotiated": 6, "signed_big": 3, "signed_fortune500": 2}


def test_pages_are_the_same_whichever_way_the_ids_are_found(engine: Engine) -> None:
    """Broad filters walk the ids newest first, narrow ones take them from an index: both give the same pages."""
    made = [project(engine, f"项目{i}", region="430111" if i % 25 == 0 else "430104",
                    list="major" if i % 2 else "investment")["id"] for i in range(60)]
    narrow = sorted((m for i, m in enumerate(made) if i % 25 == 0), reverse=True)  # 3 of 60: from the index
    broad = sorted((m for i, m in enumerate(made) if i % 2), reverse=True)  # 30 of 60: walked
    for filters, expected_ids in (({"region": "430111"}, narrow), ({"list_": "major"}, broad)):
        pages = [lists.list_projects(engine, viewer=OPERATOR, limit=7, offset=o, today=TODAY, **filters)
                 for o in range(0, 35, 7)]
        assert [p["id"] for page in pages for p in page["items"]] == expected_ids
        assert {page["total"] for page in pages} == {len(expected_ids)}
