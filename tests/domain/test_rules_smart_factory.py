"""GB/T 39116 maturity levels and smart-factory levels (docs/rules.md §5)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import (
    SMART_FACTORY_2024,
    EnterpriseFacts,
    evaluate_smart_factory,
    maturity_level,
)
from chainatlas.domain.rules.smart_factory import FactoryLevel

D = Decimal


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("0", None),
        ("0.79", None),
        ("0.8", "一级（规划级）"),
        ("1.79", "一级（规划级）"),
        ("1.8", "二级（规范级）"),
        ("2.79", "二级（规范级）"),
        ("2.8", "三级（集成级）"),
        ("3.79", "三级（集成级）"),
        ("3.8", "四级（优化级）"),
        ("4.79", "四级（优化级）"),
        ("4.8", "五级（引领级）"),
        ("5", "五级（引领级）"),
    ],
)
def test_score_to_level_per_gbt_39117(score: str, level: str | None) -> None:
    result = maturity_level(score)
    assert result.level == level
    assert result.qualified is (level is not None)
    assert result.score == D(score)
    assert result.confidence == "⚠" and result.version == "GB/T 39116-2020 / GB/T 39117-2020"


@pytest.mark.parametrize("score", ["5.01", "-0.1", "abc", "NaN", ""])
def test_out_of_range_or_non_numeric_score_is_invalid(score: str) -> None:
    with pytest.raises(InvalidInput, match="成熟度得分"):
        maturity_level(score)


def test_level_part_explains_the_band() -> None:
    part = maturity_level(D("2.9")).parts[0]
    assert (part.band, part.points, part.max_points) == ("三级（2.8分至不足3.8分）", 3, 5)


def test_unknown_held_level_is_missing() -> None:
    result = evaluate_smart_factory(EnterpriseFacts())
    assert (result.qualified, result.missing, result.level) == (None, ("smart_factory_level",), None)


def test_next_level_has_no_confirmed_numeric_criteria() -> None:
    result = evaluate_smart_factory(EnterpriseFacts(smart_factory_level="先进级"))
    assert (result.qualified, result.level, result.missing) == (None, "先进级", ())
    assert result.reasons == (
        "申报卓越级：由工业和信息化部等六部门认定",
        "卓越级的量化认定标准尚无正式数值（待核），无法判定是否达到",
    )


def test_leading_level_requires_excellent_level_first() -> None:
    result = evaluate_smart_factory(EnterpriseFacts(smart_factory_level="先进级"), target="领航级")
    assert result.qualified is False
    assert "领航级须由卓越级工厂申报，当前为先进级" in result.reasons


def test_excellent_level_normally_follows_advanced_but_is_not_enforced() -> None:
    result = evaluate_smart_factory(EnterpriseFacts(smart_factory_level="基础级"), target="卓越级")
    assert result.qualified is None
    assert "卓越级通常应已是先进级，当前为基础级" in result.reasons


def test_held_level_already_meets_target() -> None:
    assert (
        evaluate_smart_factory(EnterpriseFacts(smart_factory_level="卓越级"), target="先进级").qualified
        is True
    )
    top = evaluate_smart_factory(EnterpriseFacts(smart_factory_level="领航级"))
    assert (top.qualified, top.reasons) == (True, ("已是最高等级（领航级）",))


def test_configured_maturity_floor_decides() -> None:
    rows = tuple(
        replace(row, min_maturity_level=3) if row.name == "先进级" else row for row in SMART_FACTORY_2024.rows
    )
    table = replace(SMART_FACTORY_2024, rows=rows)
    ok = evaluate_smart_factory(
        EnterpriseFacts(smart_factory_level="基础级", maturity_score=D("2.8")), table=table
    )
    low = evaluate_smart_factory(
        EnterpriseFacts(smart_factory_level="基础级", maturity_score=D("2.79")), table=table
    )
    unknown = evaluate_smart_factory(EnterpriseFacts(smart_factory_level="无"), target="先进级", table=table)
    assert (ok.qualified, low.qualified, unknown.qualified) == (True, False, None)
    assert low.reasons[-1] == "智能制造能力成熟度等级 2级，低于 3级 要求 1级"
    assert unknown.missing == ("maturity_score",)


def test_unknown_target_is_invalid() -> None:
    with pytest.raises(InvalidInput, match="智能工厂等级应为"):
        evaluate_smart_factory(EnterpriseFacts(smart_factory_level="无"), target="黄金级")


def test_levels_are_the_four_of_rules_md() -> None:
    assert [row.name for row in SMART_FACTORY_2024.rows] == ["基础级", "先进级", "卓越级", "领航级"]
    assert all(
        isinstance(row, FactoryLevel) and row.min_maturity_level is None for row in SMART_FACTORY_2024.rows
    )


def test_levels_are_shown_with_their_dates() -> None:
    from datetime import date

    from chainatlas.domain.rules import facts_from_dict
    from chainatlas.domain.rules.smart_factory import evaluate_smart_factory, maturity_level

    facts = facts_from_dict({"smart_factory_level": "先进级", "smart_factory_on": "2024-06-18"})
    assert facts.smart_factory_on == date(2024, 6, 18)
    result = evaluate_smart_factory(facts)
    assert result.level == "先进级"
    assert "已获先进级（认定日期 2024-06-18）" in result.reasons
    assessed = maturity_level("2.9", assessed_on=date(2025, 9, 30))
    assert assessed.level and "评估日期 2025-09-30" in assessed.reasons
