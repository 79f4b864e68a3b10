"""What every part of the JSON API shares: the error shape, service status, paging and plain options."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    field: str | None = Field(None, description="出错的字段，如 query.limit、body.decision")
    message: str
    type: str | None = None


class ErrorBody(BaseModel):
    code: str = Field(description="机器可读的错误代码，如 not_found、validation_error")
    message: str = Field(description="中文说明")
    details: list[ErrorDetail] = []


class ErrorPublic(BaseModel):
    error: ErrorBody


class Ping(BaseModel):
    status: str
    service: str
    version: str


class Ready(BaseModel):
    status: str
    database: str
    schema_revision: str = Field(alias="schema")

    model_config = {"populate_by_name": True}


class PagePublic(BaseModel):
    total: int
    limit: int
    offset: int


class Option(BaseModel):
    code: str
    label: str
