"""Demo work lists for 长沙市（示例）: development goals, major projects and the investment pipeline, and
industrialisable research results — every name marked （示例）, figures invented (示例数据).

Dates are laid out around the day the demo is built, so that some goals lag their elapsed share (时间过半、
任务未过半) and some projects are overdue; the local enterprises of projects come from the demo registry,
in the project's own district (or park), so that each account sees the enterprises its items name.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, select

from chainatlas.domain.access import Viewer
from chainatlas.domain.goals import make_period
from chainatlas.services import lists
from chainatlas.store.models import enterprises, organisations

MARK = "（示例）"
# indicator, unit, chain, region, target this year, share of the elapsed pace reached (< 1 lags)
GOALS = (
    ("产业链规上企业营收", "亿元", "lithium-battery", "430100", "1200", Decimal("0.82")),
    ("产值", "亿元", "construction-machinery", "430100", "3000", Decimal("1.06")),
    ("规上企业数", "家", "lithium-battery", "430104", "85", Decimal("0.9")),
    ("投资额", "亿元", "lithium-battery", "430111", "150", Decimal("0.7")),
    ("产业链规上企业营收", "亿元", "advanced-computing", "430100", "600", Decimal("1.12")),
    ("新增规上企业数", "家", "construction-machinery", "430104", "12", Decimal("1.0")),
)
# name, list, chain, link, region, amount, stage reached, days ago it was reached, fortune500, source, investor
PROJECTS = (
    ("麓谷锂电池正极材料扩产项目", "major", "lithium-battery", "cathode", "430104", "45亿", "started", 40, True, "以商招商",
     "湖南某锂电材料股份有限公司"),
    ("储能电池PACK生产基地", "major", "lithium-battery", "battery-pack", "430111", "28亿", "registered", 75, False,
     "联盟引荐", "某新能源科技集团"),
    ("动力电池回收利用项目", "major", "lithium-battery", "battery-recycling", "430111", "12亿", "producing", 20, False,
     "展会", "某循环科技有限公司"),
    ("高端挖掘机智能制造工厂", "major", "construction-machinery", "excavators", "430104", "80亿", "started", 120, True,
     "以商招商", "某重工集团股份有限公司"),
    ("服务器整机生产线项目", "major", "advanced-computing", "servers", "430104", "18亿", "signed", 30, False,
     "驻外招商", "某计算机股份有限公司"),
    ("锂电隔膜二期项目", "investment", "lithium-battery", "separator", "430104", "15亿", "signed", 60, True,
     "联盟引荐", "某隔膜科技集团"),
    ("电解液添加剂项目", "investment", "lithium-battery", "electrolyte", "430111", "6亿", "negotiating", 15, False,
     "以商招商", "某氟化工有限公司"),
    ("钠离子电池中试线", "investment", "lithium-battery", "cell-manufacturing", "430104", "3.5亿", "negotiating", 45,
     False, "平台对接", "某储能研究院有限公司"),
    ("锂电装备研发制造基地", "investment", "lithium-battery", "battery-equipment", "430111", "9亿", "registered", 50,
     False, "展会", "某智能装备股份有限公司"),
    ("负极材料一体化项目", "investment", "lithium-battery", "anode", "430104", "22亿", "signed", 100, True,
     "以商招商", "某碳素集团"),
    ("液压件精密加工项目", "investment", "construction-machinery", "hydraulics", "430111", "5亿", "negotiating", 25,
     False, "联盟引荐", "某液压科技有限公司"),
    ("信创操作系统适配中心", "investment", "advanced-computing", "operating-systems", "430104", "2亿", "signed", 10,
     False, "基金招商", "某软件股份有限公司"),
    ("整车电池包配套项目", "investment", "lithium-battery", "battery-pack", "430111", "11亿", "negotiating", 80, True,
     "驻外招商", "某汽车集团"),
    ("储能系统集成项目", "investment", "lithium-battery", "energy-storage-integration", "430104", "30亿", "negotiating",
     130, False, "展会", "某电气股份有限公司"),
)
RESULTS = (
    ("高镍三元正极材料连续化制备技术", "中南大学", "张教授、李博士", "新材料", "lithium-battery", "cathode", "430104", 6,
     "licence", "matching"),
    ("硅碳复合负极材料产业化技术", "湖南大学", "王教授", "新材料", "lithium-battery", "anode", "430104", 7, "equity",
     "listed"),
    ("退役动力电池梯次利用检测评估系统", "长沙理工大学", "赵教授、周工程师", "节能环保", "lithium-battery",
     "battery-recycling", "430111", 5, "transfer", "listed"),
    ("工程机械电液控制系统", "中南大学", "陈教授", "高端装备", "construction-machinery", "electrical-control", "430104", 8,
     "joint", "transferred"),
    ("国产数据库高可用集群技术", "国防科技大学", "刘研究员", "信息技术", "advanced-computing", "database-middleware",
     "430111", 6, "licence", "matching"),
)


def _local(engine: Engine, region: str, park: str | None, chain: str, skip: int) -> tuple[str | None, str | None]:
    """A demo enterprise of the district (or park) to name as the project's local enterprise."""
    query = select(enterprises.c.name, enterprises.c.uscc).where(enterprises.c.region_code == region,
                                                                 enterprises.c.merged_into_id.is_(None))
    if park:
        query = query.where(enterprises.c.park == park)
    with engine.connect() as conn:
        row = conn.execute(query.order_by(enterprises.c.revenue_fen.desc().nulls_last()).offset(skip).limit(1)).first()
    return (row.name, row.uscc) if row else (None, None)


def build(engine: Engine, today: date | None = None) -> dict[str, Any]:
    """Create the demo goals, projects (both lists) and research results; returns their counts."""
    today = today or date.today()
    operator = Viewer.operator("cli")
    with engine.connect() as conn:
        park_row = conn.execute(select(organisations.c.park, organisations.c.region_code)
                                .where(organisations.c.kind == "park")).first()
        park = park_row.park if park_row else None
        park_region = None
        if park:
            park_region = conn.execute(select(enterprises.c.region_code).where(enterprises.c.park == park)
                                       .group_by(enterprises.c.region_code).order_by(func.count().desc())
                                       .limit(1)).scalar()
    year = make_period("year", today.year)
    quarter = make_period("quarter", today.year, today.month)
    month_end = today.replace(day=1) - timedelta(days=1)  # figures are reported to the end of last month
    made_goals = 0
    for indicator, unit, chain, region, target, pace in GOALS:
        goal = lists.create_goal(engine, {"indicator": indicator, "unit": unit, "chain": chain, "region": region,
                                          "period": year.code, "target": target,
                                          "responsible_unit": f"{'市' if region == '430100' else '区'}工业和信息化局{MARK}",
                                          "notes": "示例数据"}, viewer=operator, today=today)
        made_goals += 1
        if month_end.year == today.year:
            done = year.elapsed(month_end) * Decimal(target) * pace
            value = done.quantize(Decimal("1") if unit == "家" else Decimal("0.1"))
            lists.enter_actual(engine, goal["id"], f"{month_end.year}-{month_end.month:02d}", value, viewer=operator,
                               today=today)
            lists.enter_actual(engine, goal["id"], f"{month_end.year - 1}-{month_end.month:02d}",
                               (value / Decimal("1.08")).quantize(value), viewer=operator, today=today)
    lists.create_goal(engine, {"indicator": "新增规上企业数", "unit": "家", "chain": "lithium-battery", "region": "430100",
                               "period": quarter.code, "target": "6", "notes": "示例数据（季度目标）"},
                      viewer=operator, today=today)
    made_goals += 1
    if park and park_region:
        lists.create_goal(engine, {"indicator": "园区产业链投资额", "unit": "亿元", "chain": "lithium-battery",
                                   "region": park_region, "park": park, "period": year.code, "target": "40",
                                   "notes": "示例数据"}, viewer=operator, today=today)
        made_goals += 1

    made_projects = 0
    stages = ("negotiating", "signed", "registered", "started", "producing")
    rows = list(PROJECTS)
    if park and park_region:
        rows.append(("园区锂电池结构件项目", "investment", "lithium-battery", "battery-pack", park_region, "4亿", "signed",
                     35, False, "以商招商", "某精密结构件有限公司"))
    for n, (name, kind, chain, link, region, amount, stage, days_ago, top, source, investor) in enumerate(rows):
        in_park = park if name.startswith("园区") else None
        reached_at = stages.index(stage)
        first = today - timedelta(days=days_ago + 60 * reached_at + 30)
        # planned dates: each stage ~60 days after the previous; one stage ahead of the current is overdue
        planned = {s: first + timedelta(days=60 * i + (0 if i <= reached_at + 1 else 200)) for i, s in enumerate(stages)}
        local, local_code = _local(engine, region, in_park, chain, n % 3)
        project = lists.create_project(engine, {
            "name": f"{name}{MARK}", "list": kind, "chain": chain, "link": link, "region": region, "park": in_park,
            "amount": amount, "completed": None, "on": first, "planned": planned, "fortune500": top,
            "source": source, "investor": f"{investor}{MARK}", "local_enterprise": local, "local_uscc": local_code,
            "responsible_unit": f"{'市' if kind == 'major' else '市招商局'}重点项目专班{MARK}",
            "responsible_person": "张建国" if n % 2 else "李红", "notes": "示例数据"}, viewer=operator, today=today)
        on = first
        for s in stages[1:reached_at + 1]:
            on = on + timedelta(days=(today - timedelta(days=days_ago) - first).days // max(reached_at, 1))
            lists.advance(engine, project["id"], s, on=min(on, today - timedelta(days=days_ago)), viewer=operator,
                          today=today)
        if stage in ("started", "producing"):
            lists.update_project(engine, project["id"], {"completed": f"{Decimal(amount[:-1]) / 3:.1f}亿"},
                                 viewer=operator, today=today)
        if n in (3, 9):
            lists.add_milestone(engine, project["id"], "市级重点项目专班调度会：协调用地与用电指标（示例）",
                                on=today - timedelta(days=7), viewer=operator, today=today)
        made_projects += 1
    for name, region, reason in (("某电池隔膜项目（已终止）", "430111", "投资方调整全国产能布局，项目终止（示例）"),
                                 ("某整车配套项目（已终止）", "430104", "企业资金链紧张，暂缓投资（示例）")):
        ended = lists.create_project(engine, {"name": f"{name}{MARK}", "list": "investment", "chain": "lithium-battery",
                                              "region": region, "amount": "8亿", "on": today - timedelta(days=300),
                                              "notes": "示例数据"}, viewer=operator, today=today)
        lists.advance(engine, ended["id"], "terminated", reason=reason, on=today - timedelta(days=100), viewer=operator)
        made_projects += 1

    for title, institution, inventors, field, chain, link, region, level, mode, state in RESULTS:
        lists.create_result(engine, {"title": f"{title}{MARK}", "institution": institution, "inventors": inventors,
                                     "field": field, "chain": chain, "links": link, "region": region, "trl": level,
                                     "transfer_mode": mode, "status": state, "keywords": field,
                                     "patents": "ZL 2023 1 0000001.X（示例）", "contact_person": "王老师",
                                     "contact_phone": "13800001234", "notes": "示例数据"}, viewer=operator)
    return {"goals": made_goals, "projects": made_projects, "results": len(RESULTS)}
