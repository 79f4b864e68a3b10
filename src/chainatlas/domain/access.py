"""Who may see and do what: roles, organisations, data areas and field groups.

Pure rules, no I/O. A `Viewer` is the signed-in user as the services see it:
a role (what it may do) and the areas of data it may read (what it may see).
An area is its organisation's own patch (a region, a park, one enterprise),
with every field, or a slice another organisation shares through an agreement,
with only the agreed field groups. Personal data (contacts, legal
representative) is masked unless the role may see it and the area grants it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from chainatlas.domain.errors import Forbidden


class Role(StrEnum):
    ADMIN = "admin"
    CHAIN_OFFICE = "chain_office"
    INVESTMENT = "investment_bureau"
    PARK = "park"
    ALLIANCE = "alliance"
    BANK = "bank"
    ENTERPRISE = "enterprise"
    READONLY = "readonly"


ROLE_LABELS = {
    Role.ADMIN: "系统管理员", Role.CHAIN_OFFICE: "链长办", Role.INVESTMENT: "招商局", Role.PARK: "园区",
    Role.ALLIANCE: "产业联盟", Role.BANK: "金融机构", Role.ENTERPRISE: "企业", Role.READONLY: "只读",
}


AGREEMENT_STATUS_LABELS = {  # a sharing agreement's state
    "active": "生效中", "expired": "已终止", "revoked": "已撤销", "pending": "未开始", "lapsed": "已到期"}


class Permission(StrEnum):
    READ = "read"                      # maps, gaps and registry records in the viewer's areas
    WRITE_REGISTRY = "write_registry"  # imports, placement decisions, re-evaluations
    WRITE_PIPELINE = "write_pipeline"  # the investment-attraction projects (招商引资项目清单) in its own area
    PERSONAL_DATA = "personal_data"    # contacts and legal representatives, where the area grants them
    SHARE = "share"                    # create, expire and revoke its organisation's agreements
    MANAGE_USERS = "manage_users"      # organisations, users and their tokens
    AUDIT = "audit"                    # read and export the audit log


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.CHAIN_OFFICE: frozenset({Permission.READ, Permission.WRITE_REGISTRY, Permission.WRITE_PIPELINE,
                                  Permission.PERSONAL_DATA, Permission.SHARE}),
    # The investment bureau runs the investment pipeline: it accepts targets into it and moves its projects.
    Role.INVESTMENT: frozenset({Permission.READ, Permission.WRITE_PIPELINE, Permission.PERSONAL_DATA}),
    Role.PARK: frozenset({Permission.READ, Permission.WRITE_REGISTRY, Permission.WRITE_PIPELINE,
                          Permission.PERSONAL_DATA}),
    Role.ALLIANCE: frozenset({Permission.READ, Permission.PERSONAL_DATA}),
    Role.BANK: frozenset({Permission.READ, Permission.PERSONAL_DATA}),
    Role.ENTERPRISE: frozenset({Permission.READ, Permission.PERSONAL_DATA}),
    Role.READONLY: frozenset({Permission.READ}),
}
PERMISSION_LABELS = {
    Permission.READ: "查看数据", Permission.WRITE_REGISTRY: "导入或修改企业数据",
    Permission.WRITE_PIPELINE: "维护招商引资项目", Permission.PERSONAL_DATA: "查看个人信息",
    Permission.SHARE: "管理数据共享协议", Permission.MANAGE_USERS: "管理机构与账号", Permission.AUDIT: "查看审计日志",
}


class OrgKind(StrEnum):
    PLATFORM = "platform"  # the deployment's operator: no region of its own, sees the whole registry
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"
    PARK = "park"
    ALLIANCE = "alliance"
    BANK = "bank"
    ENTERPRISE = "enterprise"


ORG_KIND_LABELS = {
    OrgKind.PLATFORM: "平台运营方", OrgKind.PROVINCE: "省", OrgKind.CITY: "市", OrgKind.DISTRICT: "区县", OrgKind.PARK: "园区",
    OrgKind.ALLIANCE: "产业联盟", OrgKind.BANK: "金融机构", OrgKind.ENTERPRISE: "企业",
}
# The administrative tree; alliances and banks sit beside it (no parent, or any organisation).
PARENT_KINDS: dict[OrgKind, frozenset[OrgKind | None]] = {
    OrgKind.PLATFORM: frozenset({None}),
    OrgKind.PROVINCE: frozenset({None}),
    OrgKind.CITY: frozenset({OrgKind.PROVINCE}),
    OrgKind.DISTRICT: frozenset({OrgKind.CITY}),
    OrgKind.PARK: frozenset({OrgKind.CITY, OrgKind.DISTRICT}),
    OrgKind.ALLIANCE: frozenset({None, OrgKind.PROVINCE, OrgKind.CITY}),
    OrgKind.BANK: frozenset({None, OrgKind.PROVINCE, OrgKind.CITY}),
    OrgKind.ENTERPRISE: frozenset({None, OrgKind.CITY, OrgKind.DISTRICT, OrgKind.PARK}),
}
REGIONAL_KINDS = frozenset({OrgKind.PROVINCE, OrgKind.CITY, OrgKind.DISTRICT, OrgKind.PARK})
GOVERNMENT_KINDS = frozenset({OrgKind.PROVINCE, OrgKind.CITY, OrgKind.DISTRICT})
ADMIN_KINDS = GOVERNMENT_KINDS | {OrgKind.PLATFORM}
# Which roles an organisation of each kind can hold.
ROLE_ORG_KINDS: dict[Role, frozenset[OrgKind]] = {
    Role.ADMIN: ADMIN_KINDS, Role.CHAIN_OFFICE: GOVERNMENT_KINDS, Role.INVESTMENT: GOVERNMENT_KINDS,
    Role.PARK: frozenset({OrgKind.PARK}), Role.ALLIANCE: frozenset({OrgKind.ALLIANCE}),
    Role.BANK: frozenset({OrgKind.BANK}), Role.ENTERPRISE: frozenset({OrgKind.ENTERPRISE}),
    Role.READONLY: frozenset(OrgKind),
}

# What an agreement can share of an enterprise record, by group; `basic` always comes along.
FIELD_GROUPS = {
    "basic": "基本信息（名称、信用代码、地区、园区、行业、成立日期、注册资本）",
    "business": "经营范围与主营产品",
    "metrics": "经营指标（营收、人数等）",
    "tags": "资质标签",
    "placements": "产业链环节",
    "evaluations": "评价结果",
    "contacts": "联系人与联系电话（个人信息）",
    "legal_representative": "法定代表人（个人信息）",
    "work_lists": "工作清单（发展目标、重大项目与招商项目、重点问题、科研成果）",
}
ALL_GROUPS = frozenset(FIELD_GROUPS)
PERSONAL_GROUPS = frozenset({"contacts", "legal_representative"})
# Keys of the enterprise records the services return, by the group that carries them.
KEY_GROUPS = {
    "business_scope": "business", "main_products": "business",
    "revenue_wan_yuan": "metrics", "revenue_year": "metrics", "employees": "metrics", "years": "metrics",
    "size": "metrics", "size_label": "metrics",
    "tags": "tags", "placements": "placements", "evaluations": "evaluations", "history": "metrics",
    "contact_person": "contacts", "contact_phone": "contacts", "legal_representative": "legal_representative",
}
DATASETS = {"enterprises": "企业库（企业档案及其指标、标签、挂链与评价）"}


@dataclass(frozen=True)
class Area:
    """A patch of the registry a viewer may read, with the field groups it may see there."""

    region: str | None = None        # GB/T 2260 code; its province, city or county
    park: str | None = None
    enterprise_id: int | None = None
    chain: str | None = None         # enterprises placed on this chain
    tag: str | None = None           # enterprises holding this tag
    groups: frozenset[str] = ALL_GROUPS
    agreement_id: int | None = None  # None: the organisation's own area

    @property
    def shared(self) -> bool:
        return self.agreement_id is not None

    @property
    def unrestricted(self) -> bool:
        """The whole registry (a platform organisation's own area)."""
        return (self.region, self.park, self.enterprise_id, self.chain, self.tag) == (None,) * 5


@dataclass(frozen=True)
class Viewer:
    """The user behind a request, as the services check it."""

    role: Role
    areas: tuple[Area, ...] = ()
    everything: bool = False           # the whole registry (the local operator on the CLI)
    user_id: int | None = None
    username: str = "system"
    org_id: int | None = None
    org_name: str | None = None
    channel: str = "cli"               # web / api / cli
    address: str | None = None         # where the request came from
    permissions: frozenset[Permission] = field(default=frozenset())

    def __post_init__(self) -> None:
        if not self.permissions:
            object.__setattr__(self, "permissions", ROLE_PERMISSIONS[self.role])

    @classmethod
    def operator(cls, channel: str = "cli", address: str | None = None) -> Viewer:
        """The local operator: whoever runs the CLI on the database itself sees and may do everything."""
        return cls(role=Role.ADMIN, everything=True, username="本机操作员", channel=channel, address=address)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise Forbidden(f"角色「{ROLE_LABELS[self.role]}」无权{PERMISSION_LABELS[permission]}")

    @property
    def has_shared(self) -> bool:
        return any(a.shared for a in self.areas)

    def own_region(self) -> str | None:
        """The region of the organisation's own area, if it has one."""
        return next((a.region for a in self.areas if not a.shared and a.region), None)


def visible_groups(viewer: Viewer, areas: list[Area]) -> frozenset[str]:
    """The field groups the viewer may see of a record that lies in `areas`."""
    if viewer.everything:
        groups = ALL_GROUPS
    else:
        groups = frozenset().union(*(a.groups for a in areas)) if areas else frozenset({"basic"})
    if not viewer.can(Permission.PERSONAL_DATA):
        groups = groups - PERSONAL_GROUPS
    return groups | {"basic"}


def mask_person(name: str | None) -> str | None:
    """张三丰 → 张**: enough to recognise a record, not to identify a person."""
    if not name:
        return name
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str | None) -> str | None:
    """13812345678 → 138****5678; short numbers are masked whole."""
    if not phone:
        return phone
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


MASKS = {"contact_person": mask_person, "legal_representative": mask_person, "contact_phone": mask_phone}


def redact(record: dict[str, Any], groups: frozenset[str]) -> dict[str, Any]:
    """A copy of an enterprise record with what `groups` do not cover masked (personal data) or left out.

    Left-out keys are listed under `hidden` so that a page can say 未共享 instead of showing a blank.
    """
    out = dict(record)
    hidden = []
    for key, group in KEY_GROUPS.items():
        if key not in out or group in groups:
            continue
        if key in MASKS:
            out[key] = MASKS[key](out[key])
        else:
            out[key] = [] if isinstance(out[key], list) else None
            hidden.append(key)
    if hidden:
        out["hidden"] = hidden
    return out
