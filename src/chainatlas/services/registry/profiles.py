"""An enterprise's profile page: the registry record with chain and link names and its size class."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select, text

from chainatlas.domain.access import Viewer, redact
from chainatlas.domain.chain import ROLE_LABELS
from chainatlas.services import access
from chainatlas.services.registry.enterprises import get_enterprise
from chainatlas.store import search_index, sizes
from chainatlas.store.keys import resolve_enterprise_id
from chainatlas.store.models import chains, links


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
