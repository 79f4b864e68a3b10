"""The work-list commands' contract (goals, projects, results, lists import/export) and Excel round trips."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from cli.helpers import error_line, run, run_json
from importers.files import uscc, write_csv


def test_goals_contract(db: str) -> None:
    made = run_json("goals", "add", "--chain", "lithium-battery", "--region", "430100", "--indicator",
                    "产业链规上企业营收", "--unit", "亿元", "--period", "2025", "--target", "1200", db=db)
    run_json("goals", "actual", made["id"], "--period", "2025-06", "--value", "480", db=db)
    [goal] = run_json("goals", "list", "--today", "2025-07-02", db=db)
    assert (goal["id"], goal["progress"], goal["elapsed"], goal["lagging"]) == (made["id"], "0.4", "0.5014", True)
    assert run_json("goals", "list", "--lagging", "--today", "2025-01-01", db=db) == []
    assert "期间" in error_line(run("goals", "add", "--indicator", "产值", "--unit", "亿元", "--period", "2025Q9",
                                    "--target", "1", "--region", "430100", db=db))


def test_projects_contract(db: str) -> None:
    made = run_json("projects", "add", "--name", "锂电池正极材料项目", "--list", "investment", "--chain",
                    "lithium-battery", "--link", "cathode", "--amount", "5.5亿", "--stage", "negotiating",
                    "--region", "430104", "--on", "2025-01-10", "--plan", "signed=2025-03-01", db=db)
    pid = made["id"]
    run_json("projects", "advance", pid, "--to", "signed", "--on", "2025-03-05", db=db)
    run_json("projects", "advance", pid, "--to", "started", "--on", "2025-08-01", db=db)
    shown = run_json("projects", "show", pid, db=db)
    assert shown["stage"] == "started"
    assert [(h["from"], h["to"], h["at"]) for h in shown["history"]] == [
        (None, "negotiating", "2025-01-10"), ("negotiating", "signed", "2025-03-05"), ("signed", "started", "2025-08-01")]
    assert [s["skipped"] for s in shown["stages"]] == [False, False, True, False, False]
    funnel = run_json("projects", "funnel", db=db)
    assert [(s["stage"], s["count"], s["amount_wan_yuan"]) for s in funnel["stages"]] == [
        ("negotiating", 1, "55000.00"), ("signed", 1, "55000.00"), ("registered", 1, "55000.00"),
        ("started", 1, "55000.00"), ("producing", 0, "0.00")]
    assert "不能从开工退回到签约" in error_line(run("projects", "advance", pid, "--to", "signed", db=db))
    assert "终止原因" in error_line(run("projects", "advance", pid, "--to", "terminated", db=db))
    ended = run_json("projects", "advance", pid, "--to", "terminated", "--reason", "企业放弃", "--on", "2025-09-01", db=db)
    assert ended["stage"] == "terminated"
    assert "版本" in error_line(run("projects", "advance", pid, "--to", "producing", "--version", "1", db=db))


def test_results_contract(db: str) -> None:
    made = run_json("results", "add", "--title", "硅碳负极材料制备技术", "--institution", "湖南大学", "--chain",
                    "lithium-battery", "--region", "430100", "--trl", "6", "--mode", "许可", "--contact", "王五",
                    "--phone", "13812345678", db=db)
    [listed] = run_json("results", "list", db=db)
    assert (listed["id"], listed["trl"], listed["transfer_mode"]) == (made["id"], 6, "licence")


PROJECT_HEADER = ["序号", "项目名称", "清单类别", "产业链", "环节", "所属区县", "计划投资（亿元）", "当前阶段", "洽谈日期",
                  "签约日期", "计划开工日期", "投资方", "投资方统一社会信用代码", "三类500强", "项目来源"]


def _workbook(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["长沙市2025年重点招商项目清单"])
    sheet.append(["填报单位：市招商局（示例）"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.append(["合计", "", "", "", "", "", 20])
    sheet.append(["注：金额单位为亿元"])
    book.save(path)
    return path


def test_projects_import_all_or_nothing_then_quarantine_and_export(db: str, tmp_path: Path) -> None:
    good = [1, "比亚迪储能电池项目", "招商项目", "lithium-battery", "cell-manufacturing", "岳麓区", "12", "签约", "2025-01-05",
            "2025-03-01", "2025-09-01", "比亚迪股份有限公司", "", "是", "以商招商"]
    bad = [2, "坏行项目", "招商项目", "lithium-battery", "", "岳麓区", "很多", "开张", "2025/13/01", "", "", "", "", "", ""]
    path = _workbook(tmp_path / "招商项目.xlsx", PROJECT_HEADER, [good, bad])
    refused = run("lists", "import", path, "--kind", "projects", "--json", db=db)
    assert refused.exit_code == 2
    assert run_json("projects", "list", db=db) == []
    report = run_json("lists", "import", path, "--kind", "projects", "--skip-invalid", "--errors",
                      tmp_path / "errors.csv", db=db)
    assert (report["imported"], report["rejected"], report["status"]) == (1, 1, "imported")
    assert {(e["row"], e["field"]) for e in report["errors"]} == {(5, "计划投资（亿元）"), (5, "当前阶段"), (5, "洽谈日期")}
    assert [w["value"] for w in report["warnings"]] == ["比亚迪股份有限公司"]  # unmatched: reported, kept
    assert {s["row"] for s in report["skipped"]} == {6, 7}
    assert "计划投资" in (tmp_path / "errors.csv").read_text(encoding="utf-8-sig")
    [project] = run_json("projects", "list", db=db)
    assert (project["stage"], project["amount_wan_yuan"], project["fortune500"], project["investor"]) == (
        "signed", "120000.00", True, "比亚迪股份有限公司")
    out = tmp_path / "导出.xlsx"
    run_json("lists", "export", "--kind", "projects", "--xlsx", out, db=db)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][0] == "项目名称" and rows[2][0] == "比亚迪储能电池项目"
    again = run_json("lists", "import", out, "--kind", "projects", db=db)  # the export reads back in
    assert again["imported"] == 1
    assert len(run_json("projects", "list", db=db)) == 2


def test_goals_and_results_import_from_csv(db: str, tmp_path: Path) -> None:
    goals = write_csv(tmp_path / "目标.csv", ["指标", "单位", "产业链", "地区", "期间", "目标值", "实际值", "实际期间"],
                      [["产业链规上企业营收", "亿元", "lithium-battery", "长沙市", "2025年", "1,200", "560", "2025年6月"],
                       ["规上企业数", "家", "", "430100", "2025年第二季度", "50", "", ""]])
    result = run_json("lists", "import", goals, "--kind", "goals", db=db)
    assert result["imported"] == 2
    assert {g["period"] for g in run_json("goals", "list", db=db)} == {"2025", "2025Q2"}
    results = write_csv(tmp_path / "成果.csv", ["成果名称", "完成单位", "产业链", "所属区县", "成熟度（TRL）", "转化方式",
                                              "专利号", "统一社会信用代码"],
                        [["固态电解质", "中南大学", "lithium-battery", "430100", "TRL5", "作价入股", "ZL202310001234.5", ""],
                         ["", "湖南大学", "lithium-battery", "430100", "12", "赠送", "", uscc(3)]])
    mixed = run("lists", "import", results, "--kind", "results", "--json", db=db)
    assert mixed.exit_code == 2
    assert "problems" not in run("lists", "import", results, "--kind", "nonsense", db=db).stdout
    assert "清单类型" in error_line(run("lists", "import", results, "--kind", "nonsense", db=db))
