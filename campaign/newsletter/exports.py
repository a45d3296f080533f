"""The CSVs of confirmed subscribers that staff import into the mailing tool, and of consent."""

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from campaign.newsletter.models import ConsentEvent, Subscriber
from forus.csv_export import csv_lines

# The consent columns are the consent the subscriber confirmed: its words,
# language, time and channel (the whole history is the second export).
HEADER = [
    "email",
    "name",
    "confirmed_at",
    "source",
    "language",
    "consent_given_at",
    "consent_wording",
]
CONSENT_HEADER = ["email", "event", "at", "channel", "language", "wording"]


def _utc(moment: datetime | None) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else ""


def subscribers_csv(subscribers: Iterable[Subscriber]) -> Iterator[str]:
    """The header row, then one row per subscriber (UTF-8 text, times in UTC ISO 8601)."""

    def rows() -> Iterator[list[str]]:
        yield HEADER
        for subscriber in subscribers:
            yield [
                subscriber.email,
                subscriber.name,
                _utc(subscriber.confirmed_at),
                subscriber.source,
                subscriber.language,
                _utc(subscriber.consented_at),
                subscriber.consent_wording,
            ]

    return csv_lines(rows())


def consent_history_csv(events: Iterable[ConsentEvent]) -> Iterator[str]:
    """The header row, then one row per consent event (times in UTC ISO 8601)."""

    def rows() -> Iterator[list[str]]:
        yield CONSENT_HEADER
        for event in events:
            yield [
                event.subscriber.email,
                event.kind,
                _utc(event.at),
                event.channel,
                event.language,
                event.wording,
            ]

    return csv_lines(rows())
