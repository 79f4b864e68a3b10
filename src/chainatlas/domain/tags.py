"""Enterprise tags and qualifications (资质/标签), each held from a year."""

from __future__ import annotations

import re

# code → (label shown to users, spellings found in registries; longest first wins)
TAGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "little_giant": ("专精特新“小巨人”", ("专精特新小巨人", "国家级专精特新小巨人", "国家级小巨人", "小巨人")),
    "specialised_sme": ("专精特新中小企业", ("专精特新中小企业", "省级专精特新", "专精特新企业", "专精特新")),
    "innovative_sme": ("创新型中小企业", ("科技和创新型中小企业", "创新型中小企业")),
    "single_champion": ("制造业单项冠军", ("制造业单项冠军企业", "制造业单项冠军", "单项冠军")),
    "high_tech": ("高新技术企业", ("国家高新技术企业", "高新技术企业", "高新企业", "高企")),
    "above_scale": ("规上企业", ("规模以上工业企业", "规模以上企业", "规上工业企业", "规上企业", "规上", "规模以上")),
    "listed": ("上市企业", ("上市公司", "上市企业", "上市")),
    "top500": ("“三类500强”企业", ("三类500强", "世界500强", "中国500强", "民营500强")),
}
_SPELLING = {s: code for code, (_, spellings) in TAGS.items() for s in spellings}
_SPLIT = re.compile(r"[;；,，、|\n]+")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")
_NOISE = re.compile(r"[()（）\[\]【】\"“”'‘’\s]|年度|认定|获评")


def tag_label(code: str) -> str:
    return TAGS[code][0] if code in TAGS else code


def parse_tags(cell: str) -> tuple[list[tuple[str, int | None]], list[str]]:
    """Tags with their years from a cell like `专精特新(2023)；2021年高新技术企业`.

    Returns (tags, unknown pieces); unknown pieces are kept by the caller as
    free tags and reported, never dropped.
    """
    tags: list[tuple[str, int | None]] = []
    unknown: list[str] = []
    for piece in _SPLIT.split(cell):
        piece = piece.strip()
        if not piece:
            continue
        match = _YEAR.search(piece)
        year = int(match.group(1)) if match else None
        label = _NOISE.sub("", _YEAR.sub("", piece))
        code = _SPELLING.get(label)
        if code is None:
            unknown.append(piece)
            code = label or piece
        if (code, year) not in tags:
            tags.append((code, year))
    return tags, unknown
