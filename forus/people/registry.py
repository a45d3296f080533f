"""What each app holds about an email address, and how it shows, changes and erases it.

An app registers one `PersonData` in its AppConfig.ready(); the person's
page, the download, the erasure and the staff's "Find a person" go through
every registered one. All lookups take the address in its stored form
(`forus.validators.email_address_check`).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise


class PersonActionRefused(Exception):  # noqa: N818 - an answer for the person, not a failure
    """An action on the page that cannot be done; `message` says why, for the person."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


# handler(*, email, data) -> the message to show; raises PersonActionRefused.
ActionHandler = Callable[..., str | Promise]


@dataclass(frozen=True)
class PersonData:
    """One app's part of a person's data.

    - `holdings(email)`: everything it stores about the address, JSON-serialisable
      (for the download and staff's picture); empty when it holds nothing.
    - `erase(email)`: erase it all (inside the caller's transaction); returns
      counts by kind, for the audit log.
    - `block_template` and `block_context(email)`: its block on the person's page.
    - `actions`: what the block's forms may ask (name -> handler).
    - `kept`: what stays after an erasure, and why (shown before erasing).
    """

    key: str
    title: str | Promise
    holdings: Callable[[str], dict | list]
    erase: Callable[[str], dict[str, int]]
    order: int = 100
    block_template: str = ""
    block_context: Callable[[str], dict] | None = None
    actions: Mapping[str, ActionHandler] = field(default_factory=dict)
    kept: str | Promise = ""


_registered: dict[str, PersonData] = {}


def person_data_register(data: PersonData) -> None:
    """Add an app's part (from its AppConfig.ready()); registering a key twice replaces it."""
    _registered[data.key] = data


def person_data_parts() -> list[PersonData]:
    """Every registered part, in page order."""
    return sorted(_registered.values(), key=lambda part: (part.order, part.key))


def person_data_part(key: str) -> PersonData | None:
    return _registered.get(key)
