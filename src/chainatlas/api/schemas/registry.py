"""The enterprise registry: search, profiles (with their chain placements) and imports — jobs, row errors
and the preview of how a file is read (services/registry)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from chainatlas.api.schemas.common import PagePublic


class TagPublic(BaseModel):
    tag: str
    label: str
    year: int | None = None


class EnterpriseBasicsPublic(BaseModel):
    """The columns every list of enterprises shows (an evaluation, the 梯度培育 lists); money in 万元."""

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


class EnterpriseSummaryPublic(EnterpriseBasicsPublic):
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
    merged: int | None = Field(description="并入他行的行数：与本文件另一行是同一企业，或按名称并入企业库中写法不同的企业；"
                                           "新增 + 更新 + 未变 + 合并 + 拒绝 = 行数")
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
