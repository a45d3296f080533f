"""A person's short session: a signed cookie of its own, no Django user, no server session.

The cookie carries the id of the link row that started it, signed with a
timestamp: it is refused 30 minutes after the button was pressed, however
often the page is used, and as soon as the row is gone (an erasure).
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PERSON_COOKIE = "forus_person"
SESSION_LIFETIME = timedelta(minutes=30)
_SALT = "forus.people.session"


def person_session_start(response: HttpResponse, *, link_id: int) -> None:
    """Give the browser the cookie for the link's address."""
    response.set_signed_cookie(
        PERSON_COOKIE,
        str(link_id),
        salt=_SALT,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
        path="/",
    )


def person_session_end(response: HttpResponse) -> None:
    response.delete_cookie(PERSON_COOKIE, path="/", samesite="Lax")


def person_session_link_id(request: HttpRequest) -> int | None:
    """The link row behind the browser's session, if the cookie is genuine and recent."""
    value = request.get_signed_cookie(
        PERSON_COOKIE, default=None, salt=_SALT, max_age=SESSION_LIFETIME
    )
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
