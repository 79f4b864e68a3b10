"""Exceptions every layer may raise; interfaces turn them into clean messages."""

from __future__ import annotations


class ChainAtlasError(Exception):
    """A user-facing failure: its message is shown as is, without a traceback."""

    exit_code = 1
    http_status = 400


class NotFound(ChainAtlasError):
    http_status = 404


class InvalidInput(ChainAtlasError):
    http_status = 422


class Conflict(ChainAtlasError):
    http_status = 409


class Unauthorised(ChainAtlasError):
    """No valid session or token: sign in first."""

    http_status = 401


class Forbidden(ChainAtlasError):
    """Signed in, but the role or the data scope does not allow this."""

    http_status = 403


class TooManyAttempts(ChainAtlasError):
    """Login throttled; `retry_after` is in seconds."""

    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Busy(ChainAtlasError):
    """The database is held by another writer for longer than the lock wait: try again shortly."""

    http_status = 503

    def __init__(self, message: str = "数据库正忙（其他导入、挂链等写入正在进行），请稍后重试",
                 retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooLarge(ChainAtlasError):
    """An upload over the configured size limit."""

    http_status = 413
