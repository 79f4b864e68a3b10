"""The `chainatlas` command: the root app with init, demo, serve and version; each capability's commands come
from its module's COMMANDS (a name and a command or a group), registered below in one tuple."""

from __future__ import annotations

from typing import Annotated

import typer

from chainatlas import __version__
from chainatlas.cli import access as access_cli
from chainatlas.cli import atlas as atlas_cli
from chainatlas.cli import casework as casework_cli
from chainatlas.cli import dashboard as dashboard_cli
from chainatlas.cli import evaluation as evaluation_cli
from chainatlas.cli import lists as lists_cli
from chainatlas.cli import monitoring_indicators as monitoring_indicators_cli
from chainatlas.cli import registry as registry_cli
from chainatlas.cli import reports as reports_cli
from chainatlas.cli import risks as risks_cli
from chainatlas.cli import rules as rules_cli
from chainatlas.cli import targets as targets_cli
from chainatlas.cli.common import (
    DbOpt,
    JsonOpt,
    console,
    emit_json,
    err_console,
    progress_bar,
    user_errors,
)
from chainatlas.cli.usage import ChineseGroup
from chainatlas.services import setup
from chainatlas.store import housekeeping
from chainatlas.store.db import open_database

HostOpt = Annotated[str, typer.Option("--host", help="网页服务监听地址")]
PortOpt = Annotated[int, typer.Option("--port", help="网页服务端口")]

app = typer.Typer(help="产业链图谱 ChainAtlas：产业链地图、企业库、补链分析。示例：chainatlas demo",
                  name="chainatlas", no_args_is_help=True, pretty_exceptions_enable=False, cls=ChineseGroup)
CAPABILITIES = (registry_cli, atlas_cli, targets_cli, evaluation_cli, lists_cli, casework_cli, rules_cli,
                access_cli, monitoring_indicators_cli, dashboard_cli, risks_cli, reports_cli)  # the order of `chainatlas --help`
for _capability in CAPABILITIES:
    for _name, _command in _capability.COMMANDS:
        if isinstance(_command, typer.Typer):
            app.add_typer(_command, name=_name)
        else:
            app.command(_name)(_command)


@app.command()
@user_errors
def version() -> None:
    """打印版本号。示例：chainatlas version"""
    console.print(__version__)


@app.command()
@user_errors
def init(db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """创建或升级数据库，并加载内置产业链模板。示例：chainatlas init --db city.db"""
    result = setup.initialise(db)
    result["cleaned_up"] = housekeeping.clean_up(open_database(db))  # what killed imports left behind
    if json_out:
        emit_json(result)
    else:
        console.print(f"数据库已就绪：{result['database']}（结构版本 {result['revision']}），"
                      f"内置产业链 {len(result['chains'])} 条")


@app.command("demo")
@user_errors
def demo_cmd(db: Annotated[str, typer.Option("--db", help="演示数据库文件")] = "chainatlas-demo.db",
         size: Annotated[int, typer.Option("--size", help="示例企业数")] = 3000,
         no_serve: Annotated[bool, typer.Option("--no-serve", help="只建库，不启动网页服务")] = False,
         host: HostOpt = "127.0.0.1", port: PortOpt = 8000,
         json_out: JsonOpt = False) -> None:
    """建立演示数据库（示例数据：长沙市合成企业）并启动网页服务。示例：chainatlas demo；只建库：chainatlas demo --no-serve"""
    with progress_bar() as bar:
        task = bar.add_task("演示数据", total=None)
        result = setup.build_demo(db, size, lambda stage: bar.update(task, description=stage))
    if json_out:
        emit_json(result)
    else:
        console.print(f"演示数据库已建立：{result['database']}（示例数据，{result['enterprises']} 家合成企业）")
        console.print(f"试试：chainatlas gaps lithium-battery --db {db}")
        console.print(f"办公室格式的名录示例：{result['workbook']}（标题行、两级表头、合计行……）；在「数据导入」页上传它先看读取预览，"
                      f"或 chainatlas import enterprises {result['workbook']} --dry-run", highlight=False)
        console.print(f"规上工业企业月报示例：{result['indicators_workbook']}（本月|累计两级表头）；在「数据导入」页选“月度指标”上传，"
                      f"或 chainatlas import indicators {result['indicators_workbook']} --dry-run --db {db}", highlight=False)
        console.print(f"示例账号（仅示例数据库）：{'、'.join(result['accounts'])}；密码均为 {result['password']}；"
                      "各角色可见范围见 README「Demo accounts」", highlight=False)
    if not no_serve:
        _serve(db, host, port)


# --- web server (pages + JSON API) ---------------------------------------------------------------
def _serve(db: str | None, host: str, port: int, workers: int = 1) -> None:
    from chainatlas.server import serve as run_server

    run_server(db, host, port, workers, lambda url: err_console.print(f"网页与接口已启动：{url}（接口 {url}api/v1，按 Ctrl+C 停止）"))


@app.command()
@user_errors
def serve(host: HostOpt = "127.0.0.1", port: PortOpt = 8000,
          workers: Annotated[int, typer.Option("--workers", min=1, max=32, help="工作进程数（多核时可提高并发）")] = 1,
          db: DbOpt = None) -> None:
    """启动网页（总览、产业链图谱、补链分析、企业库、数据导入）与 JSON 接口 /api/v1。示例：chainatlas serve --db city.db --port 8000"""
    _serve(db, host, port, workers)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
