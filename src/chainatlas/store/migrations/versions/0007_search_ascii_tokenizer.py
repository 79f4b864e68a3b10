"""search index: FTS5 splits the stored tokens with its `ascii` tokenizer

The index stores each text already cut into its tokens (`services/search_index.py`:
CJK bigrams and run ends, lower-case Latin/digit words, facet terms of ASCII
letters and digits), separated by spaces, and every query is cut the same way.
FTS5 only has to split that text at the spaces. `unicode61` looks every
character up in its Unicode tables to do so; `ascii` treats any non-ASCII
character as part of a token and splits at ASCII spaces and punctuation, which
gives the same tokens for such text (tests/services/test_import_bulk.py holds
the two to that over every character the index keeps) and builds the index
about a third faster: the longest step of a first import (issue 2).

SQLite only; the index is rebuilt from the enterprises. PostgreSQL: nothing.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_DECLARATION = "CREATE VIRTUAL TABLE enterprise_fts USING fts5(name, products, scope, area, tokenize = '{}')"


def _recreate(tokenizer: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    op.execute("DROP TABLE enterprise_fts")
    op.execute(_DECLARATION.format(tokenizer))
    from chainatlas.store import search_index  # the index terms are made in one place

    search_index.rebuild(bind)


def upgrade() -> None:
    _recreate("ascii")


def downgrade() -> None:
    _recreate("unicode61 remove_diacritics 0")
