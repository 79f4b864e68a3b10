"""The project stage workflow, exhaustively: every allowed and every forbidden transition, written out here
independently of the rule table."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from chainatlas.domain.errors import Conflict, InvalidInput
from chainatlas.domain.projects import (
    ALL_STATES,
    TRANSITIONS,
    StageDates,
    allowed_targets,
    check_transition,
    delays,
    list_kind,
    stage_id,
)

ORDER = ["negotiating", "signed", "registered", "started", "producing"]
# Forward moves (skipping allowed) and 终止 from every stage before 投产; nothing leaves 投产 or 终止.
ALLOWED = {(a, b) for a, b in product(ORDER, ORDER) if ORDER.index(b) > ORDER.index(a)} | {
    (s, "terminated") for s in ORDER[:-1]}
PAIRS = list(product(ALL_STATES, ALL_STATES))


def test_the_table_is_exactly_the_allowed_set() -> None:
    assert {(t.source, t.target) for t in TRANSITIONS} == ALLOWED
    assert len(ALLOWED) == 10 + 4


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_every_allowed_transition_passes(source: str, target: str) -> None:
    move = check_transition(source, target, reason="企业战略调整")
    assert (move.source, move.target) == (source, target)
    if target != "terminated":
        between = ORDER[ORDER.index(source) + 1:ORDER.index(target)]
        assert list(move.skips) == between  # the stages passed over are recorded as skipped
        assert move.requires == ()
    else:
        assert move.requires == ("reason",) and move.skips == ()
    assert target in allowed_targets(source)


@pytest.mark.parametrize(("source", "target"), sorted(set(PAIRS) - ALLOWED))
def test_every_forbidden_transition_is_refused(source: str, target: str) -> None:
    with pytest.raises(Conflict) as refused:
        check_transition(source, target, reason="任意原因")
    assert refused.value.args[0]  # a Chinese reason
    assert target not in allowed_targets(source)


@pytest.mark.parametrize("source", ORDER[:-1])
def test_terminating_needs_a_reason(source: str) -> None:
    for missing in (None, ""):
        with pytest.raises(InvalidInput, match="终止原因"):
            check_transition(source, "terminated", reason=missing)


def test_backward_moves_are_refused_with_the_rule() -> None:
    with pytest.raises(Conflict, match="不能从开工退回到签约"):
        check_transition("started", "signed")
    with pytest.raises(Conflict, match="项目已终止"):
        check_transition("terminated", "producing")


def test_stages_by_id_or_chinese_name() -> None:
    assert [stage_id(s) for s in ("签约", "注册落地", "开工", "投产", "洽谈", "终止", "started")] == [
        "signed", "registered", "started", "producing", "negotiating", "terminated", "started"]
    with pytest.raises(InvalidInput, match="可选"):
        stage_id("竣工")
    assert (list_kind("重大项目"), list_kind("招商项目"), list_kind("major")) == ("major", "investment", "major")


def test_delays_are_stages_past_their_planned_date_without_an_actual_one() -> None:
    stages = [StageDates("negotiating", date(2025, 1, 1), date(2025, 1, 2)),
              StageDates("signed", date(2025, 2, 1), None, skipped=True),
              StageDates("registered", date(2025, 3, 1)),
              StageDates("started", date(2025, 6, 30)), StageDates("producing", None)]
    assert delays("negotiating", stages, date(2025, 4, 10)) == [("registered", date(2025, 3, 1), 40)]
    assert delays("negotiating", stages, date(2025, 3, 1)) == []  # due today is not late yet
    assert delays("terminated", stages, date(2025, 12, 31)) == []
