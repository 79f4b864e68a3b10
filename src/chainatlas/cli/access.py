"""Accounts on the command line: organisations, users, API tokens, sharing agreements, the audit log.

Run on the database itself these act as the local operator (and are audited as
such); with `--token` they act as that account, within its role.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from chainatlas.cli.common import (
    DbOpt,
    JsonOpt,
    TokenOpt,
    cli_viewer,
    console,
    emit,
    user_errors,
)
from chainatlas.domain.access import FIELD_GROUPS, ROLE_LABELS, OrgKind, Role
from chainatlas.services import access
from chainatlas.store.db import open_database

users_app = typer.Typer(help="账号：创建、列出、停用/启用、重设密码", no_args_is_help=True)
orgs_app = typer.Typer(help="机构：省→市→区县→园区，及产业联盟、金融机构、企业", no_args_is_help=True)
tokens_app = typer.Typer(help="接口令牌：创建（只显示一次）、列出、吊销", no_args_is_help=True)
agreements_app = typer.Typer(help="数据共享协议：创建、列出、终止、撤销", no_args_is_help=True)
audit_app = typer.Typer(help="审计日志：查看与导出", no_args_is_help=True)

ROLES = "、".join(f"{r}（{label}）" for r, label in ROLE_LABELS.items())
KINDS = "、".join(OrgKind)
PasswordOpt = Annotated[str | None, typer.Option("--password", help="密码（至少 10 个字符）；不给则交互输入，不回显")]


def _password(given: str | None) -> str:
    if given:
        return given
    return typer.prompt("密码（至少 10 个字符）", hide_input=True, confirmation_prompt="再输入一次")


# ---- users --------------------------------------------------------------------------------------------

@users_app.command("create")
@user_errors
def users_create(username: str,
                 org: Annotated[str, typer.Option("--org", help="所属机构（编号或名称）")],
                 role: Annotated[str, typer.Option("--role", help=f"角色：{ROLES}")],
                 password: PasswordOpt = None,
                 name: Annotated[str | None, typer.Option("--name", help="姓名")] = None,
                 db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """创建账号。示例（第一个管理员）：先 chainatlas orgs create 湖南省 --kind province --region 430000，
    再 chainatlas users create admin --org 湖南省 --role admin（交互输入密码）。"""
    if role not in {str(r) for r in Role}:
        raise typer.BadParameter(f"角色应为：{ROLES}", param_hint="--role")
    engine = open_database(db)
    user = access.create_user(engine, cli_viewer(engine, token), username, _password(password), org, role, name)
    emit(user, json_out, f"已创建账号 {user['username']}（{user['role_label']}，{user['org']}）")


@users_app.command("list")
@user_errors
def users_list(db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """列出账号。示例：chainatlas users list --db city.db"""
    engine = open_database(db)
    rows = access.list_users(engine, cli_viewer(engine, token))
    emit(rows, json_out, rows=[{**r, "active": "启用" if r["active"] else "停用", "demo": "示例" if r["demo"] else ""}
                               for r in rows],
         columns=[("username", "账号"), ("display_name", "姓名"), ("role_label", "角色"), ("org", "机构"),
                  ("active", "状态"), ("demo", ""), ("last_login_at", "最近登录")])


def _set(username: str, db: str | None, token: str | None, json_out: bool, **change: object) -> None:
    engine = open_database(db)
    user = access.set_user(engine, cli_viewer(engine, token), username, **change)  # type: ignore[arg-type]
    emit(user, json_out, f"账号 {username}：{'启用' if user['active'] else '停用'}")


@users_app.command("disable")
@user_errors
def users_disable(username: str, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """停用账号（其会话立即失效）。示例：chainatlas users disable zhangsan"""
    _set(username, db, token, json_out, active=False)


@users_app.command("enable")
@user_errors
def users_enable(username: str, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """重新启用账号。示例：chainatlas users enable zhangsan"""
    _set(username, db, token, json_out, active=True)


@users_app.command("password")
@user_errors
def users_password(username: str, password: PasswordOpt = None, db: DbOpt = None, token: TokenOpt = None,
                   json_out: JsonOpt = False) -> None:
    """重设密码（其会话立即失效）。示例：chainatlas users password zhangsan（交互输入新密码）"""
    _set(username, db, token, json_out, password=_password(password))


# ---- organisations ---------------------------------------------------------------------------------------

@orgs_app.command("create")
@user_errors
def orgs_create(name: str, kind: Annotated[str, typer.Option("--kind", help=f"类型：{KINDS}")],
                parent: Annotated[str | None, typer.Option("--parent", help="上级机构（编号或名称）")] = None,
                region: Annotated[str | None, typer.Option("--region", help="行政区划代码（GB/T 2260）")] = None,
                park: Annotated[str | None, typer.Option("--park", help="园区名称（与企业库一致）")] = None,
                enterprise: Annotated[str | None, typer.Option("--enterprise", help="企业机构：信用代码或编号")] = None,
                db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """创建机构。示例：chainatlas orgs create 岳麓区 --kind district --parent 长沙市 --region 430104"""
    engine = open_database(db)
    org = access.create_organisation(engine, cli_viewer(engine, token), name, kind, parent=parent, region=region,
                                       park=park, enterprise=enterprise)
    emit(org, json_out, f"已创建机构 #{org['id']} {org['name']}（{org['kind_label']}）")


@orgs_app.command("list")
@user_errors
def orgs_list(db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """列出机构。示例：chainatlas orgs list --json"""
    engine = open_database(db)
    rows = access.list_organisations(engine, cli_viewer(engine, token))
    emit(rows, json_out, columns=[("id", "编号"), ("name", "机构"), ("kind_label", "类型"), ("parent_id", "上级"),
                                  ("region_code", "行政区划"), ("park", "园区")])


# ---- tokens ------------------------------------------------------------------------------------------------

@tokens_app.command("create")
@user_errors
def tokens_create(name: Annotated[str, typer.Option("--name", help="用途，如「数据报送程序」")],
                  user: Annotated[str | None, typer.Option("--user", help="令牌所属账号")] = None,
                  days: Annotated[int | None, typer.Option("--days", help="有效天数；不给则不过期（可随时吊销）")] = None,
                  db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """创建接口令牌；令牌只显示这一次。示例：chainatlas tokens create --user demo-city --name 报表程序"""
    engine = open_database(db)
    secret, record = access.create_token(engine, cli_viewer(engine, token), name, username=user, days=days)
    emit({**record, "token": secret}, json_out,
         f"令牌 #{record['id']}（{record['username']}，{name}）：\n{secret}\n请立即保存：它不会再显示。")


@tokens_app.command("list")
@user_errors
def tokens_list(db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """列出令牌（不显示令牌本身）。示例：chainatlas tokens list"""
    engine = open_database(db)
    viewer = cli_viewer(engine, token)
    rows = access.list_tokens(engine, viewer, all_users=viewer.user_id is None or viewer.everything)
    emit(rows, json_out, rows=[{**r, "active": "有效" if r["active"] else "失效"} for r in rows], columns=[
        ("id", "编号"), ("username", "账号"), ("name", "用途"), ("prefix", "前缀"), ("created_at", "创建"),
         ("last_used_at", "最近使用"), ("active", "状态")])


@tokens_app.command("revoke")
@user_errors
def tokens_revoke(token_id: int, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """吊销令牌（立即失效）。示例：chainatlas tokens revoke 3"""
    engine = open_database(db)
    result = access.revoke_token(engine, cli_viewer(engine, token), token_id)
    emit(result, json_out, f"令牌 #{token_id} 已吊销")


# ---- agreements ------------------------------------------------------------------------------------------

@agreements_app.command("create")
@user_errors
def agreements_create(
    grantee: Annotated[str, typer.Option("--to", help="接收数据的机构（编号或名称）")],
    purpose: Annotated[str, typer.Option("--purpose", help="共享目的")],
    valid_to: Annotated[str, typer.Option("--until", help="截止日期 YYYY-MM-DD")],
    fields: Annotated[str, typer.Option("--fields", help=f"字段组，逗号分隔：{','.join(FIELD_GROUPS)}")] = "",
    grantor: Annotated[str | None, typer.Option("--from", help="提供数据的机构（默认为令牌账号的机构）")] = None,
    region: Annotated[str | None, typer.Option("--region", help="只共享本辖区内这一地区")] = None,
    park: Annotated[str | None, typer.Option("--park")] = None,
    chain: Annotated[str | None, typer.Option("--chain", help="只共享这条产业链上的企业")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="只共享带这一标签的企业")] = None,
    db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False,
) -> None:
    """创建共享协议。示例：chainatlas agreements create --from 长沙市 --to 长沙银行 --purpose 融资对接
    --fields metrics,tags,evaluations --until 2027-12-31"""
    try:
        until = date.fromisoformat(valid_to)
    except ValueError:
        raise typer.BadParameter(f"日期 {valid_to} 无效，应为 YYYY-MM-DD", param_hint="--until") from None
    engine = open_database(db)
    made = access.create_agreement(engine, cli_viewer(engine, token), grantee=grantee, purpose=purpose,
                             fields=[f.strip() for f in fields.split(",") if f.strip()], valid_to=until,
                             grantor=grantor, region=region, park=park, chain=chain, tag=tag)
    emit(made, json_out, f"已创建协议 #{made['id']}：{made['grantor']} → {made['grantee']}，"
                         f"{'、'.join(made['field_labels'])}，至 {made['valid_to']}")


@agreements_app.command("list")
@user_errors
def agreements_list(db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """列出共享协议。示例：chainatlas agreements list --json"""
    engine = open_database(db)
    rows = access.list_agreements(engine, cli_viewer(engine, token))
    emit(rows, json_out, rows=[{**r, "fields": ",".join(r["fields"]), "scope": " ".join(str(v) for v in (r["region_code"], r["park"],
                                                                                    r["chain"], r["tag"]) if v)}
         for r in rows],
         columns=[("id", "编号"), ("grantor", "提供"), ("grantee", "接收"), ("purpose", "目的"), ("scope", "范围"),
                  ("fields", "字段组"), ("valid_to", "截止"), ("status_label", "状态")])


def _end(agreement_id: int, how: str, db: str | None, token: str | None, json_out: bool) -> None:
    engine = open_database(db)
    ended = access.end_agreement(engine, cli_viewer(engine, token), agreement_id, how)
    emit(ended, json_out, f"协议 #{agreement_id}：{ended['status_label']}")


@agreements_app.command("expire")
@user_errors
def agreements_expire(agreement_id: int, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """终止协议（按约定到期，立即生效）。示例：chainatlas agreements expire 2"""
    _end(agreement_id, "expired", db, token, json_out)


@agreements_app.command("revoke")
@user_errors
def agreements_revoke(agreement_id: int, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """撤销协议（立即生效）。示例：chainatlas agreements revoke 2"""
    _end(agreement_id, "revoked", db, token, json_out)


# ---- audit -------------------------------------------------------------------------------------------------

@audit_app.command("list")
@user_errors
def audit_list(user: Annotated[str | None, typer.Option("--user")] = None,
               action: Annotated[str | None, typer.Option("--action", help="如 read_shared、import、login_failed")] = None,
               limit: int = 50, db: DbOpt = None, token: TokenOpt = None, json_out: JsonOpt = False) -> None:
    """查看审计日志（新的在前）。示例：chainatlas audit list --user demo-city --limit 20"""
    engine = open_database(db)
    page = access.audit_entries(engine, cli_viewer(engine, token), username=user, action=action, limit=limit)
    emit(page["items"], json_out, columns=[("id", "编号"), ("at", "时间"), ("username", "账号"),
                                           ("action_label", "操作"), ("target", "对象"), ("channel", "渠道"),
                                           ("address", "来源")])


@audit_app.command("export")
@user_errors
def audit_export(out: Annotated[Path, typer.Option("--out", help="输出 CSV 文件")],
                 user: Annotated[str | None, typer.Option("--user")] = None,
                 action: Annotated[str | None, typer.Option("--action")] = None,
                 db: DbOpt = None, token: TokenOpt = None) -> None:
    """导出审计日志为 CSV（Excel 可直接打开）。示例：chainatlas audit export --out 审计日志.csv"""
    engine = open_database(db)
    out.write_bytes(access.audit_csv(engine, cli_viewer(engine, token), username=user, action=action))
    console.print(f"已导出：{out}", highlight=False)


COMMANDS = (("users", users_app), ("orgs", orgs_app), ("tokens", tokens_app), ("agreements", agreements_app),
            ("audit", audit_app))
