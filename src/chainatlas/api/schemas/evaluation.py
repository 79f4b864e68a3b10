"""Official evaluations: one enterprise's results under each rule and version, and the 梯度培育 report
(services/evaluation). Scores are decimal strings; money in 万元, as decimal strings."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from chainatlas.api.schemas.registry import EnterpriseBasicsPublic


class RuleVersionPublic(BaseModel):
    rule: str = Field(description="规则代码，如 innovative_sme、specialised_sme_2026")
    label: str = Field(description="规则的中文名称")
    name: str = Field(description="规则出处（办法及条目）")
    version: str = Field(description="版本（发文字号）")
    confidence: str = Field(description="可信度标记：✅ 多个来源一致、◐ 单一来源、⚠ 未经确认")


class EvaluationPartPublic(BaseModel):
    indicator: str = Field(description="指标或条件")
    value: str | int | bool | None = Field(description="据以判定的值（数值为十进制字符串）；null 为缺少数据")
    unit: str
    band: str | None = Field(description="所在档位（计分指标）或要求（条件）")
    points: int | None = Field(description="得分；条件为 null")
    max_points: int | None = Field(description="满分；条件为 null")
    passed: bool | None = Field(description="条件是否满足；计分指标或无法判定时为 null")


class EvaluationResultPublic(BaseModel):
    rule: str = Field(description="规则代码")
    label: str = Field(description="规则的中文名称")
    name: str = Field(description="规则出处")
    version: str
    confidence: str
    evaluated_on: date = Field(description="评价日期")
    facts_year: int | None = Field(description="所据数据的年度（上年）")
    qualified: bool | None = Field(description="是否符合；null 为数据不足，无法判定")
    verdict: str = Field(description="结论：符合/不符合/数据不足，无法判定，或划型结果、规上类别")
    score: str | None = Field(description="得分（十进制字符串）；不计分的规则为 null")
    size: str | None = Field(description="企业规模（中小企业划型）")
    level: str | None = Field(description="等级（智能工厂、成熟度）")
    status: str | None = Field(description="达到的统计类别（规上/限上）")
    sector: str | None = Field(description="所属行业门类")
    title_held: bool | None = Field(description="是否已获该梯度称号；非梯度规则为 null")
    failed_count: int = Field(description="未满足的条件数")
    missing_count: int = Field(description="缺少的数据项数")
    shortfall_pct: int = Field(description="未满足条件距要求的差距之和（%，每项至多 100）")
    parts: list[EvaluationPartPublic]
    reasons: list[str] = Field(description="未满足或无法判定的原因")
    missing: list[str] = Field(description="缺少的企业事实（字段名）")
    lacks: list[str] = Field(description="所缺内容的中文说明；符合时为空")


class EvaluationPublic(BaseModel):
    enterprise: EnterpriseBasicsPublic
    evaluated_on: date = Field(description="评价日期（未评价过为今天）")
    facts_year: int = Field(description="所据数据的年度（上年）")
    facts: dict[str, Any] = Field(description="评价所据的企业事实（只列出已知的项；金额为万元、比例为 %，"
                                              "均为十进制字符串，日期为 ISO 格式）")
    fact_sources: dict[str, Literal["registry", "facts", "derived"]] = Field(
        description="每项事实的来源：registry 企业库、facts 企业事实文件、derived 推算")
    results: list[EvaluationResultPublic] = Field(description="各规则的结果；从未评价过为空")


class NamedChain(BaseModel):
    id: str
    name: str


class NamedRegion(BaseModel):
    code: str
    name: str


class TitleReviewPublic(BaseModel):
    qualified: bool | None = Field(description="按复核规则是否仍符合；null 为数据不足")
    verdict: str
    lacks: list[str] = Field(description="所缺内容的中文说明；符合时为空")


class TitleHolderPublic(EnterpriseBasicsPublic):
    since: int | None = Field(description="获得称号的年度")
    review: TitleReviewPublic | None = Field(description="按复核规则的结果；未评价为 null")


class CultivationCandidatePublic(EnterpriseBasicsPublic):
    qualified: bool | None = Field(description="是否符合新申报规则；null 为数据不足")
    verdict: str
    score: str | None = Field(description="得分（十进制字符串）")
    failed_count: int = Field(description="未满足的条件数")
    missing_count: int = Field(description="缺少的数据项数")
    shortfall_pct: int = Field(description="未满足条件距要求的差距之和（%）")
    lacks: list[str] = Field(description="所缺内容的中文说明；符合时为空")


class CultivationTierPublic(BaseModel):
    tier: str = Field(description="梯度：innovative_sme、specialised_sme、little_giant")
    title: str = Field(description="称号")
    rule: RuleVersionPublic = Field(description="新申报规则")
    review_rule: RuleVersionPublic = Field(description="复核规则（已获称号企业）")
    holders: list[TitleHolderPublic] = Field(description="已获称号的企业（全部列出）")
    holders_count: int
    eligible: list[CultivationCandidatePublic] = Field(description="符合条件、尚未获得称号的企业（至多 limit 家）")
    eligible_count: int
    candidates: list[CultivationCandidatePublic] = Field(description="差距最小的培育对象（至多 limit 家）")
    candidates_count: int


class CultivationReportPublic(BaseModel):
    chain: NamedChain | None = Field(description="所选产业链；null 为全部")
    region: NamedRegion | None = Field(description="所选区域；null 为全部")
    evaluated_on: date | None = Field(description="最近一次评价的日期；尚未评价为 null")
    facts_year: int | None = Field(description="最近一次评价所据数据的年度")
    demo: str | None = Field(description="示例数据的说明；真实数据为 null")
    enterprises: int = Field(description="范围内的企业数")
    limit: int
    tiers: list[CultivationTierPublic] = Field(description="创新型 → 专精特新 → “小巨人”")
    notes: list[str]
