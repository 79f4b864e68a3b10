"""Registry workbooks as offices keep them, written with the libraries that write such files:
openpyxl and XlsxWriter for .xlsx (XlsxWriter stores a formula's cached value, as Excel does),
xlwt for Excel 97–2003 .xls (and the same BIFF8 file named .et, which is what WPS 表格 saves)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from chainatlas.domain.uscc import ALPHABET, check_character, make_uscc
from importers.files import uscc

TITLE = "长沙市岳麓区2024年产业链重点企业名录"
FILED_BY = "填报单位：岳麓区工业和信息化局"
FILED_ON = "填报日期：2025年3月10日"
NOTE = "注：1. 数据来源于企业填报；2. 金额单位为万元。"


def full_width(text: str) -> str:
    """ASCII letters and digits as their full-width forms (０-９, Ａ-Ｚ, ａ-ｚ)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def digits_only_uscc() -> str:
    """A valid credit code made of digits only (such codes turn into numbers, then into '….0' text)."""
    for n in range(100_000):
        org = f"{n:08d}"
        code = make_uscc("9", "1", "430104", org)
        if code.isdigit():
            return code
    raise AssertionError("no digits-only code found")


def eight_codes() -> list[tuple[str, str]]:
    """(code as written in the cell, the code it stands for) in every form offices type them."""
    plain = [uscc(n) for n in range(1, 8)]
    numeric = digits_only_uscc()
    return [
        (full_width(plain[0]), plain[0]),
        (plain[1].lower(), plain[1]),
        (f"{plain[2][:4]} {plain[2][4:8]} {plain[2][8:12]} {plain[2][12:]}", plain[2]),
        ("'" + plain[3], plain[3]),
        (numeric + ".0", numeric),
        (full_width(plain[4]).lower().replace("ｍａ", "ｍａ "), plain[4]),
        (f"{plain[5][:6]}-{plain[5][6:]}\u3000", plain[5]),
        (plain[6], plain[6]),
    ]


def check_free(code: str) -> str:
    """A different valid code: position 18 recomputed after changing position 10."""
    first17 = code[:9] + ALPHABET[(ALPHABET.index(code[9]) + 1) % 10] + code[10:17]
    return first17 + check_character(first17)


def write_all_forms(path: Path) -> dict[str, object]:
    """The workbook with every form at once (XlsxWriter): a title line, a 填报单位/填报日期 line, a two-row
    header with 2024年 merged over 营业收入（万元）/从业人员（人）/资产总额（万元）, a 序号 column, credit
    codes in every form, dates and amounts in every form, a 合计 row of formulas and a 注： line.

    Returns what the eight enterprises must read as."""
    import xlsxwriter

    codes = eight_codes()
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("企业名录")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range("A1:J1", TITLE)
    sheet.merge_range("A2:E2", FILED_BY)
    sheet.merge_range("F2:J2", f"{FILED_ON}　单位：万元")
    for col, text in enumerate(["序号", "企业名称", "统一社会信用代码", "所属区县", "成立日期", "注册资本"]):
        sheet.merge_range(2, col, 3, col, text)
    sheet.merge_range("G3:I3", "2024年")
    sheet.write_row("G4", ["营业收入（万元）", "从业人员（人）", "资产总额（万元）"])
    sheet.merge_range("J3:J4", "备注")
    names = ["岳麓星城石墨科技有限公司", "湖南麓谷新材料有限公司", "长沙云帆智能装备有限公司", "湖南湘江储能科技有限公司",
             "长沙金桥电子有限公司", "湖南岳麓生物医药有限公司", "长沙梅溪湖软件有限公司", "湖南先导光电有限公司"]
    founded: list[object] = [42500, date(2015, 3, 2), "2016.5.12", "2017年8月3日", "2012/11/30", "2019-1-9",
                             "20190109", "2019年5月"]
    capital: list[object] = ["1,000", "500万", "0.2亿", "  300  ", "—", "１２０", "800万元", 50]
    revenue: list[object] = ["123,456.78", "12.5亿", "8万", "  780  ", "—", "１，２３４.５", ("=1000*1.5", 1500), 2400.5]
    staff: list[object] = ["1,200", "８５", "—", 30, "120人", "N/A", " 45 ", 60]
    assets: list[object] = ["2,000", "3亿", "/", "未填报", "无", "5,000.5", ("=2*450", 900), "空"]
    for i in range(8):
        row = 4 + i
        sheet.write_number(row, 0, i + 1)
        sheet.write_string(row, 1, names[i])
        sheet.write_string(row, 2, codes[i][0])
        sheet.write_string(row, 3, "岳麓区")
        value = founded[i]
        if isinstance(value, date):
            sheet.write_datetime(row, 4, value, date_format)
        elif isinstance(value, int):
            sheet.write_number(row, 4, value)  # an Excel serial without a date format
        else:
            sheet.write_string(row, 4, value)
        for col, cells in ((5, capital), (6, revenue), (7, staff), (8, assets)):
            cell = cells[i]
            if isinstance(cell, tuple):
                sheet.write_formula(row, col, cell[0], None, cell[1])
            elif isinstance(cell, (int, float)):
                sheet.write_number(row, col, cell)
            else:
                sheet.write_string(row, col, cell)
    sheet.write_string(12, 0, "合计")
    for col, letter, total in ((5, "F", 2770), (6, "G", 0), (7, "H", 1340), (8, "I", 0)):
        sheet.write_formula(12, col, f"=SUM({letter}5:{letter}12)", None, total)
    sheet.merge_range("A14:J14", NOTE)
    book.close()
    wan = 1_000_000
    return {
        "names": names,
        "codes": [c for _, c in codes],
        "founded": [date(2016, 5, 10), date(2015, 3, 2), date(2016, 5, 12), date(2017, 8, 3), date(2012, 11, 30),
                    date(2019, 1, 9), date(2019, 1, 9), date(2019, 5, 1)],
        "capital_fen": [1000 * wan, 500 * wan, 2000 * wan, 300 * wan, None, 120 * wan, 800 * wan, 50 * wan],
        "revenue_fen": [123_456_780_000, 125_000 * wan, 8 * wan, 780 * wan, None, 1_234_500_000, 1500 * wan,
                        2_400_500_000],
        "employees": [1200, 85, None, 30, 120, None, 45, 60],
        "assets_fen": [2000 * wan, 30_000 * wan, None, None, None, 5_000_500_000, 900 * wan, None],
    }


def write_xls(path: Path, title: Sequence[str], top: Sequence[str], below: Sequence[str] | None,
              rows: Sequence[Sequence[object]], merges: Sequence[tuple[int, int, int, int, str]] = ()) -> Path:
    """An Excel 97–2003 file (xlwt): title lines, a header of one or two rows, then rows.

    `merges`: (first row, last row, first column, last column, text) of merged cells, 0-based."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名录")
    merged = {(r1, c1) for r1, _, c1, _, _ in merges}
    covered = {(r, c) for r1, r2, c1, c2, _ in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r1, r2, c1, c2, text in merges:
        sheet.write_merge(r1, r2, c1, c2, text)
    header_rows = [top] + ([below] if below else [])
    all_rows = [[t] for t in title] + [list(r) for r in header_rows] + [list(r) for r in rows]
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(all_rows):
        for c, value in enumerate(row):
            if (r, c) in covered and (r, c) not in merged or (r, c) in merged or value in ("", None):
                continue
            if isinstance(value, date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path
