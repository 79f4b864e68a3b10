"""Risk early warning (风险监测预警): the rule vocabulary and the validation of a rule set.

A rule set is data (src/chainatlas/data/risk_rules.yaml is the default, version 1; an office stores its own
versions): per rule its level (红/橙/黄), its parameters, whether it is on, and optionally an `escalate` — a
higher level with stricter parameters (the warning takes that level when the condition also holds with them).
Every result carries the version of the rule set that found it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("red", "orange", "yellow")  # most severe first
LEVEL_LABELS = {"red": "红色", "orange": "橙色", "yellow": "黄色"}
LEVEL_SHORT = {"red": "红", "orange": "橙", "yellow": "黄"}
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
SUBJECT_LABELS = {"chain": "产业链", "link": "环节", "enterprise": "企业", "project": "项目", "problem": "问题"}


@dataclass(frozen=True)
class Param:
    key: str
    label: str
    default: int
    low: int
    high: int
    unit: str = ""


@dataclass(frozen=True)
class RuleKind:
    """What a rule looks at: its subject, its parameters with their bounds, its default level."""

    id: str
    name: str
    subject_kind: str
    level: str
    params: tuple[Param, ...]
    description: str


RULE_KINDS: tuple[RuleKind, ...] = (
    RuleKind("single_source", "单一来源环节", "link", "orange",
             (Param("max_enterprises", "本地企业数不超过", 1, 1, 5, "家"),),
             "环节本地企业不超过设定家数（默认 1 家）：一旦停产，链上无本地替代。"),
    RuleKind("concentrated", "环节供给集中", "link", "yellow",
             (Param("top_share_pct", "最大企业营收占比达到", 70, 1, 100, "%"),
              Param("hhi", "HHI 高于", 1800, 1, 10000),
              Param("min_enterprises", "本地企业数至少", 2, 2, 100, "家")),
             "最大企业占环节营业收入（企业最近年度营收）达到设定比例（默认 70%），或赫芬达尔指数 HHI 高于设定值"
             "（默认 1800；1000–1800 中度集中，1800 以上高度集中）；单一来源的环节由上一条规则报告。"),
    RuleKind("key_link_missing", "关键环节缺失", "link", "orange",
             (Param("min_importance", "重要度至少", 4, 1, 5),),
             "重要度达到设定值（默认 4）的环节本地无企业（补链分析中的缺链）。"),
    RuleKind("enterprise_decline", "企业产值持续下滑", "enterprise", "orange",
             (Param("drop_pct", "当月同比下降至少", 20, 1, 100, "%"),
              Param("months", "连续月数", 3, 1, 12, "个月")),
             "企业当月产值（未报产值时用营业收入）连续若干个月（默认 3）同比下降达到设定幅度（默认 20%）。"),
    RuleKind("above_scale_lost", "退出规上", "enterprise", "orange",
             (Param("threshold_wan", "规上标准（营业收入）", 2000, 1, 1_000_000, "万元"),),
             "此前 12 个月营业收入 ≥ 规上标准（无月报时用上年营收），最近 12 个月（12 期月报齐全）低于规上标准。"),
    RuleKind("headcount_drop", "从业人员大幅减少", "enterprise", "yellow",
             (Param("drop_pct", "同比减少至少", 30, 1, 100, "%"),
              Param("min_employees", "上年同月人数至少", 20, 1, 100_000, "人")),
             "最新月份从业人员比上年同月减少达到设定幅度（默认 30%；上年同月人数不少于设定值，默认 20 人）。"),
    RuleKind("no_report", "月报中断", "enterprise", "yellow",
             (Param("months", "连续未报月数", 2, 1, 12, "个月"),
              Param("lookback", "此前报送过的月数范围", 12, 1, 36, "个月")),
             "此前一段时间（默认 12 个月）内报送过月报，最近若干个月（默认 2 个月，截至本地区最新月份）没有报送。"),
    RuleKind("chain_growth_lagging", "产业链增速落后", "chain", "orange",
             (Param("gap_points", "低于全市增速至少", 10, 1, 100, "个百分点"),),
             "产业链本年累计产值同比增速比本地区全行业低设定的百分点以上（默认 10 个百分点）。"),
    RuleKind("chain_negative_quarter", "产业链季度负增长", "chain", "orange",
             (Param("months", "最近月数", 3, 1, 12, "个月"),),
             "产业链最近若干个月（默认 3 个月，即一个季度）的产值合计比上年同期下降。"),
    RuleKind("project_delayed", "项目延误", "project", "yellow",
             (Param("min_days", "延误天数至少", 1, 1, 3650, "天"),),
             "重大项目或招商项目有阶段超过计划日期未达到（项目清单的延误，读取时计算）。"),
    RuleKind("problem_overdue", "问题逾期未办结", "problem", "yellow",
             (Param("min_days", "逾期天数至少", 1, 1, 3650, "天"),),
             "重点问题交办或督办中，超过办理时限（问题清单的逾期，读取时计算）。"),
)
KIND_BY_ID = {kind.id: kind for kind in RULE_KINDS}


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    level: str
    params: dict[str, int]
    description: str = ""
    enabled: bool = True
    escalate_level: str | None = None
    escalate_params: dict[str, int] = field(default_factory=dict)

    @property
    def kind(self) -> RuleKind:
        return KIND_BY_ID[self.id]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "level": self.level,
                               "level_label": LEVEL_LABELS[self.level], "enabled": self.enabled,
                               "subject_kind": self.kind.subject_kind, "params": dict(self.params),
                               "description": self.description}
        if self.escalate_level:
            out["escalate"] = {"level": self.escalate_level, **self.escalate_params}
        return out


@dataclass(frozen=True)
class RuleSet:
    version: int
    rules: tuple[Rule, ...]
    note: str | None = None

    def enabled(self) -> list[Rule]:
        return [r for r in self.rules if r.enabled]

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def _number(raw: Any, param: Param, where: str, errors: list[str]) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        errors.append(f"{where}：应为整数，实际为“{raw}”")
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        errors.append(f"{where}：应为整数，实际为“{raw}”")
        return None
    if not param.low <= value <= param.high:
        errors.append(f"{where}：应在 {param.low}–{param.high}{param.unit} 之间，实际为 {value}")
        return None
    return value


def _level(raw: Any, where: str, errors: list[str]) -> str | None:
    text = str(raw).strip().lower() if raw is not None else ""
    by_label = {**{v: k for k, v in LEVEL_LABELS.items()}, **{v: k for k, v in LEVEL_SHORT.items()}}
    level = text if text in LEVEL_LABELS else by_label.get(str(raw).strip()) if raw is not None else None
    if level is None:
        errors.append(f"{where}：应为 red、orange 或 yellow（红、橙、黄），实际为“{raw}”")
    return level


def _rule(entry: Any, index: int, errors: list[str]) -> Rule | None:
    if not isinstance(entry, dict):
        errors.append(f"第 {index} 条规则：应为包含 id、level、params 的映射")
        return None
    rule_id = str(entry.get("id") or "").strip()
    kind = KIND_BY_ID.get(rule_id)
    if kind is None:
        errors.append(f"第 {index} 条规则的字段 id：“{rule_id}”不是已知规则；可选：{'、'.join(KIND_BY_ID)}")
        return None
    label = f"规则“{rule_id}”（{kind.name}）的字段"
    shown_only = {"level_label", "subject_kind"}  # what `risks rules --json` adds for people; ignored on the way in
    unknown = sorted(set(entry) - {"id", "name", "level", "params", "description", "enabled", "escalate"} - shown_only)
    if unknown:
        errors.append(f"{label} {'、'.join(unknown)}：无此字段；可用 name、level、params、description、enabled、escalate")
    level = _level(entry.get("level", kind.level), f"{label} level", errors)
    raw_params = entry.get("params") or {}
    if not isinstance(raw_params, dict):
        errors.append(f"{label} params：应为参数映射，如 {kind.params[0].key}: {kind.params[0].default}")
        raw_params = {}
    known = {p.key: p for p in kind.params}
    for key in sorted(set(raw_params) - set(known)):
        errors.append(f"{label} params.{key}：无此参数；可用 {'、'.join(known)}")
    params = {}
    for param in kind.params:
        value = _number(raw_params.get(param.key, param.default), param, f"{label} params.{param.key}", errors)
        params[param.key] = param.default if value is None else value
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        errors.append(f"{label} enabled：应为 true 或 false，实际为“{enabled}”")
        enabled = True
    escalate_level, escalate_params = None, {}
    raw_escalate = entry.get("escalate")
    if raw_escalate is not None:
        if not isinstance(raw_escalate, dict) or "level" not in raw_escalate:
            errors.append(f"{label} escalate：应为包含 level 与更严参数的映射，如 {{level: red, {kind.params[0].key}: …}}")
        else:
            escalate_level = _level(raw_escalate["level"], f"{label} escalate.level", errors)
            if level and escalate_level and LEVEL_RANK[escalate_level] >= LEVEL_RANK[level]:
                errors.append(f"{label} escalate.level：升级后的级别应高于 level（{LEVEL_LABELS[level]}）")
            for key, raw in raw_escalate.items():
                if key == "level":
                    continue
                if key not in known:
                    errors.append(f"{label} escalate.{key}：无此参数；可用 {'、'.join(known)}")
                    continue
                value = _number(raw, known[key], f"{label} escalate.{key}", errors)
                if value is not None:
                    escalate_params[key] = value
    name = str(entry.get("name") or kind.name).strip()[:40]
    return Rule(rule_id, name, level or kind.level, params, str(entry.get("description") or kind.description),
                enabled, escalate_level, escalate_params)


def parse_rule_set(data: Any, version: int = 0) -> RuleSet:
    """A rule set from its YAML/JSON form (`{version, rules: [...]}` or the list of rules); every error of every
    rule, each naming the rule and the field, in one InvalidInput."""
    from chainatlas.domain.errors import InvalidInput

    errors: list[str] = []
    if isinstance(data, dict):
        entries = data.get("rules")
        note = data.get("note")
    else:
        entries, note = data, None
    if not isinstance(entries, list) or not entries:
        raise InvalidInput("风险规则集：应包含 rules 列表（每条有 id、level、params），例如 chainatlas risks rules --json 的输出")
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        rule = _rule(entry, index, errors)
        if rule is None:
            continue
        if rule.id in seen:
            errors.append(f"规则“{rule.id}”（{rule.kind.name}）出现了不止一次")
            continue
        seen.add(rule.id)
        rules.append(rule)
    if errors:
        raise InvalidInput("风险规则集有误：" + "；".join(errors))
    return RuleSet(version, tuple(rules), str(note) if note else None)


def rule_set_as_dict(rule_set: RuleSet) -> dict[str, Any]:
    return {"version": rule_set.version, "note": rule_set.note, "rules": [r.as_dict() for r in rule_set.rules]}


def vocabulary() -> list[dict[str, Any]]:
    """Every rule with its parameters and bounds (for the settings panel and docs)."""
    return [{"id": k.id, "name": k.name, "subject_kind": k.subject_kind, "level": k.level, "description": k.description,
             "params": [{"key": p.key, "label": p.label, "default": p.default, "low": p.low, "high": p.high,
                         "unit": p.unit} for p in k.params]} for k in RULE_KINDS]
