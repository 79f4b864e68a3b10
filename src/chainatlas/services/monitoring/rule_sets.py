"""The risk rule sets: the default shipped with the package (version 1) and the versions an office stores;
the highest version is in force."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, func, insert, select

from chainatlas.domain.access import Permission, Role, Viewer
from chainatlas.domain.errors import Forbidden, InvalidInput
from chainatlas.domain.risk_rules import RuleSet, parse_rule_set, rule_set_as_dict, vocabulary
from chainatlas.services import access
from chainatlas.store.monitor_models import risk_rule_sets

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "risk_rules.yaml"
RULE_EDITORS = frozenset({Role.ADMIN, Role.CHAIN_OFFICE})


@lru_cache(maxsize=1)
def default_rule_set() -> RuleSet:
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    return parse_rule_set(data, int(data.get("version", 1)))


def rules_in_force(engine: Engine) -> RuleSet:
    """The stored rule set with the highest version, or the default when none was stored."""
    with engine.connect() as conn:
        row = conn.execute(select(risk_rule_sets).order_by(risk_rule_sets.c.version.desc()).limit(1)).first()
    if row is None:
        return default_rule_set()
    return parse_rule_set({"rules": row.rules, "note": row.note}, int(row.version))


def read_rules_text(text: str, source: str = "规则文件") -> Any:
    """YAML (or JSON, which YAML reads) of a rule set; a clear error when it cannot be read."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f"第 {where.line + 1} 行" if where is not None else ""
        raise InvalidInput(f"{source}{line}不是有效的 YAML：{getattr(exc, 'problem', None) or exc}") from None


def set_rules(engine: Engine, data: Any, *, viewer: Viewer, note: str | None = None) -> dict[str, Any]:
    """Validate a rule set and store it as the next version (it is in force from now on)."""
    viewer.require(Permission.WRITE_REGISTRY)
    if viewer.role not in RULE_EDITORS:
        raise Forbidden("只有系统管理员或链长办可以修改风险预警规则")
    parsed = parse_rule_set(data)
    if note is None and isinstance(data, dict) and data.get("note"):
        note = str(data["note"])
    rules = [{k: v for k, v in r.as_dict().items() if k not in ("level_label", "subject_kind")} for r in parsed.rules]
    with engine.begin() as conn:
        top = conn.execute(select(func.max(risk_rule_sets.c.version))).scalar()
        version = max(int(top or 0), default_rule_set().version) + 1
        conn.execute(insert(risk_rule_sets).values(version=version, rules=rules, note=(note or "")[:500] or None,
                                                   created_by=viewer.username, created_at=datetime.now()))
        access.record_audit(conn, viewer, "risk_rules", f"v{version}", rules=len(rules))
    return rules_as_dict(engine)


def rules_as_dict(engine: Engine, *, viewer: Viewer | None = None) -> dict[str, Any]:
    """The rule set in force, the versions stored before it and the vocabulary (parameters and bounds)."""
    if viewer is not None:
        viewer.require(Permission.READ)
    with engine.connect() as conn:
        history = [{"version": r.version, "note": r.note, "created_by": r.created_by, "created_at": r.created_at}
                   for r in conn.execute(select(risk_rule_sets.c.version, risk_rule_sets.c.note,
                                                risk_rule_sets.c.created_by, risk_rule_sets.c.created_at)
                                         .order_by(risk_rule_sets.c.version.desc()))]
    return {**rule_set_as_dict(rules_in_force(engine)), "history": history, "vocabulary": vocabulary()}
