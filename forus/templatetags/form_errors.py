from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id an error summary links to: the field, or its first option.

    Django gives radio buttons and checkbox groups no single id to label
    (each option has its own), so the link goes to the first option.
    """
    if field.id_for_label:
        return field.id_for_label
    return f"{field.auto_id}_0" if field.auto_id else ""
