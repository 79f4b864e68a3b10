"""Investment targets: what a pool firm's texts say it does (makes, or only trades, the products), its recorded
signs of expansion (new projects, capacity, financing), and the pipeline project an accepted target became

The role of the firms already in pools is read from their stored texts (domain/firm_roles.py); their signs of
expansion were not kept before, and come with the next import of their file.

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

from chainatlas.domain.firm_roles import firm_role

CHUNK = 20_000

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pool_enterprises") as batch:
        batch.add_column(sa.Column("role", sa.String(8)))  # make | trade | NULL (the texts do not say)
        batch.add_column(sa.Column("expansion", sa.JSON))  # [[kind, text], …] as the pool file records them
    with op.batch_alter_table("target_decisions") as batch:
        batch.add_column(sa.Column("project_id", sa.Integer))  # the 洽谈 project an accepted target became
    conn = op.get_bind()
    read = sa.text("SELECT id, name, main_products, business_scope, industry_code FROM pool_enterprises "
                   "WHERE id > :after ORDER BY id LIMIT :n")
    write = sa.text("UPDATE pool_enterprises SET role = :role WHERE id = :id")
    after = 0
    while rows := conn.execute(read, {"after": after, "n": CHUNK}).all():
        roles = [{"id": r.id, "role": role} for r in rows
                 if (role := firm_role(r.name, r.main_products, r.business_scope, r.industry_code))]
        if roles:
            conn.execute(write, roles)
        after = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("target_decisions") as batch:
        batch.drop_column("project_id")
    with op.batch_alter_table("pool_enterprises") as batch:
        batch.drop_column("expansion")
        batch.drop_column("role")
