"""Free text that people type (organisation, token and display names, purposes): printable only."""

from __future__ import annotations

import re

from chainatlas.domain.errors import InvalidInput

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str | None, label: str) -> str | None:
    """The value, or InvalidInput when it holds control characters such as a NUL byte."""
    if value is not None and _CONTROL.search(value):
        raise InvalidInput(f"{label}含有不可见的控制字符（如空字节），请删除后重试")
    return value
