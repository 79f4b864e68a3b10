"""External enterprise pools (招商企业库): enterprises outside the deployment's area, imported like the registry
into a named pool and placed on links by the same matcher — in tables of their own, so that no local figure,
map, gap, search or evaluation counts them.

A re-import updates a pool enterprise by credit code, else by normalised name; a pool can be dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, select, update

from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import InvalidInput, NotFound
from chainatlas.domain.firm_roles import firm_role
from chainatlas.domain.placement import LinkMatcher, placed_and_near
from chainatlas.domain.targets import growth_rate, standing_part
from chainatlas.importers.readers import ROW
from chainatlas.services import access, atlas, registry
from chainatlas.store.bulk import insert_rows, sync_sequence
from chainatlas.store.pool_models import pool_enterprises, pool_placements, pools

CHUNK = 20_000
NEAR_FLOOR = 0.5  # term evidence that puts a pool firm among a link's candidates beside its placements
COLUMNS = ("pool_id", "uscc", "name", "name_key", "region_code", "industry_code", "business_scope", "main_products",
           "revenue_fen", "revenue_year", "employees", "revenues", "tags", "growth", "standing", "role", "expansion",
           "row_hash", "updated_at")
SIGN_LENGTH = 120  # characters of one recorded sign of expansion kept for the reasons
Progress = Callable[[str, int, int], None]


def pool_name(text: str | None) -> str:
    name = (text or "").strip()
    if not name or len(name) > 100:
        raise InvalidInput("企业库需要名称（--pool，100 字以内），如：上市公司、联盟成员")
    return name


def _rows(sheets: list[Any]) -> list[dict[str, Any]]:
    """One dict per good row: the registry columns a pool keeps, its revenues by year, tags, growth, standing."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for part in sheets:
        years: dict[int, dict[int, tuple[int | None, int | None]]] = {}
        if part.years.height:
            cols = [c for c in (ROW, "year", "revenue", "employees") if c in part.years.columns]
            for r in part.years.select(cols).iter_rows(named=True):
                years.setdefault(r[ROW], {})[r["year"]] = (r.get("revenue"), r.get("employees"))
        tags: dict[int, list[list[Any]]] = {}
        for row, tag, year in part.tags.select(ROW, "tag", "year").iter_rows() if part.tags.height else ():
            tags.setdefault(row, []).append([tag, year])
        for r in part.records.iter_rows(named=True):
            by_year = years.get(r[ROW], {})
            revenues = {y: v for y, (v, _) in by_year.items() if v is not None}
            staff = [(y, e) for y, (_, e) in by_year.items() if e is not None]
            latest = max(revenues) if revenues else None
            own_tags = tags.get(r[ROW], [])
            row = {"uscc": r.get("uscc"), "name": r["name"], "name_key": r["name_key"],
                   "region_code": r.get("region_code"), "industry_code": r.get("industry_code"),
                   "business_scope": r.get("business_scope"), "main_products": r.get("main_products"),
                   "revenue_fen": revenues[latest] if latest else None, "revenue_year": latest,
                   "employees": max(staff)[1] if staff else None,
                   "revenues": {str(y): v for y, v in sorted(revenues.items())}, "tags": own_tags,
                   "growth": growth_rate(revenues), "standing": standing_part(t for t, _ in own_tags),
                   "role": firm_role(r["name"], r.get("main_products"), r.get("business_scope"),
                                     r.get("industry_code")),
                   "expansion": _signs(r), "row_hash": r["row_hash"]}
            out[("u", row["uscc"]) if row["uscc"] else ("n", row["name_key"])] = row
    return list(out.values())


def _signs(r: dict[str, Any]) -> list[list[str]] | None:
    """The signs of expansion the file records: [["project", 扩产/新项目 text], ["financing", 融资 text]]."""
    signs = [[kind, " ".join(str(r[field]).split())[:SIGN_LENGTH]]
             for kind, field in (("project", "expansion"), ("financing", "financing"))
             if r.get(field) and str(r[field]).strip() not in ("无", "-", "—", "/", "暂无")]
    return signs or None


def _matcher(engine: Engine) -> LinkMatcher:
    return LinkMatcher(atlas.get_chain(engine, c["id"]) for c in atlas.list_chains(engine))


def import_pool(engine: Engine, path: Path, name: str, *, viewer: Viewer, skip_invalid: bool = False,
                mapping_file: Path | None = None, file_name: str | None = None, default_year: int | None = None,
                money_unit: str = "万元", progress: Progress | None = None) -> dict[str, Any]:
    """Import a registry file into the named pool (created if new): all-or-nothing unless `skip_invalid`.
    Regions are not restricted (a pool is outside the area by nature); rows are placed on every chain's links."""
    viewer.require(Permission.WRITE_REGISTRY)
    name = pool_name(name)
    result, sheets = registry.read_valid_rows(path, registry.ImportOptions(
        skip_invalid=skip_invalid, mapping_file=mapping_file, file_name=file_name, default_year=default_year,
        money_unit=money_unit, pool_fields=True))
    out = result.as_dict()
    out.update(pool=name, written=False, batch_id=None)
    if result.rejected and not skip_invalid:
        return out
    rows = _rows(sheets)
    del sheets
    matcher = _matcher(engine)
    now = datetime.now()
    counts = {"imported": 0, "updated": 0, "unchanged": 0}
    with engine.begin() as conn:
        found = conn.execute(select(pools.c.id).where(pools.c.name == name)).first()
        if found is None:
            pool_id = conn.execute(pools.insert().values(name=name, source=result.file, created_at=now,
                                                         updated_at=now)).inserted_primary_key[0]
        else:
            pool_id = found.id
            conn.execute(pools.update().where(pools.c.id == pool_id).values(source=result.file, updated_at=now))
        by_uscc: dict[str, tuple[int, str]] = {}
        by_name: dict[str, tuple[int, str]] = {}
        for pid, uscc, key, digest in conn.execute(select(
                pool_enterprises.c.id, pool_enterprises.c.uscc, pool_enterprises.c.name_key,
                pool_enterprises.c.row_hash).where(pool_enterprises.c.pool_id == pool_id)):
            if uscc:
                by_uscc[uscc] = (pid, digest)
            by_name.setdefault(key, (pid, digest))
        next_id = (conn.execute(select(func.max(pool_enterprises.c.id))).scalar() or 0) + 1
        new, changed = [], []
        for row in rows:
            known = by_uscc.get(row["uscc"]) if row["uscc"] else None
            known = known or by_name.get(row["name_key"])
            if known is None:
                row["id"] = next_id
                next_id += 1
                new.append(row)
            elif known[1] == row["row_hash"]:
                counts["unchanged"] += 1
            else:
                row["id"] = known[0]
                changed.append(row)
        counts["imported"], counts["updated"] = len(new), len(changed)
        total = len(new) + len(changed)
        done = 0
        for start in range(0, len(new), CHUNK):
            chunk = new[start:start + CHUNK]
            insert_rows(conn, pool_enterprises, ("id", *COLUMNS), (_values(r, pool_id, now) for r in chunk))
            _place(conn, matcher, chunk)
            done += len(chunk)
            if progress:
                progress("写入招商企业库", done, total)
        if new:
            sync_sequence(conn, pool_enterprises)
        for start in range(0, len(changed), CHUNK):
            chunk = changed[start:start + CHUNK]
            ids = [r["id"] for r in chunk]
            conn.execute(delete(pool_placements).where(pool_placements.c.pool_enterprise_id.in_(ids)))
            for r in chunk:
                conn.execute(update(pool_enterprises).where(pool_enterprises.c.id == r["id"]).values(
                    **{c: r[c] for c in COLUMNS if c not in ("pool_id", "updated_at")}, updated_at=now))
            _place(conn, matcher, chunk)
            done += len(chunk)
            if progress:
                progress("写入招商企业库", done, total)
        access.record_audit(conn, viewer, "pool_import", f"pool:{name}", file=result.file, rejected=result.rejected,
                            **counts)
    out.update(counts, written=True)
    return out


def _values(r: dict[str, Any], pool_id: int, now: datetime) -> tuple[Any, ...]:
    row = {**r, "pool_id": pool_id, "updated_at": now, "revenues": json.dumps(r["revenues"]),
           "tags": json.dumps(r["tags"], ensure_ascii=False),
           "expansion": json.dumps(r["expansion"], ensure_ascii=False) if r["expansion"] else None}
    return (r["id"], *(row[c] for c in COLUMNS))


def _place(conn: Any, matcher: LinkMatcher, rows: list[dict[str, Any]]) -> int:
    """The links of each firm: its placements by the matcher, and (at lower confidence) the other links its
    texts name a term of — a target list ranks them, so a wider net costs nothing in precision."""
    records = [(r["main_products"], r["business_scope"], r["industry_code"]) for r in rows]
    out = []
    for r, (placed, near) in zip(rows, placed_and_near(matcher, records, NEAR_FLOOR), strict=True):
        seen = set()
        for c in (*placed, *near):
            if (c.chain_id, c.link_id) not in seen:
                seen.add((c.chain_id, c.link_id))
                out.append((r["id"], c.chain_id, c.link_id, c.confidence,
                            json.dumps(list(c.matched), ensure_ascii=False)))
    return insert_rows(conn, pool_placements, ("pool_enterprise_id", "chain_id", "link_id", "confidence",
                                               "matched_words"), out)


def list_pools(engine: Engine, *, viewer: Viewer) -> list[dict[str, Any]]:
    """Every pool of the deployment with its enterprise count (readable by every role that reads the registry)."""
    viewer.require(Permission.READ)
    counted = (select(pool_enterprises.c.pool_id, func.count().label("n"))
               .group_by(pool_enterprises.c.pool_id).subquery())
    with engine.connect() as conn:
        rows = conn.execute(select(pools, func.coalesce(counted.c.n, 0).label("enterprises"))
                            .outerjoin(counted, counted.c.pool_id == pools.c.id).order_by(pools.c.name)).all()
    return [{"id": r.id, "name": r.name, "enterprises": int(r.enterprises), "source": r.source,
             "updated_at": r.updated_at.isoformat(timespec="seconds")} for r in rows]


def drop_pool(engine: Engine, name: str, *, viewer: Viewer) -> dict[str, Any]:
    """Delete a pool with its enterprises and their placements (decisions on them stay, as history)."""
    viewer.require(Permission.WRITE_REGISTRY)
    with engine.begin() as conn:
        found = conn.execute(select(pools.c.id).where(pools.c.name == (name or "").strip())).first()
        if found is None:
            known = "、".join(n for (n,) in conn.execute(select(pools.c.name).order_by(pools.c.name)))
            raise NotFound(f"企业库“{name}”不存在；现有：{known or '无'}")
        ids = select(pool_enterprises.c.id).where(pool_enterprises.c.pool_id == found.id)
        conn.execute(delete(pool_placements).where(pool_placements.c.pool_enterprise_id.in_(ids)))
        dropped = conn.execute(delete(pool_enterprises).where(pool_enterprises.c.pool_id == found.id)).rowcount
        conn.execute(delete(pools).where(pools.c.id == found.id))
        access.record_audit(conn, viewer, "pool_drop", f"pool:{name}", enterprises=dropped)
    return {"name": name, "enterprises": dropped}


def pool_id_of(engine: Engine, name: str | None) -> int | None:
    if not name:
        return None
    with engine.connect() as conn:
        found = conn.execute(select(pools.c.id).where(pools.c.name == name.strip())).first()
    if found is None:
        raise NotFound(f"企业库“{name}”不存在")
    return int(found.id)


UPLOAD_SUFFIXES = (".xlsx", ".xls", ".et", ".csv")


def upload_pool(engine: Engine, name: str, file_name: str, data: Any, skip_invalid: bool = False, *,
                viewer: Viewer) -> dict[str, Any]:
    """A pool import from the web: the upload is saved (within the size limit) and imported at once."""
    import shutil
    import tempfile

    from chainatlas.domain.errors import TooLarge

    viewer.require(Permission.WRITE_REGISTRY)
    name = pool_name(name)
    suffix = Path(file_name or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InvalidInput(f"不支持的文件类型“{suffix or file_name}”：请上传 Excel（.xlsx/.xls）、WPS（.et）或 CSV 文件")
    folder = Path(tempfile.mkdtemp(prefix="chainatlas-pool-"))
    try:
        path = folder / f"upload{suffix}"
        limit, copied = registry.max_upload_bytes(), 0
        with open(path, "wb") as out:
            while chunk := data.read(1 << 20):
                copied += len(chunk)
                if copied > limit:
                    raise TooLarge(registry.too_large_message(limit))
                out.write(chunk)
        return import_pool(engine, path, name, viewer=viewer, skip_invalid=skip_invalid,
                           file_name=Path(file_name).name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
