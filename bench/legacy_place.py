"""The placement matcher before issue 13 §2, kept as the baseline of bench_place_quality.py.

jieba tokens (with every link keyword and product as a user word) compared for exact
equality with the link's `keywords` and `products`; the industry code only supports
word evidence. Reads only the fields that matcher read (not `terms`, `not_terms`).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable

from chainatlas.domain.chain import Chain
from chainatlas.domain.placement import Candidate

KEYWORD_WEIGHT = 1.0
PRODUCT_WEIGHT = 1.5
INDUSTRY_CLASS_WEIGHT = 1.0
INDUSTRY_GROUP_WEIGHT = 0.4
MIN_CONFIDENCE = 0.35
SECOND_LINK_SHARE = 0.7
MAX_LINKS_PER_CHAIN = 2
_TEXT_SPLIT = re.compile(r"[；;，,、。:：\s/（）()]+")


def confidence(score: float) -> float:
    return round(1 - math.exp(-score / 2), 4)


class LegacyLinkMatcher:
    def __init__(self, chains: Iterable[Chain]):
        self.terms: dict[str, list[tuple[str, str, float]]] = {}
        self.codes: dict[str, list[tuple[str, str]]] = {}
        for chain in chains:
            for link in chain.links:
                for word in link.keywords:
                    self.terms.setdefault(word, []).append((chain.id, link.id, KEYWORD_WEIGHT))
                for word in link.products:
                    self.terms.setdefault(word, []).append((chain.id, link.id, PRODUCT_WEIGHT))
                for code in link.industry_codes:
                    self.codes.setdefault(code, []).append((chain.id, link.id))
        self.segmenter = Segmenter(sorted(self.terms))

    def score(self, products: str | None, scope: str | None = None,
              industry_code: str | None = None) -> list[Candidate]:
        tokens = self.segmenter.tokens(f"{products or ''}；{scope or ''}")
        scores: dict[tuple[str, str], float] = {}
        words: dict[tuple[str, str], list[str]] = {}
        for token in set(tokens):
            for chain_id, link_id, weight in self.terms.get(token, ()):
                key = (chain_id, link_id)
                scores[key] = scores.get(key, 0.0) + weight
                words.setdefault(key, []).append(token)
        if industry_code:
            for code, weight in ((industry_code, INDUSTRY_CLASS_WEIGHT), (industry_code[:3], INDUSTRY_GROUP_WEIGHT)):
                for key in self.codes.get(code, ()):
                    if key in scores:
                        scores[key] += weight
                        words[key].append(f"行业代码{code}")
        best: dict[str, list[tuple[float, tuple[str, str]]]] = {}
        for key, value in scores.items():
            best.setdefault(key[0], []).append((value, key))
        out = []
        for ranked in best.values():
            ranked.sort(key=lambda item: (-item[0], item[1]))
            top = ranked[0][0]
            for value, key in ranked[:MAX_LINKS_PER_CHAIN]:
                conf = confidence(value)
                if conf >= MIN_CONFIDENCE and value >= SECOND_LINK_SHARE * top:
                    out.append(Candidate(key[0], key[1], conf, tuple(sorted(words[key]))))
        out.sort(key=lambda c: (-c.confidence, c.chain_id, c.link_id))
        return out


class Segmenter:
    """jieba with every link keyword and product name as a user word."""

    def __init__(self, vocabulary: list[str]):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.tokenizer = jieba.Tokenizer()
        for word in vocabulary:
            self.tokenizer.add_word(word, freq=200_000)
        self.vocabulary = set(vocabulary)

    def tokens(self, text: str) -> list[str]:
        out: list[str] = []
        for piece in _TEXT_SPLIT.split(text):
            if not piece:
                continue
            if piece in self.vocabulary:
                out.append(piece)
            else:
                out.extend(self.tokenizer.lcut(piece, HMM=False))
        return out
