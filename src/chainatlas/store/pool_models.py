"""The external enterprise pools (招商目标库) and what organisations decide on their firms: tables kept apart from
the registry's (models.py), so that no local figure, map, gap, search or evaluation can count a pool firm."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from chainatlas.store.models import metadata

# External enterprise pools (招商目标库, migration 0017): enterprises outside the deployment's area, kept apart
# from `enterprises` so that no local figure, map, gap, search or evaluation can count them.
pools = Table(
    "pools",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("source", String(500)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

pool_enterprises = Table(
    "pool_enterprises",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pool_id", Integer, ForeignKey("pools.id", ondelete="CASCADE"), nullable=False),
    Column("uscc", String(18)),
    Column("name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False),
    Column("region_code", String(6)),
    Column("industry_code", String(4)),
    Column("business_scope", Text),
    Column("main_products", Text),
    Column("revenue_fen", BigInteger),
    Column("revenue_year", Integer),
    Column("employees", Integer),
    Column("revenues", JSON),  # {"2022": fen, "2023": fen, …}: growth over recent years
    Column("tags", JSON),      # [[code, year], …] (domain/tags.py)
    Column("growth", Float),   # yearly revenue growth over the recent years (0.21 = 21%), when known
    Column("standing", Float),  # 0–1 from the tags (domain/targets.py STANDING_POINTS)
    Column("role", String(8)),  # make | trade | None: what the texts say the firm does (domain/targets.py firm_role)
    Column("expansion", JSON),  # [[kind, text], …]: recorded new projects, capacity, financing (migration 0022)
    Column("row_hash", String(32), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_pool_enterprises_uscc", "pool_id", "uscc"),
    Index("ix_pool_enterprises_name", "pool_id", "name_key"),
    Index("ix_pool_enterprises_uscc_any", "uscc"),
)

pool_placements = Table(
    "pool_placements",
    metadata,
    Column("pool_enterprise_id", Integer, ForeignKey("pool_enterprises.id", ondelete="CASCADE"), primary_key=True),
    Column("chain_id", String(64), primary_key=True),
    Column("link_id", String(64), primary_key=True),
    Column("confidence", Float, nullable=False),
    Column("matched_words", JSON, nullable=False),
    Index("ix_pool_placements_link", "chain_id", "link_id", "confidence", "pool_enterprise_id"),  # covering (0019)
)

# A user's verdict on a recommended target, for the organisation: dismissed (with a reason; never shown
# again) or accepted into the organisation's saved target list. `target` is "P<pool id>" or "E<enterprise id>".
target_decisions = Table(
    "target_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org_id", Integer, ForeignKey("organisations.id")),  # None: the local operator (CLI)
    Column("chain_id", String(64), nullable=False),
    Column("link_id", String(64), nullable=False),
    Column("region_code", String(6)),
    Column("target", String(20), nullable=False),
    Column("target_name", String(200), nullable=False),
    Column("decision", String(12), nullable=False),  # dismissed | accepted
    Column("reason", Text),
    Column("user_id", Integer),
    Column("username", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("project_id", Integer),  # accepted: the 洽谈 project of the investment pipeline it became (0022)
    Index("ix_target_decisions_org", "org_id", "chain_id", "link_id"),
)

# Saved what-if scenarios (招商推演), per organisation: the enterprises added to links, nothing else.
whatif_scenarios = Table(
    "whatif_scenarios",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org_id", Integer, ForeignKey("organisations.id")),
    Column("name", String(100), nullable=False),
    Column("chain_id", String(64), nullable=False),
    Column("region_code", String(6)),
    Column("additions", JSON, nullable=False),
    Column("username", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index("ix_whatif_scenarios_org", "org_id", "name"),
)
