"""Investment targets for a link (招商目标推荐): pool enterprises, and the deployment's enterprises outside the
region that the viewer may see, that make the link's products — ranked by the named parts of domain/targets.py
with their reasons; the weights in force come from the deployment's setting.

Two stages keep a link of tens of thousands of pool enterprises fast: every candidate is scored from numbers
alone (placement confidence, revenue, employees, growth, standing, the link's own ties); then the best are read
in full, walking down the list, for the ties of each firm (another link next to a local one, a branch in the
region, a live project of another chain in the region's work lists) and the exclusions (already local, already
in the investment pipeline, already on the saved list, dismissed), until no firm further down could still reach
the last place.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from sqlalchemy import Engine, and_, or_, select

from chainatlas import reference
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.chain import ACTIVE_PLACEMENTS
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.firm_roles import ROLE_LABELS, firm_role, trading_link
from chainatlas.domain.gaps import STATUS_LABELS, GapReport
from chainatlas.domain.money import wan_text
from chainatlas.domain.regions import code_range
from chainatlas.domain.targets import (
    DEFAULT_NAME,
    PART_LABELS,
    PARTS,
    Candidate,
    Ties,
    Weights,
    expansion_part,
    growth_rate,
    make_weights,
    parts_of,
    reasons,
    score,
    scorer,
    standing_part,
    ties_part,
)
from chainatlas.services import access, atlas
from chainatlas.services.targets import decisions, pipeline
from chainatlas.services.targets.keys import local_key, pool_key
from chainatlas.services.targets.pools import pool_id_of
from chainatlas.store.models import (
    enterprise_tags,
    enterprise_years,
    enterprises,
    meta,
    placements,
)
from chainatlas.store.pool_models import pool_enterprises, pool_placements, pools

WEIGHTS_KEY = "target_weights"


class _Local(NamedTuple):
    """A link's local figures, as the ranking reads them."""

    name: str
    enterprises: int
    status: str


LOCAL_CANDIDATES = 500  # the deployment's firms outside the region: the largest this many on the link
STEP = 60
MAX_LIMIT = 200
IN_CHUNK = 900


# ---- the weights in force ------------------------------------------------------------------------------

def get_weights(engine: Engine) -> Weights:
    with engine.connect() as conn:
        row = conn.execute(select(meta.c.value).where(meta.c.key == WEIGHTS_KEY)).first()
    if row is None:
        return Weights()
    data = json.loads(row.value)
    return Weights(data["name"], data["weights"])


def set_weights(engine: Engine, values: dict[str, Any] | None, name: str | None, *, viewer: Viewer) -> dict[str, Any]:
    """Set the deployment's weights (an admin's setting); None restores the defaults."""
    viewer.require(Permission.MANAGE_USERS)
    with engine.begin() as conn:
        conn.execute(meta.delete().where(meta.c.key == WEIGHTS_KEY))
        if values is not None:
            weights = make_weights(values, name or "")
            conn.execute(meta.insert().values(key=WEIGHTS_KEY, value=json.dumps(
                {"name": weights.name, "weights": dict(weights.values)}, ensure_ascii=False)))
        access.record_audit(conn, viewer, "target_weights", "target_weights", name=name or DEFAULT_NAME)
    return weights_as_dict(get_weights(engine))


def weights_as_dict(weights: Weights) -> dict[str, Any]:
    return {"name": weights.name, "weights": dict(weights.values), "labels": dict(PART_LABELS)}


# ---- ranking -------------------------------------------------------------------------------------------

def _outside(column: Any, region: str) -> Any:
    low, high = code_range(region)
    return or_(column.is_(None), column < low, column >= high)


def _inside(column: Any, region: str) -> Any:
    low, high = code_range(region)
    return and_(column >= low, column < high)


def _chunks(items: list[Any]) -> list[list[Any]]:
    return [items[i:i + IN_CHUNK] for i in range(0, len(items), IN_CHUNK)]


def recommend(engine: Engine, chain_id: str, link_key: str, region: str | None, *, viewer: Viewer,
              pool: str | None = None, limit: int = 10, include_local: bool = True,
              report: GapReport | None = None, weights: Weights | None = None) -> dict[str, Any]:
    """The best `limit` targets of one link for a region, best first, each with its score, the contribution
    of each part and its reasons; and what was left out and why."""
    viewer.require(Permission.READ)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"--limit 须在 1～{MAX_LIMIT} 之间")
    chain = atlas.get_chain(engine, chain_id)
    link = chain.link(atlas.resolve_link_id(engine, chain.id, link_key))
    region = region or viewer.own_region()
    if not region:
        raise InvalidInput("请指定地区（--region）：招商目标是相对一个地区而言的")
    if region not in reference.regions().by_code:
        raise InvalidInput(f"行政区划代码 {region} 不存在（GB/T 2260）")
    pool_id = pool_id_of(engine, pool)
    weights = weights or get_weights(engine)
    if report is not None:
        gaps = {g.id: _Local(g.name, g.enterprises, g.status) for g in report.links}
    else:  # the chain map's figures: the same analysis, kept for minutes per scope (services/atlas/chainmap.py)
        gaps = {n["id"]: _Local(n["name"], n["enterprises"], n["status"])
                for n in atlas.chain_map(engine, chain.id, region, viewer=viewer)["nodes"]}
    downstream = tuple((gaps[b].name, gaps[b].enterprises) for a, b in chain.edges
                       if a == link.id and gaps[b].enterprises)
    present = {i for i, g in gaps.items() if g.enterprises}
    neighbours = {b for a, b in chain.edges if a in present} | {a for a, b in chain.edges if b in present}
    neighbours.discard(link.id)
    base = Ties(downstream=downstream)
    most = Ties(downstream=downstream, other_links=("·",), branch="·", project="·")
    headroom = weights.values["ties"] * (ties_part(most) - ties_part(base))
    # A trader's fit counts less, except on a link whose own work is trading (医药流通, 汽车销售与售后, 设备租赁).
    discount = not trading_link((link.name, *link.vocabulary()))

    with engine.connect() as conn:
        ranked = _pool_stage_one(conn, chain.id, link.id, region, pool_id, weights, base, discount)
        if include_local and pool_id is None:
            ranked += _local_stage_one(conn, chain.id, link.id, region, viewer, weights, base, discount)
        ranked.sort(key=lambda item: (-item[0], item[1], item[2]))
        dismissed, saved, piped = decisions.excluded_keys(conn, viewer, chain.id, link.id)
        live = pipeline.investors(conn, viewer, chain.id)
        nearby = pipeline.investors(conn, viewer, chain.id, elsewhere_in=region)  # ties: a project already here
        excluded = {"local": 0, "dismissed": 0, "saved": 0, "pipeline": 0}
        chosen: list[dict[str, Any]] = []
        position = 0
        while position < len(ranked):
            if len(chosen) >= limit and ranked[position][0] + headroom < chosen[limit - 1]["score"]:
                break
            step = ranked[position:position + max(STEP, limit)]
            position += len(step)
            chosen += _stage_two(conn, step, chain, link, region, neighbours, viewer, base, weights,
                                 (dismissed, saved, piped, live), excluded, discount, nearby)
            chosen.sort(key=lambda item: (-item["score"], item["enterprise"]["key"]))
    items = chosen[:limit]
    gap = gaps[link.id]
    return {"chain": chain.id, "chain_name": chain.name, "link": link.id, "link_name": link.name,
            "region": region, "region_name": reference.regions().name_of(region), "pool": pool,
            "status": gap.status, "status_label": STATUS_LABELS[gap.status], "local_enterprises": gap.enterprises,
            "weights": weights_as_dict(weights), "candidates": len(ranked), "excluded": excluded,
            "items": items}


def _pool_stage_one(conn: Any, chain_id: str, link_id: str, region: str, pool_id: int | None, weights: Weights,
                    base: Ties, discount: bool) -> list[tuple[float, str, int]]:
    pe, pp = pool_enterprises, pool_placements
    query = (select(pe.c.id, pp.c.confidence, pe.c.revenue_fen, pe.c.employees, pe.c.growth, pe.c.standing,
                    pe.c.role, pe.c.expansion)
             .select_from(pp.join(pe, pe.c.id == pp.c.pool_enterprise_id))
             .where(pp.c.chain_id == chain_id, pp.c.link_id == link_id, _outside(pe.c.region_code, region)))
    if pool_id is not None:
        query = query.where(pe.c.pool_id == pool_id)
    value = scorer(weights, base, discount_trade=discount)
    return [(value(confidence, revenue, staff, growth, standing or 0.0, role, expansion_part(signs)), "P", pid)
            for pid, confidence, revenue, staff, growth, standing, role, signs in conn.execute(query)]


def _local_facts(conn: Any, ids: list[int]) -> tuple[dict[int, float | None], dict[int, list[tuple[str, int | None]]]]:
    revenues: dict[int, dict[int, int]] = {}
    tags: dict[int, list[tuple[str, int | None]]] = {}
    for chunk in _chunks(ids):
        for eid, year, revenue in conn.execute(select(enterprise_years.c.enterprise_id, enterprise_years.c.year,
                                                      enterprise_years.c.revenue_fen)
                                               .where(enterprise_years.c.enterprise_id.in_(chunk))):
            if revenue is not None:
                revenues.setdefault(eid, {})[year] = revenue
        for eid, tag, year in conn.execute(select(enterprise_tags.c.enterprise_id, enterprise_tags.c.tag,
                                                  enterprise_tags.c.year).where(enterprise_tags.c.enterprise_id
                                                                                 .in_(chunk))):
            tags.setdefault(eid, []).append((tag, year))
    return {i: growth_rate(revenues.get(i, {})) for i in ids}, tags


def _local_scope(viewer: Viewer) -> list[Any]:
    """Enterprises whose placements, figures and tags the viewer may all read."""
    return [*access.conditions(viewer, needs="placements"), *access.conditions(viewer, needs="metrics"),
            *access.conditions(viewer, needs="tags")]


def _local_stage_one(conn: Any, chain_id: str, link_id: str, region: str, viewer: Viewer, weights: Weights,
                     base: Ties, discount: bool) -> list[tuple[float, str, int]]:
    e, p = enterprises, placements
    rows = conn.execute(
        select(e.c.id, p.c.confidence, e.c.revenue_fen, e.c.employees, e.c.name, e.c.main_products,
               e.c.business_scope, e.c.industry_code)
        .select_from(p.join(e, e.c.id == p.c.enterprise_id))
        .where(p.c.chain_id == chain_id, p.c.link_id == link_id, p.c.status.in_(ACTIVE_PLACEMENTS),
               e.c.merged_into_id.is_(None), _outside(e.c.region_code, region), *_local_scope(viewer))
        .order_by(e.c.revenue_fen.desc().nulls_last(), e.c.id).limit(LOCAL_CANDIDATES)).all()
    growth, tags = _local_facts(conn, [r.id for r in rows])
    value = scorer(weights, base, discount_trade=discount)
    return [(value(r.confidence, r.revenue_fen, r.employees, growth[r.id], standing_part(t for t, _ in tags.get(r.id, [])),
                   firm_role(r.name, r.main_products, r.business_scope, r.industry_code), 0.0), "E", r.id)
            for r in rows]


def _stage_two(conn: Any, step: list[tuple[float, str, int]], chain: Any, link: Any, region: str,
               neighbours: set[str], viewer: Viewer, base: Ties, weights: Weights,
               exclusions: tuple[set[str], set[str], set[str], pipeline.Pipeline],
               excluded: dict[str, int], discount: bool, nearby: pipeline.Pipeline) -> list[dict[str, Any]]:
    """Read the step's firms in full; drop the excluded; score with each firm's own ties; with reasons."""
    dismissed, saved, piped, live = exclusions
    names = {x.id: x.name for x in chain.links}
    records = _pool_records(conn, chain.id, link.id, [i for _, s, i in step if s == "P"]) | \
        _local_records(conn, chain.id, link.id, [i for _, s, i in step if s == "E"])
    local_keys = _already_local(conn, region, [r for r in records.values() if r["source"] == "pool"])
    branches = _branches(conn, region, [r for r in records.values() if r["source"] == "pool"], viewer)
    out = []
    for _, source, ident in step:
        key = pool_key(ident) if source == "P" else local_key(ident)
        r = records.get(key)
        if r is None:
            continue
        if key in dismissed:
            excluded["dismissed"] += 1
            continue
        if key in piped or live.project_of(r["uscc"], ident if source == "E" else None, r["name_key"]) is not None:
            excluded["pipeline"] += 1
            continue
        if key in saved:
            excluded["saved"] += 1
            continue
        if key in local_keys:
            excluded["local"] += 1
            continue
        other = tuple(names[x] for x in r["links"] if x in neighbours and x != link.id)
        here = nearby.project_of(r["uscc"], ident if source == "E" else None, r["name_key"])
        ties = Ties(downstream=base.downstream, other_links=other, branch=branches.get(key),
                    project=nearby.names.get(here) if here is not None else None)
        candidate = Candidate(r["confidence"], r["revenue_fen"], r["employees"], r["growth"], r["standing"],
                              r["role"] if discount else None, tuple((k, t) for k, t in r["expansion"]))
        value, contributions = score(parts_of(candidate, ties), weights)
        region_code = r["region_code"]
        out.append({
            "enterprise": {"id": key if source == "P" else ident, "key": key, "name": r["name"], "uscc": r["uscc"],
                           "region": region_code,
                           "region_name": reference.regions().name_of(region_code) if region_code else None,
                           "source": r["source"], "source_label": r["source_label"]},
            "score": value, "parts": contributions,
            "facts": {"revenue_wan_yuan": wan_text(r["revenue_fen"]), "revenue_year": r["revenue_year"],
                      "employees": r["employees"],
                      "growth_pct": None if r["growth"] is None else round(r["growth"] * 100, 1),
                      "tags": [{"tag": t, "year": y} for t, y in r["tags"]], "confidence": r["confidence"],
                      "matched": r["matched"], "role": r["role"], "role_label": ROLE_LABELS.get(r["role"] or ""),
                      "expansion": [{"kind": k, "text": t} for k, t in r["expansion"]]},
            "reasons": reasons(link.name, r["matched"], candidate, r["revenue_year"], r["tags"], ties),
        })
    return out


def _pool_records(conn: Any, chain_id: str, link_id: str, ids: list[int]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    pe, pp = pool_enterprises, pool_placements
    out: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        rows = conn.execute(select(pe, pp.c.confidence, pp.c.matched_words, pools.c.name.label("pool_name"))
                            .select_from(pe.join(pp, and_(pp.c.pool_enterprise_id == pe.c.id,
                                                          pp.c.chain_id == chain_id, pp.c.link_id == link_id))
                                         .join(pools, pools.c.id == pe.c.pool_id))
                            .where(pe.c.id.in_(chunk))).all()
        links: dict[int, list[str]] = {}
        for pid, other in conn.execute(select(pp.c.pool_enterprise_id, pp.c.link_id)
                                       .where(pp.c.pool_enterprise_id.in_(chunk), pp.c.chain_id == chain_id)):
            links.setdefault(pid, []).append(other)
        for r in rows:
            out[pool_key(r.id)] = {
                "key": pool_key(r.id), "source": "pool", "source_label": f"招商企业库·{r.pool_name}", "name": r.name, "uscc": r.uscc,
                "name_key": r.name_key, "region_code": r.region_code, "confidence": r.confidence,
                "matched": list(r.matched_words or []), "revenue_fen": r.revenue_fen, "revenue_year": r.revenue_year,
                "employees": r.employees, "growth": r.growth, "standing": r.standing or 0.0,
                "tags": [(t, y) for t, y in (r.tags or [])], "links": links.get(r.id, []), "role": r.role,
                "expansion": [tuple(sign) for sign in r.expansion or []]}
    return out


def _local_records(conn: Any, chain_id: str, link_id: str, ids: list[int]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    e, p = enterprises, placements
    rows = conn.execute(select(e.c.id, e.c.name, e.c.uscc, e.c.name_key, e.c.region_code, e.c.revenue_fen,
                               e.c.revenue_year, e.c.employees, p.c.confidence, p.c.matched_words,
                               e.c.main_products, e.c.business_scope, e.c.industry_code)
                        .select_from(p.join(e, e.c.id == p.c.enterprise_id))
                        .where(e.c.id.in_(ids), p.c.chain_id == chain_id, p.c.link_id == link_id)).all()
    links: dict[int, list[str]] = {}
    for eid, other in conn.execute(select(p.c.enterprise_id, p.c.link_id).where(
            p.c.enterprise_id.in_(ids), p.c.chain_id == chain_id, p.c.status.in_(ACTIVE_PLACEMENTS))):
        links.setdefault(eid, []).append(other)
    growth, tags = _local_facts(conn, ids)
    return {local_key(r.id): {
        "key": local_key(r.id), "source": "local", "source_label": "本平台其他地区企业", "name": r.name, "uscc": r.uscc,
        "name_key": r.name_key,
        "region_code": r.region_code, "confidence": r.confidence, "matched": list(r.matched_words or []),
        "revenue_fen": r.revenue_fen, "revenue_year": r.revenue_year, "employees": r.employees,
        "growth": growth[r.id], "standing": standing_part(t for t, _ in tags.get(r.id, [])),
        "tags": tags.get(r.id, []), "links": links.get(r.id, []),
        "role": firm_role(r.name, r.main_products, r.business_scope, r.industry_code), "expansion": []} for r in rows}


def _already_local(conn: Any, region: str, records: list[dict[str, Any]]) -> set[str]:
    """Pool firms that the region's registry already holds (same credit code or same normalised name)."""
    by_uscc = {r["uscc"]: r["key"] for r in records if r["uscc"]}
    by_name = {r["name_key"]: r["key"] for r in records}
    found: set[str] = set()
    inside = _inside(enterprises.c.region_code, region)
    for chunk in _chunks(list(by_uscc)):
        found |= {by_uscc[u] for (u,) in conn.execute(select(enterprises.c.uscc).where(
            enterprises.c.uscc.in_(chunk), inside))}
    for chunk in _chunks(list(by_name)):
        found |= {by_name[n] for (n,) in conn.execute(select(enterprises.c.name_key).where(
            enterprises.c.name_key.in_(chunk), inside))}
    return found


_BRANCH_SQL = (f"SELECT id, region_code FROM {enterprises.name} WHERE name_key >= ? AND name_key < ? "
               "LIMIT 50")


def _branches(conn: Any, region: str, records: list[dict[str, Any]], viewer: Viewer) -> dict[str, str]:
    """A branch of the firm registered in the region (name key "<firm>/<branch>") that the viewer may see.

    Found by name key alone (its index), the region checked on the few rows found, the viewer's scope last."""
    low, high = code_range(region)
    found: dict[int, str] = {}
    sqlite = conn.dialect.name == "sqlite"
    cursor = conn.connection.driver_connection.cursor() if sqlite else None
    for r in records:
        key = r["name_key"]
        if cursor is not None:  # binary order: a range on the name-key index, hundreds of times per request
            rows = cursor.execute(_BRANCH_SQL, (key + "/", key + "0")).fetchall()
        else:  # a collation may order "/" apart: say what is meant
            rows = conn.execute(select(enterprises.c.id, enterprises.c.region_code).where(
                enterprises.c.name_key.startswith(key + "/", autoescape=True)).limit(50)).all()
        for eid, code in rows:
            if code and low <= code < high and eid not in found:
                found[eid] = r["key"]
                break
    if cursor is not None:
        cursor.close()
    if not found:
        return {}
    out: dict[str, str] = {}
    for eid, name in conn.execute(select(enterprises.c.id, enterprises.c.name).where(
            enterprises.c.id.in_(list(found)), *access.conditions(viewer)).order_by(enterprises.c.id)):
        out.setdefault(found[eid], name)
    return out


def parts_legend(weights: Weights) -> list[dict[str, Any]]:
    return [{"part": p, "label": PART_LABELS[p], "weight": weights.values[p]} for p in PARTS]
