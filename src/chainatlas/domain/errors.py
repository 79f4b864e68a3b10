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
