"""The monthly figures of a chain in an area: the roll-up (chain × county × month) that the import refreshes,
and the core figures that the dashboard, the risk scan and the report all read, so that they agree.

A chain's figure for a month is the sum over the enterprises placed on the chain (each counted once, however
many links it sits on) that reported for that month; year-on-year growth compares the year-to-date sums with
the same month of the previous year. An enterprise is 规上 in a year when its revenue of the previous year
(enterprise_years, else its latest revenue) is at least 2000 万元 (RULES.md §3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, Integer, and_, case, cast, delete, extract, func, insert, literal, select

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.chain import ACTIVE_PLACEMENTS
from chainatlas.domain.errors import Forbidden, NotFound
from chainatlas.domain.monitoring import (
    ABOVE_SCALE_REVENUE_FEN,
    add_months,
    month_text,
    same_month_last_year,
)
from chainatlas.store import filters, rollup
from chainatlas.store.models import enterprise_years, enterprises, placements
from chainatlas.store.monitor_models import area_months, chain_months, enterprise_months

ALL_INDUSTRY = ""  # chain_id of the all-industry rows (every enterprise that reported)
ANY_CHAIN = "*"  # chain_id of the rows of the enterprises on any chain, each counted once
SUMMED = ("output_fen", "output_ytd_fen", "revenue_fen", "revenue_ytd_fen", "profit_fen", "profit_ytd_fen",
          "tax_fen", "tax_ytd_fen", "electricity_kwh", "electricity_ytd_kwh", "employees")


def refresh(engine: Engine, months: Iterable[date] | None = None, regions: Iterable[str] | None = None) -> int:
    """Rebuild the roll-up for the given months (all months with figures when None), in the given areas (their
    exact region codes, as the rows carry them; every area when None); the rows written."""
    areas = sorted(set(regions)) if regions is not None else None
    with engine.begin() as conn:
        if months is None:
            wanted = [m for (m,) in conn.execute(select(enterprise_months.c.month).distinct())]
        else:
            wanted = sorted(set(months))
        if not wanted or areas == []:
            return 0
        in_areas = [] if areas is None else [chain_months.c.region_code.in_(areas)]
        conn.execute(delete(chain_months).where(chain_months.c.month.in_(wanted), *in_areas))
        m, e, y = enterprise_months, enterprises, enterprise_years
        last_year = cast(extract("year", m.c.month), Integer) - 1
        base = (m.join(e, e.c.id == m.c.enterprise_id)
                .outerjoin(y, and_(y.c.enterprise_id == m.c.enterprise_id, y.c.year == last_year)))
        above = case((func.coalesce(y.c.revenue_fen, e.c.revenue_fen) >= ABOVE_SCALE_REVENUE_FEN, 1), else_=0)
        sums = [func.sum(m.c[name]) for name in SUMMED]
        now = datetime.now()
        written = 0
        on_chain = (select(placements.c.enterprise_id, placements.c.chain_id)
                    .where(placements.c.status.in_(ACTIVE_PLACEMENTS)).distinct().subquery())
        # Probed per reporting enterprise on ix_placements_enterprise_chain (not a scan of every placement)
        on_a_chain = select(placements.c.enterprise_id).where(
            placements.c.enterprise_id == m.c.enterprise_id, placements.c.status.in_(ACTIVE_PLACEMENTS)).exists()
        for chain_col, source, extra in (
                (literal(ALL_INDUSTRY), base, []),
                (literal(ANY_CHAIN), base, [on_a_chain]),
                (on_chain.c.chain_id, base.join(on_chain, on_chain.c.enterprise_id == m.c.enterprise_id), None)):
            query = (select(chain_col, e.c.region_code, m.c.month, *sums, func.count(), func.sum(above),
                            literal(now))
                     .select_from(source)
                     .where(m.c.month.in_(wanted), e.c.region_code.is_not(None), e.c.merged_into_id.is_(None),
                            *([] if areas is None else [e.c.region_code.in_(areas)]), *(extra or []))
                     .group_by(*([on_chain.c.chain_id] if extra is None else []), e.c.region_code, m.c.month))
            result = conn.execute(insert(chain_months).from_select(
                ["chain_id", "region_code", "month", *SUMMED, "reporting", "above_scale_count", "refreshed_at"],
                query))
            written += max(result.rowcount or 0, 0)
    return written


TARGETED = 5000  # marked enterprises up to which only their counties' rows are rebuilt


def catch_up(engine: Engine) -> int:
    """Bring the roll-up up to date with the placements written since it was built (`store.rollup` marks): the
    rows of the marked enterprises' counties in the months they reported, or everything after a whole
    re-placement. Every reader of the roll-up calls it first; without marks it costs one small query."""
    with engine.connect() as conn:
        marked = rollup.pending(conn, TARGETED + 1)
    if not marked:
        return 0
    started = datetime.now()
    if marked[0] == rollup.EVERYTHING or len(marked) > TARGETED:
        written = refresh(engine)
        with engine.begin() as conn:
            rollup.clear(conn, started)
        return written
    m, e = enterprise_months, enterprises
    with engine.connect() as conn:
        months = list(conn.execute(select(m.c.month).distinct().where(m.c.enterprise_id.in_(marked))).scalars())
        areas = [r for r in conn.execute(select(e.c.region_code).distinct().where(
            e.c.id.in_(marked), e.c.region_code.is_not(None))).scalars()]
    written = refresh(engine, months, areas) if months else 0
    with engine.begin() as conn:
        rollup.clear(conn, started, marked)
    return written


@dataclass(frozen=True)
class MonthFigures:
    """A chain's (or all industry's) sums in an area for one month."""

    month: date
    output_fen: int | None
    output_ytd_fen: int | None
    revenue_fen: int | None
    revenue_ytd_fen: int | None
    profit_ytd_fen: int | None
    tax_ytd_fen: int | None
    electricity_ytd_kwh: int | None
    employees: int | None
    reporting: int
    above_scale_count: int


def _check_scope(viewer: Viewer, region: str, chain_id: str | None) -> None:
    """Area sums are shown only where the viewer may read the figures of every enterprise they cover."""
    if viewer.everything:
        return
    for area in viewer.areas:
        if "metrics" not in area.groups or area.park or area.enterprise_id or area.tag:
            continue
        if area.chain and area.chain != chain_id:
            continue
        if area.region is None or filters.region_within(region, area.region):
            return
    name = reference.regions().name_of(region)
    raise Forbidden(f"无权查看{name}（{region}）的产业链经营指标：本机构的数据范围或共享协议未覆盖该地区的经营指标")


def series(engine: Engine, chain_id: str, region: str, first: date, last: date, *,
           viewer: Viewer) -> dict[date, MonthFigures]:
    """Per month from `first` to `last`: the chain's sums in the area ('' as chain_id: all industry)."""
    if region not in reference.regions().by_code:
        raise NotFound(f"行政区划代码 {region} 不存在（GB/T 2260）")
    _check_scope(viewer, region, chain_id or None)
    catch_up(engine)
    c = chain_months
    query = (select(c.c.month, *[func.sum(c.c[n]) for n in _SERIES])
             .where(c.c.chain_id == chain_id, c.c.month >= first, c.c.month <= last, *filters.in_region(region, c))
             .group_by(c.c.month))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return {figures.month: figures for figures in (_month_figures(row[0], row[1:]) for row in rows)}


_SERIES = ("output_fen", "output_ytd_fen", "revenue_fen", "revenue_ytd_fen", "profit_ytd_fen", "tax_ytd_fen",
           "electricity_ytd_kwh", "employees", "reporting", "above_scale_count")


def as_month(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _month_figures(month: Any, sums: Iterable[Any]) -> MonthFigures:
    values = [None if v is None else int(v) for v in sums]
    (output, output_ytd, revenue, revenue_ytd, profit_ytd, tax_ytd, electricity_ytd, employees,
     reporting, above_scale) = values
    return MonthFigures(as_month(month), output, output_ytd, revenue, revenue_ytd, profit_ytd, tax_ytd,
                        electricity_ytd, employees, reporting or 0, above_scale or 0)


def by_chain(engine: Engine, region: str, months: Iterable[date]) -> dict[str, dict[date, MonthFigures]]:
    """The roll-up of every chain (and '' for all industry) in the area for the given months, in one read:
    what the city overview ranks. The caller checks the viewer's scope per chain (`may_read`)."""
    if region not in reference.regions().by_code:
        raise NotFound(f"行政区划代码 {region} 不存在（GB/T 2260）")
    catch_up(engine)
    c = chain_months
    query = (select(c.c.chain_id, c.c.month, *[func.sum(c.c[n]) for n in _SERIES])
             .where(c.c.month.in_(sorted(set(months))), *filters.in_region(region, c))
             .group_by(c.c.chain_id, c.c.month))
    out: dict[str, dict[date, MonthFigures]] = {}
    with engine.connect() as conn:
        for row in conn.execute(query):
            figures = _month_figures(row[1], row[2:])
            out.setdefault(row[0], {})[figures.month] = figures
    return out


def check_scope(viewer: Viewer, region: str, chain_id: str | None) -> None:
    """Forbidden (a clear Chinese message) unless the viewer may read the chain's area sums in the region."""
    _check_scope(viewer, region, chain_id or None)


def may_read(viewer: Viewer, region: str, chain_id: str | None) -> bool:
    """Whether the viewer may read the area sums of the chain ('' or None: all industry) in the region."""
    try:
        _check_scope(viewer, region, chain_id or None)
    except Forbidden:
        return False
    return True


def latest_month(engine: Engine, region: str | None = None, until: date | None = None) -> date | None:
    """The latest month with figures (in the area, when given; not after `until`'s month): the dashboards'
    default month and the month a risk scan reads."""
    c = chain_months
    query = select(func.max(c.c.month)).where(c.c.chain_id == ALL_INDUSTRY,
                                              *(filters.in_region(region, c) if region else []),
                                              *([c.c.month <= until.replace(day=1)] if until else []))
    with engine.connect() as conn:
        value = conn.execute(query).scalar()
    return None if value is None else as_month(value)


def placed_output(engine: Engine, region: str, months: Iterable[date]) -> dict[date, int]:
    """Year-to-date output of the enterprises placed on any chain in the area, each counted once however many
    chains it sits on (the "全市产业链规上企业" total of the city overview), per month: the roll-up's any-chain rows."""
    catch_up(engine)
    c = chain_months
    query = (select(c.c.month, func.sum(c.c.output_ytd_fen))
             .where(c.c.chain_id == ANY_CHAIN, c.c.month.in_(sorted(set(months))), *filters.in_region(region, c))
             .group_by(c.c.month))
    with engine.connect() as conn:
        return {as_month(month): int(total) for month, total in conn.execute(query) if total is not None}


def area_total(engine: Engine, region: str, month: date, chain_id: str = ALL_INDUSTRY) -> int | None:
    """The year-to-date output an office entered for the area itself (a statistics bureau's total), if any."""
    a = area_months
    with engine.connect() as conn:
        value = conn.execute(select(a.c.output_ytd_fen).where(
            a.c.region_code == region, a.c.chain_id == chain_id, a.c.month == month)).scalar_one_or_none()
    return None if value is None else int(value)


def growth_pct(now: int | None, before: int | None) -> Decimal | None:
    """Year-on-year growth in percent with two decimals; None when the base is missing or zero."""
    if now is None or not before:
        return None
    return ((Decimal(now) - Decimal(before)) * 100 / Decimal(before)).quantize(Decimal("0.01"))


def share_pct(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


def chain_figures(engine: Engine, chain_id: str, region: str, month: date, *, viewer: Viewer,
                  months_back: int = 23) -> dict[str, Any]:
    """The core figures of a chain in an area for a month, with the series of the months before it.

    The keys of the CLI contract: `output_ytd_fen`, `output_yoy_pct`, `above_scale_count`,
    `share_of_city_pct` and `series` (month, output, year-to-date output and its growth); money in fen here,
    turned into 万元 text at the interfaces.
    """
    first = add_months(month, -(months_back + 12))
    own = series(engine, chain_id, region, first, month, viewer=viewer)
    city = series(engine, ALL_INDUSTRY, region, month, month, viewer=viewer)
    now = own.get(month)
    before = own.get(same_month_last_year(month))
    whole = area_total(engine, region, month)
    if whole is None and month in city:
        whole = city[month].output_ytd_fen
    rows = []
    for offset in range(months_back, -1, -1):
        m = add_months(month, -offset)
        figures, base = own.get(m), own.get(same_month_last_year(m))
        rows.append({
            "month": month_text(m),
            "output_fen": figures.output_fen if figures else None,
            "output_ytd_fen": figures.output_ytd_fen if figures else None,
            "revenue_fen": figures.revenue_fen if figures else None,
            "revenue_ytd_fen": figures.revenue_ytd_fen if figures else None,
            "revenue_yoy_pct": growth_pct(figures.revenue_ytd_fen if figures else None,
                                          base.revenue_ytd_fen if base else None),
            "reporting": figures.reporting if figures else None,
            "yoy_pct": growth_pct(figures.output_ytd_fen if figures else None, base.output_ytd_fen if base else None),
            "month_yoy_pct": growth_pct(figures.output_fen if figures else None, base.output_fen if base else None),
            "above_scale_count": figures.above_scale_count if figures else None,
        })
    return {
        "chain": chain_id, "region": region, "month": month_text(month),
        "output_fen": now.output_fen if now else None,
        "output_ytd_fen": now.output_ytd_fen if now else None,
        "output_yoy_pct": growth_pct(now.output_ytd_fen if now else None, before.output_ytd_fen if before else None),
        "revenue_ytd_fen": now.revenue_ytd_fen if now else None,
        "revenue_yoy_pct": growth_pct(now.revenue_ytd_fen if now else None,
                                      before.revenue_ytd_fen if before else None),
        "profit_ytd_fen": now.profit_ytd_fen if now else None,
        "tax_ytd_fen": now.tax_ytd_fen if now else None,
        "above_scale_count": now.above_scale_count if now else 0,
        "reporting": now.reporting if now else 0,
        "city_output_ytd_fen": whole,
        "share_of_city_pct": share_pct(now.output_ytd_fen if now else None, whole),
        "series": rows,
    }
