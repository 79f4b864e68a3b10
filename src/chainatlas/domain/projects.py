"""The project stage workflow (重大项目与招商项目), as data: the stages in order, every transition allowed
with the fields it requires, and the delay rule.

洽谈 negotiating → 签约 signed → 注册落地 registered → 开工 started → 投产 producing; 终止 terminated
(with a reason) from any stage before it. A stage may be skipped forward (the stages passed over keep an
empty date and are recorded as skipped); going backward, staying put and leaving 投产 or 终止 are refused.
Major projects under construction (重大项目) and the investment pipeline (招商项目) share this one model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chainatlas.domain.errors import Conflict, InvalidInput

STAGES = ("negotiating", "signed", "registered", "started", "producing")  # in order
TERMINATED = "terminated"
ALL_STATES = (*STAGES, TERMINATED)
STAGE_LABELS = {"negotiating": "洽谈", "signed": "签约", "registered": "注册落地", "started": "开工",
                "producing": "投产", "terminated": "终止"}
STAGE_BY_LABEL = {label: stage for stage, label in STAGE_LABELS.items()} | {"落地": "registered", "注册": "registered",
                                                                            "在谈": "negotiating", "竣工投产": "producing"}
RANK = {stage: i for i, stage in enumerate(STAGES)}
FINAL = frozenset({"producing", TERMINATED})
LISTS = {"major": "重大项目", "investment": "招商项目"}
LIST_BY_LABEL = {label: kind for kind, label in LISTS.items()} | {"在建重大项目": "major", "重大在建项目": "major",
                                                                  "招商引资项目": "investment", "招商": "investment"}
SOURCES = ("联盟引荐", "以商招商", "展会", "驻外招商", "基金招商", "平台对接", "招商图谱", "其他")
FIELD_LABELS = {"reason": "终止原因", "on": "日期"}
# A project's columns as its edit history names them.
COLUMN_LABELS = {"name": "项目名称", "list_kind": "清单类别", "chain_id": "产业链", "link_id": "环节", "region_code": "所属区县",
                 "park": "园区", "planned_fen": "计划投资", "completed_fen": "完成投资", "responsible_unit": "责任单位",
                 "responsible_person": "责任人", "investor": "投资方", "investor_uscc": "投资方统一社会信用代码",
                 "investor_id": "投资方", "local_enterprise": "本地企业", "local_uscc": "本地企业统一社会信用代码",
                 "local_id": "本地企业", "source": "项目来源", "fortune500": "三类500强", "notes": "备注"}


@dataclass(frozen=True)
class Transition:
    """A move from one state to another: the fields it needs and the stages it passes over (skipped)."""

    source: str
    target: str
    requires: tuple[str, ...] = ()
    skips: tuple[str, ...] = ()


def _transitions() -> tuple[Transition, ...]:
    moves = [Transition(a, b, (), STAGES[i + 1:j]) for i, a in enumerate(STAGES) for j, b in enumerate(STAGES) if j > i]
    moves += [Transition(s, TERMINATED, ("reason",)) for s in STAGES if s not in FINAL]
    return tuple(moves)


TRANSITIONS: tuple[Transition, ...] = _transitions()
TRANSITION = {(t.source, t.target): t for t in TRANSITIONS}


def stage_id(raw: str) -> str:
    """A stage by its id or its Chinese name (签约); unknown ones refused with the choices."""
    text = (raw or "").strip()
    found = text if text in STAGE_LABELS else STAGE_BY_LABEL.get(text)
    if found is None:
        choices = "、".join(f"{s}（{STAGE_LABELS[s]}）" for s in ALL_STATES)
        raise InvalidInput(f"阶段“{raw}”不存在；可选：{choices}")
    return found


def list_kind(raw: str) -> str:
    text = (raw or "").strip()
    found = text if text in LISTS else LIST_BY_LABEL.get(text)
    if found is None:
        raise InvalidInput(f"清单“{raw}”不存在；可选：major（重大项目）、investment（招商项目）")
    return found


def allowed_targets(state: str) -> list[str]:
    """The states a project in `state` may move to, in order (the pages show a button for each)."""
    return [t.target for t in TRANSITIONS if t.source == state]


def check_transition(state: str, target: str, **given: object) -> Transition:
    """The transition from `state` to `target` with the fields `given`, or a Chinese refusal that says why."""
    move = TRANSITION.get((state, target))
    if move is None:
        here, there = STAGE_LABELS[state], STAGE_LABELS[target]
        if state in FINAL:
            raise Conflict(f"项目已{here}，不能再变更为{there}")
        if target == state:
            raise Conflict(f"项目已处于{here}阶段")
        raise Conflict(f"不能从{here}退回到{there}（阶段只能向前推进）")
    missing = [FIELD_LABELS.get(f, f) for f in move.requires if not given.get(f)]
    if missing:
        raise InvalidInput(f"{STAGE_LABELS[target]}需要填写：{'、'.join(missing)}")
    return move


@dataclass(frozen=True)
class StageDates:
    stage: str
    planned_on: date | None = None
    actual_on: date | None = None
    skipped: bool = False


def delays(state: str, stages: list[StageDates], today: date) -> list[tuple[str, date, int]]:
    """(stage, planned date, days late) of every stage past its planned date without an actual date.

    A terminated project has no delays (it is no longer pursued); a skipped stage is not late."""
    if state == TERMINATED:
        return []
    return [(s.stage, s.planned_on, (today - s.planned_on).days) for s in stages
            if s.planned_on and s.actual_on is None and not s.skipped and s.planned_on < today]
