"""FACTS.json validation: every problem named with its field and value, all at once."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import Award, EnterpriseFacts, Title, facts_from_dict
from chainatlas.domain.rules.facts import FACT_FIELDS

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "facts-example.json"


def test_example_file_parses_with_every_field() -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)
    assert set(data) == set(FACT_FIELDS)
    facts = facts_from_dict(data)
    assert facts.assessed_on == date(2026, 5, 15)
    assert facts.awards == (Award("省级", 2, 2024),)
    assert facts.titles == (Title("创新型中小企业", 2023), Title("专精特新中小企业", 2024))
    assert facts.market_share_pct == Decimal("12.5")
    assert isinstance(facts.revenue_wan, Decimal)


def test_empty_dict_gives_all_unknown() -> None:
    assert facts_from_dict({}) == EnterpriseFacts()


def test_null_means_unknown() -> None:
    assert facts_from_dict({"revenue_wan": None}).revenue_wan is None


def test_unknown_key_is_named_with_a_suggestion() -> None:
    with pytest.raises(InvalidInput, match=r"未知字段 revenue（是否应为 revenue_wan？）"):
        facts_from_dict({"revenue": 100})


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("employees", "many", "字段 employees 的值 'many' 不是整数"),
        ("employees", True, "字段 employees 的值 True 不是整数"),
        ("employees", 3.5, "字段 employees 的值 3.5 不是整数"),
        ("employees", -1, "字段 employees 的值 -1 小于 0"),
        ("revenue_wan", "abc", "字段 revenue_wan 的值 'abc' 不是数值"),
        ("revenue_wan", False, "字段 revenue_wan 的值 False 不是数值"),
        ("revenue_wan", "NaN", "字段 revenue_wan 的值 'NaN' 不是数值"),
        ("market_share_pct", 120, "字段 market_share_pct 的值 120 大于 100"),
        ("market_leading", "yes", "字段 market_leading 的值 'yes' 不是 true/false"),
        ("assessed_on", "2026/05/01", "字段 assessed_on 的值 '2026/05/01' 不是 YYYY-MM-DD 格式的日期"),
        ("rd_institution_level", "区级", "字段 rd_institution_level 的值 '区级' 不在可选值"),
        ("product_fields", "补短板", "字段 product_fields 的值 '补短板' 不是列表"),
        ("product_fields", ["补短板", "别的"], "字段 product_fields[1] 的值 '别的' 不在可选值"),
        ("industry_code", "3A", "字段 industry_code：行业代码 3A 格式错误"),
        ("awards", [{"level": "省级", "rank": 0, "year": 2024}], "字段 awards[0].rank 的值 0 小于 1"),
        ("awards", [{"level": "省级", "year": 2024}], "字段 awards[0] 缺少键 rank"),
        ("awards", [{"level": "省级", "rank": 1, "year": 2024, "name": "x"}], "字段 awards[0] 含未知键 name"),
        ("titles", [{"title": "单项冠军", "year": 2024}], "字段 titles[0].title 的值 '单项冠军' 不在可选值"),
        ("titles", ["专精特新中小企业"], "字段 titles[0] 的值 '专精特新中小企业' 不是对象"),
        ("provincial_indicators", {"占有率": "高"}, "字段 provincial_indicators.占有率 的值 '高' 不是数值"),
        ("provincial_indicators", [1], "不是对象（指标名 → 数值）"),
        ("digital_level", 5, "字段 digital_level 的值 5 大于 4"),
        ("maturity_score", 5.5, "字段 maturity_score 的值 5.5 大于 5"),
    ],
)
def test_wrong_values_name_the_field_and_value(key: str, value: object, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        facts_from_dict({key: value})
    assert message in str(caught.value)


def test_every_error_is_reported_at_once() -> None:
    with pytest.raises(InvalidInput) as caught:
        facts_from_dict({"employees": "x", "revenu_wan": 1, "years_in_niche": -2})
    text = str(caught.value)
    assert text.startswith("企业事实数据有误：")
    assert "employees" in text and "revenu_wan" in text and "years_in_niche" in text


def test_numbers_become_decimals_without_float_noise() -> None:
    facts = facts_from_dict({"revenue_wan": 1234.56, "net_profit_wan": "-12.5", "rd_expense_wan": 7})
    assert facts.revenue_wan == Decimal("1234.56")
    assert facts.net_profit_wan == Decimal("-12.5")
    assert facts.rd_expense_wan == Decimal(7)


def test_duplicate_choices_are_kept_once() -> None:
    assert facts_from_dict({"quality_items": ["自主品牌", "自主品牌"]}).quality_items == ("自主品牌",)


def test_contradictory_debt_ratio_is_refused() -> None:
    with pytest.raises(
        InvalidInput, match="debt_ratio_pct 的值 50 与 liabilities_wan/total_assets_wan 算得的 40.00"
    ):
        facts_from_dict({"debt_ratio_pct": 50, "liabilities_wan": 400, "total_assets_wan": 1000})
    ok = facts_from_dict({"debt_ratio_pct": "40.05", "liabilities_wan": 400, "total_assets_wan": 1000})
    assert ok.debt_ratio_pct == Decimal("40.05")


def test_top_level_must_be_an_object() -> None:
    with pytest.raises(InvalidInput, match="应为 JSON 对象，实际为 list"):
        facts_from_dict([1, 2])  # type: ignore[arg-type]


def test_every_field_is_optional() -> None:
    assert all(f.default is None for f in FACT_FIELDS.values())
