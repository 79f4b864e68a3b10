"""Projects: major projects under construction (重大项目) and the investment pipeline (招商项目), one model.

Stages move by the rules of `domain.projects` (forward, skipping allowed; 终止 with a reason); each stage keeps
a planned and an actual date, and every move, milestone and edit is kept in the project's history. Writes
are optimistic: they name the version they read, and the second of two writes on the same version loses.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, func, insert, or_, select, update

from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.goals import parse_period
from chainatlas.domain.money import parse_money, wan_text, yi_text
from chainatlas.domain.projects import (
    COLUMN_LABELS,
    LISTS,
    RANK,
    STAGE_LABELS,
    STAGES,
    TERMINATED,
    StageDates,
    allowed_targets,
    check_transition,
    delays,
    list_kind,
    stage_id,
)
from chainatlas.services import access
from chainatlas.services.lists import common
from chainatlas.store import filters
from chainatlas.store.models import project_events, project_stages, projects

BIG_PROJECT_FEN = 10 * 10_000_000_000  # 10亿元: the "签约10亿元以上项目" of city reports
PERSONS = ("responsible_person",)


def _money(raw: Any, what: str) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        return parse_money(raw)
    except ValueError as exc:
        raise InvalidInput(f"{what}：{exc}") from None


def _flag(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    return str(raw or "").strip().lower() in ("是", "y", "yes", "true", "1", "√", "三类500强")


def _fields(conn: Connection, data: dict[str, Any], row: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[str]]:
    """Column values from `data` (merged over `row` when editing) and the enterprise names not in the registry."""
    row = row or {}

    def given(key: str, column: str | None = None) -> Any:
        return data[key] if key in data else row.get(column or key)

    chain, link = common.check_chain(conn, given("chain", "chain_id"), given("link", "link_id"))
    unmatched = []
    values: dict[str, Any] = {
        "name": common.text(given("name"), "项目名称", 200, required=True),
        "list_kind": list_kind(given("list", "list_kind") or "investment"),
        "chain_id": chain, "link_id": link, "region_code": common.check_region(given("region", "region_code")),
        "park": common.text(given("park"), "园区", 100),
        "planned_fen": _money(data["amount"], "计划投资") if "amount" in data else row.get("planned_fen"),
        "completed_fen": _money(data["completed"], "完成投资") if "completed" in data else row.get("completed_fen"),
        "responsible_unit": common.text(given("responsible_unit"), "责任单位", 200),
        "responsible_person": common.text(given("responsible_person"), "责任人", 100),
        "source": common.text(given("source"), "项目来源", 40),
        "fortune500": _flag(given("fortune500")),
        "notes": common.text(given("notes"), "备注", 4000),
    }
    for part in ("investor", "local"):
        name_key, code_key = ("investor", "investor_uscc") if part == "investor" else ("local_enterprise", "local_uscc")
        name = common.text(given(name_key), "投资方" if part == "investor" else "本地企业", 200)
        code = given(code_key)
        matched, clean = common.match_enterprise(conn, name, code) if (name or code) else (None, None)
        if (name or code) and matched is None:
            unmatched.append(name or clean or "")
        values.update({name_key: name, code_key: clean, f"{part}_id": matched})
    return values, unmatched


def _keeps(row: dict[str, Any]) -> Permission:
    """What writing a project needs: the investment list is the pipeline's (the investment bureau keeps it too)."""
    return Permission.WRITE_PIPELINE if row["list_kind"] == "investment" else Permission.WRITE_REGISTRY


def create_project(engine: Engine, data: dict[str, Any], *, viewer: Viewer, conn: Connection | None = None,
                   today: date | None = None) -> dict[str, Any]:
    """A new project at `data['stage']` (default 洽谈) reached on `data['on']` (default today). Earlier stages
    with an actual date in `data['actual']` keep it, the others are recorded as skipped; `data['planned']`
    gives planned dates by stage."""
    if conn is None:
        with engine.begin() as own:
            made = _create(own, data, viewer, today or date.today())
        record = get_project(engine, made["id"], viewer=viewer, today=today)
        record["unmatched"] = made["unmatched"]
        return record
    return _create(conn, data, viewer, today or date.today())


def _stage_dates(data: dict[str, Any], key: str) -> dict[str, date | None]:
    raw = data.get(key) or {}
    out = {}
    for stage, when in raw.items():
        out[stage_id(stage)] = common.parse_date(when, f"{STAGE_LABELS[stage_id(stage)]}日期")
    return out


def _create(conn: Connection, data: dict[str, Any], viewer: Viewer, today: date) -> dict[str, Any]:
    values, unmatched = _fields(conn, data)
    common.require_write(viewer, values["region_code"], values["park"], values["chain_id"], _keeps(values))
    stage = stage_id(data.get("stage") or "negotiating")
    if stage == TERMINATED:
        raise InvalidInput("新建项目不能直接处于终止状态：请先按所到阶段建立，再终止并填写原因")
    on = common.parse_date(data.get("on"), "日期") or today
    planned, actual = _stage_dates(data, "planned"), _stage_dates(data, "actual")
    actual[stage] = actual.get(stage) or on
    stamp = common.now()
    project_id = conn.execute(insert(projects).values(**values, stage=stage, rank=RANK[stage], version=1,
                                                     created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
    rows = []
    for s in STAGES:
        reached = RANK[s] <= RANK[stage]
        skipped = reached and actual.get(s) is None
        rows.append({"project_id": project_id, "stage": s, "planned_on": planned.get(s),
                     "actual_on": actual.get(s) if reached else None, "skipped": skipped,
                     "reached_on": (actual.get(s) or actual[stage]) if reached else None})
    conn.execute(insert(project_stages), rows)
    skipped_stages = [r["stage"] for r in rows if r["skipped"]]
    _event(conn, project_id, viewer, "created", None, stage, actual[stage], skipped=skipped_stages,
           unmatched=unmatched)
    reason = common.text(data.get("terminated_reason"), "终止原因", 2000)
    if reason:  # a list row of a project already ended: created at its stage, then terminated
        ended = common.parse_date(data.get("terminated_on"), "终止日期") or actual[stage]
        conn.execute(update(projects).where(projects.c.id == project_id)
                     .values(stage=TERMINATED, terminated_reason=reason, terminated_on=ended))
        _event(conn, project_id, viewer, "stage", stage, TERMINATED, ended, reason=reason)
    _refresh_due(conn, project_id)
    access.record_audit(conn, viewer, "project_create", f"project:{project_id}", name=values["name"], stage=stage)
    return {"id": int(project_id), "unmatched": unmatched}


def _refresh_due(conn: Connection, project_id: int) -> None:
    """Keep `due_on`, the earliest planned date of a stage not reached yet (NULL once terminated), after every
    change of stages or plans: the delayed filter and the home panel compare it with today."""
    earliest = (select(func.min(project_stages.c.planned_on))
                .where(project_stages.c.project_id == project_id, project_stages.c.reached_on.is_(None))
                .scalar_subquery())
    conn.execute(update(projects).where(projects.c.id == project_id)
                 .values(due_on=case((projects.c.stage == TERMINATED, None), else_=earliest)))


def _event(conn: Connection, project_id: int, viewer: Viewer, kind: str, source: str | None, target: str | None,
           on: date | None, **detail: Any) -> None:
    conn.execute(insert(project_events).values(project_id=project_id, at=common.now(), on=on, kind=kind,
                                               from_stage=source, to_stage=target,
                                               detail={k: v for k, v in detail.items() if v not in (None, [], "")},
                                               username=viewer.username))


def advance(engine: Engine, project_id: int, to: str, *, viewer: Viewer, on: date | str | None = None,
            reason: str | None = None, version: int | None = None, today: date | None = None) -> dict[str, Any]:
    """Move a project to stage `to` on date `on` (default today): forward, skipping allowed; 终止 needs a reason.

    `version`: the version the user saw; a move based on an older one is refused (Conflict), so two users
    moving the same project at once cannot both succeed."""
    target = stage_id(to)
    when = common.parse_date(on, "日期") or today or date.today()
    reason = common.text(reason, "原因", 2000)
    with engine.begin() as conn:
        row = common.visible(conn, viewer, projects, project_id)
        common.require_write(viewer, row["region_code"], row["park"], row["chain_id"], _keeps(row))
        base = common.expect(row, version)
        move = check_transition(row["stage"], target, reason=reason)
        last = conn.execute(select(func.max(project_stages.c.reached_on))
                            .where(project_stages.c.project_id == project_id)).scalar()
        if last is not None and when < last:
            raise InvalidInput(f"{STAGE_LABELS[target]}日期 {when.isoformat()} 早于上一阶段的日期 {last.isoformat()}")
        if target == TERMINATED:
            common.bump(conn, projects, project_id, base, {"stage": TERMINATED, "terminated_reason": reason,
                                                           "terminated_on": when})
        else:
            common.bump(conn, projects, project_id, base, {"stage": target, "rank": RANK[target]})
            for s in move.skips:
                conn.execute(update(project_stages).where(project_stages.c.project_id == project_id,
                                                          project_stages.c.stage == s)
                             .values(actual_on=None, skipped=True, reached_on=when))
            conn.execute(update(project_stages).where(project_stages.c.project_id == project_id,
                                                      project_stages.c.stage == target)
                         .values(actual_on=when, skipped=False, reached_on=when))
        _refresh_due(conn, project_id)
        _event(conn, project_id, viewer, "stage", row["stage"], target, when, skipped=list(move.skips), reason=reason)
        access.record_audit(conn, viewer, "project_advance", f"project:{project_id}", source=row["stage"],
                            stage=target, on=when.isoformat(), skipped=list(move.skips))
    return get_project(engine, project_id, viewer=viewer, today=today)


def update_project(engine: Engine, project_id: int, data: dict[str, Any], *, viewer: Viewer,
                   version: int | None = None, today: date | None = None) -> dict[str, Any]:
    """Edit a project's fields and planned dates (`data['planned']`: stage → date); the stage moves only by
    `advance`."""
    if "stage" in data:
        raise InvalidInput("阶段请用“推进”变更（projects advance），不能在编辑中修改")
    with engine.begin() as conn:
        row = common.visible(conn, viewer, projects, project_id)
        common.require_write(viewer, row["region_code"], row["park"], row["chain_id"], _keeps(row))
        base = common.expect(row, version)
        values, unmatched = _fields(conn, data, row)
        common.require_write(viewer, values["region_code"], values["park"], values["chain_id"], _keeps(values))
        changed = sorted(k for k, v in values.items() if row.get(k) != v)
        common.bump(conn, projects, project_id, base, values)
        planned = _stage_dates(data, "planned")
        for s, when in planned.items():
            if s == TERMINATED:
                continue
            conn.execute(update(project_stages).where(project_stages.c.project_id == project_id,
                                                      project_stages.c.stage == s).values(planned_on=when))
        if planned:
            _refresh_due(conn, project_id)
        if changed or planned:
            _event(conn, project_id, viewer, "edit", None, None, None, changed=changed,
                   planned={s: d.isoformat() if d else None for s, d in planned.items()}, unmatched=unmatched)
        access.record_audit(conn, viewer, "project_update", f"project:{project_id}", changed=changed)
    record = get_project(engine, project_id, viewer=viewer, today=today)
    record["unmatched"] = unmatched
    return record


def add_milestone(engine: Engine, project_id: int, note: str, *, viewer: Viewer, on: date | str | None = None,
                  version: int | None = None, today: date | None = None) -> dict[str, Any]:
    """A milestone (领导调度、要素保障、专班会议 …) in the project's history."""
    note = common.text(note, "里程碑内容", 500, required=True)
    when = common.parse_date(on, "日期") or today or date.today()
    with engine.begin() as conn:
        row = common.visible(conn, viewer, projects, project_id)
        common.require_write(viewer, row["region_code"], row["park"], row["chain_id"], _keeps(row))
        common.bump(conn, projects, project_id, common.expect(row, version), {})
        _event(conn, project_id, viewer, "milestone", None, None, when, note=note)
        access.record_audit(conn, viewer, "project_milestone", f"project:{project_id}", note=note)
    return get_project(engine, project_id, viewer=viewer, today=today)


def _stages_of(conn: Connection, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for chunk in range(0, len(ids), 500):
        for r in conn.execute(select(project_stages).where(project_stages.c.project_id.in_(ids[chunk:chunk + 500]))):
            out[r.project_id].append(dict(r._mapping))
    for rows in out.values():
        rows.sort(key=lambda r: RANK[r["stage"]])
    return out


def _record(r: dict[str, Any], stages: list[dict[str, Any]], today: date, viewer: Viewer) -> dict[str, Any]:
    late = delays(r["stage"], [StageDates(s["stage"], s["planned_on"], s["reached_on"], s["skipped"])
                               for s in stages], today)
    late_by = {s: days for s, _, days in late}
    record = {
        "id": r["id"], "name": r["name"], "list": r["list_kind"], "list_label": LISTS[r["list_kind"]],
        "stage": r["stage"], "stage_label": STAGE_LABELS[r["stage"]], "reached": STAGES[r["rank"]],
        "chain_id": r["chain_id"], "link_id": r["link_id"], "region_code": r["region_code"], "park": r["park"],
        "amount_wan_yuan": wan_text(r["planned_fen"]), "amount_yi_yuan": yi_text(r["planned_fen"]),
        "completed_wan_yuan": wan_text(r["completed_fen"]), "completed_yi_yuan": yi_text(r["completed_fen"]),
        "responsible_unit": r["responsible_unit"], "responsible_person": r["responsible_person"],
        "investor": r["investor"], "investor_uscc": r["investor_uscc"], "investor_id": r["investor_id"],
        "local_enterprise": r["local_enterprise"], "local_uscc": r["local_uscc"], "local_id": r["local_id"],
        "source": r["source"], "fortune500": bool(r["fortune500"]), "notes": r["notes"],
        "terminated_reason": r["terminated_reason"], "terminated_on": r["terminated_on"], "version": r["version"],
        "stages": [{"stage": s["stage"], "label": STAGE_LABELS[s["stage"]], "planned_on": s["planned_on"],
                    "actual_on": s["actual_on"], "skipped": bool(s["skipped"]), "reached": s["reached_on"] is not None,
                    "delay_days": late_by.get(s["stage"])} for s in stages],
        "delays": [{"stage": s, "label": STAGE_LABELS[s], "planned_on": when, "days": days} for s, when, days in late],
        "delayed": bool(late), "updated_at": r["updated_at"],
    }
    return common.masked(record, viewer, PERSONS)


def _labelled(detail: dict[str, Any] | None) -> dict[str, Any] | None:
    """An edit's changed columns by their Chinese names (计划投资, not planned_fen), each once."""
    if not detail or not detail.get("changed"):
        return detail
    return {**detail, "changed": list(dict.fromkeys(COLUMN_LABELS.get(c, c) for c in detail["changed"]))}


def get_project(engine: Engine, project_id: int, *, viewer: Viewer, today: date | None = None) -> dict[str, Any]:
    """One project with its stages (planned, actual, skipped, delay), delays, history and allowed moves."""
    today = today or date.today()
    with engine.connect() as conn:
        row = common.visible(conn, viewer, projects, project_id)
        record = _record(row, _stages_of(conn, [project_id])[project_id], today, viewer)
        events = conn.execute(select(project_events).where(project_events.c.project_id == project_id)
                              .order_by(project_events.c.id)).all()
    record["history"] = [{"kind": e.kind, "from": e.from_stage, "to": e.to_stage,
                          "at": (e.on or e.at.date()).isoformat(), "recorded_at": e.at, "by": e.username,
                          "detail": _labelled(e.detail)} for e in events]
    editable = viewer.can(_keeps(row)) and access.in_own_work_area(
        viewer, row["region_code"], row["park"], row["chain_id"])
    record["editable"] = editable
    record["transitions"] = [{"to": t, "label": STAGE_LABELS[t], "needs_reason": t == TERMINATED}
                             for t in allowed_targets(row["stage"])] if editable else []
    return record


def _where(viewer: Viewer, *, list_: str | None = None, chain: str | None = None, link: str | None = None,
           region: str | None = None, stage: str | None = None, fortune500: bool | None = None,
           q: str | None = None, delayed: bool | None = None, today: date | None = None) -> list[Any]:
    where: list[Any] = []
    # The narrowest ranges first: SQLite takes the first range on region_code for the index (ix_projects_scope
    # and ix_projects_chain answer the filters without reading rows).
    if region:
        where += filters.in_region(common.check_region(region) or region, projects)
    if chain:
        where.append(projects.c.chain_id == chain)
    scope = access.work_condition(viewer, projects)
    if scope is not None:
        where.append(scope)
    if list_:
        where.append(projects.c.list_kind == list_kind(list_))
    if link:
        where.append(projects.c.link_id == link)
    if stage:
        where.append(projects.c.stage == stage_id(stage))
    if fortune500 is not None:
        where.append(projects.c.fortune500 == fortune500)
    if q:
        text = q.strip()
        where.append(projects.c.name.contains(text, autoescape=True) | projects.c.investor.contains(text, autoescape=True))
    if delayed is not None:  # a stage planned before today and not reached: due_on (NULL once terminated)
        late = projects.c.due_on < (today or date.today())
        where.append(late if delayed else or_(projects.c.due_on.is_(None), ~late))
    return where


def list_projects(engine: Engine, *, viewer: Viewer, list_: str | None = None, chain: str | None = None,
                  link: str | None = None, region: str | None = None, stage: str | None = None,
                  fortune500: bool | None = None, delayed: bool | None = None, q: str | None = None,
                  limit: int = 50, offset: int = 0, today: date | None = None) -> dict[str, Any]:
    """Projects in the viewer's scope, newest first, with filters; each with its stages and delays."""
    limit, offset = common.page(limit, offset)
    today = today or date.today()
    where = _where(viewer, list_=list_, chain=chain, link=link, region=region, stage=stage, fortune500=fortune500,
                   q=q, delayed=delayed, today=today)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(projects).where(and_(True, *where))).scalar_one()
        # The page's ids first, then only those rows. When the filters keep a good share of all projects (one in
        # twenty or more), SQLite walks the ids newest first and stops at the page (the condition wrapped so that
        # no index is taken for it); otherwise the ids come from the filters' index, sorted as integers.
        condition: Any = and_(True, *where)
        if conn.dialect.name == "sqlite" and total * 20 >= (conn.execute(select(func.max(projects.c.id))).scalar() or 0):
            condition = func.coalesce(condition, False)
        ids = list(conn.execute(select(projects.c.id).where(condition)
                                .order_by(projects.c.id.desc()).limit(limit).offset(offset)).scalars())
        rows = [dict(r._mapping) for r in conn.execute(select(projects).where(projects.c.id.in_(ids))
                                                       .order_by(projects.c.id.desc()))] if ids else []
        stages = _stages_of(conn, [r["id"] for r in rows])
    return {"items": [_record(r, stages[r["id"]], today, viewer) for r in rows], "total": total, "limit": limit,
            "offset": offset, "today": today}


def _ratio(a: int, b: int) -> str | None:
    return None if not b else str((Decimal(a) / Decimal(b)).quantize(Decimal("0.0001")))


def funnel(engine: Engine, *, viewer: Viewer, period: str | None = None, list_: str | None = None,
           chain: str | None = None, region: str | None = None) -> dict[str, Any]:
    """Projects and planned investment that reached each stage (within `period`, if given: the day the stage
    was reached lies in it; a skipped stage counts as reached on the day it was passed), the conversion from
    each stage to the next, terminations, and the headline figures of city reports: projects negotiated,
    signed projects of 10亿元 and more, signed 三类500强 projects."""
    where = _where(viewer, list_=list_, chain=chain, region=region)
    span = parse_period(period) if period else None
    reached = [project_stages.c.reached_on.is_not(None)]
    if span:
        reached += [project_stages.c.reached_on >= span.start, project_stages.c.reached_on <= span.end]
    query = (select(project_stages.c.stage, func.count(), func.sum(projects.c.planned_fen),
                    func.sum(case((projects.c.planned_fen >= BIG_PROJECT_FEN, 1), else_=0)),
                    func.sum(case((projects.c.fortune500, 1), else_=0)))
             .select_from(project_stages.join(projects, projects.c.id == project_stages.c.project_id))
             .where(*reached, *where).group_by(project_stages.c.stage))
    ended = select(func.count(), func.sum(projects.c.planned_fen)).where(projects.c.stage == TERMINATED, *where)
    if span:
        ended = ended.where(projects.c.terminated_on >= span.start, projects.c.terminated_on <= span.end)
    with engine.connect() as conn:
        if span:
            found = {r[0]: r[1:] for r in conn.execute(query)}
        else:  # every stage up to a project's furthest (`rank`) was reached: sums by rank, from the index alone
            by_rank = {r[0]: r[1:] for r in conn.execute(
                select(projects.c.rank, func.count(), func.sum(projects.c.planned_fen),
                       func.sum(case((projects.c.planned_fen >= BIG_PROJECT_FEN, 1), else_=0)),
                       func.sum(case((projects.c.fortune500, 1), else_=0)))
                .where(and_(True, *where)).group_by(projects.c.rank))}
            found = {s: tuple(sum(int(v[k] or 0) for r, v in by_rank.items() if r >= RANK[s]) for k in range(4))
                     for s in STAGES}
        stopped, stopped_fen = conn.execute(ended).one()
    stages = []
    for i, s in enumerate(STAGES):
        count, fen, big, top = found.get(s, (0, None, 0, 0))
        previous = stages[-1]["count"] if stages else None
        stages.append({"stage": s, "label": STAGE_LABELS[s], "count": int(count or 0),
                       "amount_wan_yuan": wan_text(int(fen or 0)), "amount_yi_yuan": yi_text(int(fen or 0)),
                       "big": int(big or 0), "fortune500": int(top or 0),
                       "conversion": None if i == 0 else _ratio(int(count or 0), previous or 0)})
    signed = stages[RANK["signed"]]
    headline = {"negotiated": stages[0]["count"], "signed_big": signed["big"], "signed_fortune500": signed["fortune500"]}
    text = (f"洽谈引进{'重大' if list_ == 'major' else ''}项目{headline['negotiated']}个，签约10亿元以上项目"
            f"{headline['signed_big']}个，签约引进三类500强项目{headline['signed_fortune500']}个")
    return {"period": span.code if span else None, "period_label": span.label if span else "全部",
            "list": list_, "chain": chain, "region": region, "stages": stages,
            "terminated": {"count": int(stopped or 0), "amount_wan_yuan": wan_text(int(stopped_fen or 0))},
            "headline": headline, "headline_text": text}
