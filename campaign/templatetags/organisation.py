"""The organisation's public details for any page: `{% load organisation %}`."""

from django import template

from campaign import selectors

register = template.Library()


@register.simple_tag
def organisation_details() -> selectors.PublicOrganisationDetails:
    """What staff filled in of the organisation's details (cached; blanks left out)."""
    return selectors.organisation_details()
