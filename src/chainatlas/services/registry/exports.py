"""The enterprise list as the page filters it, as an Excel workbook."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.tags import tag_label
from chainatlas.exporters import WAN_YUAN, Column, Sheet, xlsx_bytes
from chainatlas.services.registry.search import COUNT_LIMIT, search_enterprises
from chainatlas.store import sizes
from chainatlas.store.models import chains, links

EXPORT_LIMIT = COUNT_LIMIT  # rows in one export: as many as the list counts exactly
_PAGE = 500
COLUMNS = (Column("name", "企业名称", 34), Column("uscc", "统一社会信用代码", 22), Column("region", "所属区县", 16),
           Column("park", "园区", 18), Column("industry_code", "行业代码", 10), Column("size_label", "企业规模", 10),
           Column("revenue_wan_yuan", "营业收入（万元）", 16, WAN_YUAN), Column("revenue_year", "营收年度", 10),
           Column("employees", "从业人员", 10), Column("main_products", "主营产品", 40), Column("tags", "资质/标签", 30))


def filtered_enterprises(engine: Engine, q: str | None = None, *, viewer: Viewer,
                         **filters: Any) -> tuple[list[dict[str, Any]], int, bool]:
    """Every enterprise of the list the filters give (in the list's order, up to EXPORT_LIMIT): (rows, total,
    whether the list held more than were exported)."""
    rows: list[dict[str, Any]] = []
    cursor: str | None = None
    total, capped = 0, False
    while len(rows) < EXPORT_LIMIT:
        page = search_enterprises(engine, q, viewer=viewer, limit=_PAGE, cursor=cursor, **filters)
        if not rows:
            total, capped = page["total"], page["total_capped"]
        rows += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    return rows[:EXPORT_LIMIT], total, capped or len(rows) > EXPORT_LIMIT or bool(cursor)


def enterprises_workbook(rows: list[dict[str, Any]], title: str, more: bool = False, mark: str | None = None) -> bytes:
    """The list as an XLSX file: the title and filters above (and the demo database's mark), a note below
    when the list held more."""
    cells = [{**r, "revenue_wan_yuan": Decimal(r["revenue_wan_yuan"]) if r.get("revenue_wan_yuan") else None,
              "tags": [t["label"] + (f"（{t['year']}）" if t.get("year") else "") for t in r.get("tags") or []]}
             for r in rows]
    notes = [f"列表超过 {EXPORT_LIMIT:,} 家，只导出了前 {EXPORT_LIMIT:,} 家；请加筛选条件后分批导出"] if more else []
    return xlsx_bytes([Sheet("企业名录", COLUMNS, cells, heading=(title, f"共 {len(rows):,} 家", *([mark] if mark else [])), notes=notes)])


def filters_text(engine: Engine, q: str | None = None, region: str | None = None, park: str | None = None,
                 tag: str | None = None, chain: str | None = None, link: str | None = None,
                 size: str | None = None) -> str:
    """The filters in words (关键词：石墨；区县：岳麓区；产业链：…), for an export's title."""
    parts = []
    if q:
        parts.append(f"关键词：{q}")
    if region:
        parts.append(f"地区：{reference.regions().name_of(region)}")
    if park:
        parts.append(f"园区：{park}")
    if chain:
        with engine.connect() as conn:
            name = conn.execute(select(chains.c.name).where(chains.c.id == chain)).scalar()
            link_name = conn.execute(select(links.c.name).where(
                (links.c.chain_id == chain) & (links.c.id == link))).scalar() if link else None
        parts.append(f"产业链：{name or chain}" + (f" · {link_name or link}" if link else ""))
    if tag:
        parts.append(f"资质：{tag_label(tag)}")
    if size:
        parts.append(f"规模：{sizes.SIZE_LABELS.get(size, size)}")
    return "；".join(parts) or "全部"
