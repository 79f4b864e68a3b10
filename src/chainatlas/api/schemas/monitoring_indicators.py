"""Schemas of the monthly indicator import (api/routes/monitoring_indicators.py)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from chainatlas.api.schemas.registry import (
    ReadingIgnoredPublic,
    ReadingPublic,
    ReadingSheetPublic,
    RowErrorPublic,
)


class IndicatorIgnoredPublic(ReadingIgnoredPublic):
    reason: str = Field(description="为何不导入（如 同比列由系统计算）")


class IndicatorSheetPublic(ReadingSheetPublic):
    kind: str = Field(description="enterprises：按企业填报；areas：按地区（和产业链）填报的合计")
    period: str = Field(description="报告期从何而来（报告期列、标题或指定）")
    ignored_columns: list[IndicatorIgnoredPublic]  # type: ignore[assignment]


class IndicatorReadingPublic(ReadingPublic):
    sheets: list[IndicatorSheetPublic]  # type: ignore[assignment]


class IndicatorImportPublic(BaseModel):
    file: str
    rows: int = Field(description="数据行数（不含跳过的空行、合计行、注释行）")
    imported: int = Field(description="新增的企业（或地区）月度记录；预览时为将新增的数")
    updated: int = Field(description="已有报告期被更新的记录")
    rejected: int = Field(description="不合格的行")
    written: bool
    batch_id: int | None
    months: list[str] = Field(description="涉及的报告期（YYYY-MM，季度记在季末月）")
    skipped: int
    error_count: int
    warning_count: int
    errors: list[RowErrorPublic] = Field(description="前 100 条错误（行、列、原因）")
    warnings: list[RowErrorPublic] = Field(description="前 100 条警告")
    reading: IndicatorReadingPublic
