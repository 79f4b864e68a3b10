"""Building the monthly chain report (产业链运行监测月报) from the figures: the scope check comes first (the
area's figures, monitoring.chain_figures), then one section builder per template section, in the template's
order and numbered 一、二、三 in that order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.money import wan_text
from chainatlas.domain.monitoring import month_from_text, ytd_label
from chainatlas.services import atlas, monitoring
from chainatlas.services.reports import charts, sections
from chainatlas.services.reports.model import (
    Block,
    Paragraph,
    Report,
    Section,
    Table,
    chinese_number,
    date_text,
)
from chainatlas.services.reports.template import ReportTemplate, load_template

NO_FIGURES = "本月暂无月度指标数据"
TOC_TABLE_ROWS = 60


def region_short_name(code: str) -> str:
    """长沙市 for a city, 长沙市岳麓区 for a county, 湖南省 for a province (the province is not repeated)."""
    regions = reference.regions()
    region = regions.by_code.get(code)
    if region is None:
        return code
    if region.level == "county" and region.parent in regions.by_code and regions.by_code[region.parent].level == "city":
        return regions.by_code[region.parent].name + region.name
    return region.name


def area_word(code: str) -> str:
    """全市 / 全区 / 全县 / 全省: how the seeds say “the whole area”."""
    region = reference.regions().by_code.get(code)
    if region is None:
        return "全市"
    if region.level == "province":
        return "全省"
    if region.level == "county":
        return "全" + (region.name[-1] if region.name[-1] in "区县市旗" else "区")
    return "全市"


def money_text(fen: int) -> str:
    """亿元 with two decimals, as the seeds write totals (1321.67亿元); 万元 below one 亿."""
    if abs(fen) >= 10_000_000_000:
        return f"{(Decimal(fen) / Decimal(10_000_000_000)).quantize(Decimal('0.01'))}亿元"
    return f"{wan_text(fen)}万元"


def growth_phrase(pct: Decimal | None) -> str:
    if pct is None:
        return "上年同期无可比数据"
    if pct > 0:
        return f"同比增长{pct}%"
    if pct < 0:
        return f"同比下降{-pct}%"
    return "与上年同期持平"


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}"


def _wan(fen: int | None) -> str:
    return "—" if fen is None else (wan_text(fen) or "—")


def overview(figures: dict[str, Any], names: dict[str, str], month: date) -> tuple[list[Block], bool]:
    """一、总体运行情况: the summary sentence, the main figures, the monthly table and chart."""
    ytd = ytd_label(month)
    if figures["output_ytd_fen"] is None:
        text = (f"{NO_FIGURES}：{ytd}，{names['region']}{names['chain']}产业链尚无企业报送{month.year}年{month.month}月"
                "的月度产值（可用 chainatlas import indicators 导入规上工业企业月报后重新生成）。")
        return [Paragraph(text)], False
    subject = ("规上企业" if figures["reporting"] == figures["above_scale_count"]
               else f"{figures['reporting']}家监测企业（其中规上企业{figures['above_scale_count']}家）")
    text = (f"{ytd}，{names['area']}{names['chain']}产业链{subject}实现产值{money_text(figures['output_ytd_fen'])}，"
            f"{growth_phrase(figures['output_yoy_pct'])}")
    if figures["share_of_city_pct"] is not None:
        text += f"，占{names['area']}规上工业产值的{figures['share_of_city_pct']}%"
    text += "。"
    if figures["output_fen"] is not None:
        current = figures["series"][-1]
        text += f"{month.month}月当月实现产值{money_text(figures['output_fen'])}，{growth_phrase(current['month_yoy_pct'])}。"
    if figures["revenue_ytd_fen"] is not None:
        text += (f"实现营业收入{money_text(figures['revenue_ytd_fen'])}，{growth_phrase(figures['revenue_yoy_pct'])}。")
    rows = [
        (f"工业总产值（{ytd}累计）", _wan(figures["output_ytd_fen"]), "万元"),
        ("累计同比增长", _pct(figures["output_yoy_pct"]), "%"),
        (f"工业总产值（{month.month}月当月）", _wan(figures["output_fen"]), "万元"),
        (f"营业收入（{ytd}累计）", _wan(figures["revenue_ytd_fen"]), "万元"),
        (f"利润总额（{ytd}累计）", _wan(figures["profit_ytd_fen"]), "万元"),
        (f"税收（{ytd}累计）", _wan(figures["tax_ytd_fen"]), "万元"),
        ("规上企业数", str(figures["above_scale_count"]), "家"),
        ("报送企业数", str(figures["reporting"]), "家"),
        (f"占{names['area']}规上工业产值比重", _pct(figures["share_of_city_pct"]), "%"),
    ]
    blocks: list[Block] = [Paragraph(text),
                           Table("表1  主要指标", ("指标", "数值", "单位"), tuple(rows), (False, True, False))]
    months = [row for row in figures["series"][-12:] if row["output_fen"] is not None]
    blocks.append(Table("表2  月度产值", ("月份", "当月产值（万元）", "累计产值（万元）", "累计同比（%）"),
                        tuple((r["month"], _wan(r["output_fen"]), _wan(r["output_ytd_fen"]), _pct(r["yoy_pct"]))
                              for r in months), (False, True, True, True)))
    blocks.append(charts.monthly_chart(figures["series"], names["chain"]))
    return blocks, True


def build_report(engine: Engine, chain: str, region: str, month: str | date, *, viewer: Viewer,
                 template: ReportTemplate | None = None, today: date | None = None) -> Report:
    """The report of one chain in one area for one month, as the viewer may see it (Forbidden outside the
    area's figures; enterprise names only where the viewer reads them)."""
    chain_id = atlas.resolve_chain_id(engine, chain)
    try:
        when = month if isinstance(month, date) else month_from_text(month)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    template = template or load_template(engine)
    today = today or date.today()
    figures = monitoring.chain_figures(engine, chain_id, region, when, viewer=viewer)  # NotFound / Forbidden first
    chain_def = atlas.get_chain(engine, chain_id)
    chain_name = chain_def.name
    names = {"region": region_short_name(region), "area": area_word(region), "chain": chain_name}
    fill = {**names, "year": str(when.year), "month": str(when.month), "ytd": ytd_label(when), "date": date_text(today)}
    fill["issuer"] = template.issuer.format(**fill)
    gap_report = atlas.gaps(engine, chain_id, region, viewer=viewer)
    warnings = monitoring.open_warnings(engine, viewer=viewer, region=region, chain_id=chain_id)
    has_figures = True
    builders: dict[str, Callable[[], list[Block]]] = {
        "chain_map": lambda: sections.chain_map(gap_report, names, chain_def.edges),
        "leaders": lambda: sections.leaders(engine, chain_id, region, viewer, template.leaders_limit),
        "work_lists": lambda: sections.work_lists(engine, chain_id, region, viewer, today),
        "warnings": lambda: sections.warnings(warnings),
        "recommendations": lambda: sections.recommendations(gap_report, warnings),
    }
    built = []
    for number, (key, heading) in enumerate(template.sections, start=1):
        if key == "overview":
            blocks, has_figures = overview(figures, names, when)
        else:
            blocks = builders[key]()
        built.append(Section(key, chinese_number(number), heading, tuple(blocks)))
    table_rows = sum(len(b.rows) for s in built for b in s.blocks if isinstance(b, Table))
    toc = template.toc == "always" or (template.toc == "auto" and (
        len(built) >= template.toc_min_sections or table_rows > TOC_TABLE_ROWS))
    return Report(title=template.title.format(**fill), subtitle=template.subtitle.format(**fill),
                  issuer=fill["issuer"], seal_line=template.seal_line.format(**fill), issued_on=today,
                  chain_id=chain_id, chain_name=chain_name, region=region, region_name=names["region"],
                  month=f"{when.year:04d}-{when.month:02d}", sections=tuple(built), toc=toc, figures=figures,
                  has_figures=has_figures)


def report_as_dict(report: Report) -> dict[str, Any]:
    """What `--json` and the API describe: the title, the sections in order and the core figures in 万元."""
    f = report.figures
    return {"title": report.title, "issuer": report.issuer, "issued_on": report.issued_on,
            "chain": report.chain_id, "chain_name": report.chain_name, "region": report.region,
            "region_name": report.region_name, "month": report.month, "has_figures": report.has_figures,
            "toc": report.toc, "sections": [s.title for s in report.sections],
            "output_ytd_wan_yuan": wan_text(f.get("output_ytd_fen")), "output_yoy_pct": f.get("output_yoy_pct"),
            "above_scale_count": f.get("above_scale_count"), "share_of_city_pct": f.get("share_of_city_pct")}
