"""indexes that answer the investment targets' lookups from the index alone

A link's targets ask, for hundreds of firms, whether the region's registry already holds one of the same
normalised name; generated and real names alike share keys across a province (友富新材料 in many cities), so
the name-key index led to tens of thousands of enterprise rows read for their region. The name-key index now
holds the region after the name (the same lookups by name use it as before). The pool placements' link index
holds the firm after the confidence, so a link's candidates are read from the index without the placement rows.

Revision ID: 0019
Revises: 0018
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_enterprises_name_key", table_name="enterprises")
    op.create_index("ix_enterprises_name_key", "enterprises", ["name_key", "region_code"])
    op.drop_index("ix_pool_placements_link", table_name="pool_placements")
    op.create_index("ix_pool_placements_link", "pool_placements",
                    ["chain_id", "link_id", "confidence", "pool_enterprise_id"])


def downgrade() -> None:
    op.drop_index("ix_pool_placements_link", table_name="pool_placements")
    op.create_index("ix_pool_placements_link", "pool_placements", ["chain_id", "link_id", "confidence"])
    op.drop_index("ix_enterprises_name_key", table_name="enterprises")
    op.create_index("ix_enterprises_name_key", "enterprises", ["name_key"])
