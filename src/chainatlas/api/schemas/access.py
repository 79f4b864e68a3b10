"""Accounts and access: sign-in, the current account, API tokens, users, organisations, data-sharing
agreements and the audit log (services/access)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class LoginCreate(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class OrganisationPublic(BaseModel):
    id: int
    name: str
    kind: str
    kind_label: str
    parent_id: int | None
    region_code: str | None
    park: str | None
    enterprise_id: int | None


class MePublic(BaseModel):
    username: str
    display_name: str | None = None
    role: str
    role_label: str
    organisation: str | None
    org_id: int | None
    permissions: list[str]
    permission_labels: list[str] = Field(description="权限（中文）")
    csrf_token: str | None = Field(None, description="网页会话的 CSRF 令牌：写操作放在 X-CSRF-Token 头中")
    agreements: list[int] = Field(description="本机构正在使用的共享协议编号")


class OrganisationCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["platform", "province", "city", "district", "park", "alliance", "bank", "enterprise"]
    parent: str | None = Field(None, max_length=200, description="上级机构编号或名称")
    region_code: str | None = Field(None, pattern=r"^\d{6}$")
    park: str | None = Field(None, max_length=100)
    enterprise: str | None = Field(None, pattern=r"^(\d{1,12}|[0-9A-Za-z]{18})$", description="企业编号或信用代码")


class UserPublic(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    org_id: int
    org: str | None
    active: bool
    demo: bool
    last_login_at: datetime | None


class UserCreate(BaseModel):
    username: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    password: str = Field(min_length=10, max_length=200)
    org: str = Field(min_length=1, max_length=200, description="机构编号或名称")
    role: Literal["admin", "chain_office", "investment_bureau", "park", "alliance", "bank", "enterprise",
                  "readonly"]
    display_name: str | None = Field(None, max_length=100)


class UserUpdate(BaseModel):
    active: bool | None = None
    password: str | None = Field(None, min_length=10, max_length=200)


class TokenPublic(BaseModel):
    id: int
    name: str
    username: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="用途，如「数据报送程序」")
    days: int | None = Field(None, ge=1, le=3650, description="有效天数；空为不过期（可随时吊销）")
    username: str | None = Field(None, max_length=64, description="管理员可为其他账号创建")


class TokenCreated(TokenPublic):
    token: str = Field(description="令牌本身，只显示这一次")


class TokenRevokedPublic(BaseModel):
    id: int
    revoked: bool = Field(description="true：令牌已吊销（下一次请求起失效）")


class AgreementPublic(BaseModel):
    id: int
    grantor_id: int
    grantor: str
    grantee_id: int
    grantee: str
    dataset: str
    region_code: str | None
    park: str | None
    chain: str | None
    tag: str | None
    scope_label: str = Field(description="共享范围（中文）：地区 · 园区 · 产业链 · 标签；“全部”为提供方全部辖区")
    fields: list[str]
    field_labels: list[str]
    purpose: str
    valid_from: date
    valid_to: date
    status: str
    status_label: str
    in_force: bool
    created_at: datetime
    ended_at: datetime | None


class AgreementCreate(BaseModel):
    grantee: str = Field(min_length=1, max_length=200, description="接收数据的机构编号或名称")
    purpose: str = Field(min_length=1, max_length=500, description="共享目的，如「融资对接」")
    fields: list[Literal["basic", "business", "metrics", "tags", "placements", "evaluations", "contacts",
                         "legal_representative"]] = Field(description="共享的字段组（基本信息总会包含）")
    valid_to: date
    valid_from: date | None = None
    region_code: str | None = Field(None, pattern=r"^\d{6}$", description="只共享本辖区内的这一地区")
    park: str | None = Field(None, max_length=100)
    chain: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="只共享这条产业链上的企业")
    tag: str | None = Field(None, max_length=40, description="只共享带这一标签的企业")


class AuditEntryPublic(BaseModel):
    id: int
    at: datetime
    user_id: int | None
    username: str
    org_id: int | None
    role: str | None
    role_label: str | None
    channel: str
    address: str | None
    action: str
    action_label: str
    target: str | None
    target_label: str = Field(description="对象（中文）：如“共享协议 #2”")
    detail: dict[str, Any]
    detail_text: str = Field(description="详情（中文，供人阅读）")


class AuditPagePublic(BaseModel):
    items: list[AuditEntryPublic]
    limit: int
    next_before: int | None
