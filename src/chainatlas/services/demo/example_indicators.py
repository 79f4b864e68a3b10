"""A monthly indicator workbook as a district office sends it (规上工业企业月报), for the demo's import page.

A title line naming the period (2026年1-10月), a 填报单位 / 单位：万元 line, a two-level header (each indicator
over 本月 | 1-10月累计), a 序号 column, a 同比 column (ignored: growth is computed), amounts typed the ways
offices type them (thousands separators, full-width digits, 未填报), a 合计 row of formulas and a 注 line.
Its enterprises and figures are the demo database's own for the last demo month, so that it imports
cleanly (every row updates its month; tests/services/monitoring/test_indicators_demo.py).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import Engine, select

from chainatlas.domain.money import wan_text
from chainatlas.services.demo import monthly
from chainatlas.store.models import enterprises
from chainatlas.store.monitor_models import enterprise_months

FILE_NAME = "规上工业企业月报-示例.xlsx"
DISTRICT = "430104"  # 岳麓区
ROWS = 8
FIGURES = (("工业总产值", "output"), ("营业收入", "revenue"), ("利润总额", "profit"), ("应交税金", "tax"))


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isdigit() else c for c in text)


def _thousands(text: str) -> str:
    whole, _, cents = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}.{cents}"


def build(engine: Engine, path: Path) -> int:
    """Write the workbook; the number of enterprise rows (0 when the demo has no figures for the district)."""
    m, e = enterprise_months.c, enterprises.c
    last = monthly.LAST
    with engine.connect() as conn:
        rows = conn.execute(select(e.name, e.uscc, *m).join(enterprises, e.id == m.enterprise_id).where(
            m.month == last, e.region_code == DISTRICT).order_by(m.revenue_ytd_fen.desc()).limit(ROWS)).all()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = f"{last.month}月"
    span = f"1-{last.month}月"
    sheet.append([f"长沙市岳麓区{last.year}年{span}规上工业企业主要经济指标（示例数据）"])
    sheet.append(["填报单位：岳麓区工业和信息化局（示例）", "", "", "", "", "", "", "", "", "", "", "单位：万元"])
    top = ["序号", "企业名称", "统一社会信用代码"]
    below = ["", "", ""]
    for label, _ in FIGURES:
        top += [label, ""]
        below += ["本月", f"{span}累计"]
    top += ["用电量（万千瓦时）", "", "期末从业人员（人）", "工业总产值同比增速（%）"]
    below += ["本月", "累计", "", ""]
    sheet.append(top)
    sheet.append(below)
    for i, row in enumerate(rows, start=1):
        values: list[object] = [i, row.name, row.uscc]
        for _, key in FIGURES:
            single, ytd = wan_text(getattr(row, f"{key}_fen")), wan_text(getattr(row, f"{key}_ytd_fen"))
            assert single is not None and ytd is not None
            if i == 2:  # typed with thousands separators
                values += [_thousands(single), _thousands(ytd)]
            elif i == 3:  # full-width digits, as some input methods leave them
                values += [_full_width(single), _full_width(ytd)]
            elif i == 5 and key == "tax":  # the month's figure not reported: derived from the year-to-date
                values += ["未填报", float(ytd)]
            else:
                values += [float(single), float(ytd)]
        values += [round(row.electricity_kwh / 10_000, 2), round(row.electricity_ytd_kwh / 10_000, 2),
                   row.employees if i != 4 else f"{row.employees}人", "—" if i == 6 else 8.5]
        sheet.append(values)
    first, end = 5, 4 + len(rows)
    total: list[object] = ["合计", "", ""]
    for column in range(4, 14):
        letter = get_column_letter(column)
        total.append(f"=SUM({letter}{first}:{letter}{end})")
    sheet.append(total)
    sheet.append(["注：1. 本表为示例数据，企业与数字均为合成；2. 同比增速由系统根据各月数据计算，此列不导入。"])
    for merged in ("A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:G3", "H3:I3", "J3:K3", "L3:M3", "N3:N4", "O3:O4"):
        sheet.merge_cells(merged)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[3]:
        cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 22
    notes = book.create_sheet("填表说明")
    notes.append(["填表说明"])
    notes.append(["1. 本月：当月数；累计：1月至本月累计数。"])
    notes.append(["2. 金额单位：万元；用电量单位：万千瓦时；从业人员为期末人数。"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return len(rows)
