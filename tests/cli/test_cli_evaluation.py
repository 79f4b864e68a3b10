"""`chainatlas evaluate`, `facts import` and `cultivation`: JSON contracts, Excel export, clean failures."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest

from cli.helpers import error_line, run, run_json
from importers.files import uscc, write_csv

ON = ["--on", "2026-05-15"]
HEADER = ["企业名称", "统一社会信用代码", "所属区县", "行业代码", "成立日期", "资质/标签",
          "2023年营业收入（万元）", "2024年营业收入（万元）", "2025年营业收入（万元）",
          "2023年主营业务收入（万元）", "2024年主营业务收入（万元）", "2025年主营业务收入（万元）",
          "2024年研发费用（万元）", "2025年研发费用（万元）", "2025年从业人员", "2025年研发人员",
          "2025年资产总额（万元）", "2025年负债总额（万元）", "2025年净利润（万元）"]
STRONG = ["14100", "16200", "18600", "13400", "15500", "17900", "930", "1120", "260", "58", "21000", "8400",
          "1950"]
ROWS = [
    ["湖南星城科技有限公司", uscc(1), "岳麓区", "3985", "2012-03-01", "专精特新(2024)", *STRONG],
    ["麓谷新材料有限公司", uscc(2), "岳麓区", "3985", "2012-03-01", "", *STRONG],
    ["雨花精密有限公司", uscc(3, "430111"), "雨花区", "3985", "2012-03-01", "", *STRONG],
]
FACTS = {"years_in_niche": 9, "market_share_pct": 12.5, "national_rank": 4, "market_leading": True,
         "product_fields": ["补短板", "工业六基"], "strategic_emerging": True, "ip_class1_high_value": 2,
         "ip_class1_self_developed": 6, "ip_class1_other": 3, "ip_class2": 25, "rd_institution_level": "省级",
         "awards": [], "development_score": 72, "titles": [{"title": "创新型中小企业", "year": 2023}]}
RESULT_KEYS = {"rule", "label", "name", "version", "confidence", "evaluated_on", "facts_year", "qualified",
               "verdict", "score", "size", "level", "status", "sector", "title_held", "failed_count",
               "missing_count", "shortfall_pct", "parts", "reasons", "missing", "lacks", "basis", "confidence_code",
               "confidence_label", "missing_labels"}


@pytest.fixture
def registry(db: str, tmp_path: Path) -> str:
    """Three strong enterprises, the third one short of the 专精特新 development score; facts imported."""
    run_json("import", "enterprises", write_csv(tmp_path / "名录.csv", HEADER, ROWS), db=db)
    facts = [{"uscc": uscc(1), **FACTS}, {"uscc": uscc(2), **FACTS},
             {"uscc": uscc(3, "430111"), **FACTS, "development_score": 49}]
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    result = run_json("facts", "import", path, db=db)
    assert (result["enterprises"], result["written"], result["errors"]) == (3, True, [])
    return db


def test_evaluate_all_json_reports_counts_per_rule_with_versions(registry: str) -> None:
    summary = run_json("evaluate", "--all", *ON, db=registry)
    assert {"enterprises", "results", "evaluated_on", "facts_year", "seconds", "rules"} <= set(summary)
    assert (summary["enterprises"], summary["results"], summary["facts_year"]) == (3, 21, 2025)
    specialised = next(r for r in summary["rules"] if r["rule"] == "specialised_sme_2026")
    assert specialised == {"rule": "specialised_sme_2026", "label": "专精特新中小企业（2026 新申报）",
                           "name": "优质中小企业梯度培育管理办法·专精特新中小企业", "version": "工信部企业〔2026〕2号",
                           "basis": "《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号）",
                           "confidence": "✅", "confidence_code": "sure", "confidence_label": "已核",
                           "qualified": 2, "not_qualified": 1, "undecided": 0}
    assert run_json("evaluate", "--all", *ON, db=registry)["results"] == 21  # replaced, not added


def test_evaluate_one_enterprise_json_contract(registry: str) -> None:
    page = run_json("evaluate", uscc(3, "430111"), *ON, db=registry)
    assert set(page) == {"enterprise", "evaluated_on", "facts_year", "facts", "fact_sources", "fact_list", "results",
                         "confidence_legend"}
    assert page["enterprise"]["uscc"] == uscc(3, "430111")
    assert all(set(r) == RESULT_KEYS for r in page["results"])
    result = next(r for r in page["results"] if r["rule"] == "specialised_sme_2026")
    assert result["lacks"] == ["专精特新发展评价得分 49分，低于 50分 要求 1分"]
    assert page["facts"]["revenue_wan"] == "18600"
    revenue = next(f for f in page["fact_list"] if f["key"] == "revenue_wan")
    assert revenue == {"key": "revenue_wan", "label": "上年营业收入", "unit": "万元", "value": "18600",
                       "display": "18600万元", "source": "registry", "source_label": "企业库"}


def test_evaluate_prints_a_table_without_json(registry: str) -> None:
    result = run("evaluate", uscc(1), *ON, db=registry)
    assert result.exit_code == 0 and "湖南星城科技有限公司" in result.stdout and "工信部" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    ((), "二者选一"), (("--all", uscc(1)), "二者选一"), ((uscc(99),), "不存在"),
    (("--all", "--on", "2026-13-01"), "YYYY-MM-DD"),
])
def test_evaluate_bad_arguments_fail_cleanly(registry: str, args: tuple[str, ...], message: str) -> None:
    assert message in error_line(run("evaluate", *args, db=registry))


def test_cultivation_json_contract_and_filters(registry: str) -> None:
    run_json("evaluate", "--all", *ON, db=registry)
    report = run_json("cultivation", db=registry)
    assert {"chain", "region", "evaluated_on", "facts_year", "enterprises", "tiers", "notes"} <= set(report)
    specialised = report["tiers"][1]
    assert {"tier", "title", "rule", "review_rule", "holders", "holders_count", "eligible", "eligible_count",
            "candidates", "candidates_count"} == set(specialised)
    assert [h["uscc"] for h in specialised["holders"]] == [uscc(1)]
    assert [e["uscc"] for e in specialised["eligible"]] == [uscc(2)]
    [candidate] = specialised["candidates"]
    assert candidate["uscc"] == uscc(3, "430111") and candidate["failed_count"] == 1
    county = run_json("cultivation", "--region", "430104", db=registry)
    assert county["enterprises"] == 2 and county["tiers"][1]["candidates"] == []
    assert run_json("cultivation", "--chain", "lithium-battery", db=registry)["enterprises"] == 0


def test_cultivation_exports_excel_with_one_sheet_per_tier(registry: str, tmp_path: Path) -> None:
    run_json("evaluate", "--all", *ON, db=registry)
    out = tmp_path / "梯度培育.xlsx"
    result = run("cultivation", "--xlsx", out, db=registry)
    assert result.exit_code == 0 and "已导出" in result.stdout
    book = openpyxl.load_workbook(BytesIO(out.read_bytes()))
    assert book.sheetnames == ["创新型中小企业", "专精特新中小企业", "专精特新小巨人", "说明"]
    header = next(book["专精特新中小企业"].iter_rows(values_only=True))
    assert header[:4] == ("类别", "序号", "企业名称", "统一社会信用代码") and header[-1] == "说明"


@pytest.mark.parametrize(("args", "message"), [
    (("--region", "999999"), "999999"), (("--chain", "nope"), "nope"), (("--limit", "0"), "limit"),
])
def test_cultivation_bad_filters_fail_cleanly(registry: str, args: tuple[str, ...], message: str) -> None:
    assert message in error_line(run("cultivation", *args, db=registry))


def test_bad_facts_file_names_row_and_field_exits_non_zero_and_writes_nothing(registry: str,
                                                                             tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", ["uscc", "employees", "digital_level"],
                     [[uscc(1), "10", "2"], [uscc(2), "many", "2"]])
    line = error_line(run("facts", "import", path, db=registry))
    assert "第3行" in line and "employees" in line and "不是整数" in line and "未写入" in line
    result = run_json("facts", "import", path, db=registry, exit_code=2)
    assert result["written"] is False
    assert result["errors"] == [{"sheet": None, "row": 3, "field": "employees", "value": "many",
                                 "reason": "字段 employees 的值 'many' 不是整数", "severity": "error"}]
    page = run_json("evaluate", uscc(1), *ON, db=registry)
    assert "digital_level" not in page["facts"]


def test_facts_import_of_a_missing_file_fails_cleanly(registry: str, tmp_path: Path) -> None:
    assert "找不到文件" in error_line(run("facts", "import", tmp_path / "none.json", db=registry))
