"""The facts about one enterprise that the official rules are evaluated on.

Every field is optional: a rule that needs an absent field reports it in
``missing`` instead of failing. Units: money in Decimal 万元, ratios in Decimal
percent (3.5 means 3.5%), dates as ``date``, years as int. "上年" is the last
complete financial year, "前年" the one before, "大前年" the one before that.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import text
from chainatlas.domain.rules.sectors import parse_industry_code

PRODUCT_FIELDS = ("补短板", "锻长板", "填空白", "工业六基", "中华老字号", "产业链关键环节", "重点产业领域")
QUALITY_ITEMS = ("省级以上质量奖", "质量管理体系认证", "自主品牌", "参与标准制修订")
QUALIFICATIONS = ("高新技术企业", "国家技术创新示范企业", "知识产权优势企业", "知识产权示范企业")
RD_INSTITUTION_LEVELS = ("国家级", "省级", "市级", "市级以下", "无")
AWARD_LEVELS = ("国家级", "省级", "市级")
TITLES = ("创新型中小企业", "科技和创新型中小企业", "专精特新中小企业", "专精特新小巨人")
SMART_FACTORY_LEVELS = ("无", "基础级", "先进级", "卓越级", "领航级")


@dataclass(frozen=True)
class Award:
    """A science and technology award (科技奖励) and the enterprise's rank among the winners."""

    level: str
    rank: int
    year: int


@dataclass(frozen=True)
class Title:
    """A 梯度培育 title the enterprise currently holds, with the year it was granted."""

    title: str
    year: int


def _fact(kind: str, zh: str, unit: str = "", **limits: Any) -> Any:
    # The metadata drives facts_from_dict and the documentation test, so a
    # new field is declared once, here.
    return field(default=None, metadata={"kind": kind, "zh": zh, "unit": unit, **limits})


@dataclass(frozen=True)
class EnterpriseFacts:
    """All facts any rule reads; see docs/facts.md for each field."""

    assessed_on: date | None = _fact("date", "评价基准日")
    industry_code: str | None = _fact("industry", "GB/T 4754-2017 行业代码")
    employees: int | None = _fact("int", "从业人员", "人", min=0)
    rd_staff: int | None = _fact("int", "研发人员", "人", min=0)
    revenue_wan: Decimal | None = _fact("decimal", "上年营业收入", "万元", min=0)
    revenue_prev_wan: Decimal | None = _fact("decimal", "前年营业收入", "万元", min=0)
    revenue_prev2_wan: Decimal | None = _fact("decimal", "大前年营业收入", "万元", min=0)
    main_revenue_wan: Decimal | None = _fact("decimal", "上年主营业务收入", "万元", min=0)
    main_revenue_prev_wan: Decimal | None = _fact("decimal", "前年主营业务收入", "万元", min=0)
    main_revenue_prev2_wan: Decimal | None = _fact("decimal", "大前年主营业务收入", "万元", min=0)
    total_assets_wan: Decimal | None = _fact("decimal", "上年末资产总额", "万元", min=0)
    liabilities_wan: Decimal | None = _fact("decimal", "上年末负债总额", "万元", min=0)
    debt_ratio_pct: Decimal | None = _fact("decimal", "上年末资产负债率", "%", min=0)
    net_profit_wan: Decimal | None = _fact("decimal", "上年净利润", "万元")
    rd_expense_wan: Decimal | None = _fact("decimal", "上年研发费用", "万元", min=0)
    rd_expense_prev_wan: Decimal | None = _fact("decimal", "前年研发费用", "万元", min=0)
    equity_financing_2y_wan: Decimal | None = _fact("decimal", "近2年新增股权融资", "万元", min=0)
    equity_financing_3y_wan: Decimal | None = _fact("decimal", "近3年新增股权融资", "万元", min=0)
    years_in_niche: int | None = _fact("int", "截至上年末从事细分市场年限", "年", min=0)
    market_share_pct: Decimal | None = _fact("decimal", "主导产品细分市场占有率", "%", min=0, max=100)
    national_rank: int | None = _fact("int", "主导产品全国细分市场排名", "名", min=1)
    market_leading: bool | None = _fact("bool", "细分市场占有率居前")
    product_fields: tuple[str, ...] | None = _fact("choices", "主导产品所属领域", choices=PRODUCT_FIELDS)
    strategic_emerging: bool | None = _fact("bool", "主导产品属于战略性新兴产业")
    ip_class1_high_value: int | None = _fact("int", "Ⅰ类高价值知识产权", "项", min=0)
    ip_class1_self_developed: int | None = _fact("int", "自主研发Ⅰ类知识产权（不含高价值）", "项", min=0)
    ip_class1_other: int | None = _fact("int", "其他Ⅰ类知识产权", "项", min=0)
    ip_class2: int | None = _fact("int", "Ⅱ类知识产权", "项", min=0)
    rd_institution_level: str | None = _fact("choice", "研发机构级别", choices=RD_INSTITUTION_LEVELS)
    awards: tuple[Award, ...] | None = _fact("awards", "科技奖励")
    qualifications: tuple[str, ...] | None = _fact("choices", "有效资质", choices=QUALIFICATIONS)
    chuangke_top500: bool | None = _fact("bool", "近三年入围创客中国全国500强")
    digital_level: int | None = _fact("int", "中小企业数字化水平等级", "级", min=1, max=4)
    quality_items: tuple[str, ...] | None = _fact("choices", "质量管理事项", choices=QUALITY_ITEMS)
    titles: tuple[Title, ...] | None = _fact("titles", "已获称号")
    development_score: Decimal | None = _fact("decimal", "专精特新发展评价得分", "分", min=0, max=100)
    provincial_indicators: Mapping[str, Decimal] | None = _fact("mapping", "省级特色化指标值")
    smart_factory_level: str | None = _fact("choice", "已获智能工厂等级", choices=SMART_FACTORY_LEVELS)
    smart_factory_on: date | None = _fact("date", "智能工厂等级认定日期")
    maturity_score: Decimal | None = _fact("decimal", "智能制造能力成熟度得分", min=0, max=5)
    maturity_assessed_on: date | None = _fact("date", "成熟度评估日期")


FACT_FIELDS = {f.name: f for f in fields(EnterpriseFacts)}


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal | int | str):
        try:
            result = Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation:
            return None
        return result if result.is_finite() else None
    if isinstance(value, float):
        # A float comes from a JSON reader without parse_float=Decimal; str()
        # gives the shortest text of it, which is what the file said.
        return Decimal(str(value))
    return None


def _check_range(name: str, value: Decimal | int, meta: Mapping[str, Any], errors: list[str]) -> None:
    low, high = meta.get("min"), meta.get("max")
    if low is not None and value < low:
        errors.append(f"字段 {name} 的值 {value} 小于 {low}")
    if high is not None and value > high:
        errors.append(f"字段 {name} 的值 {value} 大于 {high}")


def _parse_int(name: str, value: Any, meta: Mapping[str, Any], errors: list[str]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        errors.append(f"字段 {name} 的值 {value!r} 不是整数")
        return None
    _check_range(name, value, meta, errors)
    return value


def _parse_decimal(name: str, value: Any, meta: Mapping[str, Any], errors: list[str]) -> Decimal | None:
    number = _decimal(value)
    if number is None:
        errors.append(f"字段 {name} 的值 {value!r} 不是数值")
        return None
    _check_range(name, number, meta, errors)
    return number


def _parse_bool(name: str, value: Any, meta: Mapping[str, Any], errors: list[str]) -> bool | None:
    if not isinstance(value, bool):
        errors.append(f"字段 {name} 的值 {value!r} 不是 true/false")
        return None
    return value


def _parse_date(name: str, value: Any, meta: Mapping[str, Any], errors: list[str]) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        errors.append(f"字段 {name} 的值 {value!r} 不是 YYYY-MM-DD 格式的日期")
        return None


def _parse_industry(name: str, value: Any, meta: Mapping[str, Any], errors: list[str]) -> str | None:
    try:
        return parse_industry_code(value)
    except InvalidInput as exc:
        errors.append(f"字段 {name}：{exc}")
        return None


def _parse_choice(name: str, value: Any, meta: Mapping[str, Any], errors: list[str]) -> str | None:
    if value not in meta["choices"]:
        errors.append(f"字段 {name} 的值 {value!r} 不在可选值 {'/'.join(meta['choices'])} 之中")
        return None
    return str(value)


def _parse_choices(name: str, value: Any, meta: Mapping[str, Any],
                   errors: list[str]) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        errors.append(f"字段 {name} 的值 {value!r} 不是列表")
        return None
    items = [_parse_choice(f"{name}[{i}]", item, meta, errors) for i, item in enumerate(value)]
    return tuple(dict.fromkeys(item for item in items if item is not None))


def _parse_records(name: str, value: Any, keys: Mapping[str, Callable[..., Any]],
                   errors: list[str]) -> list[dict[str, Any]] | None:
    """Parse a list of small objects whose keys are all required."""
    if not isinstance(value, list):
        errors.append(f"字段 {name} 的值 {value!r} 不是列表")
        return None
    records = []
    for i, item in enumerate(value):
        where = f"{name}[{i}]"
        if not isinstance(item, dict):
            errors.append(f"字段 {where} 的值 {item!r} 不是对象")
            continue
        unknown = sorted(set(item) - set(keys))
        absent = [k for k in keys if k not in item]
        errors.extend(f"字段 {where} 含未知键 {k}" for k in unknown)
        errors.extend(f"字段 {where} 缺少键 {k}" for k in absent)
        before = len(errors)
        parsed = {k: parse(f"{where}.{k}", item[k], errors) for k, parse in keys.items() if k in item}
        if not unknown and not absent and len(errors) == before:
            records.append(parsed)
    return records


def _year(name: str, value: Any, errors: list[str]) -> int | None:
    return _parse_int(name, value, {"min": 1949, "max": 2100}, errors)


def _parse_awards(name: str, value: Any, meta: Mapping[str, Any],
                  errors: list[str]) -> tuple[Award, ...] | None:
    keys = {
        "level": lambda n, v, e: _parse_choice(n, v, {"choices": AWARD_LEVELS}, e),
        "rank": lambda n, v, e: _parse_int(n, v, {"min": 1}, e),
        "year": _year,
    }
    records = _parse_records(name, value, keys, errors)
    return None if records is None else tuple(Award(**r) for r in records)


def _parse_titles(name: str, value: Any, meta: Mapping[str, Any],
                  errors: list[str]) -> tuple[Title, ...] | None:
    keys = {"title": lambda n, v, e: _parse_choice(n, v, {"choices": TITLES}, e), "year": _year}
    records = _parse_records(name, value, keys, errors)
    return None if records is None else tuple(Title(**r) for r in records)


def _parse_mapping(name: str, value: Any, meta: Mapping[str, Any],
                   errors: list[str]) -> dict[str, Decimal] | None:
    if not isinstance(value, dict):
        errors.append(f"字段 {name} 的值 {value!r} 不是对象（指标名 → 数值）")
        return None
    parsed = {str(k): _parse_decimal(f"{name}.{k}", v, {}, errors) for k, v in value.items()}
    return {k: v for k, v in parsed.items() if v is not None}


_PARSERS: dict[str, Callable[[str, Any, Mapping[str, Any], list[str]], Any]] = {
    "int": _parse_int, "decimal": _parse_decimal, "bool": _parse_bool, "date": _parse_date,
    "industry": _parse_industry, "choice": _parse_choice, "choices": _parse_choices,
    "awards": _parse_awards, "titles": _parse_titles, "mapping": _parse_mapping,
}

# Liabilities/assets and a stated debt ratio may both be given; beyond this
# gap (in percentage points) they contradict each other rather than differ by rounding.
_DEBT_RATIO_TOLERANCE = Decimal("0.1")


def _check_debt_ratio(values: Mapping[str, Any], errors: list[str]) -> None:
    stated, debt, assets = (values.get(k) for k in ("debt_ratio_pct", "liabilities_wan", "total_assets_wan"))
    if stated is None or debt is None or not assets:
        return
    computed = debt / assets * 100
    if abs(computed - stated) > _DEBT_RATIO_TOLERANCE:
        errors.append(f"字段 debt_ratio_pct 的值 {stated} 与 liabilities_wan/total_assets_wan 算得的 "
                      f"{computed.quantize(Decimal('0.01'))} 不一致")


def facts_from_dict(data: Mapping[str, Any]) -> EnterpriseFacts:
    """Validate a plain (JSON) dict into EnterpriseFacts; every problem is reported at once.

    Unknown keys and wrong types raise InvalidInput naming the field and value.
    ``null`` means "not known", the same as leaving the key out.
    """
    if not isinstance(data, Mapping):
        raise InvalidInput(f"企业事实数据应为 JSON 对象，实际为 {type(data).__name__}")
    errors: list[str] = []
    values: dict[str, Any] = {}
    for key, raw in data.items():
        spec = FACT_FIELDS.get(key)
        if spec is None:
            close = difflib.get_close_matches(str(key), FACT_FIELDS, n=1)
            errors.append(f"未知字段 {key}" + (f"（是否应为 {close[0]}？）" if close else ""))
        elif raw is not None:
            values[key] = _PARSERS[spec.metadata["kind"]](key, raw, spec.metadata, errors)
    _check_debt_ratio(values, errors)
    if errors:
        raise InvalidInput("企业事实数据有误：" + "；".join(errors))
    return EnterpriseFacts(**values)


# Where a fact came from (services.evaluation.registry_facts records the codes), as people read it.
FACT_SOURCE_LABELS = {"registry": "企业库", "facts": "企业事实文件", "derived": "推算"}
YES_NO = {True: "是", False: "否"}
NONE_HELD = "无"


def fact_label(name: str) -> str:
    """The Chinese name of a fact field (``provincial_indicators.X`` → 省级特色化指标值：X)."""
    head, _, rest = name.partition(".")
    spec = FACT_FIELDS.get(head)
    label = spec.metadata["zh"] if spec is not None else head
    return f"{label}：{rest}" if rest else label


def fact_unit(name: str) -> str:
    """The unit a fact field is given in (万元, %, 人 …; empty for lists, dates and yes/no)."""
    spec = FACT_FIELDS.get(name)
    return spec.metadata["unit"] if spec is not None else ""


def _date_text(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _year_text(year: int | None) -> str:
    return f"（{year}年）" if year is not None else ""


def fact_display(name: str, value: Any) -> str:
    """A fact's value as a person reads it, with its unit: 1200万元、是、2026年12月4日、
    高新技术企业、知识产权优势企业、省级科技奖励第2名（2023年）; never JSON or true/false."""
    if value is None:
        return "未知"
    unit = fact_unit(name)
    if isinstance(value, bool):
        return YES_NO[value]
    if isinstance(value, date):
        return _date_text(value)
    if isinstance(value, Decimal | int):
        return text.amount(value, unit)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return "；".join(f"{k} {text.number(v) if isinstance(v, Decimal | int) else v}"
                        for k, v in value.items()) or NONE_HELD
    items = list(value)
    if not items:
        return NONE_HELD
    if isinstance(items[0], Award):
        return "；".join(f"{a.level}科技奖励第{a.rank}名{_year_text(a.year)}" for a in items)
    if isinstance(items[0], Title):
        return "；".join(f"{t.title}{_year_text(t.year)}" for t in items)
    return "、".join(str(item) for item in items)
