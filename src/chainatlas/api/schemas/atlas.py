"""The atlas: chains and their links, chain maps, gap reports, the overview, the enterprises of a link,
placement decisions and the choices of the page filters (services/atlas)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from chainatlas.api.schemas.common import Option, PagePublic


class ChainSummaryPublic(BaseModel):
    id: str
    name: str
    name_en: str | None = None
    version: int
    links: int
    source: str | None = None


class ChainPagePublic(PagePublic):
    items: list[ChainSummaryPublic]


class LinkPublic(BaseModel):
    id: str
    name: str
    stage: str
    stage_label: str
    importance: int
    keywords: list[str]
    products: list[str]
    industry_codes: list[str]
    description: str = ""
    terms: list[str] = []
    not_terms: list[str] = []


class EdgePublic(BaseModel):
    from_: str = Field(alias="from", serialization_alias="from")
    to: str


class ChainPublic(BaseModel):
    id: str
    name: str
    name_en: str | None = None
    version: int
    description: str | None = None
    links: list[LinkPublic]
    edges: list[EdgePublic]


class StatusCounts(BaseModel):
    covered: int
    weak: int
    missing: int


class MapNodePublic(BaseModel):
    id: str
    name: str
    stage: str
    stage_label: str
    column: int
    row: int
    importance: int
    status: Literal["covered", "weak", "missing"]
    status_label: str
    enterprises: int
    revenue_wan_yuan: str
    leaders: list[str]
    reasons: list[str]


class ChainMapPublic(BaseModel):
    chain: str
    chain_name: str
    chain_name_en: str | None = None
    region: str | None
    region_name: str | None
    park: str | None
    nodes: list[MapNodePublic]
    edges: list[EdgePublic]
    counts: StatusCounts
    supporting_rate: float
    weighted_supporting_rate: float
    computed_at: str


class GapLinkPublic(BaseModel):
    id: str
    name: str
    stage: str
    stage_label: str
    importance: int
    enterprises: int
    leaders: list[str]
    revenue_wan_yuan: str
    status: Literal["covered", "weak", "missing"]
    reasons: list[str]


class ExtensionPublic(BaseModel):
    link: str
    name: str
    status: str
    score: float
    reason: str


class GapReportPublic(BaseModel):
    chain: str
    chain_name: str
    region: str | None
    region_name: str | None
    supporting_rate: float
    weighted_supporting_rate: float
    covered_rate: float
    counts: StatusCounts
    links: list[GapLinkPublic]
    extend: list[ExtensionPublic]
    policy: dict[str, Any]
    sort: str
    order: Literal["asc", "desc"]


class ChainOverviewPublic(BaseModel):
    id: str
    name: str
    name_en: str | None = None
    links: int
    enterprises: int
    revenue_wan_yuan: str
    supporting_rate: float
    weighted_supporting_rate: float
    covered: int
    weak: int
    missing: int


class OverviewPublic(BaseModel):
    chains: list[ChainOverviewPublic]
    registry_enterprises: int
    totals: dict[str, int]
    computed_at: str


class LinkEnterprisePublic(BaseModel):
    id: int
    name: str
    uscc: str | None
    region_code: str | None
    region: str | None
    park: str | None
    revenue_wan_yuan: str | None
    placement_id: int
    role: str | None
    role_label: str | None
    status: str
    confidence: float
    hidden: list[str] = Field([], description="未向本机构共享而略去的字段")


class LinkEnterprisePagePublic(PagePublic):
    chain: str
    link: str
    link_name: str
    stage: str
    items: list[LinkEnterprisePublic]


class PlacementDecisionCreate(BaseModel):
    decision: Literal["confirmed", "rejected"] = Field(description="confirmed 确认 / rejected 驳回")
    role: Literal["leader", "key", "supporting"] | None = Field(None, description="确认时可同时设定角色")


class PlacementDecisionPublic(BaseModel):
    id: int
    status: str
    role: str | None
    changed: int


class RegionOption(BaseModel):
    code: str
    name: str
    level: str


class FiltersPublic(BaseModel):
    regions: list[RegionOption]
    parks: list[str]
    tags: list[Option]
    sizes: list[Option]
    size_rule: str
