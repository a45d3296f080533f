"""Helpers for the admin dashboard's tests: staff members, and reading the rendered panels."""

import re
from html import unescape

from django.contrib.auth.models import Group, User
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation


def staff_member(username: str, *, group: str | None = None, superuser: bool = False) -> User:
    """An active staff user, in the group given (or none), or a superuser."""
    user = User.objects.create_user(username, password="x", is_staff=True, is_superuser=superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def admin_index(user: User | Client) -> str:
    """The admin index as this user (or this signed-in client) sees it."""
    client = user if isinstance(user, Client) else signed_in(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def dashboard_in(language: str, user: User) -> str:
    """The admin index's dashboard as this user sees it, rendered in this language.

    The admin itself is in English (its addresses have no language prefix);
    the panels are written for both languages, and this shows them in either.
    """
    request = RequestFactory().get("/admin/")
    request.user = user
    with translation.override(language):
        return render_to_string("admin/dashboard/panels.html", request=request)


def panel_keys(html: str) -> set[str]:
    return set(
        re.findall(r'<section class="dashboard-panel module" id="dashboard-([\w-]+)"', html)
    )


def dashboard_fragment(html: str) -> str:
    """The dashboard's own markup, from its opening tag to the app list."""
    start = html.index('<section class="dashboard-panels"')
    return html[start : html.index('<div id="content-main"', start)]


def chart_numbers(html: str, chart_id: str) -> dict[str, int]:
    """label -> number, from the table of numbers under a chart."""
    start = html.index(f'id="{chart_id}-title"')
    figure = html[start : html.index("</figure>", start)]
    return {
        unescape(label): int(value)
        for label, value in re.findall(
            r'<tr><th scope="row">(.*?)</th><td>(\d+)</td></tr>', figure
        )
    }


def figures(html: str, panel: str) -> dict[str, str]:
    """dt -> dd of one panel's figures (the first list of figures in it)."""
    start = html.index(f'id="dashboard-{panel}"')
    block = html[start : html.index("</dl>", start)]
    return {
        unescape(term): unescape(re.sub(r"<[^>]+>", "", value)).strip()
        for term, value in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)
    }


def row_cells(html: str, label: str) -> list[str]:
    """The cells after a table row's heading, as text."""
    start = html.index(f'<th scope="row">{label}</th>')
    row = html[start : html.index("</tr>", start)]
    return [unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td>(.*?)</td>", row)]
