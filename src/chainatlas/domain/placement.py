"""Placing an enterprise on chain links from what it makes: vocabulary hits, industry code, text similarity.

The words are data (each link's keywords, products, terms and not_terms in the chain
templates); this module is the algorithm that reads an enterprise's 主营产品 and
经营范围 against them:

1. Both texts are normalised (NFKC: full-width letters and brackets become ASCII;
   ASCII lower-cased) and searched at once for every vocabulary phrase with an
   Aho–Corasick automaton, so a compound product name finds the term inside it
   (三元正极材料 → 正极材料). An ASCII phrase must stand between word boundaries
   ("CRO" is not inside "Micro").
2. A hit that lies inside a longer hit is dropped (磷酸铁锂电池 is a cell, not the
   磷酸铁锂 cathode inside it). A hit inside an occurrence of one of a link's
   not_terms does not count for that link (隔膜压滤机 is no battery separator).
3. The texts are cut into items (one product line each, at 、，；及 …). Chinese
   compounds put the head last: in an item, a hit that ends before the item's last
   hit begins is a modifier (新能源汽车 in 新能源汽车动力电池) and weighs less.
4. The products text weighs more than the business scope (boilerplate listing what
   a firm may do); earlier product lines weigh a little more than later ones (firms
   list their main line first); longer terms weigh more than two-character ones; a
   term that several links of one chain share is split between them.
5. The GB/T 4754-2017 industry code adds weight to a link the texts already point
   to; alone it places nothing.
6. A firm that no link reaches by terms is compared with every link's description
   and vocabulary by character n-gram TF-IDF (1–3 characters); below a threshold the
   matcher abstains and the firm stays unplaced.

Every candidate keeps its evidence as short Chinese phrases
("产品：三元正极材料→正极材料", "行业代码3985", "文本相似度0.41").
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from chainatlas.domain.chain import Chain, Link

PRODUCT_TERM_WEIGHT = 1.2  # a phrase from the link's `products` list
TERM_WEIGHT = 1.0  # keywords and terms
SHORT_TERM_WEIGHT = 0.8  # two characters: 电芯, 负极 — more often part of something else
PRODUCTS_FIELD = 1.0
SCOPE_FIELD = 0.3  # 经营范围 beside a stated product text
SCOPE_ONLY_FIELD = 0.9  # no product text: the scope is all there is
MODIFIER_WEIGHT = 0.3
LINE_DECAY = 0.1  # each later product line weighs this much less …
LINE_FLOOR = 0.6  # … down to this share
CODE_WEIGHTS = {4: 0.5, 3: 0.25, 2: 0.1}  # the link's code has this many digits and the firm's starts with it
MIN_SCORE = 0.85  # one clear product term passes; a two-character term, a modifier or a scope mention alone do not
SECOND_LINK_SHARE = 0.4  # another link of the same chain must score this share of the chain's best
MAX_LINKS_PER_CHAIN = 3
SIMILARITY_THRESHOLD = 0.25  # cosine of character 1–3-gram TF-IDF vectors; below it the matcher abstains
SIMILARITY_CODE_BONUS = 0.05
SIMILARITY_RANK_WEIGHT = 1.0  # among links the terms reach, cosine × this is added to the term score
CHAIN_COHERENCE_WEIGHT = 0.3  # evidence for other links of the same chain (at most 1) × this supports a link

_ITEM_SPLIT = re.compile(r"[,;.:、，；。：！？!?/|()\[\]{}（）【】《》〈〉“”\"'·\s]+|以及|及其|及|与|和|或|等(?!离子)")
_APPLICATION = re.compile(r"(?:用于|应用于|适用于|服务于|面向|配套于)[^；;。]*")
# Head nouns that make "X + head" something else than X: 锂电池智能装备 is equipment, not a cell; 碳酸锂期货 is a
# contract, 动力电池产业联盟 an association. A head found after an item's last term makes the item's terms modifiers.
EQUIPMENT_HEADS = ("设备", "装备", "生产线", "产线", "机械", "仪器", "仪表", "检测", "测试", "模具", "回收")
ROLE_HEADS = (*EQUIPMENT_HEADS, "窑", "炉", "模头", "期货", "期权", "价格", "报价", "指数", "资讯", "联盟", "协会",
              "贸易", "经销", "代理", "认证", "咨询", "统计", "拆解")
# What a firm buys is not what it makes: the terms of a clause that lists raw materials do not count.
_PURCHASED = re.compile(r"(?:原材料|原辅材料|原料|主要材料|采购)(?:主要)?(?:为|包括|包含|是|有|：|:)[^；;。]*")
# Services that name products without making them: what follows a price or information word in the clause
# (…价格与数据服务：碳酸锂、隔膜…), and what precedes "的 + a service" (整车、动力电池的检测认证).
_SERVICE_OF = re.compile(r"(?:价格|报价|行情|资讯|期货|统计)[^；;。]*")
_SERVICE_ON = re.compile(r"[^；;。，,：:]*?的[^；;。，,：:的]{0,6}?(?:检测|检验|认证|测试|统计|咨询|回收|拆解|价格|贸易|经销|代理)")
_ASCII_WORD = re.compile(r"[0-9a-z]")
FIELD_LABELS = {"products": "产品", "scope": "经营范围"}


@dataclass(frozen=True)
class Candidate:
    chain_id: str
    link_id: str
    confidence: float
    matched: tuple[str, ...]  # evidence, readable: 产品：三元正极材料→正极材料；行业代码3985


def normalise(text: str) -> str:
    """NFKC (full-width → ASCII) and ASCII lower case; lengths are kept for nearly every text."""
    return unicodedata.normalize("NFKC", text).lower()


def confidence(score: float) -> float:
    """Evidence score → confidence in [0, 1): more independent matches, more certainty."""
    return round(1 - math.exp(-score / 2), 4)


def _is_word(char: str) -> bool:
    return char.isascii() and bool(_ASCII_WORD.match(char))


@dataclass(frozen=True)
class _Entry:
    shown: str  # the phrase as the template spells it
    links: tuple[tuple[int, float], ...]  # (link index, weight) it is a term of
    not_for: frozenset[int]  # links it is a not_term of
    left_word: bool  # starts with an ASCII letter or digit: needs a boundary before
    right_word: bool


class _Evidence:
    """Per link: the best weight of each matched phrase and how it reads."""

    __slots__ = ("terms", "notes")

    def __init__(self) -> None:
        self.terms: dict[str, tuple[float, str]] = {}
        self.notes: list[str] = []

    def add(self, term: str, weight: float, note: str) -> None:
        if weight > self.terms.get(term, (0.0, ""))[0]:
            self.terms[term] = (weight, note)

    def score(self) -> float:
        return sum(w for w, _ in self.terms.values())


def link_document(link: Link) -> str:
    """What a link is about, as one text for similarity: its name, description and vocabulary."""
    return " ".join((link.name, link.description, *link.vocabulary()))


class LinkMatcher:
    """Vocabulary automaton, code index and description similarity over every link of the given chains."""

    def __init__(self, chains: Iterable[Chain], similarity: bool = True):
        self.links: list[tuple[str, Link]] = [(chain.id, link) for chain in chains for link in chain.links]
        phrases: dict[str, dict[int, float]] = {}
        shown: dict[str, str] = {}
        refused: dict[str, set[int]] = {}
        for index, (_, link) in enumerate(self.links):
            for source, words in ((TERM_WEIGHT, link.keywords), (TERM_WEIGHT, link.terms),
                                  (PRODUCT_TERM_WEIGHT, link.products)):
                for word in words:
                    key = normalise(word).strip()
                    if not key:
                        continue
                    weight = source * (SHORT_TERM_WEIGHT if len(key) <= 2 else 1.0)
                    links = phrases.setdefault(key, {})
                    links[index] = max(links.get(index, 0.0), weight)
                    shown.setdefault(key, word)
            for word in link.not_terms:
                key = normalise(word).strip()
                if key:
                    refused.setdefault(key, set()).add(index)
                    shown.setdefault(key, word)
        self.automaton: Any = ahocorasick.Automaton()
        for key in set(phrases) | set(refused):
            weights = phrases.get(key, {})
            per_chain: dict[str, int] = {}
            for index in weights:
                per_chain[self.links[index][0]] = per_chain.get(self.links[index][0], 0) + 1
            entries = tuple((index, w / math.sqrt(per_chain[self.links[index][0]]))
                            for index, w in sorted(weights.items()))
            self.automaton.add_word(key, (len(key), _Entry(shown[key], entries, frozenset(refused.get(key, ())),
                                                           _is_word(key[0]), _is_word(key[-1]))))
        if len(self.automaton) == 0:
            self.automaton.add_word("\x00", (1, _Entry("", (), frozenset(), False, False)))
        self.automaton.make_automaton()
        self.codes: list[tuple[str, ...]] = [tuple(c for c in link.industry_codes if c.isdigit())
                                             for _, link in self.links]
        # A role word is no role for a link whose own vocabulary uses it (锂电池检测设备 is battery equipment;
        # 电池回收 is recycling): such a link keeps its terms' weight under that head.
        self.own_roles: list[frozenset[str]] = [
            frozenset(w for w in ROLE_HEADS if any(w in normalise(t) for t in link.vocabulary()))
            for _, link in self.links]
        self.similarity = _Similarity([link_document(link) for _, link in self.links]) if similarity else None

    def vocabulary(self) -> list[str]:
        return sorted(e.shown for _, (_, e) in self.automaton.items() if e.links)

    def chain_ids(self) -> list[str]:
        return sorted({chain_id for chain_id, _ in self.links})

    # -- term evidence ------------------------------------------------------------------------------

    def _hits(self, text: str) -> list[tuple[int, int, _Entry]]:
        """(start, end, entry) of every vocabulary phrase in the normalised text, ASCII ones at word boundaries."""
        hits = []
        for last, (size, entry) in self.automaton.iter(text):
            start = last - size + 1
            if entry.left_word and start > 0 and _is_word(text[start - 1]):
                continue
            if entry.right_word and last + 1 < len(text) and _is_word(text[last + 1]):
                continue
            hits.append((start, last + 1, entry))
        return hits

    def _read(self, raw: str, field: str, weight: float, found: dict[int, _Evidence], refusing: set[int]) -> None:
        text = normalise(raw)
        hits = self._hits(text)
        if not hits:
            return
        refused: dict[int, list[tuple[int, int]]] = {}
        for start, end, entry in hits:
            for index in entry.not_for:
                refused.setdefault(index, []).append((start, end))
                refusing.add(index)
        kept: list[tuple[int, int, _Entry]] = []
        reach = -1
        # longest match: drop a hit that lies inside an earlier-starting, longer one
        for hit in sorted((h for h in hits if h[2].links), key=lambda h: (h[0], h[0] - h[1])):
            if hit[1] > reach:
                kept.append(hit)
                reach = hit[1]
        if not kept:
            return
        cuts = list(_ITEM_SPLIT.finditer(text))
        starts = [0] + [m.end() for m in cuts]
        ends = [m.start() for m in cuts] + [len(text)]
        by_item: dict[int, list[tuple[int, int, _Entry]]] = {}
        for hit in kept:
            by_item.setdefault(bisect_right(starts, hit[1] - 1) - 1, []).append(hit)
        shown_text = raw if len(raw) == len(text) else text
        label = FIELD_LABELS[field]
        context = [(m.start(), m.end()) for m in _APPLICATION.finditer(text)] if "于" in text or "面向" in text \
            else []
        bought = [(m.start(), m.end()) for m in _PURCHASED.finditer(text)] if _BUYING.search(text) else []
        served = [(m.start(), m.end(), _roles_in(m.group())) for rx in (_SERVICE_OF, _SERVICE_ON)
                  for m in rx.finditer(text)] if _SERVING.search(text) else []
        for line, item in enumerate(sorted(by_item)):
            in_item = by_item[item]
            head = max(in_item, key=lambda h: (h[1], h[1] - h[0])) if len(in_item) > 1 else in_item[0]
            rest = text[head[1]:ends[item]].strip()
            heads = _roles_in(rest)
            line_weight = weight * max(LINE_FLOOR, 1 - LINE_DECAY * line) if field == "products" else weight
            whole = text[starts[item]:ends[item]].strip()
            phrase = shown_text[starts[item]:ends[item]].strip()[:24]
            for start, end, entry in in_item:
                if bought and any(s <= start and end <= e for s, e in bought):
                    continue
                modifier = (start < head[0] and end < head[1]) or \
                    (bool(context) and any(s <= start and end <= e for s, e in context))
                roles = heads.union(*(r for s, e, r in served if s <= start and end <= e)) if served else heads
                key = text[start:end]
                note = f"{label}：{phrase}→{entry.shown}" if whole != key else f"{label}：{entry.shown}"
                for index, term_weight in entry.links:
                    if refused and index in refused and any(s <= start and end <= e for s, e in refused[index]):
                        continue
                    demoted = modifier or bool(roles and not roles <= self.own_roles[index])
                    evidence = found.get(index)
                    if evidence is None:
                        evidence = found[index] = _Evidence()
                    evidence.add(key, line_weight * (MODIFIER_WEIGHT if demoted else 1.0) * term_weight, note)

    def _code(self, index: int, industry_code: str | None) -> tuple[float, str | None]:
        if not industry_code:
            return 0.0, None
        best, shown = 0.0, None
        for code in self.codes[index]:
            if industry_code.startswith(code) and CODE_WEIGHTS.get(len(code), 0.0) > best:
                best, shown = CODE_WEIGHTS[len(code)], code
        return best, (f"行业代码{industry_code}" if shown else None)

    def _evidence(self, products: str | None, scope: str | None, industry_code: str | None,
                  refusing: set[int]) -> dict[int, tuple[float, list[str]]]:
        """Link index → (term score with code support, evidence notes) for every link a term reaches;
        `refusing` receives the links one of whose not_terms the texts contain."""
        found: dict[int, _Evidence] = {}
        if products and products.strip():
            self._read(products, "products", PRODUCTS_FIELD, found, refusing)
            if scope:
                self._read(scope, "scope", SCOPE_FIELD, found, refusing)
        elif scope:
            self._read(scope, "scope", SCOPE_ONLY_FIELD, found, refusing)
        code = _digits(industry_code)
        out = {}
        for index, evidence in found.items():
            score = evidence.score()
            notes = [note for _, note in sorted(evidence.terms.values(), key=lambda wn: -wn[0])]
            bonus, note = self._code(index, code)
            if note:
                score += bonus
                notes.append(note)
            out[index] = (score, notes)
        return out

    def _decide(self, found: dict[int, tuple[float, list[str]]], similar: Any) -> list[Candidate]:
        """Per chain, the best link and close seconds; similarity to each link's description breaks near-ties."""
        per_chain: dict[str, list[tuple[float, float, int, list[str]]]] = {}
        chain_total: dict[str, float] = {}
        for index, (score, _) in found.items():
            chain_total[self.links[index][0]] = chain_total.get(self.links[index][0], 0.0) + score
        for index, (score, notes) in found.items():
            if score < MIN_SCORE:
                continue
            chain_id = self.links[index][0]
            fused = score + CHAIN_COHERENCE_WEIGHT * min(1.0, chain_total[chain_id] - score)
            fused += SIMILARITY_RANK_WEIGHT * float(similar[index]) if similar is not None else 0.0
            per_chain.setdefault(self.links[index][0], []).append((fused, score, index, notes))
        out = []
        for ranked in per_chain.values():
            ranked.sort(key=lambda item: (-item[0], item[2]))
            top = ranked[0][0]
            for fused, _, index, notes in ranked[:MAX_LINKS_PER_CHAIN]:
                if fused >= SECOND_LINK_SHARE * top:
                    chain_id, link = self.links[index]
                    out.append(Candidate(chain_id, link.id, confidence(fused), tuple(notes)))
        out.sort(key=lambda c: (-c.confidence, c.chain_id, c.link_id))
        return out

    # -- the whole decision --------------------------------------------------------------------------

    def score_many(self, records: Sequence[tuple[str | None, str | None, str | None]]) -> list[list[Candidate]]:
        """(主营产品, 经营范围, 行业代码) of each enterprise → its candidates, best first; [] abstains."""
        if not self.links:
            return [[] for _ in records]
        return self._placed(records, *self._evidence_many(records))

    def _evidence_many(self, records: Sequence[tuple[str | None, str | None, str | None]]
                       ) -> tuple[list[dict[int, tuple[float, list[str]]]], list[set[int]]]:
        """Per record, its term evidence by link and the links one of whose not_terms its texts contain."""
        refusing: list[set[int]] = [set() for _ in records]
        found = [self._evidence(products, scope, code, refused)
                 for (products, scope, code), refused in zip(records, refusing, strict=True)]
        return found, refusing

    def _placed(self, records: Sequence[tuple[str | None, str | None, str | None]],
                found: list[dict[int, tuple[float, list[str]]]], refusing: list[set[int]]) -> list[list[Candidate]]:
        """Per record, its candidates from its term evidence (`_evidence_many`), similarity and the fallback."""
        if self.similarity is None:
            return [self._decide(f, None) for f in found]
        # Similarity only where it can change the outcome: no link passes (fallback) or several do (ranking).
        texts = [_text_of(r) if sum(1 for score, _ in f.values() if score >= MIN_SCORE) != 1 else ""
                 for r, f in zip(records, found, strict=True)]
        with_text = [i for i, t in enumerate(texts) if t]
        similar = self.similarity.scores([texts[i] for i in with_text])
        row_of = {i: row for row, i in enumerate(with_text)}
        results = []
        for i, evidence in enumerate(found):
            row = similar[row_of[i]] if i in row_of else None
            placed = self._decide(evidence, row)
            if not placed and row is not None:
                placed = self._fallback(row, _digits(records[i][2]), refusing[i])
            results.append(placed)
        return results

    def _fallback(self, similar: Any, code: str | None, refused: set[int]) -> list[Candidate]:
        """The most similar link, unless the texts name one of its not_terms (then they say what it is not)."""
        if refused:
            similar = similar.copy()
            similar[list(refused)] = 0.0
        index = int(similar.argmax())
        value = float(similar[index])
        _, note = self._code(index, code)
        value += SIMILARITY_CODE_BONUS if note else 0.0
        if value < SIMILARITY_THRESHOLD:
            return []
        chain_id, link = self.links[index]
        notes = [f"文本相似度{value:.2f}（{link.name}）"] + ([note] if note else [])
        return [Candidate(chain_id, link.id, round(min(value, 0.6), 4), tuple(notes))]

    def score(self, products: str | None, scope: str | None = None,
              industry_code: str | None = None) -> list[Candidate]:
        return self.score_many([(products, scope, industry_code)])[0]


_ROLE_WORDS = re.compile("|".join(sorted(ROLE_HEADS, key=len, reverse=True)))
_BUYING = re.compile(r"原材料|原辅材料|原料|主要材料|采购")
_SERVING = re.compile(r"价格|报价|行情|资讯|期货|统计|的[^；;。，,：:的]{0,6}?(?:检测|检验|认证|测试|咨询|回收|拆解|贸易|经销|代理)")


def _roles_in(text: str) -> frozenset[str]:
    """The role heads a text contains (设备, 期货, 检测 …)."""
    return frozenset(_ROLE_WORDS.findall(text)) if text else frozenset()


def _digits(code: str | None) -> str | None:
    if not code:
        return None
    digits = "".join(c for c in code if c.isdigit())
    return digits or None


def _text_of(record: tuple[str | None, str | None, str | None]) -> str:
    products, scope, _ = record
    return normalise(products if products and products.strip() else scope or "").strip()


class _Similarity:
    """Character 1–3-gram TF-IDF over the link documents; a query's best link by cosine."""

    def __init__(self, documents: list[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
                                          preprocessor=normalise)
        self.matrix = self.vectorizer.fit_transform(documents).T.tocsr() if documents else None

    def scores(self, texts: list[str]) -> Any:
        """One row per text, one column per link: cosine similarity (dense)."""
        if self.matrix is None or not texts:
            import numpy as np

            return np.zeros((len(texts), 1))
        return (self.vectorizer.transform(texts) @ self.matrix).toarray()


def near_candidates(matcher: LinkMatcher, records: Sequence[tuple[str | None, str | None, str | None]],
                    floor: float) -> list[list[Candidate]]:
    """Per record, every link whose term evidence reaches `floor` (below the placement threshold MIN_SCORE too):
    a wider net for searches that rank their own candidates (招商目标), never for placing local enterprises."""
    return [_near(matcher, matcher._evidence(products, scope, code, set()), floor)
            for products, scope, code in records]


def placed_and_near(matcher: LinkMatcher, records: Sequence[tuple[str | None, str | None, str | None]],
                    floor: float) -> list[tuple[list[Candidate], list[Candidate]]]:
    """Per record, what `score_many` and `near_candidates` return, from one reading of its texts (the reading is
    most of the cost: a pool import needs both)."""
    if not matcher.links:
        return [([], []) for _ in records]
    found, refusing = matcher._evidence_many(records)
    placed = matcher._placed(records, found, refusing)
    return [(p, _near(matcher, f, floor)) for p, f in zip(placed, found, strict=True)]


def _near(matcher: LinkMatcher, found: dict[int, tuple[float, list[str]]], floor: float) -> list[Candidate]:
    return sorted((Candidate(matcher.links[i][0], matcher.links[i][1].id, confidence(score), tuple(notes))
                   for i, (score, notes) in found.items() if score >= floor),
                  key=lambda c: (-c.confidence, c.chain_id, c.link_id))
