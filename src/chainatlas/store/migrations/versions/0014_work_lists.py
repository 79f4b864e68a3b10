"""Work lists: development goals (and their actuals), projects (major projects and the investment pipeline:
one model, with a date per stage and a history) and industrialisable research results

Every item carries region_code, park and chain_id (the work scope) and a version column for optimistic
locking: a write states the version it read, and loses when another write came first.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("indicator", sa.String(100), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("chain_id", sa.String(64)),
        sa.Column("region_code", sa.String(6)),
        sa.Column("park", sa.String(100)),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("target", sa.String(40), nullable=False),
        sa.Column("responsible_unit", sa.String(200)),
        sa.Column("notes", sa.Text()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_goals_region", "goals", ["region_code", "period_start"])
    op.create_index("ix_goals_chain", "goals", ["chain_id", "period_start"])
    op.create_table(
        "goal_actuals",
        sa.Column("goal_id", sa.Integer(), sa.ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("period", sa.String(10), primary_key=True),
        sa.Column("value", sa.String(40), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("entered_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("list_kind", sa.String(12), nullable=False),
        sa.Column("stage", sa.String(12), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("chain_id", sa.String(64)),
        sa.Column("link_id", sa.String(64)),
        sa.Column("region_code", sa.String(6)),
        sa.Column("park", sa.String(100)),
        sa.Column("planned_fen", sa.BigInteger()),
        sa.Column("completed_fen", sa.BigInteger()),
        sa.Column("responsible_unit", sa.String(200)),
        sa.Column("responsible_person", sa.String(100)),
        sa.Column("investor", sa.String(200)),
        sa.Column("investor_uscc", sa.String(18)),
        sa.Column("investor_id", sa.Integer(), sa.ForeignKey("enterprises.id", ondelete="SET NULL")),
        sa.Column("local_enterprise", sa.String(200)),
        sa.Column("local_uscc", sa.String(18)),
        sa.Column("local_id", sa.Integer(), sa.ForeignKey("enterprises.id", ondelete="SET NULL")),
        sa.Column("source", sa.String(40)),
        sa.Column("fortune500", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text()),
        sa.Column("terminated_reason", sa.Text()),
        sa.Column("terminated_on", sa.Date()),
        sa.Column("due_on", sa.Date()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_projects_region", "projects", ["region_code", "id"])
    op.create_index("ix_projects_scope", "projects", ["region_code", "list_kind", "stage", "rank", "chain_id", "due_on",
                                                      "planned_fen", "fortune500"])
    op.create_index("ix_projects_stage", "projects", ["stage", "list_kind", "region_code", "due_on"])
    op.create_index("ix_projects_chain", "projects", ["chain_id", "region_code", "list_kind", "stage", "rank", "due_on",
                                                      "planned_fen", "fortune500"])
    op.create_table(
        "project_stages",
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("stage", sa.String(12), primary_key=True),
        sa.Column("planned_on", sa.Date()),
        sa.Column("actual_on", sa.Date()),
        sa.Column("reached_on", sa.Date()),
        sa.Column("skipped", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_project_stages_reached", "project_stages", ["stage", "reached_on", "project_id"])
    op.create_index("ix_project_stages_project", "project_stages", ["project_id", "reached_on", "stage"])
    op.create_table(
        "project_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("on", sa.Date()),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("from_stage", sa.String(12)),
        sa.Column("to_stage", sa.String(12)),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
    )
    op.create_index("ix_project_events_project_id", "project_events", ["project_id"])
    op.create_table(
        "research_results",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("institution", sa.String(200), nullable=False),
        sa.Column("institution_id", sa.Integer(), sa.ForeignKey("enterprises.id", ondelete="SET NULL")),
        sa.Column("inventors", sa.JSON(), nullable=False),
        sa.Column("field", sa.String(100)),
        sa.Column("chain_id", sa.String(64)),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("region_code", sa.String(6)),
        sa.Column("park", sa.String(100)),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("trl", sa.Integer()),
        sa.Column("patents", sa.JSON(), nullable=False),
        sa.Column("transfer_mode", sa.String(12)),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("contact_person", sa.String(100)),
        sa.Column("contact_phone", sa.String(50)),
        sa.Column("notes", sa.Text()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_research_results_region", "research_results", ["region_code", "id"])
    op.create_index("ix_research_results_chain", "research_results", ["chain_id", "id"])


def downgrade() -> None:
    for table in ("research_results", "project_events", "project_stages", "projects", "goal_actuals", "goals"):
        op.drop_table(table)
