"""Official evaluations: one enterprise's results under each rule and version, and the 梯度培育 report
(services/evaluation). Scores are decimal strings; money in 万元, as decimal strings."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from chainatlas.api.schemas.registry import EnterpriseBasicsPublic


class ConfidenceFields(BaseModel):
    confidence: str = Field(description="可信度标记（机器读取）：✅ 多个来源一致、◐ 单一来源、⚠ 未经确认")
    confidence_code: Literal["sure", "one_source", "unconfirmed"] = Field(description="可信度代码（页面样式用）")
    confidence_label: str = Field(description="可信度的中文说法：已核、推定、待核")


class ConfidenceLegendPublic(BaseModel):
    code: str = Field(description="可信度代码")
    label: str = Field(description="页面上显示的词：已核、推定、待核")
    meaning: str = Field(description="含义")


class RuleVersionPublic(ConfidenceFields):
    rule: str = Field(description="规则代码，如 innovative_sme、specialised_sme_2026")
    label: str = Field(description="规则的中文名称")
    name: str = Field(description="规则出处（办法及条目）")
    version: str = Field(description="版本（发文字号）")
    basis: str = Field(description="依据，按公文引用的写法：《文件名》（文号）；文号未确认时只写文件名")


class EvaluationPartPublic(BaseModel):
    indicator: str = Field(description="指标或条件")
    value: str | int | bool | None = Field(description="据以判定的值（数值为十进制字符串）；null 为缺少数据")
    unit: str
    band: str | None = Field(description="所在档位（计分指标）或要求（条件）")
    points: int | None = Field(description="得分；条件为 null")
    max_points: int | None = Field(description="满分；条件为 null")
    passed: bool | None = Field(description="条件是否满足；计分指标或无法判定时为 null")
    display: str = Field(description="值的中文写法（带单位，如 2.6%、1200万元、是/否；缺少数据）")
    outcome: str = Field(description="结果的中文写法：得分（如 15/20分）或 满足/未满足/无法判定")


class EvaluationResultPublic(ConfidenceFields):
    rule: str = Field(description="规则代码")
    label: str = Field(description="规则的中文名称")
    name: str = Field(description="规则出处")
    version: str
    basis: str = Field(description="依据，按公文引用的写法：《文件名》（文号）")
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
    missing_labels: list[str] = Field(description="缺少的企业事实（中文名称，与 missing 一一对应）")
    lacks: list[str] = Field(description="所缺内容的中文说明；符合时为空")


class FactPublic(BaseModel):
    key: str = Field(description="字段名（见 docs/facts.md）")
    label: str = Field(description="中文名称")
    unit: str = Field(description="单位（万元、%、人……；列表、日期、是否题为空）")
    value: Any = Field(description="机器读取的值（同 facts）")
    display: str = Field(description="值的中文写法，带单位")
    source: Literal["registry", "facts", "derived"] | None = Field(description="来源代码")
    source_label: str = Field(description="来源：企业库、企业事实文件、推算")


class EvaluationPublic(BaseModel):
    enterprise: EnterpriseBasicsPublic
    evaluated_on: date = Field(description="评价日期（未评价过为今天）")
    facts_year: int = Field(description="所据数据的年度（上年）")
    facts: dict[str, Any] = Field(description="评价所据的企业事实（只列出已知的项；金额为万元、比例为 %，"
                                              "均为十进制字符串，日期为 ISO 格式）")
    fact_sources: dict[str, Literal["registry", "facts", "derived"]] = Field(
        description="每项事实的来源：registry 企业库、facts 企业事实文件、derived 推算")
    fact_list: list[FactPublic] = Field(description="评价所据的企业事实，按文档顺序，带中文名称、单位和来源")
    results: list[EvaluationResultPublic] = Field(description="各规则的结果；从未评价过为空")
    confidence_legend: list[ConfidenceLegendPublic] = Field(description="可信度图例")


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
    holders: list[TitleHolderPublic] = Field(description="已获称号的企业（至多 limit 家）")
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
    limit: int | None = Field(description="每类列出的企业数；null 为全部")
    tiers: list[CultivationTierPublic] = Field(description="创新型 → 专精特新 → “小巨人”")
    confidence_legend: list[ConfidenceLegendPublic] = Field(description="可信度图例")
    notes: list[str]


class CultivationListPublic(BaseModel):
    chain: NamedChain | None = Field(description="所选产业链；null 为全部")
    region: NamedRegion | None = Field(description="所选区域；null 为全部")
    tier: str = Field(description="梯度代码")
    title: str = Field(description="称号")
    kind: Literal["holders", "eligible", "candidates"] = Field(description="名单代码")
    kind_label: str = Field(description="名单名称：已获称号、符合条件、尚未获得、培育对象（差距最小）")
    page: int
    size: int
    total: int = Field(description="名单的总数（筛选后）")
    pages: int = Field(description="总页数")
    items: list[TitleHolderPublic] | list[CultivationCandidatePublic] = Field(
        description="本页企业：已获称号名单为称号企业，其余为培育对象")
