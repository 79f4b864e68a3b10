"""Property-based checks: scores stay within their maxima and never fall as an indicator improves."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from rules_factories import STRONG

from chainatlas.domain.rules import (
    EXAMPLE_PROVINCIAL_2022,
    INNOVATIVE_SME_2022,
    MATURITY_GB39117,
    SPECIALISED_SME_2022,
    EnterpriseFacts,
    evaluate_innovative_sme,
    evaluate_specialised_sme,
)
from chainatlas.domain.rules.facts import PRODUCT_FIELDS, QUALITY_ITEMS
from chainatlas.domain.rules.scoring import band_for, score_sheet
from chainatlas.domain.rules.tables import EitherIndicator, Indicator

D = Decimal


def _indicators() -> list[Indicator]:
    dimensions = (
        *INNOVATIVE_SME_2022.dimensions,
        *SPECIALISED_SME_2022.dimensions,
        EXAMPLE_PROVINCIAL_2022.dimension(),
        *MATURITY_GB39117.dimensions,
    )
    found: list[Indicator] = []
    for dimension in dimensions:
        for indicator in dimension.indicators:
            found += list(indicator.options) if isinstance(indicator, EitherIndicator) else [indicator]
    return found


NUMERIC = [i for i in _indicators() if any(b.bound is not None for b in i.bands)]
CATEGORY = [i for i in _indicators() if any(b.categories for b in i.bands)]
values = st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False)


def test_every_indicator_is_covered() -> None:
    assert len(NUMERIC) + len(CATEGORY) == len(_indicators()) >= 20


@given(st.sampled_from(NUMERIC), values, values)
def test_numeric_bands_are_bounded_and_monotone(indicator: Indicator, a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    p_low, p_high = band_for(indicator.bands, low).points, band_for(indicator.bands, high).points
    assert 0 <= p_low <= indicator.max_points and 0 <= p_high <= indicator.max_points
    lower_is_better = any(band.at_most for band in indicator.bands)
    assert (p_low >= p_high) if lower_is_better else (p_low <= p_high)


@given(st.sampled_from(CATEGORY), st.data())
def test_category_bands_are_bounded_and_monotone_in_what_is_held(
    indicator: Indicator, data: st.DataObject
) -> None:
    names = sorted({c for band in indicator.bands for c in band.categories} | {"其他", "无"})
    held = frozenset(data.draw(st.sets(st.sampled_from(names))))
    more = held | frozenset(data.draw(st.sets(st.sampled_from(names))))
    points, more_points = band_for(indicator.bands, held).points, band_for(indicator.bands, more).points
    assert 0 <= points <= more_points <= indicator.max_points


money = st.decimals(min_value=0, max_value=500000, places=2)
counts = st.integers(min_value=0, max_value=50)


@st.composite
def enterprise(draw: st.DrawFn) -> EnterpriseFacts:
    """Any complete set of facts (every field the scores read is present) of an SME: an industrial
    enterprise (3985) with under 1000 staff is never 大型, whatever its revenue."""
    employees = draw(st.integers(min_value=1, max_value=999))
    return replace(
        STRONG,
        employees=employees,
        rd_staff=draw(st.integers(min_value=0, max_value=employees)),
        revenue_wan=draw(money.filter(bool)),
        main_revenue_wan=draw(money),
        main_revenue_prev_wan=draw(money.filter(bool)),
        main_revenue_prev2_wan=draw(money.filter(bool)),
        total_assets_wan=draw(money.filter(bool)),
        liabilities_wan=draw(money),
        net_profit_wan=draw(st.decimals(min_value=-50000, max_value=50000, places=2)),
        rd_expense_wan=draw(money),
        years_in_niche=draw(st.integers(min_value=0, max_value=60)),
        strategic_emerging=draw(st.booleans()),
        product_fields=tuple(draw(st.sets(st.sampled_from(PRODUCT_FIELDS)))),
        ip_class1_high_value=draw(counts),
        ip_class1_self_developed=draw(counts),
        ip_class1_other=draw(counts),
        ip_class2=draw(counts),
        rd_institution_level=draw(st.sampled_from(("国家级", "省级", "市级", "市级以下", "无"))),
        digital_level=draw(st.integers(min_value=1, max_value=4)),
        quality_items=tuple(draw(st.sets(st.sampled_from(QUALITY_ITEMS)))),
        provincial_indicators={
            i.name: draw(st.decimals(min_value=-100, max_value=100, places=2))
            for i in EXAMPLE_PROVINCIAL_2022.indicators
        },
    )


def _score_2022(facts: EnterpriseFacts) -> int:
    dims = (
        *SPECIALISED_SME_2022.dimensions[:-1],
        EXAMPLE_PROVINCIAL_2022.dimension(),
        SPECIALISED_SME_2022.dimensions[-1],
    )
    total = score_sheet(dims, facts).total
    assert total is not None
    return total


def _score_innovative(facts: EnterpriseFacts) -> int:
    total = score_sheet(INNOVATIVE_SME_2022.dimensions, facts).total
    assert total is not None
    return total


@settings(max_examples=150)
@given(enterprise())
def test_scores_stay_within_their_maxima(facts: EnterpriseFacts) -> None:
    for result in (evaluate_innovative_sme(facts), evaluate_specialised_sme(facts, "2022")):
        assert result.score is not None and 0 <= result.score <= 100
        for part in result.parts:
            if part.points is not None:
                assert part.max_points is not None and 0 <= part.points <= part.max_points


IMPROVEMENTS = {
    # field → how to make it better (more points never fewer)
    "rd_expense_wan": lambda f, step: {"rd_expense_wan": f.rd_expense_wan + step},
    "main_revenue_wan": lambda f, step: {"main_revenue_wan": f.main_revenue_wan + step},
    "liabilities_wan": lambda f, step: {"liabilities_wan": max(D(0), f.liabilities_wan - step)},
    "net_profit_wan": lambda f, step: {"net_profit_wan": f.net_profit_wan + step},
    "years_in_niche": lambda f, step: {"years_in_niche": f.years_in_niche + int(step % 7)},
    "rd_staff": lambda f, step: {"rd_staff": min(f.employees, f.rd_staff + int(step % 50))},
    "digital_level": lambda f, step: {"digital_level": min(4, f.digital_level + 1)},
    "ip_class1_high_value": lambda f, step: {"ip_class1_high_value": f.ip_class1_high_value + 1},
    "ip_class2": lambda f, step: {"ip_class2": f.ip_class2 + 1},
    "quality_items": lambda f, step: {"quality_items": QUALITY_ITEMS},
    "product_fields": lambda f, step: {"product_fields": (*f.product_fields, "补短板")},
    "strategic_emerging": lambda f, step: {"strategic_emerging": True},
    "rd_institution_level": lambda f, step: {"rd_institution_level": "国家级"},
    "provincial_indicators": lambda f, step: {
        "provincial_indicators": {k: v + step for k, v in (f.provincial_indicators or {}).items()}
    },
}


@settings(max_examples=300)
@given(
    enterprise(), st.sampled_from(sorted(IMPROVEMENTS)), st.decimals(min_value=0, max_value=50000, places=2)
)
def test_scores_never_fall_when_an_indicator_improves(
    facts: EnterpriseFacts, field: str, step: Decimal
) -> None:
    better = replace(facts, **IMPROVEMENTS[field](facts, step))
    assert _score_innovative(better) >= _score_innovative(facts)
    assert _score_2022(better) >= _score_2022(facts)


@given(
    enterprise(),
    st.sets(
        st.sampled_from(
            [
                "rd_expense_wan",
                "liabilities_wan",
                "ip_class1_high_value",
                "digital_level",
                "strategic_emerging",
                "rd_staff",
            ]
        )
    ),
)
def test_missing_facts_widen_the_score_range_around_the_true_score(facts: EnterpriseFacts, gone: set) -> None:
    dims = INNOVATIVE_SME_2022.dimensions
    known = score_sheet(dims, facts)
    partial = score_sheet(dims, replace(facts, **{name: None for name in gone}))
    assert partial.low <= known.low == known.high <= partial.high
