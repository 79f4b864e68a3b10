"""Organisations, users, sign-in (throttled), web sessions and revocable API tokens.

Passwords are argon2id hashes (argon2-cffi). Session cookies and API tokens are
random secrets of which only the sha256 is stored; each request looks its
secret up again, so a revoked token or ended session stops working at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, func, insert, or_, select, update

from chainatlas import reference
from chainatlas.domain.access import (
    ORG_KIND_LABELS,
    PARENT_KINDS,
    REGIONAL_KINDS,
    ROLE_LABELS,
    ROLE_ORG_KINDS,
    Area,
    OrgKind,
    Permission,
    Role,
    Viewer,
)
from chainatlas.domain.errors import Conflict, InvalidInput, NotFound, TooManyAttempts, Unauthorised
from chainatlas.domain.regions import code_range
from chainatlas.domain.text import plain_text
from chainatlas.services.access import audit
from chainatlas.store import deferred
from chainatlas.store.cache import Cache
from chainatlas.store.keys import resolve_enterprise_id
from chainatlas.store.models import agreements, api_tokens, login_attempts, organisations, users, web_sessions

PASSWORD_MIN_LENGTH = 10
SESSION_HOURS = 12
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5      # within the window, since the last success
MAX_FAILURES_PER_ADDRESS = 20  # within the window, whatever the user name
TOKEN_PREFIX = "ca_"
_hasher = PasswordHasher()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# ---- organisations ---------------------------------------------------------------------------------

def create_organisation(engine: Engine, actor: Viewer, name: str, kind: str, *, parent: str | None = None,
                        region: str | None = None, park: str | None = None,
                        enterprise: str | None = None) -> dict[str, Any]:
    """One organisation of the tree (province → city → district → park), or an alliance, bank or enterprise."""
    actor.require(Permission.MANAGE_USERS)
    name = (name or "").strip()
    plain_text(name, "机构名称")
    plain_text(park, "园区")
    if not name:
        raise InvalidInput("机构名称不能为空")
    try:
        org_kind = OrgKind(kind)
    except ValueError:
        raise InvalidInput(f"机构类型 {kind} 无效；可选：{'、'.join(OrgKind)}") from None
    with engine.begin() as conn:
        parent_row = org_row(conn, parent) if parent else None
        parent_kind = OrgKind(parent_row.kind) if parent_row else None
        if parent_kind not in PARENT_KINDS[org_kind]:
            allowed = "、".join(ORG_KIND_LABELS[k] if k else "无上级" for k in PARENT_KINDS[org_kind])
            raise InvalidInput(f"{ORG_KIND_LABELS[org_kind]}的上级机构应为：{allowed}")
        region = region or (parent_row.region_code if parent_row and org_kind == OrgKind.PARK else None)
        enterprise_id = None
        regional = org_kind in REGIONAL_KINDS
        if regional:
            if not region or region not in reference.regions().by_code:
                raise InvalidInput(f"{ORG_KIND_LABELS[org_kind]}须给出有效的行政区划代码（GB/T 2260）：{region}")
            if parent_row and not within(region, parent_row.region_code):
                raise InvalidInput(f"行政区划 {region} 不在上级机构「{parent_row.name}」的辖区 {parent_row.region_code} 内")
        park = (park or "").strip() if org_kind == OrgKind.PARK else ""
        if org_kind == OrgKind.PARK and not park:
            raise InvalidInput("园区机构须给出园区名称（与企业库中的园区一致）")
        if org_kind == OrgKind.ENTERPRISE:
            if not enterprise:
                raise InvalidInput("企业机构须给出企业（统一社会信用代码或编号）")
            enterprise_id = resolve_enterprise_id(engine, enterprise)
        if conn.execute(select(organisations.c.id).where(organisations.c.name == name)).first():
            raise Conflict(f"机构「{name}」已存在")
        org_id = conn.execute(insert(organisations).values(
            name=name, kind=str(org_kind), parent_id=parent_row.id if parent_row else None,
            region_code=region if regional else None, park=park or None, enterprise_id=enterprise_id, created_at=datetime.now())).inserted_primary_key[0]
        audit.record(conn, actor, "org_create", f"organisation:{org_id}", name=name, kind=str(org_kind))
    return get_organisation(engine, str(org_id))


def within(region: str, outer: str | None) -> bool:
    """Whether a GB/T 2260 code lies in another (a county in its city, a city in its province)."""
    if not outer:
        return False
    low, high = code_range(outer)
    return low <= region < high


def org_row(conn: Connection, key: str) -> Any:
    """An organisation by id or exact name."""
    column = organisations.c.id if key.isdigit() else organisations.c.name
    row = conn.execute(select(organisations).where(column == (int(key) if key.isdigit() else key))).first()
    if row is None:
        raise NotFound(f"机构 {key} 不存在")
    return row


def _org_dict(row: Any) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "kind": row.kind, "kind_label": ORG_KIND_LABELS[OrgKind(row.kind)],
            "parent_id": row.parent_id, "region_code": row.region_code, "park": row.park,
            "enterprise_id": row.enterprise_id}


def get_organisation(engine: Engine, key: str) -> dict[str, Any]:
    with engine.connect() as conn:
        return _org_dict(org_row(conn, key))


def list_organisations(engine: Engine, actor: Viewer) -> list[dict[str, Any]]:
    """The organisations an agreement can name (admins: all). Enterprise accounts' organisations carry an
    enterprise's name, so others see only their own."""
    actor.require(Permission.READ)
    query = select(organisations).order_by(organisations.c.id)
    if not actor.can(Permission.MANAGE_USERS):
        query = query.where(or_(organisations.c.kind != str(OrgKind.ENTERPRISE), organisations.c.id == actor.org_id))
    with engine.connect() as conn:
        return [_org_dict(r) for r in conn.execute(query)]


# ---- users -------------------------------------------------------------------------------------------

def check_password(password: str) -> None:
    if len(password or "") < PASSWORD_MIN_LENGTH:
        raise InvalidInput(f"密码至少 {PASSWORD_MIN_LENGTH} 个字符")
    if len(set(password)) < 4:
        raise InvalidInput("密码过于简单：请混用不同的字母、数字和符号")


def create_user(engine: Engine, actor: Viewer, username: str, password: str, org: str, role: str,
                display_name: str | None = None, *, demo: bool = False) -> dict[str, Any]:
    """A new account in an organisation with one role. The password is never stored, only its argon2 hash."""
    actor.require(Permission.MANAGE_USERS)
    username = (username or "").strip()
    plain_text(display_name, "显示名称")
    if not username or len(username) > 64 or not username.replace("-", "").replace("_", "").replace(".", "") \
            .isalnum():
        raise InvalidInput("账号名应为 1–64 个字母、数字、-、_ 或 .")
    try:
        user_role = Role(role)
    except ValueError:
        raise InvalidInput(f"角色 {role} 无效；可选：{'、'.join(Role)}") from None
    check_password(password)
    with engine.begin() as conn:
        member_of = org_row(conn, org)
        if OrgKind(member_of.kind) not in ROLE_ORG_KINDS[user_role]:
            allowed = "、".join(ORG_KIND_LABELS[k] for k in ROLE_ORG_KINDS[user_role])
            raise InvalidInput(f"角色「{ROLE_LABELS[user_role]}」只能属于这些类型的机构：{allowed}；"
                               f"「{member_of.name}」是{ORG_KIND_LABELS[OrgKind(member_of.kind)]}")
        if conn.execute(select(users.c.id).where(users.c.username == username)).first():
            raise Conflict(f"账号 {username} 已存在")
        conn.execute(insert(users).values(
            username=username, display_name=(display_name or username).strip(), password_hash=_hasher.hash(password),
            org_id=member_of.id, role=str(user_role), active=True, demo=demo, created_at=datetime.now()))
        audit.record(conn, actor, "user_create", f"user:{username}", role=str(user_role), org=member_of.name)
    return get_user(engine, username)


def _user_dict(row: Any, org_name: str | None) -> dict[str, Any]:
    return {"id": row.id, "username": row.username, "display_name": row.display_name, "role": row.role,
            "role_label": ROLE_LABELS[Role(row.role)], "org_id": row.org_id, "org": org_name,
            "active": row.active, "demo": row.demo, "last_login_at": row.last_login_at}


def _users_query() -> Any:
    return select(users, organisations.c.name.label("org_name")).join(organisations,
                                                                       organisations.c.id == users.c.org_id)


def get_user(engine: Engine, username: str) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(_users_query().where(users.c.username == username)).first()
    if row is None:
        raise NotFound(f"账号 {username} 不存在")
    return _user_dict(row, row.org_name)


def demo_users(engine: Engine) -> list[dict[str, Any]]:
    """The demo accounts (shown on the login page of a demo database only)."""
    with engine.connect() as conn:
        rows = conn.execute(_users_query().where(users.c.demo.is_(True), users.c.active.is_(True))
                            .order_by(users.c.id)).all()
    return [_user_dict(r, r.org_name) for r in rows]


def list_users(engine: Engine, actor: Viewer) -> list[dict[str, Any]]:
    actor.require(Permission.MANAGE_USERS)
    with engine.connect() as conn:
        return [_user_dict(r, r.org_name) for r in conn.execute(_users_query().order_by(users.c.id))]


def set_user(engine: Engine, actor: Viewer, username: str, *, active: bool | None = None,
             password: str | None = None) -> dict[str, Any]:
    """Disable or enable an account, or set a new password; disabling ends its sessions and tokens at once."""
    actor.require(Permission.MANAGE_USERS)
    if password is not None:
        check_password(password)
    user = get_user(engine, username)
    changes: dict[str, Any] = {}
    if active is not None:
        changes["active"] = active
    if password is not None:
        changes["password_hash"] = _hasher.hash(password)
    if not changes:
        return user
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user["id"]).values(**changes))
        if active is False or password is not None:
            _end_sessions(conn, user["id"])
        audit.record(conn, actor, "user_update", f"user:{username}",
                     changed=sorted(k if k != "password_hash" else "password" for k in changes))
    return get_user(engine, username)


def _end_sessions(conn: Connection, user_id: int) -> None:
    conn.execute(update(web_sessions).where(web_sessions.c.user_id == user_id, web_sessions.c.revoked_at.is_(None))
                 .values(revoked_at=datetime.now()))


# ---- the viewer behind a user --------------------------------------------------------------------------

def own_area(org: Any) -> Area | None:
    """The organisation's own patch of the registry: its region, park or enterprise (alliances and banks: none)."""
    kind = OrgKind(org.kind)
    if kind == OrgKind.PLATFORM:
        return Area()  # no condition: the whole registry
    if kind == OrgKind.PARK:
        return Area(region=org.region_code, park=org.park)
    if kind in (OrgKind.PROVINCE, OrgKind.CITY, OrgKind.DISTRICT):
        return Area(region=org.region_code)
    if kind == OrgKind.ENTERPRISE and org.enterprise_id is not None:
        return Area(enterprise_id=org.enterprise_id)
    return None


def shared_areas(conn: Connection, org_id: int, on: date | None = None) -> list[Area]:
    """The areas the organisation's agreements in force give it, each with its agreed field groups."""
    on = on or date.today()
    rows = conn.execute(select(agreements).where(
        agreements.c.grantee_org_id == org_id, agreements.c.status == "active",
        agreements.c.valid_from <= on, agreements.c.valid_to >= on).order_by(agreements.c.id)).all()
    return [Area(region=r.region_code, park=r.park, chain=r.chain_id, tag=r.tag,
                 groups=frozenset(r.field_groups) | {"basic"}, agreement_id=r.id) for r in rows]


ACCOUNT_COLUMNS = (users.c.id.label("user_id"), users.c.username, users.c.role, users.c.active, users.c.org_id,
                   organisations.c.name.label("org_name"), organisations.c.kind, organisations.c.region_code,
                   organisations.c.park, organisations.c.enterprise_id)
ACCOUNTS = users.join(organisations, organisations.c.id == users.c.org_id)


def _viewer(row: Any, shared: list[Area], channel: str, address: str | None) -> Viewer:
    """The viewer of an account row (ACCOUNT_COLUMNS): its organisation's area and the agreements in force."""
    if not row.active:
        raise Unauthorised("账号已停用")
    own = own_area(row)
    areas = ([own] if own else []) + shared
    return Viewer(role=Role(row.role), areas=tuple(areas), user_id=row.user_id, username=row.username,
                  org_id=row.org_id, org_name=row.org_name, channel=channel, address=address)


def viewer_of(conn: Connection, user_id: int, channel: str, address: str | None) -> Viewer:
    row = conn.execute(select(*ACCOUNT_COLUMNS).select_from(ACCOUNTS).where(users.c.id == user_id)).one()
    return _viewer(row, shared_areas(conn, row.org_id), channel, address)


# ---- sign-in, sessions and tokens -------------------------------------------------------------------

def _failures(conn: Connection, engine: Engine, column: Any, value: str, since: datetime
              ) -> tuple[int, datetime | None]:
    """Failed sign-ins by user or address since the window opened (a user's count restarts at a success);
    attempts still queued for writing (store.deferred) count too."""
    last_ok = conn.execute(select(func.max(login_attempts.c.at)).where(
        column == value, login_attempts.c.succeeded.is_(True), login_attempts.c.at >= since)).scalar()
    start = max(since, last_ok) if last_ok and column is login_attempts.c.username else since
    count, first = conn.execute(select(func.count(), func.min(login_attempts.c.at)).where(
        column == value, login_attempts.c.succeeded.is_(False), login_attempts.c.at >= start)).one()
    queued = [a["at"] for a in deferred.pending(engine, "login_attempt")
              if a[column.name] == value and not a["succeeded"] and a["at"] >= start]
    times = [t for t in (first, *queued) if t is not None]
    return count + len(queued), min(times) if times else None


def _throttle(conn: Connection, engine: Engine, username: str, address: str | None, now: datetime) -> None:
    since = now - THROTTLE_WINDOW
    checks = [(login_attempts.c.username, username, MAX_FAILURES_PER_USER)]
    if address:
        checks.append((login_attempts.c.address, address, MAX_FAILURES_PER_ADDRESS))
    for column, value, limit in checks:
        count, first = _failures(conn, engine, column, value, since)
        if count >= limit and first is not None:
            wait = int((first + THROTTLE_WINDOW - now).total_seconds()) + 1
            raise TooManyAttempts(f"登录失败次数过多，请 {max(wait, 1) // 60 + 1} 分钟后再试", max(wait, 1))


def login(engine: Engine, username: str, password: str, address: str | None = None,
          channel: str = "web") -> tuple[str, str, Viewer]:
    """Check a password; on success a new session: (cookie secret, CSRF token, viewer).

    Checking reads only. A failed attempt and its audit entry are bookkeeping, written by the
    background writer (store.deferred), so that a busy database never turns a wrong password
    into an error; a success writes the session, the attempt and the audit entry together.
    """
    now = datetime.now()
    username = (username or "").strip()[:64]
    with engine.connect() as conn:
        _throttle(conn, engine, username, address, now)
        row = conn.execute(select(users).where(users.c.username == username)).first()
    ok = row is not None and row.active and _verify(row.password_hash, password or "")
    attempt = {"username": username, "address": address, "at": now, "succeeded": ok}
    if not ok:
        anonymous = Viewer(role=Role.READONLY, username=username or "?", channel=channel, address=address)

        def write_failure(conn: Connection) -> None:
            conn.execute(insert(login_attempts).values(**attempt))
            audit.record(conn, anonymous, "login_failed", f"user:{username}", when=now)

        deferred.defer(engine, "login_attempt", attempt, write_failure)
        raise Unauthorised("账号或密码错误")
    assert row is not None
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(insert(login_attempts).values(**attempt))
        conn.execute(insert(web_sessions).values(id=_digest(secret), user_id=row.id, csrf_token=csrf, created_at=now,
                                                 expires_at=now + timedelta(hours=SESSION_HOURS), address=address))
        conn.execute(update(users).where(users.c.id == row.id).values(last_login_at=now))
        viewer = viewer_of(conn, row.id, channel, address)
        audit.record(conn, viewer, "login", f"user:{username}")
    return secret, csrf, viewer


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _signed_in(engine: Engine, credential: Any, key_column: Any, digest: str) -> tuple[Any, list[Area]] | None:
    """The row of a session or token (`credential`) joined to its account, and the account's agreements in force.

    Kept until the database next changes (store.versioned): revoking a token, ending a
    session, disabling an account or changing an agreement is a commit, so the next
    request looks them up again; expiry is checked by the caller on every request.
    """
    def look_up() -> tuple[Any, list[Area]] | None:
        with engine.connect() as conn:
            row = conn.execute(select(*credential, *ACCOUNT_COLUMNS)
                               .select_from(key_column.table.join(ACCOUNTS, users.c.id == key_column.table.c.user_id))
                               .where(key_column == digest)).first()
            return None if row is None else (row, shared_areas(conn, row.org_id))

    return _signed_in_cache.get(engine, (key_column.table.name, digest, date.today()), look_up)


_signed_in_cache = Cache(1024)


def session_viewer(engine: Engine, secret: str, address: str | None) -> tuple[Viewer, str]:
    """The viewer and CSRF token of a live session cookie."""
    found = _signed_in(engine, (web_sessions.c.csrf_token, web_sessions.c.revoked_at, web_sessions.c.expires_at),
                       web_sessions.c.id, _digest(secret))
    if found is None or found[0].revoked_at is not None or found[0].expires_at < datetime.now():
        raise Unauthorised("登录已失效，请重新登录")
    row, shared = found
    return _viewer(row, shared, "web", address), row.csrf_token


def logout(engine: Engine, secret: str, viewer: Viewer) -> None:
    with engine.begin() as conn:
        conn.execute(update(web_sessions).where(web_sessions.c.id == _digest(secret)).values(revoked_at=datetime.now()))
        audit.record(conn, viewer, "logout", f"user:{viewer.username}")


def create_token(engine: Engine, actor: Viewer, name: str, *, username: str | None = None,
                 days: int | None = None) -> tuple[str, dict[str, Any]]:
    """A new API token for the actor (or, for an admin, another user): (secret shown once, its record)."""
    name = (name or "").strip()
    plain_text(name, "令牌名称")
    if not name or len(name) > 100:
        raise InvalidInput("令牌名称应为 1–100 个字符（写明用途，如「数据报送程序」）")
    if days is not None and not 1 <= days <= 3650:
        raise InvalidInput("有效期应为 1–3650 天")
    if username and username != actor.username:
        actor.require(Permission.MANAGE_USERS)
        user_id = get_user(engine, username)["id"]
    elif actor.user_id is None:
        raise InvalidInput("本机操作员须用 --user 指定令牌所属账号")
    else:
        user_id = actor.user_id
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = datetime.now()
    with engine.begin() as conn:
        token_id = conn.execute(insert(api_tokens).values(
            user_id=user_id, name=name, token_hash=_digest(secret), prefix=secret[:10], created_at=now,
            expires_at=now + timedelta(days=days) if days else None)).inserted_primary_key[0]
        audit.record(conn, actor, "token_create", f"token:{token_id}", name=name, user_id=user_id)
    return secret, next(t for t in list_tokens(engine, actor, all_users=actor.can(Permission.MANAGE_USERS))
                        if t["id"] == token_id)


def list_tokens(engine: Engine, actor: Viewer, *, all_users: bool = False) -> list[dict[str, Any]]:
    """The actor's tokens (an admin may ask for everyone's); secrets are never shown again."""
    query = select(api_tokens, users.c.username).join(users, users.c.id == api_tokens.c.user_id)
    if all_users:
        actor.require(Permission.MANAGE_USERS)
    else:
        query = query.where(api_tokens.c.user_id == actor.user_id)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(api_tokens.c.id)).all()
    return [{"id": r.id, "name": r.name, "username": r.username, "prefix": r.prefix, "created_at": r.created_at,
             "expires_at": r.expires_at, "last_used_at": r.last_used_at, "revoked_at": r.revoked_at,
             "active": r.revoked_at is None and (r.expires_at is None or r.expires_at > datetime.now())}
            for r in rows]


def revoke_token(engine: Engine, actor: Viewer, token_id: int) -> dict[str, Any]:
    """Revoke a token (one's own, or any for an admin); it stops working with the next request."""
    with engine.begin() as conn:
        row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
        if row is None or (row.user_id != actor.user_id and not actor.can(Permission.MANAGE_USERS)):
            raise NotFound(f"令牌 {token_id} 不存在")
        if row.revoked_at is None:
            conn.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(revoked_at=datetime.now()))
            audit.record(conn, actor, "token_revoke", f"token:{token_id}", name=row.name)
    return {"id": token_id, "revoked": True}


def token_viewer(engine: Engine, secret: str, address: str | None) -> Viewer:
    """The viewer behind an API token; revoked, expired or unknown tokens are refused at the next request."""
    viewer, due = token_sign_in(engine, secret, address)
    if due is not None:
        record_token_use(engine, due)
    return viewer


def token_sign_in(engine: Engine, secret: str, address: str | None) -> tuple[Viewer, int | None]:
    """The viewer behind an API token, and the token's id when its last use is to be recorded (`record_token_use`;
    at most every few minutes, not a write per request). Reads only: an event loop may call it."""
    found = _signed_in(engine, (api_tokens.c.id.label("token_id"), api_tokens.c.revoked_at, api_tokens.c.expires_at,
                                api_tokens.c.last_used_at), api_tokens.c.token_hash, _digest(secret))
    now = datetime.now()
    if found is None or found[0].revoked_at is not None or (found[0].expires_at and found[0].expires_at < now):
        raise Unauthorised("接口令牌无效、已过期或已吊销")
    row, shared = found
    due = row.last_used_at is None or now - row.last_used_at > TOKEN_USE_RECORDED_EVERY
    return _viewer(row, shared, "api", address), row.token_id if due else None


TOKEN_USE_RECORDED_EVERY = timedelta(minutes=5)


def record_token_use(engine: Engine, token_id: int) -> None:
    """Queue the token's last use (now) for the background writer: bookkeeping never holds up a request."""
    used = datetime.now()
    deferred.defer(engine, "token_use", {"token_id": token_id, "at": used}, lambda conn: conn.execute(
        update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=used)))
