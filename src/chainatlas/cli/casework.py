"""Casework commands: the key-problem list with its closed loop (重点问题清单, 闭环办理) and meetings."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from chainatlas.cli.common import (
    DbOpt,
    JsonOpt,
    TokenOpt,
    cli_viewer,
    console,
    emit,
    print_table,
    user_errors,
)
from chainatlas.domain.casework import STATE_LABELS
from chainatlas.domain.errors import InvalidInput
from chainatlas.services import casework, registry
from chainatlas.store.db import open_database

problems_app = typer.Typer(help="重点问题清单：登记、交办、督办、办结、回访，逾期与统计", no_args_is_help=True)
meetings_app = typer.Typer(help="会议（如园区市长日）：汇集问题、打印会议问题清单", no_args_is_help=True)

DateOpt = Annotated[str | None, typer.Option(help="日期，如 2026-05-12")]
LIST_COLUMNS = [("id", "编号"), ("enterprise_name", "企业"), ("title", "问题"), ("category", "类别"),
                ("state_label", "状态"), ("unit", "责任单位"), ("deadline", "办理时限"), ("reopened", "重新交办")]


def _date(value: str | None, label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{label}“{value}”不是日期（应为 2026-05-12 这样的格式）") from None


@problems_app.command("add")
@user_errors
def add(title: Annotated[str, typer.Option("--title", help="问题标题")],
        enterprise: Annotated[str, typer.Option("--enterprise", help="企业：统一社会信用代码或企业编号")],
        category: Annotated[str, typer.Option("--category", help="问题类别，如 用地、融资、用工、审批、物流")],
        description: Annotated[str | None, typer.Option("--description", help="问题描述")] = None,
        chain: Annotated[str | None, typer.Option("--chain", help="所属产业链编号（可不填）")] = None,
        source: Annotated[str | None, typer.Option("--source", help="问题来源，如 园区市长日")] = None,
        received: DateOpt = None, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """登记一个企业反映的问题（状态：征集）。示例：chainatlas problems add --title 用地指标不足 --enterprise 1 --category 用地"""
    engine = open_database(db)
    made = casework.add_problem(engine, title=title, enterprise=enterprise, category=category,
                                description=description, chain=chain, source=source,
                                received_on=_date(received, "征集日期"), viewer=cli_viewer(engine, token))
    emit(made, json_out, f"已登记问题 {made['id']}（征集）")


@problems_app.command("move")
@user_errors
def move(problem_id: int, to: Annotated[str, typer.Option("--to", help="目标状态：collected、acknowledged、assigned、"
                                                                     "supervised、resolved、closed")],
         unit: Annotated[str | None, typer.Option("--unit", help="责任单位（交办时必填）")] = None,
         deadline: Annotated[str | None, typer.Option("--deadline", help="办理时限（交办时；不填按类别的工作日数）")] = None,
         comment: Annotated[str | None, typer.Option("--comment", help="说明")] = None,
         resolution: Annotated[str | None, typer.Option("--resolution", help="办理结果（办结时必填）")] = None,
         satisfaction: Annotated[str | None, typer.Option("--satisfaction", help="回访满意度：satisfied、basically、"
                                                                              "dissatisfied（不满意则重新交办）")] = None,
         version: Annotated[int | None, typer.Option("--version", help="您看到的版本号（已被他人修改则拒绝）")] = None,
         db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """把问题转到下一状态（只允许闭环规定的转换）。示例：chainatlas problems move 1 --to assigned --unit 市自然资源局"""
    engine = open_database(db)
    data = casework.move(engine, problem_id, to, unit=unit, deadline=_date(deadline, "办理时限"), comment=comment,
                         resolution=resolution, satisfaction=satisfaction, version=version,
                         viewer=cli_viewer(engine, token))
    reopened = f"，已重新交办 {data['reopened']} 次" if data["reopened"] else ""
    emit(data, json_out, f"问题 {problem_id} 现为 {data['state']}（{data['state_label']}）{reopened}")


@problems_app.command("show")
@user_errors
def show(problem_id: int, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """查看问题及其办理记录。示例：chainatlas problems show 1 --json"""
    engine = open_database(db)
    data = casework.get_problem(engine, problem_id, viewer=cli_viewer(engine, token))
    emit(data, json_out, lambda: _print_problem(data))


def _print_problem(data: dict[str, Any]) -> None:
    console.print(f"[bold]{data['title']}[/bold]（问题 {data['id']}，{data['category']}）", highlight=False)
    console.print(f"企业：{data['enterprise']['name']}；状态：{data['state_label']}；责任单位：{data['unit'] or '—'}；"
                  f"办理时限：{data['deadline'] or '—'}{'（逾期）' if data['overdue'] else ''}；"
                  f"重新交办 {data['reopened']} 次", highlight=False)
    print_table([{**h, "from_label": h["from_label"] or "—"} for h in data["history"]],
                [("at", "时间"), ("username", "办理人"), ("from_label", "从"), ("to_label", "到"), ("comment", "说明")])
    if data["allowed"]:
        console.print("可转到：" + "、".join(f"{s}（{STATE_LABELS[s]}）" for s in data["allowed"]), highlight=False)


def _filters(overdue: bool, supervised: bool, reopened: bool, state: str | None, category: str | None,
             unit: str | None, region: str | None, park: str | None) -> dict[str, Any]:
    return {"overdue": overdue, "supervised": supervised, "reopened": reopened, "state": state or None,
            "category": category or None, "unit": unit or None, "region": region or None, "park": park or None}


OverdueOpt = Annotated[bool, typer.Option("--overdue", help="只列逾期问题")]
SupervisedOpt = Annotated[bool, typer.Option("--supervised", help="只列督办中的问题")]
ReopenedOpt = Annotated[bool, typer.Option("--reopened", help="只列被重新交办过的问题")]
StateOpt = Annotated[str | None, typer.Option("--state", help="状态")]
CategoryOpt = Annotated[str | None, typer.Option("--category", help="问题类别")]
UnitOpt = Annotated[str | None, typer.Option("--unit", help="责任单位")]
RegionOpt = Annotated[str | None, typer.Option("--region", help="行政区划代码")]
ParkOpt = Annotated[str | None, typer.Option("--park", help="园区")]


@problems_app.command("list")
@user_errors
def list_(overdue: OverdueOpt = False, supervised: SupervisedOpt = False, reopened: ReopenedOpt = False,
          state: StateOpt = None, category: CategoryOpt = None, unit: UnitOpt = None, region: RegionOpt = None,
          park: ParkOpt = None, limit: int = 50, offset: int = 0, db: DbOpt = None, token: TokenOpt = None,
          json_out: JsonOpt = False) -> None:
    """列出问题（可筛选逾期、督办、重新交办等）。示例：chainatlas problems list --overdue --json"""
    engine = open_database(db)
    page = casework.list_problems(engine, viewer=cli_viewer(engine, token), limit=limit, offset=offset,
                                  **_filters(overdue, supervised, reopened, state, category, unit, region, park))
    emit(page["items"], json_out, rows=[{**i, "enterprise_name": i["enterprise"]["name"]} for i in page["items"]],
         columns=LIST_COLUMNS, title=f"共 {page['total']}{'+' if page['total_capped'] else ''} 个问题", empty="没有符合条件的问题")


@problems_app.command("stats")
@user_errors
def stats(by: Annotated[str, typer.Option("--by", help="统计维度：unit 责任单位、category 类别、month/quarter/year 时期")]
          = "unit", since: DateOpt = None, until: DateOpt = None, db: DbOpt = None, token: TokenOpt = None,
          json_out: JsonOpt = False) -> None:
    """按责任单位、类别或时期统计：受理、办结、按时办结、平均天数、满意率。示例：chainatlas problems stats --by category"""
    engine = open_database(db)
    data = casework.stats(engine, viewer=cli_viewer(engine, token), by=by, since=_date(since, "起始日期"),
                          until=_date(until, "截止日期"))
    emit(data, json_out, rows=[*data["rows"], data["total"]], title=f"按{data['by_label']}统计",
         columns=[("key", data["by_label"]), ("received", "受理"), ("resolved", "办结"), ("resolved_on_time", "按时办结"),
                  ("average_days", "平均天数"), ("satisfaction_rate", "满意率"), ("overdue", "逾期"),
                  ("reopened", "重新交办")], empty="没有问题")


@problems_app.command("sweep")
@user_errors
def sweep(db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """把超过办理时限的交办问题记为督办（逾期检查在读取时也会进行）。示例：chainatlas problems sweep"""
    engine = open_database(db)
    data = casework.sweep(engine, viewer=cli_viewer(engine, token))
    emit(data, json_out, f"已自动督办 {data['supervised']} 个逾期问题")


@problems_app.command("deadlines")
@user_errors
def deadlines(category: Annotated[str | None, typer.Argument(help="问题类别")] = None,
              days: Annotated[int | None, typer.Argument(help="办理时限（工作日）")] = None,
              db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """查看或设置各类问题的办理时限（工作日，默认 15）。示例：chainatlas problems deadlines 融资 10"""
    engine = open_database(db)
    viewer = cli_viewer(engine, token)
    if category is not None:
        if days is None:
            raise InvalidInput("请同时给出类别和工作日数，如：chainatlas problems deadlines 融资 10")
        casework.set_deadline(engine, category, days, viewer=viewer)
    data = casework.list_deadlines(engine, viewer=viewer)
    emit(data, json_out, rows=data["categories"], columns=[("category", "类别"), ("working_days", "工作日")],
         title=f"其他类别默认 {data['default']} 个工作日", empty=f"未单独设置；所有类别均为 {data['default']} 个工作日")


@problems_app.command("import")
@user_errors
def import_(file: Path,
            skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="导入正确的行，报告错误行")] = False,
            errors: Annotated[Path | None, typer.Option("--errors", help="错误报告输出文件（.csv 或 .json）")] = None,
            meeting: Annotated[int | None, typer.Option("--meeting", min=1,
                                                        help="把写入的问题列入这个会议（如园区市长日）")] = None,
            db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """从 Excel/CSV 导入问题清单（企业按信用代码、再按名称匹配企业库）。默认全部正确才写入；--meeting 同时列入会议。

    示例：chainatlas problems import 问题清单.xlsx --errors 错误报告.csv
    """
    engine = open_database(db)
    result = casework.import_problems(engine, file, skip_invalid=skip_invalid, viewer=cli_viewer(engine, token),
                                      meeting=meeting)
    if errors:
        if errors.suffix.lower() == ".json":
            errors.write_text(json.dumps(result["errors"], ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            errors.write_bytes(registry.problems_csv(result["errors"]))
    if json_out:
        emit(result, True)
    else:
        console.print(f"读取 {result['rows']} 行，写入 {result['written']} 个问题，错误行 {result['rejected_rows']} 行"
                      + ("（全部或全不：未写入任何问题）" if result["status"] == "rejected" else "")
                      + (f"；已列入会议 {result['meeting']}" if result["meeting"] else ""), highlight=False)
        if result["errors"]:
            print_table(result["errors"][:30], [("sheet", "工作表"), ("row", "行号"), ("field", "列"), ("value", "值"),
                                                ("reason", "原因")])
    if result["status"] == "rejected":
        raise typer.Exit(1)


@problems_app.command("export")
@user_errors
def export(xlsx: Annotated[Path, typer.Option("--xlsx", help="输出的 Excel 文件")],
           overdue: OverdueOpt = False, supervised: SupervisedOpt = False, reopened: ReopenedOpt = False,
           state: StateOpt = None, category: CategoryOpt = None, unit: UnitOpt = None, region: RegionOpt = None,
           park: ParkOpt = None, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """导出问题清单为 Excel（中文表头）。示例：chainatlas problems export --xlsx 重点问题清单.xlsx --overdue"""
    engine = open_database(db)
    data = casework.export_problems(engine, xlsx, viewer=cli_viewer(engine, token),
                                    **_filters(overdue, supervised, reopened, state, category, unit, region, park))
    emit(data, json_out, f"已导出：{data['path']}")


@meetings_app.command("create")
@user_errors
def meeting_create(title: Annotated[str, typer.Option("--title", help="会议名称，如 5月园区市长日")],
                   held: Annotated[str, typer.Option("--date", help="会议日期")],
                   problem: Annotated[list[int] | None, typer.Option("--problem", help="问题编号（可多次给出）")] = None,
                   region: RegionOpt = None, park: ParkOpt = None,
                   db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """创建会议并列入问题。示例：chainatlas meetings create --title 5月园区市长日 --date 2026-05-20 --problem 1 --problem 2"""
    engine = open_database(db)
    held_on = _date(held, "会议日期")
    if held_on is None:
        raise InvalidInput("请给出会议日期，如 --date 2026-05-20")
    data = casework.create_meeting(engine, title, held_on, problem or [], viewer=cli_viewer(engine, token),
                                   region=region, park=park)
    emit(data, json_out, f"已创建会议 {data['id']}：{data['title']}（{data['problems']} 个问题）")


@meetings_app.command("add")
@user_errors
def meeting_add(meeting_id: int, problems: list[int], db: DbOpt = None, token: TokenOpt = None,
                json_out: JsonOpt = False) -> None:
    """把问题列入会议。示例：chainatlas meetings add 1 3 4"""
    engine = open_database(db)
    data = casework.add_to_meeting(engine, meeting_id, problems, viewer=cli_viewer(engine, token))
    emit(data, json_out, f"会议 {meeting_id} 现有 {data['problems']} 个问题")


@meetings_app.command("list")
@user_errors
def meeting_list(db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """列出会议。示例：chainatlas meetings list"""
    engine = open_database(db)
    rows = casework.list_meetings(engine, viewer=cli_viewer(engine, token))
    emit(rows, json_out, columns=[("id", "编号"), ("title", "会议"), ("held_on", "日期"), ("problems", "问题数")],
         empty="没有会议")


@meetings_app.command("show")
@user_errors
def meeting_show(meeting_id: int, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """查看会议及其问题。示例：chainatlas meetings show 1"""
    engine = open_database(db)
    data = casework.get_meeting(engine, meeting_id, viewer=cli_viewer(engine, token))
    emit(data, json_out, rows=[{**i, "enterprise_name": i["enterprise"]["name"]} for i in data["items"]],
         columns=LIST_COLUMNS, title=f"{data['title']}（{data['held_on']}）", empty="会议还没有问题")


@meetings_app.command("sheet")
@user_errors
def meeting_sheet(meeting_id: int, xlsx: Annotated[Path, typer.Option("--xlsx", help="输出的 Excel 文件")],
                  db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """打印用的会议问题清单（Excel：问题、企业、责任单位、办理时限）。示例：chainatlas meetings sheet 1 --xlsx 会议清单.xlsx"""
    engine = open_database(db)
    data = casework.meeting_sheet(engine, meeting_id, viewer=cli_viewer(engine, token))
    xlsx.write_bytes(data)
    emit({"path": str(xlsx), "bytes": len(data)}, json_out, f"已导出：{xlsx}")


COMMANDS = (("problems", problems_app), ("meetings", meetings_app))
