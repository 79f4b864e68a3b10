"""Development goals (发展目标清单): create, edit, enter actuals, list with progress and the lagging check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select, update

from chainatlas.domain.access import Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.goals import number_text, parse_decimal, parse_period, progress
from chainatlas.services import access
from chainatlas.services.lists import common
from chainatlas.store import filters
from chainatlas.store.models import goal_actuals, goals

KEY_FIELDS = ("indicator", "unit", "chain_id", "region_code", "park")


def _values(conn: Connection, data: dict[str, Any]) -> dict[str, Any]:
    chain, _ = common.check_chain(conn, data.get("chain"))
    region = common.check_region(data.get("region"))
    if not chain and not region:
        raise InvalidInput("发展目标需填写产业链或地区（或两者）")
    period = parse_period(data.get("period"))
    target = parse_decimal(data.get("target"), "目标值")
    if target <= 0:
        raise InvalidInput(f"目标值应大于 0，实际为 {data.get('target')}")
    return {"indicator": common.text(data.get("indicator"), "指标", 100, required=True),
            "unit": common.text(data.get("unit"), "单位", 20, required=True),
            "chain_id": chain, "region_code": region, "park": common.text(data.get("park"), "园区", 100),
            "period": period.code, "period_start": period.start, "period_end": period.end,
            "target": number_text(target), "responsible_unit": common.text(data.get("responsible_unit"), "责任单位", 200),
            "notes": common.text(data.get("notes"), "备注", 2000)}


def create_goal(engine: Engine, data: dict[str, Any], *, viewer: Viewer, conn: Connection | None = None,
                today: date | None = None) -> dict[str, Any]:
    """A new goal from `data` (indicator, unit, chain and/or region, park, period, target, …)."""
    if conn is None:
        with engine.begin() as own:
            goal_id = _create(own, data, viewer)
        return get_goal(engine, goal_id, viewer=viewer, today=today)
    return {"id": _create(conn, data, viewer)}


def _create(conn: Connection, data: dict[str, Any], viewer: Viewer) -> int:
    values = _values(conn, data)
    common.require_write(viewer, values["region_code"], values["park"], values["chain_id"])
    stamp = common.now()
    goal_id = conn.execute(insert(goals).values(**values, version=1, created_at=stamp, updated_at=stamp)
                           ).inserted_primary_key[0]
    access.record_audit(conn, viewer, "goal_create", f"goal:{goal_id}", indicator=values["indicator"],
                        period=values["period"], target_value=values["target"])
    for period, value in (data.get("actuals") or {}).items():
        _actual(conn, {**values, "id": goal_id}, period, value, viewer)
    return int(goal_id)


def update_goal(engine: Engine, goal_id: int, data: dict[str, Any], *, viewer: Viewer,
                version: int | None = None, today: date | None = None) -> dict[str, Any]:
    """Change a goal's fields (those given in `data`); `version`: the version the editor read."""
    with engine.begin() as conn:
        row = common.visible(conn, viewer, goals, goal_id)
        common.require_write(viewer, row["region_code"], row["park"], row["chain_id"])
        base = expect_version = common.expect(row, version)
        merged = {"indicator": row["indicator"], "unit": row["unit"], "chain": row["chain_id"],
                  "region": row["region_code"], "park": row["park"], "period": row["period"], "target": row["target"],
                  "responsible_unit": row["responsible_unit"], "notes": row["notes"], **data}
        values = _values(conn, merged)
        common.require_write(viewer, values["region_code"], values["park"], values["chain_id"])
        changed = {k: v for k, v in values.items() if row.get(k) != v}
        common.bump(conn, goals, goal_id, base, values)
        access.record_audit(conn, viewer, "goal_update", f"goal:{goal_id}", version=expect_version + 1,
                            changed=sorted(changed))
    return get_goal(engine, goal_id, viewer=viewer, today=today)


def enter_actual(engine: Engine, goal_id: int, period: str, value: Any, *, viewer: Viewer,
                 version: int | None = None, today: date | None = None) -> dict[str, Any]:
    """Enter (or correct) the cumulative actual of a goal for a period inside the goal's period, or inside the
    same period a year earlier (上年同期, for the growth)."""
    with engine.begin() as conn:
        row = common.visible(conn, viewer, goals, goal_id)
        common.require_write(viewer, row["region_code"], row["park"], row["chain_id"])
        base = common.expect(row, version)
        code = _actual(conn, row, period, value, viewer)
        common.bump(conn, goals, goal_id, base, {})
        access.record_audit(conn, viewer, "goal_actual", f"goal:{goal_id}", period=code, value=str(value))
    return get_goal(engine, goal_id, viewer=viewer, today=today)


def _actual(conn: Connection, row: dict[str, Any], period: str, value: Any, viewer: Viewer) -> str:
    goal_period, at = parse_period(row["period"]), parse_period(period)
    if not (goal_period.contains(at) or goal_period.year_before().contains(at)):
        raise InvalidInput(f"期间 {at.label} 不在目标期间 {goal_period.label}（或其上年同期）之内")
    amount = parse_decimal(value, "实际值")
    if amount < 0:
        raise InvalidInput(f"实际值不能为负数，实际为 {value}")
    key = {"goal_id": row["id"], "period": at.code}
    values = {"value": number_text(amount), "entered_at": common.now(), "entered_by": viewer.username}
    done = conn.execute(update(goal_actuals).where(*(goal_actuals.c[k] == v for k, v in key.items())).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(goal_actuals).values(**key, **values))
    return at.code


def _scoped(viewer: Viewer, chain: str | None, region: str | None, period: str | None, q: str | None
            ) -> list[Any]:
    where = []
    scope = access.work_condition(viewer, goals)
    if scope is not None:
        where.append(scope)
    if chain:
        where.append(goals.c.chain_id == chain)
    if region:
        where += filters.in_region(common.check_region(region) or region, goals)
    if period:
        p = parse_period(period)
        where += [goals.c.period_start <= p.end, goals.c.period_end >= p.start]
    if q:
        where.append(goals.c.indicator.contains(q.strip(), autoescape=True))
    return where


def _standing(conn: Connection, rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Each goal with its actuals, progress, elapsed share, lag and growth."""
    ids = [r["id"] for r in rows]
    actuals: dict[int, dict[str, Decimal]] = {i: {} for i in ids}
    for chunk in range(0, len(ids), 500):
        for a in conn.execute(select(goal_actuals).where(goal_actuals.c.goal_id.in_(ids[chunk:chunk + 500]))):
            actuals[a.goal_id][a.period] = Decimal(a.value)
    # Last year's actuals of the same indicator, from the goal itself and from the year-earlier goals.
    earlier: dict[tuple[Any, ...], dict[str, Decimal]] = {}
    keys = {tuple(r[k] for k in KEY_FIELDS) for r in rows}
    if keys:
        starts = {r["period_start"].replace(year=r["period_start"].year - 1) for r in rows}
        query = (select(goals.c.id, *(goals.c[k] for k in KEY_FIELDS), goal_actuals.c.period, goal_actuals.c.value)
                 .join(goal_actuals, goal_actuals.c.goal_id == goals.c.id)
                 .where(goals.c.period_start.in_(starts), goals.c.indicator.in_({k[0] for k in keys})))
        for r in conn.execute(query):
            earlier.setdefault(tuple(r._mapping[k] for k in KEY_FIELDS), {})[r.period] = Decimal(r.value)
    out = []
    for r in rows:
        period = parse_period(r["period"])
        before = dict(earlier.get(tuple(r[k] for k in KEY_FIELDS), {}))
        before.update({p: v for p, v in actuals[r["id"]].items() if period.year_before().contains(parse_period(p))})
        standing = progress(period, Decimal(r["target"]), actuals[r["id"]], today, before)
        out.append(_record(r, standing, actuals[r["id"]]))
    return out


def _record(r: dict[str, Any], s: Any, actuals: dict[str, Decimal]) -> dict[str, Any]:
    period = parse_period(r["period"])
    return {"id": r["id"], "indicator": r["indicator"], "unit": r["unit"], "chain_id": r["chain_id"],
            "region_code": r["region_code"], "park": r["park"], "period": r["period"], "period_label": period.label,
            "target": r["target"], "actual": number_text(s.actual), "actual_period": s.actual_period,
            "progress": number_text(s.progress), "elapsed": number_text(s.elapsed), "lagging": s.lagging,
            "lag_points": number_text(s.lag_points), "lag_amount": number_text(s.lag_amount),
            "last_year_actual": number_text(s.last_year), "growth": number_text(s.growth),
            "responsible_unit": r["responsible_unit"], "notes": r["notes"], "version": r["version"],
            "actuals": [{"period": p, "period_label": parse_period(p).label, "value": number_text(v)}
                        for p, v in sorted(actuals.items(), key=lambda pv: parse_period(pv[0]))],
            "updated_at": r["updated_at"]}


def list_goals(engine: Engine, *, viewer: Viewer, chain: str | None = None, region: str | None = None,
               period: str | None = None, lagging: bool | None = None, q: str | None = None, limit: int = 100,
               offset: int = 0, today: date | None = None) -> dict[str, Any]:
    """Goals in the viewer's scope with their progress; `lagging=True`: only those behind the elapsed share
    (the 时间过半、任务过半 check), furthest behind first."""
    limit, offset = common.page(limit, offset)
    today = today or date.today()
    where = _scoped(viewer, chain, region, period, q)
    with engine.connect() as conn:
        if lagging is None:
            total = conn.execute(select(func.count()).select_from(goals).where(and_(True, *where))).scalar_one()
            rows = [dict(r._mapping) for r in conn.execute(
                select(goals).where(and_(True, *where)).order_by(goals.c.period_start.desc(), goals.c.id)
                .limit(limit).offset(offset))]
            items = _standing(conn, rows, today)
        else:  # progress is computed, not stored: judge every goal in scope (goals are few per area)
            rows = [dict(r._mapping) for r in conn.execute(
                select(goals).where(and_(True, *where), goals.c.period_start <= today).order_by(goals.c.id))]
            judged = [g for g in _standing(conn, rows, today) if g["lagging"] == lagging]
            judged.sort(key=lambda g: -Decimal(g["lag_points"] or 0))
            total, items = len(judged), judged[offset:offset + limit]
    return {"items": items, "total": total, "limit": limit, "offset": offset, "today": today}


def get_goal(engine: Engine, goal_id: int, *, viewer: Viewer, today: date | None = None) -> dict[str, Any]:
    with engine.connect() as conn:
        row = common.visible(conn, viewer, goals, goal_id)
        [record] = _standing(conn, [row], today or date.today())
    record["editable"] = _editable(viewer, row)
    return record


def _editable(viewer: Viewer, row: dict[str, Any]) -> bool:
    from chainatlas.domain.access import Permission

    return viewer.can(Permission.WRITE_REGISTRY) and access.in_own_work_area(
        viewer, row["region_code"], row["park"], row["chain_id"])
