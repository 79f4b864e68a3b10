"""The chain dashboard (运行监测看板) and the city overview that ranks the chains by growth.

Built on figures.chain_figures / figures.by_chain (the roll-up the risk scan and the report read too), with
what a month's roll-up cannot tell: which enterprises entered or left (started or stopped reporting, became
or ceased to be 规上, against the same month a year earlier) and the work lists' figures for the chain and
area, read through the faces of services.lists and services.casework (each filters by the viewer's own scope).
Money stays in fen here; `public` turns every `*_fen` into `*_wan_yuan` text for the interfaces.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, and_, case, func, literal, select

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.chain import ACTIVE_PLACEMENTS
from chainatlas.domain.errors import Forbidden, NotFound
from chainatlas.domain.money import wan_text
from chainatlas.domain.monitoring import ABOVE_SCALE_REVENUE_FEN, month_text, same_month_last_year, ytd_label
from chainatlas.domain.projects import ALL_STATES
from chainatlas.domain.projects import STAGE_LABELS as PROJECT_STAGE_LABELS
from chainatlas.services import atlas, casework, lists
from chainatlas.services.monitoring import figures as f
from chainatlas.store import filters
from chainatlas.store.models import enterprise_years, enterprises, placements
from chainatlas.store.monitor_models import enterprise_months

DOUBLE_DIGIT = Decimal(10)  # 两位数增长: year-to-date growth of 10% or more
NO_DATA = "暂无数据"
LISTED = 100  # enterprises listed per kind of entry or exit (the counts are complete)
MOVES = {"started_reporting": "新报送", "became_above_scale": "新晋规上",
         "stopped_reporting": "停报", "ceased_above_scale": "退出规上"}


def default_region(engine: Engine, viewer: Viewer) -> str:
    """The viewer's own area with metrics (its city or county); for the whole registry, the city whose
    enterprises reported the most."""
    for area in viewer.areas:
        if area.region and "metrics" in area.groups and not (area.park or area.enterprise_id or area.tag):
            return area.region
    from chainatlas.store.monitor_models import chain_months as c

    with engine.connect() as conn:
        rows = conn.execute(select(c.c.region_code, func.sum(c.c.reporting))
                            .where(c.c.chain_id == f.ALL_INDUSTRY).group_by(c.c.region_code)).all()
    cities: dict[str, int] = {}
    for code, reporting in rows:
        city = code[:4] + "00"
        cities[city] = cities.get(city, 0) + int(reporting or 0)
    if not cities:
        raise NotFound("还没有月度指标：先导入企业月报（chainatlas import indicators 文件）")
    return max(cities, key=lambda code: (cities[code], code))


def _month(engine: Engine, region: str, month: date | None) -> date:
    if month is not None:
        return month
    found = f.latest_month(engine, region)
    if found is None:
        name = reference.regions().name_of(region)
        raise NotFound(f"{name}（{region}）还没有月度指标：先导入企业月报（chainatlas import indicators 文件）")
    return found


def chain_dashboard(engine: Engine, chain_id: str, region: str, month: date | None = None, *, viewer: Viewer,
                    today: date | None = None) -> dict[str, Any]:
    """A chain's dashboard in an area for a month (default: the latest with figures): the core figures and
    their series, revenue, 规上 count, share of the city's total, entries and exits, and the work lists."""
    chain = atlas.get_chain(engine, chain_id)  # a clear 404 for an unknown chain
    f.check_scope(viewer, region, chain_id)  # before anything about the area's figures is told
    month = _month(engine, region, month)
    core = f.chain_figures(engine, chain_id, region, month, viewer=viewer)  # checks the viewer's scope
    moves = movements(engine, chain_id, region, month)
    return {**core, "chain_name": chain.name, "chain_name_en": chain.name_en, "region_name": _area_name(region),
            "ytd_label": ytd_label(month), "has_figures": core["output_ytd_fen"] is not None,
            "entries": moves["entries"], "exits": moves["exits"], "moves": moves["counts"],
            "work": work_figures(engine, chain_id, region, viewer=viewer, today=today)}


def _area_name(region: str) -> str:
    found = reference.regions().by_code.get(region)
    return found.name if found else region


def _above() -> Any:
    """规上 in a year: the previous year's revenue (enterprise_years), else the latest (as figures.refresh)."""
    return case((func.coalesce(enterprise_years.c.revenue_fen, enterprises.c.revenue_fen) >= ABOVE_SCALE_REVENUE_FEN,
                 1), else_=0)


def _reporting(engine: Engine, chain_id: str, region: str, month: date) -> dict[int, tuple[str, str, bool]]:
    """The enterprises on the chain in the area that reported for the month: id → (name, region, 规上)."""
    m, e, y = enterprise_months, enterprises, enterprise_years
    # the area's ids (its region index) probe the month's reports by key: at province scale cheaper than walking
    # all of the month's reports and looking each enterprise up, and a county costs a tenth of its city
    where = [m.c.month == month, m.c.enterprise_id.in_(select(e.c.id).where(*filters.in_region(region, e))),
             e.c.merged_into_id.is_(None)]
    if chain_id != f.ALL_INDUSTRY:
        where.append(select(placements.c.enterprise_id).where(  # one probe of ix_placements_enterprise_chain each
            placements.c.enterprise_id == m.c.enterprise_id, placements.c.chain_id == chain_id,
            placements.c.status.in_(ACTIVE_PLACEMENTS)).exists())
    query = (select(m.c.enterprise_id, e.c.name, e.c.region_code, _above())
             .select_from(m.join(e, e.c.id == m.c.enterprise_id)
                          .outerjoin(y, and_(y.c.enterprise_id == m.c.enterprise_id, y.c.year == literal(month.year - 1))))
             .where(*where))
    with engine.connect() as conn:
        return {row[0]: (row[1], row[2], bool(row[3])) for row in conn.execute(query)}


def movements(engine: Engine, chain_id: str, region: str, month: date) -> dict[str, Any]:
    """Entries (started reporting, became 规上) and exits (stopped reporting, ceased to be 规上) against the
    same month a year earlier. The caller has checked the viewer's scope (chain_figures)."""
    now = _reporting(engine, chain_id, region, month)
    before = _reporting(engine, chain_id, region, same_month_last_year(month))
    kinds: dict[str, list[dict[str, Any]]] = {k: [] for k in MOVES}

    def add(kind: str, enterprise_id: int, seen: tuple[str, str, bool]) -> None:
        kinds[kind].append({"id": enterprise_id, "name": seen[0], "region_code": seen[1],
                            "region_name": reference.regions().name_of(seen[1]), "above_scale": seen[2],
                            "kind": kind, "kind_label": MOVES[kind]})

    for key, seen in now.items():
        if key not in before:
            add("started_reporting", key, seen)
        elif seen[2] and not before[key][2]:
            add("became_above_scale", key, seen)
    for key, seen in before.items():
        if key not in now:
            add("stopped_reporting", key, seen)
        elif seen[2] and not now[key][2]:
            add("ceased_above_scale", key, seen)
    counts: dict[str, Any] = {k: len(v) for k, v in kinds.items()}
    counts["entries"] = counts["started_reporting"] + counts["became_above_scale"]
    counts["exits"] = counts["stopped_reporting"] + counts["ceased_above_scale"]
    counts["compared_with"] = month_text(same_month_last_year(month))
    entries = sorted(kinds["started_reporting"] + kinds["became_above_scale"], key=lambda r: (r["kind"], r["name"]))
    exits = sorted(kinds["stopped_reporting"] + kinds["ceased_above_scale"], key=lambda r: (r["kind"], r["name"]))
    return {"entries": entries[:LISTED], "exits": exits[:LISTED], "counts": counts}


def work_figures(engine: Engine, chain_id: str, region: str, *, viewer: Viewer,
                 today: date | None = None) -> dict[str, Any]:
    """The work lists of the chain in the area, as far as the viewer reads them: goals with their progress,
    projects by current stage (and those delayed), key problems open and overdue."""
    chain = chain_id or None
    goals = lists.list_goals(engine, viewer=viewer, chain=chain, region=region, limit=200, today=today)
    stages = [{"stage": s, "label": PROJECT_STAGE_LABELS[s],
               "count": lists.list_projects(engine, viewer=viewer, chain=chain, region=region, stage=s, limit=1,
                                            today=today)["total"]} for s in ALL_STATES]
    delayed = lists.list_projects(engine, viewer=viewer, chain=chain, region=region, delayed=True, limit=1,
                                  today=today)["total"]
    try:
        problems = casework.stats(engine, viewer=viewer, region=region, chain=chain, today=today)["total"]
        open_problems: int | None = problems["received"] - problems["resolved"]
        overdue: int | None = problems["overdue"]
    except Forbidden:  # an account that may not read key problems sees the other lists' figures
        problems, open_problems, overdue = {"received": 0}, None, None
    return {
        "goals": [{"id": g["id"], "indicator": g["indicator"], "unit": g["unit"], "period_label": g["period_label"],
                   "target": g["target"], "actual": g["actual"], "progress": g["progress"], "elapsed": g["elapsed"],
                   "lagging": g["lagging"]} for g in goals["items"]],
        "goals_total": goals["total"],
        "goals_lagging": sum(1 for g in goals["items"] if g["lagging"]),
        "projects_by_stage": stages, "projects_total": sum(s["count"] for s in stages), "projects_delayed": delayed,
        "problems_total": problems["received"], "problems_open": open_problems, "problems_overdue": overdue,
    }


def city_overview(engine: Engine, region: str, month: date | None = None, *, viewer: Viewer) -> dict[str, Any]:
    """Every chain the viewer may read in the area for a month, ranked by year-to-date output growth (chains
    without figures last, as 暂无数据), with the sentence the city's articles quote."""
    readable = [c for c in atlas.list_chains(engine) if f.may_read(viewer, region, c["id"])]
    if not readable:
        f.check_scope(viewer, region, None)  # raises Forbidden with the area's name
    month = _month(engine, region, month)
    before_month = same_month_last_year(month)
    rolled = f.by_chain(engine, region, [month, before_month])
    whole = f.area_total(engine, region, month)
    if whole is None:
        whole = (rolled.get(f.ALL_INDUSTRY, {}).get(month) or _EMPTY).output_ytd_fen
    rows = []
    for c in readable:
        now, before = rolled.get(c["id"], {}).get(month), rolled.get(c["id"], {}).get(before_month)
        output = now.output_ytd_fen if now else None
        rows.append({"chain": c["id"], "chain_name": c["name"], "chain_name_en": c.get("name_en"),
                     "has_figures": output is not None, "status_label": None if output is not None else NO_DATA,
                     "output_ytd_fen": output, "output_yoy_pct": f.growth_pct(output, before.output_ytd_fen if before else None),
                     "revenue_ytd_fen": now.revenue_ytd_fen if now else None,
                     "above_scale_count": now.above_scale_count if now else None,
                     "reporting": now.reporting if now else None, "share_of_city_pct": f.share_pct(output, whole)})
    rows.sort(key=lambda r: (not r["has_figures"], r["output_yoy_pct"] is None,
                             -(r["output_yoy_pct"] or 0), r["chain"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank if row["has_figures"] else None
    if len(readable) == len(atlas.list_chains(engine)):  # every enterprise on a chain once
        totals = f.placed_output(engine, region, [month, before_month])
        total, total_before = totals.get(month), totals.get(before_month)
    else:  # a slice of the chains (an alliance's): the sum of its chains
        total = _sum(r["output_ytd_fen"] for r in rows)
        total_before = _sum((rolled.get(c["id"], {}).get(before_month) or _EMPTY).output_ytd_fen for c in readable)
    growth = f.growth_pct(total, total_before)
    double_digit = sum(1 for r in rows if r["output_yoy_pct"] is not None and r["output_yoy_pct"] >= DOUBLE_DIGIT)
    return {"region": region, "region_name": _area_name(region), "month": month_text(month),
            "ytd_label": ytd_label(month), "output_ytd_fen": total, "output_yoy_pct": growth,
            "double_digit_chains": double_digit, "city_output_ytd_fen": whole,
            "chains_with_figures": sum(1 for r in rows if r["has_figures"]),
            "sentence": sentence(region, month, total, growth, double_digit), "chains": rows}


_EMPTY = f.MonthFigures(date.min, None, None, None, None, None, None, None, None, 0, 0)


def _sum(values: Any) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def sentence(region: str, month: date, output_ytd_fen: int | None, growth: Decimal | None, double_digit: int) -> str:
    """“1—9月，全市产业链规上企业实现产值1321.67亿元，同比增长6.85%，其中4条产业链实现两位数增长”."""
    found = reference.regions().by_code.get(region)
    level = found.level if found else "city"
    area = {"province": "全省", "city": "全市"}.get(level) or _area_name(region)
    if output_ytd_fen is None:
        return f"{ytd_label(month)}，{area}产业链{NO_DATA}"
    yi = (Decimal(output_ytd_fen) / Decimal(10_000_000_000)).quantize(Decimal("0.01"))
    text = f"{ytd_label(month)}，{area}产业链规上企业实现产值{yi}亿元"
    if growth is not None:
        text += f"，同比{'增长' if growth >= 0 else '下降'}{abs(growth)}%"
    return text + (f"，其中{double_digit}条产业链实现两位数增长" if double_digit else "")


def public(value: Any) -> Any:
    """The result for the interfaces: every `<name>_fen` becomes `<name>_wan_yuan` (万元, two decimals)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key.endswith("_fen") and (item is None or isinstance(item, int)):
                out[key.removesuffix("_fen") + "_wan_yuan"] = wan_text(item)
            else:
                out[key] = public(item)
        return out
    if isinstance(value, list):
        return [public(v) for v in value]
    return value
