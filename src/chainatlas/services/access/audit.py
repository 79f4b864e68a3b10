"""The audit log: who did what, when and from where. Append-only (triggers refuse changes).

Writes are logged in the transaction that makes them, so a change and its
log entry land together or not at all.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from chainatlas.domain.access import AGREEMENT_STATUS_LABELS, FIELD_GROUPS, ROLE_LABELS, Permission, Viewer
from chainatlas.domain.casework import STATE_LABELS
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.history import IMPORT_STATUS_LABELS
from chainatlas.store.models import audit_log

ACTION_LABELS = {
    "login": "登录", "login_failed": "登录失败", "logout": "退出登录",
    "user_create": "创建账号", "user_update": "修改账号", "org_create": "创建机构",
    "token_create": "创建接口令牌", "token_revoke": "吊销接口令牌",
    "agreement_create": "创建共享协议", "agreement_revoke": "撤销共享协议", "agreement_expire": "终止共享协议",
    "read_shared": "读取共享数据", "import": "导入企业数据", "placement_decision": "确认/驳回挂链",
    "placement_add": "手工挂链", "evaluate": "重新评价", "merge": "合并企业", "audit_export": "导出审计日志",
    "problem_add": "登记重点问题", "problem_move": "办理重点问题", "problem_sweep": "逾期问题自动督办",
    "problem_deadline": "设置问题办理时限", "meeting_create": "创建会议", "meeting_problems": "调整会议问题",
    "goal_create": "新建发展目标", "goal_update": "修改发展目标", "goal_actual": "填报目标完成值",
    "project_create": "新建项目", "project_update": "修改项目", "project_advance": "推进项目阶段",
    "project_milestone": "记录项目里程碑", "result_create": "新建科研成果", "result_update": "修改科研成果",
    "list_import": "导入工作清单",
    "whatif_save": "保存招商推演方案", "target_dismiss": "排除招商目标", "target_accept": "加入招商目标清单",
    "pool_import": "导入招商企业库", "pool_drop": "删除招商企业库",
    "target_weights": "设置招商评分权重",
    "risk_scan": "扫描风险预警", "risk_ack": "确认风险预警", "risk_rules": "修改风险预警规则",
    "import_indicators": "导入月度指标",
}
COLUMNS = ["id", "at", "username", "role", "org_id", "channel", "address", "action", "target", "detail"]
HEADERS = ["编号", "时间", "账号", "角色", "机构编号", "渠道", "来源地址", "操作", "对象", "详情"]
PAGE_LIMIT = 500


def entry(viewer: Viewer, action: str, target: str | None = None, *, when: datetime | None = None,
          **detail: Any) -> dict[str, Any]:
    """The column values of one entry."""
    return {"at": when or datetime.now(), "user_id": viewer.user_id, "username": viewer.username,
            "org_id": viewer.org_id, "role": str(viewer.role), "channel": viewer.channel, "address": viewer.address,
            "action": action, "target": target, "detail": detail}


def record(conn: Connection, viewer: Viewer, action: str, target: str | None = None, *,
           when: datetime | None = None, **detail: Any) -> None:
    """Append one entry, in the caller's transaction (`when`: the time of the event, if written later)."""
    conn.execute(insert(audit_log).values(**entry(viewer, action, target, when=when, **detail)))


def record_now(engine: Engine, viewer: Viewer, action: str, target: str | None = None, **detail: Any) -> None:
    """Append one entry in a transaction of its own (for events with no other write, such as a failed login)."""
    with engine.begin() as conn:
        record(conn, viewer, action, target, **detail)


def entries(engine: Engine, viewer: Viewer, *, username: str | None = None, action: str | None = None,
            since: date | None = None, until: date | None = None, limit: int = 100,
            before: int | None = None) -> dict[str, Any]:
    """Newest first, filtered; `before` pages by id. Admins only."""
    viewer.require(Permission.AUDIT)
    if action and action not in ACTION_LABELS:
        raise InvalidInput(f"操作 {action} 不存在；可选：{'、'.join(ACTION_LABELS)}")
    limit = min(limit, PAGE_LIMIT)
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit + 1)
    if username:
        query = query.where(audit_log.c.username == username)
    if action:
        query = query.where(audit_log.c.action == action)
    if since:
        query = query.where(audit_log.c.at >= datetime.combine(since, datetime.min.time()))
    if until:
        query = query.where(audit_log.c.at < datetime.combine(until + timedelta(days=1), datetime.min.time()))
    if before:
        query = query.where(audit_log.c.id < before)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    for r in rows:
        r["action_label"] = ACTION_LABELS.get(r["action"], r["action"])
        r["role_label"] = ROLE_LABELS.get(r["role"], r["role"]) if r["role"] else None
        r["target_label"] = target_label(r["target"])
        r["detail_text"] = detail_text(r["detail"])
    return {"items": rows, "limit": limit, "next_before": rows[-1]["id"] if more and rows else None}


def export_csv(engine: Engine, viewer: Viewer, **filters: Any) -> bytes:
    """The filtered log as CSV (UTF-8 with BOM, opens in Excel); the export itself is logged."""
    viewer.require(Permission.AUDIT)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    before = None
    while True:
        page = entries(engine, viewer, limit=PAGE_LIMIT, before=before, **filters)
        for r in page["items"]:
            writer.writerow([r["id"], r["at"].isoformat(sep=" ", timespec="seconds"), r["username"],
                             r["role_label"] or "", r["org_id"] or "", r["channel"], r["address"] or "",
                             r["action_label"], r["target_label"], r["detail_text"]])
        before = page["next_before"]
        if before is None:
            break
    record_now(engine, viewer, "audit_export", "audit_log",
               filters={k: str(v) for k, v in filters.items() if v is not None})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


TARGET_LABELS = {"enterprise": "企业", "placement": "挂链记录", "placements": "挂链记录", "agreement": "共享协议",
                 "import_batch": "导入批次", "user": "账号", "organisation": "机构", "token": "接口令牌",
                 "audit_log": "审计日志", "enterprises": "企业"}
DETAIL_LABELS = {"decision": "决定", "role": "角色", "changed": "变更条数", "ids": "编号", "merged": "被合并企业",
                 "reason": "原因", "chain": "产业链", "link": "环节", "agreements": "协议及企业", "filters": "筛选",
                 "file": "文件", "rows": "行数", "imported": "新增", "updated": "更新", "unchanged": "未变",
                 "rejected": "拒绝", "status": "结果", "on": "评价日期", "facts_year": "数据年度",
                 "enterprise_id": "企业", "username": "账号", "fields": "字段", "grantee": "接收方",
                 "purpose": "目的", "valid_from": "起始", "valid_to": "截止", "name": "名称", "address": "地址",
                 "reason_code": "原因", "groups": "数据组", "org": "机构", "kind": "类型", "count": "条数",
                 "merged_rows": "合并"}  # merged_rows: an import's rows folded into another row or found by name
DECISION_LABELS = {"confirmed": "确认", "rejected": "驳回"}
DETAIL_LABELS.update({"from_state": "原状态", "to_state": "新状态", "state": "状态", "user_id": "账号编号"})
ROLE_VALUES = {str(role.value): label for role, label in ROLE_LABELS.items()}
# Codes that appear as values in the details, in words, by the detail's key (a code means different things under
# different keys: `rejected` is a decision under `decision`, an import's end under `status`).
VALUE_LABELS: dict[str, dict[str, str]] = {
    "decision": DECISION_LABELS, "role": ROLE_VALUES, "status": {**IMPORT_STATUS_LABELS, **AGREEMENT_STATUS_LABELS},
    "groups": {group: label.split("（")[0] for group, label in FIELD_GROUPS.items()},
    "from_state": STATE_LABELS, "to_state": STATE_LABELS, "state": STATE_LABELS,
}


def target_label(target: str | None) -> str:
    """ "agreement:2" as 共享协议 #2; unknown kinds stay as they are."""
    if not target:
        return ""
    kind, _, key = target.partition(":")
    label = TARGET_LABELS.get(kind)
    return f"{label} #{key}" if label and key else (label or target)


def _value_text(value: Any, key: str = "") -> str:
    if isinstance(value, dict):
        return "；".join(f"{DETAIL_LABELS.get(k, k)}：{_value_text(v, k)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "、".join(_value_text(v, key) for v in value)
    if value is True or value is False:
        return "是" if value else "否"
    return VALUE_LABELS.get(key, {}).get(str(value), str(value))


def detail_text(detail: Any) -> str:
    """An entry's details as a person reads them: 决定：确认；变更条数：1 (keys without a label stay as written)."""
    if not detail:
        return ""
    if not isinstance(detail, dict):
        return _value_text(detail)
    return "；".join(f"{DETAIL_LABELS.get(k, k)}：{_value_text(v, k)}" for k, v in detail.items()
                    if v is not None and v != "" and v != [])

