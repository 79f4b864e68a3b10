"""Demo key problems (示例数据): problems raised by enterprises of the demo registry, walked part of the way through
the closed loop on a past timeline, so that lists, overdue and supervised problems, reopened ones, statistics and a
园区市长日 meeting have something to show for the park, the enterprise and the chain office accounts."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, select

from chainatlas.domain.access import Viewer
from chainatlas.services import casework
from chainatlas.store.models import enterprises, organisations

MARK = "【示例】"
UNITS = {"用地": "市自然资源和规划局（示例）", "融资": "市地方金融管理局（示例）", "用工": "市人力资源和社会保障局（示例）",
         "审批": "市行政审批服务局（示例）", "物流": "市交通运输局（示例）"}
TITLES = {
    "用地": ["扩产项目新增用地指标不足", "标准厂房租金上涨过快", "二期用地规划调整审批周期长", "厂区周边配套道路未打通"],
    "融资": ["流动资金贷款到期续贷困难", "知识产权质押融资额度偏低", "设备更新贴息申报渠道不明", "应收账款融资手续繁琐"],
    "用工": ["一线技术工人招聘困难", "研发人员人才公寓申请排队久", "员工子女入学协调", "职业技能培训补贴发放慢"],
    "审批": ["环评审批时间超出预期", "消防验收排期较长", "施工许可办理材料反复补正", "能耗指标审核进度慢"],
    "物流": ["大件货物运输通行证办理难", "园区至高速货运通道拥堵", "危化品运输车辆停放受限", "冷链仓储设施不足"],
}
RESOLUTIONS = {"用地": "已协调调剂用地指标并完成规划调整（示例）", "融资": "已对接合作银行完成续贷（示例）",
               "用工": "已组织专场招聘会并落实补贴（示例）", "审批": "已开通绿色通道完成审批（示例）",
               "物流": "已办理通行证并优化货运线路（示例）"}


def _firms(engine: Engine) -> dict[str, list[int]]:
    with engine.connect() as conn:
        park_name = conn.execute(select(organisations.c.park).where(organisations.c.kind == "park")).scalar()
        own_id = conn.execute(select(organisations.c.enterprise_id).where(organisations.c.kind == "enterprise")).scalar()

        def ids(*where: Any, n: int) -> list[int]:
            return [r[0] for r in conn.execute(select(enterprises.c.id).where(enterprises.c.merged_into_id.is_(None),
                                                                              *where)
                                               .order_by(enterprises.c.revenue_fen.desc().nulls_last()).limit(n))]

        return {"park": ids(enterprises.c.park == park_name, n=10) if park_name else [],
                # the enterprise account's own: three problems (closed, in hand, overdue) to follow on signing in
                "own": [own_id] * 3 if own_id else [],
                "yuelu": ids(enterprises.c.region_code == "430104", n=8),
                "yuhua": ids(enterprises.c.region_code == "430111", n=8),
                "city": ids(enterprises.c.region_code.like("4301%"), enterprises.c.region_code.notin_(("430104", "430111")),
                            n=10)}


def build(engine: Engine, today: date | None = None, seed: int = 2026) -> dict[str, Any]:
    """Demo problems in every state (a few overdue, supervised and reopened) and a 园区市长日 meeting."""
    operator = Viewer.operator("cli")
    today = today or date.today()
    rng = random.Random(seed)
    firms = _firms(engine)
    plan = [(e, group) for group in ("own", "park", "yuelu", "yuhua", "city") for e in firms[group]]
    # the stage each problem reaches, in order: a mix that gives every list and statistic something to show
    stages = ["closed", "open_assigned", "overdue", "resolved", "reopened", "collected", "acknowledged",
              "supervised", "closed", "closed_basic"]
    made: list[int] = []
    park_ids: list[int] = []
    for n, (enterprise_id, group) in enumerate(plan):
        category = list(UNITS)[(n * 3 + n // 5) % len(UNITS)]
        title = MARK + rng.choice(TITLES[category])
        start = today - timedelta(days=rng.randint(25, 80))
        pid = casework.add_problem(engine, title=title, enterprise=str(enterprise_id), category=category,
                                   description="示例数据：企业在走访中反映的问题，非真实情况。",
                                   source=rng.choice(["园区市长日（示例）", "企业走访（示例）", "12345热线转办（示例）"]),
                                   received_on=start, today=start, viewer=operator)["id"]
        made.append(pid)
        if group == "park":
            park_ids.append(pid)
        _walk(engine, operator, pid, category, stages[n % len(stages)], start, today, rng.randint(4, 18))
    meeting = None
    if park_ids:
        with engine.connect() as conn:
            park = conn.execute(select(organisations.c.park).where(organisations.c.kind == "park")).scalar()
        held = today - timedelta(days=today.weekday() + 3)  # last Friday
        meeting = casework.create_meeting(engine, f"{held.month}月园区市长日（示例）", held, park_ids[:6],
                                          viewer=operator, region="430100", park=park)["id"]
    return {"problems": len(made), "meeting": meeting}


def _walk(engine: Engine, viewer: Viewer, pid: int, category: str, stage: str, start: date, today: date,
          took: int) -> None:
    """Take one problem to `stage`; `took`: calendar days from assignment to resolution (over 21 is late)."""
    def move(to: str, day: date, **kw: Any) -> None:
        casework.move(engine, pid, to, viewer=viewer, today=day, **kw)

    if stage == "collected":
        return
    move("acknowledged", start + timedelta(days=2), comment="已在会前向企业反馈办理思路（示例）")
    if stage == "acknowledged":
        return
    assigned = start + timedelta(days=4)
    if stage == "open_assigned":  # assigned recently: not yet due
        move("assigned", today - timedelta(days=2), unit=UNITS[category], comment="交办责任单位（示例）")
        return
    move("assigned", assigned, unit=UNITS[category], comment="交办责任单位（示例）")
    if stage == "overdue":  # past its deadline: reads as 督办, recorded by `problems sweep`
        return
    if stage == "supervised":
        move("supervised", assigned + timedelta(days=7), comment="市领导批示督办（示例）")
        return
    resolved = assigned + timedelta(days=took + (14 if stage == "closed_basic" else 0))
    move("resolved", resolved, resolution=RESOLUTIONS[category])
    if stage == "resolved":
        return
    visit = resolved + timedelta(days=3)
    if stage == "reopened":
        move("closed", visit, satisfaction="dissatisfied", comment="企业对办理结果不满意，重新交办（示例）")
        return
    move("closed", visit, satisfaction="basically" if stage == "closed_basic" else "satisfied",
         comment="电话回访（示例）")
