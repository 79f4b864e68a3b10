"""The report template a city changes without code: title pattern, issuing body, seal line, the sections and
their order and headings. The packaged default (data/report_template.yaml) is overlaid by the deployment's
stored template (meta table, `chainatlas report template --set FILE`) and by a file given for one report
(`--template FILE`); an overlay names only what it changes. Every problem is one Chinese line naming the field.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, delete, insert, select

from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import InvalidInput
from chainatlas.services import access
from chainatlas.store.models import meta

SETTING_KEY = "report_template"  # meta key of the deployment's template (its YAML text)
SECTION_KEYS = {"overview": "总体运行情况", "chain_map": "产业链图谱与环节覆盖", "leaders": "龙头及重点企业",
                "work_lists": "重点工作清单", "warnings": "风险预警", "recommendations": "下步工作建议"}
PLACEHOLDERS = {"region", "area", "chain", "year", "month", "ytd", "issuer", "date"}
TEXT_FIELDS = ("title", "subtitle", "issuer", "seal_line")
TOC_CHOICES = ("auto", "always", "never")
FIELDS = {*TEXT_FIELDS, "toc", "toc_min_sections", "leaders_limit", "sections"}


@dataclass(frozen=True)
class ReportTemplate:
    title: str
    subtitle: str
    issuer: str
    seal_line: str
    toc: str
    toc_min_sections: int
    leaders_limit: int
    sections: tuple[tuple[str, str], ...]  # (key, heading) in print order
    source: str                            # 内置模板 / 本部署模板 / the file's name


def _default_text() -> str:
    return resources.files("chainatlas.data").joinpath("report_template.yaml").read_text(encoding="utf-8")


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise InvalidInput(f"月报模板 {where}{line}不是有效的 YAML：{getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InvalidInput(f"月报模板 {where} 应是“字段: 值”的映射（如 title: …），而不是{type(data).__name__}")
    return data


def _check_text(field: str, value: Any, where: str) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"月报模板 {where} 的 {field} 应为文字，而不是 {value!r}")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        raise InvalidInput(f"月报模板 {where} 的 {field}“{value}”花括号不成对：{exc}") from None
    unknown = sorted(n for n in names if n not in PLACEHOLDERS)
    if unknown:
        raise InvalidInput(f"月报模板 {where} 的 {field} 用了未知占位符 {{{unknown[0]}}}；可用："
                           + "、".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS)))
    if field == "issuer" and "issuer" in names:
        raise InvalidInput(f"月报模板 {where} 的 issuer 不能引用它自己（{{issuer}}）")
    if field == "title" and not value.strip():
        raise InvalidInput(f"月报模板 {where} 的 title（标题）不能为空")
    return value


def _check_sections(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not value:
        raise InvalidInput(f"月报模板 {where} 的 sections 应为至少一项的列表（每项写 key 和 heading）")
    out: list[tuple[str, str]] = []
    for number, item in enumerate(value, start=1):
        if isinstance(item, str):
            item = {"key": item}
        if not isinstance(item, dict):
            raise InvalidInput(f"月报模板 {where} 的 sections 第 {number} 项应写 key 和 heading")
        key = item.get("key")
        if key not in SECTION_KEYS:
            raise InvalidInput(f"月报模板 {where} 的 sections 第 {number} 项 key“{key}”不存在；可选："
                               + "、".join(f"{k}（{v}）" for k, v in SECTION_KEYS.items()))
        if key in (k for k, _ in out):
            raise InvalidInput(f"月报模板 {where} 的 sections 第 {number} 项 {key} 重复出现")
        extra = sorted(set(item) - {"key", "heading"})
        if extra:
            raise InvalidInput(f"月报模板 {where} 的 sections 第 {number} 项有未知字段 {extra[0]}；只可写 key、heading")
        heading = item.get("heading") or SECTION_KEYS[key]
        if not isinstance(heading, str) or len(heading) > 40:
            raise InvalidInput(f"月报模板 {where} 的 sections 第 {number} 项 heading 应为不超过 40 字的文字")
        out.append((key, heading.strip()))
    return tuple(out)


def _positive(field: str, value: Any, where: str, top: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
        raise InvalidInput(f"月报模板 {where} 的 {field} 应为 1 到 {top} 的整数，而不是 {value!r}")
    return value


def _overlay(base: dict[str, Any], text: str, where: str) -> dict[str, Any]:
    data = _parse(text, where)
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise InvalidInput(f"月报模板 {where} 有未知字段 {unknown[0]}；可写：{'、'.join(sorted(FIELDS))}")
    for field in TEXT_FIELDS:
        if field in data:
            _check_text(field, data[field], where)
    if "sections" in data:
        _check_sections(data["sections"], where)
    if "toc" in data and data["toc"] not in TOC_CHOICES:
        raise InvalidInput(f"月报模板 {where} 的 toc 应为 {'、'.join(TOC_CHOICES)} 之一，而不是 {data['toc']!r}")
    if "toc_min_sections" in data:
        _positive("toc_min_sections", data["toc_min_sections"], where, 10)
    if "leaders_limit" in data:
        _positive("leaders_limit", data["leaders_limit"], where, 200)
    return {**base, **data}


def _build(data: dict[str, Any], source: str) -> ReportTemplate:
    return ReportTemplate(title=data["title"], subtitle=data.get("subtitle") or "", issuer=data["issuer"] or "",
                          seal_line=data.get("seal_line") or "", toc=data.get("toc", "auto"),
                          toc_min_sections=int(data.get("toc_min_sections", 5)),
                          leaders_limit=int(data.get("leaders_limit", 20)),
                          sections=_check_sections(data["sections"], source), source=source)


def stored_text(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(meta.c.value).where(meta.c.key == SETTING_KEY)).scalar_one_or_none()


def load_template(engine: Engine | None = None, path: str | Path | None = None) -> ReportTemplate:
    """The template in force: the default, overlaid by the deployment's stored one, then by the file `path`."""
    data = _overlay({}, _default_text(), "（内置）")
    source = "内置模板"
    stored = stored_text(engine) if engine is not None else None
    if stored:
        data, source = _overlay(data, stored, "（本部署）"), "本部署模板"
    if path is not None:
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InvalidInput(f"月报模板文件不存在：{file}") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"月报模板文件 {file.name} 不是 UTF-8 编码的文本") from None
        data, source = _overlay(data, text, file.name), file.name
    return _build(data, source)


def set_template(engine: Engine, text: str | None, *, viewer: Viewer, name: str = "") -> ReportTemplate:
    """Store the deployment's template (an administrator's setting), validated first; None restores the default."""
    viewer.require(Permission.MANAGE_USERS)
    if text is not None:
        _build(_overlay(_overlay({}, _default_text(), "（内置）"), text, name or "（新模板）"), name)
    with engine.begin() as conn:
        conn.execute(delete(meta).where(meta.c.key == SETTING_KEY))
        if text is not None:
            conn.execute(insert(meta).values(key=SETTING_KEY, value=text))
        access.record_audit(conn, viewer, "report_template", "report_template", name=name or "默认")
    return load_template(engine)


def template_as_dict(template: ReportTemplate) -> dict[str, Any]:
    return {"source": template.source, "title": template.title, "subtitle": template.subtitle,
            "issuer": template.issuer, "seal_line": template.seal_line, "toc": template.toc,
            "toc_min_sections": template.toc_min_sections, "leaders_limit": template.leaders_limit,
            "sections": [{"key": k, "heading": h} for k, h in template.sections]}
