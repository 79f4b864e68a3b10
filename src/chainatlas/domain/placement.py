"""Scoring enterprises against chain links from their words and industry code."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from chainatlas.domain.chain import Chain

KEYWORD_WEIGHT = 1.0
PRODUCT_WEIGHT = 1.5
INDUSTRY_CLASS_WEIGHT = 1.0  # 4-digit code equal to the link's
INDUSTRY_GROUP_WEIGHT = 0.4  # same 3-digit group
MIN_CONFIDENCE = 0.35  # one keyword alone just passes
SECOND_LINK_SHARE = 0.7  # a second link of the same chain must score this share of the best
MAX_LINKS_PER_CHAIN = 2


@dataclass(frozen=True)
class Candidate:
    chain_id: str
    link_id: str
    confidence: float
    matched: tuple[str, ...]


def confidence(score: float) -> float:
    """Evidence score → confidence in [0, 1): more independent matches, more certainty."""
    return round(1 - math.exp(-score / 2), 4)


class LinkMatcher:
    """Term and industry-code indexes over every link of the given chains."""

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

    def vocabulary(self) -> list[str]:
        return sorted(self.terms)

    def score(self, tokens: Iterable[str], industry_code: str | None) -> list[Candidate]:
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
                    if key in scores:  # the code supports word evidence; alone it is too broad
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
        return out
