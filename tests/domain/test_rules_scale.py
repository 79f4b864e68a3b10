"""规上/限上 thresholds (docs/rules.md §3): every row at its boundary."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chainatlas.domain.rules import evaluate_above_scale

D = Decimal

# (code, threshold 万元, status) — one sample per row of docs/rules.md §3.
ROWS = [
    ("C", 2000, "规模以上工业"),
    ("39", 2000, "规模以上工业"),
    ("B", 2000, "规模以上工业"),
    ("D", 2000, "规模以上工业"),
    ("51", 2000, "限额以上批发业"),
    ("52", 500, "限额以上零售业"),
    ("61", 200, "限额以上住宿和餐饮业"),
    ("62", 200, "限额以上住宿和餐饮业"),
    ("H", 200, "限额以上住宿和餐饮业"),
    ("G", 2000, "规模以上服务业"),
    ("54", 2000, "规模以上服务业"),
    ("60", 2000, "规模以上服务业"),
    ("I", 2000, "规模以上服务业"),
    ("65", 2000, "规模以上服务业"),
    ("N", 2000, "规模以上服务业"),
    ("84", 2000, "规模以上服务业"),
    ("L", 1000, "规模以上服务业"),
    ("M", 1000, "规模以上服务业"),
    ("P", 1000, "规模以上服务业"),
    ("7020", 1000, "规模以上服务业"),
    ("703", 1000, "规模以上服务业"),
    ("7040", 1000, "规模以上服务业"),
    ("7090", 1000, "规模以上服务业"),
    ("O", 500, "规模以上服务业"),
    ("R", 500, "规模以上服务业"),
    ("85", 500, "规模以上服务业"),
]


@pytest.mark.parametrize(("code", "threshold", "status"), ROWS)
def test_threshold_is_inclusive(code: str, threshold: int, status: str) -> None:
    at = evaluate_above_scale(code, revenue_wan=D(threshold))
    below = evaluate_above_scale(code, revenue_wan=D(threshold) - D("0.01"))
    assert (at.qualified, at.status) == (True, status)
    assert (below.qualified, below.status) == (False, None)
    assert below.reasons[0].endswith(f"低于 {threshold}万元 要求 0.01万元")


def test_industry_uses_main_business_revenue_and_services_revenue() -> None:
    assert evaluate_above_scale("C", revenue_wan=D(1)).parts[0].indicator == "年主营业务收入"
    assert evaluate_above_scale("M", revenue_wan=D(1)).parts[0].indicator == "年营业收入"


@pytest.mark.parametrize("code", ["A", "E", "J", "S", "T", "7010", "01", "47"])
def test_industries_without_a_revenue_threshold_are_not_applicable(code: str) -> None:
    result = evaluate_above_scale(code, revenue_wan=D(99999))
    assert result.qualified is None and result.status is None
    assert "不按营业收入划定" in result.reasons[0]


@pytest.mark.parametrize(("code", "needed"), [("F", "2位"), ("Q", "2位"), ("K", "3位"), ("70", "3位")])
def test_ambiguous_codes_ask_for_more_digits(code: str, needed: str) -> None:
    result = evaluate_above_scale(code, revenue_wan=D(5000))
    assert result.qualified is None and needed in result.reasons[0]


def test_missing_revenue_is_listed() -> None:
    result = evaluate_above_scale("52")
    assert (result.qualified, result.missing, result.sector) == (None, ("revenue_wan",), "零售业")
