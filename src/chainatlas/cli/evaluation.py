"""`chainatlas evaluate`, `chainatlas facts import` and `chainatlas cultivation`: the registry under the rules.

Each command opens the database, calls one function of services.evaluation
and prints the result: a Chinese table by default, the service's dict with
``--json``. Registered on the main app in cli/main.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from chainatlas.cli.common import (
    DbOpt,
    JsonOpt,
    TokenOpt,
    chain_of,
    cli_viewer,
    console,
    emit,
    emit_json,
    err_console,
    fail,
    print_table,
    region_code,
    user_errors,
)
from chainatlas.domain.errors import InvalidInput
from chainatlas.services import evaluation
from chainatlas.store.db import open_database

facts_app = typer.Typer(help="企业事实：企业库以外的评价数据（知识产权、奖励、研发机构、市场占有率等）",
                        no_args_is_help=True)

OnOpt = Annotated[str | None, typer.Option("--on", help="评价基准日 YYYY-MM-DD（默认今天）")]
YearOpt = Annotated[int | None, typer.Option("--year", help="“上年”即所评价数据的年度（默认基准日的上一年；企业库最新数据更早时取最新有数据的年度）")]


def _date(raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"--on 应为 YYYY-MM-DD 格式的日期，实际为 {raw!r}") from None


def _evaluate_all(db: str | None, on: date | None, year: int | None) -> dict[str, Any]:
    engine = open_database(db)
    with Progress(TextColumn("评价"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True) as bar:
        task = bar.add_task("评价", total=None)
        return evaluation.evaluate_all(engine, lambda done, total: bar.update(task, completed=done, total=total),
                                       on=on, facts_year=year)


def _print_summary(result: dict[str, Any]) -> None:
    console.print(f"已评价 {result['enterprises']} 家企业，保存 {result['results']} 条结果"
                  f"（基准日 {result['evaluated_on']}，数据年度 {result['facts_year']}，用时 {result['seconds']} 秒）",
                  highlight=False)
    print_table(result["rules"], [("label", "规则"), ("basis", "依据"), ("confidence_label", "可信度"),
                                  ("qualified", "符合"), ("not_qualified", "不符合"), ("undecided", "数据不足")])


def _print_enterprise(page: dict[str, Any]) -> None:
    e = page["enterprise"]
    console.print(f"{e['name']}（{e['uscc'] or e['id']}）  基准日 {page['evaluated_on']}，数据年度 {page['facts_year']}",
                  highlight=False)
    rows = [{**r, "value": r["score"] or r["level"] or "", "lacks": "；".join(r["lacks"][:3])}
            for r in page["results"]]
    print_table(rows, [("label", "规则"), ("basis", "依据"), ("verdict", "结论"), ("value", "得分/等级"),
                       ("confidence_label", "可信度"), ("lacks", "差距")])
    legend = "；".join(f"{c['label']}：{c['meaning']}" for c in page["confidence_legend"])
    console.print(f"可信度：{legend}", highlight=False)


@user_errors
def evaluate(
    key: Annotated[str | None, typer.Argument(help="统一社会信用代码或企业编号", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="评价企业库中的全部企业")] = False,
    on: OnOpt = None, year: YearOpt = None, db: DbOpt = None, json_out: JsonOpt = False,
) -> None:
    """按官方规则评价企业并保存结果（含规则版本）。

    示例：chainatlas evaluate --all；chainatlas evaluate 91430100MA4L000000 --json
    """
    if all_ == (key is not None):
        raise InvalidInput("请给出一家企业（统一社会信用代码或编号），或用 --all 评价全部企业，二者选一")
    when = _date(on)
    if all_:
        result = _evaluate_all(db, when, year)
        emit(result, json_out, lambda: _print_summary(result))
        return
    assert key is not None
    engine = open_database(db)
    page = evaluation.evaluate_enterprise(engine, key, viewer=cli_viewer(engine, None), on=when, facts_year=year)
    emit(page, json_out, lambda: _print_enterprise(page))


@facts_app.command("import")
@user_errors
def facts_import(
    file: Annotated[Path, typer.Argument(help="企业事实文件（.json/.csv/.xlsx，按统一社会信用代码，字段见 docs/facts.md）",
                                         show_default=False)],
    replace: Annotated[bool, typer.Option("--replace", help="先清除这些企业已保存的事实，而不是逐项合并")] = False,
    db: DbOpt = None, json_out: JsonOpt = False,
) -> None:
    """导入企业事实（企业库以外的评价数据）。有任何错误则不写入。

    示例：chainatlas facts import 企业事实.xlsx
    """
    result = evaluation.import_facts(open_database(db), file, replace=replace)
    if json_out:
        emit_json(result)
    elif result["errors"]:
        print_table(result["errors"][:20], [("sheet", "工作表"), ("row", "行"), ("field", "字段"), ("value", "值"),
                                            ("reason", "原因")], title="错误（前20条）")
    else:
        console.print(f"{result['file']}：共 {result['rows']} 行，写入 {result['enterprises']} 家企业的事实"
                      f"（新增 {result['created']}，更新 {result['updated']}）。运行 chainatlas evaluate --all 更新评价结果",
                      highlight=False)
    if result["errors"]:
        first = result["errors"][0]
        where = f"{first['sheet']} " if first["sheet"] else ""
        raise fail(f"{result['file']}：{len(result['errors'])} 处错误，未写入任何数据。首个错误：{where}第{first['row']}行"
                   f" 字段 {first['field']}：{first['reason']}", 2)


def _print_report(report: dict[str, Any]) -> None:
    scope = "、".join(s for s in ((report["chain"] or {}).get("name"), (report["region"] or {}).get("name")) if s)
    console.print(f"优质中小企业梯度培育报告（{scope or '全部企业'}，{report['enterprises']} 家；"
                  f"评价日期 {report['evaluated_on'] or '尚未评价'}）", highlight=False)
    for tier in report["tiers"]:
        console.print(f"\n[bold]{tier['title']}[/bold]：已获称号 {tier['holders_count']} 家，"
                      f"符合条件未获称号 {tier['eligible_count']} 家，培育对象 {tier['candidates_count']} 家"
                      f"（依据{tier['rule']['basis']}）", highlight=False)
        rows = [{**c, "lacks": "；".join(c["lacks"])} for c in tier["candidates"]]
        print_table(rows, [("name", "企业"), ("region", "区县"), ("failed_count", "未满足"),
                           ("missing_count", "缺数据"), ("lacks", "差距")], title="差距最小的培育对象")
    for note in report["notes"]:
        console.print(note, highlight=False)


@user_errors
def cultivation(
    chain: Annotated[str | None, typer.Option("--chain", help="只看这条产业链上的企业（挂链未驳回）")] = None,
    region: Annotated[str | None, typer.Option("--region", help="行政区划代码（省/市/县，GB/T 2260）")] = None,
    limit: Annotated[int, typer.Option("--limit", help="每个梯度每类（已获称号、符合条件、培育对象）列出的企业数；Excel 导出全部")] = 50,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="导出 Excel 文件（每个梯度一个工作表）")] = None,
    db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False,
) -> None:
    """梯度培育报告：各梯度的称号企业、符合条件未获称号的企业、差距最小的培育对象及差距。

    示例：chainatlas cultivation --chain lithium-battery --region 430100 --xlsx 梯度培育.xlsx
    """
    engine = open_database(db)
    report = evaluation.cultivation_report(engine, chain_of(engine, chain), region_code(region), limit,
                                           viewer=cli_viewer(engine, token))
    if xlsx is not None:  # the whole filtered lists, not the first ``limit``
        whole = evaluation.cultivation_report(engine, chain_of(engine, chain), region_code(region), None,
                                              viewer=cli_viewer(engine, token))
        xlsx.write_bytes(evaluation.cultivation_xlsx(whole))
    if json_out:
        emit_json(report)
        return
    _print_report(report)
    if xlsx is not None:
        console.print(f"已导出：{xlsx}", highlight=False)


COMMANDS = (("evaluate", evaluate), ("cultivation", cultivation), ("facts", facts_app))
