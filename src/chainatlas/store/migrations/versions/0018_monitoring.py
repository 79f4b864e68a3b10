"""Monitoring: monthly figures per enterprise, area totals, the chain × county × month roll-up, risk rule sets
and warnings (issue 18)

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def _figures() -> list[sa.Column]:
    return [
        sa.Column("output_fen", sa.BigInteger), sa.Column("output_ytd_fen", sa.BigInteger),
        sa.Column("revenue_fen", sa.BigInteger), sa.Column("revenue_ytd_fen", sa.BigInteger),
        sa.Column("profit_fen", sa.BigInteger), sa.Column("profit_ytd_fen", sa.BigInteger),
        sa.Column("tax_fen", sa.BigInteger), sa.Column("tax_ytd_fen", sa.BigInteger),
        sa.Column("electricity_kwh", sa.BigInteger), sa.Column("electricity_ytd_kwh", sa.BigInteger),
        sa.Column("employees", sa.Integer),
    ]


def upgrade() -> None:
    op.create_table(
        "enterprise_months",
        sa.Column("enterprise_id", sa.Integer, sa.ForeignKey("enterprises.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("month", sa.Date, primary_key=True),
        sa.Column("months", sa.Integer, nullable=False),
        *_figures(),
        sa.Column("batch_id", sa.Integer),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_enterprise_months_month", "enterprise_months", ["month", "enterprise_id"])
    op.create_table(
        "area_months",
        sa.Column("region_code", sa.String(6), primary_key=True),
        sa.Column("chain_id", sa.String(64), primary_key=True),
        sa.Column("month", sa.Date, primary_key=True),
        sa.Column("months", sa.Integer, nullable=False),
        *_figures(),
        sa.Column("above_scale_count", sa.Integer),
        sa.Column("source", sa.String(200)),
        sa.Column("batch_id", sa.Integer),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "chain_months",
        sa.Column("chain_id", sa.String(64), primary_key=True),
        sa.Column("region_code", sa.String(6), primary_key=True),
        sa.Column("month", sa.Date, primary_key=True),
        *_figures(),
        sa.Column("reporting", sa.Integer, nullable=False),
        sa.Column("above_scale_count", sa.Integer, nullable=False),
        sa.Column("refreshed_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_chain_months_month", "chain_months", ["month", "chain_id", "region_code"])
    op.create_table(
        "risk_rule_sets",
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("rules", sa.JSON, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_by", sa.String(100)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "risk_warnings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("rule_version", sa.Integer, nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("region_code", sa.String(6), nullable=False),
        sa.Column("chain_id", sa.String(64)),
        sa.Column("link_id", sa.String(64)),
        sa.Column("enterprise_id", sa.Integer, sa.ForeignKey("enterprises.id", ondelete="CASCADE")),
        sa.Column("subject_kind", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(64)),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("figures", sa.JSON, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("first_seen", sa.Date, nullable=False),
        sa.Column("last_seen", sa.Date, nullable=False),
        sa.Column("ended_on", sa.Date),
        sa.Column("acknowledged_at", sa.DateTime),
        sa.Column("acknowledged_by", sa.String(100)),
        sa.Column("ack_comment", sa.Text),
    )
    op.create_index("ix_risk_warnings_open", "risk_warnings", ["ended_on", "region_code", "chain_id"])
    op.create_index("ix_risk_warnings_key", "risk_warnings", ["key", "ended_on"])


def downgrade() -> None:
    op.drop_table("risk_warnings")
    op.drop_table("risk_rule_sets")
    op.drop_index("ix_chain_months_month", table_name="chain_months")
    op.drop_table("chain_months")
    op.drop_table("area_months")
    op.drop_index("ix_enterprise_months_month", table_name="enterprise_months")
    op.drop_table("enterprise_months")
