"""Monitoring tables (migration 0018): monthly figures per enterprise, totals reported for an area without
enterprises, the chain × county × month roll-up the dashboards read, the risk rule sets and the warnings.

Money is integer fen; electricity integer kWh; a month is the date of its first day.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from chainatlas.store.models import metadata


def _figures() -> list[Column]:  # type: ignore[type-arg]
    """The indicator columns (domain/monitoring.py INDICATORS): the period's value and the year-to-date value."""
    return [
        Column("output_fen", BigInteger), Column("output_ytd_fen", BigInteger),
        Column("revenue_fen", BigInteger), Column("revenue_ytd_fen", BigInteger),
        Column("profit_fen", BigInteger), Column("profit_ytd_fen", BigInteger),
        Column("tax_fen", BigInteger), Column("tax_ytd_fen", BigInteger),
        Column("electricity_kwh", BigInteger), Column("electricity_ytd_kwh", BigInteger),
        Column("employees", Integer),
    ]


# One enterprise's figures for one period. `month` is the period's last month; `months` is 1 for a monthly
# report and 3 for a quarterly one (the period's own value then covers the quarter).
enterprise_months = Table(
    "enterprise_months",
    metadata,
    Column("enterprise_id", Integer, ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True),
    Column("month", Date, primary_key=True),
    Column("months", Integer, nullable=False, default=1),
    *_figures(),
    Column("batch_id", Integer),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_enterprise_months_month", "month", "enterprise_id"),
)

# Totals reported for an area (and optionally a chain) without enterprises, e.g. a statistics bureau's
# 全市规上工业 total: the denominator of "share of the city's total". `chain_id` '' stands for all industry.
area_months = Table(
    "area_months",
    metadata,
    Column("region_code", String(6), primary_key=True),
    Column("chain_id", String(64), primary_key=True, default=""),
    Column("month", Date, primary_key=True),
    Column("months", Integer, nullable=False, default=1),
    *_figures(),
    Column("above_scale_count", Integer),
    Column("source", String(200)),
    Column("batch_id", Integer),
    Column("updated_at", DateTime, nullable=False),
)

# The roll-up the dashboards, risk scans and reports read: per chain, county and month, the sums over the
# enterprises placed on the chain (each counted once per chain). `chain_id` '' is every enterprise that
# reported, on a chain or not (the city's total when no area total was entered); '*' every one on any chain.
chain_months = Table(
    "chain_months",
    metadata,
    Column("chain_id", String(64), primary_key=True),
    Column("region_code", String(6), primary_key=True),
    Column("month", Date, primary_key=True),
    *_figures(),
    Column("reporting", Integer, nullable=False),          # enterprises with figures for the month
    Column("above_scale_count", Integer, nullable=False),  # of them 规上 (domain.monitoring.ABOVE_SCALE_REVENUE_FEN)
    Column("refreshed_at", DateTime, nullable=False),
    Index("ix_chain_months_month", "month", "chain_id", "region_code"),
)

# Enterprises whose placements changed (or that were merged) since the roll-up was brought up to date; the
# monitoring readers rebuild their counties' rows before they read (store/rollup.py). 0 stands for every
# enterprise (a whole re-placement, a registry import).
rollup_pending = Table(
    "rollup_pending",
    metadata,
    Column("enterprise_id", Integer, primary_key=True, autoincrement=False),
    Column("marked_at", DateTime, nullable=False),
)

# Versioned, configurable risk rule sets: the one with the highest version is in force.
risk_rule_sets = Table(
    "risk_rule_sets",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("rules", JSON, nullable=False),
    Column("note", Text),
    Column("created_by", String(100)),
    Column("created_at", DateTime, nullable=False),
)

# Warnings found by the scans. `key` names the condition (rule, region, subject); a warning stays open while
# its condition holds (last_seen moves on) and is closed (ended_on) when a scan no longer finds it.
risk_warnings = Table(
    "risk_warnings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False),
    Column("rule", String(64), nullable=False),
    Column("rule_version", Integer, nullable=False),
    Column("level", String(8), nullable=False),            # red / orange / yellow
    Column("region_code", String(6), nullable=False),
    Column("chain_id", String(64)),
    Column("link_id", String(64)),
    Column("enterprise_id", Integer, ForeignKey("enterprises.id", ondelete="CASCADE")),
    Column("subject_kind", String(16), nullable=False),    # chain / link / enterprise / project / problem
    Column("subject_id", String(64)),
    Column("subject", String(300), nullable=False),        # the subject's name, as shown
    Column("figures", JSON, nullable=False),
    Column("message", Text, nullable=False),
    Column("first_seen", Date, nullable=False),
    Column("last_seen", Date, nullable=False),
    Column("ended_on", Date),
    Column("acknowledged_at", DateTime),
    Column("acknowledged_by", String(100)),
    Column("ack_comment", Text),
    Index("ix_risk_warnings_open", "ended_on", "region_code", "chain_id"),
    Index("ix_risk_warnings_key", "key", "ended_on"),
)
