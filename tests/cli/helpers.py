"""Running the `chainatlas` command in-process and reading what it prints."""

from __future__ import annotations

import json
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from chainatlas.cli.main import app

# A fixed width, as when output goes to a pipe or a log: rich would otherwise follow the terminal.
runner = CliRunner(env={"COLUMNS": "80"})


def run(*args: object, db: str | None = None) -> Result:
    """Invoke the CLI; `db` is passed as --db after the command's own arguments."""
    argv = [str(a) for a in args] + (["--db", db] if db else [])
    return runner.invoke(app, argv)


def run_json(*args: object, db: str | None = None, exit_code: int = 0) -> Any:
    """Invoke with --json and parse stdout; the exit code must be as given."""
    result = run(*args, "--json", db=db)
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr, result.exception)
    return json.loads(result.stdout)


def error_lines(result: Result) -> list[str]:
    """The non-blank stderr lines of a command that failed cleanly: non-zero exit, no traceback."""
    assert result.exit_code != 0, result.stdout
    assert isinstance(result.exception, SystemExit), f"crashed with {result.exception!r}"
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and lines[0].startswith("错误："), result.stderr
    return lines


def error_text(result: Result) -> str:
    """The error message of a clean failure, with any wrapping undone."""
    return "".join(error_lines(result))


def error_line(result: Result) -> str:
    """The one line a clean failure prints."""
    lines = error_lines(result)
    assert len(lines) == 1, lines
    return lines[0]
