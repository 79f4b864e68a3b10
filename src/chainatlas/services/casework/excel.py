"""The problem list in and out of Excel with Chinese headers as offices keep them.

Import reads the workbook as the registry import does (title lines, the header found by its content, 序号, 合计 and
note rows passed over), validates every row and reports row errors (sheet, row, field, value, reason). Enterprises
are matched by credit code, else by name; unmatched names are reported, not dropped. All-or-nothing by default;
`skip_invalid` writes the good rows and reports the others. Imported problems start at 征集 collected.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from chainatlas import reference
from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import ChainAtlasError
from chainatlas.domain.uscc import check_uscc, normalise_uscc
from chainatlas.exporters import Column, Sheet, xlsx_bytes
from chainatlas.importers.readers import ROW, read_table
from chainatlas.importers.validate import NOT_REPORTED, RowError
from chainatlas.services import access
from chainatlas.services.casework import meetings as mt
from chainatlas.services.casework import problems as pr
from chainatlas.store.models import enterprises

EXPORT_COLUMNS = (
    Column("id", "编号", 8), Column("enterprise_name", "企业名称", 30), Column("enterprise_uscc", "统一社会信用代码", 22),
    Column("title", "问题", 40), Column("description", "问题描述", 40), Column("category", "问题类别", 10),
    Column("source", "问题来源", 14), Column("received_on", "征集日期", 12), Column("state_label", "办理状态", 10),
    Column("unit", "责任单位", 20), Column("deadline", "办理时限", 12), Column("overdue", "是否逾期", 8),
    Column("resolution", "办理结果", 40), Column("resolved_on", "办结日期", 12),
    Column("satisfaction_label", "企业满意度", 10), Column("reopened", "重新交办次数", 10))
# The headers an office writes, by the field they fill (first is the one exports use).
ALIASES = {
    "enterprise_name": ("企业名称", "企业", "单位名称", "反映企业"),
    "uscc": ("统一社会信用代码", "信用代码", "社会信用代码"),
    "title": ("问题", "问题标题", "问题名称", "反映问题", "问题简述"),
    "description": ("问题描述", "具体问题", "问题详情", "诉求内容", "详细描述"),
    "category": ("问题类别", "类别", "问题类型", "类型"),
    "source": ("问题来源", "来源", "反映渠道"),
    "received_on": ("征集日期", "反映日期", "提出日期", "收集日期", "日期"),
}
SKIP = ("序号", "编号")
TOTAL_ROW = re.compile(r"^\s*(合计|小计|总计|注[:：]|说明[:：]|备注|填报人|审核人)")


def _field_of(header: str) -> str | None:
    clean = re.sub(r"[\s（(].*$", "", header.strip()) if header else ""
    for key, names in ALIASES.items():
        if header.strip() in names or clean in names:
            return key
    return None


def _date(text: str) -> date | None:
    text = text.strip()
    for pattern in (r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$", r"^(\d{4})(\d{2})(\d{2})$"):
        m = re.match(pattern, text)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    if text.isdigit() and 20000 < int(text) < 80000:  # an Excel serial number
        return date.fromordinal(date(1899, 12, 30).toordinal() + int(text))
    return None


def read_rows(path: Path) -> tuple[list[dict[str, Any]], list[RowError]]:
    """The problem rows of a workbook (with their sheet and row number), and the errors of reading them."""
    rows: list[dict[str, Any]] = []
    errors: list[RowError] = []
    for sheet in read_table(Path(path)):
        fields = {h: _field_of(h) for h in sheet.headers if h not in SKIP}
        present = {f for f in fields.values() if f}
        if "title" not in present or not ({"enterprise_name", "uscc"} & present):
            errors.append(RowError(sheet.name, sheet.first_row, "表头", "、".join(sheet.headers),
                                   "未找到“问题”和“企业名称/统一社会信用代码”列"))
            continue
        numbers = sheet.frame[ROW].to_list() if ROW in sheet.frame.columns else \
            list(range(sheet.first_row, sheet.first_row + sheet.rows))
        for number, record in zip(numbers, sheet.frame.iter_rows(named=True), strict=True):
            values = {f: (record.get(h) or "").strip() for h, f in fields.items() if f}
            values = {k: ("" if v in NOT_REPORTED else v) for k, v in values.items()}
            first = next((str(v) for v in record.values() if v), "")
            if not any(values.values()) or TOTAL_ROW.match(first):
                continue
            rows.append({"sheet": sheet.name, "row": number, **values})
    return rows, errors


def validate(engine: Engine, rows: list[dict[str, Any]], viewer: Viewer) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Each row checked and its enterprise matched (credit code, else name); the good rows and the errors."""
    normaliser = reference.name_normaliser()
    codes = {normalise_uscc(r["uscc"]).lstrip("'") for r in rows if r.get("uscc")}
    keys = {normaliser.key(r["enterprise_name"]) for r in rows if r.get("enterprise_name")}
    scope = access.conditions(viewer)
    with engine.connect() as conn:
        by_code = {u: (i, m) for u, i, m in conn.execute(select(enterprises.c.uscc, enterprises.c.id,
                                                                enterprises.c.merged_into_id)
                                                         .where(enterprises.c.uscc.in_(codes), *scope))} if codes else {}
        by_name: dict[str, list[int]] = {}
        if keys:
            for k, i, m in conn.execute(select(enterprises.c.name_key, enterprises.c.id, enterprises.c.merged_into_id)
                                        .where(enterprises.c.name_key.in_(keys), *scope)):
                by_name.setdefault(k, []).append(m or i)
    good, errors = [], []
    for r in rows:
        problems_here: list[RowError] = []

        def bad(field: str, value: str | None, reason: str, r: dict[str, Any] = r,
                found: list[RowError] = problems_here) -> None:
            found.append(RowError(r["sheet"], r["row"], field, value, reason))

        if not r.get("title"):
            bad("问题", None, "问题不能为空")
        elif len(r["title"]) > 500:
            bad("问题", r["title"][:40] + "…", "问题过长（至多 500 字）")
        if not r.get("category"):
            bad("问题类别", None, "问题类别不能为空（如 用地、融资、用工、审批、物流）")
        elif len(r["category"]) > 40:
            bad("问题类别", r["category"], "问题类别过长（至多 40 字）")
        received = None
        if r.get("received_on"):
            received = _date(r["received_on"])
            if received is None:
                bad("征集日期", r["received_on"], "无法识别的日期（如 2026-05-12、2026年5月12日）")
        enterprise_id = None
        code = normalise_uscc(r.get("uscc") or "").lstrip("'")
        if code:
            checked = check_uscc(code)
            if not checked.valid:
                bad("统一社会信用代码", r["uscc"], "统一社会信用代码无效：" + "；".join(checked.errors))
            elif code in by_code:
                i, merged = by_code[code]
                enterprise_id = merged or i
        if enterprise_id is None and r.get("enterprise_name"):
            hits = sorted(set(by_name.get(normaliser.key(r["enterprise_name"]), [])))
            if len(hits) == 1:
                enterprise_id = hits[0]
            elif len(hits) > 1:
                bad("企业名称", r["enterprise_name"], f"企业库中有 {len(hits)} 家同名企业，请填写统一社会信用代码")
        if enterprise_id is None and not any(e.field in ("企业名称", "统一社会信用代码") for e in problems_here):
            shown = r.get("enterprise_name") or r.get("uscc") or None
            bad("企业名称", shown, "未在企业库（您的数据范围内）中找到该企业" if shown else "企业名称和统一社会信用代码都为空")
        if problems_here:
            errors.extend(problems_here)
        else:
            good.append({**r, "enterprise_id": enterprise_id, "received": received})
    return good, errors


def import_problems(engine: Engine, path: Path | str, *, skip_invalid: bool = False, viewer: Viewer,
                    meeting: int | None = None) -> dict[str, Any]:
    """Import a problem list workbook: all-or-nothing unless `skip_invalid`; the row-error report either way.
    `meeting`: put the problems written on this meeting's agenda (e.g. the list gathered for a 园区市长日), in
    the same transaction."""
    viewer.require(Permission.WRITE_REGISTRY)
    if meeting is not None:
        with engine.connect() as conn:  # refused before anything is read or written
            mt.writable_meeting(conn, meeting, viewer)
    rows, errors = read_rows(Path(path))
    good, row_errors = validate(engine, rows, viewer)
    errors += row_errors
    written: list[int] = []
    if good and (skip_invalid or not errors):
        with engine.begin() as conn:
            for r in good:
                try:
                    made = pr.add_problem(engine, title=r["title"], enterprise=str(r["enterprise_id"]),
                                          category=r["category"], description=r.get("description") or None,
                                          source=r.get("source") or None, received_on=r["received"], viewer=viewer,
                                          conn=conn)
                except ChainAtlasError as exc:  # outside the viewer's area, or not allowed to record it
                    errors.append(RowError(r["sheet"], r["row"], "企业名称", r.get("enterprise_name"), str(exc)))
                    continue
                written.append(made["id"])
            if errors and not skip_invalid:
                conn.rollback()
                written = []
            elif written and meeting is not None:
                mt.put_on_agenda(conn, meeting, written, viewer=viewer)
    errors.sort(key=lambda e: (e.sheet or "", e.row))
    status = "written" if written and not errors else "partial" if written else "rejected" if errors else "empty"
    return {"status": status, "rows": len(rows), "written": len(written), "ids": written,
            "rejected_rows": len({(e.sheet, e.row) for e in errors}),
            "errors": [e.as_dict() for e in errors], "skip_invalid": skip_invalid,
            "meeting": meeting if written else None}


def problems_workbook(engine: Engine, *, viewer: Viewer, today: date | None = None, **filters_: Any) -> bytes:
    """The problem list (filtered as the page is) as an Excel workbook with Chinese headers."""
    rows = [{**r, "enterprise_name": r["enterprise"]["name"], "enterprise_uscc": r["enterprise"]["uscc"]}
            for r in pr.iter_problems(engine, viewer=viewer, today=today, **filters_)]
    overdue = sum(1 for r in rows if r["overdue"])
    return xlsx_bytes([Sheet("重点问题清单", EXPORT_COLUMNS, rows, heading=(
        "重点问题清单", f"导出日期：{today or date.today()}；共 {len(rows)} 个问题，逾期 {overdue} 个"),
        fill=lambda r: "F8D7DA" if r["overdue"] else None)])


def export_problems(engine: Engine, path: Path | str, *, viewer: Viewer, **filters_: Any) -> dict[str, Any]:
    """Write the problem list workbook to a file."""
    data = problems_workbook(engine, viewer=viewer, **filters_)
    Path(path).write_bytes(data)
    return {"path": str(path), "bytes": len(data)}

