"""The pages' menu as data: one entry per link, in the order shown.

Each entry names its path, the page id `pages.render()` gives the page (which marks the link active),
the catalogue key of its label (i18n.MESSAGES), the permission it needs (None: every signed-in
account) and the group it sits in (None: on the bar itself; a catalogue key: under that heading, which
opens as a list, so that the bar fits an office screen of 1366 px in Chinese and in English). A new
menu item is one line here; its page still checks the permission itself.
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
    group: str | None = None


@dataclass(frozen=True)
class NavGroup:
    """A heading on the bar with the entries under it (those the viewer may see)."""

    label: str
    entries: tuple[NavEntry, ...]

    def holds(self, page: str) -> bool:
        return any(entry.page == page for entry in self.entries)


MENU: tuple[NavEntry, ...] = (
    NavEntry("/", "overview", "nav.overview"),
    NavEntry("/map", "map", "nav.map"),
    NavEntry("/gaps", "gaps", "nav.gaps"),
    NavEntry("/dashboard", "dashboard", "nav.dashboard", group="nav.group.monitoring"),
    NavEntry("/risks", "risks", "nav.risks", group="nav.group.monitoring"),
    NavEntry("/enterprises", "registry", "nav.registry"),
    NavEntry("/cultivation", "cultivation", "nav.cultivation"),
    NavEntry("/targets", "targets", "nav.targets", group="nav.group.work"),
    NavEntry("/goals", "goals", "nav.goals", group="nav.group.work"),
    NavEntry("/projects", "projects", "nav.projects", group="nav.group.work"),
    NavEntry("/problems", "problems", "nav.problems", group="nav.group.work"),
    NavEntry("/results", "results", "nav.results", group="nav.group.work"),
    NavEntry("/import", "import", "nav.import", Permission.WRITE_REGISTRY, group="nav.group.data"),
    NavEntry("/sharing", "sharing", "nav.sharing", group="nav.group.data"),
    NavEntry("/audit", "audit", "nav.audit", Permission.AUDIT, group="nav.group.data"),
    NavEntry("/target-weights", "target_weights", "nav.target_weights", Permission.MANAGE_USERS, group="nav.group.data"),
)

# Where a role's account lands after signing in (when it was not sent elsewhere); others land on the overview.
LANDING = {"investment_bureau": "/targets"}


def menu_for(viewer: Viewer | None) -> list[NavEntry]:
    """The entries the viewer may see (none before signing in)."""
    if viewer is None:
        return []
    return [entry for entry in MENU if entry.needs is None or viewer.can(entry.needs)]


def bar_for(viewer: Viewer | None) -> list[NavEntry | NavGroup]:
    """The bar as shown: entries without a group in place, a group where its first entry stands."""
    bar: list[NavEntry | NavGroup] = []
    groups: dict[str, list[NavEntry]] = {}
    for entry in menu_for(viewer):
        if entry.group is None:
            bar.append(entry)
        elif entry.group in groups:
            groups[entry.group].append(entry)
        else:
            groups[entry.group] = [entry]
            bar.append(NavGroup(entry.group, ()))
    return [NavGroup(item.label, tuple(groups[item.label])) if isinstance(item, NavGroup) else item
            for item in bar]
