"""Free text that people type or import (names, products, purposes): printable only."""

from __future__ import annotations

import re

from chainatlas.domain.errors import InvalidInput

CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # invisible: a NUL byte, a stray escape …
CONTROL_MESSAGE = "含有不可见的控制字符（如空字节），请删除后重试"
_CONTROL = re.compile(CONTROL_CHARACTERS)


def plain_text(value: str | None, label: str) -> str | None:
    """The value, or InvalidInput when it holds control characters such as a NUL byte."""
    if value is not None and _CONTROL.search(value):
        raise InvalidInput(f"{label}{CONTROL_MESSAGE}")
    return value
