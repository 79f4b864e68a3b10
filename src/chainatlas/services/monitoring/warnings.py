"""Reading the stored risk warnings (风险预警): what a viewer may see, new and unacknowledged first.

The scans that write them live beside this module (the risk rules); the report and the pages read them here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, and_, case, or_, select

from chainatlas.domain.access import Viewer
from chainatlas.store import filters
from chainatlas.store.monitor_models import risk_warnings

LEVELS = ("red", "orange", "yellow")
LEVEL_LABELS = {"red": "红色", "orange": "橙色", "yellow": "黄色"}


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
        if not condition:
            return []
        allowed.append(and_(*condition))
    return [or_(*allowed)] if allowed else [risk_warnings.c.id.is_(None)]


def open_warnings(engine: Engine, *, viewer: Viewer, region: str | None = None, chain_id: str | None = None,
                  include_ended: bool = False, since: date | None = None) -> list[dict[str, Any]]:
    """Warnings in force (or all, with `include_ended`), unacknowledged first, then the newest, then by level."""
    w = risk_warnings
    where = [*_scope(viewer)]
    if not include_ended:
        where.append(w.c.ended_on.is_(None))
    if region:
        where += filters.in_region(region, w)
    if chain_id:
        where.append(w.c.chain_id == chain_id)
    if since:
        where.append(w.c.first_seen >= since)
    level_rank = case({level: rank for rank, level in enumerate(LEVELS)}, value=w.c.level, else_=len(LEVELS))
    query = (select(w).where(*where)
             .order_by(w.c.acknowledged_at.is_not(None), w.c.first_seen.desc(), level_rank, w.c.id))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [{**dict(row), "level_label": LEVEL_LABELS.get(row["level"], row["level"])} for row in rows]
