"""`chainatlas problems …` and `chainatlas meetings …`: the CLI contract of the key-problem closed loop."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import update

from chainatlas.domain.uscc import make_uscc
from chainatlas.store.db import engine_for
from chainatlas.store.models import problems
from cli.helpers import error_lines, run, run_json
from services.factories import add_enterprise

CODE = make_uscc("9", "1", "430104", "MA4L1234")


def firm(db: str) -> int:
    return add_enterprise(engine_for(db), "岳麓示例新材料有限公司", uscc=CODE, region_code="430104")


def test_the_whole_loop_with_a_reopen(db: str) -> None:
    firm(db)
    pid = run_json("problems", "add", "--title", "厂房用地指标不足", "--enterprise", CODE, "--category", "用地", db=db)["id"]
    run_json("problems", "move", pid, "--to", "acknowledged", "--comment", "会前反馈", db=db)
    moved = run_json("problems", "move", pid, "--to", "assigned", "--unit", "市自然资源局",
                     "--deadline", str(date.today() + timedelta(days=20)), db=db)
    assert moved["state"] == "assigned" and moved["unit"] == "市自然资源局"
    run_json("problems", "move", pid, "--to", "supervised", db=db)
    run_json("problems", "move", pid, "--to", "resolved", "--resolution", "已调剂指标", db=db)
    reopened = run_json("problems", "move", pid, "--to", "closed", "--satisfaction", "dissatisfied", db=db)
    assert reopened["state"] == "assigned" and reopened["reopened"] == 1
    run_json("problems", "move", pid, "--to", "resolved", "--resolution", "已落实", db=db)
    run_json("problems", "move", pid, "--to", "closed", "--satisfaction", "satisfied", db=db)
    shown = run_json("problems", "show", pid, db=db)
    assert shown["state"] == "closed" and shown["reopened"] == 1
    assert [h["to_state"] for h in shown["history"]] == [
        "collected", "acknowledged", "assigned", "supervised", "resolved", "assigned", "resolved", "closed"]
    assert all({"username", "at", "from_state", "to_state", "comment"} <= set(h) for h in shown["history"])
    stats = run_json("problems", "stats", db=db)
    assert stats["total"]["received"] == 1 and stats["total"]["resolved"] == 1


def test_a_refused_transition_exits_non_zero_with_one_line(db: str) -> None:
    firm(db)
    pid = run_json("problems", "add", "--title", "融资难", "--enterprise", "1", "--category", "融资", db=db)["id"]
    lines = error_lines(run("problems", "move", pid, "--to", "closed", "--satisfaction", "satisfied", db=db))
    assert len(lines) == 1 and "collected（征集）" in lines[0] and "acknowledged" in lines[0]
    run_json("problems", "move", pid, "--to", "acknowledged", db=db)
    lines = error_lines(run("problems", "move", pid, "--to", "assigned", db=db))
    assert len(lines) == 1 and "责任单位" in lines[0]
    assert run_json("problems", "show", pid, db=db)["state"] == "acknowledged"


def test_overdue_list_and_sweep(db: str) -> None:
    firm(db)
    pid = run_json("problems", "add", "--title", "物流成本高", "--enterprise", "1", "--category", "物流", db=db)["id"]
    run_json("problems", "move", pid, "--to", "acknowledged", db=db)
    run_json("problems", "move", pid, "--to", "assigned", "--unit", "市交通局", db=db)
    assert run_json("problems", "list", "--overdue", db=db) == []
    engine = engine_for(db)
    with engine.begin() as conn:
        conn.execute(update(problems).values(deadline=date.today() - timedelta(days=3)))
    overdue = run_json("problems", "list", "--overdue", db=db)
    assert [p["id"] for p in overdue] == [pid] and overdue[0]["state"] == "supervised"
    assert run_json("problems", "sweep", db=db)["supervised"] == 1
    assert run_json("problems", "show", pid, db=db)["history"][-1]["to_state"] == "supervised"


def test_deadlines_import_export_and_meeting_sheet(db: str, tmp_path: Path) -> None:
    firm(db)
    assert run_json("problems", "deadlines", "审批", "10", db=db)["categories"] == [
        {"category": "审批", "working_days": 10}]
    pid = run_json("problems", "add", "--title", "环评审批慢", "--enterprise", "1", "--category", "审批", db=db)["id"]
    out = tmp_path / "清单.xlsx"
    run_json("problems", "export", "--xlsx", out, db=db)
    assert load_workbook(out).active["B3"].value == "企业名称"
    result = run_json("problems", "import", out, db=db)
    assert result["written"] == 1
    meeting = run_json("meetings", "create", "--title", "5月园区市长日", "--date", "2026-05-20", "--problem", pid,
                       "--region", "430100", db=db)
    sheet = tmp_path / "会议.xlsx"
    run_json("meetings", "sheet", meeting["id"], "--xlsx", sheet, db=db)
    text = [c for row in load_workbook(sheet).active.iter_rows(values_only=True) for c in row if c]
    assert "环评审批慢" in text and "岳麓示例新材料有限公司" in text
    gathered = run_json("problems", "import", out, "--meeting", meeting["id"], db=db)
    assert gathered["meeting"] == meeting["id"] and gathered["written"] == 1
    assert run_json("meetings", "show", meeting["id"], db=db)["problems"] == 2
    missing = run("problems", "import", out, "--meeting", "99", db=db)
    assert missing.exit_code != 0 and "会议 99 不存在" in error_lines(missing)[0]


def test_a_rejected_import_exits_non_zero_and_writes_the_report(db: str, tmp_path: Path) -> None:
    firm(db)
    source = tmp_path / "问题.csv"
    source.write_text("企业名称,问题,问题类别\n没有这家公司,用工难,用工\n", encoding="utf-8")
    report = tmp_path / "错误.csv"
    result = run("problems", "import", source, "--errors", report, db=db)
    assert result.exit_code == 1
    assert "没有这家公司" in report.read_text(encoding="utf-8-sig") and "未在企业库" in report.read_text(encoding="utf-8-sig")


def test_the_problem_list_goes_through_lists_import_and_export_too(db: str, tmp_path: Path) -> None:
    """The issue's contract: `lists import/export --kind problems` is the same as `problems import/export`."""
    firm(db)
    run_json("problems", "add", "--title", "员工宿舍不足", "--enterprise", "1", "--category", "用工", db=db)
    out = tmp_path / "重点问题.xlsx"
    run("lists", "export", "--kind", "problems", "--xlsx", out, db=db)
    assert "员工宿舍不足" in [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert run_json("lists", "import", out, "--kind", "problems", db=db)["written"] == 1
    assert len(run_json("problems", "list", db=db)) == 2
    bad = tmp_path / "问题.csv"
    bad.write_text("企业名称,问题,问题类别\n没有这家公司,用工难,用工\n", encoding="utf-8")
    assert run("lists", "import", bad, "--kind", "problems", db=db).exit_code == 1
