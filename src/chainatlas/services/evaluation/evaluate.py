"""Evaluating the registry under the official rules and storing each result with its rule version.

``evaluate_all`` judges every active enterprise in batches and replaces its
stored results; ``evaluate_enterprise`` does one enterprise and returns its
evaluation page's data; ``get_evaluations`` reads what is stored. Every
function returns plain JSON-ready dicts (Decimal as text, dates ISO).
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select

from chainatlas import reference
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import Forbidden
from chainatlas.domain.jsonable import json_ready
from chainatlas.domain.rules import EnterpriseFacts
from chainatlas.domain.rules.facts import FACT_FIELDS, FACT_SOURCE_LABELS, fact_display, fact_label, fact_unit
from chainatlas.services import access
from chainatlas.services.evaluation.cultivation import LAST_EVALUATION
from chainatlas.services.evaluation.registry_facts import RegistryRecord, build_facts, load_records
from chainatlas.services.evaluation.rules import RULES, confidence_legend, present, result_row, rule_versions
from chainatlas.services.registry.enterprises import summary
from chainatlas.store.bulk import insert_rows
from chainatlas.store.driver import driver_rows
from chainatlas.store.keys import resolve_enterprise_id
from chainatlas.store.models import enterprise_years, enterprises, evaluations, meta

BATCH_SIZE = 4000
Progress = Callable[[int, int], None]  # (enterprises done, total)
COLUMNS = ("enterprise_id", "rule", "version", "confidence", "evaluated_on", "facts_year", "qualified", "score",
           "size", "level", "title_held", "failed_count", "missing_count", "shortfall_pct", "result",
           "created_at")


def _when(engine: Engine, on: date | None, facts_year: int | None) -> tuple[date, int]:
    """The evaluation date (default today) and the year whose figures are judged: by default the year before
    that date (上年), or the latest year the registry has figures for when that is earlier."""
    on = on or date.today()
    if facts_year is not None:
        return on, facts_year
    with engine.connect() as conn:
        latest = conn.execute(select(func.max(enterprise_years.c.year))
                              .where(enterprise_years.c.year < on.year)).scalar()
    return on, min(on.year - 1, latest) if latest else on.year - 1


def evaluate_record(record: RegistryRecord, on: date, facts_year: int,
                    now: datetime) -> tuple[EnterpriseFacts, dict[str, str], list[dict[str, Any]]]:
    """Facts, their sources and the stored rows of every rule for one enterprise."""
    facts, sources = build_facts(record, on, facts_year)
    rows = []
    for spec in RULES:
        result = spec.judge(facts)
        if result is not None:
            rows.append(result_row(record.id, spec, result, facts, on, facts_year, now))
    return facts, sources, rows


def _store(conn: Connection, low: int, high: int, rows: Iterable[Mapping[str, Any]]) -> int:
    """Replace the stored results of the enterprises with ids in [low, high]."""
    conn.execute(delete(evaluations).where(evaluations.c.enterprise_id.between(low, high)))
    values = ([row[c] for c in COLUMNS] for row in rows)
    return insert_rows(conn, evaluations, COLUMNS, driver_rows(conn, evaluations, COLUMNS, values))


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Evaluating makes millions of short-lived acyclic objects: reference counting frees them, and
    the cyclic collector, triggered by the allocations alone, would take a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _tally(stats: dict[str, dict[str, int]], rows: Iterable[Mapping[str, Any]]) -> None:
    keys = {True: "qualified", False: "not_qualified", None: "undecided"}
    for row in rows:
        stats[row["rule"]][keys[row["qualified"]]] += 1


def evaluate_all(engine: Engine, progress: Progress | None = None, *, on: date | None = None,
                 facts_year: int | None = None, batch_size: int = BATCH_SIZE) -> dict[str, Any]:
    """Evaluate every active enterprise on every rule and replace the stored results.

    ``on`` is the evaluation date (default today); ``facts_year`` the "上年"
    whose figures are judged (default the year before ``on``, or the latest year with figures if earlier). Each batch is
    its own transaction, so readers see old or new results, never none.
    """
    on, facts_year = _when(engine, on, facts_year)
    started = time.perf_counter()
    now = datetime.now()
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(enterprises)
                             .where(enterprises.c.merged_into_id.is_(None))).scalar_one()
    stats = {spec.code: {"qualified": 0, "not_qualified": 0, "undecided": 0} for spec in RULES}
    done = stored = after = 0
    while True:
        with engine.begin() as conn, _cyclic_gc_paused():
            records = load_records(conn, after, batch_size, facts_year)
            if not records:
                break
            rows = [row for record in records for row in evaluate_record(record, on, facts_year, now)[2]]
            stored += _store(conn, records[0].id, records[-1].id, rows)
        _tally(stats, rows)
        after = records[-1].id
        done += len(records)
        if progress:
            progress(done, total)
    with engine.begin() as conn:
        # Results of enterprises merged away since they were evaluated.
        conn.execute(delete(evaluations).where(evaluations.c.enterprise_id.in_(
            select(enterprises.c.id).where(enterprises.c.merged_into_id.is_not(None)))))
        conn.execute(delete(meta).where(meta.c.key == LAST_EVALUATION))
        conn.execute(meta.insert().values(key=LAST_EVALUATION, value=json.dumps(
            {"evaluated_on": on.isoformat(), "facts_year": facts_year})))
    seconds = time.perf_counter() - started
    return {"enterprises": done, "results": stored, "evaluated_on": on.isoformat(), "facts_year": facts_year,
            "seconds": round(seconds, 2), "per_second": round(done / seconds) if seconds else None,
            "rules": [{**version, **stats[version["rule"]]} for version in rule_versions()]}


def _ordered(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    order = {spec.code: i for i, spec in enumerate(RULES)}
    return [present(r) for r in sorted(rows, key=lambda r: order.get(r["rule"], len(order)))]


def _enterprise(conn: Connection, eid: int) -> dict[str, Any]:
    return summary(conn.execute(select(enterprises).where(enterprises.c.id == eid)).one()._mapping)


def _display(name: str, value: Any) -> str:
    if name == "industry_code":  # the code with its GB/T 4754 name, as a form writes it
        title = reference.industries().get(value)
        return f"{value} {title}" if title else value
    return fact_display(name, value)


def fact_list(facts: EnterpriseFacts, sources: Mapping[str, str]) -> list[dict[str, Any]]:
    """The known facts in their documented order, each with its Chinese label, unit, the value as people
    read it and where it came from: what the page, the CLI and exports show instead of field names."""
    rows = []
    for name in FACT_FIELDS:
        value = getattr(facts, name)
        if value is None:
            continue
        source = sources.get(name)
        rows.append({"key": name, "label": fact_label(name), "unit": fact_unit(name), "value": json_ready(value),
                     "display": _display(name, value), "source": source,
                     "source_label": FACT_SOURCE_LABELS.get(source or "", "")})
    return rows


def _page(conn: Connection, eid: int, on: date, facts_year: int, facts: EnterpriseFacts,
          sources: dict[str, str], rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    return {"enterprise": _enterprise(conn, eid), "evaluated_on": on.isoformat(), "facts_year": facts_year,
            "facts": {k: v for k, v in json_ready(facts).items() if v is not None}, "fact_sources": sources,
            "fact_list": fact_list(facts, sources), "results": _ordered(rows),
            "confidence_legend": confidence_legend()}


def evaluate_enterprise(engine: Engine, key: str, *, viewer: Viewer, on: date | None = None,
                        facts_year: int | None = None) -> dict[str, Any]:
    """Evaluate one enterprise (credit code or id) now, store its results and return its page's data."""
    viewer.require(Permission.WRITE_REGISTRY)
    eid = resolve_enterprise_id(engine, key)
    access.enterprise_groups(engine, viewer, eid, needs="evaluations")
    if not access.in_own_area(engine, viewer, eid):
        raise Forbidden("只能重新评价本机构辖区内的企业")
    on, facts_year = _when(engine, on, facts_year)
    with engine.begin() as conn:
        access.record_audit(conn, viewer, "evaluate", f"enterprise:{eid}", on=on.isoformat(), facts_year=facts_year)
        [record] = load_records(conn, 0, 1, facts_year, only_id=eid)
        facts, sources, rows = evaluate_record(record, on, facts_year, datetime.now())
        _store(conn, eid, eid, rows)
        return _page(conn, eid, on, facts_year, facts, sources, rows)


def get_evaluations(engine: Engine, key: str, *, viewer: Viewer) -> dict[str, Any]:
    """The stored results of one enterprise (empty ``results`` if never evaluated) with its current facts."""
    eid = resolve_enterprise_id(engine, key)
    access.enterprise_groups(engine, viewer, eid, needs="evaluations")
    with engine.connect() as conn:
        rows = [r._mapping for r in conn.execute(select(evaluations).where(evaluations.c.enterprise_id == eid))]
        on, facts_year = (rows[0]["evaluated_on"], rows[0]["facts_year"]) if rows else _when(engine, None, None)
        [record] = load_records(conn, 0, 1, facts_year, only_id=eid)
        facts, sources = build_facts(record, on, facts_year)
        return _page(conn, eid, on, facts_year, facts, sources, rows)
