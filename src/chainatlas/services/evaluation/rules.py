"""The rules the registry is evaluated on, and the stored form of their results.

Each rule has a short code (stored with its results), a Chinese label and the
versioned table it comes from; ``result_row`` turns a domain result into the
columns of ``evaluations`` and ``present`` turns a stored row into the plain,
JSON-ready dict the API, pages and CLI show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from chainatlas import reference
from chainatlas.domain.cultivation import TIER_OF_TAG, Tier, holds, lacks, shortfall, verdict
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.jsonable import json_ready
from chainatlas.domain.rules import (
    ABOVE_SCALE_STATS,
    INNOVATIVE_SME_2022,
    LITTLE_GIANT_2022,
    LITTLE_GIANT_2026,
    MATURITY_GB39117,
    SMART_FACTORY_2024,
    SME_SIZE_2011,
    SPECIALISED_SME_2022,
    SPECIALISED_SME_2026,
    EnterpriseFacts,
    Part,
    RuleResult,
    ScaleResult,
    SizeResult,
    classify_sme_size,
    evaluate_above_scale,
    evaluate_innovative_sme,
    evaluate_little_giant,
    evaluate_smart_factory,
    evaluate_specialised_sme,
    maturity_level,
)
from chainatlas.domain.rules.facts import fact_label
from chainatlas.domain.rules.results import CONFIDENCES, PASSED_LABELS, confidence_of
from chainatlas.domain.rules.scale import MAIN
from chainatlas.domain.rules.tables import RuleTable
from chainatlas.domain.rules.text import number, shown

PART_KEYS = ("indicator", "value", "unit", "band", "points", "max_points", "passed")


def _industry_result(table: RuleTable[Any], result_type: type[RuleResult], facts: EnterpriseFacts,
                     judge: Callable[[str], RuleResult]) -> RuleResult:
    """Run an industry-based rule, turning a missing or unusable code into an undecided result."""
    if facts.industry_code is None:
        return table.result(result_type, qualified=None, reasons=("缺少行业代码",), missing=("industry_code",))
    try:
        return judge(facts.industry_code)
    except InvalidInput as exc:
        return table.result(result_type, qualified=None, reasons=(str(exc),))


def _sme_size(facts: EnterpriseFacts) -> RuleResult:
    return _industry_result(SME_SIZE_2011, SizeResult, facts, lambda code: classify_sme_size(
        code, employees=facts.employees, revenue_wan=facts.revenue_wan, total_assets_wan=facts.total_assets_wan,
        known_codes=reference.industries()))


def _above_scale_of(facts: EnterpriseFacts, code: str) -> RuleResult:
    known = reference.industries()
    probe = evaluate_above_scale(code, known_codes=known)
    row = next((r for r in ABOVE_SCALE_STATS.rows if r.sector == probe.sector), None)
    if row is None:
        return probe
    field = "main_revenue_wan" if row.measure == MAIN else "revenue_wan"
    result = evaluate_above_scale(code, revenue_wan=getattr(facts, field), known_codes=known)
    return replace(result, missing=(field,)) if result.missing else result


def _above_scale(facts: EnterpriseFacts) -> RuleResult:
    return _industry_result(ABOVE_SCALE_STATS, ScaleResult, facts, lambda code: _above_scale_of(facts, code))


@dataclass(frozen=True)
class RuleSpec:
    """One rule the registry is evaluated on: code, label, table and how to judge facts.

    ``judge`` returns None when the facts the rule is about are absent
    (smart factory, maturity): no result is stored then.
    """

    code: str
    label: str
    table: RuleTable[Any]
    judge: Callable[[EnterpriseFacts], RuleResult | None]
    tier: Tier | None = None


RULES = (
    RuleSpec("sme_size", "企业规模（中小企业划型）", SME_SIZE_2011, _sme_size),
    RuleSpec("above_scale", "规上/限上", ABOVE_SCALE_STATS, _above_scale),
    RuleSpec("innovative_sme", "创新型（科技和创新型）中小企业", INNOVATIVE_SME_2022, evaluate_innovative_sme,
             TIER_OF_TAG["innovative_sme"]),
    RuleSpec("specialised_sme_2026", "专精特新中小企业（2026 新申报）", SPECIALISED_SME_2026,
             lambda f: evaluate_specialised_sme(f, "2026"), TIER_OF_TAG["specialised_sme"]),
    RuleSpec("specialised_sme_2022", "专精特新中小企业（2022 复核）", SPECIALISED_SME_2022,
             lambda f: evaluate_specialised_sme(f, "2022"), TIER_OF_TAG["specialised_sme"]),
    RuleSpec("little_giant_2026", "专精特新“小巨人”（2026 新申报）", LITTLE_GIANT_2026,
             lambda f: evaluate_little_giant(f, "2026"), TIER_OF_TAG["little_giant"]),
    RuleSpec("little_giant_2022", "专精特新“小巨人”（2022 复核）", LITTLE_GIANT_2022,
             lambda f: evaluate_little_giant(f, "2022"), TIER_OF_TAG["little_giant"]),
    RuleSpec("smart_factory", "智能工厂梯度培育", SMART_FACTORY_2024,
             lambda f: None if f.smart_factory_level is None else evaluate_smart_factory(f)),
    RuleSpec("maturity", "智能制造能力成熟度", MATURITY_GB39117,
             lambda f: None if f.maturity_score is None
             else maturity_level(f.maturity_score, assessed_on=f.maturity_assessed_on)),
)
RULE_BY_CODE = {spec.code: spec for spec in RULES}


def confidence_fields(mark: str) -> dict[str, str]:
    """The confidence mark with the word and CSS code people see (已核/推定/待核)."""
    readable = confidence_of(mark)
    return {"confidence": mark, "confidence_code": readable.code, "confidence_label": readable.label}


def confidence_legend() -> list[dict[str, str]]:
    """What each confidence word means, for the legend next to the marks."""
    return [{"code": c.code, "label": c.label, "meaning": c.meaning} for c in CONFIDENCES]


def basis_of(code: str, version: str, name: str) -> str:
    """How an official cites the rule's document: the table's basis, or name and version for an unknown rule."""
    spec = RULE_BY_CODE.get(code)
    if spec is not None and spec.table.basis:
        return spec.table.basis
    return f"{name}（{version}）"


def rule_version(spec: RuleSpec) -> dict[str, str]:
    """One rule with its name, version, the document it rests on and its confidence."""
    table = spec.table
    return {"rule": spec.code, "label": spec.label, "name": table.name, "version": table.version,
            "basis": basis_of(spec.code, table.version, table.name), **confidence_fields(table.weakest_confidence)}


def rule_versions() -> list[dict[str, str]]:
    """Every rule evaluated, with its name, version, basis and confidence."""
    return [rule_version(s) for s in RULES]


def _part(part: Part) -> list[Any]:
    # The hot path of evaluate_all: parts are flat, so no generic conversion is needed.
    value = part.value
    shown = format(value, "f") if isinstance(value, Decimal) else value
    return [part.indicator, shown, part.unit, part.band, part.points, part.max_points, part.passed]


def result_row(enterprise_id: int, spec: RuleSpec, result: RuleResult, facts: EnterpriseFacts,
               on: date, facts_year: int, now: datetime) -> dict[str, Any]:
    """The stored form of one result: columns, plus the parts, reasons and missing facts as JSON."""
    gap = shortfall(result)
    extra = {k: getattr(result, k) for k in ("status", "sector", "not_applicable")
             if getattr(result, k, None) is not None}
    body = {"name": result.rule, "parts": [_part(p) for p in result.parts],
            "reasons": list(result.reasons), "missing": list(result.missing), **extra}
    return {"enterprise_id": enterprise_id, "rule": spec.code, "version": result.version,
            "confidence": result.confidence, "evaluated_on": on, "facts_year": facts_year,
            "qualified": result.qualified, "score": result.score, "size": getattr(result, "size", None),
            "level": getattr(result, "level", None),
            "title_held": None if spec.tier is None else holds((t.title for t in facts.titles or ()), spec.tier),
            "failed_count": gap.failed, "missing_count": gap.missing, "shortfall_pct": gap.gap_pct,
            "result": body, "created_at": now}


def _verdict(row: Mapping[str, Any], body: Mapping[str, Any]) -> str:
    """符合/不符合/数据不足, 不适用（非中小企业）, or what the rule classifies into (企业规模, 规上/限上 category)."""
    if row["size"]:
        return row["size"]
    if row["qualified"] and body.get("status"):
        return body["status"]
    return verdict(row["qualified"], body)


def _shown_part(stored: list[Any]) -> dict[str, Any]:
    """A stored part with what people read: the value with its unit, and the outcome in words."""
    part = dict(zip(PART_KEYS, stored, strict=True))
    if part["points"] is not None:
        outcome = f"{part['points']}/{part['max_points']}分"
    elif part["passed"] is None and part["max_points"] is not None:  # a scored indicator open for lack of data
        outcome = f"待定（满分{part['max_points']}分）"
    else:
        outcome = PASSED_LABELS[part["passed"]]
    return {**part, "display": shown(part["value"], part["unit"]), "outcome": outcome}


def present(row: Mapping[str, Any]) -> dict[str, Any]:
    """One stored (or freshly built) result as the API and pages show it; ``lacks`` is empty when met."""
    spec = RULE_BY_CODE.get(row["rule"])
    body = row["result"]
    score = row["score"]
    return {
        "rule": row["rule"], "label": spec.label if spec else row["rule"], "name": body["name"],
        "version": row["version"], "basis": basis_of(row["rule"], row["version"], body["name"]),
        **confidence_fields(row["confidence"]),
        "evaluated_on": json_ready(row["evaluated_on"]), "facts_year": row["facts_year"],
        "qualified": row["qualified"], "verdict": _verdict(row, body),
        "score": None if score is None else number(Decimal(score)), "size": row["size"], "level": row["level"],
        "status": body.get("status"), "sector": body.get("sector"), "title_held": row["title_held"],
        "failed_count": row["failed_count"], "missing_count": row["missing_count"],
        "shortfall_pct": row["shortfall_pct"],
        "parts": [_shown_part(part) for part in body["parts"]],
        "reasons": body["reasons"], "missing": body["missing"],
        "missing_labels": [fact_label(name) for name in body["missing"]],
        "lacks": [] if row["qualified"] else lacks(body["reasons"], body["missing"]),
    }


