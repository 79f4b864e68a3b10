"""`chainatlas rules …`: one official evaluation at a time (docs/rules.md §1–§5).

Each command reads its input, calls one rule function and prints the result:
a Chinese table by default, the result's fields with ``--json``. A negative
outcome is still a successful run (exit 0); only bad input exits non-zero.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer

from chainatlas import reference
from chainatlas.cli.common import JsonOpt, console, emit_json, print_table, user_errors
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import (
    EXAMPLE_PROVINCIAL_2022,
    EnterpriseFacts,
    LevelResult,
    RuleResult,
    ScaleResult,
    SizeResult,
    classify_sme_size,
    evaluate_above_scale,
    evaluate_innovative_sme,
    evaluate_little_giant,
    evaluate_specialised_sme,
    facts_from_dict,
    maturity_level,
    provincial_config_from_dict,
)
from chainatlas.domain.rules.specialised import CURRENT_RULE_SET, check_rule_set
from chainatlas.domain.rules.text import amount
from chainatlas.domain.uscc import check_uscc

rules_app = typer.Typer(help="官方评价规则（单个计算）", no_args_is_help=True)

IndustryOpt = Annotated[str, typer.Option(
    "--industry", help="GB/T 4754-2017 行业代码：门类字母或 2–4 位数字，如 C、39、3985")]
RevenueOpt = Annotated[str | None, typer.Option("--revenue-wan", help="营业收入（万元），如 1200 或 1200.5")]
FactsArg = Annotated[Path, typer.Argument(help="企业事实 JSON 文件（字段见 docs/facts.md）",
                                          show_default=False)]
RulesOpt = Annotated[str, typer.Option("--rules", help="规则版本：2022（存量/复核）或 2026（新申报）")]


def _wan(raw: str | None, option: str) -> Decimal | None:
    """A money option in 万元 as Decimal; never float."""
    if raw is None:
        return None
    try:
        value = Decimal(raw.strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(f"{option} 应为数值（万元），实际为 {raw!r}") from None
    if not value.is_finite():
        raise InvalidInput(f"{option} 应为有限数值，实际为 {raw!r}")
    return value


def _read_json(path: Path) -> Any:
    """Read a JSON file, turning every file or syntax problem into one Chinese message."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} 是目录，应为 JSON 文件") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} 不是 UTF-8 编码的文本文件") from None
    except OSError as exc:
        raise InvalidInput(f"无法读取 {path}：{exc.strerror or exc}") from None
    try:
        # Decimal keeps 1234.56 exact; floats would not.
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path} 不是有效的 JSON：第{exc.lineno}行第{exc.colno}列，{exc.msg}") from None


def _facts(path: Path) -> EnterpriseFacts:
    data = _read_json(path)
    try:
        return facts_from_dict(data)
    except InvalidInput as exc:
        raise InvalidInput(f"{path.name}：{exc}") from None


def _verdict(result: RuleResult) -> str:
    if isinstance(result, SizeResult):
        sector = f"（划型行业：{result.sector}）" if result.sector else ""
        return f"企业规模：{result.size or '无法判定'}{sector}"
    if isinstance(result, ScaleResult):
        if result.qualified is None:
            return "规上/限上：无法判定"
        return f"规上/限上：{'是，' + (result.status or '') if result.qualified else '否'}（{result.sector}）"
    if isinstance(result, LevelResult):
        prefix = f"等级：{result.level or '无'}；"
    else:
        prefix = ""
    return f"{prefix}结论：{result.verdict}" + ("" if result.score is None else f"（得分 {result.score}）")


def _shown(value: Any, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal | int):
        return amount(value, unit)
    return str(value)


def _show(result: RuleResult, as_json: bool) -> None:
    """Print a result as JSON or as a readable Chinese table."""
    if as_json:
        emit_json(asdict(result))
        return
    console.print(f"规则：{result.rule}（{result.version}）  可信度：{result.confidence}", highlight=False)
    if result.parts:
        rows = [{
            "indicator": part.indicator,
            "value": _shown(part.value, part.unit),
            "band": part.band,
            "points": part.points,
            "max_points": part.max_points,
            "passed": {True: "✓", False: "✗", None: ""}[part.passed],
        } for part in result.parts]
        print_table(rows, [("indicator", "指标/条件"), ("value", "数值"), ("band", "档位/要求"),
                           ("points", "得分"), ("max_points", "满分"), ("passed", "满足")])
    console.print(_verdict(result), highlight=False)
    for reason in result.reasons:
        console.print(f"  · {reason}", highlight=False)
    if result.missing:
        console.print("缺少数据：" + "、".join(result.missing), highlight=False)


@rules_app.command("uscc")
@user_errors
def uscc(code: Annotated[str, typer.Argument(help="统一社会信用代码，如 91330000712560575G")],
         as_json: JsonOpt = False) -> None:
    """校验统一社会信用代码（GB 32100-2015）。

    示例：chainatlas rules uscc 91330000712560575G
    """
    check = check_uscc(code)
    if as_json:
        emit_json({"code": check.code, "valid": check.valid, "errors": check.errors,
                   "warnings": check.warnings, "region_code": check.region_code})
        return
    console.print(f"{check.code}：{'有效' if check.valid else '无效'}", highlight=False)
    if check.region_code:
        console.print(f"  行政区划代码：{check.region_code}", highlight=False)
    for error in check.errors:
        console.print(f"  ✗ {error}", highlight=False)
    for warning in check.warnings:
        console.print(f"  ! {warning}", highlight=False)


@rules_app.command("sme-size")
@user_errors
def sme_size(
    industry: IndustryOpt,
    employees: Annotated[int | None, typer.Option("--employees", help="从业人员（人）")] = None,
    revenue_wan: RevenueOpt = None,
    assets_wan: Annotated[str | None, typer.Option("--assets-wan", help="资产总额（万元）")] = None,
    as_json: JsonOpt = False,
) -> None:
    """中小企业划型（大型/中型/小型/微型）。

    示例：chainatlas rules sme-size --industry 39 --employees 250 --revenue-wan 1200
    """
    result = classify_sme_size(industry, employees=employees, revenue_wan=_wan(revenue_wan, "--revenue-wan"),
                               total_assets_wan=_wan(assets_wan, "--assets-wan"),
                               known_codes=reference.industries())
    _show(result, as_json)


@rules_app.command("above-scale")
@user_errors
def above_scale(industry: IndustryOpt, revenue_wan: RevenueOpt = None, as_json: JsonOpt = False) -> None:
    """规上/限上判定（工业、批发零售、住宿餐饮按主营业务收入，服务业按营业收入）。

    示例：chainatlas rules above-scale --industry 52 --revenue-wan 600
    """
    result = evaluate_above_scale(industry, revenue_wan=_wan(revenue_wan, "--revenue-wan"),
                                  known_codes=reference.industries())
    _show(result, as_json)


@rules_app.command("innovative-sme")
@user_errors
def innovative_sme(facts: FactsArg, as_json: JsonOpt = False) -> None:
    """创新型（科技和创新型）中小企业评价（2022 评价表）。大型企业不适用（非中小企业）。

    示例：chainatlas rules innovative-sme facts.json --json
    """
    _show(evaluate_innovative_sme(_facts(facts)), as_json)


@rules_app.command("specialised-sme")
@user_errors
def specialised_sme(
    facts: FactsArg,
    rules: RulesOpt = CURRENT_RULE_SET,
    provincial: Annotated[Path | None, typer.Option(
        "--provincial", help="2022 评分的省级特色化指标配置 JSON（默认为示例配置）")] = None,
    as_json: JsonOpt = False,
) -> None:
    """专精特新中小企业认定条件（默认 2026 规则）。

    示例：chainatlas rules specialised-sme facts.json --rules 2022 --provincial province.json
    """
    config = EXAMPLE_PROVINCIAL_2022
    if provincial is not None:
        try:
            config = provincial_config_from_dict(_read_json(provincial))
        except InvalidInput as exc:
            raise InvalidInput(f"{provincial.name}：{exc}") from None
    _show(evaluate_specialised_sme(_facts(facts), check_rule_set(rules), provincial=config), as_json)


@rules_app.command("little-giant")
@user_errors
def little_giant(
    facts: FactsArg,
    rules: RulesOpt = CURRENT_RULE_SET,
    review: Annotated[bool, typer.Option(
        "--review", help="复核（2026 规则下不考核营业收入复合增长率）")] = False,
    as_json: JsonOpt = False,
) -> None:
    """专精特新"小巨人"认定条件（默认 2026 规则）。

    示例：chainatlas rules little-giant facts.json --rules 2026 --review
    """
    _show(evaluate_little_giant(_facts(facts), check_rule_set(rules), review=review), as_json)


@rules_app.command("maturity")
@user_errors
def maturity(score: Annotated[str, typer.Option("--score", help="GB/T 39117 评估得分（0–5），如 2.9")],
             as_json: JsonOpt = False) -> None:
    """智能制造能力成熟度等级（GB/T 39116，得分→等级依 GB/T 39117）。

    示例：chainatlas rules maturity --score 2.9
    """
    _show(maturity_level(score), as_json)


COMMANDS = (("rules", rules_app),)
