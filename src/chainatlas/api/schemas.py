"""Pydantic schemas of the JSON API: `XPublic` for what is returned, `XCreate` for what is sent.

Money is a decimal string in 万元 (`*_wan_yuan`), never a float.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    field: str | None = Field(None, description="出错的字段，如 query.limit、body.decision")
    message: str
    type: str | None = None


class ErrorBody(BaseModel):
    code: str = Field(description="机器可读的错误代码，如 not_found、validation_error")
    message: str = Field(description="中文说明")
    details: list[ErrorDetail] = []


class ErrorPublic(BaseModel):
    error: ErrorBody


class Ping(BaseModel):
    status: str
    service: str
    version: str


class Ready(BaseModel):
    status: str
    database: str
    schema_revision: str = Field(alias="schema")

    model_config = {"populate_by_name": True}


class PagePublic(BaseModel):
    total: int
    limit: int
    offset: int


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


class TagPublic(BaseModel):
    tag: str
    label: str
    year: int | None = None


class EnterpriseSummaryPublic(BaseModel):
    id: int
    uscc: str | None
    name: str
    region_code: str | None
    region: str | None
    park: str | None
    industry_code: str | None
    revenue_wan_yuan: str | None
    revenue_year: int | None
    employees: int | None
    main_products: str | None = None
    size: str | None = None
    size_label: str | None = None
    tags: list[TagPublic] = []
    hidden: list[str] = Field([], description="未向本机构共享而略去的字段")


class EnterprisePagePublic(PagePublic):
    items: list[EnterpriseSummaryPublic]
    total_capped: bool = Field(description="true 表示实际总数超过 total（文本搜索 200、纯筛选 1000 以上不再精确计数）")
    next_cursor: str | None = Field(description="下一页的 cursor 参数；null 表示没有下一页")
    q: str | None = None


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


class PlacementPublic(BaseModel):
    id: int
    chain: str
    chain_name: str | None = None
    link: str
    link_name: str | None = None
    role: str | None
    role_label: str | None = None
    confidence: float
    matched_words: list[str]
    status: str


class EnterprisePublic(EnterpriseSummaryPublic):
    name_key: str
    founded_on: date | None
    founded_precision: str | None = Field(None, description="year 或 month：成立日期只知道到年或月（按当年1月1日/当月1日保存）")
    founded: str | None = Field(None, description="成立日期的显示形式：2019年、2019年5月或2019-05-12")
    registered_capital_wan_yuan: str | None
    business_scope: str | None
    legal_representative: str | None
    contact_person: str | None
    contact_phone: str | None
    created_at: datetime
    updated_at: datetime
    years: list[dict[str, Any]] = Field(description="逐年指标：year 与 *_wan_yuan 金额（万元）、人数")
    placements: list[PlacementPublic]
    history: list[dict[str, Any]]
    size_rule: str


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


class Option(BaseModel):
    code: str
    label: str


class FiltersPublic(BaseModel):
    regions: list[RegionOption]
    parks: list[str]
    tags: list[Option]
    sizes: list[Option]
    size_rule: str


class ImportJobPublic(BaseModel):
    id: int
    file_name: str
    skip_invalid: bool
    status: Literal["queued", "running", "done", "rejected", "failed"]
    stage: str
    done: int
    total: int
    started_at: str
    finished_at: str | None
    message: str | None
    rows: int | None
    imported: int | None
    updated: int | None
    unchanged: int | None
    rejected: int | None
    written: bool
    errors: int
    warnings: int
    ignored_columns: list[str]


class ImportJobPagePublic(PagePublic):
    items: list[ImportJobPublic]


class RowErrorPublic(BaseModel):
    sheet: str | None
    row: int
    field: str
    value: str | None
    reason: str
    severity: Literal["error", "warning"]


class RowErrorPagePublic(PagePublic):
    items: list[RowErrorPublic]


class ReadingColumnPublic(BaseModel):
    column: str = Field(description="列字母，如 G")
    header: str = Field(description="表头（两行表头为“合并单元格/下方单元格”）")
    field: str
    label: str
    year: int | None = Field(description="指标所属年度（取自表头或其上方的合并单元格）")
    unit: str | None = Field(description="金额列按此单位读取（单元格里写明的单位优先）")
    notes: list[str]


class ReadingIgnoredPublic(BaseModel):
    column: str
    header: str


class SkippedRowPublic(BaseModel):
    sheet: str | None
    row: int
    reason: str
    text: str | None


class PreambleLinePublic(BaseModel):
    row: int
    text: str


class ReadingSheetPublic(BaseModel):
    sheet: str | None
    header_rows: list[int]
    header_cells: list[list[str]]
    preamble: list[PreambleLinePublic]
    unit: str | None
    unit_text: str | None
    rows: int
    columns: list[ReadingColumnPublic]
    ignored_columns: list[ReadingIgnoredPublic]
    skipped_rows: list[SkippedRowPublic]


class ReadingPublic(BaseModel):
    file: str
    format: str
    sheets: list[ReadingSheetPublic]
    notices: list[str]


class ImportPreviewPublic(BaseModel):
    file: str
    rows: int = Field(description="企业行数（不含跳过的行）")
    imported: int = Field(description="可导入的行数")
    rejected: int
    skipped: int = Field(description="跳过的空行、合计行、注释行")
    error_count: int
    warning_count: int
    errors: list[RowErrorPublic] = Field(description="前 100 条错误")
    warnings: list[RowErrorPublic] = Field(description="前 100 条警告")
    ignored_columns: list[str]
    reading: ReadingPublic


# ---- accounts, organisations, agreements, audit --------------------------------------------------

class LoginCreate(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class OrganisationPublic(BaseModel):
    id: int
    name: str
    kind: str
    kind_label: str
    parent_id: int | None
    region_code: str | None
    park: str | None
    enterprise_id: int | None


class MePublic(BaseModel):
    username: str
    display_name: str | None = None
    role: str
    role_label: str
    organisation: str | None
    org_id: int | None
    permissions: list[str]
    csrf_token: str | None = Field(None, description="网页会话的 CSRF 令牌：写操作放在 X-CSRF-Token 头中")
    agreements: list[int] = Field(description="本机构正在使用的共享协议编号")


class OrganisationCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["platform", "province", "city", "district", "park", "alliance", "bank", "enterprise"]
    parent: str | None = Field(None, max_length=200, description="上级机构编号或名称")
    region_code: str | None = Field(None, pattern=r"^\d{6}$")
    park: str | None = Field(None, max_length=100)
    enterprise: str | None = Field(None, pattern=r"^(\d{1,12}|[0-9A-Za-z]{18})$", description="企业编号或信用代码")


class UserPublic(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    org_id: int
    org: str | None
    active: bool
    demo: bool
    last_login_at: datetime | None


class UserCreate(BaseModel):
    username: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    password: str = Field(min_length=10, max_length=200)
    org: str = Field(min_length=1, max_length=200, description="机构编号或名称")
    role: Literal["admin", "chain_office", "investment_bureau", "park", "alliance", "bank", "enterprise",
                  "readonly"]
    display_name: str | None = Field(None, max_length=100)


class UserUpdate(BaseModel):
    active: bool | None = None
    password: str | None = Field(None, min_length=10, max_length=200)


class TokenPublic(BaseModel):
    id: int
    name: str
    username: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="用途，如「数据报送程序」")
    days: int | None = Field(None, ge=1, le=3650, description="有效天数；空为不过期（可随时吊销）")
    username: str | None = Field(None, max_length=64, description="管理员可为其他账号创建")


class TokenCreated(TokenPublic):
    token: str = Field(description="令牌本身，只显示这一次")


class AgreementPublic(BaseModel):
    id: int
    grantor_id: int
    grantor: str
    grantee_id: int
    grantee: str
    dataset: str
    region_code: str | None
    park: str | None
    chain: str | None
    tag: str | None
    fields: list[str]
    field_labels: list[str]
    purpose: str
    valid_from: date
    valid_to: date
    status: str
    status_label: str
    in_force: bool
    created_at: datetime
    ended_at: datetime | None


class AgreementCreate(BaseModel):
    grantee: str = Field(min_length=1, max_length=200, description="接收数据的机构编号或名称")
    purpose: str = Field(min_length=1, max_length=500, description="共享目的，如「融资对接」")
    fields: list[Literal["basic", "business", "metrics", "tags", "placements", "evaluations", "contacts",
                         "legal_representative"]] = Field(description="共享的字段组（基本信息总会包含）")
    valid_to: date
    valid_from: date | None = None
    region_code: str | None = Field(None, pattern=r"^\d{6}$", description="只共享本辖区内的这一地区")
    park: str | None = Field(None, max_length=100)
    chain: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="只共享这条产业链上的企业")
    tag: str | None = Field(None, max_length=40, description="只共享带这一标签的企业")


class AuditEntryPublic(BaseModel):
    id: int
    at: datetime
    user_id: int | None
    username: str
    org_id: int | None
    role: str | None
    role_label: str | None
    channel: str
    address: str | None
    action: str
    action_label: str
    target: str | None
    detail: dict[str, Any]


class AuditPagePublic(BaseModel):
    items: list[AuditEntryPublic]
    limit: int
    next_before: int | None
