"""Pictures for the report, drawn on the server with matplotlib (Agg, PNG at 200 dpi; its PDF backend cannot
embed the CFF-outline CJK fonts): the monthly output with its growth, and the chain map coloured by status like
the web map's legend. The Chinese fonts come from the Debian package fonts-noto-cjk."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal
from functools import cache
from typing import Any

from chainatlas.domain.chain import STAGE_LABELS, STAGES
from chainatlas.domain.errors import ChainAtlasError
from chainatlas.domain.gaps import STATUS_LABELS, GapReport
from chainatlas.services.reports.model import Picture

SANS = "Noto Sans CJK SC"
SERIF = "Noto Serif CJK SC"
FONT_PACKAGE = "fonts-noto-cjk"
COLORS = {"covered": "#3a9d5d", "weak": "#e0a526", "missing": "#d64545"}  # as the web map's legend
DPI = 200


class MissingFont(ChainAtlasError):
    """The CJK fonts of the report are not installed (a set-up problem, not the user's input)."""

    http_status = 503


@cache
def check_fonts() -> None:
    """Both Noto CJK families must be installed, or Chinese would print as boxes (checked once per process)."""
    require_fonts((SANS, SERIF))


def require_fonts(families: tuple[str, ...]) -> None:
    """One clear error naming the Debian package when a family is missing: checked through fontconfig, which
    WeasyPrint uses, and matplotlib's own font list."""
    missing = []
    if shutil.which("fc-list"):
        for family in families:
            found = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True, text=True,
                                   timeout=30, check=False).stdout.strip()
            if not found:
                missing.append(family)
    if missing:
        raise MissingFont(f"缺少中文字体 {'、'.join(missing)}：请安装 Debian 软件包 {FONT_PACKAGE}"
                          f"（sudo apt-get install {FONT_PACKAGE}），然后重新生成月报")
    from matplotlib import font_manager

    properties = font_manager.FontProperties(family=families[0])
    try:
        font_manager.findfont(properties, fallback_to_default=False)
    except ValueError:  # installed after matplotlib built its font cache: add the files fontconfig knows
        if shutil.which("fc-list"):
            files = subprocess.run(["fc-list", f":family={families[0]}", "file"], capture_output=True, text=True,
                                   timeout=30, check=False).stdout.split()
            for file in files:
                font_manager.fontManager.addfont(file.rstrip(":"))
        try:
            font_manager.findfont(properties, fallback_to_default=False)
        except ValueError:
            raise MissingFont(f"matplotlib 找不到中文字体 {families[0]}：请安装 Debian 软件包 {FONT_PACKAGE}") from None


def _pyplot() -> Any:
    check_fonts()
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = SANS
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _png(fig: Any, plt: Any) -> bytes:
    out = io.BytesIO()
    fig.tight_layout()  # one layout pass; bbox_inches="tight" would draw the figure twice
    fig.savefig(out, format="png", dpi=DPI, facecolor="white")
    plt.close(fig)
    return out.getvalue()


def _in(fen: int | None, per_unit: int) -> float:
    # Only for drawing: the figures in the tables and text stay exact.
    return 0.0 if fen is None else float(Decimal(fen) / Decimal(per_unit))


def monthly_chart(series: list[dict[str, Any]], chain_name: str) -> Picture:
    """Bars: each month's output (亿元); line: the year-to-date growth (%), over the series' last 12 months."""
    plt = _pyplot()
    rows = series[-12:]
    labels = [r["month"][2:].replace("-", "/") for r in rows]
    fig, left = plt.subplots(figsize=(7.2, 3.2))
    unit, per_unit = ("亿元", 10_000_000_000) if max((r["output_fen"] or 0 for r in rows), default=0) >= 10_000_000_000 \
        else ("万元", 1_000_000)
    left.bar(labels, [_in(r["output_fen"], per_unit) for r in rows], color="#1f4e79", width=0.6,
             label=f"当月产值（{unit}）")
    left.set_ylabel(unit)
    left.tick_params(axis="x", labelsize=8)
    right = left.twinx()
    growth = [float(r["yoy_pct"]) if r["yoy_pct"] is not None else None for r in rows]
    points = [(x, y) for x, y in zip(labels, growth, strict=True) if y is not None]
    if points:
        right.plot([p[0] for p in points], [p[1] for p in points], color="#d64545", marker="o", linewidth=1.6,
                   label="累计同比（%）")
    right.set_ylabel("%")
    handles = left.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    left.legend(handles, [h.get_label() for h in handles], loc="upper center", bbox_to_anchor=(0.5, -0.12),
                ncol=2, fontsize=8, frameon=False)  # under the axes, where it hides no bar or point
    left.set_title(f"{chain_name}产业链月度产值及累计增速", fontsize=11)
    left.spines["top"].set_visible(False)
    return Picture(_png(fig, plt), "图1  月度产值及累计同比增速", 15.0)


def chain_map_picture(report: GapReport, chain_name: str, edges: tuple[tuple[str, str], ...]) -> Picture:
    """Links in three columns (上游 → 中游 → 下游), supply edges as arrows, coloured by status, sized by revenue."""
    plt = _pyplot()
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    rows: dict[str, int] = {}
    place: dict[str, tuple[float, float]] = {}
    for gap in report.links:
        row = rows.get(gap.stage, 0)
        rows[gap.stage] = row + 1
        place[gap.id] = (STAGES.index(gap.stage), -row)
    depth = max(rows.values(), default=1)
    fig, ax = plt.subplots(figsize=(7.2, max(3.0, 0.75 * depth + 1.2)))
    top = max((g.revenue_fen for g in report.links), default=0) or 1
    for a, b in edges:
        if a in place and b in place:
            ax.add_patch(FancyArrowPatch(place[a], place[b], arrowstyle="-|>", mutation_scale=9, color="#9fb0c3",
                                         linewidth=0.8, shrinkA=12, shrinkB=12,
                                         connectionstyle="arc3,rad=0.25" if place[a][0] == place[b][0] else "arc3"))
    for gap in report.links:
        x, y = place[gap.id]
        size = 180 + 900 * (gap.revenue_fen / top) ** 0.5
        ax.scatter([x], [y], s=size, color=COLORS[gap.status], edgecolors="white", linewidths=1.5, zorder=3)
        ax.annotate(f"{gap.name}\n{gap.enterprises}家", (x, y), xytext=(0, -16), textcoords="offset points",
                    ha="center", va="top", fontsize=7.5, zorder=4,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85})
    for column, stage in enumerate(STAGES):
        ax.text(column, 0.8, STAGE_LABELS[stage], ha="center", va="bottom", fontsize=10, fontweight="bold",
                color="#1f4e79")
    ax.set_xlim(-0.6, 2.6)
    ax.set_ylim(-depth + 0.2, 1.3)
    ax.axis("off")
    ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color=COLORS[s], markersize=8, label=label)
                       for s, label in STATUS_LABELS.items()],
              loc="lower center", bbox_to_anchor=(0.5, -0.08), ncol=3, fontsize=8, frameon=False)
    ax.set_title(f"{chain_name}产业链图谱（圆点大小：营收；数字：本地企业数）", fontsize=10)
    return Picture(_png(fig, plt), "图2  产业链图谱", 15.0)

