"""Column headers as government staff write them → the registry's fields.

A header may carry a unit (`营业收入（万元）`) and a year (`2024年营业收入`);
other spellings come from a user's mapping file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.money import UNIT_ALIASES

# field → (kind, Chinese label, spellings)
FIELDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "name": ("text", "企业名称", ("企业名称", "公司名称", "单位名称", "企业全称", "名称", "企业")),
    "uscc": ("uscc", "统一社会信用代码", ("统一社会信用代码", "社会信用代码", "信用代码", "uscc")),
    "region": ("region", "所属区县", ("所属区县", "行政区划", "所在区县", "区县", "所属地区", "所在地区",
                                   "区划代码", "行政区划代码", "所属区域", "注册地")),
    "park": ("text", "园区", ("园区", "所属园区", "所在园区")),
    "founded_on": ("date", "成立日期", ("成立日期", "注册日期", "成立时间")),
    "registered_capital": ("capital", "注册资本", ("注册资本", "注册资金")),
    "industry_code": ("industry", "行业代码", ("行业代码", "国民经济行业代码", "所属行业代码",
                                              "国民经济行业分类代码", "国标行业代码")),
    "business_scope": ("text", "经营范围", ("经营范围",)),
    "main_products": ("text", "主营产品", ("主营产品", "主要产品", "主导产品")),
    "tags": ("tags", "资质/标签", ("资质/标签", "资质标签", "资质", "标签", "企业资质", "企业标签", "资质荣誉")),
    "legal_representative": ("text", "法定代表人", ("法定代表人", "法人代表", "法人")),
    "contact_person": ("text", "联系人", ("联系人",)),
    "contact_phone": ("text", "联系电话", ("联系电话", "联系方式", "手机号码", "电话")),
    "year": ("year", "年度", ("年度", "统计年度", "数据年度", "年份")),
    # Kept by the external enterprise pools only (services/targets): signs of expansion for the target ranking.
    "expansion": ("text", "扩产/新项目", ("扩产/新项目", "扩张动态", "扩产计划", "扩产项目", "新建项目", "在建项目",
                                       "拟建项目", "新增产能", "产能扩张", "投资计划", "近期项目")),
    "financing": ("text", "融资情况", ("融资情况", "融资信息", "最新融资", "融资轮次", "融资动态")),
}
POOL_ONLY = ("expansion", "financing")  # a registry import reports these columns as not imported
# yearly metric → (kind, Chinese label, spellings); kinds: money, signed_money, count
METRICS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "revenue": ("money", "营业收入", ("营业收入", "营收", "营业总收入")),
    "main_revenue": ("money", "主营业务收入", ("主营业务收入", "主营收入")),
    "rd_expense": ("money", "研发费用", ("研发费用", "研发投入", "研发经费", "研究开发费用")),
    "net_profit": ("signed_money", "净利润", ("净利润",)),
    "total_assets": ("money", "资产总额", ("资产总额", "总资产", "资产总计")),
    "liabilities": ("money", "负债总额", ("负债总额", "总负债", "负债合计")),
    "output": ("money", "产值", ("工业总产值", "产值", "总产值")),
    "tax": ("money", "税收", ("税收", "纳税额", "税收总额", "实缴税金", "纳税总额")),
    "employees": ("count", "从业人员", ("从业人员", "从业人数", "员工人数", "职工人数", "从业人员数")),
    "rd_staff": ("count", "研发人员", ("研发人员", "研发人员数", "研发人数")),
}
_LOOKUP = {s.lower(): key for table in (FIELDS, METRICS) for key, (_, _, spellings) in table.items()
           for s in spellings}
_LOOKUP.update({key: key for key in (*FIELDS, *METRICS)})
_BRACKET = re.compile(r"[(（\[【]\s*(?:单位[:：]?)?\s*([^)）\]】]*)[)）\]】]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?(?:度)?")
_PERSON_UNITS = {"人", "个", "名"}


@dataclass(frozen=True)
class Column:
    """How one source column maps: a field, or a metric of a year, with its unit."""

    header: str
    key: str  # field or metric name
    is_metric: bool
    year: int | None = None
    unit: str | None = None  # 元/万元/亿元 for money columns
    notes: tuple[str, ...] = ()  # where the year or unit came from, when not from the header itself

    @property
    def kind(self) -> str:
        return (METRICS if self.is_metric else FIELDS)[self.key][0]

    @property
    def label(self) -> str:
        return self.header


def year_in(text: str) -> int | None:
    """The year a header text names (2024年, 2024年度, 2024), if any."""
    found = _YEAR.search(text)
    return int(found.group(1)) if found else None


def unit_in(text: str) -> str | None:
    """The money unit a header text names in brackets (（万元）, (单位：元)), if any."""
    unit = None
    for inner in _BRACKET.findall(text):
        unit = UNIT_ALIASES.get(inner.strip(), unit)
    return unit


def parse_header(header: str, mapping: dict[str, str] | None = None) -> Column | None:
    """The column a header maps to, or None when it is not a registry column."""
    text = str(header).strip()
    if mapping and text in mapping:
        target = mapping[text]
        text_for_lookup = target
    else:
        text_for_lookup = text
    unit = None
    for inner in _BRACKET.findall(text_for_lookup) + _BRACKET.findall(text):
        inner = inner.strip()
        if inner in UNIT_ALIASES:
            unit = UNIT_ALIASES[inner]
    year_match = _YEAR.search(text_for_lookup) or _YEAR.search(text)
    year = int(year_match.group(1)) if year_match else None
    label = _BRACKET.sub("", text_for_lookup)
    label = _YEAR.sub("", label).replace(" ", "").replace("\u3000", "").strip("：:").lower()
    key = _LOOKUP.get(label)
    if key is None:
        return None
    is_metric = key in METRICS
    if not is_metric:
        year = None
    return Column(text, key, is_metric, year, unit)


def read_mapping(path: Path) -> dict[str, str]:
    """A user's header mapping: {file header: field, metric or a known Chinese label}."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except FileNotFoundError:
        raise InvalidInput(f"找不到列名映射文件：{path}") from None
    except (ValueError, yaml.YAMLError) as exc:
        raise InvalidInput(f"列名映射文件 {path.name} 无法解析：{exc}") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"列名映射文件 {path.name} 应为“原列名: 字段”的映射")
    mapping = {str(k).strip(): str(v).strip() for k, v in data.items()}
    for header, target in mapping.items():
        if parse_header(target) is None:
            raise InvalidInput(f"列名映射文件 {path.name}：“{header}”映射到未知字段“{target}”")
    return mapping


MONEY_KINDS = ("money", "signed_money", "capital")


def _grouped(header: str, group: str, below: str, mapping: dict[str, str] | None) -> Column | None:
    """A column under a merged group cell: the field is named below (营业收入 under 2024年) or by the
    group (2024年 under 营业收入); a year or unit found in either applies."""
    column = parse_header(header, mapping) if mapping and header in mapping else None
    column = column or parse_header(below, mapping) or parse_header(group, mapping)
    if column is None:
        return None
    notes = list(column.notes)
    year, unit = column.year, column.unit
    for text in (below, group):
        if column.is_metric and year is None and (year := year_in(text)) is not None:
            notes.append(f"年度 {year} 取自{'合并单元格' if text == group else '表头'}“{text}”")
        if column.kind in MONEY_KINDS and unit is None and (unit := unit_in(text)) is not None:
            notes.append(f"单位 {unit} 取自{'合并单元格' if text == group else '表头'}“{text}”")
    return replace(column, header=header, year=year if column.is_metric else None, unit=unit, notes=tuple(notes))


def map_columns(headers: list[str], mapping: dict[str, str] | None = None,
                groups: Mapping[str, tuple[str, str]] | None = None, unit: str | None = None,
                unit_text: str | None = None) -> tuple[list[Column], list[str]]:
    """(mapped columns, ignored headers); a repeated target is an error.

    `groups`: header → (merged group cell, cell below it) of a two-row header; `unit`: the unit a
    单位 line above the table states (`unit_text`), for money columns that name none.
    """
    columns: list[Column] = []
    ignored: list[str] = []
    seen: dict[tuple[str, int | None], str] = {}
    for header in headers:
        if groups and header in groups:
            column = _grouped(header, *groups[header], mapping)
        else:
            column = parse_header(header, mapping)
        if column is not None and unit and column.kind in MONEY_KINDS and column.unit is None:
            column = replace(column, unit=unit, notes=(*column.notes, f"单位 {unit} 取自表头上方“{unit_text or unit}”"))
        if column is None:
            if str(header).strip():
                ignored.append(str(header))
            continue
        slot = (column.key, column.year)
        if slot in seen:
            raise InvalidInput(f"列“{header}”与列“{seen[slot]}”对应同一字段，请删除其一或使用列名映射")
        seen[slot] = header
        columns.append(column)
    if not any(c.key == "name" for c in columns):
        raise InvalidInput("未找到“企业名称”列；请检查表头，或用 --mapping 指定列名映射")
    return columns, ignored


def header_score(cells: list[str], mapping: dict[str, str] | None = None) -> int:
    """How many cells of a row read as registry headers (to find the header row)."""
    return sum(1 for c in cells if c and parse_header(c, mapping) is not None)
