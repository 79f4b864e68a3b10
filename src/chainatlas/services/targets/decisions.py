"""A user's verdicts on recommended targets, for the organisation: dismissed with a reason (never shown again
for that link) or accepted — into the investment pipeline as a 洽谈 project of the 招商项目 list where the user
may write work lists in the region, and always onto the organisation's saved target list (招商目标清单)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, select

from chainatlas import reference
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.projects import TERMINATED
from chainatlas.services import access, atlas
from chainatlas.services.targets import keys, pipeline
from chainatlas.store.models import projects
from chainatlas.store.pool_models import target_decisions as td

DECISIONS = {"dismissed": "已排除", "accepted": "已加入目标清单"}


def _org(viewer: Viewer) -> Any:
    return td.c.org_id.is_(None) if viewer.org_id is None else td.c.org_id == viewer.org_id


def excluded_keys(conn: Any, viewer: Viewer, chain_id: str, link_id: str) -> tuple[set[str], set[str], set[str]]:
    """(dismissed for this link, saved on the list for any link of the chain, accepted into a project that is
    still live) of the viewer's organisation. A target whose project was terminated is neither: it may return."""
    dismissed, saved, piped = set(), set(), set()
    query = (select(td.c.target, td.c.decision, td.c.link_id, td.c.project_id, projects.c.stage)
             .select_from(td.outerjoin(projects, and_(td.c.project_id.is_not(None), projects.c.id == td.c.project_id)))
             .where(_org(viewer), td.c.chain_id == chain_id))
    for target, decision, link, project, stage in conn.execute(query):
        if decision == "accepted":
            if project is None:
                saved.add(target)
            elif stage is not None and stage != TERMINATED:
                piped.add(target)
        elif link == link_id:
            dismissed.add(target)
    return dismissed, saved, piped


def decide(engine: Engine, chain_id: str, link_key: str, region: str | None, target: str, decision: str,
           reason: str | None = None, *, viewer: Viewer, project_name: str | None = None) -> dict[str, Any]:
    """Dismiss a target (a reason is required) or accept it; returns the decision.

    Accepting opens a 洽谈 project of the investment list in the same transaction (named `project_name`, else
    "引进<企业>（<环节>）"; region: the given one, else the viewer's own; the firm as investor), or links the
    live project the firm already invests in; a viewer who may not keep the investment list in the region gets
    the saved list only (`project` None, `note` says why)."""
    viewer.require(Permission.READ)
    if decision not in DECISIONS:
        raise InvalidInput("决定须为 dismissed（排除）或 accepted（加入目标清单）")
    reason = (reason or "").strip()
    if decision == "dismissed" and not reason:
        raise InvalidInput("排除招商目标时请写明原因")
    if len(reason) > 500:
        raise InvalidInput("原因请在 500 字以内")
    chain = atlas.get_chain(engine, chain_id)
    link_id = atlas.resolve_link_id(engine, chain.id, link_key)
    link_name = chain.link(link_id).name
    project, note = None, None
    if decision == "accepted":
        region = region or viewer.own_region()
        if viewer.can(pipeline.KEEPS):
            region = pipeline.require_region(region)
    with engine.begin() as conn:
        found = keys.find(conn, target, viewer)
        if decision == "accepted" and pipeline.may_open_project(viewer, region, chain.id):
            project = pipeline.open_project(conn, viewer, chain_id=chain.id, link_id=link_id, link_name=link_name,
                                            region=region or "", firm=found, name=project_name,
                                            note=f"由招商图谱推荐加入（{found['key']}，环节：{link_name}）"
                                                 + (f"：{reason}" if reason else ""))
            if not project["created"]:
                note = (f"该企业已是{project['list_label']}“{project['name']}”（{project['stage_label']}）的投资方，"
                        "未重复新建项目")
        elif decision == "accepted":
            note = pipeline.saved_only_note(viewer, region)
        conn.execute(td.delete().where(_org(viewer), td.c.chain_id == chain.id, td.c.link_id == link_id,
                                       td.c.target == found["key"]))
        number = conn.execute(td.insert().values(
            org_id=viewer.org_id, chain_id=chain.id, link_id=link_id, region_code=region, target=found["key"],
            target_name=found["name"], decision=decision, reason=reason or None, user_id=viewer.user_id,
            username=viewer.username, created_at=datetime.now(),
            project_id=project["id"] if project else None)).inserted_primary_key[0]
        access.record_audit(conn, viewer, "target_dismiss" if decision == "dismissed" else "target_accept",
                            f"target:{found['key']}", name=found["name"], chain=chain.name, link=link_name,
                            reason=reason or None, project=project["id"] if project else None)
    label = DECISIONS[decision]
    if project is not None:
        label = (f"已加入招商引资项目清单（{project['stage_label']}）" if project["created"]
                 else f"已在{project['list_label']}清单中（{project['stage_label']}）")
    return {"id": number, "target": found["key"], "name": found["name"], "chain": chain.id, "link": link_id,
            "region": region, "decision": decision, "decision_label": label, "reason": reason or None,
            "project": project, "note": note}


def saved_targets(engine: Engine, *, viewer: Viewer, chain_id: str | None = None,
                  decision: str = "accepted") -> list[dict[str, Any]]:
    """The organisation's saved target list (or its dismissals), newest first."""
    viewer.require(Permission.READ)
    if decision not in DECISIONS:
        raise InvalidInput("决定须为 dismissed 或 accepted")
    query = (select(td, projects.c.name.label("project_name"), projects.c.stage.label("project_stage"),
                    projects.c.list_kind.label("project_list"))
             .select_from(td.outerjoin(projects, and_(td.c.project_id.is_not(None), projects.c.id == td.c.project_id)))
             .where(_org(viewer), td.c.decision == decision))
    if chain_id:
        query = query.where(td.c.chain_id == chain_id)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(td.c.created_at.desc(), td.c.id.desc())).all()
    names = {c["id"]: c["name"] for c in atlas.list_chains(engine)}
    link_names = {(chain, link.id): link.name for chain in {r.chain_id for r in rows} if chain in names
                  for link in atlas.get_chain(engine, chain).links}
    regions = reference.regions()
    return [{"id": r.id, "target": r.target, "name": r.target_name, "chain": r.chain_id,
             "chain_name": names.get(r.chain_id, r.chain_id), "link": r.link_id,
             "link_name": link_names.get((r.chain_id, r.link_id), r.link_id), "region": r.region_code,
             "region_name": regions.name_of(r.region_code) if r.region_code else None, "decision": r.decision,
             "decision_label": DECISIONS[r.decision], "reason": r.reason, "username": r.username,
             "created_at": r.created_at.isoformat(timespec="seconds"),
             "project": pipeline.public(r.project_id, r.project_name, r.project_stage, r.project_list)
             if r.project_name is not None else None} for r in rows]
