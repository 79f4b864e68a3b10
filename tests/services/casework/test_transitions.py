"""Every move between the six states on stored problems (SQLite and PostgreSQL): the allowed ones land where the
loop says and record who, when, from, to and the comment; every other one is refused with one line naming the
current state and the allowed next ones, and changes nothing (state, version, history, audit)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from chainatlas.domain import casework as cw
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.uscc import make_uscc
from chainatlas.services import casework
from chainatlas.store.models import audit_log
from services.factories import OPERATOR, add_enterprise

TODAY = date(2026, 5, 11)  # a Monday

# The loop as the issue states it, written out independently of the domain's table.
ALLOWED = {
    ("collected", "acknowledged"), ("acknowledged", "assigned"), ("assigned", "supervised"),
    ("assigned", "resolved"), ("supervised", "resolved"), ("resolved", "closed"), ("resolved", "assigned"),
}
PATH = {  # how a problem is brought to each state: the moves after recording it
    "collected": [],
    "acknowledged": [("acknowledged", {})],
    "assigned": [("acknowledged", {}), ("assigned", {"unit": "市自然资源局"})],
    "supervised": [("acknowledged", {}), ("assigned", {"unit": "市自然资源局"}), ("supervised", {})],
    "resolved": [("acknowledged", {}), ("assigned", {"unit": "市自然资源局"}), ("resolved", {"resolution": "已办"})],
    "closed": [("acknowledged", {}), ("assigned", {"unit": "市自然资源局"}), ("resolved", {"resolution": "已办"}),
               ("closed", {"satisfaction": "satisfied"})],
}


def every_field(source: str, target: str) -> dict[str, str]:
    """All the fields a move could need, with the return visit's answer that leads to the target."""
    feeling = "dissatisfied" if (source, target) == ("resolved", "assigned") else "satisfied"
    return {"unit": "市发改委", "resolution": "已协调", "satisfaction": feeling, "comment": f"{source}→{target}"}


@pytest.fixture
def firm(engine: Engine) -> int:
    return add_enterprise(engine, "岳麓示例新材料有限公司", uscc=make_uscc("9", "1", "430104", "MA4L1234"),
                          region_code="430104")


def new(engine: Engine, firm: int) -> int:
    return casework.add_problem(engine, title="厂房用地指标不足", enterprise=str(firm), category="用地",
                                viewer=OPERATOR, received_on=TODAY)["id"]


def move(engine: Engine, pid: int, to: str, **kw: Any) -> dict[str, Any]:
    return casework.move(engine, pid, to, viewer=OPERATOR, today=TODAY, **kw)


def audit_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit_log)).scalar_one()


@pytest.mark.parametrize("source", [s.value for s in cw.State])
def test_every_move_from_a_stored_state(engine: Engine, firm: int, source: str) -> None:
    for target in [s.value for s in cw.State]:
        pid = new(engine, firm)
        for to, kw in PATH[source]:
            move(engine, pid, to, **kw)
        before = casework.get_problem(engine, pid, viewer=OPERATOR, today=TODAY)
        assert before["state"] == source
        audits = audit_count(engine)
        if (source, target) in ALLOWED:
            after = move(engine, pid, target, version=before["version"], **every_field(source, target))
            assert after["state"] == target and after["version"] == before["version"] + 1
            last = after["history"][-1]
            assert (last["from_state"], last["to_state"]) == (source, target)
            assert last["username"] == OPERATOR.username and last["at"] and last["comment"] == f"{source}→{target}"
            assert after["reopened"] == before["reopened"] + ((source, target) == ("resolved", "assigned"))
            assert audit_count(engine) == audits + 1
            continue
        with pytest.raises(InvalidInput) as refused:
            move(engine, pid, target, version=before["version"], **every_field(source, target))
        message = str(refused.value)
        allowed = sorted(t for s, t in ALLOWED if s == source)
        assert "\n" not in message and f"当前状态 {source}（{cw.STATE_LABELS[source]}）" in message
        assert all(f"{t}（{cw.STATE_LABELS[t]}）" in message for t in allowed)
        assert allowed or "已闭环" in message
        after = casework.get_problem(engine, pid, viewer=OPERATOR, today=TODAY)
        assert (after["state"], after["version"], len(after["history"])) == (source, before["version"],
                                                                            len(before["history"]))
        assert audit_count(engine) == audits
