"""Placing enterprises on chain links: automatic proposals, review, manual placement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, delete, func, select, update

from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.chain import ACTIVE_PLACEMENTS, ROLE_LABELS, ROLES
from chainatlas.domain.errors import Forbidden, InvalidInput, NotFound
from chainatlas.domain.placement import LinkMatcher
from chainatlas.services import access
from chainatlas.services.atlas import chains as atlas
from chainatlas.store import cache, housekeeping, rollup, search_index
from chainatlas.store.bulk import insert_rows
from chainatlas.store.keys import resolve_enterprise_id
from chainatlas.store.models import chains, enterprises, links, placements

BATCH = 20_000


def _matcher(engine: Engine, chain_id: str | None) -> LinkMatcher:
    with engine.connect() as conn:
        ids = [r.id for r in conn.execute(select(chains.c.id).order_by(chains.c.id))]
    if chain_id:
        if chain_id not in ids:
            atlas.get_chain(engine, chain_id)  # raises NotFound with the known chains
        ids = [chain_id]
    if not ids:
        raise InvalidInput("还没有任何产业链：请先运行 chainatlas init（会加载内置产业链模板）")
    return LinkMatcher(atlas.get_chain(engine, i) for i in ids)


def place(engine: Engine, chain_id: str | None = None,
          progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Score every enterprise against every link; store proposals with confidence and evidence.

    The evidence (matched_words) is a list of short Chinese phrases: the product line and the
    vocabulary term it contains, the industry code, the text similarity (domain/placement.py).

    Confirmed, rejected and manual placements are kept as they are: a person's
    decision is never overwritten by a re-run.
    """
    matcher = _matcher(engine, chain_id)
    chain_ids = matcher.chain_ids()
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(enterprises)
                             .where(enterprises.c.merged_into_id.is_(None))).scalar_one()
    stats = {"enterprises": 0, "proposed": 0, "kept_decisions": 0}
    reindexed = 0
    last_id = 0
    now = datetime.now()
    while True:
        with engine.begin() as conn:
            rows = conn.execute(
                select(enterprises.c.id, enterprises.c.business_scope, enterprises.c.main_products,
                       enterprises.c.industry_code)
                .where(enterprises.c.id > last_id, enterprises.c.merged_into_id.is_(None))
                .order_by(enterprises.c.id).limit(BATCH)).all()
            if not rows:
                break
            low, high = rows[0].id, rows[-1].id
            decided = {(r.enterprise_id, r.chain_id, r.link_id) for r in conn.execute(
                select(placements.c.enterprise_id, placements.c.chain_id, placements.c.link_id).where(
                    placements.c.enterprise_id.between(low, high), placements.c.chain_id.in_(chain_ids),
                    placements.c.status != "proposed"))}
            before = _chains_between(conn, low, high)
            conn.execute(delete(placements).where(
                placements.c.enterprise_id.between(low, high), placements.c.chain_id.in_(chain_ids),
                placements.c.status == "proposed"))
            out = []
            found = matcher.score_many([(products, scope, code) for _, scope, products, code in rows])
            for (eid, *_), candidates in zip(rows, found, strict=True):
                for cand in candidates:
                    if (eid, cand.chain_id, cand.link_id) in decided:
                        stats["kept_decisions"] += 1
                        continue
                    out.append((eid, cand.chain_id, cand.link_id, None, cand.confidence, list(cand.matched),
                                "proposed", now))
            _insert_placements(conn, out)
            rollup.mark(conn, {eid for eid, _ in before ^ _chains_between(conn, low, high)})  # chains changed
            reindexed += search_index.refresh_chains(conn, [r.id for r in rows])
            stats["proposed"] += len(out)
            stats["enterprises"] += len(rows)
            last_id = high
        if progress:
            progress(stats["enterprises"], total)
    if reindexed >= search_index.COMPACT_AFTER:
        with engine.begin() as conn:
            search_index.compact(conn)
    cache.forget(engine)
    if stats["enterprises"] >= BATCH:
        housekeeping.checkpoint(engine)
    return stats


def _chains_between(conn: Any, low: int, high: int) -> set[tuple[int, str]]:
    """(enterprise, chain) of the placements that count, for a range of enterprise ids."""
    return set(conn.execute(select(placements.c.enterprise_id, placements.c.chain_id).distinct().where(
        placements.c.enterprise_id.between(low, high), placements.c.status.in_(ACTIVE_PLACEMENTS))).all())


def _insert_placements(conn: Any, rows: list[tuple[Any, ...]]) -> None:
    import json

    insert_rows(conn, placements, ["enterprise_id", "chain_id", "link_id", "role", "confidence", "matched_words",
                                   "status", "updated_at"],
                ((*r[:5], json.dumps(r[5], ensure_ascii=False), *r[6:]) for r in rows))


def list_placements(engine: Engine, chain_id: str | None = None, status: str | None = "proposed",
                    enterprise: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    query = (select(placements, enterprises.c.name.label("enterprise_name"), links.c.name.label("link_name"))
             .join(enterprises, enterprises.c.id == placements.c.enterprise_id)
             .join(links, and_(links.c.chain_id == placements.c.chain_id, links.c.id == placements.c.link_id)))
    if chain_id:
        query = query.where(placements.c.chain_id == chain_id)
    if status:
        query = query.where(placements.c.status == status)
    if enterprise:
        query = query.where(placements.c.enterprise_id == resolve_enterprise_id(engine, enterprise))
    query = query.order_by(placements.c.confidence.desc(), placements.c.id).limit(limit).offset(offset)
    with engine.connect() as conn:
        return [placement_as_dict(r._mapping) for r in conn.execute(query)]


def placement_as_dict(m: Any) -> dict[str, Any]:
    return {"id": m["id"], "enterprise_id": m["enterprise_id"], "enterprise": m.get("enterprise_name"),
            "chain": m["chain_id"], "link": m["link_id"], "link_name": m.get("link_name"), "role": m["role"],
            "role_label": ROLE_LABELS.get(m["role"]) if m["role"] else None, "confidence": m["confidence"],
            "matched_words": m["matched_words"], "status": m["status"]}


def decide(engine: Engine, placement_ids: list[int], decision: str, role: str | None = None, *,
           viewer: Viewer) -> int:
    """Confirm or reject proposals (audited, with the enterprise when there is one); returns how many changed."""
    if decision not in ("confirmed", "rejected"):
        raise InvalidInput("决定应为 confirmed（确认）或 rejected（驳回）")
    if role is not None and role not in ROLES:
        raise InvalidInput(f"角色应为 {'、'.join(ROLES)} 之一")
    with engine.begin() as conn:
        found = dict(conn.execute(select(placements.c.id, placements.c.enterprise_id)
                                  .where(placements.c.id.in_(placement_ids))).all())
        missing = sorted(set(placement_ids) - set(found))
        if missing:
            raise NotFound(f"挂链记录不存在：{', '.join(map(str, missing))}")
        values: dict[str, Any] = {"status": decision, "updated_at": datetime.now()}
        if role:
            values["role"] = role
        changed = conn.execute(update(placements).where(placements.c.id.in_(placement_ids)).values(**values)).rowcount
        search_index.refresh_chains(conn, list(found.values()))  # a rejection may take the enterprise off the chain
        rollup.mark(conn, found.values())
        owners = set(found.values())
        target = f"placement:{placement_ids[0]}" if len(placement_ids) == 1 else "placements"
        access.record_audit(conn, viewer, "placement_decision", target,
                            enterprise_id=owners.pop() if len(owners) == 1 else None,
                            decision=decision, role=role, changed=changed,
                            **({"ids": placement_ids} if len(placement_ids) > 1 else {}))
    cache.forget(engine)
    return changed


def place_manually(engine: Engine, enterprise: str, chain_id: str, link_id: str, role: str | None = None, *,
                   viewer: Viewer) -> dict:
    """Put an enterprise on a link by hand, with a role (链主/龙头, 核心, 配套); audited."""
    if role is not None and role not in ROLES:
        raise InvalidInput(f"角色 {role} 无效，应为 leader（链主/龙头）、key（核心）或 supporting（配套）")
    chain = atlas.get_chain(engine, chain_id)
    chain.link(link_id)
    eid = resolve_enterprise_id(engine, enterprise)
    now = datetime.now()
    with engine.begin() as conn:
        existing = conn.execute(select(placements.c.id).where(
            placements.c.enterprise_id == eid, placements.c.chain_id == chain_id,
            placements.c.link_id == link_id)).first()
        values = {"role": role, "confidence": 1.0, "status": "manual", "updated_at": now}
        if existing:
            conn.execute(update(placements).where(placements.c.id == existing.id).values(**values))
            pid = existing.id
        else:
            pid = conn.execute(placements.insert().values(enterprise_id=eid, chain_id=chain_id, link_id=link_id,
                                                          matched_words=["人工挂链"], **values)
                               ).inserted_primary_key[0]
        search_index.refresh_chains(conn, [eid])
        rollup.mark(conn, [eid])
        access.record_audit(conn, viewer, "placement_add", f"enterprise:{eid}", chain=chain_id, link=link_id, role=role)
    cache.forget(engine)
    return {"id": pid, "enterprise_id": eid, "chain": chain_id, "link": link_id, "role": role, "status": "manual"}


def decide_placement(engine: Engine, placement_id: int, decision: str, role: str | None = None, *,
                     viewer: Viewer) -> dict[str, Any]:
    """Confirm or reject one placement (optionally setting its role) of an enterprise in the viewer's own area."""
    viewer.require(Permission.WRITE_REGISTRY)
    with engine.connect() as conn:
        owner = conn.execute(select(placements.c.enterprise_id).where(placements.c.id == placement_id)).scalar()
    if owner is None:
        raise NotFound(f"挂链记录 {placement_id} 不存在")
    access.enterprise_groups(engine, viewer, owner, needs="placements")
    if not access.in_own_area(engine, viewer, owner):
        raise Forbidden("只能处理本机构辖区内企业的挂链")
    changed = decide(engine, [placement_id], decision, role, viewer=viewer)
    with engine.connect() as conn:
        row = conn.execute(select(placements.c.id, placements.c.status, placements.c.role)
                           .where(placements.c.id == placement_id)).one()
    return {"id": row.id, "status": row.status, "role": row.role, "changed": changed}
