"""Risk early warning commands (风险监测预警): list the warnings, scan a region, acknowledge, show or set the rules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from chainatlas.cli.common import (
    ChainOpt,
    DbOpt,
    JsonOpt,
    RegionOpt,
    TokenOpt,
    chain_of,
    cli_viewer,
    console,
    emit,
    open_as,
    print_table,
    region_code,
    region_option,
    user_errors,
)
from chainatlas.domain.errors import InvalidInput
from chainatlas.services import atlas, monitoring
from chainatlas.store.db import open_database

LEVEL_MARKS = {"red": "[white on red] 红 [/]", "orange": "[black on dark_orange] 橙 [/]",
               "yellow": "[black on yellow] 黄 [/]"}

risks_app = typer.Typer(help="风险监测预警：预警清单、扫描、确认、规则。示例：chainatlas risks --region 长沙市 --json",
                        invoke_without_command=True)


def _item(w: dict[str, Any]) -> dict[str, Any]:
    """A warning as the CLI contract shows it: rule, level, subject, figures, message and its life."""
    keys = ("id", "rule", "rule_name", "rule_version", "level", "level_label", "subject_kind", "subject", "figures",
            "message", "region_code", "region_name", "chain_id", "link_id", "enterprise_id", "first_seen", "last_seen",
            "ended_on", "acknowledged", "acknowledged_at", "acknowledged_by", "ack_comment")
    return {k: w.get(k) for k in keys}


def _print_warnings(rows: list[dict[str, Any]], chain_names: dict[str, str]) -> None:
    if not rows:
        console.print("没有风险预警（先运行 chainatlas risks scan --region 地区）", highlight=False)
        return
    for w in rows:
        state = f"已确认：{w['acknowledged_by']}“{w['ack_comment']}”" if w["acknowledged"] else "新"
        if w["ended_on"]:
            state = f"已解除 {w['ended_on']}"
        console.print(f"{LEVEL_MARKS.get(w['level'], w['level'])} [bold]#{w['id']} {w['rule_name']}[/bold]　"
                      f"{w['message']}", highlight=False)
        console.print(f"　　{w['region_name'] or ''} {chain_names.get(w['chain_id'] or '', w['chain_id'] or '')}　首次 {w['first_seen']}　最近 {w['last_seen']}"
                      f"　{state}", style="dim", highlight=False)
    counts = {level: sum(1 for w in rows if w["level"] == level) for level in ("red", "orange", "yellow")}
    console.print(f"共 {len(rows)} 条：红色 {counts['red']}，橙色 {counts['orange']}，黄色 {counts['yellow']}",
                  highlight=False)


def _print_scan(result: dict[str, Any]) -> None:
    levels = result["by_level"]
    console.print(f"{result['region_name']}（{result['region']}）风险扫描完成：数据月份 {result['month'] or '无月度数据'}，"
                  f"规则版本 {result['rule_version']}；当前预警 {result['found']} 条（红 {levels['red']}、橙 {levels['orange']}、"
                  f"黄 {levels['yellow']}），新增 {result['created']}，持续 {result['updated']}，解除 {result['ended']}",
                  highlight=False)


@risks_app.callback()
@user_errors
def risks(ctx: typer.Context, chain: ChainOpt = None, region: RegionOpt = None,
          level: Annotated[str | None, typer.Option("--level", help="只看一个级别：red、orange、yellow")] = None,
          scan: Annotated[bool, typer.Option("--scan", help="先扫描（需 --region），再列出")] = False,
          include_ended: Annotated[bool, typer.Option("--all", help="包括已解除的预警")] = False,
          db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """风险预警清单（新预警在前，按级别着色）。示例：chainatlas risks --chain 锂电池 --region 长沙市 --json"""
    if ctx.invoked_subcommand is not None:
        return
    engine, viewer = open_as(db, token)
    chain_id, area = chain_of(engine, chain), region_code(region)
    if scan:
        if area is None:
            raise InvalidInput("--scan 需要 --region（扫描哪个地区）")
        monitoring.scan(engine, area, [chain_id] if chain_id else None, viewer=viewer)
    rows = [_item(w) for w in monitoring.open_warnings(engine, viewer=viewer, region=area, chain_id=chain_id,
                                                       include_ended=include_ended, level=level)]
    emit(rows, json_out, lambda: _print_warnings(rows, {c['id']: c['name'] for c in atlas.list_chains(engine)}))


@risks_app.command("scan")
@user_errors
def scan_cmd(region: Annotated[str, region_option("必填")],
             chain: Annotated[list[str] | None, typer.Option("--chain", help="只扫描这些产业链（可重复）")] = None,
             db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """按生效的规则扫描一个地区的产业链和企业，更新预警（新发现、持续、解除）。示例：chainatlas risks scan --region 长沙市"""
    engine = open_database(db)
    area = region_code(region)
    if area is None:
        raise InvalidInput("--region：请写明扫描哪个地区（如 430100 或 长沙市）")
    chains = [chain_of(engine, c) or c for c in chain] if chain else None
    result = monitoring.scan(engine, area, chains, viewer=cli_viewer(engine, token))
    emit(result, json_out, lambda: _print_scan(result))


@risks_app.command("ack")
@user_errors
def ack_cmd(warning_id: Annotated[int, typer.Argument(help="预警编号")],
            comment: Annotated[str, typer.Option("--comment", help="处理意见（必填）")],
            db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """确认一条预警并写明处理意见（仍在清单中，排在新预警之后）。示例：chainatlas risks ack 12 --comment "已约谈企业" """
    engine, viewer = open_as(db, token)
    result = _item(monitoring.acknowledge(engine, warning_id, comment, viewer=viewer))
    emit(result, json_out, f"已确认预警 #{result['id']}（{result['subject']}）：{result['ack_comment']}")


@risks_app.command("rules")
@user_errors
def rules_cmd(set_: Annotated[Path | None, typer.Option("--set", help="校验并保存为新版本的规则文件（YAML）",
                                                         exists=False, dir_okay=False)] = None,
              note: Annotated[str | None, typer.Option("--note", help="这一版规则的说明")] = None,
              db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """查看生效的风险预警规则，或用 --set 校验并保存新版本（版本号最高的生效）。示例：chainatlas risks rules --json > rules.yaml；chainatlas risks rules --set rules.yaml"""
    engine = open_database(db)
    if set_ is not None:
        if not set_.is_file():
            raise InvalidInput(f"--set：找不到规则文件 {set_}")
        data = monitoring.read_rules_text(set_.read_text(encoding="utf-8"), str(set_))
        result = monitoring.set_rules(engine, data, viewer=cli_viewer(engine, token), note=note)
    else:
        result = monitoring.rules_as_dict(engine)
    shown = {k: v for k, v in result.items() if k != "vocabulary"}
    emit(shown, json_out, lambda: _print_rules(result, saved=set_ is not None))


def _print_rules(result: dict[str, Any], saved: bool) -> None:
    rows = [{"id": r["id"], "name": r["name"], "level": r["level_label"], "enabled": "是" if r["enabled"] else "否",
             "params": "，".join(f"{k}={v}" for k, v in r["params"].items()),
             "escalate": "，".join(f"{k}={v}" for k, v in (r.get("escalate") or {}).items())}
            for r in result["rules"]]
    title = f"风险预警规则（版本 {result['version']}{'，已保存' if saved else ''}）"
    print_table(rows, [("id", "规则"), ("name", "名称"), ("level", "级别"), ("enabled", "启用"), ("params", "参数"),
                       ("escalate", "升级条件")], title=title)


COMMANDS = (("risks", risks_app),)
