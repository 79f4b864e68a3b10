"""Targets (services/targets): external enterprise pools, investment targets of a link, the 招商图谱 of a chain,
target decisions and the what-if (招商推演) with its saved scenarios."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from chainatlas.api.schemas.atlas import StatusCounts


class WhatIfItem(BaseModel):
    key: str | None = Field(None, max_length=40, description="企业编号：P… 招商企业库，E… 本平台企业；或统一社会信用代码")
    name: str | None = Field(None, max_length=200, description="假设企业的名称（不给 key 时）")
    link: str = Field(min_length=1, max_length=200, description="环节编号或名称")
    revenue_wan_yuan: str | None = Field(None, max_length=20, description="假设企业的营收（万元）")


class WhatIfRequest(BaseModel):
    chain: str = Field(min_length=1, max_length=64)
    region: str | None = Field(None, pattern=r"^(\d{6})?$")
    additions: list[WhatIfItem] = Field(min_length=1, max_length=50)


class ScenarioRequest(WhatIfRequest):
    name: str = Field(min_length=1, max_length=100, description="推演方案名称（同名则覆盖）")


class WhatIfLinkPublic(BaseModel):
    id: str
    name: str
    stage: str
    stage_label: str
    status: str
    status_label: str
    enterprises: int
    revenue_wan_yuan: str | None = None
    reasons: list[str]


class WhatIfGapPublic(BaseModel):
    id: str
    name: str
    status: str
    status_label: str


class WhatIfSidePublic(BaseModel):
    supporting_rate: float
    weighted_supporting_rate: float
    covered_rate: float
    revenue_wan_yuan: str | None = None
    counts: StatusCounts
    links: list[WhatIfLinkPublic]
    gaps: list[WhatIfGapPublic]


class WhatIfChangePublic(BaseModel):
    id: str
    name: str
    before: str
    after: str
    before_label: str
    after_label: str


class LinkRefPublic(BaseModel):
    id: str
    name: str


class WhatIfAdditionPublic(BaseModel):
    key: str | None = None
    name: str
    link: str
    link_name: str
    revenue_wan_yuan: str | None = None
    source: str
    source_label: str


class ScenarioRefPublic(BaseModel):
    id: int
    name: str
    username: str
    created_at: str


class WhatIfPublic(BaseModel):
    chain: str
    chain_name: str
    region: str | None = None
    region_name: str | None = None
    before: WhatIfSidePublic
    after: WhatIfSidePublic
    changed: list[WhatIfChangePublic]
    single_source_removed: list[LinkRefPublic]
    revenue_before_wan_yuan: str | None = None
    revenue_after_wan_yuan: str | None = None
    additions: list[WhatIfAdditionPublic]
    summary: str
    scenario: ScenarioRefPublic | None = None


class ScenarioSummaryPublic(BaseModel):
    id: int
    name: str
    chain: str
    region: str | None = None
    enterprises: int
    username: str
    created_at: str


class PoolPublic(BaseModel):
    id: int
    name: str
    enterprises: int
    source: str | None = None
    updated_at: str


class PoolImportPublic(BaseModel):
    pool: str
    file: str
    rows: int
    imported: int
    updated: int
    unchanged: int
    rejected: int
    written: bool
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    ignored_columns: list[str]


class PoolDropPublic(BaseModel):
    name: str
    enterprises: int


class TargetEnterprisePublic(BaseModel):
    id: int | str = Field(description="本平台企业为数字编号；招商企业库企业为 P 开头的编号")
    key: str
    name: str
    uscc: str | None = None
    region: str | None = None
    region_name: str | None = None
    source: str
    source_label: str


class TargetTagPublic(BaseModel):
    tag: str
    year: int | None = None


class TargetSignPublic(BaseModel):
    kind: str = Field(description="project（新项目/扩产）| financing（融资）")
    text: str


class TargetFactsPublic(BaseModel):
    revenue_wan_yuan: str | None = None
    revenue_year: int | None = None
    employees: int | None = None
    growth_pct: float | None = None
    tags: list[TargetTagPublic]
    confidence: float
    matched: list[str]
    role: str | None = Field(None, description="make（生产制造）| trade（贸易流通）| null：名称、文本与行业代码未说明")
    role_label: str | None = None
    expansion: list[TargetSignPublic] = Field(default_factory=list, description="企业库文件记录的扩张迹象")


class TargetPublic(BaseModel):
    enterprise: TargetEnterprisePublic
    score: float
    parts: dict[str, float]
    facts: TargetFactsPublic
    reasons: list[str]


class WeightsPublic(BaseModel):
    name: str
    weights: dict[str, float]
    labels: dict[str, str]


class WeightsRequest(BaseModel):
    """The deployment's ranking weights (scaled to sum 1) with a name; `weights` null restores the defaults."""

    name: str | None = Field(None, max_length=100)
    weights: dict[Annotated[str, StringConstraints(max_length=20)], float | str] | None = Field(None, max_length=10)


class ExcludedPublic(BaseModel):
    local: int
    dismissed: int
    saved: int
    pipeline: int = Field(description="已是本链未终止的招商或重大项目的投资方（可见的项目清单）")


class TargetsPublic(BaseModel):
    chain: str
    chain_name: str
    link: str
    link_name: str
    region: str
    region_name: str | None = None
    pool: str | None = None
    status: str
    status_label: str
    local_enterprises: int
    weights: WeightsPublic
    candidates: int
    excluded: ExcludedPublic
    items: list[TargetPublic]


class TargetMapLinkPublic(BaseModel):
    id: str
    name: str
    stage: str
    status: str
    status_label: str
    importance: int
    enterprises: int
    reasons: list[str]
    candidates: int
    excluded: ExcludedPublic
    items: list[TargetPublic]


class TargetMapPublic(BaseModel):
    chain: str
    chain_name: str
    region: str
    region_name: str | None = None
    supporting_rate: float
    weighted_supporting_rate: float
    weights: WeightsPublic
    links: list[TargetMapLinkPublic]


class DecisionRequest(BaseModel):
    chain: str = Field(min_length=1, max_length=64)
    link: str = Field(min_length=1, max_length=200)
    region: str | None = Field(None, pattern=r"^(\d{6})?$")
    target: str = Field(min_length=1, max_length=40, description="P… 招商企业库企业，E… 本平台企业")
    decision: Literal["dismissed", "accepted"]
    reason: str | None = Field(None, max_length=500)
    project_name: str | None = Field(None, max_length=200, description="accepted：新建项目的名称（默认“引进<企业>（<环节>）”）")


class TargetProjectPublic(BaseModel):
    """The investment-list project an accepted target became (or already was)."""

    id: int
    name: str
    stage: str
    stage_label: str
    list: str
    list_label: str
    url: str
    created: bool = False


class DecisionPublic(BaseModel):
    id: int
    target: str
    name: str
    chain: str
    link: str
    region: str | None = None
    decision: str
    decision_label: str
    reason: str | None = None
    project: TargetProjectPublic | None = Field(None, description="accepted：在“洽谈”阶段新建（或已有）的招商项目")
    note: str | None = Field(None, description="未新建项目的原因（如工作清单只读），或已有项目的说明")


class SavedTargetPublic(BaseModel):
    id: int
    target: str
    name: str
    chain: str
    chain_name: str
    link: str
    link_name: str
    region: str | None = None
    region_name: str | None = None
    decision: str
    decision_label: str
    reason: str | None = None
    username: str
    created_at: str
    project: TargetProjectPublic | None = None
