"""chains as search terms; an index answering "is this enterprise on this chain and link?" by itself

The search index's `area` column now holds a term for each chain an
enterprise has an active placement on (`services/search_index.py: chain_token`), so
that a chain filter is an index term: 电解液 + an unrelated chain walked every
match of 电解液 asking each for a placement (0.1–0.3 s on two million rows).
The terms of every placed enterprise are written here.

A link filter (and a credit-code search with a chain filter) still asks the
placements; the new index holds chain, status and link after the enterprise,
so that is answered from the index alone instead of reading placement rows.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_placements_enterprise_chain", "placements", ["enterprise_id", "chain_id", "status", "link_id"])
    from chainatlas.store import search_index  # the index terms are made in one place

    bind = op.get_bind()
    last = 0
    while True:
        ids = [i for (i,) in bind.execute(sa.text(
            "SELECT DISTINCT enterprise_id FROM placements WHERE enterprise_id > :last "
            "ORDER BY enterprise_id LIMIT :n"), {"last": last, "n": search_index.BATCH})]
        if not ids:
            break
        search_index.refresh_chains(bind, ids)
        last = ids[-1]
    search_index.compact(bind)


def downgrade() -> None:
    op.drop_index("ix_placements_enterprise_chain", table_name="placements")
