"""What-if (招商推演): a chain in a region before and after adding enterprises to links; saved scenarios.

"Before" is `atlas.gaps` for the chain and region, as the viewer sees it; "after" is the same
analysis over those figures plus the added enterprises. Nothing is written but a saved scenario.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, select

from chainatlas import reference
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.chain import STAGE_LABELS, Chain
from chainatlas.domain.errors import InvalidInput, NotFound
from chainatlas.domain.gaps import STATUS_LABELS, GapReport, LinkFigures
from chainatlas.domain.money import wan_text
from chainatlas.domain.regions import code_range
from chainatlas.domain.whatif import Addition, what_if
from chainatlas.services import access, atlas
from chainatlas.services.targets import keys
from chainatlas.store.pool_models import whatif_scenarios

MAX_ADDITIONS = 50


def gap_report(engine: Engine, chain_id: str, region: str | None, park: str | None, viewer: Viewer) -> GapReport:
    """`atlas.gaps` for the chain and scope, the one the chain map keeps (minutes per scope, dropped whenever
    ChainAtlas writes): a what-if is tried many times over, on the map page that has just read it."""
    return atlas.kept_gaps(engine, chain_id, region, park, viewer=viewer)


def _side(report: GapReport) -> dict[str, Any]:
    return {"supporting_rate": report.supporting_rate, "weighted_supporting_rate": report.weighted_supporting_rate,
            "covered_rate": report.covered_rate,
            "revenue_wan_yuan": wan_text(sum(g.revenue_fen for g in report.links)),
            "counts": {s: sum(1 for g in report.links if g.status == s) for s in STATUS_LABELS},
            "links": [{"id": g.id, "name": g.name, "stage": g.stage, "stage_label": STAGE_LABELS[g.stage],
                       "status": g.status, "status_label": STATUS_LABELS[g.status], "enterprises": g.enterprises,
                       "revenue_wan_yuan": wan_text(g.revenue_fen), "reasons": list(g.reasons)}
                      for g in report.links],
            "gaps": [{"id": g.id, "name": g.name, "status": g.status, "status_label": STATUS_LABELS[g.status]}
                     for g in report.links if g.status != "covered"]}


def resolve_additions(engine: Engine, chain: Chain, items: list[dict[str, Any]], viewer: Viewer,
                      region: str | None = None) -> list[Addition]:
    """Each item is {"key", "link"} (a pool or deployment enterprise) or {"name", "link", "revenue_wan_yuan"}
    (hypothetical); links by id or name. An enterprise already in the region is counted there already."""
    if not items:
        raise InvalidInput("请至少加入一家企业")
    if len(items) > MAX_ADDITIONS:
        raise InvalidInput(f"一次最多推演 {MAX_ADDITIONS} 家企业")
    out = []
    with engine.connect() as conn:
        for n, item in enumerate(items, start=1):
            link = str(item.get("link") or "").strip()
            if not link:
                raise InvalidInput(f"第 {n} 家企业缺少环节")
            link_id = atlas.link_id_in(chain, link)
            if item.get("key"):
                found = keys.find(conn, str(item["key"]), viewer)
                if found["source"] == "local" and _inside(found["region_code"], region):
                    raise InvalidInput(f"第 {n} 家企业“{found['name']}”已是本地企业，已计入推演前的数字")
                out.append(Addition(link_id, found["name"], int(found["revenue_fen"]), found["key"]))
            else:
                name = str(item.get("name") or "").strip()
                if not name or len(name) > 200:
                    raise InvalidInput(f"第 {n} 家企业：假设企业需要名称（200 字以内）")
                out.append(Addition(link_id, name, keys.wan_to_fen(item.get("revenue_wan_yuan"),
                                                                   f"第 {n} 家企业的营收")))
    return out


def _inside(code: str | None, region: str | None) -> bool:
    if region is None:
        return True  # the whole deployment is "local"
    low, high = code_range(region)
    return bool(code) and low <= str(code) < high


def run_whatif(engine: Engine, chain_id: str, region: str | None, items: list[dict[str, Any]], *,
               viewer: Viewer, park: str | None = None) -> dict[str, Any]:
    """Before and after adding the enterprises: rates, statuses, changed links, single-source links removed,
    the chain's revenue and the gap list. Nothing is written."""
    viewer.require(Permission.READ)
    chain = atlas.get_chain(engine, chain_id)
    additions = resolve_additions(engine, chain, items, viewer, region)
    report = gap_report(engine, chain.id, region, park, viewer)
    figures = {g.id: LinkFigures(g.enterprises, g.revenue_fen, g.leaders) for g in report.links if g.enterprises}
    result = what_if(chain, figures, additions, report.policy)
    names = {link.id: link.name for link in chain.links}
    return {
        "chain": chain.id, "chain_name": chain.name, "region": region,
        "region_name": reference.regions().name_of(region) if region else None,
        "before": _side(result.before), "after": _side(result.after),
        "changed": [{"id": c.link_id, "name": c.name, "before": c.before, "after": c.after,
                     "before_label": STATUS_LABELS[c.before], "after_label": STATUS_LABELS[c.after]}
                    for c in result.changed],
        "single_source_removed": [{"id": i, "name": names[i]} for i in result.single_source_removed],
        "revenue_before_wan_yuan": wan_text(result.revenue_before_fen),
        "revenue_after_wan_yuan": wan_text(result.revenue_after_fen),
        "additions": [{"key": a.key, "name": a.name, "link": a.link_id, "link_name": names[a.link_id],
                       "revenue_wan_yuan": wan_text(a.revenue_fen),
                       "source": "hypothetical" if a.key is None else "pool" if a.key.startswith("P") else "local",
                       "source_label": "假设企业" if a.key is None else "招商企业库" if a.key.startswith("P")
                       else "本平台企业"}
                      for a in result.additions],
        "summary": _summary(result.before, result.after, len(result.changed)),
    }


def _summary(before: GapReport, after: GapReport, changed: int) -> str:
    return (f"本地配套率 {before.supporting_rate:.1%} → {after.supporting_rate:.1%}，"
            f"加权 {before.weighted_supporting_rate:.1%} → {after.weighted_supporting_rate:.1%}；"
            f"{changed} 个环节状态改变")


def _org_condition(viewer: Viewer) -> Any:
    return whatif_scenarios.c.org_id.is_(None) if viewer.org_id is None else whatif_scenarios.c.org_id == viewer.org_id


def save_scenario(engine: Engine, name: str, chain_id: str, region: str | None, items: list[dict[str, Any]], *,
                  viewer: Viewer) -> dict[str, Any]:
    """Save (or replace) a scenario under a name for the viewer's organisation; returns it, recomputed."""
    viewer.require(Permission.READ)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise InvalidInput("推演方案需要名称（100 字以内）")
    chain = atlas.get_chain(engine, chain_id)
    additions = resolve_additions(engine, chain, items, viewer, region)  # refuses what cannot be run
    stored = [{"key": a.key, "link": a.link_id} if a.key else
              {"name": a.name, "link": a.link_id, "revenue_wan_yuan": wan_text(a.revenue_fen)} for a in additions]
    with engine.begin() as conn:
        same = and_(_org_condition(viewer), whatif_scenarios.c.name == name)
        old = conn.execute(select(whatif_scenarios.c.id).where(same)).first()
        values = {"chain_id": chain.id, "region_code": region, "additions": stored, "username": viewer.username,
                  "created_at": datetime.now()}
        if old is not None:
            conn.execute(whatif_scenarios.update().where(whatif_scenarios.c.id == old.id).values(**values))
            scenario_id = old.id
        else:
            scenario_id = conn.execute(whatif_scenarios.insert().values(org_id=viewer.org_id, name=name, **values)
                                       ).inserted_primary_key[0]
        access.record_audit(conn, viewer, "whatif_save", f"whatif:{scenario_id}", name=name, chain=chain.name,
                            enterprises=len(stored))
    return open_scenario(engine, scenario_id, viewer=viewer)


def list_scenarios(engine: Engine, *, viewer: Viewer) -> list[dict[str, Any]]:
    viewer.require(Permission.READ)
    with engine.connect() as conn:
        rows = conn.execute(select(whatif_scenarios).where(_org_condition(viewer))
                            .order_by(whatif_scenarios.c.created_at.desc(), whatif_scenarios.c.id.desc())).all()
    return [{"id": r.id, "name": r.name, "chain": r.chain_id, "region": r.region_code,
             "enterprises": len(r.additions), "username": r.username,
             "created_at": r.created_at.isoformat(timespec="seconds")} for r in rows]


def open_scenario(engine: Engine, scenario_id: int, *, viewer: Viewer) -> dict[str, Any]:
    """A saved scenario of the viewer's organisation, computed afresh on today's figures."""
    viewer.require(Permission.READ)
    with engine.connect() as conn:
        row = conn.execute(select(whatif_scenarios).where(whatif_scenarios.c.id == scenario_id,
                                                          _org_condition(viewer))).first()
    if row is None:
        raise NotFound(f"推演方案 {scenario_id} 不存在")
    result = run_whatif(engine, row.chain_id, row.region_code, list(row.additions), viewer=viewer)
    return {**result, "scenario": {"id": row.id, "name": row.name, "username": row.username,
                                   "created_at": row.created_at.isoformat(timespec="seconds")}}
