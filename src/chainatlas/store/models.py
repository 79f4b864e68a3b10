"""The schema. Money is integer fen (BigInteger, `_fen` suffix); dates are dates.

Tables are SQLAlchemy Core so that bulk imports and aggregate queries stay
close to SQL; the Alembic migrations in `migrations/` create exactly these.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

chains = Table(
    "chains",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("name_en", String(200)),
    Column("version", Integer, nullable=False, default=1),
    Column("description", Text),
    Column("source", String(500), nullable=False),
    Column("loaded_at", DateTime, nullable=False),
)

links = Table(
    "links",
    metadata,
    Column("chain_id", String(64), ForeignKey("chains.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("stage", String(12), nullable=False),
    Column("importance", Integer, nullable=False, default=3),
    Column("position", Integer, nullable=False),
    Column("keywords", JSON, nullable=False),
    Column("products", JSON, nullable=False),
    Column("industry_codes", JSON, nullable=False),
    Column("description", Text),
    Column("terms", JSON),
    Column("not_terms", JSON),
)

link_edges = Table(
    "link_edges",
    metadata,
    Column("chain_id", String(64), primary_key=True),
    Column("from_link", String(64), primary_key=True),
    Column("to_link", String(64), primary_key=True),
    ForeignKeyConstraint(["chain_id", "from_link"], ["links.chain_id", "links.id"], ondelete="CASCADE"),
    ForeignKeyConstraint(["chain_id", "to_link"], ["links.chain_id", "links.id"], ondelete="CASCADE"),
)

enterprises = Table(
    "enterprises",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uscc", String(18), unique=True),
    Column("name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False),
    Column("region_code", String(6), index=True),
    Column("park", String(100), index=True),  # the park filter of search, newest first within a park
    Column("founded_on", Date),
    Column("founded_precision", String(5)),  # "year" or "month" when the day (or month) is not known
    Column("registered_capital_fen", BigInteger),
    Column("industry_code", String(4)),
    Column("business_scope", Text),
    Column("main_products", Text),
    Column("legal_representative", String(100)),
    Column("contact_person", String(100)),
    Column("contact_phone", String(50)),
    # Latest year's figures, kept here so gap analysis needs no second join.
    Column("revenue_fen", BigInteger),
    Column("revenue_year", Integer),
    Column("employees", Integer),
    Column("merged_into_id", Integer, ForeignKey("enterprises.id")),
    Column("row_hash", String(32), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    # the region after the name: "is a firm of this name in the region?" is answered from the index (migration 0019)
    Index("ix_enterprises_name_key", "name_key", "region_code"),
)

enterprise_years = Table(
    "enterprise_years",
    metadata,
    Column("enterprise_id", Integer, ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("revenue_fen", BigInteger),
    Column("main_revenue_fen", BigInteger),
    Column("rd_expense_fen", BigInteger),
    Column("net_profit_fen", BigInteger),
    Column("total_assets_fen", BigInteger),
    Column("liabilities_fen", BigInteger),
    Column("output_fen", BigInteger),
    Column("tax_fen", BigInteger),
    Column("employees", Integer),
    Column("rd_staff", Integer),
)

enterprise_tags = Table(
    "enterprise_tags",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("enterprise_id", Integer, ForeignKey("enterprises.id", ondelete="CASCADE"), nullable=False),
    Column("tag", String(40), nullable=False),
    Column("year", Integer),
    Index("ix_enterprise_tags_enterprise", "enterprise_id"),
    Index("ix_enterprise_tags_tag", "tag", "year"),
)

enterprise_events = Table(
    "enterprise_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("enterprise_id", Integer, ForeignKey("enterprises.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("action", String(30), nullable=False),
    Column("detail", JSON, nullable=False),
    Index("ix_enterprise_events_enterprise", "enterprise_id"),
)

placements = Table(
    "placements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("enterprise_id", Integer, ForeignKey("enterprises.id", ondelete="CASCADE"), nullable=False),
    Column("chain_id", String(64), nullable=False),
    Column("link_id", String(64), nullable=False),
    Column("role", String(12)),
    Column("confidence", Float, nullable=False),
    Column("matched_words", JSON, nullable=False),
    Column("status", String(12), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    ForeignKeyConstraint(["chain_id", "link_id"], ["links.chain_id", "links.id"], ondelete="CASCADE"),
    UniqueConstraint("enterprise_id", "chain_id", "link_id", name="uq_placement"),
    # Covers the gap-analysis scan: per chain and link, without reading placement rows.
    Index("ix_placements_chain_link", "chain_id", "link_id", "status", "enterprise_id", "role"),
    # Is an enterprise on a chain (and link)? Answered from the index alone (the search's chain filter).
    Index("ix_placements_enterprise_chain", "enterprise_id", "chain_id", "status", "link_id"),
)

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("file_name", String(500), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("imported", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("status", String(20), nullable=False),
    Column("process", String(100)),  # host:pid of the process that runs it (services/housekeeping.py)
    Column("message", String(500)),  # why it failed
)

import_rejects = Table(
    "import_rejects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_id", Integer, ForeignKey("import_batches.id", ondelete="CASCADE"), nullable=False),
    Column("sheet", String(100)),
    Column("row_number", Integer, nullable=False),
    Column("raw", JSON, nullable=False),
    Column("errors", JSON, nullable=False),
)

# Official evaluations (docs/rules.md §2–§5): the latest result of each rule for each
# enterprise, with the rule version it was judged under. `failed_count`,
# `missing_count` and `shortfall_pct` rank candidates in the 梯度培育 report.
evaluations = Table(
    "evaluations",
    metadata,
    Column("enterprise_id", Integer, ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True),
    Column("rule", String(40), primary_key=True),
    Column("version", String(100), nullable=False),
    Column("confidence", String(4), nullable=False),
    Column("evaluated_on", Date, nullable=False),
    Column("facts_year", Integer),
    Column("qualified", Boolean),
    Column("score", Numeric(7, 2)),
    Column("size", String(8)),
    Column("level", String(20)),
    Column("title_held", Boolean),
    Column("failed_count", Integer, nullable=False),
    Column("missing_count", Integer, nullable=False),
    Column("shortfall_pct", Integer, nullable=False),
    Column("result", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
    # No index on (rule, …): the report starts from the enterprises in scope (region index)
    # and reaches their results by primary key; one would lure SQLite into scanning all results.
)

# Facts about an enterprise that the registry does not hold as columns (IP
# counts, awards, R&D institution, market share …): a validated facts dict
# (docs/facts.md), merged field by field on each import.
enterprise_facts = Table(
    "enterprise_facts",
    metadata,
    Column("enterprise_id", Integer, ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True),
    Column("facts", JSON, nullable=False),
    Column("source", String(500)),
    Column("updated_at", DateTime, nullable=False),
)

# Accounts, organisations, data-sharing agreements and the audit log (migration 0005).
organisations = Table(
    "organisations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("parent_id", Integer, ForeignKey("organisations.id")),
    Column("region_code", String(6)),
    Column("park", String(100)),
    Column("enterprise_id", Integer, ForeignKey("enterprises.id")),
    Column("created_at", DateTime, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("org_id", Integer, ForeignKey("organisations.id"), nullable=False),
    Column("role", String(20), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("demo", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_login_at", DateTime),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(12), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime),
    Column("last_used_at", DateTime),
    Column("revoked_at", DateTime),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the cookie value
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
    Column("address", String(64)),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False),
    Column("address", String(64)),
    Column("at", DateTime, nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Index("ix_login_attempts_username", "username", "at"),
    Index("ix_login_attempts_address", "address", "at"),
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("grantor_org_id", Integer, ForeignKey("organisations.id"), nullable=False),
    Column("grantee_org_id", Integer, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("dataset", String(40), nullable=False),
    Column("region_code", String(6)),
    Column("park", String(100)),
    Column("chain_id", String(64)),
    Column("tag", String(40)),
    Column("field_groups", JSON, nullable=False),
    Column("purpose", Text, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    Column("status", String(12), nullable=False),  # active / expired / revoked
    Column("created_by", Integer, ForeignKey("users.id")),
    Column("created_at", DateTime, nullable=False),
    Column("ended_at", DateTime),
    Column("ended_by", Integer, ForeignKey("users.id")),
)

# Append-only: the migration adds triggers that refuse UPDATE and DELETE on both backends.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("user_id", Integer),
    Column("username", String(64), nullable=False),
    Column("org_id", Integer),
    Column("role", String(20)),
    Column("channel", String(8), nullable=False),
    Column("address", String(64)),
    Column("action", String(40), nullable=False, index=True),
    Column("target", String(200)),
    Column("detail", JSON, nullable=False),
)

# ---- key problems (重点问题清单) and meetings: services/casework; the workflow lives in domain/casework.py ----
_PROBLEM_FIGURES = ("deadline", "resolved_on", "resolution_days", "satisfaction", "reopened", "region_code", "park",
                    "chain_id", "enterprise_id")
PROBLEM_STATS_INDEXES = {"unit": ("unit", "state", "category", "received_on", *_PROBLEM_FIGURES),
                         "category": ("category", "state", "unit", "received_on", *_PROBLEM_FIGURES),
                         "received": ("received_on", "state", "unit", "category", *_PROBLEM_FIGURES)}
problems = Table(
    "problems",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(500), nullable=False),
    Column("description", Text),
    Column("category", String(40), nullable=False, index=True),
    Column("enterprise_id", Integer, ForeignKey("enterprises.id"), nullable=False, index=True),
    Column("region_code", String(6), index=True),
    Column("park", String(100), index=True),
    Column("chain_id", String(64)),
    Column("source", String(100)),  # where it was raised, e.g. 园区市长日
    Column("state", String(16), nullable=False),
    Column("received_on", Date, nullable=False, index=True),
    Column("unit", String(200), index=True),  # the responsible unit (责任单位)
    Column("deadline", Date),
    Column("resolution", Text),
    Column("resolved_on", Date),
    Column("resolution_days", Integer),  # calendar days from receipt to resolution
    Column("satisfaction", String(16)),  # the latest return visit's answer
    Column("reopened", Integer, nullable=False, default=0),
    Column("version", Integer, nullable=False, default=1),  # optimistic locking
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_problems_state_deadline", "state", "deadline", "region_code"),  # overdue and 督办 lists, counted too
    Index("ix_problems_state", "state"),  # (state, id): a page of one state, newest first, without sorting
    # what a list's total counts without reading the table: a park's problems by state, the reopened ones
    Index("ix_problems_park_state", "park", "state", "region_code"),
    Index("ix_problems_reopened", "reopened", "region_code"),
    # The statistics by unit, category and day of receipt: each index holds every column the figures and the
    # scope need, in the order of its group (services/casework/problems.py `stats`).
    *(Index(f"ix_problems_by_{name}", *columns) for name, columns in PROBLEM_STATS_INDEXES.items()),
)

problem_events = Table(
    "problem_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("problem_id", Integer, ForeignKey("problems.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", DateTime, nullable=False),
    Column("user_id", Integer),
    Column("username", String(64), nullable=False),
    Column("from_state", String(16)),  # None: the problem was recorded
    Column("to_state", String(16), nullable=False),
    Column("comment", Text),
    Column("detail", JSON, nullable=False),  # unit, deadline, resolution, satisfaction, automatic
)

problem_deadlines = Table(  # working days allowed per category; others get the default (15)
    "problem_deadlines",
    metadata,
    Column("category", String(40), primary_key=True),
    Column("working_days", Integer, nullable=False),
)

meetings = Table(
    "meetings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(200), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("region_code", String(6), index=True),
    Column("park", String(100)),
    Column("chain_id", String(64)),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

meeting_problems = Table(
    "meeting_problems",
    metadata,
    Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("problem_id", Integer, ForeignKey("problems.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("position", Integer, nullable=False),
)


# Work lists (migration 0014): development goals, projects (major projects and the investment pipeline, one
# model) and industrialisable research results. Every item has region_code, park and chain_id (the work scope,
# services/access/scope.py work_condition) and a `version` bumped by every write (optimistic locking).
goals = Table(
    "goals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator", String(100), nullable=False),
    Column("unit", String(20), nullable=False),
    Column("chain_id", String(64)),
    Column("region_code", String(6)),
    Column("park", String(100)),
    Column("period", String(10), nullable=False),  # 2025, 2025Q2, 2025-06
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("target", String(40), nullable=False),  # an exact decimal as text
    Column("responsible_unit", String(200)),
    Column("notes", Text),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_goals_region", "region_code", "period_start"),
    Index("ix_goals_chain", "chain_id", "period_start"),
)

goal_actuals = Table(
    "goal_actuals",
    metadata,
    Column("goal_id", Integer, ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
    Column("period", String(10), primary_key=True),
    Column("value", String(40), nullable=False),
    Column("entered_at", DateTime, nullable=False),
    Column("entered_by", String(64), nullable=False),
)

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("list_kind", String(12), nullable=False),  # major | investment
    Column("stage", String(12), nullable=False),  # negotiating … producing, terminated
    Column("rank", Integer, nullable=False),  # the furthest stage reached (0 negotiating … 4 producing)
    Column("chain_id", String(64)),
    Column("link_id", String(64)),
    Column("region_code", String(6)),
    Column("park", String(100)),
    Column("planned_fen", BigInteger),
    Column("completed_fen", BigInteger),
    Column("responsible_unit", String(200)),
    Column("responsible_person", String(100)),
    Column("investor", String(200)),
    Column("investor_uscc", String(18)),
    Column("investor_id", Integer, ForeignKey("enterprises.id", ondelete="SET NULL")),
    Column("local_enterprise", String(200)),
    Column("local_uscc", String(18)),
    Column("local_id", Integer, ForeignKey("enterprises.id", ondelete="SET NULL")),
    Column("source", String(40)),
    Column("fortune500", Boolean, nullable=False),  # 三类500强 (世界、中国、民营企业500强)
    Column("notes", Text),
    Column("terminated_reason", Text),
    Column("terminated_on", Date),
    # The earliest planned date of a stage not reached yet (NULL: none, or terminated): delayed when before today.
    # Kept by the services on every stage move and plan change, so that the delayed filter needs no subquery.
    Column("due_on", Date),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_projects_region", "region_code", "id"),
    # The list's filters and the funnel's sums answered from the index alone within a viewer's region.
    Index("ix_projects_scope", "region_code", "list_kind", "stage", "rank", "chain_id", "due_on", "planned_fen",
          "fortune500"),
    Index("ix_projects_stage", "stage", "list_kind", "region_code", "due_on"),
    Index("ix_projects_chain", "chain_id", "region_code", "list_kind", "stage", "rank", "due_on", "planned_fen",
          "fortune500"),
)

project_stages = Table(
    "project_stages",
    metadata,
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("stage", String(12), primary_key=True),
    Column("planned_on", Date),
    Column("actual_on", Date),
    Column("reached_on", Date),  # when the project got there (its actual date, or the day it was skipped)
    Column("skipped", Boolean, nullable=False),
    Index("ix_project_stages_reached", "stage", "reached_on", "project_id"),
    # A project's stages reached, from the index alone (the funnel of a period, driven by the viewer's projects).
    Index("ix_project_stages_project", "project_id", "reached_on", "stage"),
)

project_events = Table(
    "project_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", DateTime, nullable=False),
    Column("on", Date),  # the date the event took place (a stage's actual date)
    Column("kind", String(12), nullable=False),  # created | stage | milestone | edit
    Column("from_stage", String(12)),
    Column("to_stage", String(12)),
    Column("detail", JSON, nullable=False),
    Column("username", String(64), nullable=False),
)

research_results = Table(
    "research_results",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(300), nullable=False),
    Column("institution", String(200), nullable=False),
    Column("institution_id", Integer, ForeignKey("enterprises.id", ondelete="SET NULL")),
    Column("inventors", JSON, nullable=False),
    Column("field", String(100)),
    Column("chain_id", String(64)),
    Column("links", JSON, nullable=False),
    Column("region_code", String(6)),
    Column("park", String(100)),
    Column("keywords", JSON, nullable=False),
    Column("trl", Integer),
    Column("patents", JSON, nullable=False),
    Column("transfer_mode", String(12)),
    Column("status", String(12), nullable=False),
    Column("contact_person", String(100)),
    Column("contact_phone", String(50)),
    Column("notes", Text),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_research_results_region", "region_code", "id"),
    Index("ix_research_results_chain", "chain_id", "id"),
)

# The external pools' tables (on this same `metadata`) are in pool_models.py.
