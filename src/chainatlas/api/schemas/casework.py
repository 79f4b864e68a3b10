"""Key problems (重点问题清单) with their closed loop, and meetings (services/casework). Dates are ISO dates;
rates are decimal strings (0–1, four places); states are ids (collected, acknowledged, assigned, supervised,
resolved, closed) with their Chinese labels beside them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

StateId = Literal["collected", "acknowledged", "assigned", "supervised", "resolved", "closed"]
SatisfactionId = Literal["satisfied", "basically", "dissatisfied"]


class ProblemEnterprise(BaseModel):
    id: int
    name: str
    uscc: str | None


class ProblemPublic(BaseModel):
    id: int
    title: str
    category: str
    state: StateId = Field(description="读取时的状态：交办且超过办理时限的问题读作 supervised（督办）")
    state_label: str
    stored_state: StateId = Field(description="已记录的状态（逾期自动督办在下次办理或 sweep 时记录）")
    unit: str | None = Field(description="责任单位")
    deadline: date | None = Field(description="办理时限")
    received_on: date = Field(description="征集日期")
    resolved_on: date | None
    satisfaction: SatisfactionId | None = Field(description="最近一次回访的满意度")
    satisfaction_label: str | None
    reopened: int = Field(description="回访不满意后重新交办的次数")
    overdue: bool
    days_overdue: int
    region_code: str | None
    park: str | None
    chain_id: str | None
    source: str | None = Field(description="问题来源，如 园区市长日")
    version: int = Field(description="版本号：办理时带上，已被他人修改则拒绝（409）")
    enterprise: ProblemEnterprise


class ProblemPagePublic(BaseModel):
    items: list[ProblemPublic]
    total: int = Field(description="符合条件的问题数，至多计到 10000")
    total_capped: bool = Field(False, description="true：符合条件的问题多于 total（10000+）")
    limit: int
    offset: int


class ProblemEventPublic(BaseModel):
    id: int | None = Field(description="记录编号；逾期读作督办、尚未记录的条目为 null")
    at: datetime
    username: str = Field(description="办理人")
    from_state: StateId | None
    to_state: StateId
    from_label: str | None
    to_label: str
    comment: str | None
    detail: dict[str, Any] = Field(description="责任单位、办理时限、办理结果、满意度、是否自动督办")


class ProblemMovePublic(BaseModel):
    to: StateId
    label: str
    to_label: str
    requires: list[str] = Field(description="须填写的字段：unit、deadline、resolution、satisfaction")
    satisfactions: list[SatisfactionId] | None


class ProblemMeetingRef(BaseModel):
    id: int
    title: str
    held_on: date


class ProblemDetailPublic(ProblemPublic):
    description: str | None
    resolution: str | None
    created_by: str
    created_at: datetime
    history: list[ProblemEventPublic] = Field(description="办理记录（谁、何时、从何状态到何状态、说明），从早到晚")
    meetings: list[ProblemMeetingRef]
    next: list[ProblemMovePublic] = Field(description="本账号现在可做的转换（无办理权限时为空）")
    allowed: list[StateId] = Field(description="闭环规则允许的下一状态")


class ProblemCreate(BaseModel):
    title: str = Field(min_length=1, max_length=500)
    enterprise: str = Field(min_length=1, max_length=18, pattern=r"^(\d{1,12}|[0-9A-Za-z]{18})$",
                            description="企业编号或统一社会信用代码")
    category: str = Field(min_length=1, max_length=40, description="问题类别，如 用地、融资、用工、审批、物流")
    description: str | None = Field(default=None, max_length=5000)
    chain: str | None = Field(default=None, pattern=r"^([a-z0-9][a-z0-9-]{0,63})?$")
    source: str | None = Field(default=None, max_length=100)
    received_on: date | None = None


class ProblemCreatedPublic(BaseModel):
    id: int
    state: StateId
    version: int


class ProblemTransition(BaseModel):
    to: StateId
    unit: str | None = Field(default=None, max_length=200, description="责任单位（交办时必填）")
    deadline: date | None = Field(default=None, description="办理时限（交办时；不填按类别的工作日数）")
    comment: str | None = Field(default=None, max_length=2000)
    resolution: str | None = Field(default=None, max_length=5000, description="办理结果（办结时必填）")
    satisfaction: SatisfactionId | None = Field(default=None, description="回访满意度；不满意则重新交办")
    version: int | None = Field(default=None, ge=1, description="您看到的版本号")


class ProblemStatRow(BaseModel):
    key: str | None
    received: int = Field(description="受理")
    resolved: int = Field(description="办结")
    resolved_on_time: int = Field(description="在办理时限内办结")
    on_time_rate: str | None
    average_days: str | None = Field(description="从征集到办结的平均天数（自然日）")
    days: int
    visited: int = Field(description="已回访")
    satisfied: int = Field(description="满意或基本满意")
    satisfaction_rate: str | None
    overdue: int
    reopened: int


class ProblemStatsPublic(BaseModel):
    by: Literal["unit", "category", "month", "quarter", "year"]
    by_label: str
    since: date | None
    until: date | None
    rows: list[ProblemStatRow]
    total: ProblemStatRow


class SweepPublic(BaseModel):
    supervised: int
    ids: list[int]


class DeadlineRow(BaseModel):
    category: str
    working_days: int


class DeadlinesPublic(BaseModel):
    default: int = Field(description="未单独设置的类别的办理时限（工作日）")
    categories: list[DeadlineRow]


class DeadlineSet(BaseModel):
    category: str = Field(min_length=1, max_length=40)
    working_days: int = Field(ge=1, le=365)


class ProblemRowError(BaseModel):
    sheet: str | None
    row: int
    field: str
    value: str | None
    reason: str
    severity: str


class ProblemImportPublic(BaseModel):
    status: Literal["written", "partial", "rejected", "empty"]
    rows: int
    written: int
    ids: list[int]
    rejected_rows: int
    errors: list[ProblemRowError]
    skip_invalid: bool
    meeting: int | None = Field(None, description="写入的问题已列入的会议编号")


class MeetingPublic(BaseModel):
    id: int
    title: str
    held_on: date
    region_code: str | None
    park: str | None
    created_by: str
    problems: int


class MeetingProblemPublic(ProblemPublic):
    position: int


class MeetingDetailPublic(MeetingPublic):
    items: list[MeetingProblemPublic]


class MeetingCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    held_on: date
    problems: list[int] = Field(default_factory=list, max_length=500)


class MeetingProblemsAdd(BaseModel):
    problems: list[int] = Field(min_length=1, max_length=500)
