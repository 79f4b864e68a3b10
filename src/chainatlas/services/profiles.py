"""An enterprise's profile page: the registry record with chain and link names and its size class."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select, text

from chainatlas.domain.chain import ROLE_LABELS
from chainatlas.services import chainmap, placement, search, sizes
from chainatlas.services.enterprises import get_enterprise
from chainatlas.store.models import chains, links


def enterprise_profile(engine: Engine, key: str) -> dict[str, Any]:
    """`enterprises.get_enterprise` plus names for placements, size class (中小企业划型) and the rule used."""
    data = get_enterprise(engine, key)
    search.catch_up(engine)
    with engine.connect() as conn:
        chain_names = dict(conn.execute(select(chains.c.id, chains.c.name)).all())
        link_names = {(c, i): n for c, i, n in conn.execute(select(links.c.chain_id, links.c.id, links.c.name))}
        size = conn.execute(text("SELECT size_class FROM enterprise_facets WHERE enterprise_id = :i"),
                            {"i": data["id"]}).scalar()
    for p in data["placements"]:
        p.update(chain_name=chain_names.get(p["chain"]), link_name=link_names.get((p["chain"], p["link"])),
                 role_label=ROLE_LABELS.get(p["role"]) if p["role"] else None)
    data.update(size=size, size_label=sizes.SIZE_LABELS.get(size), size_rule=sizes.RULE_VERSION)
    return data


def decide_placement(engine: Engine, placement_id: int, decision: str, role: str | None = None) -> dict[str, Any]:
    """Confirm or reject one placement (optionally setting its role); the cached maps are dropped."""
    changed = placement.decide(engine, [placement_id], decision, role)
    chainmap.invalidate()
    with engine.connect() as conn:
        row = conn.execute(text("SELECT id, status, role FROM placements WHERE id = :i"), {"i": placement_id}).one()
    return {"id": row.id, "status": row.status, "role": row.role, "changed": changed}
