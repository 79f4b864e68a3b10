"""search index: the SQLite FTS5 table keeps no documents (contentless) nor row sizes; `area` terms in enterprise_facets

The FTS5 table kept a copy of every index document (`enterprise_fts_content`): at a
million enterprises 712 MB, more than the enterprises themselves, all of it written
by a first import and read by nothing but deletes and updates of index rows. The
table is now declared `content=''`. SQLite 3.40 deletes a row of such a table only
when given the documents it was indexed with (FTS5's 'delete' command): the text
columns are cut again from the enterprise's row, so writers take an enterprise out of
the index before they change its texts (`store/search_index.py: forget`), and the
`area` terms (region, park, size, tags, chains), which follow placements and figures
kept elsewhere, are kept beside the size class in `enterprise_facets.area`.

And `columnsize=0`: FTS5 keeps no token count per row and column (`_docsize`), which
only its bm25 ranking reads; searches rank by where the text is found, not by bm25.
A row less to write per enterprise: the index of a first import is built ~8% faster.

SQLite: the table declared anew and the index rebuilt from the enterprises (which
fills `area`). PostgreSQL, whose tsvector rows are deleted by enterprise id: only
the column (filled by every later write; nothing reads it there).

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

_DECLARATION = "CREATE VIRTUAL TABLE enterprise_fts USING fts5(name, products, scope, area, tokenize = 'ascii'{})"


def _recreate(options: str) -> None:
    bind = op.get_bind()
    op.execute("DROP TABLE enterprise_fts")  # enterprise_fts_terms (fts5vocab) finds the new one by its name
    op.execute(_DECLARATION.format(options))
    if bind.execute(sa.text("SELECT 1 FROM enterprises LIMIT 1")).first() is not None:
        from chainatlas.store import search_index  # the index terms are made in one place

        search_index.rebuild(bind)


def upgrade() -> None:
    with op.batch_alter_table("enterprise_facets") as batch:
        batch.add_column(sa.Column("area", sa.Text(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        _recreate(", content='', columnsize=0")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE enterprise_fts")
        op.execute(_DECLARATION.format(""))
        # An empty index: the code of revision 0018 indexes every enterprise newer than the newest in
        # enterprise_facets at its next search (search_index.catch_up), so that table is emptied too.
        op.execute("DELETE FROM enterprise_facets")
    with op.batch_alter_table("enterprise_facets") as batch:
        batch.drop_column("area")
