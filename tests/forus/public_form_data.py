"""What a public form's page gives a visitor and what they send back, for tests."""

import time

from forus.public_forms import HONEYPOT_FIELD, form_started_token


def started(seconds_ago: float = 12) -> str:
    """A start time as a page would have given it, to a client without a CSRF cookie.

    Django's test client skips the CSRF check, so it may send no cookie; a
    browser cannot.
    """
    return form_started_token(csrf_secret="", started_at=time.time() - seconds_ago)


def honest_form_data(**overrides: str) -> dict[str, str]:
    """What a person sends through the test form of tests.forus.public_form_urls."""
    data = {
        "email": "reader@example.org",
        "name": "Ana Reader",
        "form_started": started(seconds_ago=12),
        HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return data
