"""A registry workbook as a district office keeps it, for the demo and the README's preview.

A title line, a 填报单位/填报日期/单位 line, a two-row header (2024年 merged over the yearly
figures), a 序号 column, credit codes, dates and amounts typed the ways offices type them, a
合计 row of formulas, a blank row, a 注： line and a 填表说明 sheet — eight enterprises, none
of which the importer may reject (tests/importers/test_example_registry.py). `chainatlas demo`
writes it beside the demo database, to be previewed and imported on the 数据导入 page.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

from chainatlas.domain.uscc import make_uscc

FILE_NAME = "名录-示例.xlsx"


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def build(path: Path) -> None:
    codes = [make_uscc("9", "1", "430104", f"MA4L{n:04d}") for n in range(1, 9)]
    written = [_full_width(codes[0]), codes[1].lower(), f"{codes[2][:6]} {codes[2][6:12]} {codes[2][12:]}",
               "'" + codes[3], codes[4], _full_width(codes[5]).lower(), codes[6] + " ", codes[7]]
    names = ["长沙星城石墨科技有限公司", "湖南麓谷锂电新材料有限公司", "长沙云帆智能装备有限公司",
             "湖南湘江储能科技有限公司", "长沙金桥电子有限公司", "湖南岳麓生物医药有限公司",
             "长沙梅溪湖软件有限公司", "湖南先导光电有限公司"]
    founded: list[object] = [42500, date(2015, 3, 2), "2016.5.12", "2017年8月3日", "2012/11/30", "2019-1-9",
                             "20190109", "2019年5月"]
    capital: list[object] = ["1,000", "500万", "0.2亿", "  300  ", "—", "１２０", "800万元", 50]
    revenue: list[object] = ["123,456.78", "12.5亿", "8万", "  780  ", "—", "１，２３４.５", "1500", 2400.5]
    staff: list[object] = ["1,200", "８５", "—", 30, "120人", "N/A", " 45 ", 60]
    assets: list[object] = ["2,000", "3亿", "/", "未填报", "无", "5,000.5", 900, "空"]

    book = openpyxl.Workbook()
    book.properties.creator = "ChainAtlas"
    book.properties.created = book.properties.modified = datetime(2025, 3, 10)
    sheet = book.active
    sheet.title = "重点企业名录"
    sheet.append(["长沙市岳麓区2024年产业链重点企业名录（示例数据：合成企业，非真实数据）"])
    sheet.append(["填报单位：岳麓区工业和信息化局", None, None, None, None, "填报日期：2025年3月10日", None, None,
                  "单位：万元"])
    sheet.append(["序号", "企业名称", "统一社会信用代码", "所属区县", "成立日期", "注册资本", "2024年", None, None,
                  "备注"])
    sheet.append([None] * 6 + ["营业收入（万元）", "从业人员（人）", "资产总额（万元）", None])
    for cells in ("A1:J1", "A2:E2", "F2:H2", "I2:J2", "G3:I3", *(f"{c}3:{c}4" for c in "ABCDEFJ")):
        sheet.merge_cells(cells)
    for i in range(8):
        sheet.append([i + 1, names[i], written[i], "岳麓区", founded[i], capital[i], revenue[i], staff[i], assets[i],
                      "链主企业" if i == 0 else None])
        if isinstance(founded[i], date):
            sheet.cell(row=5 + i, column=5).number_format = "yyyy-mm-dd"
    sheet.append([])
    sheet.append(["合计", None, None, None, None, "=SUM(F5:F12)", "=SUM(G5:G12)", "=SUM(H5:H12)", "=SUM(I5:I12)"])
    sheet.append(["注：1. 数据来源于企业填报；2. “—”“无”表示未填报。"])
    sheet.merge_cells("A15:J15")
    sheet.append(["填报人：张三", None, "审核人：李四", None, "联系电话：0731-88888888"])
    notes = book.create_sheet("填表说明")
    for line in (["填表说明"], ["字段", "填写要求"], ["企业名称", "营业执照上的全称"],
                 ["统一社会信用代码", "18位，不含空格"], ["营业收入", "2024年全年，单位万元"]):
        notes.append(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
