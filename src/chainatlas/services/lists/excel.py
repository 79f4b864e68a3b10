"""Every work list in and out of Excel, with Chinese headers as offices keep them.

`KINDS` is the table of lists: kind → its columns, how a row becomes an item (reader) and how the items
become rows (writer). Another list (the 重点问题清单 of services/casework) joins with one line:
`register(ListKind(...))` from its own package, or an entry here.

Every row is checked field by field; errors name the sheet, row, field, value and reason. By default the
import is all-or-nothing (one bad row and nothing is written); `skip_invalid` writes the good rows and
quarantines the bad ones in the report. Enterprises named in a row are matched to the registry by credit
code, else by name; names the registry does not know are reported (and kept), not dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, update

from chainatlas.domain.access import Viewer
from chainatlas.domain.errors import ChainAtlasError, InvalidInput
from chainatlas.domain.goals import parse_decimal, parse_period
from chainatlas.domain.money import parse_money
from chainatlas.domain.projects import STAGE_LABELS, STAGES, list_kind, stage_id
from chainatlas.domain.research import status, transfer_mode, trl
from chainatlas.exporters import WAN_YUAN, Column, Sheet, xlsx_bytes
from chainatlas.importers.tables import ListColumn, read_list
from chainatlas.services import access
from chainatlas.services.lists import common, goals, projects, results
from chainatlas.store.models import meta

SKIPPED = "跳过"  # a stage passed over, in the stage-date columns


@dataclass(frozen=True)
class ListKind:
    kind: str
    label: str  # 发展目标清单 …
    columns: tuple[ListColumn, ...]
    reader: Callable[[Connection, dict[str, str], dict[str, str], Viewer], dict[str, Any]]  # row → {"id", "unmatched"}
    writer: Callable[[Engine, Viewer, dict[str, Any]], list[dict[str, Any]]]  # filters → rows by column key
    checks: dict[str, Callable[[str], object]] = field(default_factory=dict)  # column → validator (raises)
    export_only: tuple[Column, ...] = ()  # computed columns the writer adds (进度, 滞后 …)


def _all(fetch: Callable[..., dict[str, Any]], engine: Engine, **kwargs: Any) -> list[dict[str, Any]]:
    items, offset = [], 0
    while True:
        page = fetch(engine, limit=common.MAX_LIMIT, offset=offset, **kwargs)
        items += page["items"]
        offset += common.MAX_LIMIT
        if offset >= page["total"]:
            return items


# ---- 发展目标清单 ---------------------------------------------------------------------------------------
GOAL_COLUMNS = (
    ListColumn("indicator", "指标", ("指标名称", "目标指标", "考核指标"), required=True, width=22),
    ListColumn("unit", "单位", ("计量单位",), required=True, width=8),
    ListColumn("chain", "产业链", ("所属产业链", "产业链名称")),
    ListColumn("region", "地区", ("所属区县", "行政区划", "区县", "地区代码")),
    ListColumn("park", "园区", ("所属园区",)),
    ListColumn("period", "期间", ("年度", "考核期间", "时间"), required=True, width=10),
    ListColumn("target", "目标值", ("目标", "年度目标", "目标任务"), required=True),
    ListColumn("actual", "实际值", ("完成值", "实际完成", "累计完成")),
    ListColumn("actual_period", "实际期间", ("截至", "完成期间", "统计期间")),
    ListColumn("responsible_unit", "责任单位", ("牵头单位",), width=18),
    ListColumn("notes", "备注", (), width=24),
)


def _goal_row(conn: Connection, v: dict[str, str], units: dict[str, str], viewer: Viewer) -> dict[str, Any]:
    data: dict[str, Any] = {k: v.get(k) or None for k in ("indicator", "unit", "chain", "region", "park", "period",
                                                           "target", "responsible_unit", "notes")}
    if v.get("actual"):
        data["actuals"] = {v.get("actual_period") or v["period"]: v["actual"]}
    return goals.create_goal(conn.engine, data, viewer=viewer, conn=conn) | {"unmatched": []}


def _goal_rows(engine: Engine, viewer: Viewer, where: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**g, "chain": g["chain_id"], "region": g["region_code"]}
            for g in _all(goals.list_goals, engine, viewer=viewer, **where)]


# ---- 重大项目与招商项目 -----------------------------------------------------------------------------------
PROJECT_COLUMNS = (
    ListColumn("name", "项目名称", ("项目", "名称"), required=True, width=28),
    ListColumn("list", "清单类别", ("项目类别", "类别", "清单")),
    ListColumn("chain", "产业链", ("所属产业链",)),
    ListColumn("link", "环节", ("产业链环节", "所属环节")),
    ListColumn("region", "所属区县", ("地区", "行政区划", "区县", "所在地")),
    ListColumn("park", "园区", ("所属园区", "落户园区")),
    ListColumn("amount", "计划投资（万元）", ("计划投资", "总投资", "投资额", "计划总投资"), width=16),
    ListColumn("completed", "完成投资（万元）", ("完成投资", "累计完成投资", "已完成投资"), width=16),
    ListColumn("stage", "当前阶段", ("阶段", "项目进度", "进展阶段")),
    *(ListColumn(f"actual_{s}", f"{STAGE_LABELS[s]}日期", (f"实际{STAGE_LABELS[s]}日期", f"{STAGE_LABELS[s]}时间"))
      for s in STAGES),
    *(ListColumn(f"planned_{s}", f"计划{STAGE_LABELS[s]}日期", (f"计划{STAGE_LABELS[s]}时间",)) for s in STAGES),
    ListColumn("responsible_unit", "责任单位", ("牵头单位",), width=18),
    ListColumn("responsible_person", "责任人", ("联系人", "项目负责人")),
    ListColumn("investor", "投资方", ("投资主体", "投资企业", "签约企业"), width=24),
    ListColumn("investor_uscc", "投资方统一社会信用代码", ("投资方信用代码",), width=22),
    ListColumn("local_enterprise", "本地企业", ("项目单位", "本地对接企业", "落地企业"), width=24),
    ListColumn("local_uscc", "本地企业统一社会信用代码", ("本地企业信用代码", "项目单位信用代码"), width=22),
    ListColumn("source", "项目来源", ("来源", "招商方式", "引进方式")),
    ListColumn("fortune500", "三类500强", ("是否三类500强", "500强")),
    ListColumn("terminated_reason", "终止原因", ()),
    ListColumn("notes", "备注", ("进展情况", "存在问题"), width=24),
)


def _project_row(conn: Connection, v: dict[str, str], units: dict[str, str], viewer: Viewer) -> dict[str, Any]:
    data: dict[str, Any] = {k: v.get(k) or None for k in (
        "name", "list", "chain", "link", "region", "park", "responsible_unit", "responsible_person", "investor",
        "investor_uscc", "local_enterprise", "local_uscc", "source", "fortune500", "notes")}
    for key in ("amount", "completed"):
        if v.get(key):
            data[key] = f"{Decimal(parse_money(v[key], units.get(key) or '万元') or 0) / 100}元"  # the header's unit applied
    actual = {s: v[f"actual_{s}"] for s in STAGES if v.get(f"actual_{s}") not in (None, "", SKIPPED)}
    stage = v.get("stage")
    ended = bool(stage) and stage_id(stage) == "terminated"
    if not stage or ended:  # the furthest stage with a date
        stage = max(actual, key=lambda s: STAGES.index(s)) if actual else "negotiating"
    data.update(stage=stage, actual=actual, planned={s: v[f"planned_{s}"] for s in STAGES if v.get(f"planned_{s}")})
    if ended:
        if not v.get("terminated_reason"):
            raise InvalidInput("阶段为终止时需填写终止原因")
        data["terminated_reason"] = v["terminated_reason"]
    data["on"] = actual.get(stage_id(stage))
    return projects.create_project(conn.engine, data, viewer=viewer, conn=conn)


def _project_rows(engine: Engine, viewer: Viewer, where: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for p in _all(projects.list_projects, engine, viewer=viewer, **where):
        row = {**p, "list": p["list_label"], "chain": p["chain_id"], "link": p["link_id"], "region": p["region_code"],
               "amount": p["amount_wan_yuan"], "completed": p["completed_wan_yuan"], "stage": p["stage_label"],
               "delay_text": "；".join(f"{d['label']}逾期{d['days']}天" for d in p["delays"])}
        for s in p["stages"]:
            row[f"actual_{s['stage']}"] = s["actual_on"] or (SKIPPED if s["skipped"] else None)
            row[f"planned_{s['stage']}"] = s["planned_on"]
        out.append(row)
    return out


# ---- 可产业化科研成果清单 ------------------------------------------------------------------------------
RESULT_COLUMNS = (
    ListColumn("title", "成果名称", ("项目名称", "成果", "科研成果名称"), required=True, width=28),
    ListColumn("institution", "完成单位", ("单位", "所属单位", "依托单位", "高校院所"), required=True, width=22),
    ListColumn("inventors", "完成人", ("发明人", "团队成员", "负责人")),
    ListColumn("field", "技术领域", ("领域", "所属领域")),
    ListColumn("chain", "产业链", ("所属产业链", "对接产业链")),
    ListColumn("links", "应用环节", ("环节", "产业链环节")),
    ListColumn("region", "所属区县", ("地区", "行政区划", "区县")),
    ListColumn("park", "园区", ()),
    ListColumn("keywords", "关键词", ("关键字",)),
    ListColumn("trl", "成熟度（TRL）", ("技术成熟度", "成熟度", "TRL")),
    ListColumn("patents", "专利号", ("知识产权", "专利", "专利号码"), width=24),
    ListColumn("transfer_mode", "转化方式", ("转移转化方式", "合作方式")),
    ListColumn("status", "转化状态", ("状态", "进展")),
    ListColumn("contact_person", "联系人", ()),
    ListColumn("contact_phone", "联系电话", ("电话", "手机")),
    ListColumn("notes", "备注", ("成果简介", "简介"), width=24),
)


def _result_row(conn: Connection, v: dict[str, str], units: dict[str, str], viewer: Viewer) -> dict[str, Any]:
    data = {k: v.get(k) or None for k in (c.key for c in RESULT_COLUMNS)}
    return results.create_result(conn.engine, data, viewer=viewer, conn=conn)


def _result_rows(engine: Engine, viewer: Viewer, where: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**r, "chain": r["chain_id"], "region": r["region_code"], "transfer_mode": r["transfer_mode_label"],
             "status": r["status_label"], "trl": r["trl"]}
            for r in _all(results.list_results, engine, viewer=viewer, **where)]


def _stage_date(v: str) -> object:
    return None if v == SKIPPED else common.parse_date(v)


def _region(v: str) -> object:
    return common.check_region(v)


KINDS: dict[str, ListKind] = {
    "goals": ListKind("goals", "发展目标清单", GOAL_COLUMNS, _goal_row, _goal_rows,
                      {"period": parse_period, "actual_period": parse_period, "region": _region,
                       "target": lambda v: parse_decimal(v, "目标值"), "actual": lambda v: parse_decimal(v, "实际值")},
                      (Column("progress", "完成进度", 10, "0.0%"), Column("elapsed", "时间进度", 10, "0.0%"),
                       Column("lagging", "是否滞后", 8), Column("lag_points", "滞后百分点", 10),
                       Column("lag_amount", "滞后量", 12), Column("last_year_actual", "上年同期", 12),
                       Column("growth", "同比增长", 10, "0.0%"))),
    "projects": ListKind("projects", "重大项目与招商项目清单", PROJECT_COLUMNS, _project_row, _project_rows,
                         {"list": list_kind, "stage": stage_id, "region": _region, "amount": parse_money,
                          "completed": parse_money,
                          **{f"{p}_{s}": _stage_date for p in ("actual", "planned") for s in STAGES}},
                         (Column("delay_text", "延误情况", 24),)),
    "results": ListKind("results", "可产业化科研成果清单", RESULT_COLUMNS, _result_row, _result_rows,
                        {"trl": trl, "transfer_mode": transfer_mode, "status": status, "region": _region}),
}


def register(kind: ListKind) -> None:
    """Add a list (e.g. the 重点问题清单) to import and export."""
    KINDS[kind.kind] = kind


def kind_of(kind: str) -> ListKind:
    if kind not in KINDS:
        raise InvalidInput(f"清单类型“{kind}”不存在；可选：{'、'.join(f'{k}（{v.label}）' for k, v in KINDS.items())}")
    return KINDS[kind]


def _problem(sheet: str | None, row: int, header: str, value: str | None, reason: str,
             severity: str = "error") -> dict[str, Any]:
    return {"sheet": sheet, "row": row, "field": header, "value": value, "reason": reason, "severity": severity}


def import_list(engine: Engine, path: Path, kind: str, *, viewer: Viewer, skip_invalid: bool = False,
                dry_run: bool = False, file_name: str | None = None) -> dict[str, Any]:
    """Read a list workbook and create its items. Returns counts, the row errors (sheet, row, field, value,
    reason), the enterprise names not in the registry (warnings) and the rows skipped as not data."""
    spec = kind_of(kind)
    table = read_list(Path(path), spec.columns, spec.label)
    headers = {c.key: table.headers.get(c.key, c.header) for c in spec.columns}
    errors: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    created: list[int] = []
    bad_rows: set[tuple[str | None, int]] = set()
    with engine.connect() as conn:
        transaction = conn.begin()
        # pysqlite opens its transaction only at the first write; a SAVEPOINT before it would be the outermost
        # one, and releasing it would commit. A write that changes nothing opens the transaction first.
        conn.execute(update(meta).where(meta.c.key == "__work_list_import__").values(value=""))
        for row in table.rows:
            problems = []
            for key, check in spec.checks.items():
                value = row.values.get(key)
                if not value:
                    continue
                try:
                    check(value)
                except (ChainAtlasError, ValueError) as exc:
                    problems.append(_problem(row.sheet, row.row, headers[key], value, str(exc)))
            for c in spec.columns:
                if c.required and not row.values.get(c.key):
                    problems.append(_problem(row.sheet, row.row, headers[c.key], None, f"{c.header}不能为空"))
            if not problems:
                savepoint = conn.begin_nested()
                try:
                    made = spec.reader(conn, row.values, table.units, viewer)
                    savepoint.commit()
                    created.append(made["id"])
                    warnings += [_problem(row.sheet, row.row, "企业", name, "企业库中未找到该企业（按统一社会信用代码和名称匹配），"
                                          "已按名称保留", "warning") for name in made.get("unmatched", [])]
                except (ChainAtlasError, ValueError) as exc:
                    savepoint.rollback()
                    problems.append(_problem(row.sheet, row.row, _field_of(str(exc), spec, headers), None, str(exc)))
            if problems:
                bad_rows.add((row.sheet, row.row))
                errors += problems
        refused = bool(errors) and not skip_invalid
        written = not refused and not dry_run
        if written:
            access.record_audit(conn, viewer, "list_import", file_name or Path(path).name, kind=kind,
                                imported=len(created), rejected=len(bad_rows))
            transaction.commit()
        else:
            transaction.rollback()
    return {"kind": kind, "label": spec.label, "file": file_name or Path(path).name, "file_kind": table.kind,
            "rows": len(table.rows), "imported": len(created) if written else 0,
            "would_import": len(created), "rejected": len(bad_rows), "written": written,
            "status": "refused" if refused else ("preview" if dry_run else "imported"),
            "ids": created if written else [], "errors": errors, "warnings": warnings,
            "skipped": [s.as_dict() for s in table.skipped], "notices": table.notices,
            "columns": {headers[c.key]: c.header for c in spec.columns if c.key in table.headers}}


def _field_of(message: str, spec: ListKind, headers: dict[str, str]) -> str:
    """The column a service's refusal is about, when its message names one."""
    found = [(message.rfind(word), len(word), c.key) for c in spec.columns
             for word in (c.header.split("（")[0], *c.spellings) if word and word in message]
    return headers[max(found)[2]] if found else "—"


def export_list(engine: Engine, kind: str, *, viewer: Viewer, where: dict[str, Any] | None = None,
                today: date | None = None) -> bytes:
    """The list as an Excel workbook with the import's Chinese headers (and computed columns), scope-filtered
    and with personal data masked as on the pages."""
    spec = kind_of(kind)
    rows = spec.writer(engine, viewer, {k: v for k, v in (where or {}).items() if v not in (None, "")})
    columns = [Column(c.key, c.header, c.width, WAN_YUAN if c.key in ("amount", "completed") else None)
               for c in spec.columns] + list(spec.export_only)
    for row in rows:
        for c in columns:
            value = row.get(c.key)
            if c.number_format and isinstance(value, str):
                row[c.key] = _number(value)
            elif isinstance(value, list):
                row[c.key] = "；".join(str(v) for v in value)
    heading = [f"{spec.label}（导出日期 {(today or date.today()).isoformat()}，共 {len(rows)} 条）"]
    return xlsx_bytes([Sheet(spec.label, columns, rows, heading=heading)])


def _number(text: str) -> object:
    from decimal import InvalidOperation

    try:
        return Decimal(text)
    except InvalidOperation:
        return text
