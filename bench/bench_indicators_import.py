"""Importing a year of monthly figures for 100,000 enterprises (1.2M rows) against a raw CSV read + insert.

The file is generated in the untidy form offices send: GBK, a title and a 填报单位 / 单位：万元 line, a 序号
column, a two-row header (each indicator over 本月 | 累计), a 期别 column written 2025年6月, amounts with
thousands separators here and there, 未填报 and — marks, a 同比 column and a 合计 row per month. The baseline
reads the same figures from a clean CSV (enterprise id, month, integer fen) with polars and inserts them
into enterprise_months with the same bulk insert; both run on a copy of the same database of 100,000
enterprises, each in a fresh process, in the same run. The import also derives the single months from the
year-to-date values, checks them, and rebuilds the chain roll-up (figures.refresh) of the twelve months.

    python bench/bench_indicators_import.py [--enterprises 100000]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import OUT, finish_database, run_child  # noqa: E402

YEAR = 2025


def base_database(count: int) -> Path:
    """A database holding `count` enterprises of 长沙 (written straight to the table), made once."""
    from datetime import datetime

    from chainatlas import reference
    from chainatlas.domain.uscc import make_uscc
    from chainatlas.services import setup
    from chainatlas.store.bulk import insert_rows
    from chainatlas.store.db import engine_for, resolve_url
    from chainatlas.store.models import enterprises

    db = OUT / f"indicators-base-{count // 1000}k.db"
    if db.exists():
        return db
    OUT.mkdir(exist_ok=True)
    partial = db.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    url = resolve_url(str(partial))
    setup.initialise(url)
    engine = engine_for(url)
    normaliser = reference.name_normaliser()
    counties = ["430102", "430103", "430104", "430105", "430111", "430112", "430121", "430181"]
    now = datetime(2025, 1, 1)
    rows = []
    for i in range(count):
        name = f"长沙第{i}号示例制造有限公司"
        rows.append((i + 1, name, normaliser.key(name), make_uscc("9", "1", counties[i % 8], f"{i:08d}"),
                     counties[i % 8], "bench", now, now))
    columns = ["id", "name", "name_key", "uscc", "region_code", "row_hash", "created_at", "updated_at"]
    with engine.begin() as conn:
        insert_rows(conn, enterprises, columns, ([*r[:6], str(r[6]), str(r[7])] for r in rows))
    finish_database(engine, partial, db)
    return db


def files(db: Path, count: int, seed: int = 18) -> tuple[Path, Path]:
    """(the office file, the clean CSV) for a year of every enterprise of `db`, made once."""
    office, clean = OUT / f"indicators-office-{count // 1000}k.csv", OUT / f"indicators-clean-{count // 1000}k.csv"
    if office.exists() and clean.exists():
        return office, clean
    import sqlite3

    started = time.perf_counter()
    with sqlite3.connect(db) as conn:
        firms = conn.execute("SELECT id, name, uscc FROM enterprises ORDER BY id").fetchall()
    rng = random.Random(seed)
    season = (0.78, 0.70, 1.02, 0.98, 1.00, 1.12, 0.96, 0.97, 1.05, 0.98, 1.04, 1.40)
    yearly = [rng.lognormvariate(8.5, 1.0) for _ in firms]  # 万元
    with open(office, "w", encoding="gbk", newline="") as out_office, \
            open(clean, "w", encoding="utf-8", newline="") as out_clean:
        office_csv, clean_csv = csv.writer(out_office), csv.writer(out_clean)
        office_csv.writerow([f"长沙市{YEAR}年1-12月规上工业企业主要经济指标（逐月）"])
        office_csv.writerow(["填报单位：长沙市工业和信息化局", "", "", "", "单位：万元"])
        office_csv.writerow(["序号", "统一社会信用代码", "企业名称", "期别", "工业总产值", "", "营业收入", "",
                             "利润总额", "", "应交税金", "", "用电量（万千瓦时）", "", "期末从业人员（人）",
                             "工业总产值同比（%）"])
        office_csv.writerow(["", "", "", "", "本月", "累计", "本月", "累计", "本月", "累计", "本月", "累计", "本月", "累计",
                             "", ""])
        clean_csv.writerow(["enterprise_id", "month", "output_fen", "output_ytd_fen", "revenue_fen", "revenue_ytd_fen",
                            "profit_fen", "profit_ytd_fen", "tax_fen", "tax_ytd_fen", "electricity_kwh",
                            "electricity_ytd_kwh", "employees"])
        running = [[0] * 5 for _ in firms]  # each enterprise's year-to-date, in 0.01 万元 / 0.01 万千瓦时
        for month in range(1, 13):
            for n, ((eid, name, code), size) in enumerate(zip(firms, yearly, strict=True), start=1):
                base = size / 12 * season[month - 1]
                # output, revenue, profit, tax (0.01 万元), electricity (0.01 万千瓦时)
                singles = [round(base * f * 100) for f in (1.04, 1.0, 0.06, 0.03)] + [round(base * 6)]
                totals = running[n - 1] = [a + b for a, b in zip(running[n - 1], singles, strict=True)]
                cents, ytd, kwh, kwh_ytd = singles[:4], totals[:4], singles[4], totals[4]
                staff = 20 + eid % 500
                cells = []
                for k, (single, total) in enumerate(zip(singles, totals, strict=True)):
                    text_single, text_total = f"{single / 100:.2f}", f"{total / 100:.2f}"
                    if (eid + k) % 7 == 0:
                        text_total = f"{total / 100:,.2f}"  # thousands separators
                    if (eid + month + k) % 11 == 0 and month > 1:
                        text_single = "未填报" if k % 2 else "—"  # the month left out: derived from the year-to-date
                    cells += [text_single, text_total]
                office_csv.writerow([n, code, name, f"{YEAR}年{month}月", *cells, staff, "5.2"])
                clean_csv.writerow([eid, f"{YEAR}-{month:02d}-01", *[
                    v * 10_000 for v in (cents[0], ytd[0], cents[1], ytd[1], cents[2], ytd[2], cents[3], ytd[3])],
                    kwh * 100, kwh_ytd * 100, staff])
            office_csv.writerow(["合计", "", "", "", "", ""])
        office_csv.writerow(["注：本表为基准测试生成的数据。"])
    print(f"generated {office.name} and {clean.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return office, clean


IMPORT = """
from pathlib import Path
from chainatlas.services import monitoring
from chainatlas.store.db import engine_for, resolve_url
engine = engine_for(resolve_url({db!r}))
result = monitoring.import_indicators(engine, Path({file!r}))
extra = {{"imported": result.imported, "rejected": result.rejected, "errors": [e.as_dict() for e in result.errors[:3]]}}
"""

BASELINE = """
import polars as pl
from chainatlas.store.bulk import for_driver, insert_rows
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.store.monitor_models import enterprise_months
from datetime import datetime
engine = engine_for(resolve_url({db!r}))
frame = pl.read_csv({file!r}, try_parse_dates=True).with_columns(
    pl.lit(1).alias("months"), pl.lit(datetime.now()).alias("updated_at"))
with engine.begin() as conn:
    out = for_driver(conn, frame)
    insert_rows(conn, enterprise_months, out.columns, out.iter_rows())
extra = {{"imported": frame.height}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    args = parser.parse_args()
    base = base_database(args.enterprises)
    office, clean = files(base, args.enterprises)
    work = OUT / "indicators-run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    figures = {}
    for name, code, source in (("baseline: raw CSV read + insert", BASELINE, clean),
                               ("import indicators (office file)", IMPORT, office)):
        db = work / f"{'baseline' if code is BASELINE else 'import'}.db"
        shutil.copyfile(base, db)
        figures[name] = run_child(code.format(db=str(db), file=str(source)))
        print(f"{name}: {figures[name]['seconds']:.1f} s, peak {figures[name]['peak_mb']:.0f} MB, "
              f"rows {figures[name]['imported']:,}" + (f", rejected {figures[name]['rejected']}"
                                                      if "rejected" in figures[name] else ""), flush=True)
    imported = figures["import indicators (office file)"]
    if imported["rejected"]:
        print("errors:", imported["errors"])
    ratio = imported["seconds"] / figures["baseline: raw CSV read + insert"]["seconds"]
    print(f"ratio import / baseline: {ratio:.2f} (target ≤ 3)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
