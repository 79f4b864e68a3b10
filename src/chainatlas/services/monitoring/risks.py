"""The risk scan (风险监测预警): evaluate the rule set in force for a region's chains and enterprises and keep
the stored warnings in step — a new condition opens a warning (first seen today), one that still holds moves its
last day seen, one no longer found is ended (and leaves the list); and the acknowledgement with a comment.

A warning's key is its rule, region and subject (and the chain it was found on); a condition that comes back
after it ended opens a new warning.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, and_, bindparam, insert, or_, select, update

from chainatlas import reference
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import Forbidden, InvalidInput, NotFound
from chainatlas.domain.monitoring import month_text
from chainatlas.domain.risk_rules import LEVELS, Rule
from chainatlas.services import access, atlas
from chainatlas.services.monitoring.figures import latest_month
from chainatlas.services.monitoring.risk_checks import CHECKS, Context, Finding
from chainatlas.services.monitoring.rule_sets import rules_in_force
from chainatlas.services.monitoring.warnings import readable
from chainatlas.store import filters
from chainatlas.store.monitor_models import risk_warnings

LINK_KINDS = ("chain", "link")  # warnings about the area itself: their region is the scanned one


def _check_scan(viewer: Viewer | None, region: str, chains: list[str] | None) -> None:
    if viewer is None:
        return
    viewer.require(Permission.WRITE_REGISTRY)
    wanted: list[str | None] = list(chains) if chains else [None]
    for chain in wanted:
        if not access.in_own_work_area(viewer, region, None, chain):
            raise Forbidden(f"{reference.regions().name_of(region)}（{region}）"
                            f"{'的' + chain if chain else ''}不在本机构的工作范围内，不能扫描风险")


def _evaluate(ctx: Context, rule: Rule) -> list[tuple[Finding, str]]:
    check = CHECKS[rule.id]
    found = check(ctx, rule.params)
    severe: set[str] = set()
    if found and rule.escalate_level:
        severe = {f.key for f in check(ctx, {**rule.params, **rule.escalate_params})}
    return [(f, rule.escalate_level if f.key in severe and rule.escalate_level else rule.level) for f in found]


def _covered(region: str, chains: list[str] | None) -> Any:
    """The open warnings this scan answers for: about the area itself (exactly this region) or about what lies
    in it (enterprises, projects, problems), on the scanned chains."""
    w = risk_warnings
    where = [w.c.ended_on.is_(None),
             or_(and_(w.c.subject_kind.in_(LINK_KINDS), w.c.region_code == region),
                 and_(w.c.subject_kind.not_in(LINK_KINDS), *filters.in_region(region, w)))]
    if chains is not None:
        where.append(w.c.chain_id.in_(chains))
    return and_(*where)


def scan(engine: Engine, region: str, chains: list[str] | None = None, today: date | None = None, *,
         viewer: Viewer | None = None) -> dict[str, Any]:
    """Run the rules in force over a region's chains (all when None) and update the stored warnings.

    `viewer` None is the system itself (a scheduled sweep); a person needs the write permission in the region.
    """
    today = today or date.today()
    if region not in reference.regions().by_code:
        raise NotFound(f"行政区划代码 {region} 不存在（GB/T 2260）")
    known = {c["id"]: c["name"] for c in atlas.list_chains(engine)}
    for chain in chains or []:
        if chain not in known:
            raise NotFound(f"产业链 {chain} 不存在；现有：{'、'.join(known)}")
    _check_scan(viewer, region, chains)
    rule_set = rules_in_force(engine)
    ctx = Context(engine, region, list(chains) if chains else sorted(known), known, today,
                  latest_month(engine, region, until=today), all_chains=chains is None)
    found: dict[str, tuple[Finding, str]] = {}
    for rule in rule_set.enabled():
        for finding, level in _evaluate(ctx, rule):
            found[finding.key] = (finding, level)
    created = updated = 0
    w = risk_warnings
    with engine.begin() as conn:
        open_rows = {r.key: r for r in conn.execute(select(w.c.id, w.c.key).where(_covered(region, chains)))}
        fresh, held = [], []
        for key, (f, level) in found.items():
            values = {"rule": f.rule, "rule_version": rule_set.version, "level": level, "region_code": f.region_code,
                      "chain_id": f.chain_id, "link_id": f.link_id, "enterprise_id": f.enterprise_id,
                      "subject_kind": f.subject_kind, "subject_id": f.subject_id, "subject": f.subject[:300],
                      "figures": f.figures, "message": f.message, "last_seen": today}
            if key in open_rows:
                held.append({"warning_id": open_rows[key].id, **values})
            else:
                fresh.append({"key": key, "first_seen": today, **values})
        if held:  # one statement for all the warnings that still hold
            conn.execute(update(w).where(w.c.id == bindparam("warning_id")), held)
            updated = len(held)
        if fresh:
            conn.execute(insert(w), fresh)
            created = len(fresh)
        gone = [r.id for key, r in open_rows.items() if key not in found]
        for start in range(0, len(gone), 500):
            conn.execute(update(w).where(w.c.id.in_(gone[start:start + 500])).values(ended_on=today))
        if viewer is not None:
            access.record_audit(conn, viewer, "risk_scan", region, chains=chains or "all", found=len(found),
                                created=created, ended=len(gone))
    levels = Counter(level for _, level in found.values())
    return {"region": region, "region_name": reference.regions().name_of(region), "chains": ctx.chains,
            "month": month_text(ctx.as_of) if ctx.as_of else None, "today": today,
            "rule_version": rule_set.version, "found": len(found), "created": created, "updated": updated,
            "ended": len(gone), "by_level": {level: levels.get(level, 0) for level in LEVELS},
            "by_rule": dict(Counter(f.rule for f, _ in found.values()))}


def acknowledge(engine: Engine, warning_id: int, comment: str, *, viewer: Viewer) -> dict[str, Any]:
    """Acknowledge a warning with a comment (who and when are recorded); it stays listed, after the new ones.

    Needs a role that works the chain: the write permission and the warning in one of the viewer's own areas."""
    text = (comment or "").strip()
    if not text:
        raise InvalidInput("comment：请写明处理意见（如 已约谈企业，跟踪下月数据）")
    if len(text) > 1000:
        raise InvalidInput("comment：处理意见不能超过 1000 字")
    w = risk_warnings
    with engine.begin() as conn:
        row = conn.execute(select(w).where(w.c.id == warning_id, *readable(viewer))).first()
        if row is None:
            raise NotFound(f"风险预警 {warning_id} 不存在或不在您的数据范围内")
        viewer.require(Permission.WRITE_REGISTRY)
        if not access.in_own_work_area(viewer, row.region_code, None, row.chain_id):
            raise Forbidden("该预警不在本机构的工作范围内，只能查看，不能确认")
        conn.execute(update(w).where(w.c.id == warning_id).values(
            acknowledged_at=datetime.now(), acknowledged_by=viewer.username, ack_comment=text))
        access.record_audit(conn, viewer, "risk_ack", str(warning_id), rule=row.rule, comment=text[:200])
        fresh = conn.execute(select(w).where(w.c.id == warning_id)).mappings().one()
    from chainatlas.services.monitoring.warnings import as_item

    return as_item(dict(fresh))
