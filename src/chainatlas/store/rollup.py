"""Marks for the chain roll-up (`chain_months`): which enterprises' placements changed since it was built.

Whoever writes placements (the atlas: placing, deciding, placing by hand, dropping links; the registry: merging)
marks the enterprises in the same transaction; the monitoring readers bring the roll-up up to date for those
enterprises' counties before they read it (`services.monitoring.figures.catch_up`). The mark costs one small
write, so a placement decision stays cheap however large the roll-up; a whole re-placement marks only the
enterprises whose chains changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from chainatlas.store.monitor_models import enterprise_months, rollup_pending

EVERYTHING = 0  # the mark for "every enterprise": the whole roll-up is rebuilt
CHUNK = 5000


def mark(conn: Connection, ids: Iterable[int]) -> None:
    """Mark some enterprises (their placements changed): those with monthly reports, as only they count in the
    roll-up — placing a registry's new enterprises marks nothing."""
    wanted = sorted({int(i) for i in ids})
    now = datetime.now()
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start:start + CHUNK]
        if part != [EVERYTHING]:
            part = sorted(set(conn.execute(select(enterprise_months.c.enterprise_id).distinct()
                                           .where(enterprise_months.c.enterprise_id.in_(part))).scalars()))
        known = set(conn.execute(select(rollup_pending.c.enterprise_id)
                                 .where(rollup_pending.c.enterprise_id.in_(part))).scalars())
        fresh = [{"enterprise_id": i, "marked_at": now} for i in part if i not in known]
        if fresh:
            conn.execute(insert(rollup_pending), fresh)


def mark_everything(conn: Connection) -> None:
    """Mark every enterprise: the whole roll-up is rebuilt on its next read (at province scale, minutes)."""
    mark(conn, [EVERYTHING])


def pending(conn: Connection, limit: int) -> list[int]:
    """Up to `limit` marked enterprise ids (EVERYTHING first when present)."""
    return list(conn.execute(select(rollup_pending.c.enterprise_id)
                             .order_by(rollup_pending.c.enterprise_id).limit(limit)).scalars())


def clear(conn: Connection, up_to: datetime, ids: Iterable[int] | None = None) -> None:
    """Remove the marks made up to `up_to` (the start of the rebuild that took them in) of some enterprises (every
    enterprise when None); a mark made while the rebuild ran stays for the next one."""
    done = rollup_pending.c.marked_at <= up_to
    if ids is None:
        conn.execute(delete(rollup_pending).where(done))
        return
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), CHUNK):
        conn.execute(delete(rollup_pending).where(done, rollup_pending.c.enterprise_id.in_(wanted[start:start + CHUNK])))
