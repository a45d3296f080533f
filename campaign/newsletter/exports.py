"""The CSV of confirmed subscribers that staff import into the mailing tool."""

from collections.abc import Iterable, Iterator
from datetime import UTC

from campaign.newsletter.models import Subscriber
from forus.csv_export import csv_lines

HEADER = ["email", "name", "confirmed_at", "source", "language"]


def subscribers_csv(subscribers: Iterable[Subscriber]) -> Iterator[str]:
    """The header row, then one row per subscriber (UTF-8 text, times in UTC ISO 8601)."""

    def rows() -> Iterator[list[str]]:
        yield HEADER
        for subscriber in subscribers:
            confirmed_at = subscriber.confirmed_at
            yield [
                subscriber.email,
                subscriber.name,
                confirmed_at.astimezone(UTC).isoformat(timespec="seconds") if confirmed_at else "",
                subscriber.source,
                subscriber.language,
            ]

    return csv_lines(rows())
