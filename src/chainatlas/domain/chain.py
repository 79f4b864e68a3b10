"""Industrial chains: links (环节) by stage and the supply edges between them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chainatlas.domain.errors import InvalidInput

STAGES = ("upstream", "midstream", "downstream")
STAGE_LABELS = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}
ROLES = ("leader", "key", "supporting")
ROLE_LABELS = {"leader": "链主/龙头", "key": "核心", "supporting": "配套"}
PLACEMENT_STATUS_LABELS = {"proposed": "待审核", "confirmed": "已确认", "rejected": "已驳回", "manual": "人工挂链"}
ACTIVE_PLACEMENTS = ("proposed", "confirmed", "manual")  # rejected ones do not count
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_INDUSTRY_CODE = re.compile(r"^\d{2,4}$")


@dataclass(frozen=True)
class Link:
    id: str
    name: str
    stage: str
    importance: int = 3
    keywords: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    industry_codes: tuple[str, ...] = ()
    description: str = ""
    terms: tuple[str, ...] = ()  # synonyms, product families, abbreviations, trade terms
    not_terms: tuple[str, ...] = ()  # phrases containing a term that mean something else

    def vocabulary(self) -> tuple[str, ...]:
        """Every phrase that names what this link makes or does: keywords, products and terms."""
        return tuple(dict.fromkeys((*self.keywords, *self.products, *self.terms)))


@dataclass(frozen=True)
class Chain:
    id: str
    name: str
    links: tuple[Link, ...]
    edges: tuple[tuple[str, str], ...]
    name_en: str = ""
    version: int = 1
    description: str = ""
    sources: tuple[str, ...] = field(default=())

    def link(self, link_id: str) -> Link:
        for link in self.links:
            if link.id == link_id:
                return link
        raise InvalidInput(f"产业链 {self.id} 没有环节 {link_id}")


def _text_list(value: object, where: str, errors: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        errors.append(f"{where}：应为非空字符串列表")
        return ()
    return tuple(v.strip() for v in value)


def parse_chain(data: object, source: str = "") -> Chain:
    """Build a chain from a template mapping, collecting every error before raising."""
    where = source or "产业链模板"
    if not isinstance(data, dict):
        raise InvalidInput(f"{where}：模板应为一个映射（YAML 对象）")
    errors: list[str] = []
    chain_id = str(data.get("id") or "")
    if not _ID.match(chain_id):
        errors.append(f"{where}：id '{chain_id}' 应为小写字母、数字和连字符")
    if not str(data.get("name") or "").strip():
        errors.append(f"{where}：缺少 name")
    links: list[Link] = []
    seen: set[str] = set()
    raw_links = data.get("links")
    if not isinstance(raw_links, list) or not raw_links:
        errors.append(f"{where}：links 应为非空列表")
        raw_links = []
    for i, raw in enumerate(raw_links, start=1):
        at = f"{where} 第{i}个环节"
        if not isinstance(raw, dict):
            errors.append(f"{at}：应为映射")
            continue
        link_id = str(raw.get("id") or "")
        at = f"{where} 环节 {link_id or i}"
        if not _ID.match(link_id):
            errors.append(f"{at}：id '{link_id}' 应为小写字母、数字和连字符")
        elif link_id in seen:
            errors.append(f"{at}：环节 id 重复")
        seen.add(link_id)
        stage = raw.get("stage")
        if stage not in STAGES:
            errors.append(f"{at}：stage '{stage}' 应为 upstream、midstream 或 downstream")
        importance = raw.get("importance", 3)
        if not isinstance(importance, int) or isinstance(importance, bool) or not 1 <= importance <= 5:
            errors.append(f"{at}：importance '{importance}' 应为 1-5 的整数")
            importance = 3
        codes = _text_list(raw.get("industry_codes"), f"{at} industry_codes", errors)
        for code in codes:
            if not _INDUSTRY_CODE.match(code):
                errors.append(f"{at}：行业代码 '{code}' 应为 2-4 位数字（GB/T 4754-2017）")
        name = str(raw.get("name") or "").strip()
        if not name:
            errors.append(f"{at}：缺少 name")
        description = raw.get("description") or ""
        if not isinstance(description, str):
            errors.append(f"{at}：description 应为文字")
            description = ""
        links.append(Link(link_id, name, str(stage), importance,
                          _text_list(raw.get("keywords"), f"{at} keywords", errors),
                          _text_list(raw.get("products"), f"{at} products", errors), codes,
                          description.strip(), _text_list(raw.get("terms"), f"{at} terms", errors),
                          _text_list(raw.get("not_terms"), f"{at} not_terms", errors)))
    edges: list[tuple[str, str]] = []
    for i, raw in enumerate(data.get("edges") or [], start=1):
        if isinstance(raw, dict):
            pair = (str(raw.get("from") or ""), str(raw.get("to") or ""))
        elif isinstance(raw, list) and len(raw) == 2:
            pair = (str(raw[0]), str(raw[1]))
        else:
            errors.append(f"{where} 第{i}条供应关系：应为 {{from: 环节, to: 环节}}")
            continue
        for end in pair:
            if end not in seen:
                errors.append(f"{where} 第{i}条供应关系：引用了不存在的环节 '{end}'")
        if pair[0] == pair[1]:
            errors.append(f"{where} 第{i}条供应关系：环节 '{pair[0]}' 不能供应自己")
        edges.append(pair)
    if not errors:
        cycle = find_cycle([link.id for link in links], edges)
        if cycle:
            errors.append(f"{where}：供应关系存在环路：{' → '.join(cycle)}")
    if errors:
        raise InvalidInput("\n".join(errors))
    return Chain(chain_id, str(data["name"]).strip(), tuple(links), tuple(edges),
                 name_en=str(data.get("name_en") or ""), version=int(data.get("version") or 1),
                 description=str(data.get("description") or "").strip(),
                 sources=tuple(str(s) for s in data.get("sources") or ()))


def find_cycle(nodes: list[str], edges: list[tuple[str, str]]) -> list[str] | None:
    """One cycle in the directed graph as a closed path, or None."""
    successors: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in edges:
        successors.setdefault(a, []).append(b)
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in successors.get(node, []):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in nodes:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None
