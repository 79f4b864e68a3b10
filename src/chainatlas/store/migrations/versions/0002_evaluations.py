"""evaluations and enterprise facts

Stored results of the official rules (one per enterprise and rule, with the
rule version) and the extra facts the registry does not hold as columns.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 02:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evaluations',
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('version', sa.String(length=100), nullable=False),
    sa.Column('confidence', sa.String(length=4), nullable=False),
    sa.Column('evaluated_on', sa.Date(), nullable=False),
    sa.Column('facts_year', sa.Integer(), nullable=True),
    sa.Column('qualified', sa.Boolean(), nullable=True),
    sa.Column('score', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('size', sa.String(length=8), nullable=True),
    sa.Column('level', sa.String(length=20), nullable=True),
    sa.Column('title_held', sa.Boolean(), nullable=True),
    sa.Column('failed_count', sa.Integer(), nullable=False),
    sa.Column('missing_count', sa.Integer(), nullable=False),
    sa.Column('shortfall_pct', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('enterprise_id', 'rule')
    )

    op.create_table('enterprise_facts',
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('facts', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('enterprise_id')
    )


def downgrade() -> None:
    op.drop_table('enterprise_facts')
    op.drop_table('evaluations')
