"""The report's sections after the overview: the chain map and link coverage, leading enterprises, the work
lists, the warnings and the recommendations. Each returns the blocks of its section, read through the faces of
the capabilities it reports on, as the viewer may see them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine

from chainatlas.domain.access import Viewer
from chainatlas.domain.chain import STAGE_LABELS
from chainatlas.domain.errors import Forbidden
from chainatlas.domain.gaps import STATUS_LABELS, GapReport
from chainatlas.domain.money import wan_text
from chainatlas.services import atlas, casework, lists
from chainatlas.services.reports import charts
from chainatlas.services.reports.model import Block, Paragraph, Table

NO_WARNINGS = "本月无预警"
LEADER_ROLES = ("leader", "key")


def _rate(value: float) -> str:
    return f"{value * 100:.2f}%"


def chain_map(report: GapReport, names: dict[str, str], edges: tuple[tuple[str, str], ...]) -> list[Block]:
    """二、产业链图谱与环节覆盖: the map picture, the coverage sentence, the table of links, the gaps."""
    counts = {s: sum(1 for g in report.links if g.status == s) for s in STATUS_LABELS}
    text = (f"{names['chain']}产业链共{len(report.links)}个环节，{names['region']}已覆盖{counts['covered']}个、"
            f"弱链{counts['weak']}个、缺链{counts['missing']}个，本地配套率{_rate(report.supporting_rate)}"
            f"（按重要度加权{_rate(report.weighted_supporting_rate)}）。")
    rows = tuple((g.name, STAGE_LABELS[g.stage], str(g.importance), str(g.enterprises), wan_text(g.revenue_fen) or "0.00",
                  STATUS_LABELS[g.status]) for g in report.links)
    blocks: list[Block] = [
        Paragraph(text), charts.chain_map_picture(report, names["chain"], edges),
        Table("表3  环节覆盖", ("环节", "位置", "重要度", "本地企业数", "营收（万元）", "状态"), rows,
              (False, False, True, True, True, False))]
    missing = [g for g in report.links if g.status == "missing"]
    weak = [g for g in report.links if g.status == "weak"]
    if missing:
        blocks.append(Paragraph("、".join(f"{g.name}（{STAGE_LABELS[g.stage]}，重要度{g.importance}）" for g in missing)
                                + "。", lead="缺链环节："))
    if weak:
        blocks.append(Paragraph("；".join(f"{g.name}：{'，'.join(g.reasons)}" for g in weak) + "。", lead="弱链环节："))
    if not missing and not weak:
        blocks.append(Paragraph("各环节均有本地企业覆盖，暂无缺链、弱链环节。"))
    return blocks


def leaders(engine: Engine, chain_id: str, region: str, viewer: Viewer, limit: int) -> list[Block]:
    """三、龙头及重点企业: the chain's leaders and key enterprises in the area (those the viewer may read),
    else the largest by revenue."""
    placed = atlas.chain_enterprises(engine, chain_id, region, viewer=viewer, limit=max(limit * 10, 200))
    seen: dict[int, dict[str, Any]] = {}
    for item in placed:
        seen.setdefault(item["id"], item)  # an enterprise on several links: its first (leader-first) placement
    firms = list(seen.values())
    marked = [f for f in firms if f["role"] in LEADER_ROLES]
    chosen = marked or firms
    chosen.sort(key=lambda f: (LEADER_ROLES.index(f["role"]) if f["role"] in LEADER_ROLES else 9,
                               -float(f["revenue_wan_yuan"] or 0)))
    chosen = chosen[:limit]
    if not chosen:
        return [Paragraph("本地区暂无在链企业（或不在本账号可查看的范围内）。")]
    intro = (f"本地区在链企业中，链主（龙头）及核心企业{len(marked)}家，按营收列出前{len(chosen)}家。" if marked
             else f"本地区暂未标注链主（龙头）及核心企业，按营收列出在链企业前{len(chosen)}家。")
    rows = tuple((str(i), f["name"], f["region"] or "—", f["link_name"], f["role_label"] or "—",
                  f["revenue_wan_yuan"] or "—") for i, f in enumerate(chosen, start=1))
    return [Paragraph(intro), Table("表4  龙头及重点企业", ("序号", "企业名称", "所在地区", "所在环节", "角色", "营收（万元）"),
                                    rows, (True, False, False, False, False, True))]


def work_lists(engine: Engine, chain_id: str, region: str, viewer: Viewer, today: date) -> list[Block]:
    """四、重点工作清单: goals and their progress, projects by stage, the area's key problems."""
    blocks: list[Block] = []
    try:
        goals = lists.list_goals(engine, viewer=viewer, chain=chain_id, region=region, limit=20, today=today)
        lagging = lists.list_goals(engine, viewer=viewer, chain=chain_id, region=region, lagging=True, limit=1,
                                   today=today)["total"]
        funnel = lists.funnel(engine, viewer=viewer, chain=chain_id, region=region)
        problems = casework.stats(engine, viewer=viewer, by="unit", region=region, today=today)["total"]
    except Forbidden:
        return [Paragraph("本账号无权查看重点工作清单。")]
    if goals["total"]:
        blocks.append(Paragraph(f"本链在本地区有发展目标{goals['total']}项，其中进度滞后（时间过半、任务未过半）{lagging}项。",
                                lead="（一）发展目标。"))
        blocks.append(Table("表5  发展目标进度", ("指标", "周期", "目标", "完成", "进度（%）", "状态"),
                            tuple((g["indicator"], g["period_label"], f"{g['target']}{g['unit'] or ''}",
                                   f"{g['actual'] or '—'}", _share(g["progress"]), "滞后" if g["lagging"] else "正常")
                                  for g in goals["items"]), (False, False, True, True, True, False)))
    stages = funnel["stages"]
    if any(s["count"] for s in stages):
        blocks.append(Paragraph(funnel["headline_text"] + "。", lead="（二）项目推进。"))
        blocks.append(Table("表6  项目分阶段", ("阶段", "项目数", "计划投资（万元）"),
                            tuple((s["label"], str(s["count"]), s["amount_wan_yuan"]) for s in stages),
                            (False, True, True)))
    if problems["received"]:
        blocks.append(Paragraph(
            f"本地区（问题不分产业链）受理重点问题{problems['received']}件，已办结{problems['resolved']}件，"
            f"超期未办结{problems['overdue']}件。", lead="（三）重点问题。"))
    return blocks or [Paragraph("本链在本地区暂未录入发展目标、项目和重点问题清单。")]


def _share(progress: str | None) -> str:
    return "—" if progress is None else f"{float(progress) * 100:.2f}"


def warnings(found: list[dict[str, Any]]) -> list[Block]:
    """五、风险预警: the stored warnings in force, new and unacknowledged first."""
    if not found:
        return [Paragraph(NO_WARNINGS + "。")]
    by_level = {label: sum(1 for w in found if w["level_label"] == label) for label in ("红色", "橙色", "黄色")}
    text = f"当前在列风险预警{len(found)}条（" + "、".join(f"{k}{v}条" for k, v in by_level.items() if v) + "）。"
    rows = tuple((w["level_label"], w["subject"] or "—", w["message"] or w["rule"], _day(w["first_seen"]),
                  "已确认" if w["acknowledged_at"] else "未确认") for w in found)
    return [Paragraph(text), Table("表7  风险预警", ("等级", "对象", "情况", "首次发现", "确认"), rows,
                                   (False, False, False, False, False))]


def _day(value: Any) -> str:
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value or "—")[:10]


def recommendations(report: GapReport, found: list[dict[str, Any]]) -> list[Block]:
    """六、下步工作建议, from the gaps and the warnings."""
    blocks: list[Block] = []
    missing = [g.name for g in sorted(report.links, key=lambda g: -g.importance) if g.status == "missing"]
    weak = [g.name for g in sorted(report.links, key=lambda g: -g.importance) if g.status == "weak"]
    n = 0
    if missing:
        n += 1
        blocks.append(Paragraph(f"围绕{'、'.join(missing[:6])}等缺链环节，梳理招商目标企业，开展精准招商。",
                                lead=f"（{'一二三'[n - 1]}）补齐缺链环节。"))
    if weak:
        n += 1
        blocks.append(Paragraph(f"支持{'、'.join(weak[:6])}等弱链环节本地企业扩产，引进第二供应来源，降低单一来源风险。",
                                lead=f"（{'一二三'[n - 1]}）强化弱链环节。"))
    urgent = [w for w in found if w["level"] in ("red", "orange")]
    if urgent:
        n += 1
        blocks.append(Paragraph(f"对{len(urgent)}条红色、橙色预警逐条核实，落实责任单位，按月跟踪销号。",
                                lead=f"（{'一二三'[n - 1]}）处置风险预警。"))
    return blocks or [Paragraph("本链各环节覆盖良好、暂无预警，建议保持监测，按月跟踪运行情况。")]
