import re

from django import template
from django.forms import BoundField

# A question's or a prompt's own marks, which would clash with the message after it.
_OPENING_MARKS = re.compile(r"^[¿¡]\s*")
_CLOSING_MARKS = re.compile(r"[\s?!:.…]+$")

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


@register.filter
def summary_label(label: object) -> str:
    """A field's label as an error summary's link text: without its closing marks.

    "Which describes you best?" reads "Which describes you best: Choose one";
    in Spanish the opening "¿" goes with the closing "?".
    """
    text = str(label or "")
    return _CLOSING_MARKS.sub("", _OPENING_MARKS.sub("", text))
