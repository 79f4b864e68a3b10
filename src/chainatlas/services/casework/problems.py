"""Key problems (重点问题清单): record, move through the closed loop, read with history, list, count.

The rules are the domain's (domain/casework.py); this module applies them to stored problems. Every change is
one transaction: the problem's row (guarded by its `version`, so that two users moving the same problem at once
cannot both succeed), a history entry (who, when, from, to, comment) and an audit entry. The overdue check runs
on read: an assigned problem past its deadline reads as 督办 supervised; moving it, or `sweep`, records the
automatic 督办 entry first.
"""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    case,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import ColumnElement

from chainatlas.domain import casework as cw
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chainatlas.services import access
from chainatlas.store import filters
from chainatlas.store.keys import resolve_enterprise_id
from chainatlas.store.locks import is_busy
from chainatlas.store.models import (
    enterprises,
    meeting_problems,
    meetings,
    problem_deadlines,
    problem_events,
    problems,
)

PAGE_LIMIT = 500
# A list's total is counted up to this many (more reads as "10,000+"): counting every one of a province's
# hundreds of thousands of problems would cost more than the page itself; the statistics count them all.
COUNT_CAP = 10_000
STATS_BY = {"unit": "责任单位", "category": "类别", "month": "月份", "quarter": "季度", "year": "年度"}


# ---- scope --------------------------------------------------------------------------------------------

# The problem table as the list and statistics filter it by region: `region_code || ''` keeps SQLite from
# answering a region range (a province's or a city's scope, mostly a large share of all problems) from its
# index and then sorting or reading every row of it by random access; it walks the table (or the index of a
# selective filter, such as state, category or unit, whose entries lie in id order) instead, and a page of the
# newest stops after its first rows (bench/bench_problems.py: 1.6 s → see docs/benchmarks.md).
WALKED = SimpleNamespace(c=SimpleNamespace(region_code=problems.c.region_code.concat(""), park=problems.c.park,
                                           chain_id=problems.c.chain_id))


def scope(viewer: Viewer, table: Any = problems) -> ColumnElement[bool] | None:
    """The problems a viewer reads: those of its work areas, and an enterprise account's own enterprise's."""
    found = access.work_condition(viewer, table)
    if found is None:
        return None
    own = sorted({a.enterprise_id for a in viewer.areas if not a.shared and a.enterprise_id is not None})
    return or_(found, problems.c.enterprise_id.in_(own)) if own else found


def _scoped(viewer: Viewer, table: Any = problems) -> list[ColumnElement[bool]]:
    found = scope(viewer, table)
    return [] if found is None else [found]


def _may_write(viewer: Viewer, region: str | None, park: str | None, chain: str | None) -> None:
    viewer.require(Permission.WRITE_REGISTRY)
    if not access.in_own_work_area(viewer, region, park, chain):
        raise Forbidden("该问题不在本机构的工作范围内，只能查看，不能办理")


# ---- deadlines by category ------------------------------------------------------------------------------

def deadline_days(conn: Connection, category: str) -> int:
    found = conn.execute(select(problem_deadlines.c.working_days)
                         .where(problem_deadlines.c.category == category)).scalar()
    return cw.DEFAULT_WORKING_DAYS if found is None else int(found)


def list_deadlines(engine: Engine, *, viewer: Viewer) -> dict[str, Any]:
    viewer.require(Permission.READ)
    with engine.connect() as conn:
        rows = conn.execute(select(problem_deadlines).order_by(problem_deadlines.c.category)).all()
    return {"default": cw.DEFAULT_WORKING_DAYS,
            "categories": [{"category": r.category, "working_days": r.working_days} for r in rows]}


def set_deadline(engine: Engine, category: str, working_days: int, *, viewer: Viewer) -> dict[str, Any]:
    """Set the working days allowed for one category (new assignments of it get this deadline by default)."""
    viewer.require(Permission.WRITE_REGISTRY)
    category = _text(category, "类别", 40)
    if not 1 <= working_days <= 365:
        raise InvalidInput("办理时限应为 1 至 365 个工作日")
    with engine.begin() as conn:
        conn.execute(problem_deadlines.delete().where(problem_deadlines.c.category == category))
        conn.execute(insert(problem_deadlines).values(category=category, working_days=working_days))
        access.record_audit(conn, viewer, "problem_deadline", category, working_days=working_days)
    return {"category": category, "working_days": working_days}


def _clock(today: date) -> datetime:
    """When a change is recorded: now, or this time of day on the business date given (a demo's past timeline)."""
    now = datetime.now()
    return now if today == now.date() else datetime.combine(today, now.time())


# ---- recording -----------------------------------------------------------------------------------------

def _text(value: str | None, label: str, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(f"{label}不能为空")
    if len(text) > limit:
        raise InvalidInput(f"{label}过长（至多 {limit} 字）")
    return text


def add_problem(engine: Engine, *, title: str, enterprise: str, category: str, description: str | None = None,
                chain: str | None = None, source: str | None = None, received_on: date | None = None,
                viewer: Viewer, conn: Connection | None = None, today: date | None = None) -> dict[str, Any]:
    """Record a problem raised by an enterprise (征集). It lies where the enterprise lies (region, park).
    `today`: the business date of the recording (default: the real date; the demo's timeline sets it)."""
    title = _text(title, "问题标题", 500)
    category = _text(category, "问题类别", 40)
    enterprise_id = resolve_enterprise_id(engine, enterprise)
    if conn is None:
        with engine.begin() as own:
            return _add(own, enterprise_id, title, category, description, chain, source, received_on, viewer, today)
    return _add(conn, enterprise_id, title, category, description, chain, source, received_on, viewer, today)


def _add(conn: Connection, enterprise_id: int, title: str, category: str, description: str | None,
         chain: str | None, source: str | None, received_on: date | None, viewer: Viewer,
         today: date | None) -> dict[str, Any]:
    where = access.conditions(viewer)
    row = conn.execute(select(enterprises.c.id, enterprises.c.name, enterprises.c.region_code, enterprises.c.park)
                       .where(enterprises.c.id == enterprise_id, *where)).first()
    if row is None:
        raise NotFound(f"企业 {enterprise_id} 不存在或不在您的数据范围内")
    own_enterprise = any(not a.shared and a.enterprise_id == enterprise_id for a in viewer.areas)
    if not own_enterprise:
        _may_write(viewer, row.region_code, row.park, chain or None)
    now = _clock(today or date.today())
    values = {"title": title, "description": (description or "").strip() or None, "category": category,
              "enterprise_id": enterprise_id, "region_code": row.region_code, "park": row.park or None,
              "chain_id": chain or None, "source": (source or "").strip() or None, "state": cw.State.COLLECTED.value,
              "received_on": received_on or now.date(), "reopened": 0, "version": 1,
              "created_by": viewer.username, "created_at": now, "updated_at": now}
    problem_id = conn.execute(insert(problems).values(**values)).inserted_primary_key[0]
    conn.execute(insert(problem_events).values(
        problem_id=problem_id, at=now, user_id=viewer.user_id, username=viewer.username, from_state=None,
        to_state=cw.State.COLLECTED.value, comment="登记问题", detail={"category": category}))
    access.record_audit(conn, viewer, "problem_add", f"problem:{problem_id}", category=category,
                        enterprise=enterprise_id)
    return {"id": problem_id, "state": cw.State.COLLECTED.value, "version": 1}


# ---- moving ---------------------------------------------------------------------------------------------

def move(engine: Engine, problem_id: int, to: str, *, viewer: Viewer, unit: str | None = None,
         deadline: date | None = None, comment: str | None = None, resolution: str | None = None,
         satisfaction: str | None = None, version: int | None = None, today: date | None = None
         ) -> dict[str, Any]:
    """Move a problem to another state if the loop allows it; the problem as it then reads.

    `version`: the version the user saw; a problem changed since is refused (Conflict). Without it the version
    read in this transaction guards the write, so of two simultaneous moves only one succeeds.
    """
    target = cw.parse_state(to)
    feeling = cw.parse_satisfaction(satisfaction)
    today = today or date.today()
    try:
        with engine.begin() as conn:
            row = conn.execute(select(problems).where(problems.c.id == problem_id, *_scoped(viewer))).first()
            if row is None:
                raise NotFound(f"问题 {problem_id} 不存在或不在您的数据范围内")
            _may_write(viewer, row.region_code, row.park, row.chain_id)
            if version is not None and version != row.version:
                raise Conflict(f"问题 {problem_id} 已被他人修改（版本 {row.version}，您看到的是 {version}），请刷新后重试")
            current = cw.effective_state(row.state, row.deadline, today)
            landing = cw.target_of(current, target, feeling)
            reopen_unit = unit or (row.unit if landing == cw.State.ASSIGNED and current == cw.State.RESOLVED else None)
            if landing == cw.State.ASSIGNED and deadline is None and (unit or reopen_unit):
                deadline = cw.add_working_days(today, deadline_days(conn, row.category))
            fields = {"unit": (reopen_unit or "").strip() or None, "deadline": deadline,
                      "resolution": (resolution or "").strip() or None, "satisfaction": feeling,
                      "comment": comment}
            transition = cw.check(current, landing, fields)
            if deadline is not None and landing == cw.State.ASSIGNED and deadline < today:
                raise InvalidInput(f"办理时限 {deadline} 早于今天")
            now = _clock(today)
            values: dict[str, Any] = {"state": landing.value, "version": row.version + 1, "updated_at": now}
            if landing == cw.State.ASSIGNED:
                values.update(unit=fields["unit"], deadline=deadline, resolution=None, resolved_on=None,
                              resolution_days=None)
            if landing == cw.State.RESOLVED:
                values.update(resolution=fields["resolution"], resolved_on=today,
                              resolution_days=(today - row.received_on).days)
            if feeling is not None and current == cw.State.RESOLVED:
                values["satisfaction"] = feeling.value
            if transition.reopens:
                values["reopened"] = row.reopened + 1
            done = conn.execute(update(problems).where(problems.c.id == problem_id, problems.c.version == row.version)
                                .values(**values))
            if done.rowcount != 1:
                raise Conflict(f"问题 {problem_id} 正被他人同时办理，请刷新后重试")
            if current != row.state:  # passed its deadline: the automatic 督办 entry comes first
                _auto_entry(conn, problem_id, row.deadline, now)
            detail = {k: (v.isoformat() if isinstance(v, date) else str(v) if v is not None else None)
                      for k, v in fields.items() if k != "comment" and v is not None}
            if transition.reopens:
                detail["reopened"] = values["reopened"]
            conn.execute(insert(problem_events).values(
                problem_id=problem_id, at=now, user_id=viewer.user_id, username=viewer.username,
                from_state=current, to_state=landing.value, comment=(comment or "").strip() or None, detail=detail))
            access.record_audit(conn, viewer, "problem_move", f"problem:{problem_id}", from_state=current,
                                to_state=landing.value)
    except DBAPIError as exc:  # SQLite: a simultaneous writer made this transaction's read stale
        if is_busy(exc):
            raise Conflict(f"问题 {problem_id} 正被他人同时办理，请刷新后重试") from None
        raise
    return get_problem(engine, problem_id, viewer=viewer, today=today)


def _auto_entry(conn: Connection, problem_id: int, deadline: date | None, now: datetime) -> None:
    conn.execute(insert(problem_events).values(
        problem_id=problem_id, at=now, user_id=None, username=cw.SYSTEM_USER, from_state=cw.State.ASSIGNED.value,
        to_state=cw.State.SUPERVISED.value, comment=f"超过办理时限 {deadline}，自动督办",
        detail={"automatic": True, "deadline": deadline.isoformat() if deadline else None}))


def sweep(engine: Engine, *, viewer: Viewer, today: date | None = None) -> dict[str, Any]:
    """Record the automatic 督办 of every assigned problem past its deadline (in the viewer's scope)."""
    viewer.require(Permission.WRITE_REGISTRY)
    today = today or date.today()
    now = _clock(today)
    moved = []
    with engine.begin() as conn:
        due = conn.execute(select(problems.c.id, problems.c.deadline, problems.c.version).where(
            problems.c.state == cw.State.ASSIGNED.value, problems.c.deadline < today, *_scoped(viewer))).all()
        for r in due:
            done = conn.execute(update(problems).where(problems.c.id == r.id, problems.c.version == r.version)
                                .values(state=cw.State.SUPERVISED.value, version=r.version + 1, updated_at=now))
            if done.rowcount == 1:
                _auto_entry(conn, r.id, r.deadline, now)
                moved.append(r.id)
        if moved:
            access.record_audit(conn, viewer, "problem_sweep", "problems", supervised=len(moved))
    return {"supervised": len(moved), "ids": moved}


# ---- reading --------------------------------------------------------------------------------------------

LIST_COLUMNS = (problems.c.id, problems.c.title, problems.c.category, problems.c.state, problems.c.unit,
                problems.c.deadline, problems.c.received_on, problems.c.resolved_on, problems.c.satisfaction,
                problems.c.reopened, problems.c.region_code, problems.c.park, problems.c.chain_id, problems.c.source,
                problems.c.version, problems.c.enterprise_id, enterprises.c.name.label("enterprise_name"),
                enterprises.c.uscc.label("enterprise_uscc"))


def as_item(r: Any, today: date) -> dict[str, Any]:
    m = r._mapping
    state = cw.effective_state(m["state"], m["deadline"], today)
    overdue = cw.is_overdue(state, m["deadline"], today)
    return {
        "id": m["id"], "title": m["title"], "category": m["category"], "state": state,
        "state_label": cw.STATE_LABELS[state], "stored_state": m["state"], "unit": m["unit"],
        "deadline": m["deadline"], "received_on": m["received_on"], "resolved_on": m["resolved_on"],
        "satisfaction": m["satisfaction"],
        "satisfaction_label": cw.SATISFACTION_LABELS.get(m["satisfaction"]) if m["satisfaction"] else None,
        "reopened": m["reopened"], "overdue": overdue,
        "days_overdue": (today - m["deadline"]).days if overdue else 0,
        "region_code": m["region_code"], "park": m["park"], "chain_id": m["chain_id"], "source": m["source"],
        "version": m["version"],
        "enterprise": {"id": m["enterprise_id"], "name": m["enterprise_name"], "uscc": m["enterprise_uscc"]},
    }


def list_filters(*, state: str | None = None, overdue: bool = False, supervised: bool = False,
                 reopened: bool = False, category: str | None = None, unit: str | None = None,
                 region: str | None = None, park: str | None = None, enterprise_id: int | None = None,
                 q: str | None = None, meeting_id: int | None = None, chain: str | None = None, today: date,
                 table: Any = problems
                 ) -> list[ColumnElement[bool]]:
    """The SQL conditions of a problem list's filters (states as read: overdue assigned ones are supervised)."""
    p = problems.c
    late = and_(p.state == cw.State.ASSIGNED.value, p.deadline < today)
    out: list[ColumnElement[bool]] = []
    if state:
        wanted = cw.parse_state(state)
        if wanted == cw.State.SUPERVISED:
            out.append(or_(p.state == wanted.value, late))
        elif wanted == cw.State.ASSIGNED:
            out.append(and_(p.state == wanted.value, or_(p.deadline.is_(None), p.deadline >= today)))
        else:
            out.append(p.state == wanted.value)
    if overdue:
        out.append(and_(p.state.in_([s.value for s in cw.RUNNING]), p.deadline < today))
    if supervised:
        out.append(or_(p.state == cw.State.SUPERVISED.value, late))
    if reopened:
        out.append(p.reopened > 0)
    if category:
        out.append(p.category == category)
    if unit:
        out.append(p.unit == unit)
    if region:
        out.extend(filters.in_region(region, table))
    if park:
        out.append(p.park == park)
    if chain:
        out.append(p.chain_id == chain)
    if enterprise_id is not None:
        out.append(p.enterprise_id == enterprise_id)
    if q:
        like = f"%{q.strip()}%"
        out.append(or_(p.title.like(like), p.description.like(like)))
    if meeting_id is not None:
        out.append(p.id.in_(select(meeting_problems.c.problem_id).where(meeting_problems.c.meeting_id == meeting_id)))
    return out


def list_problems(engine: Engine, *, viewer: Viewer, limit: int = 50, offset: int = 0,
                  today: date | None = None, **filters_: Any) -> dict[str, Any]:
    """A page of problems (newest first; overdue ones most overdue first) and the total."""
    viewer.require(Permission.READ)
    today = today or date.today()
    limit = max(1, min(limit, PAGE_LIMIT))
    where = [*_scoped(viewer, WALKED), *list_filters(today=today, table=WALKED, **filters_)]
    order = [problems.c.deadline.asc(), problems.c.id.asc()] if filters_.get("overdue") else [problems.c.id.desc()]
    # the page's ids first (from the problems alone), then their rows with their enterprises
    page = select(problems.c.id).where(*where).order_by(*order).limit(limit).offset(max(offset, 0))
    query = (select(*LIST_COLUMNS).select_from(problems.join(enterprises, enterprises.c.id == problems.c.enterprise_id))
             .where(problems.c.id.in_(page.scalar_subquery())).order_by(*order))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        counted = select(problems.c.id).where(*where).limit(COUNT_CAP + 1).subquery()
        total = conn.execute(select(func.count()).select_from(counted)).scalar_one()
    return {"items": [as_item(r, today) for r in rows], "total": min(total, COUNT_CAP),
            "total_capped": total > COUNT_CAP, "limit": limit, "offset": offset}


def iter_problems(engine: Engine, *, viewer: Viewer, today: date | None = None, **filters_: Any
                  ) -> list[dict[str, Any]]:
    """Every problem matching the filters (for exports), oldest first."""
    viewer.require(Permission.READ)
    today = today or date.today()
    where = [*_scoped(viewer), *list_filters(today=today, **filters_)]
    query = (select(*LIST_COLUMNS, problems.c.description, problems.c.resolution)
             .select_from(problems.join(enterprises, enterprises.c.id == problems.c.enterprise_id))
             .where(*where).order_by(problems.c.id))
    with engine.connect() as conn:
        return [{**as_item(r, today), "description": r.description, "resolution": r.resolution}
                for r in conn.execute(query)]


def get_problem(engine: Engine, problem_id: int, *, viewer: Viewer, today: date | None = None) -> dict[str, Any]:
    """One problem with its history (oldest first) and the moves the viewer may make now."""
    viewer.require(Permission.READ)
    today = today or date.today()
    with engine.connect() as conn:
        row = conn.execute(select(*LIST_COLUMNS, problems.c.description, problems.c.resolution,
                                  problems.c.created_by, problems.c.created_at)
                           .select_from(problems.join(enterprises, enterprises.c.id == problems.c.enterprise_id))
                           .where(problems.c.id == problem_id, *_scoped(viewer))).first()
        if row is None:
            raise NotFound(f"问题 {problem_id} 不存在或不在您的数据范围内")
        history = conn.execute(select(problem_events).where(problem_events.c.problem_id == problem_id)
                               .order_by(problem_events.c.id)).all()
        held = conn.execute(select(meetings.c.id, meetings.c.title, meetings.c.held_on)
                            .select_from(meetings.join(meeting_problems, meeting_problems.c.meeting_id == meetings.c.id))
                            .where(meeting_problems.c.problem_id == problem_id).order_by(meetings.c.held_on)).all()
    item = as_item(row, today)
    writable = viewer.can(Permission.WRITE_REGISTRY) and access.in_own_work_area(
        viewer, row.region_code, row.park, row.chain_id)
    item.update(description=row.description, resolution=row.resolution, created_by=row.created_by,
                created_at=row.created_at,
                history=[_event(e) for e in history],
                meetings=[{"id": m.id, "title": m.title, "held_on": m.held_on} for m in held],
                next=[_next(t) for t in cw.allowed_from(item["state"])] if writable else [],
                allowed=cw.next_states(item["state"]))
    if item["state"] != row.state:  # read as supervised: the entry `sweep` or the next move records
        item["history"].append({"id": None, "at": datetime.combine(row.deadline, datetime.max.time()).replace(
            microsecond=0), "username": cw.SYSTEM_USER, "from_state": row.state, "to_state": item["state"],
            "from_label": cw.STATE_LABELS[row.state], "to_label": cw.STATE_LABELS[item["state"]],
            "comment": f"超过办理时限 {row.deadline}，自动督办（逾期检查于读取时进行）", "detail": {"automatic": True}})
    return item


def _event(e: Any) -> dict[str, Any]:
    return {"id": e.id, "at": e.at, "username": e.username, "from_state": e.from_state, "to_state": e.to_state,
            "from_label": cw.STATE_LABELS.get(e.from_state) if e.from_state else None,
            "to_label": cw.STATE_LABELS[e.to_state], "comment": e.comment, "detail": e.detail or {}}


def _next(t: cw.Transition) -> dict[str, Any]:
    return {"to": t.target.value, "label": t.label, "to_label": cw.STATE_LABELS[t.target],
            "requires": list(t.requires),
            "satisfactions": sorted(s.value for s in t.satisfactions) if t.satisfactions else None}


# ---- statistics -----------------------------------------------------------------------------------------

def _period_of(day: date, by: str) -> str:
    """The period of receipt a day falls in: 2026-05, 2026-Q2 or 2026."""
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    if by == "quarter":
        return f"{day.year}-Q{(day.month + 2) // 3}"
    return str(day.year)


UNASSIGNED = "（未交办）"
SUMS = ("received", "resolved", "on_time", "days", "visited", "content", "overdue", "reopened")


def stats(engine: Engine, *, viewer: Viewer, by: str = "unit", since: date | None = None,
          until: date | None = None, today: date | None = None, **filters_: Any) -> dict[str, Any]:
    """Received, resolved, resolved on time, average days and satisfaction rate by unit, category or period
    (of receipt: month, quarter or year), over the problems received between `since` and `until`."""
    viewer.require(Permission.READ)
    if by not in STATS_BY:
        raise InvalidInput(f"统计维度 {by} 不存在；可选：{'、'.join(f'{k}（{v}）' for k, v in STATS_BY.items())}")
    today = today or date.today()
    p = problems.c
    # Grouped by the plain column, which an index covering every column the figures need holds in order
    # (ix_problems_by_*: no sorting of all the rows, no reading of the table); periods are rolled up from days.
    key = {"unit": p.unit, "category": p.category}.get(by, p.received_on)
    where = [*_scoped(viewer, WALKED), *list_filters(today=today, table=WALKED, **filters_)]
    if since:
        where.append(p.received_on >= since)
    if until:
        where.append(p.received_on <= until)
    resolved = p.resolved_on.is_not(None)
    query = (select(key.label("key"), func.count().label("received"),
                    func.sum(case((resolved, 1), else_=0)).label("resolved"),
                    func.sum(case((and_(resolved, p.resolved_on <= p.deadline), 1), else_=0)).label("on_time"),
                    func.sum(func.coalesce(p.resolution_days, 0)).label("days"),
                    func.sum(case((p.satisfaction.is_not(None), 1), else_=0)).label("visited"),
                    func.sum(case((p.satisfaction.in_([s.value for s in cw.CONTENT]), 1), else_=0)).label("content"),
                    func.sum(case((and_(p.state.in_([s.value for s in cw.RUNNING]), p.deadline < today), 1),
                                  else_=0)).label("overdue"),
                    func.sum(case((p.reopened > 0, 1), else_=0)).label("reopened"))
             .where(*where).group_by(key))
    sums: dict[str, dict[str, int]] = {}
    with engine.connect() as conn:
        for r in conn.execute(query):
            name = r.key if by in ("unit", "category") else _period_of(r.key, by)
            into = sums.setdefault(name or UNASSIGNED, dict.fromkeys(SUMS, 0))
            for field in SUMS:
                into[field] += int(getattr(r, field) or 0)
    rows = [_stat(SimpleNamespace(key=k, **v)) for k, v in sorted(sums.items())]
    total = _stat_total(rows)
    return {"by": by, "by_label": STATS_BY[by], "since": since, "until": until, "rows": rows, "total": total}


def _ratio(part: int, whole: int) -> str | None:
    return None if not whole else f"{part / whole:.4f}"


def _stat(r: Any) -> dict[str, Any]:
    received, resolved, on_time, days = int(r.received), int(r.resolved or 0), int(r.on_time or 0), int(r.days or 0)
    visited, content = int(r.visited or 0), int(r.content or 0)
    return {"key": r.key, "received": received, "resolved": resolved, "resolved_on_time": on_time,
            "on_time_rate": _ratio(on_time, resolved),
            "average_days": None if not resolved else f"{days / resolved:.1f}", "days": days,
            "visited": visited, "satisfied": content, "satisfaction_rate": _ratio(content, visited),
            "overdue": int(r.overdue or 0), "reopened": int(r.reopened or 0)}


def _stat_total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def total(key: str) -> int:
        return sum(r[key] for r in rows)

    return _stat(SimpleNamespace(key="合计", received=total("received"), resolved=total("resolved"),
                                 on_time=total("resolved_on_time"), days=total("days"), visited=total("visited"),
                                 content=total("satisfied"), overdue=total("overdue"), reopened=total("reopened")))


def overdue_count(engine: Engine, *, viewer: Viewer, today: date | None = None) -> int:
    viewer.require(Permission.READ)
    today = today or date.today()
    where = [*_scoped(viewer), *list_filters(overdue=True, today=today)]
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(problems).where(*where)).scalar_one()


def categories(engine: Engine, *, viewer: Viewer) -> list[str]:
    viewer.require(Permission.READ)
    with engine.connect() as conn:
        found = {r[0] for r in conn.execute(select(problems.c.category).where(*_scoped(viewer)).distinct())}
        found |= {r[0] for r in conn.execute(select(problem_deadlines.c.category))}
    return sorted(found)

