"""Reading the stored risk warnings (风险预警): what a viewer may see, new and unacknowledged first.

The scans that write them live beside this module (risks.py); the report and the pages read them here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, and_, case, func, or_, select

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.risk_rules import KIND_BY_ID, LEVEL_LABELS, LEVELS, SUBJECT_LABELS
from chainatlas.exporters import Column, Sheet, xlsx_bytes
from chainatlas.services import access
from chainatlas.store import filters
from chainatlas.store.models import enterprises
from chainatlas.store.monitor_models import risk_warnings

WORK_KINDS = ("project", "problem")  # warnings about work-list items: shared views need the work_lists group


def _scope(viewer: Viewer) -> list[Any]:
    """Warnings lie in a region (and maybe a chain): a viewer sees those inside its areas with the figures."""
    if viewer.everything:
        return []
    allowed = []
    for area in viewer.areas:
        if "metrics" not in area.groups or area.park or area.enterprise_id or area.tag:
            continue
        condition = [*(filters.in_region(area.region, risk_warnings) if area.region else [])]
        if area.chain:
            condition.append(risk_warnings.c.chain_id == area.chain)
        if area.shared and "work_lists" not in area.groups:
            condition.append(risk_warnings.c.subject_kind.not_in(WORK_KINDS))
        if not condition:
            return []
        allowed.append(and_(*condition))
    return [or_(*allowed)] if allowed else [risk_warnings.c.id.is_(None)]


def readable(viewer: Viewer) -> list[Any]:
    """The warnings a viewer may read: inside its areas, and naming no enterprise whose figures it may not read."""
    where = _scope(viewer)
    enterprise_scope = access.condition(viewer, needs="metrics")
    if enterprise_scope is not None:
        w = risk_warnings
        where.append(or_(w.c.enterprise_id.is_(None),
                         w.c.enterprise_id.in_(select(enterprises.c.id).where(enterprise_scope))))
    return where


def as_item(row: dict[str, Any]) -> dict[str, Any]:
    kind = KIND_BY_ID.get(row["rule"])
    return {**row, "rule_name": kind.name if kind else row["rule"],
            "level_label": LEVEL_LABELS.get(row["level"], row["level"]),
            "subject_kind_label": SUBJECT_LABELS.get(row["subject_kind"], row["subject_kind"]),
            "region_name": reference.regions().name_of(row["region_code"]) if row["region_code"] else None,
            "acknowledged": row["acknowledged_at"] is not None, "ended": row["ended_on"] is not None}


def _where(viewer: Viewer, region: str | None, chain_id: str | None, include_ended: bool, since: date | None,
           level: str | None) -> list[Any]:
    w = risk_warnings
    where = [*readable(viewer)]
    if not include_ended:
        where.append(w.c.ended_on.is_(None))
    if region:
        if region not in reference.regions().by_code:
            raise InvalidInput(f"region：行政区划代码 {region} 不存在（GB/T 2260）")
        where += filters.in_region(region, w)
    if chain_id:
        where.append(w.c.chain_id == chain_id)
    if since:
        where.append(w.c.first_seen >= since)
    if level:
        if level not in LEVELS:
            raise InvalidInput(f"level：应为 red、orange 或 yellow，实际为“{level}”")
        where.append(w.c.level == level)
    return where


def open_warnings(engine: Engine, *, viewer: Viewer, region: str | None = None, chain_id: str | None = None,
                  include_ended: bool = False, since: date | None = None, level: str | None = None
                  ) -> list[dict[str, Any]]:
    """Warnings in force (or all, with `include_ended`), unacknowledged first, then the newest, then by level."""
    return _list(engine, viewer, region, chain_id, include_ended, since, level)


def _list(engine: Engine, viewer: Viewer, region: str | None, chain_id: str | None, include_ended: bool,
          since: date | None, level: str | None) -> list[dict[str, Any]]:
    w = risk_warnings
    level_rank = case({lv: rank for rank, lv in enumerate(LEVELS)}, value=w.c.level, else_=len(LEVELS))
    query = (select(w).where(*_where(viewer, region, chain_id, include_ended, since, level))
             .order_by(w.c.ended_on.is_not(None), w.c.acknowledged_at.is_not(None), w.c.first_seen.desc(),
                       level_rank, w.c.id))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [as_item(dict(row)) for row in rows]


def count_open(engine: Engine, *, viewer: Viewer, region: str | None = None, chain_id: str | None = None
               ) -> dict[str, int]:
    """Open warnings per level (and unacknowledged ones) — the chain map's badge."""
    w = risk_warnings
    with engine.connect() as conn:
        rows = conn.execute(select(w.c.level, w.c.acknowledged_at.is_(None), func.count())
                            .where(*_where(viewer, region, chain_id, False, None, None))
                            .group_by(w.c.level, w.c.acknowledged_at.is_(None))).all()
    out = {level: 0 for level in LEVELS}
    new = 0
    for level, unacknowledged, n in rows:
        out[level] = out.get(level, 0) + int(n)
        new += int(n) if unacknowledged else 0
    return {**out, "total": sum(out[level] for level in LEVELS), "new": new}


EXPORT_COLUMNS = (
    Column("level_label", "级别", 8), Column("rule_name", "预警规则", 16), Column("subject_kind_label", "对象类型", 10),
    Column("subject", "对象", 28), Column("message", "预警内容", 60), Column("region_name", "地区", 12),
    Column("chain_id", "产业链", 16), Column("first_seen", "首次发现", 12), Column("last_seen", "最近发现", 12),
    Column("ended_on", "解除日期", 12), Column("acknowledged_by", "确认人", 12), Column("acknowledged_at", "确认时间", 18),
    Column("ack_comment", "处理意见", 30), Column("rule_version", "规则版本", 8),
)
FILLS = {"red": "F8D7DA", "orange": "FDE5CC", "yellow": "FFF3CD"}


def warnings_workbook(engine: Engine, *, viewer: Viewer, region: str | None = None, chain_id: str | None = None,
                      include_ended: bool = False, level: str | None = None, today: date | None = None) -> bytes:
    """The warning list as Excel (Chinese headers, rows coloured by level)."""
    rows = _list(engine, viewer, region, chain_id, include_ended, None, level)
    scope = "、".join(x for x in (reference.regions().name_of(region) if region else "", chain_id or "") if x) or "全部"
    return xlsx_bytes([Sheet("风险预警", EXPORT_COLUMNS, rows, heading=(
        "风险预警清单", f"导出日期：{today or date.today()}；范围：{scope}；共 {len(rows)} 条"),
        fill=lambda r: FILLS.get(str(r["level"])))])


__all__ = ["LEVELS", "LEVEL_LABELS", "as_item", "count_open", "open_warnings", "readable", "warnings_workbook"]
