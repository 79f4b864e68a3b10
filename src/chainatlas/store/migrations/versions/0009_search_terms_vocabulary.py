"""search index: its vocabulary as a table (FTS5 `fts5vocab`), to expand a one-character query

A one-character query is a prefix query (`锂*`: every bigram beginning with 锂,
and the run end 锂), and FTS5 merges the whole list of every such term before
it hands over the first row: 15-90 ms on two million enterprises, however few
rows the page needs. The OR of those terms, read from this table, is merged
lazily: 0.1-0.4 ms (services/search.py keeps the terms of each character until
the database next changes). The table is a view of the index: it stores nothing.

SQLite only. PostgreSQL: nothing (its prefix query reads the GIN index directly).

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE enterprise_fts_terms USING fts5vocab(enterprise_fts, 'row')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE enterprise_fts_terms")
