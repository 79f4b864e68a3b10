"""The enterprise registry: read, find duplicates, merge with history."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy import Engine, and_, delete, select, update

from chainatlas import reference
from chainatlas.domain import name_match
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.history import COLUMN_FIELDS, EVENT_LABELS
from chainatlas.domain.money import wan_text
from chainatlas.domain.names import ParsedName
from chainatlas.domain.tags import tag_label
from chainatlas.importers.headers import FIELDS, METRICS
from chainatlas.services import access
from chainatlas.services.registry.writer import refresh_latest
from chainatlas.store import cache, rollup, search_index
from chainatlas.store.keys import resolve_enterprise_id
from chainatlas.store.models import (
    enterprise_events,
    enterprise_tags,
    enterprise_years,
    enterprises,
    placements,
)
from chainatlas.store.monitor_models import enterprise_months

DUPLICATE_BLOCK_LIMIT = 3000
DECISION_WEIGHT = {"proposed": 0, "rejected": 1, "confirmed": 2, "manual": 3}  # larger blocks are compared by exact key only


def summary(m: Any) -> dict[str, Any]:
    regions = reference.regions()
    return {"id": m["id"], "uscc": m["uscc"], "name": m["name"], "region_code": m["region_code"],
            "region": regions.name_of(m["region_code"]) if m["region_code"] else None, "park": m["park"],
            "industry_code": m["industry_code"], "revenue_wan_yuan": wan_text(m["revenue_fen"]),
            "revenue_year": m["revenue_year"], "employees": m["employees"]}


def get_enterprise(engine: Engine, key: str) -> dict[str, Any]:
    """Everything known of one enterprise: basics, years, tags, placements and history."""
    eid = resolve_enterprise_id(engine, key)
    with engine.connect() as conn:
        row = conn.execute(select(enterprises).where(enterprises.c.id == eid)).one()._mapping
        years = conn.execute(select(enterprise_years).where(enterprise_years.c.enterprise_id == eid)
                             .order_by(enterprise_years.c.year)).all()
        tags = conn.execute(select(enterprise_tags).where(enterprise_tags.c.enterprise_id == eid)
                            .order_by(enterprise_tags.c.tag)).all()
        placed = conn.execute(select(placements).where(placements.c.enterprise_id == eid)
                              .order_by(placements.c.chain_id, placements.c.confidence.desc())).all()
        events = conn.execute(select(enterprise_events).where(enterprise_events.c.enterprise_id == eid)
                              .order_by(enterprise_events.c.at)).all()
    out = summary(row)
    out.update({
        "name_key": row["name_key"], "founded_on": row["founded_on"],
        "founded_precision": row["founded_precision"],
        "founded": founded_text(row["founded_on"], row["founded_precision"]),
        "registered_capital_wan_yuan": wan_text(row["registered_capital_fen"]),
        "business_scope": row["business_scope"], "main_products": row["main_products"],
        "legal_representative": row["legal_representative"], "contact_person": row["contact_person"],
        "contact_phone": row["contact_phone"], "created_at": row["created_at"], "updated_at": row["updated_at"],
        "years": [{"year": y.year, **{k.removesuffix("_fen") + ("_wan_yuan" if k.endswith("_fen") else ""):
                                      (wan_text(v) if k.endswith("_fen") else v)
                                      for k, v in y._mapping.items() if k not in ("enterprise_id", "year")}}
                  for y in years],
        "tags": [{"tag": t.tag, "label": tag_label(t.tag), "year": t.year} for t in tags],
        "placements": [{"id": p.id, "chain": p.chain_id, "link": p.link_id, "role": p.role,
                        "confidence": p.confidence, "matched_words": p.matched_words, "status": p.status}
                       for p in placed],
        "history": [{"at": e.at, "action": e.action, "detail": e.detail, **describe_event(e.action, e.detail)}
                    for e in events],
    })
    return out


def describe_event(action: str, detail: dict[str, Any] | None) -> dict[str, Any]:
    """The change record's entry in words: its label and each change as field, old and new value."""
    detail = detail or {}
    changes = [_change(_field_label(column), column, values.get("old"), values.get("new"))
               for column, values in (detail.get("fields") or {}).items() if _field_label(column)]
    for year, figures in sorted((detail.get("years") or {}).items()):
        changes += [_change(f"{year}年{_field_label(column)}", column, values.get("old"), values.get("new"))
                    for column, values in figures.items()]
    if detail.get("tags") is not None:
        changes.append({"field": "资质/标签", "old": None,
                        "new": "、".join(_tag_text(t) for t in detail["tags"]) or "（无）"})
    notes = []
    if action == "merged_from":
        notes.append(f"并入记录 #{detail.get('merged_id')}" + (f"（{detail['reason']}）" if detail.get("reason") else ""))
        filled = [_field_label(c) or c for c in detail.get("filled") or []]
        if filled:
            notes.append("补齐字段：" + "、".join(filled))
    elif action == "merged_into":
        notes.append(f"保留记录 #{detail.get('kept_id')}" + (f"（{detail['reason']}）" if detail.get("reason") else ""))
    if detail.get("batch_id"):
        notes.append(f"导入批次 #{detail['batch_id']}")
    return {"action_label": EVENT_LABELS.get(action, action), "changes": changes, "note": "；".join(notes)}


def _field_label(column: str) -> str | None:
    field = COLUMN_FIELDS.get(column, column.removesuffix("_fen"))
    if field is None:
        return None
    spec = FIELDS.get(field) or METRICS.get(field)
    return spec[1] if spec else column


def _change(label: str | None, column: str, old: Any, new: Any) -> dict[str, Any]:
    return {"field": label, "old": _value_text(column, old), "new": _value_text(column, new)}


def _value_text(column: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if column.endswith("_fen"):
        return f"{wan_text(int(value))} 万元"
    if column == "region_code":
        return reference.regions().name_of(str(value))
    return str(value)


def _tag_text(tag: str) -> str:
    code, _, year = tag.partition(":")
    return tag_label(code) + (f"（{year}）" if year else "")


def founded_text(day: date | None, precision: str | None) -> str | None:
    """The founding date as known: 2019年, 2019年5月 or 2019-05-12."""
    if day is None:
        return None
    if precision == "year":
        return f"{day.year}年"
    if precision == "month":
        return f"{day.year}年{day.month}月"
    return day.isoformat()


def duplicates(engine: Engine, min_score: float = 0.85, limit: int = 1000) -> list[dict[str, Any]]:
    """Candidate pairs of records that may be one enterprise, or a branch and its parent, best first.

    Records are blocked by the first two characters of their name key. Within a
    block, records whose keys are equal, one a short name of the other, or a
    branch's and its parent's (domain.name_match) are candidates; they are sorted
    by key, so each finds its partners among the keys that follow it. Only when
    `min_score` lets merely similar names through are blocks also compared all
    with all (rapidfuzz, character-based, which suits unspaced Chinese). Each
    candidate is then judged on its two names, regions included. A branch pair
    is reported as 分支机构, to be linked, not merged. Two different credit codes
    make one enterprise unlikely, so such pairs are scored down rather than hidden.
    """
    with engine.connect() as conn:
        rows = conn.execute(select(enterprises.c.id, enterprises.c.name, enterprises.c.name_key,
                                   enterprises.c.uscc).where(enterprises.c.merged_into_id.is_(None))).all()
    blocks: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        blocks[r.name_key[:2]].append(r)
    normaliser = reference.name_normaliser()
    similar_too = min_score <= name_match.OTHER_NAME_WEIGHT
    cutoff = min_score / name_match.OTHER_NAME_WEIGHT * 100 * 0.6  # the lowest similarity that could reach min_score
    pairs = []
    for block in blocks.values():
        if len(block) < 2:
            continue
        candidates = _related_keys(block)
        if similar_too and len(block) <= DUPLICATE_BLOCK_LIMIT:
            keys = [r.name_key for r in block]
            matrix = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8, workers=-1)
            candidates |= {(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(matrix, k=1)), strict=True)}
        parsed: dict[int, ParsedName] = {}
        for i, j in sorted(candidates):
            a, b = block[i], block[j]
            for k in (i, j):
                if k not in parsed:
                    parsed[k] = normaliser.parse(block[k].name)
            verdict = name_match.compare_parsed(parsed[i], parsed[j])
            score, reasons = verdict.score, list(verdict.reasons)
            if verdict.relation != name_match.BRANCH and a.uscc and b.uscc and a.uscc != b.uscc:
                score *= 0.6
                reasons.append("统一社会信用代码不同")
            if score >= min_score:
                pairs.append({"a": {"id": a.id, "name": a.name, "uscc": a.uscc},
                              "b": {"id": b.id, "name": b.name, "uscc": b.uscc},
                              "relation": verdict.relation, "relation_label": name_match.RELATION_LABELS[verdict.relation],
                              "score": round(score, 3), "reasons": reasons})
    pairs.sort(key=lambda p: (p["relation"] != name_match.SAME, -p["score"], p["a"]["id"], p["b"]["id"]))
    return pairs[:limit]


def _related_keys(block: list[Any]) -> set[tuple[int, int]]:
    """Pairs whose keys are equal, or one a short name or the parent of the other.

    Such a key is a prefix of the other: in key order, the partners of a key follow
    it, up to the first key that does not start with it.
    """
    order = sorted(range(len(block)), key=lambda i: block[i].name_key)
    found: set[tuple[int, int]] = set()
    for n, i in enumerate(order):
        short = block[i].name_key
        for j in (order[m] for m in range(n + 1, len(order))):
            long = block[j].name_key
            if not long.startswith(short):
                break
            if name_match.keys_may_match(short, long):
                found.add((min(i, j), max(i, j)))
    return found


def merge(engine: Engine, keep_key: str, drop_key: str, reason: str = "", *, viewer: Viewer) -> dict[str, Any]:
    """Merge a duplicate into the record kept; the dropped record stays, marked, with history; audited."""
    viewer.require(Permission.WRITE_REGISTRY)
    keep, drop = resolve_enterprise_id(engine, keep_key), resolve_enterprise_id(engine, drop_key)
    if keep == drop:
        raise InvalidInput("保留记录与被合并记录是同一家企业")
    now = datetime.now()
    with engine.begin() as conn:
        k = conn.execute(select(enterprises).where(enterprises.c.id == keep)).one()._mapping
        d = conn.execute(select(enterprises).where(enterprises.c.id == drop)).one()._mapping
        snapshot = {c: (v.isoformat() if hasattr(v, "isoformat") else v) for c, v in d.items()}
        fill = {c: d[c] for c in ("park", "founded_on", "registered_capital_fen", "industry_code", "business_scope",
                                  "main_products", "legal_representative", "contact_person", "contact_phone")
                if k[c] is None and d[c] is not None}
        if "founded_on" in fill:  # the date comes with its precision
            fill["founded_precision"] = d["founded_precision"]
        search_index.forget(conn, [keep, drop])  # while their rows hold what the index was given (indexed again below)
        if k["uscc"] is None and d["uscc"] is not None:
            conn.execute(update(enterprises).where(enterprises.c.id == drop).values(uscc=None))
            fill["uscc"] = d["uscc"]
        conn.execute(update(enterprises).where(enterprises.c.id == drop).values(merged_into_id=keep, updated_at=now))
        if fill:
            conn.execute(update(enterprises).where(enterprises.c.id == keep).values(**fill, updated_at=now))
        kept_years = {y for (y,) in conn.execute(select(enterprise_years.c.year)
                                                 .where(enterprise_years.c.enterprise_id == keep))}
        conn.execute(update(enterprise_years).where(and_(enterprise_years.c.enterprise_id == drop,
                                                         enterprise_years.c.year.not_in(kept_years or {-1})))
                     .values(enterprise_id=keep))
        kept_tags = {(t.tag, t.year) for t in conn.execute(select(enterprise_tags).where(
            enterprise_tags.c.enterprise_id == keep))}
        for t in conn.execute(select(enterprise_tags).where(enterprise_tags.c.enterprise_id == drop)).all():
            if (t.tag, t.year) not in kept_tags:
                conn.execute(update(enterprise_tags).where(enterprise_tags.c.id == t.id).values(enterprise_id=keep))
        kept_links = {(p.chain_id, p.link_id): p for p in conn.execute(select(placements).where(
            placements.c.enterprise_id == keep))}
        for p in conn.execute(select(placements).where(placements.c.enterprise_id == drop)).all():
            kept = kept_links.get((p.chain_id, p.link_id))
            # On a link both records sit on, a person's decision beats an automatic proposal.
            if kept is not None and DECISION_WEIGHT[p.status] <= DECISION_WEIGHT[kept.status]:
                conn.execute(delete(placements).where(placements.c.id == p.id))
                continue
            if kept is not None:
                conn.execute(delete(placements).where(placements.c.id == kept.id))
            conn.execute(update(placements).where(placements.c.id == p.id).values(enterprise_id=keep))
        conn.execute(enterprise_events.insert(), [
            {"enterprise_id": keep, "at": now, "action": "merged_from",
             "detail": {"merged_id": drop, "reason": reason, "filled": sorted(fill), "snapshot": snapshot}},
            {"enterprise_id": drop, "at": now, "action": "merged_into", "detail": {"kept_id": keep, "reason": reason}},
        ])
        refresh_latest(conn, [keep])
        kept_months = set(conn.execute(select(enterprise_months.c.month)
                                       .where(enterprise_months.c.enterprise_id == keep)).scalars())
        conn.execute(update(enterprise_months).where(  # monthly reports, as the years: the kept record's win
            enterprise_months.c.enterprise_id == drop,
            enterprise_months.c.month.not_in(kept_months or {date(1900, 1, 1)})).values(enterprise_id=keep))
        rollup.mark(conn, [keep, drop])  # the chain roll-up counts the reports on the kept record's chains now
        search_index.index_enterprises(conn, [keep, drop])  # the dropped record leaves the index; the kept one has filled fields
        access.record_audit(conn, viewer, "merge", f"enterprise:{keep}", enterprise_id=keep, merged=drop, reason=reason)
    cache.forget(engine)
    return {"kept": keep, "merged": drop, "filled": sorted(fill)}
