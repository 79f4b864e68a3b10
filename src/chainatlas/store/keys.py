"""Finding a record by the key a user types: an enterprise by its credit code or its number."""

from __future__ import annotations

from sqlalchemy import Engine, select

from chainatlas.domain.errors import InvalidInput, NotFound
from chainatlas.store.models import enterprises


def resolve_enterprise_id(engine: Engine, key: str) -> int:
    """An enterprise id from a USCC or a numeric id (merged records resolve to the survivor)."""
    key = str(key).strip().upper()
    with engine.connect() as conn:
        if len(key) == 18:
            row = conn.execute(select(enterprises.c.id, enterprises.c.merged_into_id)
                               .where(enterprises.c.uscc == key)).first()
        elif key.isdigit():
            row = conn.execute(select(enterprises.c.id, enterprises.c.merged_into_id)
                               .where(enterprises.c.id == int(key))).first()
        else:
            raise InvalidInput(f"“{key}”既不是18位统一社会信用代码，也不是企业编号")
    if row is None:
        raise NotFound(f"企业 {key} 不存在")
    return row.merged_into_id or row.id
