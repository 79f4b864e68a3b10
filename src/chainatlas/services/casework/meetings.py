"""Meetings (e.g. the monthly 园区市长日) that gather key problems, and their printable meeting sheet (Excel)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select

from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import Forbidden, InvalidInput, NotFound
from chainatlas.exporters import Column, Sheet, xlsx_bytes
from chainatlas.services import access
from chainatlas.services.casework import problems as pr
from chainatlas.store.models import meeting_problems, meetings, problems

SHEET_COLUMNS = (Column("position", "序号", 6), Column("enterprise_name", "企业名称", 30), Column("title", "问题", 40),
                 Column("category", "类别", 10), Column("unit", "责任单位", 20), Column("deadline", "办理时限", 12),
                 Column("state_label", "状态", 10), Column("note", "会议意见", 30))


def _scoped(viewer: Viewer) -> list[Any]:
    found = access.work_condition(viewer, meetings)
    return [] if found is None else [found]


def _own_area(viewer: Viewer) -> tuple[str | None, str | None]:
    own = next((a for a in viewer.areas if not a.shared and not a.unrestricted), None)
    return (own.region, own.park) if own else (None, None)


def create_meeting(engine: Engine, title: str, held_on: date, problem_ids: list[int] | None = None, *,
                   viewer: Viewer, region: str | None = None, park: str | None = None) -> dict[str, Any]:
    """A meeting in the viewer's own area (or the region and park given), with the problems given."""
    viewer.require(Permission.WRITE_REGISTRY)
    title = (title or "").strip()
    if not title:
        raise InvalidInput("会议名称不能为空")
    if len(title) > 200:
        raise InvalidInput("会议名称过长（至多 200 字）")
    if region is None and park is None:
        region, park = _own_area(viewer)
    if not access.in_own_work_area(viewer, region, park, None):
        raise Forbidden("会议不在本机构的工作范围内")
    with engine.begin() as conn:
        meeting_id = conn.execute(insert(meetings).values(
            title=title, held_on=held_on, region_code=region, park=park, chain_id=None,
            created_by=viewer.username, created_at=datetime.now())).inserted_primary_key[0]
        access.record_audit(conn, viewer, "meeting_create", f"meeting:{meeting_id}", title=title)
    if problem_ids:
        add_to_meeting(engine, meeting_id, problem_ids, viewer=viewer)
    return get_meeting(engine, meeting_id, viewer=viewer)


def add_to_meeting(engine: Engine, meeting_id: int, problem_ids: list[int], *, viewer: Viewer) -> dict[str, Any]:
    """Put problems on a meeting's agenda (those already on it stay where they are)."""
    viewer.require(Permission.WRITE_REGISTRY)
    with engine.begin() as conn:
        put_on_agenda(conn, meeting_id, problem_ids, viewer=viewer)
    return get_meeting(engine, meeting_id, viewer=viewer)


def writable_meeting(conn: Connection, meeting_id: int, viewer: Viewer) -> Any:
    """The meeting's row if the viewer may add to it; NotFound or Forbidden otherwise."""
    meeting = conn.execute(select(meetings).where(meetings.c.id == meeting_id, *_scoped(viewer))).first()
    if meeting is None:
        raise NotFound(f"会议 {meeting_id} 不存在或不在您的数据范围内")
    if not access.in_own_work_area(viewer, meeting.region_code, meeting.park, meeting.chain_id):
        raise Forbidden("会议不在本机构的工作范围内")
    return meeting


def put_on_agenda(conn: Connection, meeting_id: int, problem_ids: list[int], *, viewer: Viewer) -> list[int]:
    """Add problems to a meeting in the caller's transaction (an import's, so that both happen or neither);
    the ones added."""
    viewer.require(Permission.WRITE_REGISTRY)
    writable_meeting(conn, meeting_id, viewer)
    wanted = list(dict.fromkeys(problem_ids))
    found = {r.id: r for r in conn.execute(select(problems.c.id, problems.c.region_code, problems.c.park,
                                                  problems.c.chain_id)
                                           .where(problems.c.id.in_(wanted), *pr._scoped(viewer)))}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise NotFound(f"问题 {'、'.join(map(str, missing))} 不存在或不在您的数据范围内")
    for r in found.values():
        if not access.in_own_work_area(viewer, r.region_code, r.park, r.chain_id):
            raise Forbidden(f"问题 {r.id} 不在本机构的工作范围内")
    present = {r[0] for r in conn.execute(select(meeting_problems.c.problem_id)
                                          .where(meeting_problems.c.meeting_id == meeting_id))}
    position = conn.execute(select(func.coalesce(func.max(meeting_problems.c.position), 0))
                            .where(meeting_problems.c.meeting_id == meeting_id)).scalar_one()
    added = [i for i in wanted if i not in present]
    for i in added:
        position += 1
        conn.execute(insert(meeting_problems).values(meeting_id=meeting_id, problem_id=i, position=position))
    access.record_audit(conn, viewer, "meeting_problems", f"meeting:{meeting_id}", added=added)
    return added


def remove_from_meeting(engine: Engine, meeting_id: int, problem_id: int, *, viewer: Viewer) -> dict[str, Any]:
    viewer.require(Permission.WRITE_REGISTRY)
    with engine.begin() as conn:
        meeting = conn.execute(select(meetings).where(meetings.c.id == meeting_id, *_scoped(viewer))).first()
        if meeting is None:
            raise NotFound(f"会议 {meeting_id} 不存在或不在您的数据范围内")
        if not access.in_own_work_area(viewer, meeting.region_code, meeting.park, meeting.chain_id):
            raise Forbidden("会议不在本机构的工作范围内")
        conn.execute(delete(meeting_problems).where(meeting_problems.c.meeting_id == meeting_id,
                                                    meeting_problems.c.problem_id == problem_id))
        access.record_audit(conn, viewer, "meeting_problems", f"meeting:{meeting_id}", removed=[problem_id])
    return get_meeting(engine, meeting_id, viewer=viewer)


def list_meetings(engine: Engine, *, viewer: Viewer) -> list[dict[str, Any]]:
    viewer.require(Permission.READ)
    counted = (select(meeting_problems.c.meeting_id, func.count().label("n"))
               .group_by(meeting_problems.c.meeting_id).subquery())
    query = (select(meetings, func.coalesce(counted.c.n, 0).label("problems"))
             .select_from(meetings.outerjoin(counted, counted.c.meeting_id == meetings.c.id))
             .where(*_scoped(viewer)).order_by(meetings.c.held_on.desc(), meetings.c.id.desc()))
    with engine.connect() as conn:
        return [_meeting(r) | {"problems": r.problems} for r in conn.execute(query)]


def _meeting(r: Any) -> dict[str, Any]:
    return {"id": r.id, "title": r.title, "held_on": r.held_on, "region_code": r.region_code, "park": r.park,
            "created_by": r.created_by}


def get_meeting(engine: Engine, meeting_id: int, *, viewer: Viewer, today: date | None = None) -> dict[str, Any]:
    """A meeting and its problems in agenda order (only those the viewer may read)."""
    viewer.require(Permission.READ)
    today = today or date.today()
    with engine.connect() as conn:
        meeting = conn.execute(select(meetings).where(meetings.c.id == meeting_id, *_scoped(viewer))).first()
        if meeting is None:
            raise NotFound(f"会议 {meeting_id} 不存在或不在您的数据范围内")
        rows = conn.execute(select(*pr.LIST_COLUMNS, meeting_problems.c.position)
                            .select_from(problems.join(meeting_problems, meeting_problems.c.problem_id == problems.c.id)
                                         .join(pr.enterprises, pr.enterprises.c.id == problems.c.enterprise_id))
                            .where(meeting_problems.c.meeting_id == meeting_id, *pr._scoped(viewer))
                            .order_by(meeting_problems.c.position)).all()
    items = [pr.as_item(r, today) | {"position": n} for n, r in enumerate(rows, 1)]
    return _meeting(meeting) | {"items": items, "problems": len(items)}


def meeting_sheet(engine: Engine, meeting_id: int, *, viewer: Viewer) -> bytes:
    """The printable meeting sheet: each problem with its enterprise, responsible unit and deadline."""
    meeting = get_meeting(engine, meeting_id, viewer=viewer)
    rows = [{**i, "enterprise_name": i["enterprise"]["name"]} for i in meeting["items"]]
    return xlsx_bytes([Sheet("会议问题清单", SHEET_COLUMNS, rows, heading=(
        f"{meeting['title']}  问题清单", f"会议日期：{meeting['held_on']}；共 {len(rows)} 个问题"),
        notes=("责任单位须在办理时限内办结并反馈；逾期转督办。",))])
