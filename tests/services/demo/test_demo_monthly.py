"""The demo's monthly figures (示例数据): seasonality, growth per chain, enterprises in distress, the city total,
determinism, and the example 规上工业企业月报 that imports cleanly."""

from __future__ import annotations

import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from chainatlas.domain.monitoring import ABOVE_SCALE_REVENUE_FEN
from chainatlas.services import demo, monitoring
from chainatlas.services.demo import monthly
from chainatlas.services.setup import DEMO_CITY, build_demo
from chainatlas.store import housekeeping
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.store.monitor_models import area_months, chain_months, enterprise_months


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(str(path), size=600)
    engine = engine_for(resolve_url(str(path)))
    housekeeping.checkpoint(engine)  # the tests copy the file: nothing may stay in the WAL
    engine.dispose()
    return path


def city_output(db: Path) -> dict[date, tuple[int, int]]:
    with engine_for(resolve_url(str(db))).connect() as conn:
        rows = conn.execute(select(chain_months.c.month, func.sum(chain_months.c.output_fen),
                                   func.sum(chain_months.c.output_ytd_fen))
                            .where(chain_months.c.chain_id == "").group_by(chain_months.c.month)).all()
    return {m if isinstance(m, date) else date.fromisoformat(m): (int(a), int(b)) for m, a, b in rows}


def test_two_years_and_more_with_seasonality_and_a_larger_city_total(demo_db: Path) -> None:
    output = city_output(demo_db)
    assert min(output) == date(2024, 1, 1) and max(output) == date(2026, 10, 1) and len(output) == 34
    single = {m: v[0] for m, v in output.items()}
    for year in (2024, 2025):
        m = [0] + [single[date(year, n, 1)] for n in range(1, 13)]  # m[1] is January
        assert m[2] < m[1] < m[3]                # 春节 dip, March recovery
        assert m[6] > m[5] and m[6] > m[7]       # June peak
        assert m[12] == max(m[1:])               # December peak
    engine = engine_for(resolve_url(str(demo_db)))
    total = monitoring.area_total(engine, DEMO_CITY, date(2026, 10, 1))
    assert total is not None and total > output[date(2026, 10, 1)][1]
    with engine.connect() as conn:
        source = conn.execute(select(area_months.c.source).limit(1)).scalar_one()
    assert "示例数据" in source


def test_chains_grow_at_their_own_pace(demo_db: Path) -> None:
    engine = engine_for(resolve_url(str(demo_db)))
    with engine.connect() as conn:
        rows = conn.execute(select(chain_months.c.chain_id, chain_months.c.month, func.sum(chain_months.c.output_ytd_fen))
                            .where(chain_months.c.month.in_([date(2025, 10, 1), date(2026, 10, 1)]),
                                   chain_months.c.chain_id != "")
                            .group_by(chain_months.c.chain_id, chain_months.c.month)).all()
    ytd: dict[str, dict[str, int]] = defaultdict(dict)
    for chain, month, value in rows:
        ytd[chain][str(month)[:4]] = int(value)
    growth = {c: v["2026"] / v["2025"] - 1 for c, v in ytd.items() if "2025" in v and "2026" in v}
    assert sum(1 for g in growth.values() if g >= 0.10) >= 3
    assert growth["construction-machinery"] < 0


def test_a_few_enterprises_are_in_distress(demo_db: Path) -> None:
    engine = engine_for(resolve_url(str(demo_db)))
    m = enterprise_months.c
    with engine.connect() as conn:
        rows = conn.execute(select(m.enterprise_id, m.month, m.output_fen, m.revenue_fen, m.employees)).all()
    by_firm: dict[int, dict[date, tuple[int, int, int]]] = defaultdict(dict)
    for eid, month, output, revenue, staff in rows:
        by_firm[eid][month if isinstance(month, date) else date.fromisoformat(month)] = (output, revenue, staff)

    def down(eid: int, n: int) -> bool:
        figures = by_firm[eid]
        return all(figures.get(date(2026, k, 1), (0,))[0] <= 0.8 * figures[date(2025, k, 1)][0] for k in range(n, n + 3))

    falling = [eid for eid in by_firm if date(2026, 7, 1) in by_firm[eid] and down(eid, 5)]
    assert len(falling) >= 3
    silent = [eid for eid, f in by_firm.items() if max(f) == date(2026, 7, 1)]
    assert len(silent) == 1
    below = [eid for eid, f in by_firm.items() if sum(v[1] for k, v in f.items() if k.year == 2025) >= ABOVE_SCALE_REVENUE_FEN
             and sum(v[1] for k, v in f.items() if k.year == 2026) * 12 / 10 < ABOVE_SCALE_REVENUE_FEN]
    assert below
    cut = [eid for eid, f in by_firm.items() if date(2026, 10, 1) in f
           and f[date(2026, 10, 1)][2] <= 0.6 * f[date(2025, 10, 1)][2]]
    assert cut


def test_the_same_seed_gives_the_same_figures(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again.db"
    shutil.copy(demo_db, copy)
    engine = engine_for(resolve_url(str(copy)))
    with engine.begin() as conn:
        for table in (enterprise_months, area_months, chain_months):
            conn.execute(delete(table))
    monthly.build(engine, DEMO_CITY)
    assert city_output(copy) == city_output(demo_db)


def test_the_example_monthly_report_imports_cleanly(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "import.db"
    shutil.copy(demo_db, copy)
    workbook = demo_db.parent / demo.EXAMPLE_INDICATORS
    assert workbook.exists()
    result = monitoring.import_indicators(engine_for(resolve_url(str(copy))), workbook)
    assert result.rows >= 5 and (result.rejected, result.errors) == (0, [])
    assert (result.imported, result.updated, result.months) == (0, result.rows, ["2026-10"])
    assert city_output(copy) == city_output(demo_db)  # the figures it holds are the demo's own
