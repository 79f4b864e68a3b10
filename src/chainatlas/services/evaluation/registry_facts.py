"""EnterpriseFacts from what the registry holds about an enterprise, plus its stored extra facts.

The registry supplies industry, yearly figures (integer fen → exact Decimal
万元), staff, titles and qualifications recorded as tags, and the founding
date; a facts file (``enterprise_facts``) supplies the rest (docs/facts.md).
Where both give a value, the registry's wins; titles and qualifications are
the union of both. "上年" is ``facts_year``, by default the year before the
evaluation date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from chainatlas.domain.cultivation import QUALIFICATION_OF_TAG, TIER_OF_TAG
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.money import fen_to_wan
from chainatlas.domain.rules import EnterpriseFacts, Title, facts_from_dict
from chainatlas.store.models import enterprise_facts, enterprise_tags, enterprise_years, enterprises

# facts field → (enterprise_years column, years before the facts year)
YEARLY = {
    "revenue_wan": ("revenue_fen", 0),
    "revenue_prev_wan": ("revenue_fen", 1),
    "revenue_prev2_wan": ("revenue_fen", 2),
    "main_revenue_wan": ("main_revenue_fen", 0),
    "main_revenue_prev_wan": ("main_revenue_fen", 1),
    "main_revenue_prev2_wan": ("main_revenue_fen", 2),
    "total_assets_wan": ("total_assets_fen", 0),
    "liabilities_wan": ("liabilities_fen", 0),
    "net_profit_wan": ("net_profit_fen", 0),
    "rd_expense_wan": ("rd_expense_fen", 0),
    "rd_expense_prev_wan": ("rd_expense_fen", 1),
    "employees": ("employees", 0),
    "rd_staff": ("rd_staff", 0),
}
YEARS_BACK = max(back for _, back in YEARLY.values())
READ_TAGS = (*TIER_OF_TAG, *QUALIFICATION_OF_TAG)

# Where each fact came from, as fact_sources reports it.
REGISTRY, FACTS_FILE, DERIVED = "registry", "facts", "derived"


@dataclass
class RegistryRecord:
    """One enterprise as the registry holds it: attributes, yearly rows, tags and stored facts."""

    id: int
    uscc: str | None
    name: str
    industry_code: str | None
    founded_on: date | None
    years: dict[int, Mapping[str, Any]] = field(default_factory=dict)
    tags: list[tuple[str, int | None]] = field(default_factory=list)
    facts: Mapping[str, Any] | None = None


def full_years(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (0 when ``start`` is later)."""
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(0, years)


def _titles(record: RegistryRecord, stored: EnterpriseFacts) -> tuple[Title, ...]:
    # The registry may not know a title's year; such a title still counts as held.
    by_title: dict[str, int | None] = {t.title: t.year for t in stored.titles or ()}
    for tag, year in record.tags:
        tier = TIER_OF_TAG.get(tag)
        if tier is not None and (tier.title not in by_title or by_title[tier.title] is None):
            by_title[tier.title] = year
    return tuple(Title(title, year) for title, year in by_title.items())  # type: ignore[arg-type]


def _qualifications(record: RegistryRecord, stored: EnterpriseFacts) -> tuple[str, ...]:
    from_tags = [QUALIFICATION_OF_TAG[tag] for tag, _ in record.tags if tag in QUALIFICATION_OF_TAG]
    return tuple(dict.fromkeys([*(stored.qualifications or ()), *from_tags]))


def registry_values(record: RegistryRecord, facts_year: int) -> dict[str, Any]:
    """The facts the registry itself gives (money as exact Decimal 万元); absent ones left out."""
    values: dict[str, Any] = {}
    for name, (column, back) in YEARLY.items():
        raw = record.years.get(facts_year - back, {}).get(column)
        if raw is not None:
            values[name] = fen_to_wan(raw) if column.endswith("_fen") else raw
    if record.industry_code:
        values["industry_code"] = record.industry_code
    return values


def build_facts(record: RegistryRecord, on: date, facts_year: int) -> tuple[EnterpriseFacts, dict[str, str]]:
    """The facts the rules judge this enterprise on, and where each one came from.

    Titles and qualifications are read as complete: an enterprise with no such
    tag or fact is taken not to hold any. Without a stated ``years_in_niche``
    the years since founding (to the end of the facts year) stand in for it.
    """
    try:
        stored = facts_from_dict(record.facts or {})
    except InvalidInput as exc:  # stored by an older version whose fields have since changed
        raise InvalidInput(f"企业 {record.uscc or record.id} 保存的企业事实已不合规则，请重新导入：{exc}") from None
    sources = {name: FACTS_FILE for name, value in (record.facts or {}).items() if value is not None}
    values = registry_values(record, facts_year)
    sources.update(dict.fromkeys(values, REGISTRY))
    values["assessed_on"] = on
    values["titles"] = _titles(record, stored)
    values["qualifications"] = _qualifications(record, stored)
    sources.update(assessed_on=DERIVED, titles=sources.get("titles", REGISTRY),
                   qualifications=sources.get("qualifications", REGISTRY))
    if stored.years_in_niche is None and record.founded_on is not None:
        values["years_in_niche"] = full_years(record.founded_on, date(facts_year, 12, 31))
        sources["years_in_niche"] = DERIVED
    return replace(stored, **values), sources


def load_records(conn: Connection, after_id: int, limit: int, facts_year: int,
                 only_id: int | None = None) -> list[RegistryRecord]:
    """Up to ``limit`` active enterprises with ids above ``after_id`` (or just ``only_id``), in id order."""
    query = (select(enterprises.c.id, enterprises.c.uscc, enterprises.c.name, enterprises.c.industry_code,
                    enterprises.c.founded_on)
             .where(enterprises.c.merged_into_id.is_(None), enterprises.c.id > after_id)
             .order_by(enterprises.c.id).limit(limit))
    if only_id is not None:
        query = query.where(enterprises.c.id == only_id)
    records = {row.id: RegistryRecord(row.id, row.uscc, row.name, row.industry_code, row.founded_on)
               for row in conn.execute(query)}
    if not records:
        return []
    low, high = min(records), max(records)
    year_rows = conn.execute(select(enterprise_years).where(
        enterprise_years.c.enterprise_id.between(low, high),
        enterprise_years.c.year.between(facts_year - YEARS_BACK, facts_year)))
    for row in year_rows:
        if row.enterprise_id in records:
            records[row.enterprise_id].years[row.year] = row._mapping
    tag_rows = conn.execute(select(enterprise_tags.c.enterprise_id, enterprise_tags.c.tag, enterprise_tags.c.year)
                            .where(enterprise_tags.c.enterprise_id.between(low, high),
                                   enterprise_tags.c.tag.in_(READ_TAGS)))
    for eid, tag, year in tag_rows:
        if eid in records:
            records[eid].tags.append((tag, year))
    fact_rows = conn.execute(select(enterprise_facts.c.enterprise_id, enterprise_facts.c.facts)
                             .where(enterprise_facts.c.enterprise_id.between(low, high)))
    for eid, stored in fact_rows:
        if eid in records:
            records[eid].facts = stored
    return list(records.values())
