"""The 梯度培育 report: per tier, who holds the title, who meets it without holding it, who is closest.

Read from the stored evaluations (``evaluate_all`` first). For each tier
(创新型 → 专精特新 → "小巨人"):

- holders: a registry tag or a facts-file title says the enterprise holds it;
  each shows its review under the 2022 rules (复核);
- eligible: the new-application rule is met but the title is not held;
- candidates: not met, ranked by how little they lack — unmet conditions,
  then facts missing, then the summed shortfall (``domain.cultivation``) —
  each with the Chinese reasons. Enterprises the tier's rule does not apply
  to (不适用（非中小企业）: 大型 by SME size, ``domain.rules.sme_gate``) and
  holders of this or a higher tier are left out of both lists and counts.
  Holders stay listed whatever their size: a 大型 holder's review says
  不适用（非中小企业）.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, exists, func, or_, select
from sqlalchemy.sql import ColumnElement

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.cultivation import LIST_LABELS, TIERS, WHOLE, Tier, lacks, verdict
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules.text import number
from chainatlas.exporters import WAN_YUAN, Column, Sheet, xlsx_bytes
from chainatlas.services import access, atlas
from chainatlas.services.evaluation.rules import RULE_BY_CODE, confidence_legend, rule_version
from chainatlas.services.registry.enterprises import summary
from chainatlas.store import filters
from chainatlas.store.cache import Cache
from chainatlas.store.models import (
    enterprise_facts,
    enterprise_tags,
    enterprises,
    evaluations,
    meta,
)

DEFAULT_LIMIT = 50
LAST_EVALUATION = "last_evaluation"  # meta key evaluate_all writes: {"evaluated_on", "facts_year"}
SUMMARY_COLUMNS = (enterprises.c.id, enterprises.c.uscc, enterprises.c.name, enterprises.c.region_code,
                   enterprises.c.park, enterprises.c.industry_code, enterprises.c.revenue_fen,
                   enterprises.c.revenue_year, enterprises.c.employees)


def _scope(engine: Engine, chain_id: str | None, region: str | None, viewer: Viewer
           ) -> tuple[list[ColumnElement[bool]], dict[str, Any]]:
    """Conditions on ``enterprises`` for the chain and region asked for, within the viewer's evaluation
    rights, and how to name them."""
    conditions: list[ColumnElement[bool]] = [enterprises.c.merged_into_id.is_(None),
                                             *access.conditions(viewer, needs="evaluations")]
    named: dict[str, Any] = {"chain": None, "region": None}
    if region:
        regions = reference.regions()
        if region not in regions.by_code:
            raise InvalidInput(f"行政区划代码 {region} 不存在（GB/T 2260）")
        conditions += filters.in_region(region)
        named["region"] = {"code": region, "name": regions.name_of(region)}
    if chain_id:
        chain = atlas.get_chain(engine, chain_id)
        conditions.append(filters.placed_on(chain_id))
        named["chain"] = {"id": chain.id, "name": chain.name}
    return conditions, named


def _holds(tiers: tuple[Tier, ...]) -> ColumnElement[bool]:
    """The enterprise holds one of ``tiers``: by registry tag, or by a title its evaluation found."""
    held = evaluations.alias("held")
    return or_(
        exists().where(enterprise_tags.c.enterprise_id == enterprises.c.id,
                       enterprise_tags.c.tag.in_([t.code for t in tiers])),
        exists().where(held.c.enterprise_id == enterprises.c.id, held.c.rule.in_([t.rule for t in tiers]),
                       held.c.title_held.is_(True)))


def _applies() -> ColumnElement[bool]:
    """The tier's rule (``evaluations`` joined on it) applies: not 不适用（非中小企业）. Results stored before
    the rules had the 中小企业 gate carry no such mark, so a 大型 size result leaves them out too.

    A not-applicable result is stored as unmet with one condition missed wholly (``shortfall``), so those
    columns are tested first: the stored body is parsed only for the few rows they leave."""
    size = evaluations.alias("size")
    ev = evaluations
    not_applicable = and_(ev.c.qualified.is_(False), ev.c.failed_count == 1, ev.c.shortfall_pct == WHOLE,
                          ev.c.result["not_applicable"].as_string().is_not(None))
    return and_(~not_applicable,
                ~exists().where(size.c.enterprise_id == enterprises.c.id, size.c.rule == "sme_size",
                                size.c.qualified.is_(False)))


def _rule(code: str) -> dict[str, str]:
    return rule_version(RULE_BY_CODE[code])


def _score(value: Any) -> str | None:
    return None if value is None else number(value)


def _count(conn: Connection, *where: ColumnElement[bool]) -> int:
    return conn.execute(select(func.count()).select_from(enterprises).where(*where)).scalar_one()


def _met_and_short(conn: Connection, tier: Tier, where: list[ColumnElement[bool]]) -> tuple[int, int]:
    """How many enterprises meet the tier's rule, and how many fall short of it, in one pass."""
    ev = evaluations
    met = func.coalesce(func.sum(case((ev.c.qualified.is_(True), 1), else_=0)), 0)
    query = (select(met, func.count()).select_from(enterprises)
             .join(ev, and_(ev.c.enterprise_id == enterprises.c.id, ev.c.rule == tier.rule)).where(*where))
    qualified, total = conn.execute(query).one()
    return qualified, total - qualified


def _holders(conn: Connection, tier: Tier, scope: list[ColumnElement[bool]], limit: int | None,
             offset: int = 0) -> list[dict[str, Any]]:
    review = evaluations.alias("review")
    # Grouped once and joined: a correlated subquery per holder would scan the tag index each time.
    since = (select(enterprise_tags.c.enterprise_id, func.min(enterprise_tags.c.year).label("since"))
             .where(enterprise_tags.c.tag == tier.code).group_by(enterprise_tags.c.enterprise_id).subquery())
    query = (select(*SUMMARY_COLUMNS, since.c.since, review.c.qualified, review.c.result, enterprise_facts.c.facts)
             .outerjoin(since, since.c.enterprise_id == enterprises.c.id)
             .outerjoin(review, and_(review.c.enterprise_id == enterprises.c.id, review.c.rule == tier.review_rule))
             .outerjoin(enterprise_facts, enterprise_facts.c.enterprise_id == enterprises.c.id)
             .where(*scope, _holds((tier,)))
             .order_by(enterprises.c.revenue_fen.desc().nulls_last(), enterprises.c.id)
             .limit(limit).offset(offset))
    out = []
    for row in conn.execute(query):
        reviewed = None if row.result is None else {
            "qualified": row.qualified, "verdict": verdict(row.qualified, row.result),
            "lacks": [] if row.qualified else lacks(row.result["reasons"], row.result["missing"])}
        out.append({**summary(row._mapping), "since": row.since or _title_year(row.facts, tier),
                    "review": reviewed})
    return out


def _title_year(facts: dict[str, Any] | None, tier: Tier) -> int | None:
    """The year a facts file gives for a title the registry tags do not date."""
    years = [t["year"] for t in (facts or {}).get("titles", []) if t["title"] in tier.held_as]
    return min(years, default=None)


def _ranked(conn: Connection, tier: Tier, where: list[ColumnElement[bool]], limit: int | None,
            offset: int = 0) -> list[dict[str, Any]]:
    ev = evaluations
    # The page is chosen on the ranking columns alone; the stored bodies are read for its rows only,
    # so sorting a long list does not carry every result's JSON.
    chosen = (select(enterprises.c.id.label("eid"), ev.c.failed_count.label("failed"),
                     ev.c.missing_count.label("lacking"), ev.c.shortfall_pct.label("gap"),
                     enterprises.c.revenue_fen.label("revenue"))
              .join(ev, and_(ev.c.enterprise_id == enterprises.c.id, ev.c.rule == tier.rule))
              .where(*where)
              .order_by(ev.c.failed_count, ev.c.missing_count, ev.c.shortfall_pct,
                        enterprises.c.revenue_fen.desc().nulls_last(), enterprises.c.id)
              .limit(limit).offset(offset).subquery())
    query = (select(*SUMMARY_COLUMNS, ev.c.qualified, ev.c.score, ev.c.failed_count, ev.c.missing_count,
                    ev.c.shortfall_pct, ev.c.result)
             .select_from(chosen)
             .join(enterprises, enterprises.c.id == chosen.c.eid)
             .join(ev, and_(ev.c.enterprise_id == chosen.c.eid, ev.c.rule == tier.rule))
             .order_by(chosen.c.failed, chosen.c.lacking, chosen.c.gap, chosen.c.revenue.desc().nulls_last(),
                       chosen.c.eid))
    return [{**summary(row._mapping), "qualified": row.qualified, "verdict": verdict(row.qualified, row.result),
             "score": _score(row.score), "failed_count": row.failed_count, "missing_count": row.missing_count,
             "shortfall_pct": row.shortfall_pct,
             "lacks": [] if row.qualified else lacks(row.result["reasons"], row.result["missing"])}
            for row in conn.execute(query)]


def _open_to(scope: list[ColumnElement[bool]], index: int) -> list[ColumnElement[bool]]:
    """Who may still apply for tier ``index``: in scope, holding neither it nor a higher tier, and the rule applies."""
    return [*scope, ~_holds(TIERS[index:]), _applies()]


def _list(conn: Connection, index: int, kind: str, scope: list[ColumnElement[bool]], limit: int | None,
          offset: int = 0) -> list[dict[str, Any]]:
    """One of a tier's lists (holders, eligible, candidates), ``limit`` rows from ``offset``; None: all."""
    tier = TIERS[index]
    if kind == "holders":
        return _holders(conn, tier, scope, limit, offset)
    met = evaluations.c.qualified.is_(True) if kind == "eligible" else evaluations.c.qualified.is_not(True)
    return _ranked(conn, tier, [*_open_to(scope, index), met], limit, offset)


def _tier(conn: Connection, index: int, scope: list[ColumnElement[bool]], limit: int | None,
          lists: Collection[str]) -> dict[str, Any]:
    tier = TIERS[index]
    eligible_count, candidates_count = _met_and_short(conn, tier, _open_to(scope, index))
    listed = {kind: _list(conn, index, kind, scope, limit) if kind in lists else [] for kind in LIST_LABELS}
    return {
        "tier": tier.code, "title": tier.label, "rule": _rule(tier.rule), "review_rule": _rule(tier.review_rule),
        "holders": listed["holders"], "holders_count": _count(conn, *scope, _holds((tier,))),
        "eligible": listed["eligible"], "eligible_count": eligible_count,
        "candidates": listed["candidates"], "candidates_count": candidates_count,
    }


def _last_evaluation(conn: Connection) -> dict[str, Any] | None:
    """Date and data year of the last evaluation (as evaluate_all records it, else of any stored result)."""
    recorded = conn.execute(select(meta.c.value).where(meta.c.key == LAST_EVALUATION)).scalar()
    if recorded:
        return json.loads(recorded)
    row = conn.execute(select(evaluations.c.evaluated_on, evaluations.c.facts_year).limit(1)).first()
    return None if row is None else {"evaluated_on": row.evaluated_on.isoformat(), "facts_year": row.facts_year}


def cultivation_report(engine: Engine, chain_id: str | None = None, region: str | None = None,
                       limit: int | None = DEFAULT_LIMIT, *, viewer: Viewer,
                       lists: Collection[str] = tuple(LIST_LABELS)) -> dict[str, Any]:
    """The 梯度培育 report for a chain and/or region (GB/T 2260 code), as a JSON-ready dict.

    ``limit`` caps each list of each tier (holders, eligible, candidates; their full counts are
    given; ``cultivation_list`` pages through one list); None lists everyone, as the Excel export does.
    Only the ``lists`` named are filled (a page showing one list per tier asks for that one); the others
    are left empty, their counts still given.
    """
    unknown = sorted(set(lists) - set(LIST_LABELS))
    if unknown:
        raise InvalidInput(f"名单 {'、'.join(unknown)} 不存在，可选：{'、'.join(LIST_LABELS)}")
    if limit is not None and limit < 1:
        raise InvalidInput(f"limit（每类列出的企业数）应为正整数，实际为 {limit}")
    scope, named = _scope(engine, chain_id, region, viewer)
    # Kept until the database changes (store/cache: SQLite's data version), per exact scope: viewers whose
    # conditions read the same share the report, and any write (an evaluation, an import) renews it.
    key = (_sql_text(scope), json.dumps(named, sort_keys=True), limit, tuple(sorted(set(lists))))
    return copy.deepcopy(_reports.get(engine, key, lambda: _report(engine, scope, named, limit, lists)))


_reports = Cache(64)


def _sql_text(conditions: list[ColumnElement[bool]]) -> str:
    return str(and_(*conditions).compile(compile_kwargs={"literal_binds": True}))


def _report(engine: Engine, scope: list[ColumnElement[bool]], named: dict[str, Any], limit: int | None,
            lists: Collection[str]) -> dict[str, Any]:
    with engine.connect() as conn:
        latest = _last_evaluation(conn) or {}
        demo = conn.execute(select(meta.c.value).where(meta.c.key == "demo")).scalar()
        report = {
            **named, "evaluated_on": latest.get("evaluated_on"), "facts_year": latest.get("facts_year"),
            "demo": demo, "enterprises": _count(conn, *scope), "limit": limit,
            "tiers": [_tier(conn, i, scope, limit, lists) for i in range(len(TIERS))],
            "confidence_legend": confidence_legend(),
        }
    report["notes"] = [] if latest else ["尚未评价：请先运行 chainatlas evaluate --all，再查看培育对象"]
    return report


def cultivation_list(engine: Engine, tier: str, kind: str, chain_id: str | None = None, region: str | None = None,
                     *, page: int = 1, size: int = DEFAULT_LIMIT, viewer: Viewer) -> dict[str, Any]:
    """One page of one list of one tier (``kind``: holders, eligible or candidates), with the list's total."""
    index = next((i for i, t in enumerate(TIERS) if t.code == tier), None)
    if index is None:
        raise InvalidInput(f"梯度 {tier!r} 不存在，可选：{'、'.join(f'{t.code}（{t.label}）' for t in TIERS)}")
    if kind not in LIST_LABELS:
        raise InvalidInput(f"名单 {kind!r} 不存在，可选：{'、'.join(f'{k}（{v}）' for k, v in LIST_LABELS.items())}")
    if page < 1 or size < 1:
        raise InvalidInput(f"页码和每页条数应为正整数，实际为第 {page} 页、每页 {size} 条")
    scope, named = _scope(engine, chain_id, region, viewer)
    with engine.connect() as conn:
        if kind == "holders":
            total = _count(conn, *scope, _holds((TIERS[index],)))
        else:
            eligible, short = _met_and_short(conn, TIERS[index], _open_to(scope, index))
            total = eligible if kind == "eligible" else short
        items = _list(conn, index, kind, scope, size, (page - 1) * size)
    return {**named, "tier": tier, "title": TIERS[index].label, "kind": kind, "kind_label": LIST_LABELS[kind],
            "page": page, "size": size, "total": total, "pages": max(1, -(-total // size)), "items": items}


TIER_COLUMNS = (Column("kind", "类别", 18), Column("no", "序号", 6), Column("name", "企业名称", 36),
                Column("uscc", "统一社会信用代码", 22), Column("region", "所属区县", 24),
                Column("revenue", "营业收入（万元）", 14, WAN_YUAN), Column("since", "获得年度", 10),
                Column("verdict", "评价结论", 18), Column("failed", "未满足条件数", 12),
                Column("missing", "缺少数据项数", 12), Column("shortfall", "差距（%）", 10), Column("lacks", "说明", 100))
SHEET_HEADERS = tuple(c.header for c in TIER_COLUMNS)
_KEYS = tuple(c.key for c in TIER_COLUMNS)
ABOUT_COLUMNS = (Column("item", "项目", 28), Column("text", "内容", 90))


def _sheet_rows(tier: dict[str, Any]) -> list[list[Any]]:
    def base(kind: str, i: int, item: dict[str, Any]) -> list[Any]:
        revenue = item["revenue_wan_yuan"]
        return [kind, i, item["name"], item["uscc"], item["region"], None if revenue is None else Decimal(revenue)]

    rows = []
    for i, item in enumerate(tier["holders"], start=1):
        review = item["review"]
        verdict = f"复核：{review['verdict']}" if review else "未评价"
        rows.append([*base(LIST_LABELS["holders"], i, item), item["since"], verdict, None, None, None,
                     "；".join(review["lacks"] if review else [])])
    for key in ("eligible", "candidates"):
        kind = LIST_LABELS[key]
        for i, item in enumerate(tier[key], start=1):
            rows.append([*base(kind, i, item), None, item["verdict"], item["failed_count"], item["missing_count"],
                         item["shortfall_pct"], "；".join(item["lacks"])])
    return rows


def _about_rows(report: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["报告", "优质中小企业梯度培育报告"],
        ["产业链", report["chain"]["name"] if report["chain"] else "全部"],
        ["区域", report["region"]["name"] if report["region"] else "全部"],
        ["评价日期", report["evaluated_on"] or "尚未评价"],
        ["数据年度（上年）", report["facts_year"]],
        ["企业数", report["enterprises"]],
    ]
    for tier in report["tiers"]:
        for key, label in (("rule", "新申报规则"), ("review_rule", "复核规则")):
            rule = tier[key]
            rows.append([f"{tier['title']}{label}", f"{rule['label']}：{rule['basis']}（可信度：{rule['confidence_label']}）"])
    if report["demo"]:
        rows.append(["说明", report["demo"]])
    rows += [["说明", note] for note in report["notes"]]
    return rows


def cultivation_xlsx(report: dict[str, Any]) -> bytes:
    """The report as an Excel workbook: one sheet per tier (Chinese headers), then a 说明 sheet."""
    sheets = [Sheet(tier["title"].replace("“", "").replace("”", ""), TIER_COLUMNS,
                    [dict(zip(_KEYS, row, strict=True)) for row in _sheet_rows(tier)]) for tier in report["tiers"]]
    sheets.append(Sheet("说明", ABOUT_COLUMNS, [dict(zip(("item", "text"), row, strict=True))
                                               for row in _about_rows(report)], header=False))
    return xlsx_bytes(sheets)
