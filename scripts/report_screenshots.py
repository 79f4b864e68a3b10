"""The README's pictures of the monthly chain report: its PDF pages rendered to PNG (pypdfium2) as
docs/screenshots/report-p1.png, report-p2.png, …

    python scripts/report_screenshots.py                      # builds the demo database (build/report-demo.db)
    python scripts/report_screenshots.py --db chainatlas-demo.db --chain lithium-battery --region 430100

The month is the latest with figures for the chain in the region. A database without monthly figures (the demo
before it carried them) falls back to one filled by the report tests' factories, and says so.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "tests")]  # tests/: the factories' own imports

from sqlalchemy import func, select  # noqa: E402

from chainatlas.domain.access import Viewer  # noqa: E402
from chainatlas.domain.monitoring import month_text  # noqa: E402
from chainatlas.services import reports, setup  # noqa: E402
from chainatlas.store import filters  # noqa: E402
from chainatlas.store.db import engine_for, resolve_url  # noqa: E402
from chainatlas.store.monitor_models import chain_months  # noqa: E402


def latest_month(engine: object, chain: str, region: str) -> str | None:
    query = select(func.max(chain_months.c.month)).where(chain_months.c.chain_id == chain,
                                                          *filters.in_region(region, chain_months))
    with engine.connect() as conn:  # type: ignore[attr-defined]
        found = conn.execute(query).scalar()
    return None if found is None else month_text(found) if hasattr(found, "year") else str(found)[:7]


def factory_database(folder: Path) -> tuple[object, str]:
    from tests.services.reports.factories import MONTH, chain_with_figures

    url = resolve_url(str(folder / "factories.db"))
    setup.initialise(url)
    engine = engine_for(url)
    chain_with_figures(engine)
    return engine, month_text(MONTH)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="数据库（默认新建演示库 build/report-demo.db）")
    parser.add_argument("--chain", default="lithium-battery")
    parser.add_argument("--region", default="430100")
    parser.add_argument("--month", help="YYYY-MM（默认：有数据的最近月份）")
    parser.add_argument("--pages", type=int, default=3, help="渲染的页数")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    if args.db is None:
        args.db = str(ROOT / "build" / "report-demo.db")
        if not Path(args.db).exists():
            Path(args.db).parent.mkdir(parents=True, exist_ok=True)
            setup.build_demo(args.db, 3000)
    engine = engine_for(resolve_url(args.db))
    month = args.month or latest_month(engine, args.chain, args.region)
    scratch = tempfile.TemporaryDirectory()
    if month is None:
        print(f"{args.db} 没有 {args.chain} 在 {args.region} 的月度指标：改用测试工厂数据生成示例月报", file=sys.stderr)
        engine, month = factory_database(Path(scratch.name))
    report = reports.build_report(engine, args.chain, args.region, month, viewer=Viewer.operator())
    pdf = reports.write_pdf(report)
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for number in range(min(args.pages, len(document))):
        image = document[number].render(scale=150 / 72).to_pil()  # 150 dpi: readable in the README
        image.save(out / f"report-p{number + 1}.png", optimize=True)
        print(out / f"report-p{number + 1}.png")
    print(f"{report.title}：共 {len(document)} 页", file=sys.stderr)
    scratch.cleanup()


if __name__ == "__main__":
    main()
