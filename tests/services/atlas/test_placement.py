"""Placing enterprises on chain links: proposals from words, review, re-runs, manual leaders."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from chainatlas.domain.errors import InvalidInput, NotFound
from chainatlas.services import atlas
from chainatlas.services.atlas import placement
from services.factories import OPERATOR, add_enterprise

CHAIN = "lithium-battery"


def proposals(engine: Engine, enterprise_id: int, status: str | None = None) -> dict[str, dict]:
    """link id → placement of one enterprise on the lithium-battery chain."""
    rows = placement.list_placements(engine, CHAIN, status, str(enterprise_id))
    return {p["link"]: p for p in rows}


def test_enterprise_is_proposed_on_the_link_its_business_scope_names(engine: Engine) -> None:
    eid = add_enterprise(engine, "星城隔膜科技有限公司", business_scope="锂电池隔膜的研发、生产与销售")
    add_enterprise(engine, "麓谷百货有限公司", business_scope="日用百货销售")
    stats = placement.place(engine, CHAIN)
    assert stats == {"enterprises": 2, "proposed": 1, "kept_decisions": 0}
    [proposal] = proposals(engine, eid).values()
    assert (proposal["link"], proposal["status"], proposal["matched_words"]) == (
        "separator", "proposed", ["经营范围：锂电池隔膜的研发→锂电池隔膜"])
    assert 0.35 <= proposal["confidence"] < 1


def test_more_matched_words_give_more_confidence(engine: Engine) -> None:
    one = add_enterprise(engine, "甲科技有限公司", business_scope="电解液销售")
    three = add_enterprise(engine, "乙科技有限公司", business_scope="电解液、六氟磷酸锂、电解液添加剂生产",
                           industry_code="2613")
    placement.place(engine, CHAIN)
    weak, strong = proposals(engine, one)["electrolyte"], proposals(engine, three)["electrolyte"]
    assert strong["confidence"] > weak["confidence"]
    assert set(strong["matched_words"]) >= {"经营范围：电解液", "经营范围：六氟磷酸锂", "经营范围：电解液添加剂生产→电解液添加剂"}


def test_confirm_and_reject_are_kept_when_placement_runs_again(engine: Engine) -> None:
    eid = add_enterprise(engine, "星城科技有限公司", business_scope="湿法隔膜；电解液")
    other = add_enterprise(engine, "麓谷科技有限公司", business_scope="电池管理系统")
    placement.place(engine, CHAIN)
    first = proposals(engine, eid)
    assert set(first) == {"separator", "electrolyte"}
    assert placement.decide(engine, [first["separator"]["id"]], "confirmed", role="key", viewer=OPERATOR) == 1
    assert placement.decide(engine, [first["electrolyte"]["id"]], "rejected", viewer=OPERATOR) == 1

    stats = placement.place(engine, CHAIN)

    again = proposals(engine, eid)
    assert stats["kept_decisions"] == 2
    assert {link: (p["status"], p["role"]) for link, p in again.items()} == {
        "separator": ("confirmed", "key"), "electrolyte": ("rejected", None)}
    assert {link: p["status"] for link, p in proposals(engine, other).items()} == {"bms": "proposed"}


def test_deciding_an_unknown_placement_or_with_a_bad_decision_is_refused(engine: Engine) -> None:
    with pytest.raises(NotFound):
        placement.decide(engine, [12345], "confirmed", viewer=OPERATOR)
    with pytest.raises(InvalidInput):
        placement.decide(engine, [1], "maybe", viewer=OPERATOR)


def test_manual_leader_shows_up_in_the_gap_report(engine: Engine) -> None:
    eid = add_enterprise(engine, "湖南锂电龙头股份有限公司", revenue_fen=10**12)
    result = placement.place_manually(engine, str(eid), CHAIN, "cathode", "leader", viewer=OPERATOR)
    assert (result["status"], result["role"]) == ("manual", "leader")
    report = atlas.gaps(engine, CHAIN, viewer=OPERATOR)
    cathode = next(g for g in report.links if g.id == "cathode")
    assert cathode.leaders == ("湖南锂电龙头股份有限公司",)
    assert cathode.enterprises == 1


def test_manual_placement_survives_a_rerun(engine: Engine) -> None:
    eid = add_enterprise(engine, "星城科技有限公司", business_scope="锂电池隔膜")
    placement.place_manually(engine, str(eid), CHAIN, "separator", "leader", viewer=OPERATOR)
    placement.place(engine, CHAIN)
    assert {k: (p["status"], p["role"]) for k, p in proposals(engine, eid).items()} == {
        "separator": ("manual", "leader")}


@pytest.mark.parametrize(("link", "role", "error"), [("no-such-link", None, InvalidInput),
                                                     ("cathode", "boss", InvalidInput)])
def test_manual_placement_checks_link_and_role(engine: Engine, link: str, role: str | None,
                                               error: type[Exception]) -> None:
    eid = add_enterprise(engine, "星城科技有限公司")
    with pytest.raises(error):
        placement.place_manually(engine, str(eid), CHAIN, link, role, viewer=OPERATOR)
