"""`chainatlas import enterprises` and `chainatlas generate`: the JSON contract and exit codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from chainatlas.services.demo.registry import RegistryGenerator
from cli.helpers import error_text, run, run_json
from importers.files import uscc, with_wrong_check_digit, write_csv
from importers.workbooks import write_all_forms

HEADER = ["企业名称", "统一社会信用代码", "所属区县", "营业收入（万元）"]
GOOD = [["甲科技有限公司", uscc(1), "岳麓区", "100"], ["乙科技有限公司", uscc(2), "430102", "1.5亿元"]]
BAD = ["丙科技有限公司", with_wrong_check_digit(uscc(3)), "火星市", "-1"]
ERROR_KEYS = {"row", "field", "value", "reason"}


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Two good rows and one bad row (file row 4) with three errors."""
    return write_csv(tmp_path / "名录.csv", HEADER, [*GOOD, BAD])


def test_import_json_counts_new_updated_and_unchanged_rows(db: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名录.csv", HEADER, GOOD)
    first = run_json("import", "enterprises", path, db=db)
    assert {k: first[k] for k in ("imported", "updated", "unchanged", "rejected")} == {
        "imported": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert first["errors"] == []
    again = run_json("import", "enterprises", path, db=db)
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 2)


def test_rejected_rows_without_skip_invalid_exit_non_zero_and_write_nothing(db: str, mixed: Path) -> None:
    result = run_json("import", "enterprises", mixed, db=db, exit_code=2)
    assert (result["imported"], result["rejected"], result["written"]) == (0, 1, False)
    assert {(e["row"], e["field"]) for e in result["errors"]} == {
        (4, "统一社会信用代码"), (4, "所属区县"), (4, "营业收入（万元）")}
    assert all(ERROR_KEYS <= set(e) for e in result["errors"])
    region = next(e for e in result["errors"] if e["field"] == "所属区县")
    assert (region["value"], region["reason"]) == ("火星市", "无法识别的行政区划：火星市")
    assert run_json("enterprises", "list", db=db) == []


def test_skip_invalid_imports_the_good_rows_and_exits_zero(db: str, mixed: Path) -> None:
    result = run_json("import", "enterprises", mixed, "--skip-invalid", db=db)
    assert (result["imported"], result["rejected"], result["written"]) == (2, 1, True)
    assert len(run_json("enterprises", "list", db=db)) == 2


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_errors_option_writes_a_report(db: str, mixed: Path, tmp_path: Path, suffix: str) -> None:
    report = tmp_path / f"errors{suffix}"
    run("import", "enterprises", mixed, "--errors", report, db=db)
    if suffix == ".json":
        rows = json.loads(report.read_text(encoding="utf-8"))
        assert all(ERROR_KEYS <= set(r) for r in rows)
    else:  # the same report as the web page's download: Chinese headers and levels
        with open(report, encoding="utf-8-sig", newline="") as f:
            chinese = list(csv.DictReader(f))
        assert list(chinese[0]) == ["工作表", "行号", "列", "值", "原因", "级别"]
        assert {r["级别"] for r in chinese} == {"错误"}
        rows = [{"row": r["行号"], "field": r["列"]} for r in chinese]
    assert {(str(r["row"]), r["field"]) for r in rows} == {
        ("4", "统一社会信用代码"), ("4", "所属区县"), ("4", "营业收入（万元）")}


def test_mapping_option_maps_unknown_headers(db: str, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"公司名字": "企业名称", "代码": "统一社会信用代码"}, ensure_ascii=False),
                       encoding="utf-8")
    path = write_csv(tmp_path / "名录.csv", ["公司名字", "代码", "备注"], [["甲科技有限公司", uscc(1), "无"]])
    result = run_json("import", "enterprises", path, "--mapping", mapping, db=db)
    assert (result["imported"], result["ignored_columns"]) == (1, ["备注"])
    assert run_json("enterprises", "show", uscc(1), db=db)["name"] == "甲科技有限公司"


def test_generated_registry_rejects_exactly_the_defective_rows(db: str, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    counts = run_json("generate", "--enterprises", 200, "--out", out, "--bad-share", 0.1, "--seed", 3)
    defects = {kind: n for kind, n in counts.items() if kind != "rows"}
    assert counts["rows"] == 200 and len(defects) == 9 and sum(defects.values()) == 20

    result = run_json("import", "enterprises", out, "--skip-invalid", db=db)

    generator = RegistryGenerator(region="430100", seed=3, years=1)
    defective = {i + 2 for i, (_, defect) in enumerate(generator.rows(200, 0.1)) if defect}
    assert result["rejected"] == sum(defects.values())
    assert {e["row"] for e in result["errors"]} == defective
    assert result["imported"] == 180


@pytest.mark.parametrize("content", [
    pytest.param("企业名称\n甲科技有限公司\n".encode("utf-16"), id="utf-16"),
    pytest.param(bytes(range(128, 256)) * 20, id="random-bytes"),
])
def test_unreadable_file_fails_cleanly(db: str, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "名录.csv"
    path.write_bytes(content)
    assert "名录.csv" in error_text(run("import", "enterprises", path, db=db))


def test_missing_file_fails_cleanly(db: str, tmp_path: Path) -> None:
    assert "找不到文件" in error_text(run("import", "enterprises", tmp_path / "none.csv", db=db))


def test_absurd_amount_is_a_row_error_not_a_crash(db: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名录.csv", HEADER, [["甲科技有限公司", uscc(1), "岳麓区", "1" * 32]])
    result = run_json("import", "enterprises", path, db=db, exit_code=2)
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(2, "营业收入（万元）")]


def test_unknown_money_unit_fails_cleanly(db: str, mixed: Path) -> None:
    assert "--money-unit" in error_text(run("import", "enterprises", mixed, "--money-unit", "美元", db=db))


def test_every_office_form_at_once_imports_its_eight_enterprises(db: str, tmp_path: Path) -> None:
    want = write_all_forms(tmp_path / "名录.xlsx")
    result = run_json("import", "enterprises", tmp_path / "名录.xlsx", db=db)
    assert (result["imported"], result["rejected"], result["errors"], result["skipped"]) == (8, 0, [], 2)
    for name, code in zip(want["names"], want["codes"], strict=True):
        shown = run_json("enterprises", "show", code, db=db)
        assert shown["name"] == name
    assert run_json("enterprises", "show", want["codes"][1], db=db)["revenue_wan_yuan"] == "125000.00"


def test_dry_run_prints_how_the_file_reads_and_writes_nothing(db: str, tmp_path: Path) -> None:
    write_all_forms(tmp_path / "名录.xlsx")
    out = run("import", "enterprises", tmp_path / "名录.xlsx", "--dry-run", db=db)
    assert out.exit_code == 0, out.output
    text = out.stdout
    for line in ("工作表“企业名录”：表头在第3行、第4行，数据 8 行",
                 "表头上方 第1行：长沙市岳麓区2024年产业链重点企业名录",
                 "金额单位：万元（取自“单位：万元”），用于未注明单位的金额列",
                 "G列 2024年/营业收入（万元） → 营业收入，2024年，万元（年度 2024 取自合并单元格“2024年”",
                 "A列 序号 → 忽略（序号，不导入）",
                 "跳过 第13行（合计/小计行：合计）",
                 "跳过 第14行（注释、说明或落款行：注：1. 数据来源于企业填报；2. 金额单位为万元。）",
                 "预览（未写入）：共 8 行企业；可导入 8，不合格 0，警告 1，跳过 2 行"):
        assert line in text, (line, text)
    assert run_json("enterprises", "list", db=db) == []


def test_dry_run_json_gives_the_reading_as_data_and_exits_2_when_the_import_would_refuse(
        db: str, mixed: Path) -> None:
    result = run_json("import", "enterprises", mixed, "--dry-run", db=db, exit_code=2)
    assert (result["rows"], result["imported"], result["rejected"], result["written"]) == (3, 2, 1, False)
    [sheet] = result["reading"]["sheets"]
    assert result["reading"]["format"] == "CSV（UTF-8 编码）"
    assert sheet["header_rows"] == [1]
    assert [(c["column"], c["field"], c["year"], c["unit"]) for c in sheet["columns"]] == [
        ("A", "name", None, None), ("B", "uscc", None, None), ("C", "region", None, None),
        ("D", "revenue", None, "万元")]
    assert {(e["row"], e["field"]) for e in result["errors"]} == {
        (4, "统一社会信用代码"), (4, "所属区县"), (4, "营业收入（万元）")}
    assert run_json("enterprises", "list", db=db) == []


def test_a_founding_date_known_only_to_the_year_or_month_is_kept_as_such(db: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名录.csv", ["企业名称", "统一社会信用代码", "所属区县", "成立日期"],
                     [["长沙年份新材料有限公司", uscc(71), "岳麓区", "2019"],
                      ["长沙年月新材料有限公司", uscc(72), "岳麓区", "2019年5月"],
                      ["长沙整日新材料有限公司", uscc(73), "岳麓区", "2019.5.6"]])
    assert run_json("import", "enterprises", path, db=db)["imported"] == 3
    shown = {code: run_json("enterprises", "show", code, db=db) for code in (uscc(71), uscc(72), uscc(73))}
    assert [(s["founded"], s["founded_precision"]) for s in shown.values()] == [
        ("2019年", "year"), ("2019年5月", "month"), ("2019-05-06", None)]


# The example of issue 15 §6: three rows without credit codes, two of which normalise to the same name.
NAMES_ONLY = ["企业名称", "所属区县", "主营产品"]
FIRST = [["长沙星城科技有限公司", "岳麓区", "隔膜"], ["湖南铜箔新材料有限公司", "岳麓区", "铜箔"]]
SECOND = [["长沙星城科技有限公司", "岳麓区", "干法隔膜"], ["湖南铜箔新材料有限公司", "岳麓区", "电解铜箔"],
          ["湖南铜箔新材料股份有限公司", "岳麓区", "锂电铜箔"]]


def test_import_counts_add_up_to_the_rows_and_the_summary_says_so(db: str, tmp_path: Path) -> None:
    run_json("import", "enterprises", write_csv(tmp_path / "a.csv", NAMES_ONLY, FIRST), db=db)
    second = write_csv(tmp_path / "b.csv", NAMES_ONLY, SECOND)
    result = run_json("import", "enterprises", second, db=db)
    counts = {k: result[k] for k in ("rows", "imported", "updated", "unchanged", "merged", "rejected")}
    # Row 3 is folded into row 4 (same normalised name); row 4 renames 湖南铜箔新材料有限公司 by name.
    assert counts == {"rows": 3, "imported": 0, "updated": 1, "unchanged": 0, "merged": 2, "rejected": 0}
    warnings = {w["row"]: w["reason"] for w in result["warnings"]}
    assert "与第4行是同一企业（名称归一后相同）" in warnings[3] and "组织形式由有限公司变为股份有限公司" in warnings[4]
    again = write_csv(tmp_path / "c.csv", NAMES_ONLY, SECOND)
    text = run("import", "enterprises", again, db=db)
    assert text.exit_code == 0
    # Now the record bears the new name: only the fold within the file is left to report.
    assert "c.csv：共 3 行；新增 0，更新 0，未变 2，合并 1，拒绝 0，警告 1" in text.stdout
    assert "警告" in text.stdout and "同一企业" in text.stdout
