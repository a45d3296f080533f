from dataclasses import dataclass
from typing import Any

from django import template
from django.utils import timezone

from forus.dashboard import Panel, panels_for

register = template.Library()


@dataclass(frozen=True)
class ShownPanel:
    panel: Panel
    numbers: dict[str, Any]


@register.simple_tag(takes_context=True)
def dashboard_panels(context: template.Context) -> list[ShownPanel]:
    """`{% dashboard_panels as panels %}`: the panels the user may see, with their numbers."""
    now = timezone.now()
    return [
        ShownPanel(panel=panel, numbers=panel.numbers(now=now))
        for panel in panels_for(context["request"].user)
    ]
