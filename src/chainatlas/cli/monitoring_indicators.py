"""Monitoring: `chainatlas import indicators`, monthly and quarterly figures from the forms offices keep
(registered under the `import` group beside `import enterprises`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chainatlas.cli.common import (
    DbOpt,
    JsonOpt,
    TokenOpt,
    cli_viewer,
    console,
    emit,
    err_console,
    print_table,
    user_errors,
)
from chainatlas.cli.registry import PROBLEM_COLUMNS, import_app
from chainatlas.importers.reading import lines as reading_lines
from chainatlas.services import monitoring
from chainatlas.store.db import open_database


@import_app.command("indicators")
@user_errors
def import_indicators_cmd(
    file: Path,
    period: Annotated[str | None, typer.Option(
        "--period", help="报告期（YYYY-MM，季度写 2025Q2）：表中没有报告期列、标题中也没有年月时使用")] = None,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="导入正确的行，错误行不写入")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只读取和校验，显示如何读取（表头、列对应、报告期、跳过的行），不写入")] = False,
    db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False,
) -> None:
    """导入月度/季度指标（规上工业企业月报等：产值、营业收入、利润、税收、用电量、从业人员，本月与累计）。

    企业按统一社会信用代码、否则按企业名称对应企业库；按地区（和产业链）填报的合计写入地区总量。
    默认全部成功才写入。示例：chainatlas import indicators 规上工业企业月报-2025年6月.xlsx --dry-run
    """
    engine = open_database(db)
    options = monitoring.IndicatorOptions(skip_invalid=skip_invalid, period=period,
                                          actor=None if dry_run and not token else cli_viewer(engine, token))
    if dry_run:
        result = monitoring.preview_indicators(engine, file, options)
        data = result.as_dict()
        data.pop("batch_id"), data.pop("written")
    else:
        result = monitoring.import_indicators(engine, file, options)
        data = result.as_dict()
    emit(data, json_out, lambda: _print(file, result, data, dry_run))
    if result.rejected and not skip_invalid:
        if not json_out:
            err_console.print(f"有 {result.rejected} 行不合格，{'导入时将' if dry_run else ''}不写入任何数据。"
                              "修正后重试，或加 --skip-invalid 只导入正确的行。")
        raise typer.Exit(2)


def _print(file: Path, result: monitoring.IndicatorResult, data: dict, dry_run: bool) -> None:
    if dry_run:
        for line in reading_lines(data["reading"]):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
    verb = "预览（未写入）" if dry_run else file.name
    console.print(f"{verb}：共 {result.rows} 行；新增 {result.imported}，更新 {result.updated}，拒绝 {result.rejected}，"
                  f"警告 {len(result.warnings)}，跳过 {result.skipped} 行；报告期 {'、'.join(result.months) or '无'}",
                  highlight=False, soft_wrap=True)
    for kind, rows in (("错误", data["errors"]), ("警告", data["warnings"])):
        if rows:
            print_table(rows[:20], PROBLEM_COLUMNS, title=f"{kind}（前20条）")


COMMANDS: tuple = ()  # `import indicators` joins the registry's `import` group above
