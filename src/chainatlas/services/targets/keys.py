"""Keys of targets: a pool enterprise is "P<id>", an enterprise of the deployment "E<id>" (its number or credit
code also work), so the two never mix with each other or with local records."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, select

from chainatlas.domain.access import Viewer
from chainatlas.domain.errors import InvalidInput, NotFound
from chainatlas.services import access
from chainatlas.store.models import enterprises
from chainatlas.store.pool_models import pool_enterprises

FEN_PER_WAN = 1_000_000


def pool_key(pool_id: int) -> str:
    return f"P{pool_id}"


def local_key(enterprise_id: int) -> str:
    return f"E{enterprise_id}"


def wan_to_fen(text: str | int | Decimal | None, field: str = "营收") -> int:
    """万元 (a decimal string) → integer fen; a clear error otherwise."""
    if text is None or str(text).strip() == "":
        return 0
    try:
        value = Decimal(str(text).strip().removesuffix("万元").removesuffix("万"))
    except InvalidOperation:
        raise InvalidInput(f"{field}“{text}”不是数字（单位：万元）") from None
    if not value.is_finite() or value < 0 or value > Decimal("100000000"):
        raise InvalidInput(f"{field}“{text}”超出范围（0～1 亿万元）")
    return int(value * FEN_PER_WAN)


def find(conn: Connection, key: str, viewer: Viewer) -> dict[str, Any]:
    """A pool or deployment enterprise by key: P12, E34, 34, or an 18-character credit code (pool first).
    Deployment enterprises only where the viewer may read them."""
    text = str(key).strip().upper()
    cols = (pool_enterprises.c.id, pool_enterprises.c.name, pool_enterprises.c.uscc, pool_enterprises.c.revenue_fen,
            pool_enterprises.c.region_code)
    if text.startswith("P") and text[1:].isdigit():
        row = conn.execute(select(*cols).where(pool_enterprises.c.id == int(text[1:]))).first()
        if row is None:
            raise NotFound(f"企业库中没有编号为 {text} 的企业")
        return {"key": pool_key(row.id), "name": row.name, "uscc": row.uscc, "revenue_fen": row.revenue_fen or 0,
                "region_code": row.region_code, "source": "pool"}
    if len(text) == 18:
        row = conn.execute(select(*cols).where(pool_enterprises.c.uscc == text).limit(1)).first()
        if row is not None:
            return {"key": pool_key(row.id), "name": row.name, "uscc": row.uscc,
                    "revenue_fen": row.revenue_fen or 0, "region_code": row.region_code, "source": "pool"}
        where = enterprises.c.uscc == text
    elif text.removeprefix("E").isdigit():
        where = enterprises.c.id == int(text.removeprefix("E"))
    else:
        raise InvalidInput(f"“{key}”不是企业编号（P… 为招商企业库，E… 或数字为本平台企业）或18位统一社会信用代码")
    row = conn.execute(select(enterprises.c.id, enterprises.c.name, enterprises.c.uscc, enterprises.c.revenue_fen,
                              enterprises.c.region_code)
                       .where(where, enterprises.c.merged_into_id.is_(None), *access.conditions(viewer))).first()
    if row is None:
        raise NotFound(f"企业 {key} 不存在或不在可见范围内")
    return {"key": local_key(row.id), "name": row.name, "uscc": row.uscc, "revenue_fen": row.revenue_fen or 0,
            "region_code": row.region_code, "source": "local"}
