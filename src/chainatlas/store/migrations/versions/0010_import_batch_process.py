"""import batches: the process that runs each one, and why a batch failed

A batch is recorded as `running` before a large first load writes on a connection of its
own; when that process is killed, nothing is left to finish the row. With the process
(`host:pid`) on the row, the next start of the server or the CLI marks such batches
`failed` and says why (services/housekeeping.py).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_batches") as batch:
        batch.add_column(sa.Column("process", sa.String(100)))
        batch.add_column(sa.Column("message", sa.String(500)))


def downgrade() -> None:
    with op.batch_alter_table("import_batches") as batch:
        batch.drop_column("message")
        batch.drop_column("process")
