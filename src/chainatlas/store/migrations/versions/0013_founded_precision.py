"""enterprises.founded_precision: a founding date known only to the year or the month

Offices write 2019 or 2019年5月 when the day is not known. The date is stored as the
first day of that year or month, and this column says so ("year" or "month"; empty for
a full date), so that the profile shows 2019年 rather than a made-up 1 January.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enterprises") as batch:
        batch.add_column(sa.Column("founded_precision", sa.String(5)))


def downgrade() -> None:
    with op.batch_alter_table("enterprises") as batch:
        batch.drop_column("founded_precision")
