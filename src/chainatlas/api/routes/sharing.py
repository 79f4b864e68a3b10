"""Data-sharing agreements and the audit log."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from chainatlas.api.params import MAX_ROW_ID
from chainatlas.api.schemas.access import AgreementCreate, AgreementPublic, AuditPagePublic
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import access

router = APIRouter(tags=["数据共享与审计"])
AgreementId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="协议编号")]
Action = Annotated[str | None, Query(max_length=40, description="操作，如 read_shared、import、login_failed")]
User = Annotated[str | None, Query(max_length=64, description="账号")]
Since = Annotated[date | None, Query(description="起始日期（含）")]
Until = Annotated[date | None, Query(description="截止日期（含）")]


@router.get("/agreements", response_model=list[AgreementPublic], summary="本机构提供或接收的共享协议")
def list_agreements(engine: EngineDep, viewer: ViewerDep) -> list[dict]:
    return access.list_agreements(engine, viewer)


@router.post("/agreements", response_model=AgreementPublic, status_code=201,
             summary="创建共享协议：把本机构的一部分企业数据与字段共享给另一机构")
def create_agreement(body: AgreementCreate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return access.create_agreement(engine, viewer, grantee=body.grantee, purpose=body.purpose, fields=list(body.fields),
                             valid_to=body.valid_to, valid_from=body.valid_from, region=body.region_code,
                             park=body.park, chain=body.chain, tag=body.tag)


@router.post("/agreements/{agreement_id}/revoke", response_model=AgreementPublic, summary="撤销共享协议（立即生效）")
def revoke_agreement(agreement_id: AgreementId, engine: EngineDep, viewer: ViewerDep) -> dict:
    return access.end_agreement(engine, viewer, agreement_id, "revoked")


@router.post("/agreements/{agreement_id}/expire", response_model=AgreementPublic, summary="终止共享协议（到期）")
def expire_agreement(agreement_id: AgreementId, engine: EngineDep, viewer: ViewerDep) -> dict:
    return access.end_agreement(engine, viewer, agreement_id, "expired")


@router.get("/audit", response_model=AuditPagePublic, summary="审计日志（管理员；新的在前，用 before 翻页）")
def audit_log(engine: EngineDep, viewer: ViewerDep, user: User = None, action: Action = None,
              since: Since = None, until: Until = None,
              limit: Annotated[int, Query(ge=1, le=500)] = 100,
              before: Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)] = None) -> dict:
    return access.audit_entries(engine, viewer, username=user or None, action=action or None, since=since, until=until,
                         limit=limit, before=before)


@router.get("/audit.csv", summary="导出审计日志（CSV，Excel 可直接打开）", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
def audit_export(engine: EngineDep, viewer: ViewerDep, user: User = None, action: Action = None,
                 since: Since = None, until: Until = None) -> Response:
    data = access.audit_csv(engine, viewer, username=user or None, action=action or None, since=since,
                            until=until)
    return Response(data, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'})
