"""Chinese wording of shortfalls, bands and sectors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chainatlas.domain.rules import text
from chainatlas.domain.rules.sectors import match_sector, parse_industry_code, section_of
from chainatlas.domain.rules.tables import ladder

D = Decimal


def test_shortfall_examples_of_the_issue() -> None:
    assert (
        text.shortfall("研发费用占比", D("2.6"), D(3), "%") == "研发费用占比 2.6%，低于 3% 要求 0.4 个百分点"
    )
    assert (
        text.shortfall("营业收入", D(1200), D(1500), "万元")
        == "营业收入 1200万元，低于 1500万元 要求 300万元"
    )


def test_shortfall_above_a_ceiling_and_for_a_rank() -> None:
    assert (
        text.shortfall("资产负债率", D("82.5"), D(80), "%", at_most=True)
        == "资产负债率 82.5%，高于 80% 上限 2.5 个百分点"
    )
    assert text.shortfall("全国排名", 5, D(3), "名", at_most=True) == "全国排名 第5名，未进入前3名（差 2名）"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("1200"), "1200"),
        (D("1.2E+3"), "1200"),
        (D("2.60"), "2.6"),
        (D("-0.00"), "0"),
        (7, "7"),
    ],
)
def test_numbers_are_written_plainly(value: Decimal | int, shown: str) -> None:
    assert text.number(value) == shown


def test_requirements() -> None:
    assert text.requirement(D(3), "%") == "≥3%"
    assert text.requirement(D(80), "%", at_most=True) == "≤80%"
    assert text.requirement(D(3), "名", at_most=True) == "前3名"


def test_ladder_labels_follow_the_bounds() -> None:
    assert [b.label for b in ladder("%", ((5, 20), (3, 15), (1, 5)))] == ["≥5%", "3–5%", "1–3%", "<1%"]
    assert [b.label for b in ladder("%", ((55, 10), (75, 5)), at_most=True)] == ["≤55%", "55–75%", ">75%"]


def test_sections_of_divisions() -> None:
    assert [section_of(c) for c in ("01", "05", "06", "13", "43", "44", "70", "84", "97", "3985", "C")] == [
        "A",
        "A",
        "B",
        "C",
        "C",
        "D",
        "K",
        "Q",
        "T",
        "C",
        "C",
    ]


def test_codes_are_normalised() -> None:
    assert parse_industry_code(" c ") == "C"
    assert parse_industry_code("3985") == "3985"


def test_match_sector_prefers_the_containing_row() -> None:
    rows = [("批发", ("51",)), ("零售", ("52",)), ("工业", ("B", "C", "D"))]
    assert match_sector("5110", rows).sector == "批发"
    assert match_sector("C", rows).sector == "工业"
    coarse = match_sector("F", rows)
    assert coarse.ambiguous and coarse.narrower == ("批发", "零售") and coarse.digits_needed == 2
    assert match_sector("J", rows).sector is None and not match_sector("J", rows).ambiguous
