"""The problem closed loop on stored problems: the whole loop with a reopen, overdue 督办 on read and by sweep,
optimistic locking (SQLite and PostgreSQL), history, scope, statistics, meetings and Excel in and out."""

from __future__ import annotations

import io
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine

from chainatlas.domain import casework as cw
from chainatlas.domain.access import Area, Role, Viewer
from chainatlas.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chainatlas.domain.uscc import make_uscc
from chainatlas.services import casework
from services.factories import OPERATOR, add_enterprise

TODAY = date(2026, 5, 11)  # a Monday
CODE_A = make_uscc("9", "1", "430104", "MA4L1234")
CODE_B = make_uscc("9", "1", "430111", "MA4L5678")


@pytest.fixture
def firms(engine: Engine) -> dict[str, int]:
    return {"a": add_enterprise(engine, "岳麓示例新材料有限公司", uscc=CODE_A, region_code="430104", park="岳麓高新区"),
            "b": add_enterprise(engine, "雨花示例储能有限公司", uscc=CODE_B, region_code="430111")}


def new(engine: Engine, firm: int, category: str = "用地", **kw: object) -> int:
    return casework.add_problem(engine, title="厂房用地指标不足", enterprise=str(firm), category=category,
                                viewer=OPERATOR, received_on=kw.pop("received_on", TODAY), **kw)["id"]


def move(engine: Engine, pid: int, to: str, **kw: object) -> dict:
    return casework.move(engine, pid, to, viewer=OPERATOR, today=kw.pop("today", TODAY), **kw)


def test_the_whole_loop_with_a_reopen(engine: Engine, firms: dict[str, int]) -> None:
    pid = new(engine, firms["a"])
    move(engine, pid, "acknowledged", comment="会前已反馈")
    p = move(engine, pid, "assigned", unit="市自然资源局")
    assert p["deadline"] == cw.add_working_days(TODAY, 15) and p["unit"] == "市自然资源局"
    move(engine, pid, "supervised", comment="人工督办")
    move(engine, pid, "resolved", resolution="已调剂用地指标")
    p = move(engine, pid, "closed", satisfaction="dissatisfied", comment="企业不满意")
    assert p["state"] == "assigned" and p["reopened"] == 1 and p["unit"] == "市自然资源局"
    assert p["resolution"] is None and p["satisfaction"] == "dissatisfied"
    move(engine, pid, "resolved", resolution="已落实新地块")
    p = move(engine, pid, "closed", satisfaction="satisfied")
    assert p["state"] == "closed" and p["reopened"] == 1 and p["allowed"] == []
    steps = [(h["from_state"], h["to_state"]) for h in p["history"]]
    assert steps == [(None, "collected"), ("collected", "acknowledged"), ("acknowledged", "assigned"),
                     ("assigned", "supervised"), ("supervised", "resolved"), ("resolved", "assigned"),
                     ("assigned", "resolved"), ("resolved", "closed")]
    assert all(h["username"] == OPERATOR.username and h["at"] for h in p["history"])
    assert p["history"][1]["comment"] == "会前已反馈"
    assert p["history"][5]["detail"]["satisfaction"] == "dissatisfied"


def test_refused_moves_name_the_state_and_change_nothing(engine: Engine, firms: dict[str, int]) -> None:
    pid = new(engine, firms["a"])
    with pytest.raises(InvalidInput, match=r"当前状态 collected（征集） 允许转到：acknowledged（会前反馈）"):
        move(engine, pid, "resolved", resolution="x")
    move(engine, pid, "acknowledged")
    with pytest.raises(InvalidInput, match="责任单位"):
        move(engine, pid, "assigned")
    with pytest.raises(InvalidInput, match="早于今天"):
        move(engine, pid, "assigned", unit="市发改委", deadline=TODAY - timedelta(days=1))
    p = casework.get_problem(engine, pid, viewer=OPERATOR, today=TODAY)
    assert p["state"] == "acknowledged" and p["version"] == 2 and len(p["history"]) == 2
    with pytest.raises(InvalidInput, match="状态 done 不存在"):
        move(engine, pid, "done")


def test_overdue_reads_as_supervised_and_sweep_records_it(engine: Engine, firms: dict[str, int]) -> None:
    pid = new(engine, firms["a"])
    move(engine, pid, "acknowledged")
    move(engine, pid, "assigned", unit="市人社局", deadline=TODAY + timedelta(days=2))
    later = TODAY + timedelta(days=3)
    p = casework.get_problem(engine, pid, viewer=OPERATOR, today=later)
    assert p["state"] == "supervised" and p["overdue"] and p["days_overdue"] == 1
    assert p["allowed"] == ["resolved"] and p["history"][-1]["detail"]["automatic"]
    assert [i["id"] for i in casework.list_problems(engine, viewer=OPERATOR, overdue=True, today=later)["items"]] == [pid]
    assert casework.list_problems(engine, viewer=OPERATOR, overdue=True, today=TODAY)["total"] == 0
    assert casework.list_problems(engine, viewer=OPERATOR, state="supervised", today=later)["total"] == 1
    assert casework.list_problems(engine, viewer=OPERATOR, state="assigned", today=later)["total"] == 0
    with pytest.raises(InvalidInput, match="当前状态 supervised（督办）"):
        move(engine, pid, "supervised", today=later)
    assert casework.sweep(engine, viewer=OPERATOR, today=later)["supervised"] == 1
    assert casework.sweep(engine, viewer=OPERATOR, today=later)["supervised"] == 0
    p = move(engine, pid, "resolved", resolution="已招聘", today=later)
    steps = [(h["from_state"], h["to_state"], h["username"]) for h in p["history"]][-2:]
    assert steps == [("assigned", "supervised", cw.SYSTEM_USER), ("supervised", "resolved", OPERATOR.username)]


def test_moving_an_overdue_problem_records_the_automatic_entry_first(engine: Engine, firms: dict[str, int]) -> None:
    pid = new(engine, firms["a"])
    move(engine, pid, "acknowledged")
    move(engine, pid, "assigned", unit="市人社局", deadline=TODAY)
    p = move(engine, pid, "resolved", resolution="已办", today=TODAY + timedelta(days=1))
    assert [h["to_state"] for h in p["history"]][-2:] == ["supervised", "resolved"]
    stats = casework.stats(engine, viewer=OPERATOR, by="unit", today=TODAY)
    assert stats["rows"][0]["resolved_on_time"] == 0 and stats["rows"][0]["resolved"] == 1


def test_a_stale_version_is_refused(engine: Engine, firms: dict[str, int]) -> None:
    pid = new(engine, firms["a"])
    move(engine, pid, "acknowledged", version=1)
    with pytest.raises(Conflict, match="已被他人修改"):
        move(engine, pid, "assigned", unit="市发改委", version=1)


def test_two_users_moving_at_once_cannot_both_succeed(engine: Engine, firms: dict[str, int]) -> None:
    """Both read the same version and move at the same moment (SQLite and PostgreSQL)."""
    for _ in range(3):
        pid = new(engine, firms["a"])
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def one(to: str, pid: int = pid, barrier: threading.Barrier = barrier, outcomes: list[str] = outcomes) -> None:
            barrier.wait()
            try:
                move(engine, pid, to, version=1)
                outcomes.append("ok")
            except Conflict:
                outcomes.append("conflict")
            except InvalidInput:
                outcomes.append("refused")

        threads = [threading.Thread(target=one, args=("acknowledged",)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes)[-1] == "ok" and outcomes.count("ok") == 1, outcomes
        p = casework.get_problem(engine, pid, viewer=OPERATOR, today=TODAY)
        assert p["version"] == 2 and len(p["history"]) == 2


def test_guard_holds_without_a_version_from_the_user(engine: Engine, firms: dict[str, int]) -> None:
    pid = new(engine, firms["a"])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def one() -> None:
        barrier.wait()
        try:
            move(engine, pid, "acknowledged")
            outcomes.append("ok")
        except (Conflict, InvalidInput):
            outcomes.append("no")

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1, outcomes
    assert len(casework.get_problem(engine, pid, viewer=OPERATOR, today=TODAY)["history"]) == 2


def test_deadlines_by_category(engine: Engine, firms: dict[str, int]) -> None:
    casework.set_deadline(engine, "融资", 5, viewer=OPERATOR)
    pid = new(engine, firms["a"], category="融资")
    move(engine, pid, "acknowledged")
    assert move(engine, pid, "assigned", unit="市金融办")["deadline"] == date(2026, 5, 18)
    assert casework.list_deadlines(engine, viewer=OPERATOR)["categories"] == [{"category": "融资", "working_days": 5}]
    with pytest.raises(InvalidInput):
        casework.set_deadline(engine, "融资", 0, viewer=OPERATOR)


def viewer_of(role: Role, **area: object) -> Viewer:
    return Viewer(role=role, areas=(Area(**area),), username=f"test-{role}")  # type: ignore[arg-type]


def test_scope_reads_and_writes(engine: Engine, firms: dict[str, int]) -> None:
    a, b = new(engine, firms["a"]), new(engine, firms["b"])
    yuelu = viewer_of(Role.CHAIN_OFFICE, region="430104")
    assert [i["id"] for i in casework.list_problems(engine, viewer=yuelu)["items"]] == [a]
    with pytest.raises(NotFound):
        casework.get_problem(engine, b, viewer=yuelu)
    with pytest.raises(NotFound):
        casework.move(engine, b, "acknowledged", viewer=yuelu)
    casework.move(engine, a, "acknowledged", viewer=yuelu)
    park = viewer_of(Role.PARK, region="430100", park="岳麓高新区")
    assert casework.list_problems(engine, viewer=park)["total"] == 1
    own = viewer_of(Role.ENTERPRISE, enterprise_id=firms["b"])
    assert [i["id"] for i in casework.list_problems(engine, viewer=own)["items"]] == [b]
    with pytest.raises(Forbidden):
        casework.move(engine, b, "acknowledged", viewer=own)
    made = casework.add_problem(engine, title="融资难", enterprise=str(firms["b"]), category="融资", viewer=own)
    assert casework.get_problem(engine, made["id"], viewer=own)["next"] == []
    with pytest.raises(NotFound):
        casework.add_problem(engine, title="x", enterprise=str(firms["a"]), category="融资", viewer=own)
    reader = viewer_of(Role.READONLY, region="430100")
    with pytest.raises(Forbidden):
        casework.move(engine, a, "assigned", viewer=reader, unit="u")


def test_statistics_by_unit_category_and_period(engine: Engine, firms: dict[str, int]) -> None:
    def through(pid: int, unit: str, resolve_on: date, feeling: str | None) -> None:
        move(engine, pid, "acknowledged")
        move(engine, pid, "assigned", unit=unit, deadline=TODAY + timedelta(days=10))
        move(engine, pid, "resolved", resolution="ok", today=resolve_on)
        if feeling:
            move(engine, pid, "closed", satisfaction=feeling, today=resolve_on)

    through(new(engine, firms["a"], "用地"), "市自然资源局", TODAY + timedelta(days=4), "satisfied")
    through(new(engine, firms["a"], "用地"), "市自然资源局", TODAY + timedelta(days=12), "dissatisfied")
    through(new(engine, firms["b"], "融资", received_on=date(2026, 4, 1)), "市金融办", TODAY, "basically")
    new(engine, firms["b"], "用工")
    by_unit = {r["key"]: r for r in casework.stats(engine, viewer=OPERATOR, by="unit", today=TODAY)["rows"]}
    land = by_unit["市自然资源局"]
    assert (land["received"], land["resolved"], land["resolved_on_time"]) == (2, 1, 1)  # one reopened: assigned again
    assert land["satisfaction_rate"] == "0.5000" and land["reopened"] == 1
    assert by_unit["市金融办"]["average_days"] == "40.0" and by_unit["市金融办"]["satisfaction_rate"] == "1.0000"
    assert by_unit["（未交办）"]["received"] == 1
    by_cat = {r["key"]: r["received"] for r in casework.stats(engine, viewer=OPERATOR, by="category")["rows"]}
    assert by_cat == {"用地": 2, "融资": 1, "用工": 1}
    months = casework.stats(engine, viewer=OPERATOR, by="month")
    assert {r["key"]: r["received"] for r in months["rows"]} == {"2026-04": 1, "2026-05": 3}
    assert months["total"]["received"] == 4
    assert [r["key"] for r in casework.stats(engine, viewer=OPERATOR, by="quarter")["rows"]] == ["2026-Q2"]
    assert casework.stats(engine, viewer=OPERATOR, by="year", since=date(2026, 5, 1))["total"]["received"] == 3
    with pytest.raises(InvalidInput):
        casework.stats(engine, viewer=OPERATOR, by="colour")


def test_reopened_and_supervised_lists(engine: Engine, firms: dict[str, int]) -> None:
    pid = new(engine, firms["a"])
    move(engine, pid, "acknowledged")
    move(engine, pid, "assigned", unit="市商务局")
    assert casework.list_problems(engine, viewer=OPERATOR, reopened=True)["total"] == 0
    move(engine, pid, "supervised")
    assert casework.list_problems(engine, viewer=OPERATOR, supervised=True, today=TODAY)["total"] == 1
    move(engine, pid, "resolved", resolution="ok")
    move(engine, pid, "assigned", satisfaction="dissatisfied", unit="市商务局")
    assert casework.list_problems(engine, viewer=OPERATOR, reopened=True)["total"] == 1


def test_meeting_and_its_sheet(engine: Engine, firms: dict[str, int]) -> None:
    a, b = new(engine, firms["a"]), new(engine, firms["b"], "物流")
    move(engine, a, "acknowledged")
    move(engine, a, "assigned", unit="市自然资源局")
    meeting = casework.create_meeting(engine, "五月园区市长日", TODAY, [a, b], viewer=OPERATOR, region="430100")
    assert [i["id"] for i in meeting["items"]] == [a, b]
    again = casework.add_to_meeting(engine, meeting["id"], [b, a], viewer=OPERATOR)
    assert again["problems"] == 2
    sheet = load_workbook(io.BytesIO(casework.meeting_sheet(engine, meeting["id"], viewer=OPERATOR)))
    cells = [[c for c in row] for row in sheet.active.iter_rows(values_only=True)]
    text = "\n".join(str(c) for row in cells for c in row if c is not None)
    assert "五月园区市长日" in text and "市自然资源局" in text and "岳麓示例新材料有限公司" in text
    assert str(cw.add_working_days(date.today(), 15)) in text or "办理时限" in text
    assert casework.get_problem(engine, a, viewer=OPERATOR)["meetings"][0]["title"] == "五月园区市长日"
    yuhua = viewer_of(Role.CHAIN_OFFICE, region="430111")
    with pytest.raises(NotFound):
        casework.get_meeting(engine, meeting["id"], viewer=yuhua)
    assert casework.list_meetings(engine, viewer=OPERATOR)[0]["problems"] == 2


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年5月重点问题征集表"])
    sheet.append(["填报单位：岳麓区链长办"])
    sheet.append(["序号", "企业名称", "统一社会信用代码", "问题", "问题描述", "问题类别", "征集日期"])
    for n, row in enumerate(rows, 1):
        sheet.append([n, *row])
    sheet.append(["合计", None, None, None, None, None, None])
    book.save(path)
    return path


def test_import_all_or_nothing_and_quarantine(engine: Engine, firms: dict[str, int], tmp_path: Path) -> None:
    path = workbook(tmp_path / "问题.xlsx", [
        ["岳麓示例新材料有限公司", "", "用地指标不足", "扩产需 30 亩", "用地", "2026-05-06"],
        ["", CODE_B, "贷款审批慢", None, "融资", "2026年5月7日"],
        ["不存在的企业有限公司", "", "招工难", None, "用工", None],
        ["雨花示例储能有限公司", "", "", None, "物流", "2026-13-01"],
    ])
    result = casework.import_problems(engine, path, viewer=OPERATOR)
    assert result["status"] == "rejected" and result["written"] == 0
    errors = {(e["row"], e["field"]): e for e in result["errors"]}
    assert errors[(6, "企业名称")]["value"] == "不存在的企业有限公司" and "未在企业库" in errors[(6, "企业名称")]["reason"]
    assert (7, "问题") in errors and (7, "征集日期") in errors
    assert casework.list_problems(engine, viewer=OPERATOR)["total"] == 0
    result = casework.import_problems(engine, path, skip_invalid=True, viewer=OPERATOR)
    assert result["status"] == "partial" and result["written"] == 2 and result["rejected_rows"] == 2
    items = casework.list_problems(engine, viewer=OPERATOR)["items"]
    assert {i["enterprise"]["id"] for i in items} == set(firms.values())
    assert {i["received_on"] for i in items} == {date(2026, 5, 6), date(2026, 5, 7)}
    assert {i["state"] for i in items} == {"collected"}


def test_export_round_trips_through_import(engine: Engine, firms: dict[str, int], tmp_path: Path) -> None:
    pid = new(engine, firms["a"])
    move(engine, pid, "acknowledged")
    move(engine, pid, "assigned", unit="市自然资源局")
    out = tmp_path / "导出.xlsx"
    casework.export_problems(engine, out, viewer=OPERATOR, today=TODAY)
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    assert header[:4] == ("编号", "企业名称", "统一社会信用代码", "问题")
    assert rows[3][header.index("责任单位")] == "市自然资源局" and rows[3][header.index("办理状态")] == "交办"
    result = casework.import_problems(engine, out, viewer=OPERATOR)
    assert result["status"] == "written" and result["written"] == 1


def test_a_list_total_is_counted_up_to_the_cap(engine: Engine, firms: dict[str, int],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from chainatlas.services.casework import problems as module

    for _ in range(3):
        new(engine, firms["a"])
    monkeypatch.setattr(module, "COUNT_CAP", 2)
    page = casework.list_problems(engine, viewer=OPERATOR, limit=1)
    assert (page["total"], page["total_capped"], len(page["items"])) == (2, True, 1)
    monkeypatch.setattr(module, "COUNT_CAP", 3)
    page = casework.list_problems(engine, viewer=OPERATOR, limit=1)
    assert (page["total"], page["total_capped"]) == (3, False)
    assert casework.stats(engine, viewer=OPERATOR, by="category")["total"]["received"] == 3  # never capped


def test_an_import_puts_its_problems_on_a_meeting(engine: Engine, firms: dict[str, int], tmp_path: Path) -> None:
    """The list gathered for a 园区市长日 goes in with its meeting in one step; a bad file or meeting leaves both as
    they were."""
    meeting = casework.create_meeting(engine, "5月园区市长日", date(2026, 5, 29), viewer=OPERATOR)["id"]
    good = workbook(tmp_path / "市长日.xlsx", [["岳麓示例新材料有限公司", "", "用地指标不足", None, "用地", "2026-05-06"],
                                            ["", CODE_B, "贷款审批慢", None, "融资", None]])
    bad = workbook(tmp_path / "有错.xlsx", [["岳麓示例新材料有限公司", "", "用地指标不足", None, "用地", None],
                                          ["不存在的企业有限公司", "", "招工难", None, "用工", None]])
    with pytest.raises(NotFound, match="会议 99"):
        casework.import_problems(engine, good, viewer=OPERATOR, meeting=99)
    refused = casework.import_problems(engine, bad, viewer=OPERATOR, meeting=meeting)
    assert refused["status"] == "rejected" and refused["meeting"] is None
    assert casework.get_meeting(engine, meeting, viewer=OPERATOR)["problems"] == 0
    assert casework.list_problems(engine, viewer=OPERATOR)["total"] == 0
    done = casework.import_problems(engine, good, viewer=OPERATOR, meeting=meeting)
    assert done["status"] == "written" and done["meeting"] == meeting
    agenda = casework.get_meeting(engine, meeting, viewer=OPERATOR)["items"]
    assert [p["id"] for p in agenda] == done["ids"]
    sheet = load_workbook(io.BytesIO(casework.meeting_sheet(engine, meeting, viewer=OPERATOR))).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert {"序号", "企业名称", "问题", "责任单位", "会议意见"} <= set(cells) and "贷款审批慢" in cells
