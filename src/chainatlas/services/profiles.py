"""An enterprise's profile page: the registry record with chain and link names and its size class."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select, text

from chainatlas.domain.access import Permission, Viewer, redact
from chainatlas.domain.chain import ROLE_LABELS
from chainatlas.domain.errors import Forbidden, NotFound
from chainatlas.services import access, audit, chainmap, placement, search_index, sizes
from chainatlas.services.enterprises import get_enterprise, resolve_enterprise_id
from chainatlas.store.models import chains, links, placements


def enterprise_profile(engine: Engine, key: str, *, viewer: Viewer) -> dict[str, Any]:
    """`enterprises.get_enterprise` plus names for placements, size class (中小企业划型) and the rule used,
    cut to the fields the viewer may see."""
    groups = access.enterprise_groups(engine, viewer, resolve_enterprise_id(engine, key))
    data = get_enterprise(engine, key)
    search_index.catch_up(engine)
    with engine.connect() as conn:
        chain_names = dict(conn.execute(select(chains.c.id, chains.c.name)).all())
        link_names = {(c, i): n for c, i, n in conn.execute(select(links.c.chain_id, links.c.id, links.c.name))}
        size = conn.execute(text("SELECT size_class FROM enterprise_facets WHERE enterprise_id = :i"),
                            {"i": data["id"]}).scalar()
    for p in data["placements"]:
        p.update(chain_name=chain_names.get(p["chain"]), link_name=link_names.get((p["chain"], p["link"])),
                 role_label=ROLE_LABELS.get(p["role"]) if p["role"] else None)
    data.update(size=size, size_label=sizes.SIZE_LABELS.get(size), size_rule=sizes.RULE_VERSION)
    return redact(data, groups)


def decide_placement(engine: Engine, placement_id: int, decision: str, role: str | None = None, *,
                     viewer: Viewer) -> dict[str, Any]:
    """Confirm or reject one placement (optionally setting its role); the cached maps are dropped."""
    viewer.require(Permission.WRITE_REGISTRY)
    with engine.connect() as conn:
        owner = conn.execute(select(placements.c.enterprise_id).where(placements.c.id == placement_id)).scalar()
    if owner is None:
        raise NotFound(f"挂链记录 {placement_id} 不存在")
    access.enterprise_groups(engine, viewer, owner, needs="placements")
    if not access.in_own_area(engine, viewer, owner):
        raise Forbidden("只能处理本机构辖区内企业的挂链")
    changed = placement.decide(engine, [placement_id], decision, role)
    chainmap.invalidate()
    with engine.begin() as conn:
        audit.record(conn, viewer, "placement_decision", f"placement:{placement_id}", enterprise_id=owner,
                     decision=decision, role=role, changed=changed)
        row = conn.execute(text("SELECT id, status, role FROM placements WHERE id = :i"), {"i": placement_id}).one()
    return {"id": row.id, "status": row.status, "role": row.role, "changed": changed}
