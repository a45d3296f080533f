"""What a person sends through the contact form, for tests."""

from forus.public_forms import HONEYPOT_FIELD
from tests.forus.public_form_data import started


def contact_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Ana Reader",
        "email": "ana@example.org",
        "subject": "A question about the pillars",
        "message": "How can my school take part?",
        "form_started": started(seconds_ago=12),
        HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return data
