"""Importing extra enterprise facts (企业事实) for the evaluations: validate everything, then write all-or-nothing.

A file's facts are merged into what is stored for each enterprise, field by
field (``replace=True`` drops what was stored first). Enterprises are found by
credit code; a code the registry does not hold is an error of its row.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, select

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import facts_from_dict
from chainatlas.importers.facts import FactsRow, read_facts_file
from chainatlas.importers.validate import RowError
from chainatlas.store.bulk import insert_rows
from chainatlas.store.driver import driver_rows
from chainatlas.store.models import enterprise_facts, enterprises

LOOKUP_CHUNK = 5000
_ERROR_PREFIX = "企业事实数据有误："


def _enterprise_ids(conn: Connection, codes: list[str]) -> dict[str, int]:
    """Credit code → id of the active enterprise (a merged record resolves to the one it was merged into)."""
    found: dict[str, int] = {}
    for start in range(0, len(codes), LOOKUP_CHUNK):
        chunk = codes[start:start + LOOKUP_CHUNK]
        query = select(enterprises.c.uscc, enterprises.c.id, enterprises.c.merged_into_id).where(
            enterprises.c.uscc.in_(chunk))
        found.update({code: merged or eid for code, eid, merged in conn.execute(query)})
    return found


def _stored(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    stored: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        query = select(enterprise_facts.c.enterprise_id, enterprise_facts.c.facts).where(
            enterprise_facts.c.enterprise_id.in_(ids[start:start + LOOKUP_CHUNK]))
        stored.update({eid: facts for eid, facts in conn.execute(query)})
    return stored


def _merge(rows: list[FactsRow], ids: dict[str, int], stored: dict[int, dict[str, Any]], replace: bool,
           errors: list[RowError]) -> dict[int, dict[str, Any]]:
    """The facts to store per enterprise; a merge that contradicts itself is an error of the row."""
    merged: dict[int, dict[str, Any]] = {}
    seen: dict[int, int] = {}
    for row in rows:
        eid = ids[row.uscc]
        if eid in seen:
            errors.append(RowError(row.sheet, row.row, "uscc", row.uscc, f"与第{seen[eid]}行是同一企业（已合并）"))
            continue
        seen[eid] = row.row
        if replace or eid not in stored:
            merged[eid] = dict(row.facts)  # validated as read
            continue
        facts = {**stored[eid], **row.facts}
        try:
            facts_from_dict(facts)
        except InvalidInput as exc:
            reason = str(exc).removeprefix(_ERROR_PREFIX) + "（与此前导入的事实合并后）"
            errors.append(RowError(row.sheet, row.row, "debt_ratio_pct", None, reason))
            continue
        merged[eid] = facts
    return merged


def _write(conn: Connection, merged: dict[int, dict[str, Any]], source: str) -> None:
    ids = list(merged)
    for start in range(0, len(ids), LOOKUP_CHUNK):
        conn.execute(delete(enterprise_facts).where(
            enterprise_facts.c.enterprise_id.in_(ids[start:start + LOOKUP_CHUNK])))
    now = datetime.now()
    columns = ["enterprise_id", "facts", "source", "updated_at"]
    rows = driver_rows(conn, enterprise_facts, columns, ((eid, facts, source, now) for eid, facts in merged.items()))
    insert_rows(conn, enterprise_facts, columns, rows)


def import_facts(engine: Engine, path: Path, *, replace: bool = False) -> dict[str, Any]:
    """Import a facts file (JSON, CSV or XLSX keyed by credit code).

    Returns ``{"file", "rows", "enterprises", "created", "updated", "fields",
    "errors", "written"}``; with any error nothing is written and ``errors``
    lists each as ``{"sheet", "row", "field", "value", "reason"}``.
    """
    read = read_facts_file(path)
    rows, errors = read.rows, read.errors
    with engine.begin() as conn:
        ids = _enterprise_ids(conn, [row.uscc for row in rows])
        for row in rows:
            if row.uscc not in ids:
                errors.append(RowError(row.sheet, row.row, "uscc", row.uscc, "企业库中没有该统一社会信用代码的企业"))
        known = [row for row in rows if row.uscc in ids]
        stored = _stored(conn, sorted({ids[row.uscc] for row in known}))
        merged = _merge(known, ids, stored, replace, errors)
        written = not errors
        if written:
            _write(conn, merged, path.name)
    fields = sorted({name for row in rows for name in row.facts})
    created = sum(1 for eid in merged if eid not in stored)
    return {"file": path.name, "rows": read.count,
            "enterprises": len(merged) if written else 0, "created": created if written else 0,
            "updated": len(merged) - created if written else 0, "fields": fields,
            "errors": [e.as_dict() for e in sorted(errors, key=lambda e: (e.sheet or "", e.row))],
            "written": written}
