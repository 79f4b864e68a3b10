"""The risk rules' checks: each takes the scan's context and a rule's parameters and returns its findings.

Link rules read the atlas gap analysis (the statuses the chain map shows) and one aggregate of the links'
revenue; enterprise rules one grouped query each over the monthly figures of the enterprises placed on the
scanned chains; chain rules the roll-up (figures.series); project and problem rules the work lists' own
reading of "delayed" and "overdue" (computed on read against the scan's day).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, String, select, type_coerce

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.chain import ACTIVE_PLACEMENTS
from chainatlas.domain.gaps import GapReport, LinkFigures
from chainatlas.domain.money import wan_text
from chainatlas.domain.monitoring import add_months, month_text, same_month_last_year, ytd_label
from chainatlas.services import atlas, casework, lists
from chainatlas.services.monitoring.figures import (
    ALL_INDUSTRY,
    MonthFigures,
    area_total,
    as_month,
    growth_pct,
    series,
)
from chainatlas.store import filters
from chainatlas.store.models import enterprise_years, enterprises, placements
from chainatlas.store.monitor_models import enterprise_months

OPERATOR = Viewer.operator("scan")
WAN_FEN = 1_000_000


@dataclass
class Finding:
    rule: str
    subject_kind: str
    subject_id: str
    subject: str
    region_code: str
    chain_id: str | None
    figures: dict[str, Any]
    message: str
    link_id: str | None = None
    enterprise_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.rule}|{self.region_code}|{self.subject_kind}:{self.subject_id}|{self.chain_id or ''}"


@dataclass
class Context:
    engine: Engine
    region: str
    chains: list[str]
    chain_names: dict[str, str]
    today: date
    as_of: date | None          # the latest month with figures in the region (None: no monthly figures)
    all_chains: bool
    cache: dict[str, Any] = field(default_factory=dict)

    def remember(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


def pct_text(value: Decimal | None) -> str:
    """−25.3% as the messages write it (a true minus sign)."""
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.1'))}".replace("-", "−") + "%"


def month_label(m: date, as_of: date | None) -> str:
    return f"{m.month}月" if as_of is not None and m.year == as_of.year else f"{m.year}年{m.month}月"


def _pct(now: int | None, before: int | None) -> Decimal | None:
    if now is None or not before:
        return None
    return ((Decimal(now) - Decimal(before)) * 100 / Decimal(before)).quantize(Decimal("0.1"))


# ---- links ---------------------------------------------------------------------------------------------

def _gaps(ctx: Context) -> dict[str, GapReport]:
    return {c: report for c, (report, _) in _link_reports(ctx).items()}


def _link_reports(ctx: Context) -> dict[str, tuple[GapReport, dict[str, LinkFigures]]]:
    """The scanned chains' gap reports and link figures, from one read of the region's placements."""
    return ctx.remember("gaps", lambda: atlas.chains_gaps(  # type: ignore[no-any-return]
        ctx.engine, None if ctx.all_chains else ctx.chains, ctx.region, viewer=OPERATOR, with_leaders=False))


def _placed(ctx: Context) -> tuple[Any, list[Any]]:
    p, e = placements, enterprises
    where = [p.c.chain_id.in_(ctx.chains), p.c.status.in_(ACTIVE_PLACEMENTS), *filters.in_region(ctx.region, e),
             e.c.merged_into_id.is_(None)]
    return p.join(e, e.c.id == p.c.enterprise_id), where


def _names_on_links(ctx: Context, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[int, str, int]]]:
    """(id, name, revenue) of the local enterprises on some links, largest first."""
    if not pairs:
        return {}
    joined, where = _placed(ctx)
    p, e = placements, enterprises
    wanted = {f"{c}|{link}" for c, link in pairs}
    out: dict[tuple[str, str], list[tuple[int, str, int]]] = {}
    with ctx.engine.connect() as conn:
        rows = conn.execute(select(p.c.chain_id, p.c.link_id, e.c.id, e.c.name, e.c.revenue_fen).select_from(joined)
                            .where(*where, p.c.link_id.in_(sorted({link for _, link in pairs})))
                            .order_by(e.c.revenue_fen.desc().nulls_last(), e.c.id)).all()
    for chain_id, link_id, eid, name, revenue in rows:
        if f"{chain_id}|{link_id}" in wanted:
            out.setdefault((chain_id, link_id), []).append((eid, name, int(revenue or 0)))
    return out


def _link_name(ctx: Context, chain_id: str, link_id: str) -> str:
    report = _gaps(ctx)[chain_id]
    return next((g.name for g in report.links if g.id == link_id), link_id)


def single_source(ctx: Context, params: dict[str, int]) -> list[Finding]:
    flagged = [(c, g) for c, report in _gaps(ctx).items() for g in report.links
               if 1 <= g.enterprises <= params["max_enterprises"]]
    names = ctx.remember(f"names-{params['max_enterprises']}",
                         lambda: _names_on_links(ctx, [(c, g.id) for c, g in flagged]))
    out = []
    for chain_id, gap in flagged:
        firms = names.get((chain_id, gap.id), [])
        listed = "、".join(name for _, name, _ in firms[:3])
        out.append(Finding(
            "single_source", "link", f"{chain_id}/{gap.id}", f"{ctx.chain_names[chain_id]} · {gap.name}", ctx.region,
            chain_id, {"enterprises": gap.enterprises, "enterprise_names": [n for _, n, _ in firms[:3]],
                       "importance": gap.importance, "revenue_wan_yuan": wan_text(gap.revenue_fen)},
            f"环节“{gap.name}”本地仅{gap.enterprises}家企业（{listed}），单一来源",
            link_id=gap.id, enterprise_id=firms[0][0] if len(firms) == 1 else None))
    return out


def _concentration(ctx: Context) -> list[tuple[str, str, int, int, int, float]]:
    """Per link: (chain, link, enterprises, revenue sum, largest revenue, sum of squared revenues)."""
    return [(c, link, f.enterprises, f.revenue_fen, f.largest_fen, f.revenue_squares)
            for c, (_, figures) in _link_reports(ctx).items() for link, f in figures.items()]


def concentrated(ctx: Context, params: dict[str, int]) -> list[Finding]:
    hits = []
    for chain_id, link_id, count, total, top, squares in _concentration(ctx):
        if count < params["min_enterprises"] or total <= 0:
            continue
        share = (Decimal(top) * 100 / Decimal(total)).quantize(Decimal("0.1"))
        hhi = round(squares / (float(total) * float(total)) * 10000)
        if share >= params["top_share_pct"] or hhi > params["hhi"]:
            hits.append((chain_id, link_id, count, total, share, hhi))
    names = ctx.remember(f"top-{params['top_share_pct']}-{params['hhi']}-{params['min_enterprises']}",
                         lambda: _names_on_links(ctx, [(c, link) for c, link, *_ in hits]))
    out = []
    for chain_id, link_id, count, total, share, hhi in hits:
        firms = names.get((chain_id, link_id), [])
        top_id, top_name = (firms[0][0], firms[0][1]) if firms else (None, "")
        link_name = _link_name(ctx, chain_id, link_id)
        out.append(Finding(
            "concentrated", "link", f"{chain_id}/{link_id}", f"{ctx.chain_names[chain_id]} · {link_name}", ctx.region,
            chain_id, {"enterprises": count, "revenue_wan_yuan": wan_text(total), "top_enterprise": top_name,
                       "top_share_pct": str(share), "hhi": hhi},
            f"环节“{link_name}”本地供给集中：最大企业{top_name}占营业收入的{share}%，HHI {hhi:,}（本地{count}家企业）",
            link_id=link_id, enterprise_id=top_id))
    return out


def key_link_missing(ctx: Context, params: dict[str, int]) -> list[Finding]:
    out = []
    for chain_id, report in _gaps(ctx).items():
        for gap in report.links:
            if gap.status == "missing" and gap.importance >= params["min_importance"]:
                out.append(Finding(
                    "key_link_missing", "link", f"{chain_id}/{gap.id}", f"{ctx.chain_names[chain_id]} · {gap.name}",
                    ctx.region, chain_id, {"importance": gap.importance, "enterprises": 0, "stage": gap.stage},
                    f"关键环节“{gap.name}”（重要度{gap.importance}）本地无企业（缺链）", link_id=gap.id))
    return out


# ---- enterprises ---------------------------------------------------------------------------------------

WINDOW = 48  # months of reports read for the enterprise rules: the longest any parameter can ask for


@dataclass
class Firm:
    """An enterprise on a scanned chain with its reports: month → (months, output, revenue, employees)."""

    chain_id: str
    id: int
    name: str
    region_code: str
    reports: dict[date, tuple[int, int | None, int | None, int | None]]

    def monthly(self, month: date) -> tuple[int, int | None, int | None, int | None] | None:
        found = self.reports.get(month)
        return found if found is not None and found[0] == 1 else None


CHUNK = 5000  # enterprise ids per query (well under SQLite's 32,766 parameters)


def _firms(ctx: Context) -> list[Firm]:
    """The enterprises placed on the scanned chains in the region with their reports of the last WINDOW months:
    one read of the figures, then every enterprise rule (and its escalation) works in memory.

    Read in the order that stays cheap at province scale: the region's enterprise ids (its index), their reports
    by key (only a few of them report), then the chains of the ones that did."""
    def make() -> list[Firm]:
        assert ctx.as_of is not None
        m, e, p = enterprise_months, enterprises, placements
        first = add_months(ctx.as_of, -(WINDOW - 1))
        reports: dict[int, dict[date, tuple[int, int | None, int | None, int | None]]] = {}
        months: dict[Any, date] = {}  # the stored month as read (text on SQLite) → the date, parsed once
        on_chains = [p.c.status.in_(ACTIVE_PLACEMENTS), *([] if ctx.all_chains else [p.c.chain_id.in_(ctx.chains)])]
        members = []
        with ctx.engine.connect() as conn:
            ids = list(conn.execute(select(e.c.id).where(*filters.in_region(ctx.region, e))).scalars())
            for start in range(0, len(ids), CHUNK):
                for eid, month, kind, output, revenue, employees in conn.execute(
                        select(m.c.enterprise_id, type_coerce(m.c.month, String), m.c.months, m.c.output_fen,
                               m.c.revenue_fen, m.c.employees)
                        .where(m.c.enterprise_id.in_(ids[start:start + CHUNK]), m.c.month >= first,
                               m.c.month <= ctx.as_of)).all():
                    when = months.get(month) or months.setdefault(month, as_month(month))
                    reports.setdefault(eid, {})[when] = (kind, output, revenue, employees)
            reporting = sorted(reports)
            for start in range(0, len(reporting), CHUNK):
                members += conn.execute(
                    select(p.c.chain_id, e.c.id, e.c.name, e.c.region_code).distinct()
                    .select_from(p.join(e, e.c.id == p.c.enterprise_id))
                    .where(p.c.enterprise_id.in_(reporting[start:start + CHUNK]), *on_chains,
                           e.c.merged_into_id.is_(None))).all()
        members.sort(key=lambda row: (row[0], row[1]))
        return [Firm(chain, eid, name, region or "", reports[eid]) for chain, eid, name, region in members]
    return ctx.remember("firms", make)  # type: ignore[no-any-return]


def _enterprise(rule: str, firm: Firm, figures: dict[str, Any], message: str) -> Finding:
    return Finding(rule, "enterprise", str(firm.id), firm.name, firm.region_code, firm.chain_id, figures, message,
                   enterprise_id=firm.id)


def _falling(now: int | None, before: int | None, drop: int) -> bool:
    return now is not None and before is not None and before > 0 and now * 100 <= before * (100 - drop)


def enterprise_decline(ctx: Context, params: dict[str, int]) -> list[Finding]:
    if ctx.as_of is None:
        return []
    n, drop = params["months"], params["drop_pct"]
    recent = [add_months(ctx.as_of, -i) for i in range(n - 1, -1, -1)]
    out = []
    for firm in _firms(ctx):
        parts, series_, indicator = [], [], "产值"
        for month in recent:
            cur, prev = firm.monthly(month), firm.monthly(same_month_last_year(month))
            if cur is None or prev is None:
                break
            now: int | None
            before: int | None
            if cur[1] is not None and prev[1]:
                now, before = cur[1], prev[1]
            else:
                now, before, indicator = cur[2], prev[2], "产值（营业收入）"
            if not _falling(now, before, drop):
                break
            change = _pct(now, before)
            parts.append(f"{month_label(month, ctx.as_of)} {pct_text(change)}")
            series_.append({"month": month_text(month), "value_wan_yuan": wan_text(now),
                            "last_year_wan_yuan": wan_text(before), "yoy_pct": str(change)})
        else:
            out.append(_enterprise("enterprise_decline", firm, {"drop_pct": drop, "months": n, "series": series_},
                                   f"{firm.name}{indicator}连续{n}个月同比下降超过{drop}%（{'，'.join(parts)}）"))
    return out


def _revenue_of_year(ctx: Context, ids: list[int], year: int) -> dict[int, int]:
    if not ids:
        return {}
    y = enterprise_years
    with ctx.engine.connect() as conn:
        return {eid: int(rev) for eid, rev in conn.execute(select(y.c.enterprise_id, y.c.revenue_fen).where(
            y.c.year == year, y.c.enterprise_id.in_(ids), y.c.revenue_fen.is_not(None)))}


def above_scale_lost(ctx: Context, params: dict[str, int]) -> list[Finding]:
    if ctx.as_of is None:
        return []
    threshold = params["threshold_wan"] * WAN_FEN
    recent = [add_months(ctx.as_of, -i) for i in range(12)]
    before = [add_months(ctx.as_of, -i) for i in range(12, 24)]
    year = ctx.as_of.year - 1

    def total(firm: Firm, months: list[date]) -> tuple[int, int]:
        values = [r[2] for r in (firm.monthly(m) for m in months) if r is not None and r[2] is not None]
        return len(values), sum(values)

    below = []
    for firm in _firms(ctx):
        n_now, now = total(firm, recent)
        if n_now == 12 and now < threshold:
            below.append((firm, now, *total(firm, before)))
    yearly = _revenue_of_year(ctx, sorted({f.id for f, _, n_before, _ in below if n_before < 12}), year)
    out = []
    for firm, now, n_before, was in below:
        earlier = was if n_before == 12 else yearly.get(firm.id)
        if earlier is None or earlier < threshold:
            continue
        basis = "此前12个月" if n_before == 12 else f"{year}年"
        out.append(_enterprise("above_scale_lost", firm, {
            "threshold_wan_yuan": params["threshold_wan"], "recent_12_months_wan_yuan": wan_text(now),
            "before_wan_yuan": wan_text(earlier), "before_basis": basis, "month": month_text(ctx.as_of)},
            f"{firm.name}近12个月营业收入{wan_text(now)}万元，低于规上标准{params['threshold_wan']}万元"
            f"（{basis}{wan_text(earlier)}万元），已退出规上"))
    return out


def headcount_drop(ctx: Context, params: dict[str, int]) -> list[Finding]:
    if ctx.as_of is None:
        return []
    drop, before_month = params["drop_pct"], same_month_last_year(ctx.as_of)
    out = []
    for firm in _firms(ctx):
        cur, prev = firm.reports.get(ctx.as_of), firm.reports.get(before_month)
        current, earlier = (cur[3] if cur else None), (prev[3] if prev else None)
        if earlier is None or earlier < params["min_employees"] or not _falling(current, earlier, drop):
            continue
        assert current is not None
        change = _pct(current, earlier)
        out.append(_enterprise("headcount_drop", firm, {
            "month": month_text(ctx.as_of), "employees": current, "last_year_employees": earlier,
            "yoy_pct": str(change), "drop_pct": drop},
            f"{firm.name}从业人员同比减少{pct_text(-change if change is not None else None)}"
            f"（{month_text(ctx.as_of)} {current}人，上年同月{earlier}人）"))
    return out


def no_report(ctx: Context, params: dict[str, int]) -> list[Finding]:
    if ctx.as_of is None:
        return []
    n, lookback = params["months"], params["lookback"]
    first_missing = add_months(ctx.as_of, -(n - 1))
    first = add_months(ctx.as_of, -(n + lookback - 1))
    out = []
    for firm in _firms(ctx):
        seen = [(month, r[0]) for month, r in firm.reports.items() if month >= first]
        # a quarterly report stands for its three months: one ending no more than n months before is not late yet
        if not seen or any(month >= (first_missing if kind == 1 else add_months(first_missing, -3))
                           for month, kind in seen):
            continue
        latest = max(month for month, _ in seen)
        gone = (ctx.as_of.year - latest.year) * 12 + ctx.as_of.month - latest.month
        out.append(_enterprise("no_report", firm, {"last_report": month_text(latest), "months_missing": gone,
                                                   "as_of": month_text(ctx.as_of)},
                               f"{firm.name}已连续{gone}个月未报送月报（最近一次：{month_text(latest)}，"
                               f"本地区最新月份 {month_text(ctx.as_of)}）"))
    return out


# ---- chains --------------------------------------------------------------------------------------------

def _series(ctx: Context, chain_id: str) -> dict[date, MonthFigures]:
    last = ctx.as_of
    assert last is not None
    first = add_months(last, -24)
    return ctx.remember(f"series-{chain_id}", lambda: series(ctx.engine, chain_id, ctx.region, first, last,
                                                                viewer=OPERATOR))  # type: ignore[no-any-return]


def _city_growth(ctx: Context) -> tuple[Decimal | None, str]:
    assert ctx.as_of is not None
    before = same_month_last_year(ctx.as_of)
    entered = area_total(ctx.engine, ctx.region, ctx.as_of), area_total(ctx.engine, ctx.region, before)
    if entered[0] is not None and entered[1] is not None:
        return growth_pct(*entered), "统计部门填报的全行业合计"
    city = _series(ctx, ALL_INDUSTRY)
    now, then = city.get(ctx.as_of), city.get(before)
    return growth_pct(now.output_ytd_fen if now else None, then.output_ytd_fen if then else None), "报送企业合计"


def chain_growth_lagging(ctx: Context, params: dict[str, int]) -> list[Finding]:
    if ctx.as_of is None:
        return []
    city, basis = _city_growth(ctx)
    if city is None:
        return []
    area = reference.regions().name_of(ctx.region)
    out = []
    for chain_id in ctx.chains:
        own = _series(ctx, chain_id)
        now, then = own.get(ctx.as_of), own.get(same_month_last_year(ctx.as_of))
        growth = growth_pct(now.output_ytd_fen if now else None, then.output_ytd_fen if then else None)
        if growth is None or city - growth < params["gap_points"]:
            continue
        name = ctx.chain_names[chain_id]
        out.append(Finding(
            "chain_growth_lagging", "chain", chain_id, name, ctx.region, chain_id,
            {"month": month_text(ctx.as_of), "chain_yoy_pct": str(growth), "city_yoy_pct": str(city),
             "gap_points": str(city - growth), "city_basis": basis,
             "output_ytd_wan_yuan": wan_text(now.output_ytd_fen if now else None)},
            f"{name}{ytd_label(ctx.as_of)}产值同比增长{pct_text(growth)}，低于{area}全行业{pct_text(city)}"
            f"达{(city - growth).quantize(Decimal('0.1'))}个百分点"))
    return out


def chain_negative_quarter(ctx: Context, params: dict[str, int]) -> list[Finding]:
    if ctx.as_of is None:
        return []
    n = params["months"]
    recent = [add_months(ctx.as_of, -i) for i in range(n - 1, -1, -1)]
    out = []
    for chain_id in ctx.chains:
        own = _series(ctx, chain_id)
        now = [own[m].output_fen for m in recent if m in own]
        then = [own[same_month_last_year(m)].output_fen for m in recent if same_month_last_year(m) in own]
        if len(now) < n or len(then) < n or None in now or None in then:
            continue
        total, before = sum(v or 0 for v in now), sum(v or 0 for v in then)
        growth = growth_pct(total, before)
        if growth is None or growth >= 0:
            continue
        span = f"{month_label(recent[0], ctx.as_of)}—{month_label(recent[-1], ctx.as_of)}" if n > 1 else \
            month_label(recent[0], ctx.as_of)
        name = ctx.chain_names[chain_id]
        out.append(Finding(
            "chain_negative_quarter", "chain", chain_id, name, ctx.region, chain_id,
            {"months": [month_text(m) for m in recent], "output_wan_yuan": wan_text(total),
             "last_year_wan_yuan": wan_text(before), "yoy_pct": str(growth)},
            f"{name}近{n}个月（{span}）产值{wan_text(total)}万元，同比下降{pct_text(-growth)}"))
    return out


# ---- work lists ----------------------------------------------------------------------------------------

def _delayed_projects(ctx: Context) -> list[dict[str, Any]]:
    def make() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for chain in ([None] if ctx.all_chains else ctx.chains):
            offset = 0
            while True:
                page = lists.list_projects(ctx.engine, viewer=OPERATOR, region=ctx.region, chain=chain, delayed=True,
                                           limit=500, offset=offset, today=ctx.today)
                found += page["items"]
                offset += 500
                if offset >= page["total"] or not page["items"]:
                    break
        return found
    return ctx.remember("projects", make)  # type: ignore[no-any-return]


def project_delayed(ctx: Context, params: dict[str, int]) -> list[Finding]:
    out = []
    for project in _delayed_projects(ctx):
        worst = max(project["delays"], key=lambda d: d["days"], default=None)
        if worst is None or worst["days"] < params["min_days"]:
            continue
        out.append(Finding(
            "project_delayed", "project", str(project["id"]), project["name"], project["region_code"] or ctx.region,
            project["chain_id"], {"stage": worst["stage"], "stage_label": worst["label"],
                                  "planned_on": worst["planned_on"].isoformat(), "days": worst["days"],
                                  "amount_wan_yuan": project["amount_wan_yuan"]},
            f"项目“{project['name']}”的“{worst['label']}”阶段计划于{worst['planned_on'].isoformat()}，"
            f"已延误{worst['days']}天", link_id=project.get("link_id")))
    return out


def _overdue_problems(ctx: Context) -> list[dict[str, Any]]:
    def make() -> list[dict[str, Any]]:
        rows = casework.iter_problems(ctx.engine, viewer=OPERATOR, today=ctx.today, overdue=True, region=ctx.region)
        return [r for r in rows if ctx.all_chains or r["chain_id"] in ctx.chains]
    return ctx.remember("problems", make)  # type: ignore[no-any-return]


def problem_overdue(ctx: Context, params: dict[str, int]) -> list[Finding]:
    out = []
    for problem in _overdue_problems(ctx):
        if problem["days_overdue"] < params["min_days"]:
            continue
        firm = problem["enterprise"]["name"]
        out.append(Finding(
            "problem_overdue", "problem", str(problem["id"]), problem["title"][:300],
            problem["region_code"] or ctx.region, problem["chain_id"],
            {"deadline": problem["deadline"].isoformat(), "days_overdue": problem["days_overdue"],
             "unit": problem["unit"], "state": problem["state_label"], "enterprise": firm},
            f"问题“{problem['title'][:60]}”（{firm}）超过办理时限{problem['deadline'].isoformat()}已"
            f"{problem['days_overdue']}天（责任单位：{problem['unit'] or '未定'}）",
            enterprise_id=problem["enterprise"]["id"]))
    return out


CHECKS: dict[str, Callable[[Context, dict[str, int]], list[Finding]]] = {
    "single_source": single_source, "concentrated": concentrated, "key_link_missing": key_link_missing,
    "enterprise_decline": enterprise_decline, "above_scale_lost": above_scale_lost, "headcount_drop": headcount_drop,
    "no_report": no_report, "chain_growth_lagging": chain_growth_lagging,
    "chain_negative_quarter": chain_negative_quarter, "project_delayed": project_delayed,
    "problem_overdue": problem_overdue,
}
