"""Reading a member's contacts from a CSV file: LinkedIn's Connections.csv or any CSV with a
header row. Pure: bytes in, cleaned rows and line-numbered problems out, one row at a time."""

import codecs
import csv
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from itertools import chain
from typing import Any

from slackbot.domain.contacts import ContactDetails, ContactField, ContactForm, validate_contact
from slackbot.domain.text import fold

# Slack's file input takes files up to 10 MB: about 100,000 LinkedIn connections.
IMPORT_MAX_BYTES = 10 * 1024 * 1024
# LinkedIn writes a few lines of notes before its header; nobody writes more than this.
HEADER_SEARCH_LINES = 20
# A cell longer than this is not a contact detail: the file is not what it seems.
CELL_MAX = 10_000
PROBLEMS_SHOWN = 10
DELIMITERS = (",", ";", "\t")


class Column(StrEnum):
    NAME = "name"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    COMPANY = "company"
    TITLE = "title"
    EMAIL = "email"
    LINKEDIN_URL = "linkedin_url"
    NOTES = "notes"
    CONNECTION = "connection"
    CONNECTED_ON = "connected_on"
    SENIORITY = "seniority"
    COMPANY_SIZE = "company_size"


# Header names as people write them, folded to letters and digits only.
SYNONYMS: dict[Column, tuple[str, ...]] = {
    Column.NAME: ("name", "fullname", "contact", "contactname", "person"),
    Column.FIRST_NAME: ("firstname", "first", "givenname", "forename"),
    Column.LAST_NAME: ("lastname", "last", "surname", "familyname"),
    Column.COMPANY: ("company", "companyname", "organization", "organisation", "employer", "org"),
    Column.TITLE: ("title", "jobtitle", "position", "role", "job"),
    Column.EMAIL: ("email", "emailaddress", "mail", "emails"),
    Column.LINKEDIN_URL: (
        "linkedin",
        "linkedinurl",
        "linkedinprofile",
        "linkedinprofileurl",
        "url",
        "profileurl",
        "profile",
    ),
    Column.NOTES: ("notes", "note", "comments", "comment", "description"),
    Column.CONNECTION: ("connection", "howyouknowthem", "howiknowthem", "relationship"),
    Column.CONNECTED_ON: ("connectedon", "dateconnected", "connected"),
    Column.SENIORITY: ("seniority", "level"),
    Column.COMPANY_SIZE: ("companysize", "size"),
}
_HEADER_LOOKUP = {alias: column for column, aliases in SYNONYMS.items() for alias in aliases}
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


class ImportFormat(StrEnum):
    LINKEDIN = "linkedin"
    GENERIC = "generic"

    @property
    def label(self) -> str:
        return "LinkedIn connections" if self is ImportFormat.LINKEDIN else "CSV"


class BadFile(Exception):
    """The file cannot be imported at all; the message says why and what to do."""


class SkipReason(StrEnum):
    NO_NAME = "no name"
    UNUSABLE = "details that could not be read"
    ALREADY_KNOWN = "already in your contacts, nothing new"
    REPEATED = "repeated in the file"


@dataclass(frozen=True)
class ParsedRow:
    """One data row: its first line in the file, and the contact or why it is skipped."""

    line: int
    details: ContactDetails | None
    skip: SkipReason | None = None
    problem: str | None = None


@dataclass
class ImportReport:
    format: ImportFormat
    encoding: str
    added: int = 0
    updated: int = 0
    skipped: dict[SkipReason, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)  # the first PROBLEMS_SHOWN
    problem_count: int = 0

    def skip(self, reason: SkipReason, line: int, problem: str | None = None) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        if problem is not None:
            self.problem_count += 1
            if len(self.problems) < PROBLEMS_SHOWN:
                self.problems.append((line, problem))


def header_key(text: str) -> str:
    return _NOT_ALNUM.sub("", fold(text))


def map_header(cells: list[str]) -> dict[Column, int] | None:
    """Which column holds what (the first of each kind), or None unless a name is there."""
    mapping: dict[Column, int] = {}
    for index, cell in enumerate(cells):
        column = _HEADER_LOOKUP.get(header_key(cell))
        if column is not None and column not in mapping:
            mapping[column] = index
    has_name = Column.NAME in mapping or Column.FIRST_NAME in mapping
    return mapping if has_name else None


# -- bytes to text ----------------------------------------------------------------------

_BINARY_SIGNATURES = {
    b"PK\x03\x04": (
        "This looks like an Excel workbook or a zip file, not a CSV. In Excel, choose "
        "*File > Save As > CSV UTF-8*; from a LinkedIn archive, unzip it and pick "
        "*Connections.csv*."
    ),
    b"%PDF": "This is a PDF, not a CSV. Export your contacts as a CSV file and try again.",
    b"\xd0\xcf\x11\xe0": (
        "This looks like an old Excel (.xls) workbook. In Excel, choose *File > Save As > "
        "CSV UTF-8* and import that file."
    ),
}
NOT_TEXT = (
    "This file is not text, so it can't be a CSV. Export your contacts as a CSV file "
    "(LinkedIn: *Settings > Data privacy > Get a copy of your data > Connections*)."
)


def choose_encoding(chunks: Iterable[bytes]) -> str:
    """ "utf-8-sig" for UTF-8 (a byte-order mark is fine), or "cp1252" for what Excel on
    Windows writes; raises BadFile for an empty, binary or too-large file. Reads once."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    fallback = codecs.getincrementaldecoder("cp1252")()
    size = 0
    is_utf8 = True
    is_cp1252 = True
    has_text = False
    for number, chunk in enumerate(chunks):
        if number == 0:
            for signature, message in _BINARY_SIGNATURES.items():
                if chunk.startswith(signature):
                    raise BadFile(message)
        size += len(chunk)
        if size > IMPORT_MAX_BYTES:
            raise BadFile(too_large_message())
        if b"\x00" in chunk:
            raise BadFile(NOT_TEXT)
        has_text = has_text or bool(chunk.strip(b" \t\r\n\xef\xbb\xbf"))
        if is_utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                is_utf8 = False
        if is_cp1252:
            try:
                fallback.decode(chunk)
            except UnicodeDecodeError:
                is_cp1252 = False
    if not has_text:
        raise BadFile("This file is empty. Export your contacts again and pick the new file.")
    if is_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    if is_utf8:
        return "utf-8-sig"
    if is_cp1252:
        return "cp1252"
    raise BadFile(NOT_TEXT)


def too_large_message() -> str:
    megabytes = IMPORT_MAX_BYTES // (1024 * 1024)
    return (
        f"This file is larger than {megabytes} MB. Split it into smaller CSV files "
        "and import them one after the other: nothing is counted twice."
    )


# -- text to contacts ---------------------------------------------------------------------


def read_contacts(lines: Iterator[str]) -> tuple[ImportFormat, Iterator[ParsedRow]]:
    """The file's format and its rows, parsed lazily from `lines` (a text file object).

    The header is the first of the opening lines that names a name column, with commas,
    semicolons (Excel in much of Europe) or tabs between cells."""
    opening = [line for _, line in zip(range(HEADER_SEARCH_LINES), lines, strict=False)]
    for delimiter in DELIMITERS:
        found = _find_header(opening, delimiter)
        if found is not None:
            break
    else:
        raise BadFile(
            "I couldn't find a header row naming the columns. The first line should read "
            "like `Name,Company,Title,Email,LinkedIn URL,Notes` (or `First Name,Last Name,…` "
            "as in LinkedIn's Connections.csv)."
        )
    records_before, mapping = found
    reader = csv.reader(chain(opening, lines), delimiter=delimiter)
    for _ in range(records_before + 1):
        next(reader)
    is_linkedin = Column.CONNECTED_ON in mapping and Column.FIRST_NAME in mapping
    kind = ImportFormat.LINKEDIN if is_linkedin else ImportFormat.GENERIC
    return kind, _rows(reader, mapping, kind)


def _find_header(opening: list[str], delimiter: str) -> tuple[int, dict[Column, int]] | None:
    """How many records come before the header, and its columns; None if none is found."""
    try:
        for index, cells in enumerate(csv.reader(iter(opening), delimiter=delimiter)):
            mapping = map_header(cells)
            if mapping is not None:
                return index, mapping
    except csv.Error:
        pass
    return None


def _rows(reader: Any, mapping: dict[Column, int], kind: ImportFormat) -> Iterator[ParsedRow]:
    line_num = reader.line_num
    while True:
        first_line = line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise BadFile(
                f"Line {first_line} can't be read as CSV ({error}). Check its quotes, or "
                "export the file again."
            ) from None
        line_num = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if any(len(cell) > CELL_MAX for cell in cells):
            raise BadFile(
                f"Line {first_line} holds a cell longer than {CELL_MAX} characters: "
                "this doesn't look like a contacts file."
            )
        yield parse_row(first_line, cells, mapping, kind)


def parse_row(
    line: int, cells: list[str], mapping: dict[Column, int], kind: ImportFormat
) -> ParsedRow:
    def cell(column: Column) -> str | None:
        index = mapping.get(column)
        if index is None or index >= len(cells):
            return None
        return unguard(cells[index].strip()) or None

    name = cell(Column.NAME) or " ".join(
        part for part in (cell(Column.FIRST_NAME), cell(Column.LAST_NAME)) if part
    )
    if not name:
        return ParsedRow(line, None, SkipReason.NO_NAME)
    connection = cell(Column.CONNECTION)
    if connection is None and kind is ImportFormat.LINKEDIN:
        connection = linkedin_connection(cell(Column.CONNECTED_ON))
    details, errors = validate_contact(
        ContactForm(
            name=name,
            company=cell(Column.COMPANY),
            title=cell(Column.TITLE),
            seniority=cell(Column.SENIORITY),
            company_size=cell(Column.COMPANY_SIZE),
            connection=connection,
            linkedin_url=cell(Column.LINKEDIN_URL),
            email=cell(Column.EMAIL),
            notes=cell(Column.NOTES),
        )
    )
    if details is None:
        if set(errors) == {ContactField.NAME}:
            return ParsedRow(line, None, SkipReason.NO_NAME)
        problem = "; ".join(f"{FIELD_NAMES[f]}: {message}" for f, message in errors.items())
        return ParsedRow(line, None, SkipReason.UNUSABLE, problem)
    return ParsedRow(line, details)


# Spreadsheets read a cell starting with these as a formula: a contact's name or notes must
# never run as one (CSV injection). Exports guard such cells with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def unguard(text: str) -> str:
    """The cell as it was before an export guarded it."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


FIELD_NAMES = {
    ContactField.NAME: "name",
    ContactField.COMPANY: "company",
    ContactField.TITLE: "title",
    ContactField.CONNECTION: "connection",
    ContactField.LINKEDIN_URL: "LinkedIn URL",
    ContactField.EMAIL: "email",
    ContactField.NOTES: "notes",
    ContactField.SENIORITY: "seniority",
    ContactField.COMPANY_SIZE: "company size",
    ContactField.REFERRED_BY: "referred by",
}


@functools.lru_cache(maxsize=4096)  # connections share their dates: parse each once
def linkedin_connection(connected_on: str | None) -> str:
    """How the member knows a LinkedIn connection: 'LinkedIn connection since Nov 2024'."""
    if connected_on:
        try:
            when = datetime.strptime(connected_on.strip(), "%d %b %Y")
        except ValueError:
            pass
        else:
            return f"LinkedIn connection since {when:%b %Y}"
    return "LinkedIn connection"
