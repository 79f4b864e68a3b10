"""enterprises.name_key recomputed: branches keyed apart from their parents, 集团 kept, 股份 short names

The name key changed (domain/names.py): a branch's key ends with its own part
(星城科技/长沙分公司), `集团` stays in the key, a trailing `股份` is dropped, widths
are folded with NFKC. Stored keys are recomputed column-wise, in slices, and
only rows whose key changed are written. Downgrading keeps the new keys: the
old ones cannot be told from the names alone without the old code.

Revision ID: 0011
Revises: 0010
"""

import polars as pl
import sqlalchemy as sa
from alembic import op

from chainatlas import reference
from chainatlas.importers.name_columns import name_parts

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SLICE = 100_000


def upgrade() -> None:
    conn = op.get_bind()
    normaliser = reference.name_normaliser()
    table = sa.table("enterprises", sa.column("id", sa.Integer), sa.column("name", sa.String),
                     sa.column("name_key", sa.String))
    update = sa.update(table).where(table.c.id == sa.bindparam("row_id")).values(name_key=sa.bindparam("new_key"))
    last = 0
    while True:
        rows = conn.execute(sa.select(table.c.id, table.c.name, table.c.name_key).where(table.c.id > last)
                            .order_by(table.c.id).limit(SLICE)).all()
        if not rows:
            break
        last = rows[-1][0]
        frame = pl.DataFrame(rows, schema={"id": pl.Int64, "name": pl.String, "name_key": pl.String}, orient="row")
        frame = frame.with_columns(name_parts(frame.get_column("name"), normaliser).get_column("key").alias("new_key"))
        changed = frame.filter(pl.col("new_key") != pl.col("name_key"))
        if not changed.is_empty():
            conn.execute(update, [{"row_id": i, "new_key": k} for i, k in changed.select("id", "new_key").iter_rows()])


def downgrade() -> None:
    pass
