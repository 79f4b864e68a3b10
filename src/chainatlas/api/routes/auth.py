"""Sign-in and API tokens: a session cookie for the browser, revocable bearer tokens for programs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, Response

from chainatlas.api.params import MAX_ROW_ID
from chainatlas.api.schemas.access import (
    LoginCreate,
    MePublic,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    TokenRevokedPublic,
)
from chainatlas.domain.access import PERMISSION_LABELS, ROLE_LABELS, Permission, Viewer
from chainatlas.http.deps import SESSION_COOKIE, EngineDep, ViewerDep, client_address
from chainatlas.services import access

router = APIRouter(tags=["账号"])


def me_dict(viewer: Viewer, csrf: str | None, display_name: str | None = None) -> dict:
    return {"username": viewer.username, "display_name": display_name, "role": str(viewer.role),
            "role_label": ROLE_LABELS[viewer.role], "organisation": viewer.org_name, "org_id": viewer.org_id,
            "permissions": sorted(str(p) for p in viewer.permissions),
            "permission_labels": [PERMISSION_LABELS[p] for p in Permission if p in viewer.permissions],
            "csrf_token": csrf,
            "agreements": sorted(a.agreement_id for a in viewer.areas if a.agreement_id is not None)}


@router.post("/auth/login", response_model=MePublic, summary="登录（设置会话 Cookie，返回 CSRF 令牌）",
             responses={401: {"description": "账号或密码错误"}, 429: {"description": "失败次数过多，稍后再试"}})
def login(body: LoginCreate, request: Request, engine: EngineDep) -> Response:
    secret, csrf, viewer = access.login(engine, body.username, body.password, client_address(request))
    user = access.get_user(engine, viewer.username)
    response = JSONResponse(MePublic(**me_dict(viewer, csrf, user["display_name"])).model_dump(mode="json"))
    response.set_cookie(SESSION_COOKIE, secret, max_age=access.SESSION_HOURS * 3600, httponly=True,
                        samesite="lax", secure=request.url.scheme == "https", path="/")
    return response


@router.post("/auth/logout", status_code=204, summary="退出登录（结束本会话）")
def logout(request: Request, engine: EngineDep, viewer: ViewerDep) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        access.logout(engine, cookie, viewer)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/auth/me", response_model=MePublic, summary="当前账号、角色、机构与权限")
def me(request: Request, engine: EngineDep, viewer: ViewerDep) -> dict:
    user = access.get_user(engine, viewer.username)
    return me_dict(viewer, getattr(request.state, "csrf_token", None), user["display_name"])


@router.get("/tokens", response_model=list[TokenPublic], summary="我的接口令牌（管理员：全部）")
def list_tokens(engine: EngineDep, viewer: ViewerDep) -> list[dict]:
    return access.list_tokens(engine, viewer, all_users=viewer.can(Permission.MANAGE_USERS))


@router.post("/tokens", response_model=TokenCreated, status_code=201, summary="创建接口令牌（令牌只显示一次）")
def create_token(body: TokenCreate, engine: EngineDep, viewer: ViewerDep) -> dict:
    secret, record = access.create_token(engine, viewer, body.name, username=body.username, days=body.days)
    return {**record, "token": secret}


@router.delete("/tokens/{token_id}", response_model=TokenRevokedPublic, summary="吊销接口令牌（立即失效）")
def revoke_token(token_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], engine: EngineDep, viewer: ViewerDep) -> dict:
    return access.revoke_token(engine, viewer, token_id)
