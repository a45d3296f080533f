from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def is_mapping(value: object) -> bool:
    return isinstance(value, Mapping)


@register.filter
def is_sequence(value: object) -> bool:
    return isinstance(value, list | tuple)
