"""docs/cli.md, written from the commands' own help so that the reference cannot drift from the code.

Regenerate with `python -m chainatlas.cli.reference > docs/cli.md`; tests/docs checks that the file is current
and that every command's help carries an example (示例).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

HEADER = """# 命令参考 · CLI reference

由各命令的帮助文字生成（`python -m chainatlas.cli.reference > docs/cli.md`），请勿手改。
每个命令都接受 `--help`；读写数据库的命令接受 `--db`（SQLite 文件路径或 PostgreSQL URL，默认 `./chainatlas.db`，
也可用环境变量 `CHAINATLAS_DATABASE_URL`），输出数据的命令接受 `--json`。
"""


def commands(group: Any, prefix: str = "chainatlas") -> Iterator[tuple[str, Any]]:
    """Every runnable command under a group, as (its full name, the command), in the order of --help."""
    context = typer.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        if hasattr(command, "list_commands"):  # a group of commands (that may run by itself, like `risks`)
            if command.invoke_without_command:
                yield f"{prefix} {name}", command
            yield from commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", command


def _parameter(param: Any) -> str:
    if param.param_type_name == "argument":
        help_text = (param.help or "").replace("|", "\\|")
        return f"| `{param.name.upper()}` | {help_text or '参数'}{'' if param.required else '（可省略）'} |"
    names = " / ".join(f"`{o}`" for o in (*param.opts, *param.secondary_opts))
    help_text = (getattr(param, "help", None) or "").replace("|", "\\|").replace("\n", " ")
    return f"| {names} | {help_text} |"


def markdown(app: typer.Typer) -> str:
    """The reference of every command of `app`: its help, then a table of its arguments and options."""
    root = typer.main.get_command(app)
    parts = [HEADER]
    for name, command in commands(root):
        text = (command.help or "").strip()
        parts.append(f"## `{name}`\n\n{text}\n")
        params = [p for p in command.params if p.name not in ("help",)]
        if params:
            parts.append("| 参数或选项 | 说明 |\n|---|---|\n" + "\n".join(_parameter(p) for p in params) + "\n")
    return "\n".join(parts)


if __name__ == "__main__":
    from chainatlas.cli.main import app

    print(markdown(app), end="")
