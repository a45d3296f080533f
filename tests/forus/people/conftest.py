from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from forus.people.models import PersonLink
from forus.people.tokens import PERSON_LINK


def link_token(email: str, *, language: str = "en") -> str:
    """A token as the emailed link carries it, for a fresh link row."""
    return PERSON_LINK.make(PersonLink.objects.create(email=email, language=language).pk)


@pytest.fixture
def person_client() -> Callable[[str], Client]:
    """A browser that opened the emailed link for the address and pressed its button."""

    def open_page(email: str) -> Client:
        client = Client()
        response = client.post(reverse("people:link", args=[link_token(email)]))
        assert response.status_code == 302
        return client

    return open_page
