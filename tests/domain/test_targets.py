"""The ranking's parts, weights and reasons (domain/targets.py)."""

from __future__ import annotations

import pytest

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.targets import (
    Candidate,
    Ties,
    Weights,
    expansion_part,
    make_weights,
    matched_product,
    parts_of,
    reasons,
    scale_part,
    score,
    scorer,
    standing_part,
)


def test_a_maker_of_the_links_products_outscores_a_bigger_firm_that_barely_matches() -> None:
    maker = parts_of(Candidate(0.9, revenue_fen=10**10, employees=300), Ties())
    giant = parts_of(Candidate(0.3, revenue_fen=10**13, employees=100_000, standing=1.0), Ties())
    assert score(maker, Weights())[0] > score(giant, Weights())[0]


def test_the_score_is_the_sum_of_the_contributions_and_lies_in_0_1() -> None:
    signs = (("project", "拟建年产10万吨正极材料项目"), ("financing", "2025年完成C轮融资"))
    parts = parts_of(Candidate(1.0, 10**13, 100_000, 0.5, 1.0, "make", signs), Ties((("电芯", 3),), ("正极",), "某分公司"))
    value, contributions = score(parts, Weights())
    assert value == pytest.approx(sum(contributions.values()), abs=1e-3) and value == pytest.approx(1.0, abs=1e-3)


def test_scale_and_standing_grow_with_size_and_titles() -> None:
    assert scale_part(None, None) == 0 < scale_part(10**9, 50) < scale_part(10**11, 5000) <= 1
    assert standing_part([]) == 0 < standing_part(["high_tech"]) < standing_part(["listed", "little_giant"]) <= 1


def test_weights_are_scaled_to_one_and_checked() -> None:
    weights = make_weights({"fit": "2", "scale": "1", "growth": 0, "standing": 1, "ties": 0}, "重匹配")
    assert weights.values["fit"] == 0.5 and sum(weights.values.values()) == pytest.approx(1)
    with pytest.raises(InvalidInput, match="非负"):
        make_weights({"fit": -1}, "坏")
    with pytest.raises(InvalidInput, match="大于 0"):
        make_weights({"fit": 0}, "零")


def test_reasons_name_the_matched_product_the_figures_and_the_ties() -> None:
    notes = ("产品：湿法锂电池隔膜→隔膜",)
    assert matched_product(notes) == ("湿法锂电池隔膜", "隔膜")
    said = reasons("隔膜", notes, Candidate(0.8, 86 * 10**10, 5200, 0.21, 0.7), 2024,
                   [("listed", None), ("little_giant", 2021)], Ties((("电芯制造", 3),)))
    assert said[0] == "主营产品‘湿法锂电池隔膜’与环节‘隔膜’匹配"
    assert said[1] == "2024年营收 86 亿元，近三年年均增长 21%，从业人员 5200 人"
    assert said[2] == "资质：上市企业、专精特新“小巨人”（2021年）"
    assert said[3] == "下游本地已有电芯制造 3 家企业"


def test_the_first_stage_scorer_gives_the_score_to_the_last_digit() -> None:
    import random

    rng = random.Random(17)
    odd = make_weights({"fit": 0.33, "scale": 0.17, "growth": 0.29, "standing": 0.07, "ties": 0.14}, "试")
    for weights in (Weights(), odd):
        for ties in (Ties(), Ties((("电芯", 3),)), Ties((("电芯", 3),), ("正极",), "某分公司")):
            value = scorer(weights, ties)
            for _ in range(2000):
                firm = (rng.choice((rng.random(), 1.3, -0.1)), rng.choice((None, 0, rng.randrange(10**6, 10**14))),
                        rng.choice((None, rng.randrange(0, 200_000))), rng.choice((None, rng.uniform(-0.5, 0.8))),
                        rng.choice((0.0, rng.random(), 1.0)), rng.choice((None, "make", "trade")),
                        rng.choice(((), (("project", "扩产"),), (("financing", "B轮"), ("project", "新厂")))))
                assert value(*firm[:6], expansion_part(firm[6])) == score(parts_of(Candidate(*firm), ties), weights)[0], firm


def test_a_firm_that_only_trades_the_links_products_ranks_below_a_maker_and_is_told_why() -> None:
    maker = Candidate(0.8, 10**10, 300, 0.1, 0.2, "make")
    trader = Candidate(0.9, 10**11, 800, 0.2, 0.2, "trade")  # surer match, larger: still a trader
    assert score(parts_of(maker, Ties()), Weights())[0] > score(parts_of(trader, Ties()), Weights())[0]
    said = reasons("隔膜", ("产品：锂电池隔膜→隔膜",), trader, 2024, [], Ties())
    assert any("未见生产制造" in r and "贸易" in r for r in said)
    assert not any("未见生产制造" in r for r in reasons("隔膜", ("产品：锂电池隔膜→隔膜",), maker, 2024, [], Ties()))


def test_recorded_signs_of_expansion_count_and_are_named_in_the_reasons() -> None:
    assert expansion_part(None) == 0 < expansion_part([("financing", "B轮")]) < expansion_part([("project", "新厂")])
    assert expansion_part([("project", "a"), ("project", "b"), ("financing", "c")]) == pytest.approx(1.0)
    signs = (("project", "2025年拟投资30亿元建设年产10万吨正极材料项目"),)
    quiet, growing = Candidate(0.8, 10**10, 300), Candidate(0.8, 10**10, 300, expansion=signs)
    assert score(parts_of(growing, Ties()), Weights())[0] > score(parts_of(quiet, Ties()), Weights())[0]
    assert reasons("正极材料", (), growing, None, [], Ties())[-1] == "扩张迹象：2025年拟投资30亿元建设年产10万吨正极材料项目"


def test_weights_saved_before_a_part_existed_give_it_no_weight() -> None:
    old = Weights("旧配置", {"fit": 0.4, "scale": 0.2, "growth": 0.1, "standing": 0.15, "ties": 0.15})
    assert old.values["expansion"] == 0.0 and set(old.values) == set(Weights().values)
    assert sum(Weights().values.values()) == pytest.approx(1.0)
