"""What the three work lists share: checks of chain, link and region, the write rule, enterprise matching,
personal data masking and the optimistic version check."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, select, update

from chainatlas import reference
from chainatlas.domain.access import PERSONAL_GROUPS, Permission, Viewer, mask_person, mask_phone
from chainatlas.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from chainatlas.domain.uscc import check_uscc
from chainatlas.services import access
from chainatlas.store.models import chains, enterprises, links

MAX_LIMIT = 500


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def text(value: Any, what: str, limit: int, required: bool = False) -> str | None:
    """A trimmed text field: empty → None (refused when required), too long refused."""
    out = None if value is None else str(value).strip() or None
    if out is None and required:
        raise InvalidInput(f"{what}不能为空")
    if out is not None and len(out) > limit:
        raise InvalidInput(f"{what}过长（最多 {limit} 字）")
    return out


def check_region(region: str | None) -> str | None:
    if not region:
        return None
    region = str(region).strip()
    index = reference.regions()
    if region in index.by_code:
        return region
    code, reason = index.resolve(region)
    if code:
        return code
    raise InvalidInput(f"行政区划“{region}”无法识别（应为 GB/T 2260 代码如 430100，或地区名称）：{reason or '不存在'}")


def check_chain(conn: Connection, chain: str | None, link: str | None = None) -> tuple[str | None, str | None]:
    """The chain (by id or name) and link (by id or name) as ids; unknown ones refused with a clear message."""
    if not chain:
        if link:
            raise InvalidInput("填写环节时需同时填写产业链")
        return None, None
    chain = str(chain).strip()
    row = conn.execute(select(chains.c.id).where((chains.c.id == chain) | (chains.c.name == chain))).first()
    if row is None:
        known = "、".join(r.id for r in conn.execute(select(chains.c.id).order_by(chains.c.id)))
        raise InvalidInput(f"产业链“{chain}”不存在；可选：{known}")
    if not link:
        return row.id, None
    link = str(link).strip()
    found = conn.execute(select(links.c.id).where(links.c.chain_id == row.id,
                                                  (links.c.id == link) | (links.c.name == link))).first()
    if found is None:
        raise InvalidInput(f"产业链 {row.id} 没有环节“{link}”")
    return row.id, found.id


def check_links(conn: Connection, chain: str | None, names: list[str]) -> list[str]:
    return [check_chain(conn, chain, n)[1] or n for n in names] if chain else []


def require_write(viewer: Viewer, region: str | None, park: str | None, chain: str | None,
                  permission: Permission = Permission.WRITE_REGISTRY) -> None:
    """Writing a work item needs a writing role (the investment list: one that keeps the pipeline) and the item
    inside one of the viewer's own areas."""
    viewer.require(permission)
    if not access.in_own_work_area(viewer, region, park, chain):
        raise Forbidden("该事项不在本机构的地区、园区或产业链范围内，无权新建或修改")


def visible(conn: Connection, viewer: Viewer, table: Table, item_id: int) -> dict[str, Any]:
    """One item the viewer may read, or NotFound (items outside the scope are not revealed)."""
    query = select(table).where(table.c.id == item_id)
    scope = access.work_condition(viewer, table)
    if scope is not None:
        query = query.where(scope)
    row = conn.execute(query).first()
    if row is None:
        raise NotFound(f"编号 {item_id} 不存在或不在可见范围内")
    return dict(row._mapping)


def bump(conn: Connection, table: Table, item_id: int, version: int, values: dict[str, Any]) -> int:
    """Write `values` if the item is still at `version` (optimistic locking); the new version, else Conflict."""
    done = conn.execute(update(table).where(table.c.id == item_id, table.c.version == version)
                        .values(**values, version=version + 1, updated_at=now()))
    if done.rowcount != 1:
        raise Conflict(f"编号 {item_id} 已被他人修改（版本 {version} 已过期），请刷新后重试")
    return version + 1


def expect(row: dict[str, Any], version: int | None) -> int:
    """The version a write is based on: the one the caller read (if given, it must still hold)."""
    if version is not None and version != row["version"]:
        raise Conflict(f"编号 {row['id']} 已被他人修改（您看到的是版本 {version}，当前为版本 {row['version']}），"
                       "请刷新后重试")
    return int(row["version"])


def sees_personal(viewer: Viewer) -> bool:
    """Whether the viewer sees the people named in work items (responsible persons, contacts) unmasked."""
    if viewer.everything:
        return True
    if not viewer.can(Permission.PERSONAL_DATA):
        return False
    return all(not a.shared or PERSONAL_GROUPS <= a.groups for a in viewer.areas
               if "work_lists" in a.groups or not a.shared)


def masked(record: dict[str, Any], viewer: Viewer, persons: tuple[str, ...], phones: tuple[str, ...] = ()
           ) -> dict[str, Any]:
    if sees_personal(viewer):
        return record
    for key in persons:
        value = record.get(key)
        record[key] = [mask_person(v) for v in value] if isinstance(value, list) else mask_person(value)
    for key in phones:
        record[key] = mask_phone(record.get(key))
    return record


def match_enterprise(conn: Connection, name: str | None, uscc: str | None) -> tuple[int | None, str | None]:
    """(enterprise id, clean credit code) of a list row's enterprise: by credit code, else by normalised
    name; (None, code) when the registry has no such enterprise (the name is kept and reported)."""
    code = None
    if uscc:
        checked = check_uscc(str(uscc))
        if checked.errors:
            raise InvalidInput(f"统一社会信用代码“{uscc}”有误：{'；'.join(checked.errors)}")
        code = checked.code
        row = conn.execute(select(enterprises.c.id, enterprises.c.merged_into_id)
                           .where(enterprises.c.uscc == code)).first()
        if row is not None:
            return row.merged_into_id or row.id, code
    if name:
        key = reference.name_normaliser().key(name)
        rows = conn.execute(select(enterprises.c.id, enterprises.c.merged_into_id)
                            .where(enterprises.c.name_key == key).limit(2)).all()
        if len(rows) == 1:
            return rows[0].merged_into_id or rows[0].id, code
    return None, code


def page(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"每页条数应在 1 到 {MAX_LIMIT} 之间")
    if offset < 0:
        raise InvalidInput("offset 不能为负数")
    return limit, offset


def parse_date(raw: Any, what: str = "日期") -> date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text_value = str(raw).strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-")
    text_value = text_value.replace("日", "").strip("-")
    try:
        parts = [int(p) for p in text_value.split("-")]
        return date(*parts) if len(parts) == 3 else date.fromisoformat(text_value)
    except (ValueError, TypeError):
        raise InvalidInput(f"{what}“{raw}”应为 YYYY-MM-DD 格式的日期") from None
