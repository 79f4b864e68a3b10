"""The problem workflow as data: every allowed and every forbidden transition, required fields, working days."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest

from chainatlas.domain import casework as cw
from chainatlas.domain.casework import Satisfaction, State
from chainatlas.domain.errors import InvalidInput

# Written out independently of TRANSITIONS: the loop as the requirement states it.
ALLOWED = {
    ("collected", "acknowledged"), ("acknowledged", "assigned"), ("assigned", "supervised"),
    ("assigned", "resolved"), ("supervised", "resolved"), ("resolved", "closed"), ("resolved", "assigned"),
}
FULL = {"unit": "市自然资源局", "deadline": date(2026, 6, 1), "resolution": "已办理", "comment": "好"}


def fields_for(source: str, target: str) -> dict:
    if (source, target) == ("resolved", "closed"):
        return {**FULL, "satisfaction": Satisfaction.SATISFIED}
    if (source, target) == ("resolved", "assigned"):
        return {**FULL, "satisfaction": Satisfaction.DISSATISFIED}
    return dict(FULL)


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_every_allowed_transition_passes_with_its_fields(source: str, target: str) -> None:
    t = cw.check(source, target, fields_for(source, target))
    assert (t.source, t.target) == (source, target)
    assert t.reopens == ((source, target) == ("resolved", "assigned"))


FORBIDDEN = sorted(set(product([s.value for s in State], repeat=2)) - ALLOWED)


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_every_forbidden_transition_is_refused_naming_current_and_allowed(source: str, target: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        cw.check(source, target, {**FULL, "satisfaction": Satisfaction.SATISFIED})
    message = str(caught.value)
    assert f"当前状态 {source}（{cw.STATE_LABELS[source]}）" in message
    for allowed in cw.next_states(source):
        assert allowed in message
    if not cw.next_states(source):
        assert "已闭环" in message
    assert "\n" not in message


def test_the_table_is_exactly_the_loop() -> None:
    assert {(t.source.value, t.target.value) for t in cw.TRANSITIONS} == ALLOWED
    assert len(FORBIDDEN) == 36 - len(ALLOWED)
    assert cw.next_states("closed") == []
    assert cw.next_states("resolved") == ["closed", "assigned"]


@pytest.mark.parametrize(("source", "target", "field"), [
    ("acknowledged", "assigned", "unit"), ("acknowledged", "assigned", "deadline"),
    ("assigned", "resolved", "resolution"), ("supervised", "resolved", "resolution"),
    ("resolved", "closed", "satisfaction"), ("resolved", "assigned", "unit"), ("resolved", "assigned", "deadline"),
])
def test_each_required_field_is_required(source: str, target: str, field: str) -> None:
    given = fields_for(source, target)
    given[field] = None
    with pytest.raises(InvalidInput, match=cw.FIELD_LABELS[field]):
        cw.check(source, target, given)
    given[field] = "" if field != "deadline" else None
    with pytest.raises(InvalidInput):
        cw.check(source, target, given)


def test_optional_moves_need_no_fields() -> None:
    assert cw.check("collected", "acknowledged", {}).target == State.ACKNOWLEDGED
    assert cw.check("assigned", "supervised", {}).target == State.SUPERVISED


@pytest.mark.parametrize(("satisfaction", "closes"), [
    (Satisfaction.SATISFIED, True), (Satisfaction.BASICALLY, True), (Satisfaction.DISSATISFIED, False)])
def test_the_return_visit_closes_or_reopens(satisfaction: Satisfaction, closes: bool) -> None:
    landing = cw.target_of("resolved", "closed", satisfaction)
    assert landing == (State.CLOSED if closes else State.ASSIGNED)
    if closes:
        assert not cw.check("resolved", "closed", {"satisfaction": satisfaction}).reopens
        with pytest.raises(InvalidInput, match="不满意"):
            cw.check("resolved", "assigned", {**FULL, "satisfaction": satisfaction})
    else:
        assert cw.check("resolved", "assigned", {**FULL, "satisfaction": satisfaction}).reopens
        with pytest.raises(InvalidInput, match="满意"):
            cw.check("resolved", "closed", {"satisfaction": satisfaction})


def test_target_of_changes_nothing_else() -> None:
    for source, target in product(list(State), repeat=2):
        for s in [None, *Satisfaction]:
            expected = State.ASSIGNED if (source, target, s) == ("resolved", "closed", "dissatisfied") else target
            assert cw.target_of(source, target, s) == expected


def test_states_and_satisfactions_parse_by_id_and_label() -> None:
    assert cw.parse_state("交办") == State.ASSIGNED and cw.parse_state("closed") == State.CLOSED
    with pytest.raises(InvalidInput, match="可选"):
        cw.parse_state("done")
    assert cw.parse_satisfaction("基本满意") == Satisfaction.BASICALLY
    assert cw.parse_satisfaction(None) is None
    with pytest.raises(InvalidInput):
        cw.parse_satisfaction("ok")


def test_working_days_skip_weekends() -> None:
    friday = date(2026, 5, 1)
    assert friday.weekday() == 4
    assert cw.add_working_days(friday, 1) == date(2026, 5, 4)
    assert cw.add_working_days(friday, 5) == date(2026, 5, 8)
    assert cw.add_working_days(date(2026, 5, 4), 15) == date(2026, 5, 25)
    assert cw.add_working_days(date(2026, 5, 2), 0) == date(2026, 5, 2)
    with pytest.raises(InvalidInput):
        cw.add_working_days(friday, -1)


def test_working_days_between_agrees_with_adding() -> None:
    start = date(2026, 1, 1)
    for offset in range(0, 40):
        for n in range(0, 25):
            begin = start + timedelta(days=offset)
            assert cw.working_days_between(begin, cw.add_working_days(begin, n)) == n


def test_overdue_and_effective_state() -> None:
    today = date(2026, 5, 10)
    assert cw.effective_state("assigned", date(2026, 5, 9), today) == "supervised"
    assert cw.effective_state("assigned", today, today) == "assigned"
    assert cw.effective_state("resolved", date(2026, 5, 1), today) == "resolved"
    assert cw.is_overdue("supervised", date(2026, 5, 9), today)
    assert not cw.is_overdue("resolved", date(2026, 5, 9), today)
    assert not cw.is_overdue("assigned", None, today)
