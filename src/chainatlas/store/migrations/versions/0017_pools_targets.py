"""External enterprise pools, their placements, target decisions and saved what-if scenarios (issue 17)

Pool enterprises live in tables of their own so that no local figure, map, gap,
search or evaluation counts them.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pools",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("source", sa.String(500)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "pool_enterprises",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("pool_id", sa.Integer, sa.ForeignKey("pools.id", ondelete="CASCADE"), nullable=False),
        sa.Column("uscc", sa.String(18)),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("region_code", sa.String(6)),
        sa.Column("industry_code", sa.String(4)),
        sa.Column("business_scope", sa.Text),
        sa.Column("main_products", sa.Text),
        sa.Column("revenue_fen", sa.BigInteger),
        sa.Column("revenue_year", sa.Integer),
        sa.Column("employees", sa.Integer),
        sa.Column("revenues", sa.JSON),
        sa.Column("tags", sa.JSON),
        sa.Column("growth", sa.Float),
        sa.Column("standing", sa.Float),
        sa.Column("row_hash", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_pool_enterprises_uscc", "pool_enterprises", ["pool_id", "uscc"])
    op.create_index("ix_pool_enterprises_name", "pool_enterprises", ["pool_id", "name_key"])
    op.create_index("ix_pool_enterprises_uscc_any", "pool_enterprises", ["uscc"])
    op.create_table(
        "pool_placements",
        sa.Column("pool_enterprise_id", sa.Integer, sa.ForeignKey("pool_enterprises.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("chain_id", sa.String(64), primary_key=True),
        sa.Column("link_id", sa.String(64), primary_key=True),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("matched_words", sa.JSON, nullable=False),
    )
    op.create_index("ix_pool_placements_link", "pool_placements", ["chain_id", "link_id", "confidence"])
    op.create_table(
        "target_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("organisations.id")),
        sa.Column("chain_id", sa.String(64), nullable=False),
        sa.Column("link_id", sa.String(64), nullable=False),
        sa.Column("region_code", sa.String(6)),
        sa.Column("target", sa.String(20), nullable=False),
        sa.Column("target_name", sa.String(200), nullable=False),
        sa.Column("decision", sa.String(12), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("user_id", sa.Integer),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_target_decisions_org", "target_decisions", ["org_id", "chain_id", "link_id"])
    op.create_table(
        "whatif_scenarios",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("organisations.id")),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("chain_id", sa.String(64), nullable=False),
        sa.Column("region_code", sa.String(6)),
        sa.Column("additions", sa.JSON, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_whatif_scenarios_org", "whatif_scenarios", ["org_id", "name"])


def downgrade() -> None:
    for table in ("whatif_scenarios", "target_decisions", "pool_placements", "pool_enterprises", "pools"):
        op.drop_table(table)
