"""A user's verdicts on recommended targets, for the organisation: dismissed with a reason (never shown again
for that link) or accepted into the organisation's saved target list (招商目标清单)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from chainatlas import reference
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.services import access, atlas
from chainatlas.services.targets import keys
from chainatlas.store.pool_models import target_decisions as td

DECISIONS = {"dismissed": "已排除", "accepted": "已加入目标清单"}


def _org(viewer: Viewer) -> Any:
    return td.c.org_id.is_(None) if viewer.org_id is None else td.c.org_id == viewer.org_id


def excluded_keys(conn: Any, viewer: Viewer, chain_id: str, link_id: str) -> tuple[set[str], set[str]]:
    """(dismissed for this link, saved on the list for any link of the chain) of the viewer's organisation."""
    dismissed, saved = set(), set()
    for target, decision, link in conn.execute(select(td.c.target, td.c.decision, td.c.link_id)
                                               .where(_org(viewer), td.c.chain_id == chain_id)):
        if decision == "accepted":
            saved.add(target)
        elif link == link_id:
            dismissed.add(target)
    return dismissed, saved


def decide(engine: Engine, chain_id: str, link_key: str, region: str | None, target: str, decision: str,
           reason: str | None = None, *, viewer: Viewer) -> dict[str, Any]:
    """Dismiss a target (a reason is required) or accept it into the saved list; returns the decision."""
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
    with engine.begin() as conn:
        found = keys.find(conn, target, viewer)
        conn.execute(td.delete().where(_org(viewer), td.c.chain_id == chain.id, td.c.link_id == link_id,
                                       td.c.target == found["key"]))
        number = conn.execute(td.insert().values(
            org_id=viewer.org_id, chain_id=chain.id, link_id=link_id, region_code=region, target=found["key"],
            target_name=found["name"], decision=decision, reason=reason or None, user_id=viewer.user_id,
            username=viewer.username, created_at=datetime.now())).inserted_primary_key[0]
        access.record_audit(conn, viewer, "target_dismiss" if decision == "dismissed" else "target_accept",
                            f"target:{found['key']}", name=found["name"], chain=chain.name,
                            link=chain.link(link_id).name, reason=reason or None)
    return {"id": number, "target": found["key"], "name": found["name"], "chain": chain.id, "link": link_id,
            "decision": decision, "decision_label": DECISIONS[decision], "reason": reason or None}


def saved_targets(engine: Engine, *, viewer: Viewer, chain_id: str | None = None,
                  decision: str = "accepted") -> list[dict[str, Any]]:
    """The organisation's saved target list (or its dismissals), newest first."""
    viewer.require(Permission.READ)
    if decision not in DECISIONS:
        raise InvalidInput("决定须为 dismissed 或 accepted")
    query = select(td).where(_org(viewer), td.c.decision == decision)
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
             "created_at": r.created_at.isoformat(timespec="seconds")} for r in rows]
