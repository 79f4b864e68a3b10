"""links: description, terms and not_terms of each chain link

The chain templates gained a one-or-two-sentence description per link, a richer
vocabulary (synonyms, product families, abbreviations, trade terms) and not_terms
(phrases that contain a term but mean something else). Placement reads them from the
database like the keywords and products; `chainatlas init` fills them for the built-in
chains when it reloads the templates.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("links") as batch:
        batch.add_column(sa.Column("description", sa.Text()))
        batch.add_column(sa.Column("terms", sa.JSON()))
        batch.add_column(sa.Column("not_terms", sa.JSON()))


def downgrade() -> None:
    with op.batch_alter_table("links") as batch:
        batch.drop_column("not_terms")
        batch.drop_column("terms")
        batch.drop_column("description")
