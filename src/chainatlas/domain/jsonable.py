"""Plain JSON values from domain values: what the CLI, API and stored JSON columns carry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any


def json_ready(value: Any) -> Any:
    """Decimal as exact positional text, dates ISO, tuples and sets as lists, dataclasses as dicts."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_ready(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, Sequence | frozenset | set) and not isinstance(value, str):
        return [json_ready(v) for v in value]
    return value
