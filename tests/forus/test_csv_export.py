"""CSV files for spreadsheets: UTF-8 with a byte-order mark, no cell run as a formula."""

import csv
import io

import pytest

from forus.csv_export import csv_download, csv_lines, spreadsheet_safe


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ana = Bob", "Ana = Bob"),
        (12, "12"),
    ],
)
def test_a_cell_that_would_run_as_a_formula_is_made_text(value, cell):
    assert spreadsheet_safe(value) == cell


def test_csv_lines_streams_one_defused_line_per_row():
    lines = list(csv_lines([["email", "name"], ["=1+1@example.org", "Ana, María"]]))

    assert lines == ["email,name\r\n", '\'=1+1@example.org,"Ana, María"\r\n']


def test_csv_download_is_an_attachment_a_spreadsheet_reads_as_utf8():
    response = csv_download(filename="people.csv", rows=[["name"], ["José"], ["=cmd"]])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["name"], ["José"], ["'=cmd"]]
