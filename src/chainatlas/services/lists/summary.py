"""The home page's work-list panel: lagging goals and delayed projects in the viewer's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine

from chainatlas.domain.access import Viewer
from chainatlas.services.lists import goals, projects


def summary(engine: Engine, *, viewer: Viewer, chain: str | None = None, limit: int = 5,
            today: date | None = None) -> dict[str, Any]:
    """The few goals furthest behind their elapsed share and the projects most overdue, with their totals."""
    today = today or date.today()
    lagging = goals.list_goals(engine, viewer=viewer, chain=chain, lagging=True, limit=limit, today=today)
    late = projects.list_projects(engine, viewer=viewer, chain=chain, delayed=True, limit=200, today=today)
    worst = sorted(late["items"], key=lambda p: -max(d["days"] for d in p["delays"]))[:limit]
    return {"today": today, "lagging_goals": lagging["items"], "lagging_total": lagging["total"],
            "delayed_projects": worst, "delayed_total": late["total"]}
