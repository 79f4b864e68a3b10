"""Industrialisable research results (可产业化科研成果清单): title, institution, inventors, field, chain and
links, keywords, maturity (TRL 1–9), patents, transfer mode and status, contact (masked like other personal
data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select

from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.research import (
    STATUSES,
    TRANSFER_MODES,
    TRL_LABELS,
    split_list,
    status,
    transfer_mode,
    trl,
)
from chainatlas.services import access
from chainatlas.services.lists import common
from chainatlas.store import filters
from chainatlas.store.models import research_results

PERSONS = ("contact_person", "inventors")
PHONES = ("contact_phone",)


def _fields(conn: Connection, data: dict[str, Any], row: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[str]]:
    row = row or {}

    def given(key: str, column: str | None = None) -> Any:
        return data[key] if key in data else row.get(column or key)

    chain, _ = common.check_chain(conn, given("chain", "chain_id"))
    link_names = split_list(given("links"))
    if link_names and not chain:
        raise InvalidInput("填写环节时需同时填写产业链")
    institution = common.text(given("institution"), "完成单位", 200, required=True)
    matched, _ = common.match_enterprise(conn, institution, given("institution_uscc"))
    mode, state, level = given("transfer_mode"), given("status"), given("trl")
    values = {
        "title": common.text(given("title"), "成果名称", 300, required=True), "institution": institution,
        "institution_id": matched, "inventors": split_list(given("inventors")),
        "field": common.text(given("field"), "技术领域", 100), "chain_id": chain,
        "links": common.check_links(conn, chain, link_names), "region_code": common.check_region(given("region", "region_code")),
        "park": common.text(given("park"), "园区", 100), "keywords": split_list(given("keywords")),
        "trl": trl(level) if level not in (None, "") else None, "patents": split_list(given("patents"), spaces=False),
        "transfer_mode": transfer_mode(mode) if mode else None, "status": status(state or "listed"),
        "contact_person": common.text(given("contact_person"), "联系人", 100),
        "contact_phone": common.text(given("contact_phone"), "联系电话", 50),
        "notes": common.text(given("notes"), "备注", 4000),
    }
    if not chain and not values["region_code"]:
        raise InvalidInput("科研成果需填写产业链或地区（或两者）")
    return values, ([] if matched else [institution])


def create_result(engine: Engine, data: dict[str, Any], *, viewer: Viewer, conn: Connection | None = None
                  ) -> dict[str, Any]:
    if conn is None:
        with engine.begin() as own:
            made = _create(own, data, viewer)
        return {**get_result(engine, made["id"], viewer=viewer), "unmatched": made["unmatched"]}
    return _create(conn, data, viewer)


def _create(conn: Connection, data: dict[str, Any], viewer: Viewer) -> dict[str, Any]:
    values, unmatched = _fields(conn, data)
    common.require_write(viewer, values["region_code"], values["park"], values["chain_id"])
    stamp = common.now()
    result_id = conn.execute(insert(research_results).values(**values, version=1, created_at=stamp, updated_at=stamp)
                             ).inserted_primary_key[0]
    access.record_audit(conn, viewer, "result_create", f"result:{result_id}", title=values["title"])
    return {"id": int(result_id), "unmatched": unmatched}


def update_result(engine: Engine, result_id: int, data: dict[str, Any], *, viewer: Viewer,
                  version: int | None = None) -> dict[str, Any]:
    with engine.begin() as conn:
        row = common.visible(conn, viewer, research_results, result_id)
        common.require_write(viewer, row["region_code"], row["park"], row["chain_id"])
        base = common.expect(row, version)
        values, _ = _fields(conn, data, row)
        common.require_write(viewer, values["region_code"], values["park"], values["chain_id"])
        changed = sorted(k for k, v in values.items() if row.get(k) != v)
        common.bump(conn, research_results, result_id, base, values)
        access.record_audit(conn, viewer, "result_update", f"result:{result_id}", changed=changed)
    return get_result(engine, result_id, viewer=viewer)


def _record(r: dict[str, Any], viewer: Viewer) -> dict[str, Any]:
    record = {k: r[k] for k in ("id", "title", "institution", "institution_id", "field", "chain_id", "region_code",
                                "park", "trl", "transfer_mode", "status", "contact_person", "contact_phone", "notes",
                                "version", "updated_at")}
    record.update({"inventors": list(r["inventors"] or []), "links": list(r["links"] or []),
                   "keywords": list(r["keywords"] or []), "patents": list(r["patents"] or []),
                   "trl_label": TRL_LABELS.get(r["trl"]) if r["trl"] else None,
                   "transfer_mode_label": TRANSFER_MODES.get(r["transfer_mode"] or ""),
                   "status_label": STATUSES[r["status"]]})
    return common.masked(record, viewer, PERSONS, PHONES)


def get_result(engine: Engine, result_id: int, *, viewer: Viewer) -> dict[str, Any]:
    with engine.connect() as conn:
        row = common.visible(conn, viewer, research_results, result_id)
    record = _record(row, viewer)
    record["editable"] = viewer.can(Permission.WRITE_REGISTRY) and access.in_own_work_area(
        viewer, row["region_code"], row["park"], row["chain_id"])
    return record


def list_results(engine: Engine, *, viewer: Viewer, chain: str | None = None, region: str | None = None,
                 status_: str | None = None, mode: str | None = None, min_trl: int | None = None,
                 q: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    limit, offset = common.page(limit, offset)
    where: list[Any] = []
    scope = access.work_condition(viewer, research_results)
    if scope is not None:
        where.append(scope)
    if chain:
        where.append(research_results.c.chain_id == chain)
    if region:
        where += filters.in_region(common.check_region(region) or region, research_results)
    if status_:
        where.append(research_results.c.status == status(status_))
    if mode:
        where.append(research_results.c.transfer_mode == transfer_mode(mode))
    if min_trl:
        where.append(research_results.c.trl >= min_trl)
    if q:
        text = q.strip()
        where.append(research_results.c.title.contains(text, autoescape=True)
                     | research_results.c.institution.contains(text, autoescape=True)
                     | research_results.c.field.contains(text, autoescape=True))
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(research_results).where(and_(True, *where))).scalar_one()
        rows = conn.execute(select(research_results).where(and_(True, *where))
                            .order_by(research_results.c.id.desc()).limit(limit).offset(offset)).all()
    return {"items": [_record(dict(r._mapping), viewer) for r in rows], "total": total, "limit": limit,
            "offset": offset}
