"""Access: organisations, accounts and sign-in, data scope, sharing agreements and the audit log.

The face of the capability: interfaces and other services import these names from here.
"""

from chainatlas.services.access.accounts import (
    SESSION_HOURS,
    create_organisation,
    create_token,
    create_user,
    demo_users,
    get_organisation,
    get_user,
    list_organisations,
    list_tokens,
    list_users,
    login,
    logout,
    record_token_use,
    revoke_token,
    session_viewer,
    set_user,
    token_sign_in,
    token_viewer,
)
from chainatlas.services.access.agreements import create as create_agreement
from chainatlas.services.access.agreements import end as end_agreement
from chainatlas.services.access.agreements import get as get_agreement
from chainatlas.services.access.agreements import list_agreements
from chainatlas.services.access.audit import ACTION_LABELS as AUDIT_ACTION_LABELS
from chainatlas.services.access.audit import entries as audit_entries
from chainatlas.services.access.audit import entry as audit_entry
from chainatlas.services.access.audit import export_csv as audit_csv
from chainatlas.services.access.audit import record as record_audit
from chainatlas.services.access.audit import record_now as record_audit_now
from chainatlas.services.access.scope import (
    area_condition,
    areas_of,
    condition,
    conditions,
    enterprise_groups,
    in_own_area,
    in_own_work_area,
    reads_are_audited,
    redact_records,
    scope_key,
    sql_text,
    work_condition,
)

__all__ = [
    "AUDIT_ACTION_LABELS", "SESSION_HOURS", "area_condition", "areas_of", "audit_csv", "audit_entries", "audit_entry", "condition",
    "conditions", "create_agreement", "create_organisation", "create_token", "create_user", "demo_users",
    "end_agreement", "enterprise_groups", "get_agreement", "get_organisation", "get_user", "in_own_area", "in_own_work_area",
    "list_agreements", "list_organisations", "list_tokens", "list_users", "login", "logout", "reads_are_audited",
    "record_audit", "record_audit_now", "record_token_use", "redact_records", "revoke_token", "scope_key",
    "session_viewer", "set_user", "sql_text", "work_condition", "token_sign_in", "token_viewer",
]
