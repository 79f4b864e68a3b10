"""Industrialisable research results (可产业化科研成果清单): the vocabulary of maturity, transfer mode and status.

Maturity is the technology readiness level TRL 1–9 (GB/T 22900); the transfer modes are those of the 促进科技
成果转化法 (转让、许可、作价入股) and joint development (合作开发). The status follows a result from listed to
matched and transferred, or withdrawn.
"""

from __future__ import annotations

import re

from chainatlas.domain.errors import InvalidInput

TRANSFER_MODES = {"transfer": "转让", "licence": "许可", "equity": "作价入股", "joint": "合作开发"}
MODE_BY_LABEL = {label: mode for mode, label in TRANSFER_MODES.items()} | {"技术转让": "transfer", "专利转让": "transfer",
                                                                        "技术许可": "licence", "专利许可": "licence",
                                                                        "入股": "equity", "联合开发": "joint"}
STATUSES = {"listed": "待转化", "matching": "对接中", "transferred": "已转化", "withdrawn": "已撤回"}
STATUS_BY_LABEL = {label: status for status, label in STATUSES.items()} | {"未转化": "listed", "洽谈中": "matching",
                                                                          "转化中": "matching", "已转让": "transferred"}
TRL_LABELS = {1: "基本原理清晰", 2: "技术概念成型", 3: "原理得到验证", 4: "实验室环境验证", 5: "相关环境验证",
              6: "相关环境中演示", 7: "实际环境中演示", 8: "定型试验完成", 9: "实际应用成功"}
_SPLIT = re.compile(r"[；;，,、\s]+")
_SPLIT_KEEP_SPACES = re.compile(r"[；;，,、\n]+")


def _pick(raw: object, table: dict[str, str], by_label: dict[str, str], what: str) -> str:
    text = str(raw or "").strip()
    found = text if text in table else by_label.get(text)
    if found is None:
        raise InvalidInput(f"{what}“{raw}”不存在；可选：{'、'.join(table.values())}")
    return found


def transfer_mode(raw: object) -> str:
    return _pick(raw, TRANSFER_MODES, MODE_BY_LABEL, "转化方式")


def status(raw: object) -> str:
    return _pick(raw, STATUSES, STATUS_BY_LABEL, "转化状态")


def trl(raw: object) -> int:
    """TRL 1–9 from 7, 'TRL7', '7级', 'TRL 7'."""
    text = str(raw if raw is not None else "").strip().upper().replace("TRL", "").replace("级", "").strip()
    if not text.isdigit() or not 1 <= int(text) <= 9:
        raise InvalidInput(f"成熟度“{raw}”应为技术就绪水平 TRL 1–9")
    return int(text)


def split_list(raw: object, spaces: bool = True) -> list[str]:
    """'张三、李四；王五' → ['张三', '李四', '王五'] (lists of names, keywords, links, patent numbers)."""
    if raw is None:
        return []
    if isinstance(raw, list | tuple):
        return [str(v).strip() for v in raw if str(v).strip()]
    return [part.strip() for part in (_SPLIT if spaces else _SPLIT_KEEP_SPACES).split(str(raw)) if part.strip()]
