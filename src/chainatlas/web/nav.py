"""The pages' menu as data: one entry per link, in the order shown.

Each entry names its path, the page id `pages.render()` gives the page (which marks the link active),
the catalogue key of its label (i18n.MESSAGES) and the permission it needs (None: every signed-in
account). A new menu item is one line here; its page still checks the permission itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from chainatlas.domain.access import Permission, Viewer


@dataclass(frozen=True)
class NavEntry:
    path: str
    page: str
    label: str
    needs: Permission | None = None


MENU: tuple[NavEntry, ...] = (
    NavEntry("/", "overview", "nav.overview"),
    NavEntry("/map", "map", "nav.map"),
    NavEntry("/gaps", "gaps", "nav.gaps"),
    NavEntry("/enterprises", "registry", "nav.registry"),
    NavEntry("/cultivation", "cultivation", "nav.cultivation"),
    NavEntry("/goals", "lists", "nav.lists"),  # 工作清单: goals, projects and results behind one entry, with tabs
    NavEntry("/import", "import", "nav.import", Permission.WRITE_REGISTRY),
    NavEntry("/sharing", "sharing", "nav.sharing"),
    NavEntry("/audit", "audit", "nav.audit", Permission.AUDIT),
)


def menu_for(viewer: Viewer | None) -> list[NavEntry]:
    """The entries the viewer may see (none before signing in)."""
    if viewer is None:
        return []
    return [entry for entry in MENU if entry.needs is None or viewer.can(entry.needs)]
