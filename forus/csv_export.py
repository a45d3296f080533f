"""CSV files staff open in a spreadsheet, with every cell defused against formulas."""

import csv
from collections.abc import Iterable, Iterator

from django.http import HttpResponse

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """The cell as text; a leading apostrophe makes a would-be formula plain text."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Line:
    """csv.writer writes to this and gets back the line, to stream it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """Each row as one CSV line, every cell made spreadsheet-safe (for streaming)."""
    writer = csv.writer(_Line())
    for row in rows:
        yield writer.writerow(spreadsheet_safe(value) for value in row)


def csv_download(*, filename: str, rows: Iterable[Iterable[object]]) -> HttpResponse:
    """The rows (header first) as a CSV attachment, UTF-8 with a byte-order mark."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark, so that spreadsheet programs read the file as UTF-8.
    response.write("\ufeff")
    for line in csv_lines(rows):
        response.write(line)
    return response
