"""The key-problem closed loop (重点问题清单, 闭环办理) as data: states, transitions and the fields each needs.

征集 collected → 会前反馈 acknowledged → 交办 assigned (responsible unit and deadline) → 办结 resolved (resolution)
→ 回访 closed (满意 / 基本满意). 督办 supervised is entered automatically when an assigned problem passes its
deadline, or raised by hand; it ends when the problem is resolved. 不满意 at the return visit reopens the problem
to assigned (the reopen count kept). Nothing else is allowed: `check` refuses any other move with a message that
names the current state and the allowed next ones.

Deadlines count working days (Saturdays and Sundays skipped; public holidays are not modelled).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from chainatlas.domain.errors import InvalidInput


class State(StrEnum):
    COLLECTED = "collected"
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    SUPERVISED = "supervised"
    RESOLVED = "resolved"
    CLOSED = "closed"


STATE_LABELS: dict[str, str] = {
    State.COLLECTED: "征集", State.ACKNOWLEDGED: "会前反馈", State.ASSIGNED: "交办",
    State.SUPERVISED: "督办", State.RESOLVED: "办结", State.CLOSED: "回访",
}
OPEN_STATES = frozenset({State.COLLECTED, State.ACKNOWLEDGED, State.ASSIGNED, State.SUPERVISED})
RUNNING = frozenset({State.ASSIGNED, State.SUPERVISED})  # states with a deadline that can be overdue


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    BASICALLY = "basically"
    DISSATISFIED = "dissatisfied"


SATISFACTION_LABELS: dict[str, str] = {
    Satisfaction.SATISFIED: "满意", Satisfaction.BASICALLY: "基本满意", Satisfaction.DISSATISFIED: "不满意",
}
CONTENT = frozenset({Satisfaction.SATISFIED, Satisfaction.BASICALLY})  # what counts towards the satisfaction rate
FIELD_LABELS = {"unit": "责任单位", "deadline": "办理时限", "resolution": "办理结果", "satisfaction": "满意度",
                "comment": "说明"}
DEFAULT_WORKING_DAYS = 15
SYSTEM_USER = "系统（逾期自动督办）"


@dataclass(frozen=True)
class Transition:
    """One allowed move: from a state to another, the fields it needs, and the satisfactions it accepts."""

    source: State
    target: State
    label: str
    requires: tuple[str, ...] = ()
    satisfactions: frozenset[Satisfaction] | None = None  # the return visit's answers that lead here
    reopens: bool = False
    automatic: bool = False  # also entered by the overdue check, not only by hand


TRANSITIONS: tuple[Transition, ...] = (
    Transition(State.COLLECTED, State.ACKNOWLEDGED, "会前反馈"),
    Transition(State.ACKNOWLEDGED, State.ASSIGNED, "交办", requires=("unit", "deadline")),
    Transition(State.ASSIGNED, State.SUPERVISED, "督办", automatic=True),
    Transition(State.ASSIGNED, State.RESOLVED, "办结", requires=("resolution",)),
    Transition(State.SUPERVISED, State.RESOLVED, "办结", requires=("resolution",)),
    Transition(State.RESOLVED, State.CLOSED, "回访", requires=("satisfaction",),
               satisfactions=frozenset(CONTENT)),
    Transition(State.RESOLVED, State.ASSIGNED, "回访不满意，重新交办", requires=("satisfaction", "unit", "deadline"),
               satisfactions=frozenset({Satisfaction.DISSATISFIED}), reopens=True),
)


def allowed_from(state: str) -> list[Transition]:
    """The moves allowed from a state, in the order of the loop."""
    return [t for t in TRANSITIONS if t.source == state]


def next_states(state: str) -> list[str]:
    return list(dict.fromkeys(t.target.value for t in allowed_from(state)))


def parse_state(value: str) -> State:
    try:
        return State(value)
    except ValueError:
        by_label = {label: s for s, label in STATE_LABELS.items()}
        if value in by_label:
            return State(by_label[value])
        raise InvalidInput(f"状态 {value} 不存在；可选：{'、'.join(f'{s}（{STATE_LABELS[s]}）' for s in State)}") from None


def parse_satisfaction(value: str | None) -> Satisfaction | None:
    if value is None or value == "":
        return None
    try:
        return Satisfaction(value)
    except ValueError:
        by_label = {label: s for s, label in SATISFACTION_LABELS.items()}
        if value in by_label:
            return Satisfaction(by_label[value])
        raise InvalidInput(f"满意度 {value} 不存在；可选：satisfied（满意）、basically（基本满意）、dissatisfied（不满意）") from None


def describe(state: str) -> str:
    return f"{state}（{STATE_LABELS.get(state, state)}）"


def refusal(current: str, target: str) -> str:
    """The one-line message for a move that is not allowed."""
    allowed = next_states(current)
    options = "、".join(describe(s) for s in allowed) if allowed else "无（已闭环）"
    return f"不能从 {describe(current)} 转到 {describe(target)}；当前状态 {describe(current)} 允许转到：{options}"


def target_of(current: str, target: str, satisfaction: Satisfaction | None) -> State:
    """Where a move lands: the return visit (to closed) with 不满意 reopens the problem to assigned."""
    if current == State.RESOLVED and target == State.CLOSED and satisfaction == Satisfaction.DISSATISFIED:
        return State.ASSIGNED
    return State(target)


def check(current: str, target: str, fields: dict[str, Any]) -> Transition:
    """The transition for this move, or InvalidInput naming the current state and the allowed next ones,
    or the missing field. `fields` holds unit, deadline, resolution, satisfaction (None when not given)."""
    satisfaction = fields.get("satisfaction")
    candidates = [t for t in allowed_from(current) if t.target == target]
    if not candidates:
        raise InvalidInput(refusal(current, target))
    for t in candidates:
        if t.satisfactions is not None and satisfaction is not None and satisfaction not in t.satisfactions:
            continue
        missing = [f for f in t.requires if fields.get(f) in (None, "")]
        if missing:
            raise InvalidInput(f"从 {describe(current)} 转到 {describe(target)} 须填写："
                               f"{'、'.join(FIELD_LABELS[f] for f in missing)}")
        return t
    wanted = "、".join(SATISFACTION_LABELS[s] for t in candidates for s in sorted(t.satisfactions or ()))
    raise InvalidInput(f"从 {describe(current)} 转到 {describe(target)} 的满意度应为：{wanted}")


# ---- working days --------------------------------------------------------------------------------

def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (Saturdays and Sundays skipped)."""
    if days < 0:
        raise InvalidInput("工作日数不能为负")
    day = start
    left = days
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    if end <= start:
        return 0
    full_weeks, rest = divmod((end - start).days, 7)
    count = full_weeks * 5
    day = start + timedelta(days=full_weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def effective_state(state: str, deadline: date | None, today: date) -> str:
    """The state as read: an assigned problem past its deadline is under 督办 (the overdue check runs on read)."""
    if state == State.ASSIGNED and deadline is not None and deadline < today:
        return State.SUPERVISED
    return state


def is_overdue(state: str, deadline: date | None, today: date) -> bool:
    return state in RUNNING and deadline is not None and deadline < today
