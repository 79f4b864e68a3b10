"""search index: character bigrams for Chinese search, SME size facet

Revision ID: 0003
Revises: 0002

SQLite: an FTS5 table `enterprise_fts` (rowid = enterprise id; columns name,
products, scope over pre-split bigrams, and area: region tokens r43 r4301 r430104). PostgreSQL: `enterprise_fts` with a
tsvector and a GIN index. Both: `enterprise_facets` (size class per
enterprise). Existing enterprises are indexed here; `services/search_index.py`
keeps the index current on import.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enterprise_facets",
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("size_class", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("enterprise_id"),
    )
    op.create_index("ix_enterprise_facets_size", "enterprise_facets", ["size_class", "enterprise_id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE enterprise_fts USING fts5("
                   "name, products, scope, area, tokenize = 'unicode61 remove_diacritics 0')")
    else:
        op.create_table(
            "enterprise_fts",
            sa.Column("enterprise_id", sa.Integer(), nullable=False),
            sa.Column("doc", postgresql.TSVECTOR(), nullable=False),
            sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("enterprise_id"),
        )
        op.create_index("ix_enterprise_fts_doc", "enterprise_fts", ["doc"], postgresql_using="gin")
    from chainatlas.store import search_index  # the tokenizer lives in one place

    search_index.rebuild(bind)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS enterprise_fts")
    op.drop_index("ix_enterprise_facets_size", table_name="enterprise_facets")
    op.drop_table("enterprise_facets")
