"""Usage errors as one Chinese line: Click and Typer word them in English boxes ("Missing argument 'chain'");
the root command group of `chainatlas` catches them and says what is wrong and where the help is."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import exceptions as click_errors  # Typer's own Click (it ships one)
from typer.core import TyperGroup

from chainatlas.cli.common import err_console

_VALUE_PROBLEMS = (  # Click's English value messages → Chinese
    (re.compile(r"Input should be a valid integer.*"), "应为整数"),
    (re.compile(r"Input should be a valid number.*"), "应为数字"),
    (re.compile(r"Input should be a valid boolean.*"), "应为是/否"),
    (re.compile(r"Input should be a valid date.*"), "应为日期（如 2025-06-30）"),
    (re.compile(r"Input should be (?:greater|less) than(?: or equal to)? (.*)"), "超出允许范围（{0}）"),
    (re.compile(r"'?(.*?)'? is not a valid integer( range)?\.?"), "“{0}”不是整数"),
    (re.compile(r"'?(.*?)'? is not a valid float( range)?\.?"), "“{0}”不是数字"),
    (re.compile(r"'?(.*?)'? is not one of (.*)\.?"), "“{0}”不是可选值之一（{1}）"),
    (re.compile(r"'?(.*?)'? is not a valid boolean\.?"), "“{0}”不是是/否值"),
    (re.compile(r"(?:File|Path|Directory) '?(.*?)'? does not exist\.?"), "文件不存在：{0}"),
    (re.compile(r"'?(.*?)'? is not in the range (.*)\.?"), "“{0}”不在允许范围（{1}）内"),
    (re.compile(r"(.*?) is (?:smaller|larger) than the (?:minimum|maximum) valid value (.*)\.?"), "{0} 超出允许范围（{1}）"),
)


def _value_problem(message: str) -> str:
    for pattern, chinese in _VALUE_PROBLEMS:
        found = pattern.fullmatch(message.strip())
        if found:
            return chinese.format(*found.groups())
    return message


def chinese(error: click_errors.UsageError) -> str:
    """One Chinese sentence for a usage error."""
    if isinstance(error, click_errors.MissingParameter):
        param = error.param
        if param is not None and param.param_type_name == "argument":
            return f"缺少参数 {param.name.upper() if param.name else ''}".rstrip()
        names = "/".join(param.opts) if param is not None else ""
        return f"缺少选项 {names}".rstrip()
    if isinstance(error, click_errors.NoSuchOption):
        hint = f"（是否想用 {'、'.join(sorted(error.possibilities))}？）" if error.possibilities else ""
        return f"没有这个选项：{error.option_name}{hint}"
    if isinstance(error, click_errors.BadParameter):
        where = error.param_hint or (error.param.opts[0] if error.param is not None and error.param.opts else "")
        if isinstance(where, Sequence) and not isinstance(where, str):
            where = "/".join(where)
        where = str(where).strip("'\"")
        return f"{where} 的值无效：{_value_problem(error.message)}" if where else _value_problem(error.message)
    if isinstance(error, click_errors.BadOptionUsage):
        found = re.fullmatch(r"Option '?(.*?)'? requires an argument\.?", error.message)
        return f"选项 {found.group(1)} 需要一个值" if found else error.message
    found = re.fullmatch(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)\.?", error.message)
    if found:
        return f"多余的参数：{found.group(1)}"
    found = re.fullmatch(r"No such command '?(.*?)'?\.?", error.message)
    if found:
        return f"没有这个命令：{found.group(1)}"
    return error.message


class ChineseGroup(TyperGroup):
    """The root group: usage errors become "错误：… （帮助：chainatlas … --help）" and exit code 2."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                  windows_expand_args=windows_expand_args, **extra)
        except click_errors.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click_errors.UsageError as exc:
            path = exc.ctx.command_path if exc.ctx is not None else "chainatlas"
            err_console.print(f"[red]错误：[/red]{chinese(exc)}（帮助：{path} --help）", highlight=False, soft_wrap=True)
            sys.exit(2)
        except click_errors.ClickException as exc:
            err_console.print(f"[red]错误：[/red]{exc.format_message()}", highlight=False, soft_wrap=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            err_console.print("已取消", highlight=False)
            sys.exit(1)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)
