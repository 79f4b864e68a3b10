"""Options and output helpers shared by every CLI command."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chainatlas.domain.errors import ChainAtlasError, InvalidInput

console = Console()
err_console = Console(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON（供程序读取）")]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="CHAINATLAS_DATABASE_URL",
                 help="数据库：SQLite 文件路径或 PostgreSQL URL（默认 ./chainatlas.db）"),
]

F = TypeVar("F", bound=Callable[..., Any])


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=_default)


def emit_json(value: Any) -> None:
    sys.stdout.write(to_json(value) + "\n")


def print_table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], title: str | None = None) -> None:
    """Print rows as a table; columns are (key, Chinese header) pairs."""
    table = Table(title=title)
    for _, header in columns:
        table.add_column(header, overflow="fold")  # long names and codes wrap in their cell, never cut off
    for row in rows:
        table.add_row(*("" if row.get(k) is None else str(row.get(k)) for k, _ in columns))
    console.print(table)


def emit(value: Any, json_out: bool, text: str | Callable[[], None] | None = None, *,
         columns: list[tuple[str, str]] | None = None, rows: list[dict[str, Any]] | None = None,
         title: str | None = None, empty: str | None = None) -> None:
    """The one way a command answers: `value` as JSON with --json; else for people, as a table of `columns`
    (of `rows`, by default `value` itself; `empty` is said instead of an empty table), a line of `text`, or
    what the `text` function prints."""
    if json_out:
        emit_json(value)
    elif columns is not None:
        shown = value if rows is None else rows
        if not shown and empty:
            console.print(empty, highlight=False)
        else:
            print_table(shown, columns, title)
    elif callable(text):
        text()
    elif text is not None:
        console.print(text, highlight=False)


def progress_bar() -> Progress:
    """A progress bar on standard error (standard output stays clean for --json), gone when done."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[red]错误：[/red]{message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def user_errors(func: F) -> F:
    """Turn library exceptions into one clear line and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ChainAtlasError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except (OSError, UnicodeError) as exc:
            raise fail(f"{type(exc).__name__}: {exc}") from None

    return wrapper  # type: ignore[return-value]


TokenOpt = Annotated[
    str | None,
    typer.Option("--token", envvar="CHAINATLAS_TOKEN",
                 help="以某账号的接口令牌身份执行（遵守其机构数据范围与共享协议）；不给则为本机操作员（可见全部）"),
]


def region_option(note: str = "如 430100、长沙市") -> Any:
    """`--region`, a region by GB/T 2260 code or name (resolved by `region_code`); `note` ends its help."""
    return typer.Option("--region", help=f"行政区划代码或名称（{note}）")


RegionOpt = Annotated[str | None, region_option()]
ChainOpt = Annotated[str | None, typer.Option("--chain", help="产业链编号或名称（如 lithium-battery、锂电池）")]


def open_as(db: str | None, token: str | None) -> tuple[Any, Any]:
    """The database of `--db` and who runs the command (`--token`, see `cli_viewer`)."""
    from chainatlas.store.db import open_database

    engine = open_database(db)
    return engine, cli_viewer(engine, token)


def cli_viewer(engine: Any, token: str | None) -> Any:
    """Who runs this command: the account behind `--token`, else the local operator on the database itself."""
    import getpass
    import socket

    from chainatlas.domain.access import Viewer
    from chainatlas.services import access

    where = f"{getpass.getuser()}@{socket.gethostname()}"
    if token:
        return access.token_viewer(engine, token, where)
    return Viewer.operator("cli", where)


def chain_of(engine: Any, key: str | None) -> str | None:
    """The chain a user names by id, name or short name (锂电池), as its id."""
    from chainatlas.services import atlas

    return atlas.resolve_chain_id(engine, key) if key else None


def region_code(text: str | None) -> str | None:
    """The GB/T 2260 code of a region given by code or name (岳麓区, 长沙市岳麓区, 430104)."""
    if not text:
        return None
    from chainatlas import reference

    code, problem = reference.regions().resolve(text)
    if code is None:
        raise InvalidInput(f"--region：{problem}")
    return code
