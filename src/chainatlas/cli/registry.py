"""Registry commands: importing office workbooks, listing, showing, de-duplicating and merging enterprises,
and generating a synthetic registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from chainatlas.cli.common import (
    DbOpt,
    JsonOpt,
    TokenOpt,
    chain_of,
    cli_viewer,
    console,
    emit,
    err_console,
    print_table,
    progress_bar,
    region_code,
    user_errors,
)
from chainatlas.domain.chain import PLACEMENT_STATUS_LABELS
from chainatlas.domain.errors import ChainAtlasError
from chainatlas.importers.reading import lines as reading_lines
from chainatlas.services import atlas, demo, registry, targets
from chainatlas.store import housekeeping
from chainatlas.store.db import open_database

import_app = typer.Typer(help="导入数据", no_args_is_help=True)
enterprises_app = typer.Typer(help="企业库：列出、查看、查重、合并", no_args_is_help=True)


PROBLEM_COLUMNS = [(c.key, c.header) for c in registry.PROBLEM_COLUMNS if c.key != "severity"]


def _write_errors(path: Path, rows: list[dict]) -> None:
    """The error report: JSON for programs (.json), else the CSV with Chinese headers that the web page gives."""
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        path.write_bytes(registry.problems_csv(rows))


@import_app.command("enterprises")
@user_errors
def import_enterprises_cmd(
    file: Path,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="导入正确的行，错误行隔离保存")] = False,
    errors: Annotated[Path | None, typer.Option("--errors", help="错误报告输出文件（.csv 或 .json）")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="列名映射文件（YAML/JSON）")] = None,
    year: Annotated[int | None, typer.Option("--year", help="未注明年度的指标所属年度（默认上一年）")] = None,
    money_unit: Annotated[str, typer.Option("--money-unit", help="未注明单位的金额单位：元、万元、亿元")] = "万元",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只读取和校验，显示如何读取（表头、列对应、跳过的行），不写入")] = False,
    pool: Annotated[str | None, typer.Option("--pool", help="导入到外地招商企业库（按名称；不计入本地统计）")] = None,
    db: DbOpt = None, json_out: JsonOpt = False,
) -> None:
    """导入企业名录（XLSX/XLS/WPS ET/CSV，UTF-8 或 GBK）。默认全部成功才写入；--pool 导入到招商企业库。

    示例：chainatlas import enterprises 名录.xlsx --dry-run
    """
    if money_unit not in ("元", "万元", "亿元"):
        raise ChainAtlasError("--money-unit 应为 元、万元 或 亿元")
    if dry_run:
        _preview(file, registry.ImportOptions(skip_invalid, mapping, year, money_unit), errors, json_out)
        return
    engine = open_database(db)
    housekeeping.clean_up(engine)  # what a killed import left behind
    if pool is not None:
        _import_pool(engine, file, pool, skip_invalid, mapping, year, money_unit, errors, json_out)
        return
    with progress_bar() as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        result = registry.import_enterprises(engine, file, registry.ImportOptions(skip_invalid, mapping, year, money_unit, progress,
                                                                sole_user=True, actor=cli_viewer(engine, None)))
    data = result.as_dict()
    if errors:
        _write_errors(errors, data["errors"] + data["warnings"])
    emit(data, json_out, lambda: _print_import(file, result, data))
    if result.rejected and not skip_invalid:
        err_console.print(f"有 {result.rejected} 行不合格，未写入任何数据。修正后重试，或加 --skip-invalid 只导入正确的行。")
        raise typer.Exit(2)


def _import_pool(engine: Any, file: Path, pool: str, skip_invalid: bool, mapping: Path | None, year: int | None,
                 money_unit: str, errors: Path | None, json_out: bool) -> None:
    with progress_bar() as bar:
        task = bar.add_task("招商企业库", total=None)
        data = targets.import_pool(engine, file, pool, viewer=cli_viewer(engine, None), skip_invalid=skip_invalid,
                                   mapping_file=mapping, default_year=year, money_unit=money_unit,
                                   progress=lambda stage, done, total: bar.update(task, completed=done, total=total))
    if errors:
        _write_errors(errors, data["errors"] + data["warnings"])
    emit(data, json_out, f"{file.name} → 招商企业库“{data['pool']}”：共 {data['rows']} 行；新增 {data['imported']}，"
         f"更新 {data['updated']}，未变 {data['unchanged']}，拒绝 {data['rejected']}")
    if data["rejected"] and not skip_invalid:
        err_console.print(f"有 {data['rejected']} 行不合格，未写入任何数据。修正后重试，或加 --skip-invalid 只导入正确的行。")
        raise typer.Exit(2)


def _print_import(file: Path, result: registry.ImportResult, data: dict) -> None:
    # Every row is counted once: 新增 + 更新 + 未变 + 合并 + 拒绝 = 行数 (合并: rows folded into another).
    console.print(f"{file.name}：共 {result.rows} 行；新增 {result.imported}，更新 {result.updated}，"
                  f"未变 {result.unchanged}，合并 {result.merged}，拒绝 {result.rejected}，警告 {len(result.warnings)}",
                  highlight=False)
    if result.ignored_columns:
        console.print("未识别而忽略的列：" + "、".join(result.ignored_columns))
    if result.errors:
        print_table(data["errors"][:20], PROBLEM_COLUMNS, title="错误（前20条）")
    if result.warnings:
        print_table(data["warnings"][:20], PROBLEM_COLUMNS, title="警告（前20条）")


def _preview(file: Path, options: registry.ImportOptions, errors: Path | None, json_out: bool) -> None:
    """--dry-run: how the file reads and what an import would do; no database is opened."""
    result = registry.preview_enterprises(file, options)
    data = result.as_dict()
    data.pop("updated"), data.pop("unchanged"), data.pop("merged"), data.pop("batch_id")
    if errors:
        _write_errors(errors, data["errors"] + data["warnings"])
    emit(data, json_out, lambda: _print_preview(result, data))
    if result.rejected and not options.skip_invalid:  # the import itself would refuse the file
        raise typer.Exit(2)


def _print_preview(result: registry.ImportResult, data: dict) -> None:
    for line in reading_lines(data["reading"]):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    console.print(f"预览（未写入）：共 {result.rows} 行企业；可导入 {result.imported}，不合格 {result.rejected}，"
                  f"警告 {len(result.warnings)}，跳过 {result.skipped} 行", highlight=False, soft_wrap=True)
    for kind, rows in (("错误", data["errors"]), ("警告", data["warnings"])):
        if rows:
            print_table(rows[:20], PROBLEM_COLUMNS, title=f"{kind}（前20条）")


@enterprises_app.command("list")
@user_errors
def enterprises_list(
    q: Annotated[str | None, typer.Option("--q", help="按名称、信用代码或产品搜索")] = None,
    region: Annotated[str | None, typer.Option("--region", help="行政区划代码（省/市/县）")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="标签代码，如 specialised_sme")] = None,
    chain: Annotated[str | None, typer.Option("--chain")] = None,
    link: Annotated[str | None, typer.Option("--link")] = None,
    limit: int = 20, offset: int = 0,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="把筛选出的全部企业导出为 Excel（至多 1 万家）")] = None,
    db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False,
) -> None:
    """列出企业。示例：chainatlas enterprises list --region 岳麓区 --chain 锂电池 --xlsx 企业名录.xlsx"""
    engine = open_database(db)
    chain = chain_of(engine, chain)
    link = atlas.resolve_link_id(engine, chain, link) if chain and link else link
    viewer = cli_viewer(engine, token)
    filters = {"region": region_code(region), "tag": tag, "chain": chain, "link": link}
    if xlsx is not None:
        rows, _, more = registry.filtered_enterprises(engine, q, viewer=viewer, **filters)
        title = f"企业名录（{registry.filters_text(engine, q, **filters)}）"
        xlsx.write_bytes(registry.enterprises_workbook(rows, title, more, atlas.demo_note(engine)))
        console.print(f"已导出 {len(rows):,} 家：{xlsx}", highlight=False)
        return
    page = registry.search_enterprises(engine, q, limit=limit, offset=offset, viewer=viewer, **filters)
    total = f"{page['total']:,}" + ("+" if page.get("total_capped") else "")
    emit(page["items"], json_out, columns=[("id", "编号"), ("name", "企业名称"), ("uscc", "统一社会信用代码"),
                                           ("region", "区县"), ("revenue_wan_yuan", "营业收入(万元)")],
         title=f"共 {total} 家", empty="没有符合条件的企业")


@enterprises_app.command("show")
@user_errors
def enterprises_show(key: str, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """查看企业详情（KEY 为统一社会信用代码或编号）。示例：chainatlas enterprises show 1"""
    engine = open_database(db)
    data = registry.enterprise_profile(engine, key, viewer=cli_viewer(engine, token))
    emit(data, json_out, lambda: _print_profile(data))


def _print_profile(data: dict) -> None:
    for label, k in (("企业名称", "name"), ("统一社会信用代码", "uscc"), ("区县", "region"), ("园区", "park"),
                     ("成立日期", "founded"), ("主营产品", "main_products"), ("经营范围", "business_scope")):
        console.print(f"{label}：{data.get(k) or ''}")
    console.print("标签：" + "、".join(f"{t['label']}({t['year'] or '-'})" for t in data["tags"]))
    print_table(data["years"], [("year", "年度"), ("revenue_wan_yuan", "营业收入(万元)"),
                                ("rd_expense_wan_yuan", "研发费用(万元)"), ("employees", "从业人员")])
    print_table([{**p, "status": PLACEMENT_STATUS_LABELS.get(p["status"], p["status"])} for p in data["placements"]],
                [("id", "编号"), ("chain_name", "产业链"), ("link_name", "环节"), ("role_label", "角色"),
                 ("confidence", "置信度"), ("status", "状态")], title="挂链")


@enterprises_app.command("duplicates")
@user_errors
def enterprises_duplicates(min_score: float = 0.85, limit: int = 200, db: DbOpt = None,
                           json_out: JsonOpt = False) -> None:
    """列出疑似重复企业对，以及分支机构与其总公司（应关联，不合并）。示例：chainatlas enterprises duplicates --min-score 0.9"""
    pairs = registry.duplicates(open_database(db), min_score, limit)
    emit(pairs, json_out, rows=[{"a": f"{p['a']['id']} {p['a']['name']}", "b": f"{p['b']['id']} {p['b']['name']}",
                                 "relation": p["relation_label"], "score": p["score"]} for p in pairs],
         columns=[("a", "企业A"), ("b", "企业B"), ("relation", "关系"), ("score", "相似度")], empty="未发现疑似重复")


@enterprises_app.command("merge")
@user_errors
def enterprises_merge(keep: str, drop: str, reason: str = "", db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """把重复记录 DROP 合并进 KEEP（保留历史）。示例：chainatlas enterprises merge 12 57 --reason 同一企业"""
    engine = open_database(db)
    result = registry.merge(engine, keep, drop, reason, viewer=cli_viewer(engine, None))
    emit(result, json_out, f"已将 {result['merged']} 合并进 {result['kept']}")


@user_errors
def generate(enterprises_count: Annotated[int, typer.Option("--enterprises", help="企业数")],
             out: Annotated[Path, typer.Option("--out", help="输出文件 .csv 或 .xlsx")],
             bad_share: Annotated[float, typer.Option("--bad-share", help="错误行比例 0-1")] = 0.0,
             seed: int = 7, region: Annotated[str, typer.Option("--region", help="省/市/县行政区划代码")] = "430100",
             years: Annotated[int, typer.Option("--years", help="营收等指标的年数")] = 1,
             json_out: JsonOpt = False) -> None:
    """生成合成企业名录（示例数据）。示例：chainatlas generate --enterprises 1000 --out demo.csv --bad-share 0.05"""
    with progress_bar() as bar:
        task = bar.add_task("生成", total=enterprises_count)
        counts = demo.write_registry(out, enterprises_count, bad_share, seed, region, years,
                                lambda n: bar.advance(task, n))
    emit(counts, json_out, f"已写入 {out}：{counts}")


COMMANDS = (("import", import_app), ("enterprises", enterprises_app), ("generate", generate))
