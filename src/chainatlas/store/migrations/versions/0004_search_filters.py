"""search filters: park, size and tags as search index terms; an index on park

The `area` column of the search index (SQLite FTS5; the tsvector on
PostgreSQL) now also holds the park, the SME size class and the tags of each
enterprise as terms (`services/search_index.py: facet_tokens`), so that a text query
with a rare filter is answered inside the index instead of walking every text
match (石墨 + tag=listed: 1.6 s before). The index is rebuilt here.

The index on `enterprises.park` serves the park filter of a credit-code search
and of PostgreSQL filtering, in id order within a park.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_enterprises_park", "enterprises", ["park"])
    from chainatlas.store import search_index  # the index terms are made in one place

    search_index.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_enterprises_park", table_name="enterprises")
