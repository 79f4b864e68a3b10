"""search index: FTS5 rows are numbered by the enterprise id negated, newest first

FTS5 walks a term's list fastest in ascending rowid order; walking it backwards
means decoding each leaf page forwards first to find its rowids. A search lists
the newest enterprises first, so the index took every step backwards. With the
rowid the enterprise id negated (`services/search_index.py: fts_rowid`), newest
first is ascending: the candidate query of a search took about 0.7 ms instead
of 1.0 ms on two million enterprises (3,186 queries of bench/bench_web.py's log).

SQLite only; an index still numbered by id is rebuilt from the enterprises (one
built by 0007 in the same upgrade is numbered anew already). PostgreSQL: nothing.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if (bind.execute(sa.text("SELECT MAX(rowid) FROM enterprise_fts")).scalar() or 0) > 0:
        from chainatlas.store import search_index  # the index terms are made in one place

        search_index.rebuild(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # Rows numbered by id again, in ascending order (FTS5 writes ascending rowids fastest).
    bind.execute(sa.text("CREATE VIRTUAL TABLE enterprise_fts_by_id USING fts5(name, products, scope, area, "
                         "tokenize = 'ascii')"))
    bind.execute(sa.text("INSERT INTO enterprise_fts_by_id (rowid, name, products, scope, area) "
                         "SELECT -rowid, name, products, scope, area FROM enterprise_fts ORDER BY rowid DESC"))
    bind.execute(sa.text("DROP TABLE enterprise_fts"))
    bind.execute(sa.text("ALTER TABLE enterprise_fts_by_id RENAME TO enterprise_fts"))
    bind.execute(sa.text("INSERT INTO enterprise_fts (enterprise_fts) VALUES ('optimize')"))
