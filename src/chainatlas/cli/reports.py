"""Report commands: the monthly chain report in Word and PDF (`chainatlas report CHAIN …`) and the deployment's
report template (`chainatlas report template …`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from chainatlas.cli.common import (
    DbOpt,
    JsonOpt,
    TokenOpt,
    cli_viewer,
    console,
    emit,
    region_code,
    user_errors,
)
from chainatlas.domain.errors import InvalidInput
from chainatlas.services import reports
from chainatlas.store.db import open_database


class ReportGroup(TyperGroup):
    """`chainatlas report CHAIN …` makes a report; `chainatlas report template …` manages the template."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["make", *args]
        return super().parse_args(ctx, args)


report_app = typer.Typer(cls=ReportGroup, no_args_is_help=True,
                         help="产业链运行监测月报（Word 与 PDF）。示例：chainatlas report 锂电池 --region 430100 --month 2026-10 "
                              "--docx 月报.docx --pdf 月报.pdf")


@report_app.command("make")
@user_errors
def make(chain: Annotated[str, typer.Argument(help="产业链编号或名称（锂电池、lithium-battery）")],
         region: Annotated[str, typer.Option("--region", help="行政区划代码或名称（430100、长沙市）")],
         month: Annotated[str, typer.Option("--month", help="月份 YYYY-MM，如 2026-10")],
         docx: Annotated[Path | None, typer.Option("--docx", help="写出 Word 文件")] = None,
         pdf: Annotated[Path | None, typer.Option("--pdf", help="写出 PDF 文件")] = None,
         template: Annotated[Path | None, typer.Option("--template", help="本次使用的模板文件（YAML，只写要改的项）")] = None,
         db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """生成产业链运行监测月报（Word 与 PDF；两者都不指定时在当前目录按标题命名写出两者）。示例：chainatlas report 锂电池 --region 长沙市 --month 2026-10 --docx 月报.docx --pdf 月报.pdf"""
    engine = open_database(db)
    viewer = cli_viewer(engine, token)
    area = region_code(region)
    if area is None:
        raise InvalidInput("--region 不能为空")
    report = reports.build_report(engine, chain, area, month, viewer=viewer,
                                  template=reports.load_template(engine, template))
    if docx is None and pdf is None:
        docx, pdf = Path(report.file_stem + ".docx"), Path(report.file_stem + ".pdf")
    written = {}
    if docx is not None:
        docx.write_bytes(reports.write_docx(report))
        written["docx"] = str(docx)
    if pdf is not None:
        pdf.write_bytes(reports.write_pdf(report))
        written["pdf"] = str(pdf)
    result = {**reports.report_as_dict(report), **written}
    emit(result, json_out, lambda: _print(result))


def _print(result: dict[str, Any]) -> None:
    console.print(result["title"], highlight=False)
    if not result["has_figures"]:
        console.print(f"注意：{reports.NO_FIGURES}（报告中已注明）", highlight=False)
    for kind in ("docx", "pdf"):
        if kind in result:
            console.print(f"已写出 {result[kind]}", highlight=False)


@report_app.command("template")
@user_errors
def template(set_: Annotated[Path | None, typer.Option("--set", help="把此模板文件设为本部署的月报模板（先校验）")] = None,
             reset: Annotated[bool, typer.Option("--reset", help="恢复内置模板")] = False,
             db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """查看或设置本部署的月报模板（标题、发文单位、落款、章节及顺序）。示例：chainatlas report template --set 我市模板.yaml"""
    engine = open_database(db)
    viewer = cli_viewer(engine, token)
    if set_ is not None and reset:
        raise InvalidInput("--set 与 --reset 只能选一个")
    if set_ is not None:
        try:
            text = set_.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InvalidInput(f"月报模板文件不存在：{set_}") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"月报模板文件 {set_.name} 不是 UTF-8 编码的文本") from None
        current = reports.set_template(engine, text, viewer=viewer, name=set_.name)
    elif reset:
        current = reports.set_template(engine, None, viewer=viewer)
    else:
        current = reports.load_template(engine)
    result = reports.template_as_dict(current)
    emit(result, json_out, lambda: _print_template(result))


def _print_template(result: dict[str, Any]) -> None:
    console.print(f"月报模板（{result['source']}）：标题 {result['title']}；发文单位 {result['issuer']}；"
                  f"落款 {result['seal_line'] or '无'}", highlight=False)
    console.print("章节：" + "、".join(s["heading"] for s in result["sections"]), highlight=False)


COMMANDS = (("report", report_app),)
