"""Organisations (the province → city → district → park tree, alliances, banks, enterprises) and users."""

from __future__ import annotations

from fastapi import APIRouter, Path

from chainatlas.api.schemas.access import (
    OrganisationCreate,
    OrganisationPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import access

router = APIRouter(tags=["机构与账号"])
Username = Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")


@router.get("/organisations", response_model=list[OrganisationPublic], summary="机构列表")
def list_organisations(engine: EngineDep, viewer: ViewerDep) -> list[dict]:
    return access.list_organisations(engine, viewer)


@router.post("/organisations", response_model=OrganisationPublic, status_code=201, summary="创建机构（管理员）")
def create_organisation(body: OrganisationCreate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return access.create_organisation(engine, viewer, body.name, body.kind, parent=body.parent,
                                        region=body.region_code, park=body.park, enterprise=body.enterprise)


@router.get("/users", response_model=list[UserPublic], summary="账号列表（管理员）")
def list_users(engine: EngineDep, viewer: ViewerDep) -> list[dict]:
    return access.list_users(engine, viewer)


@router.post("/users", response_model=UserPublic, status_code=201, summary="创建账号（管理员）")
def create_user(body: UserCreate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return access.create_user(engine, viewer, body.username, body.password, body.org, body.role,
                                body.display_name)


@router.patch("/users/{username}", response_model=UserPublic, summary="停用/启用账号或重设密码（管理员）")
def update_user(body: UserUpdate, engine: EngineDep, viewer: ViewerDep, username: str = Username) -> dict:
    return access.set_user(engine, viewer, username, active=body.active, password=body.password)
