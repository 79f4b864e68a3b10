"""SME size (中小企业划型标准规定, 工信部联企业〔2011〕300号): every row, every tier boundary."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

import pytest

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import SME_SIZE_2011, classify_sme_size

D = Decimal

# The rules digest's §2 table (docs/rules.md) copied by hand, so a typo in SME_SIZE_2011 fails here.
# sector: (sample codes, {tier: {indicator: lower bound}})
EXPECTED = {
    "农林牧渔业": (["A", "01", "0111"], {"大型": {"Y": 20000}, "中型": {"Y": 500}, "小型": {"Y": 50}}),
    "工业": (
        ["B", "C", "D", "06", "39", "3985", "44"],
        {"大型": {"X": 1000, "Y": 40000}, "中型": {"X": 300, "Y": 2000}, "小型": {"X": 20, "Y": 300}},
    ),
    "建筑业": (
        ["E", "47", "50"],
        {"大型": {"Y": 80000, "Z": 80000}, "中型": {"Y": 6000, "Z": 5000}, "小型": {"Y": 300, "Z": 300}},
    ),
    "批发业": (
        ["51", "5110"],
        {"大型": {"X": 200, "Y": 40000}, "中型": {"X": 20, "Y": 5000}, "小型": {"X": 5, "Y": 1000}},
    ),
    "零售业": (
        ["52", "521"],
        {"大型": {"X": 300, "Y": 20000}, "中型": {"X": 50, "Y": 500}, "小型": {"X": 10, "Y": 100}},
    ),
    "交通运输业": (
        ["54", "55", "56", "57", "58"],
        {"大型": {"X": 1000, "Y": 30000}, "中型": {"X": 300, "Y": 3000}, "小型": {"X": 20, "Y": 200}},
    ),
    "仓储业": (
        ["59"],
        {"大型": {"X": 200, "Y": 30000}, "中型": {"X": 100, "Y": 1000}, "小型": {"X": 20, "Y": 100}},
    ),
    "邮政业": (
        ["60"],
        {"大型": {"X": 1000, "Y": 30000}, "中型": {"X": 300, "Y": 2000}, "小型": {"X": 20, "Y": 100}},
    ),
    "住宿业": (
        ["61"],
        {"大型": {"X": 300, "Y": 10000}, "中型": {"X": 100, "Y": 2000}, "小型": {"X": 10, "Y": 100}},
    ),
    "餐饮业": (
        ["62"],
        {"大型": {"X": 300, "Y": 10000}, "中型": {"X": 100, "Y": 2000}, "小型": {"X": 10, "Y": 100}},
    ),
    "信息传输业": (
        ["63", "64"],
        {"大型": {"X": 2000, "Y": 100000}, "中型": {"X": 100, "Y": 1000}, "小型": {"X": 10, "Y": 100}},
    ),
    "软件和信息技术服务业": (
        ["65", "6511"],
        {"大型": {"X": 300, "Y": 10000}, "中型": {"X": 100, "Y": 1000}, "小型": {"X": 10, "Y": 50}},
    ),
    "房地产开发经营": (
        ["7010", "701"],
        {"大型": {"Y": 200000, "Z": 10000}, "中型": {"Y": 1000, "Z": 5000}, "小型": {"Y": 100, "Z": 2000}},
    ),
    "物业管理": (
        ["7020", "702"],
        {"大型": {"X": 1000, "Y": 5000}, "中型": {"X": 300, "Y": 1000}, "小型": {"X": 100, "Y": 500}},
    ),
    "租赁和商务服务业": (
        ["L", "71", "72", "7211"],
        {"大型": {"X": 300, "Z": 120000}, "中型": {"X": 100, "Z": 8000}, "小型": {"X": 10, "Z": 100}},
    ),
    "其他未列明行业": (
        ["53", "5311", "J", "66", "73", "M", "7030", "7090", "97"],
        {"大型": {"X": 300}, "中型": {"X": 100}, "小型": {"X": 10}},
    ),
}
ARGUMENT = {"X": "employees", "Y": "revenue_wan", "Z": "total_assets_wan"}
TIERS = ["大型", "中型", "小型", "微型"]
CASES = [(sector, tier) for sector in EXPECTED for tier in ("大型", "中型", "小型")]


def _classify(code: str, bounds: dict[str, int], lower: str | None = None):
    args = {}
    for letter, bound in bounds.items():
        value: int | Decimal = bound if letter == "X" else D(bound)
        if letter == lower:  # just below the bound: one person, or one 元 (0.0001万元)
            value = value - 1 if letter == "X" else value - D("0.0001")
        args[ARGUMENT[letter]] = value
    return classify_sme_size(code, **args)


def test_table_rows_match_rules_md() -> None:
    rows = {
        row.sector: {tier: {k: int(v) for k, v in b.items()} for tier, b in row.bounds.items()}
        for row in SME_SIZE_2011.rows
    }
    assert rows == {sector: tiers for sector, (_, tiers) in EXPECTED.items()}


@pytest.mark.parametrize(("sector", "tier"), CASES)
def test_every_code_of_a_row_reaches_the_tier_on_its_bounds(sector: str, tier: str) -> None:
    codes, tiers = EXPECTED[sector]
    for code in codes:
        result = _classify(code, tiers[tier])
        assert (result.sector, result.size) == (sector, tier), code


@pytest.mark.parametrize(("sector", "tier"), CASES)
def test_just_below_any_bound_drops_one_tier(sector: str, tier: str) -> None:
    codes, tiers = EXPECTED[sector]
    for letter in tiers[tier]:
        result = _classify(codes[0], tiers[tier], lower=letter)
        assert result.size == TIERS[TIERS.index(tier) + 1], (sector, tier, letter)
        assert any(f"未达{tier}标准" in reason for reason in result.reasons)


def test_result_explains_itself_and_reports_the_rule() -> None:
    result = classify_sme_size("39", employees=250, revenue_wan=D(1200))
    assert result.size == "小型" and result.qualified is True
    assert (result.rule, result.version) == ("中小企业划型标准规定", "工信部联企业〔2011〕300号")
    assert result.reasons[1] == (
        "未达中型标准：从业人员 250人，低于 300人 要求 50人；营业收入 1200万元，低于 2000万元 要求 800万元"
    )
    assert [p.band for p in result.parts] == ["小型（≥20人）", "小型（≥300万元）"]
    assert asdict(result)["size"] == "小型"


def test_large_enterprise_is_not_an_sme() -> None:
    result = classify_sme_size("C", employees=1000, revenue_wan=D(40000))
    assert (result.size, result.qualified, result.reasons) == ("大型", False, ())


def test_zero_everything_is_micro() -> None:
    assert classify_sme_size("62", employees=0, revenue_wan=D(0)).size == "微型"


@pytest.mark.parametrize("letter", ["F", "G", "H", "I", "K"])
def test_ambiguous_letters_ask_for_a_finer_code(letter: str) -> None:
    result = classify_sme_size(letter, employees=50, revenue_wan=D(100), total_assets_wan=D(100))
    assert result.size is None and result.qualified is None and result.sector is None
    expected = "3位及以上的代码" if letter == "K" else "2位大类代码"
    assert expected in result.reasons[0]


def test_division_70_needs_a_three_digit_code() -> None:
    result = classify_sme_size("70", employees=50)
    assert result.size is None
    assert "房地产开发经营、物业管理" in result.reasons[0]


def test_missing_indicator_gives_no_size_and_names_it() -> None:
    result = classify_sme_size("39", employees=5)
    assert result.size is None and result.qualified is None
    assert result.missing == ("revenue_wan",)
    assert result.reasons == ("工业划型需要营业收入",)


def test_only_the_indicators_of_the_row_are_needed() -> None:
    assert classify_sme_size("01", revenue_wan=D(60)).size == "小型"
    assert classify_sme_size("J", employees=120).size == "中型"


@pytest.mark.parametrize("code", ["X", "Z", "00", "98", "3", "12345", "3A", "", "  "])
def test_invalid_code_raises_invalid_input(code: str) -> None:
    with pytest.raises(InvalidInput, match="行业"):
        classify_sme_size(code, employees=1)


def test_known_codes_rejects_a_code_missing_from_the_classification() -> None:
    with pytest.raises(InvalidInput, match="3999 不在 GB/T 4754-2017"):
        classify_sme_size("3999", employees=1, known_codes={"39", "3985"})


def test_negative_figure_is_invalid() -> None:
    with pytest.raises(InvalidInput, match="从业人员不能为负数"):
        classify_sme_size("39", employees=-1, revenue_wan=D(1))
