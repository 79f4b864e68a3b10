"""Key problems (重点问题清单) with their history, deadlines by category, and meetings

The closed loop's states and transitions are domain data (domain/casework.py); the tables keep each problem's
current state with a version column for optimistic locking, every change (who, when, from, to, comment), the
working days allowed per category, and the meetings problems are gathered into (e.g. 园区市长日).

Revision ID: 0015
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# The statistics' covering indexes (as in store/models.py at this revision, written out: migrations do not import
# the models).
_FIGURES = ("deadline", "resolved_on", "resolution_days", "satisfaction", "reopened", "region_code", "park", "chain_id",
            "enterprise_id")
STATS_INDEXES = {"unit": ("unit", "state", "category", "received_on", *_FIGURES),
                 "category": ("category", "state", "unit", "received_on", *_FIGURES),
                 "received": ("received_on", "state", "unit", "category", *_FIGURES)}


def upgrade() -> None:
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("category", sa.String(40), nullable=False, index=True),
        sa.Column("enterprise_id", sa.Integer, sa.ForeignKey("enterprises.id"), nullable=False, index=True),
        sa.Column("region_code", sa.String(6), index=True),
        sa.Column("park", sa.String(100), index=True),
        sa.Column("chain_id", sa.String(64)),
        sa.Column("source", sa.String(100)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("received_on", sa.Date, nullable=False, index=True),
        sa.Column("unit", sa.String(200), index=True),
        sa.Column("deadline", sa.Date),
        sa.Column("resolution", sa.Text),
        sa.Column("resolved_on", sa.Date),
        sa.Column("resolution_days", sa.Integer),
        sa.Column("satisfaction", sa.String(16)),
        sa.Column("reopened", sa.Integer, nullable=False, server_default="0"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_problems_state_deadline", "problems", ["state", "deadline", "region_code"])
    op.create_index("ix_problems_state", "problems", ["state"])
    op.create_index("ix_problems_park_state", "problems", ["park", "state", "region_code"])
    op.create_index("ix_problems_reopened", "problems", ["reopened", "region_code"])
    for name, columns in STATS_INDEXES.items():
        op.create_index(f"ix_problems_by_{name}", "problems", list(columns))
    op.create_table(
        "problem_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("problem_id", sa.Integer, sa.ForeignKey("problems.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("user_id", sa.Integer),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("from_state", sa.String(16)),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_table(
        "problem_deadlines",
        sa.Column("category", sa.String(40), primary_key=True),
        sa.Column("working_days", sa.Integer, nullable=False),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("region_code", sa.String(6), index=True),
        sa.Column("park", sa.String(100)),
        sa.Column("chain_id", sa.String(64)),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "meeting_problems",
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("problem_id", sa.Integer, sa.ForeignKey("problems.id", ondelete="CASCADE"), primary_key=True,
                  index=True),
        sa.Column("position", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("meeting_problems", "meetings", "problem_deadlines", "problem_events"):
        op.drop_table(table)
    for name in STATS_INDEXES:
        op.drop_index(f"ix_problems_by_{name}", "problems")
    for name in ("ix_problems_reopened", "ix_problems_park_state", "ix_problems_state"):
        op.drop_index(name, "problems")
    op.drop_index("ix_problems_state_deadline", "problems")
    op.drop_table("problems")
