"""Work lists (五单): development goals, projects (major projects and the investment pipeline), research results,
their Excel import and the home page's panel. Numbers of goals are exact decimal strings in the goal's unit;
money is a decimal string in 万元 (and 亿元)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from chainatlas.api.schemas.common import PagePublic

StageId = Literal["negotiating", "signed", "registered", "started", "producing", "terminated"]
ListId = Literal["major", "investment"]
Version = Field(None, ge=1, description="您读到的版本号；他人已修改则返回 409")


# ---- goals -----------------------------------------------------------------------------------------------
class GoalActualPublic(BaseModel):
    period: str
    period_label: str
    value: str


class GoalPublic(BaseModel):
    id: int
    indicator: str
    unit: str
    chain_id: str | None
    region_code: str | None
    park: str | None
    period: str = Field(description="2025、2025Q2 或 2025-06")
    period_label: str
    target: str
    actual: str | None = Field(description="期间内最新的累计完成值")
    actual_period: str | None
    progress: str | None = Field(description="完成进度 = 实际 / 目标（0.5 即 50%）")
    elapsed: str = Field(description="时间进度：期间已过去的比例")
    lagging: bool = Field(description="完成进度低于时间进度（时间过半、任务未过半）")
    lag_points: str | None = Field(description="落后的百分点")
    lag_amount: str | None = Field(description="落后的量（目标单位）")
    last_year_actual: str | None
    growth: str | None = Field(description="同比增长（0.05 即 5%）")
    responsible_unit: str | None
    notes: str | None
    version: int
    actuals: list[GoalActualPublic]
    updated_at: datetime
    editable: bool = False


class GoalPagePublic(PagePublic):
    items: list[GoalPublic]
    today: date


class GoalCreate(BaseModel):
    indicator: str = Field(min_length=1, max_length=100, examples=["产业链规上企业营收"])
    unit: str = Field(min_length=1, max_length=20, examples=["亿元"])
    chain: str | None = Field(None, max_length=64)
    region: str | None = Field(None, max_length=100, description="行政区划代码或名称")
    park: str | None = Field(None, max_length=100)
    period: str = Field(max_length=20, examples=["2025"])
    target: str = Field(max_length=40, examples=["1200"])
    responsible_unit: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=2000)


class GoalUpdate(BaseModel):
    indicator: str | None = Field(None, max_length=100)
    unit: str | None = Field(None, max_length=20)
    period: str | None = Field(None, max_length=20)
    target: str | None = Field(None, max_length=40)
    responsible_unit: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=2000)
    version: int | None = Version


class GoalActualCreate(BaseModel):
    period: str = Field(max_length=20, examples=["2025-06"])
    value: str = Field(max_length=40, examples=["560"])
    version: int | None = Version


# ---- projects --------------------------------------------------------------------------------------------
class ProjectStagePublic(BaseModel):
    stage: str
    label: str
    planned_on: date | None
    actual_on: date | None
    skipped: bool
    reached: bool
    delay_days: int | None


class ProjectDelayPublic(BaseModel):
    stage: str
    label: str
    planned_on: date
    days: int


class ProjectHistoryPublic(BaseModel):
    kind: str = Field(description="created 新建、stage 阶段变更、milestone 里程碑、edit 编辑")
    from_: str | None = Field(alias="from")
    to: str | None
    at: date
    recorded_at: datetime
    by: str
    detail: dict[str, Any]

    model_config = {"populate_by_name": True}


class ProjectTransitionPublic(BaseModel):
    to: str
    label: str
    needs_reason: bool


class ProjectPublic(BaseModel):
    id: int
    name: str
    list: str
    list_label: str
    stage: str
    stage_label: str
    reached: str = Field(description="到达过的最远阶段（终止的项目终止前所处的阶段）")
    chain_id: str | None
    link_id: str | None
    region_code: str | None
    park: str | None
    amount_wan_yuan: str | None
    amount_yi_yuan: str | None
    completed_wan_yuan: str | None
    completed_yi_yuan: str | None
    responsible_unit: str | None
    responsible_person: str | None
    investor: str | None
    investor_uscc: str | None
    investor_id: int | None
    local_enterprise: str | None
    local_uscc: str | None
    local_id: int | None
    source: str | None
    fortune500: bool
    notes: str | None
    terminated_reason: str | None
    terminated_on: date | None
    version: int
    stages: list[ProjectStagePublic]
    delays: list[ProjectDelayPublic]
    delayed: bool
    updated_at: datetime
    history: list[ProjectHistoryPublic] = []
    editable: bool = False
    transitions: list[ProjectTransitionPublic] = []
    unmatched: list[str] = Field([], description="企业库中未找到的企业名称（已按名称保留）")


class ProjectPagePublic(PagePublic):
    items: list[ProjectPublic]
    today: date


class ProjectCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    list: ListId = "investment"
    chain: str | None = Field(None, max_length=64)
    link: str | None = Field(None, max_length=64)
    region: str | None = Field(None, max_length=100)
    park: str | None = Field(None, max_length=100)
    amount: str | None = Field(None, max_length=40, description="计划投资，如 5.5亿、3000万（无单位为万元）")
    completed: str | None = Field(None, max_length=40)
    stage: StageId = "negotiating"
    on: date | None = Field(None, description="到达当前阶段的日期（默认今天）")
    planned: dict[StageId, date | None] = Field(default_factory=dict, description="各阶段计划日期")
    responsible_unit: str | None = Field(None, max_length=200)
    responsible_person: str | None = Field(None, max_length=100)
    investor: str | None = Field(None, max_length=200)
    investor_uscc: str | None = Field(None, max_length=30)
    local_enterprise: str | None = Field(None, max_length=200)
    local_uscc: str | None = Field(None, max_length=30)
    source: str | None = Field(None, max_length=40)
    fortune500: bool = False
    notes: str | None = Field(None, max_length=4000)


class ProjectUpdate(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=200)
    list: ListId | None = None
    park: str | None = Field(None, max_length=100)
    link: str | None = Field(None, max_length=64)
    amount: str | None = Field(None, max_length=40)
    completed: str | None = Field(None, max_length=40)
    planned: dict[StageId, date | None] | None = None
    responsible_unit: str | None = Field(None, max_length=200)
    responsible_person: str | None = Field(None, max_length=100)
    investor: str | None = Field(None, max_length=200)
    investor_uscc: str | None = Field(None, max_length=30)
    local_enterprise: str | None = Field(None, max_length=200)
    local_uscc: str | None = Field(None, max_length=30)
    source: str | None = Field(None, max_length=40)
    fortune500: bool | None = None
    notes: str | None = Field(None, max_length=4000)
    version: int | None = Version


class ProjectAdvance(BaseModel):
    to: StageId
    on: date | None = Field(None, description="到达日期（默认今天）")
    reason: str | None = Field(None, max_length=2000, description="终止时必填")
    version: int | None = Version


class ProjectMilestone(BaseModel):
    note: str = Field(min_length=1, max_length=500)
    on: date | None = None
    version: int | None = Version


class FunnelStagePublic(BaseModel):
    stage: str
    label: str
    count: int
    amount_wan_yuan: str
    amount_yi_yuan: str
    big: int = Field(description="其中计划投资10亿元及以上的项目数")
    fortune500: int = Field(description="其中三类500强项目数")
    conversion: str | None = Field(description="由上一阶段到本阶段的转化率")


class FunnelTerminatedPublic(BaseModel):
    count: int
    amount_wan_yuan: str


class FunnelHeadlinePublic(BaseModel):
    negotiated: int
    signed_big: int
    signed_fortune500: int


class FunnelPublic(BaseModel):
    period: str | None
    period_label: str
    list: str | None
    chain: str | None
    region: str | None
    stages: list[FunnelStagePublic]
    terminated: FunnelTerminatedPublic
    headline: FunnelHeadlinePublic
    headline_text: str


# ---- research results ------------------------------------------------------------------------------------
class ResultPublic(BaseModel):
    id: int
    title: str
    institution: str
    institution_id: int | None
    inventors: list[str | None]
    field: str | None
    chain_id: str | None
    links: list[str]
    region_code: str | None
    park: str | None
    keywords: list[str]
    trl: int | None
    trl_label: str | None
    patents: list[str]
    transfer_mode: str | None
    transfer_mode_label: str | None
    status: str
    status_label: str
    contact_person: str | None
    contact_phone: str | None
    notes: str | None
    version: int
    updated_at: datetime
    editable: bool = False
    unmatched: list[str] = []


class ResultPagePublic(PagePublic):
    items: list[ResultPublic]


class ResultCreate(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    institution: str = Field(min_length=1, max_length=200)
    inventors: list[str] | str | None = None
    field: str | None = Field(None, max_length=100)
    chain: str | None = Field(None, max_length=64)
    links: list[str] | str | None = None
    region: str | None = Field(None, max_length=100)
    park: str | None = Field(None, max_length=100)
    keywords: list[str] | str | None = None
    trl: int | None = Field(None, ge=1, le=9)
    patents: list[str] | str | None = None
    transfer_mode: str | None = Field(None, max_length=20, description="转让、许可、作价入股、合作开发")
    status: str | None = Field(None, max_length=20, description="待转化、对接中、已转化、已撤回")
    contact_person: str | None = Field(None, max_length=100)
    contact_phone: str | None = Field(None, max_length=50)
    notes: str | None = Field(None, max_length=4000)


class ResultUpdate(BaseModel):
    title: str | None = Field(None, min_length=1, max_length=300)
    institution: str | None = Field(None, min_length=1, max_length=200)
    inventors: list[str] | str | None = None
    field: str | None = Field(None, max_length=100)
    links: list[str] | str | None = None
    keywords: list[str] | str | None = None
    trl: int | None = Field(None, ge=1, le=9)
    patents: list[str] | str | None = None
    transfer_mode: str | None = Field(None, max_length=20)
    status: str | None = Field(None, max_length=20)
    contact_person: str | None = Field(None, max_length=100)
    contact_phone: str | None = Field(None, max_length=50)
    notes: str | None = Field(None, max_length=4000)
    version: int | None = Version


# ---- import and the home page ----------------------------------------------------------------------------
class ListProblemPublic(BaseModel):
    sheet: str | None
    row: int
    field: str
    value: str | None
    reason: str
    severity: str


class ListSkippedPublic(BaseModel):
    sheet: str | None
    row: int
    reason: str
    text: str | None


class ListImportPublic(BaseModel):
    kind: str
    label: str
    file: str
    file_kind: str
    rows: int
    imported: int
    would_import: int
    rejected: int
    written: bool
    status: str = Field(description="imported 已导入、refused 有错误未写入、preview 仅预览")
    ids: list[int]
    errors: list[ListProblemPublic]
    warnings: list[ListProblemPublic]
    skipped: list[ListSkippedPublic]
    notices: list[str]
    columns: dict[str, str]


class ListsSummaryPublic(BaseModel):
    today: date
    lagging_goals: list[GoalPublic]
    lagging_total: int
    delayed_projects: list[ProjectPublic]
    delayed_total: int
