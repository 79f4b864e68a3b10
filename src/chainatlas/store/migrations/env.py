"""Alembic environment: runs on the connection chainatlas hands over, or on the URL."""

from alembic import context
from sqlalchemy import create_engine

from chainatlas.store import monitor_models, pool_models  # noqa: F401  (their tables on the same metadata)
from chainatlas.store.models import metadata

config = context.config
connection = config.attributes.get("connection")


def run(conn) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).begin() as conn:
        run(conn)
