"""The admin index's dashboard: panels that apps register, shown to the staff they concern.

An app gives its panels in `<app>/dashboard.py` with `panel_register`; the
modules are imported when the site starts (`ForusConfig.ready`). Each
panel's `numbers` runs a fixed number of aggregate queries, whatever the
number of rows, and returns what its template shows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Panel:
    """One block of the dashboard: who sees it, how it looks, where its numbers come from."""

    key: str
    title: str
    template: str
    # Whether this staff member may see it (decided by permissions, as admin does).
    shown_to: Callable[[User], bool]
    # The numbers at a moment, for the template (as `numbers`).
    numbers: Callable[..., dict[str, Any]]
    # Panels are shown by order, then key.
    order: int = 100


_panels: dict[str, Panel] = {}


def panel_register(panel: Panel) -> Panel:
    """Add a panel to the dashboard (again under the same key replaces it)."""
    _panels[panel.key] = panel
    return panel


def panels_autodiscover() -> None:
    """Import every installed app's `dashboard` module, which registers its panels."""
    autodiscover_modules("dashboard")


def panels_for(user: User) -> list[Panel]:
    """The panels this user may see, in order."""
    if not (user.is_active and user.is_staff):
        return []
    return sorted(
        (panel for panel in _panels.values() if panel.shown_to(user)),
        key=lambda panel: (panel.order, panel.key),
    )


def with_permission(permission: str) -> Callable[[User], bool]:
    """Shown to whoever holds this permission (superusers hold every one)."""
    return lambda user: user.has_perm(permission)


def superusers_only(user: User) -> bool:
    return user.is_superuser


# --- Days in the site's time zone --------------------------------------------


def local_today(*, now: datetime) -> date:
    """Today in the site's zone (TIME_ZONE), where the days of every chart split."""
    return timezone.localtime(now).date()


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def month_starts(*, last: date, months: int) -> list[date]:
    """The first days of the `months` months that end with `last`'s month, oldest first."""
    starts = []
    year, month = last.year, last.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]
