from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.forus.people.person_links import link_token


@pytest.fixture
def person_client() -> Callable[[str], Client]:
    """A browser that opened the emailed link for the address and pressed its button."""

    def open_page(email: str) -> Client:
        client = Client()
        response = client.post(reverse("people:link", args=[link_token(email)]))
        assert response.status_code == 302
        return client

    return open_page
