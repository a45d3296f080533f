"""The CSV of confirmed subscribers that staff import into the mailing tool."""

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC

from campaign.newsletter.models import Subscriber

HEADER = ["email", "name", "confirmed_at", "source", "language"]
# A cell starting with one of these is a formula to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Defuse CSV formula injection: a leading apostrophe makes the cell plain text."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class _Line:
    """csv.writer writes to this and gets back the line, to stream it."""

    def write(self, line: str) -> str:
        return line


def subscribers_csv(subscribers: Iterable[Subscriber]) -> Iterator[str]:
    """The header row, then one row per subscriber (UTF-8 text, times in UTC ISO 8601)."""
    writer = csv.writer(_Line())
    yield writer.writerow(HEADER)
    for subscriber in subscribers:
        confirmed_at = subscriber.confirmed_at.astimezone(UTC) if subscriber.confirmed_at else None
        yield writer.writerow(
            spreadsheet_safe(value)
            for value in (
                subscriber.email,
                subscriber.name,
                confirmed_at.isoformat(timespec="seconds") if confirmed_at else "",
                subscriber.source,
                subscriber.language,
            )
        )
