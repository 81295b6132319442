"""Reading contacts from CSV: LinkedIn's real format, lenient headers, encodings, bad files."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slackbot.domain.csv_import import (
    IMPORT_MAX_BYTES,
    BadFile,
    Column,
    ImportFormat,
    ParsedRow,
    SkipReason,
    choose_encoding,
    linkedin_connection,
    map_header,
    read_contacts,
)
from slackbot.domain.text import clean_line

# As LinkedIn writes Connections.csv: notes first, then the header; mostly blank emails,
# quoted cells with commas and quotes, names in any script.
LINKEDIN_CONNECTIONS = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    'https://www.linkedin.com/psettings/privacy/email."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Zoë,Martínez,https://www.linkedin.com/in/zoe-martinez-1a2b3c,,"
    '"Acme, Inc.","Director, Product",12 Nov 2024\r\n'
    "Jane,Doe,https://www.linkedin.com/in/janedoe,,Acme,Product Manager,01 Feb 2020\r\n"
    ",,,,,,03 Jan 2023\r\n"
    "Ravi,O'Neil,https://www.linkedin.com/in/ravi-oneil,ravi@globex.com,"
    '"Globex ""West""",Engineer,05 Mar 2021\r\n'
    "李,娜,https://cn.linkedin.com/in/lina,,,,\r\n"
    "Bad,Url,https://example.com/bad,,,,\r\n"
)


def _read(text: str) -> tuple[ImportFormat, list[ParsedRow]]:
    kind, rows = read_contacts(io.StringIO(text, newline=""))
    return kind, list(rows)


def test_linkedin_connections_are_read_with_their_line_numbers() -> None:
    kind, rows = _read(LINKEDIN_CONNECTIONS)
    assert kind is ImportFormat.LINKEDIN
    assert [row.line for row in rows] == [5, 6, 7, 8, 9, 10]
    zoe = rows[0].details
    assert zoe is not None
    assert (zoe.name, zoe.company, zoe.title) == ("Zoë Martínez", "Acme, Inc.", "Director, Product")
    assert zoe.linkedin_url == "https://www.linkedin.com/in/zoe-martinez-1a2b3c"
    assert zoe.email is None
    assert zoe.connection == "LinkedIn connection since Nov 2024"
    assert rows[2].skip is SkipReason.NO_NAME and rows[2].problem is None
    ravi = rows[3].details
    assert ravi is not None and ravi.company == 'Globex "West"' and ravi.email == "ravi@globex.com"
    assert rows[4].details is not None and rows[4].details.name == "李 娜"
    assert rows[5].skip is SkipReason.UNUSABLE and "LinkedIn URL" in (rows[5].problem or "")


def test_headers_are_matched_leniently() -> None:
    mapping = map_header(["Full Name", " E-mail ", "Job Title", "Organisation", "LinkedIn URL"])
    assert mapping == {
        Column.NAME: 0,
        Column.EMAIL: 1,
        Column.TITLE: 2,
        Column.COMPANY: 3,
        Column.LINKEDIN_URL: 4,
    }
    assert map_header(["Company", "Email"]) is None  # no one to name


def test_semicolons_first_and_last_names_and_a_multiline_note() -> None:
    kind, rows = _read('Prénom;Nom;Firstname;Société\nx;y;Ann;"Dupont; fils"\n')
    assert kind is ImportFormat.GENERIC
    kind, rows = _read('first name;last name;company;notes\nAnn;Lee;Initech;"met at\nPyCon"\n')
    [row] = rows
    assert row.details is not None
    assert (row.details.name, row.details.company) == ("Ann Lee", "Initech")
    assert row.details.notes == "met at\nPyCon"


def test_a_line_number_counts_the_lines_of_quoted_cells() -> None:
    _, rows = _read('Name,Notes\nAnn,"one\ntwo"\nBob,x\n,y\n')
    assert [row.line for row in rows] == [2, 4, 5]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Name\nJosé\n".encode(), "utf-8-sig"),
        ("\ufeffName\nJosé\n".encode(), "utf-8-sig"),
        ("Name\nJosé\n".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings(data: bytes, expected: str) -> None:
    assert choose_encoding([data[:3], data[3:]]) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf\r\n", "empty"),
        (b"PK\x03\x04rest", "Excel workbook"),
        (b"%PDF-1.7", "PDF"),
        (b"a,b\x00c", "not text"),
        (b"Name\n\x81\x8d\x8f\x90", "not text"),
    ],
)
def test_bad_files(data: bytes, message: str) -> None:
    with pytest.raises(BadFile, match=message):
        choose_encoding([data])


def test_too_large() -> None:
    chunk = b"a" * (1024 * 1024)
    with pytest.raises(BadFile, match="larger than"):
        choose_encoding(chunk for _ in range(IMPORT_MAX_BYTES // len(chunk) + 1))


def test_no_header_and_broken_rows() -> None:
    with pytest.raises(BadFile, match="header row"):
        _read("hello\nworld\n")
    _, rows = read_contacts(io.StringIO("Name\n" + "Ann\n" * 3 + "x" * 20_000 + "\n"))
    with pytest.raises(BadFile, match="Line 5"):
        list(rows)


def test_linkedin_dates() -> None:
    assert linkedin_connection("03 Jan 2023") == "LinkedIn connection since Jan 2023"
    assert linkedin_connection("yesterday") == "LinkedIn connection"


_cell_text = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "P", "Zs"))
    | st.sampled_from(list(',;"\t\n')),
    min_size=1,
    max_size=30,
).filter(lambda text: clean_line(text) and not text.startswith("'"))


@settings(max_examples=80, deadline=None)
@given(
    people=st.lists(st.tuples(_cell_text, _cell_text), min_size=1, max_size=20),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_any_csv_a_spreadsheet_writes_is_read_back(
    people: list[tuple[str, str]], delimiter: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Name", "Company"])
    writer.writerows(people)
    _, rows = _read(buffer.getvalue())
    read = [(row.details.name, row.details.company) for row in rows if row.details]
    assert read == [(clean_line(name), clean_line(company)) for name, company in people]


@pytest.mark.parametrize(
    ("url", "trusted"),
    [
        ("https://files.slack.com/files-pri/T1-F1/download/c.csv", True),
        ("http://files.slack.com/files-pri/T1-F1/download/c.csv", False),
        ("https://files.slack.com.evil.example/x.csv", False),
        ("https://evil.example/?https://files.slack.com/", False),
        ("file:///etc/passwd", False),
    ],
)
def test_the_bot_token_only_goes_to_slack(url: str, trusted: bool) -> None:
    from slack_sdk import WebClient

    from slackbot.delivery.files import trusted_download

    assert trusted_download(WebClient(base_url="https://slack.com/api/"), url) is trusted
