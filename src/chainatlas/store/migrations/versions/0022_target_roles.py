"""Investment targets: what a pool firm's texts say it does (makes, or only trades, the products), its recorded
signs of expansion (new projects, capacity, financing), and the pipeline project an accepted target became

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pool_enterprises") as batch:
        batch.add_column(sa.Column("role", sa.String(8)))  # make | trade | NULL (the texts do not say)
        batch.add_column(sa.Column("expansion", sa.JSON))  # [[kind, text], …] as the pool file records them
    with op.batch_alter_table("target_decisions") as batch:
        batch.add_column(sa.Column("project_id", sa.Integer))  # the 洽谈 project an accepted target became


def downgrade() -> None:
    with op.batch_alter_table("target_decisions") as batch:
        batch.drop_column("project_id")
    with op.batch_alter_table("pool_enterprises") as batch:
        batch.drop_column("expansion")
        batch.drop_column("role")
