"""Registry workbooks as offices keep them: each form is read without a mapping file, every record
it must give is checked, and the reading report says how the file was read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.chart import BarChart, Reference

from chainatlas.domain.errors import InvalidInput
from importers.files import SheetSpec, check_file, uscc, write_csv, write_xlsx
from importers.workbooks import FILED_BY, FILED_ON, TITLE, full_width, write_all_forms, write_xls

NAME, CODE, REGION, FOUNDED = "企业名称", "统一社会信用代码", "所属区县", "成立日期"
WAN = 1_000_000  # fen per 万元


def _rows(sheet: openpyxl.worksheet.worksheet.Worksheet, rows: list[list[object]]) -> None:
    for row in rows:
        sheet.append(row)


def _book(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名录"
    _rows(sheet, rows)
    for cells in merges:
        sheet.merge_cells(cells)
    workbook.save(path)
    return path


def test_every_form_at_once_gives_its_eight_enterprises_and_rejects_none(tmp_path: Path) -> None:
    want = write_all_forms(tmp_path / "名录.xlsx")
    result = check_file(tmp_path / "名录.xlsx")
    assert result.errors == []
    records = result.records.sort("_row")
    assert records.get_column("_row").to_list() == list(range(5, 13))
    assert records.get_column("name").to_list() == want["names"]
    assert records.get_column("uscc").to_list() == want["codes"]
    assert records.get_column("founded_on").to_list() == want["founded"]
    assert records.get_column("registered_capital_fen").to_list() == want["capital_fen"]
    years = result.years.sort("_row")
    assert set(years.get_column("year").to_list()) == {2024}
    assert [result.figure(r, "revenue", 2024, "企业名录") for r in range(5, 13)] == want["revenue_fen"]
    assert [result.figure(r, "employees", 2024, "企业名录") for r in range(5, 13)] == want["employees"]
    assert [result.figure(r, "total_assets", 2024, "企业名录") for r in range(5, 13)] == want["assets_fen"]
    sheet = result.sheets[0]
    assert sheet["header_rows"] == [3, 4]
    assert [p["text"] for p in sheet["preamble"]] == [TITLE, f"{FILED_BY} {FILED_ON}　单位：万元"]
    assert result.skipped() == [(13, "合计/小计行"), (14, "注释、说明或落款行")]
    assert result.columns()["2024年/营业收入（万元）"] == ("revenue", 2024, "万元")
    assert result.columns()["2024年/从业人员（人）"] == ("employees", 2024, None)
    assert [c["header"] for c in sheet["ignored_columns"]] == ["序号", "备注"]
    # Only a date of a month is not a whole date: kept as the 1st, and said so.
    assert [(w.row, w.reason) for w in result.warnings] == [(12, "只有年月，记为 2019年5月（精度：月）")]


def test_title_and_filing_lines_above_the_header_are_passed_over_and_reported(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [[TITLE], [FILED_BY, None, FILED_ON], [], [NAME, CODE, REGION],
                                       ["甲科技有限公司", uscc(1), "岳麓区"]])
    result = check_file(path)
    assert result.errors == []
    assert result.record(5, "名录")["name"] == "甲科技有限公司"
    sheet = result.sheets[0]
    assert sheet["header_rows"] == [4]
    assert sheet["preamble"] == [{"row": 1, "text": TITLE}, {"row": 2, "text": f"{FILED_BY} {FILED_ON}"}]


def test_header_is_found_by_content_far_below_the_top(tmp_path: Path) -> None:
    lines = [[f"说明第{i}条：请如实填写"] for i in range(14)]
    path = _book(tmp_path / "a.xlsx", [*lines, [NAME, CODE], ["甲科技有限公司", uscc(1)]])
    result = check_file(path)
    assert result.sheets[0]["header_rows"] == [15]
    assert result.record(16, "名录")["uscc"] == uscc(1)


def test_two_row_header_with_year_groups_applies_each_year_to_the_metrics_under_it(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [
        [NAME, CODE, "2023年度", None, "2024年度", None, "经营情况", None],
        [None, None, "营业收入（万元）", "从业人员（人）", "营业收入（万元）", "从业人员（人）", "研发费用（元）", "纳税额"],
        ["甲科技有限公司", uscc(1), "100", "10", "120", "12", "5000", "3"],
    ], merges=("A1:A2", "B1:B2", "C1:D1", "E1:F1", "G1:H1"))
    result = check_file(path)
    assert result.errors == []
    assert result.columns() == {
        NAME: ("name", None, None), CODE: ("uscc", None, None),
        "2023年度/营业收入（万元）": ("revenue", 2023, "万元"), "2023年度/从业人员（人）": ("employees", 2023, None),
        "2024年度/营业收入（万元）": ("revenue", 2024, "万元"), "2024年度/从业人员（人）": ("employees", 2024, None),
        "经营情况/研发费用（元）": ("rd_expense", None, "元"), "经营情况/纳税额": ("tax", None, "万元"),
    }
    assert result.figure(3, "revenue", 2023, "名录") == 100 * WAN
    assert result.figure(3, "employees", 2024, "名录") == 12
    assert result.figure(3, "rd_expense", 2024, "名录") == 500_000  # no year: the default year (2024)


def test_two_row_header_with_the_metric_over_its_years(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [
        [NAME, "营业收入（万元）", None],
        [None, "2023年", "2024年"],
        ["甲科技有限公司", "1,000", "1,200"],
    ], merges=("A1:A2", "B1:C1"))
    result = check_file(path)
    assert result.columns()["营业收入（万元）/2023年"] == ("revenue", 2023, "万元")
    assert (result.figure(3, "revenue", 2023, "名录"), result.figure(3, "revenue", 2024, "名录")) == (
        1000 * WAN, 1200 * WAN)


def test_unit_line_applies_to_money_columns_without_their_own_unit(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [[TITLE], ["金额单位：元"], [NAME, "营业收入", "资产总额（万元）", "从业人员"],
                                       ["甲科技有限公司", "1,000,000", "3", "9"]])
    result = check_file(path)
    assert result.columns()["营业收入"] == ("revenue", None, "元")
    assert result.columns()["资产总额（万元）"] == ("total_assets", None, "万元")
    assert result.figure(4, "revenue", sheet="名录") == 1_000_000 * 100
    assert result.figure(4, "total_assets", sheet="名录") == 3 * WAN
    assert result.sheets[0]["unit_text"] == "单位：元"


def test_serial_total_and_note_rows_are_skipped_and_reported_not_errors(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [
        ["序号", NAME, CODE, "营业收入（万元）"],
        [1, "甲科技有限公司", uscc(1), 10],
        [None, None, None, None],
        [2, "乙科技有限公司", uscc(2), 20],
        ["小计", None, None, "=SUM(D2:D4)"],
        [3, "丙科技有限公司", uscc(3), 30],
        [None, "总  计", None, "=SUM(D2:D7)"],
        [None, None, None, None],
        ["说明：本表由园区汇总"],
        ["1. 营业收入为上年数"],
        ["备注：不含个体户"],
        ["填报人：张三", None, "审核人：李四"],
    ])
    result = check_file(path)
    assert result.errors == []
    assert result.records.get_column("name").to_list() == ["甲科技有限公司", "乙科技有限公司", "丙科技有限公司"]
    assert result.skipped() == [(3, "空行"), (5, "合计/小计行"), (7, "合计/小计行"), (8, "空行"),
                                (9, "注释、说明或落款行"), (10, "注释、说明或落款行"), (11, "注释、说明或落款行"),
                                (12, "注释、说明或落款行")]


def test_total_row_with_cached_formula_values_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("名录")
    sheet.write_row(0, 0, [NAME, "营业收入（万元）", "资产总额（万元）"])
    sheet.write_row(1, 0, ["甲科技有限公司", 100])
    sheet.write_formula(1, 2, "=B2*3", None, 300)
    sheet.write_string(2, 0, "合计")
    sheet.write_formula(2, 1, "=SUM(B2:B2)", None, 100)
    book.close()
    result = check_file(path)
    assert result.errors == [] and result.skipped() == [(3, "合计/小计行")]
    assert result.figure(2, "total_assets", sheet="名录") == 300 * WAN  # a formula's cached value


@pytest.mark.parametrize(("written", "code"), [
    (full_width(uscc(1)), uscc(1)), (uscc(2).lower(), uscc(2)), (f" {uscc(3)[:9]} {uscc(3)[9:]} ", uscc(3)),
    ("'" + uscc(4), uscc(4)), ("914301040000000437.0", "914301040000000437"), (full_width(uscc(5).lower()), uscc(5)),
])
def test_credit_codes_as_offices_type_them(tmp_path: Path, written: str, code: str) -> None:
    path = _book(tmp_path / "a.xlsx", [[NAME, CODE], ["甲科技有限公司", written]])
    result = check_file(path)
    assert result.errors == []
    assert result.record(2, "名录")["uscc"] == code


DATES = [
    (42500, date(2016, 5, 10), None), (date(2015, 3, 2), date(2015, 3, 2), None),
    ("2016.5.12", date(2016, 5, 12), None), ("2016.05.12", date(2016, 5, 12), None),
    ("2017年8月3日", date(2017, 8, 3), None), ("2012/11/30", date(2012, 11, 30), None),
    ("2019-1-9", date(2019, 1, 9), None), ("20190109", date(2019, 1, 9), None),
    ("2019年5月", date(2019, 5, 1), "month"), ("2019", date(2019, 1, 1), "year"), ("２０１９年５月６日", date(2019, 5, 6), None),
]


def test_dates_in_every_form(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [[NAME, FOUNDED], *([f"企业{i}有限公司", cell] for i, (cell, _, _) in enumerate(DATES))])
    result = check_file(path)
    assert result.errors == []
    records = result.records.sort("_row")
    assert records.get_column("founded_on").to_list() == [d for _, d, _ in DATES]
    assert records.get_column("founded_precision").to_list() == [p for _, _, p in DATES]
    assert [(w.row, w.reason) for w in result.warnings] == [
        (10, "只有年月，记为 2019年5月（精度：月）"), (11, "只有年份，记为 2019年（精度：年）")]


def test_amounts_in_every_form_and_not_reported_marks(tmp_path: Path) -> None:
    cells = ["123,456.78", "12.5亿", "8万", "  780  ", "１２３４", "1,500元", 2400.5, "—", "-", "/", "无", "空",
             "未填报", "N/A"]
    path = _book(tmp_path / "a.xlsx", [[NAME, "营业收入（万元）"], *([f"企业{i}有限公司", c] for i, c in enumerate(cells))])
    result = check_file(path)
    assert result.errors == []
    got = [result.figure(r, "revenue", sheet="名录") for r in range(2, 2 + len(cells))]
    assert got == [123_456_780_000, 125_000 * WAN, 8 * WAN, 780 * WAN, 1234 * WAN, 150_000, 2_400_500_000,
                   None, None, None, None, None, None, None]


def test_excel_97_2003_file_with_title_and_merged_two_row_header(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "名录.xls", [TITLE], [NAME, CODE, "2024年", ""], [None, None, "营业收入", "从业人员"],
                     [["甲科技有限公司", uscc(1), 1200, 30], ["乙科技有限公司", uscc(2).lower(), "3亿", "40"],
                      ["合计", None, 30001200, 70]],
                     merges=[(1, 2, 0, 0, NAME), (1, 2, 1, 1, CODE), (1, 1, 2, 3, "2024年")])
    result = check_file(path)
    assert result.reading["format"] == "Excel 97-2003 工作簿（.xls）"
    assert result.errors == []
    assert result.sheets[0]["header_rows"] == [2, 3]
    assert result.records.get_column("uscc").to_list() == [uscc(1), uscc(2)]
    assert result.figure(5, "revenue", 2024, "名录") == 30_000 * WAN
    assert result.skipped() == [(6, "合计/小计行")]


def test_wps_et_file_is_read_by_its_content(tmp_path: Path) -> None:
    # WPS 表格 saves .et as a compound document holding a BIFF8 workbook, as .xls is; xlwt writes one.
    path = write_xls(tmp_path / "名录.et", [FILED_BY], [NAME, CODE, FOUNDED], None,
                     [["甲科技有限公司", uscc(1), date(2018, 6, 1)]])
    result = check_file(path)
    assert result.reading["format"] == "WPS 表格（.et）"
    assert result.record(3, "名录")["founded_on"] == date(2018, 6, 1)


def test_file_named_xls_that_is_text_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "名录.xls"
    path.write_text("<html><table><tr><td>企业名称</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(InvalidInput, match="内容不是 Excel/WPS 工作簿"):
        check_file(path)


@pytest.mark.parametrize(("encoding", "name", "found"), [
    ("utf-8", "甲科技有限公司", "UTF-8"), ("utf-8-sig", "甲科技有限公司", "UTF-8（带 BOM）"),
    ("gbk", "甲科技有限公司", "GBK"), ("gb18030", "𠀾科技有限公司", "GB18030"),
])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str, name: str, found: str) -> None:
    path = write_csv(tmp_path / "名录.csv", [NAME, CODE, "营业收入（万元）"],
                     [[name, uscc(1), "1,200"], ["合计", "", "1,200"]], encoding=encoding, title=TITLE)
    result = check_file(path)
    assert result.reading["format"] == f"CSV（{found} 编码）"
    assert result.errors == []
    assert result.record(3)["name"] == name
    assert result.skipped() == [(4, "合计/小计行")]


def test_csv_with_a_two_row_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名录.csv", [NAME, "2024年", ""], [["", "营业收入", "从业人员"],
                                                                   ["甲科技有限公司", "5万", "７"]])
    result = check_file(path)
    assert result.sheets[0]["header_rows"] == [1, 2]
    assert (result.figure(3, "revenue", 2024), result.figure(3, "employees", 2024)) == (5 * WAN, 7)


def test_sheets_of_different_layouts_and_sheets_without_a_registry(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名录.xlsx", {
        "填表说明": SheetSpec(["字段", "填写要求"], [[NAME, "营业执照上的全称"], [CODE, "18位"]], title="填表说明"),
        "规上企业": SheetSpec([NAME, CODE, "营业收入（万元）"], [["甲科技有限公司", uscc(1), "100"]], title=TITLE),
        "专精特新": SheetSpec(["序号", "单位名称", "信用代码", "资质"], [["1", "乙科技有限公司", uscc(2), "专精特新"],
                                                                          ["合计", "", "", ""]]),
    })
    book = openpyxl.load_workbook(path)
    chart = book.create_chartsheet("图表")
    bars = BarChart()
    bars.add_data(Reference(book["规上企业"], min_col=3, min_row=2, max_row=3))
    chart.add_chart(bars)
    book.create_sheet("说明").append(["本表为示例，数据虚构。"])
    book.save(path)
    result = check_file(path)
    assert result.errors == []
    assert [s["sheet"] for s in result.sheets] == ["规上企业", "专精特新"]
    assert result.record(3, "规上企业")["uscc"] == uscc(1)
    assert result.record(2, "专精特新")["name"] == "乙科技有限公司"
    assert result.skipped(1) == [(3, "合计/小计行")]
    notices = result.reading["notices"]
    assert len(notices) == 3
    assert any("“填表说明”" in n and "已跳过" in n for n in notices)
    assert any("“图表”是图表" in n for n in notices)
    assert any("“说明”" in n and "已跳过" in n for n in notices)
