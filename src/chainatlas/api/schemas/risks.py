"""Risk early warning (风险监测预警, services/monitoring): warnings with their level, subject, figures and
message; the scan's summary; the rule set. Dates are ISO dates; figures keep money as 万元 text and
percentages as decimal strings, never floats."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

LevelId = Literal["red", "orange", "yellow"]
SubjectKind = Literal["chain", "link", "enterprise", "project", "problem"]


class WarningPublic(BaseModel):
    id: int
    rule: str = Field(description="规则编号，如 single_source")
    rule_name: str
    rule_version: int = Field(description="发现它的规则集版本")
    level: LevelId
    level_label: str
    subject_kind: SubjectKind
    subject_kind_label: str
    subject_id: str | None
    subject: str = Field(description="对象名称（环节、企业、项目、问题）")
    figures: dict[str, Any] = Field(description="触发规则的数字（金额为万元文本，比例为小数文本）")
    message: str
    region_code: str
    region_name: str | None
    chain_id: str | None
    link_id: str | None
    enterprise_id: int | None
    first_seen: date
    last_seen: date
    ended_on: date | None = Field(description="条件不再成立的日期（已解除）")
    acknowledged: bool
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    ack_comment: str | None


class WarningCounts(BaseModel):
    red: int
    orange: int
    yellow: int
    total: int
    new: int = Field(description="未确认的预警数")


class WarningListPublic(BaseModel):
    items: list[WarningPublic] = Field(description="未确认的在前，再按首次发现日期由新到旧、级别由高到低")
    counts: WarningCounts


class ScanRequest(BaseModel):
    region: str = Field(pattern=r"^\d{6}$", description="行政区划代码（GB/T 2260）")
    chains: list[str] | None = Field(None, max_length=100, description="只扫描这些产业链；空为全部")


class ScanPublic(BaseModel):
    region: str
    region_name: str
    chains: list[str]
    month: str | None = Field(description="评价所用的最新数据月份（YYYY-MM）；无月度数据时为 null")
    today: date
    rule_version: int
    found: int
    created: int
    updated: int
    ended: int
    by_level: dict[str, int]
    by_rule: dict[str, int]


class AckRequest(BaseModel):
    comment: str = Field(min_length=1, max_length=1000, description="处理意见")


class RulePublic(BaseModel):
    id: str
    name: str
    level: LevelId
    level_label: str
    enabled: bool
    subject_kind: SubjectKind
    params: dict[str, int]
    escalate: dict[str, Any] | None = None
    description: str


class RuleSetHistory(BaseModel):
    version: int
    note: str | None
    created_by: str | None
    created_at: datetime


class RuleSetPublic(BaseModel):
    version: int = Field(description="生效的版本（1 为内置默认规则）")
    note: str | None
    rules: list[RulePublic]
    history: list[RuleSetHistory]
    vocabulary: list[dict[str, Any]] = Field(description="每条规则的参数、含义与取值范围")


class RuleSetRequest(BaseModel):
    rules: list[dict[str, Any]] = Field(min_length=1, max_length=50,
                                        description="规则：id、level、params、enabled、escalate（与 GET 返回的形式相同）")
    note: str | None = Field(None, max_length=500)
