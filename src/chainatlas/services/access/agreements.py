"""Data-sharing agreements: one organisation shares a defined slice of its records, and chosen
field groups, with another, for a stated purpose and period. Created, listed, expired and revoked;
every change is audited and takes effect with the grantee's next request."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, or_, select, update

from chainatlas import reference
from chainatlas.domain.access import AGREEMENT_STATUS_LABELS as STATUS_LABELS
from chainatlas.domain.access import (
    DATASETS,
    FIELD_GROUPS,
    ORG_KIND_LABELS,
    REGIONAL_KINDS,
    OrgKind,
    Permission,
    Viewer,
)
from chainatlas.domain.errors import Forbidden, InvalidInput, NotFound
from chainatlas.domain.tags import TAGS, tag_label
from chainatlas.domain.text import plain_text
from chainatlas.services.access import audit
from chainatlas.services.access.accounts import org_row, within
from chainatlas.store.models import agreements, chains, organisations

MAX_YEARS = 5


def create(engine: Engine, actor: Viewer, *, grantee: str, purpose: str, fields: list[str],
           valid_to: date, valid_from: date | None = None, dataset: str = "enterprises",
           region: str | None = None, park: str | None = None, chain: str | None = None,
           tag: str | None = None, grantor: str | None = None) -> dict[str, Any]:
    """Share the grantor's records (by default the actor's organisation) with the grantee.

    The slice must lie inside the grantor's own area; `fields` are groups from
    FIELD_GROUPS (basic information always comes along).
    """
    actor.require(Permission.SHARE)
    plain_text(purpose, "共享目的")
    plain_text(park, "园区")
    valid_from = valid_from or date.today()
    purpose = (purpose or "").strip()
    if not purpose:
        raise InvalidInput("须写明共享目的（如「融资对接」）")
    if dataset not in DATASETS:
        raise InvalidInput(f"数据集 {dataset} 不存在；可选：{'、'.join(DATASETS)}")
    unknown = [f for f in fields if f not in FIELD_GROUPS]
    if unknown:
        raise InvalidInput(f"字段组 {'、'.join(unknown)} 不存在；可选：{'、'.join(FIELD_GROUPS)}")
    if valid_to < valid_from:
        raise InvalidInput(f"截止日期 {valid_to} 早于起始日期 {valid_from}")
    if valid_to > valid_from + timedelta(days=366 * MAX_YEARS):
        raise InvalidInput(f"共享期限不能超过 {MAX_YEARS} 年")
    if tag and tag not in TAGS:
        raise InvalidInput(f"标签 {tag} 不存在")
    with engine.begin() as conn:
        if grantor is None:
            if actor.org_id is None:
                raise InvalidInput("本机操作员须用 --grantor 指定提供数据的机构")
            grantor = str(actor.org_id)
        giver, taker = org_row(conn, grantor), org_row(conn, grantee)
        if giver.id != actor.org_id and not actor.can(Permission.MANAGE_USERS):
            raise Forbidden("只能共享本机构的数据")
        if giver.id == taker.id:
            raise InvalidInput("不能与本机构自己签订共享协议")
        if OrgKind(giver.kind) not in REGIONAL_KINDS:
            raise InvalidInput(f"{ORG_KIND_LABELS[OrgKind(giver.kind)]}没有可共享的辖区数据")
        region = region or giver.region_code
        if not within(region, giver.region_code):
            raise InvalidInput(f"行政区划 {region} 不在「{giver.name}」的辖区 {giver.region_code} 内")
        if giver.park and park and park != giver.park:
            raise InvalidInput(f"园区「{park}」不是「{giver.name}」的园区")
        park = giver.park or park or None
        if chain and conn.execute(select(chains.c.id).where(chains.c.id == chain)).first() is None:
            raise NotFound(f"产业链 {chain} 不存在")
        groups = sorted(set(fields) | {"basic"}, key=list(FIELD_GROUPS).index)
        agreement_id = conn.execute(insert(agreements).values(
            grantor_org_id=giver.id, grantee_org_id=taker.id, dataset=dataset, region_code=region, park=park,
            chain_id=chain, tag=tag, field_groups=groups, purpose=purpose, valid_from=valid_from,
            valid_to=valid_to, status="active", created_by=actor.user_id, created_at=datetime.now())
        ).inserted_primary_key[0]
        audit.record(conn, actor, "agreement_create", f"agreement:{agreement_id}", grantor=giver.name,
                     grantee=taker.name, fields=groups, purpose=purpose, region=region, park=park, chain=chain,
                     tag=tag, valid_from=str(valid_from), valid_to=str(valid_to))
    return get(engine, actor, agreement_id)


def _query() -> Any:
    giver, taker = organisations.alias("giver"), organisations.alias("taker")
    return (select(agreements, giver.c.name.label("grantor"), taker.c.name.label("grantee"),
                   chains.c.name.label("chain_name"))
            .join(giver, giver.c.id == agreements.c.grantor_org_id)
            .join(taker, taker.c.id == agreements.c.grantee_org_id)
            .outerjoin(chains, chains.c.id == agreements.c.chain_id))


def _as_dict(row: Any, today: date) -> dict[str, Any]:
    status = row.status
    if status == "active" and row.valid_to < today:
        status = "lapsed"
    elif status == "active" and row.valid_from > today:
        status = "pending"
    return {"id": row.id, "grantor_id": row.grantor_org_id, "grantor": row.grantor,
            "grantee_id": row.grantee_org_id, "grantee": row.grantee, "dataset": row.dataset,
            "region_code": row.region_code, "park": row.park, "chain": row.chain_id, "tag": row.tag,
            "fields": row.field_groups, "field_labels": [FIELD_GROUPS[f] for f in row.field_groups],
            "purpose": row.purpose, "valid_from": row.valid_from, "valid_to": row.valid_to, "status": status,
            "status_label": STATUS_LABELS[status], "in_force": status == "active",
            "scope_label": _scope_label(row), "created_at": row.created_at, "ended_at": row.ended_at}


def _scope_label(row: Any) -> str:
    """The slice shared, in words: 长沙市 · 先进储能材料与锂电池 · 专精特新中小企业 (全部 for the whole area)."""
    parts = [reference.regions().name_of(row.region_code) if row.region_code else None, row.park,
             row.chain_name if row.chain_id else None, tag_label(row.tag) if row.tag else None]
    return " · ".join(p for p in parts if p) or "全部"


def list_agreements(engine: Engine, actor: Viewer) -> list[dict[str, Any]]:
    """The agreements the actor's organisation gives or receives (an admin sees all)."""
    actor.require(Permission.READ)
    query = _query().order_by(agreements.c.id.desc())
    if not actor.can(Permission.MANAGE_USERS):
        query = query.where(or_(agreements.c.grantor_org_id == actor.org_id,
                                agreements.c.grantee_org_id == actor.org_id))
    with engine.connect() as conn:
        return [_as_dict(r, date.today()) for r in conn.execute(query)]


def get(engine: Engine, actor: Viewer, agreement_id: int) -> dict[str, Any]:
    found = [a for a in list_agreements(engine, actor) if a["id"] == agreement_id]
    if not found:
        raise NotFound(f"共享协议 {agreement_id} 不存在")
    return found[0]


def end(engine: Engine, actor: Viewer, agreement_id: int, how: str) -> dict[str, Any]:
    """`how` = "revoked" (withdrawn) or "expired" (ended early, as agreed); the grantor or an admin only."""
    actor.require(Permission.SHARE)
    current = get(engine, actor, agreement_id)
    if current["grantor_id"] != actor.org_id and not actor.can(Permission.MANAGE_USERS):
        raise Forbidden("只有提供数据的机构可以终止或撤销协议")
    if current["status"] in ("revoked", "expired"):
        return current
    with engine.begin() as conn:
        conn.execute(update(agreements).where(agreements.c.id == agreement_id).values(
            status=how, ended_at=datetime.now(), ended_by=actor.user_id,
            valid_to=min(current["valid_to"], date.today())))
        audit.record(conn, actor, "agreement_revoke" if how == "revoked" else "agreement_expire",
                     f"agreement:{agreement_id}", grantee=current["grantee"])
    return get(engine, actor, agreement_id)
