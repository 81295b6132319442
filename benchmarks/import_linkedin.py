"""How long importing a large LinkedIn Connections.csv takes, and how much memory it holds.

    python benchmarks/import_linkedin.py [ROWS] [DATABASE_URL]

Builds a file in LinkedIn's format (notes, header, quoted commas, mostly blank emails),
then times what the bot does with a download: choose the encoding, read the rows, merge
them into a fresh member's contacts in one transaction. Memory is the process's peak
resident size (the file itself included).
"""

import io
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from slackbot.db import Database
from slackbot.db.migrate import upgrade_to_head
from slackbot.domain.csv_import import choose_encoding, read_contacts
from slackbot.services.importing import import_contacts
from slackbot.services.members import Owner

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def linkedin_file(rows: int) -> bytes:
    lines = ["Notes:\r\n", '"Some email addresses may be missing."\r\n', "\r\n", HEADER]
    for n in range(rows):
        email = f"person{n}@example.com" if n % 10 == 0 else ""
        lines.append(
            f'Zoë,Martínez {n},https://www.linkedin.com/in/zm-{n},{email},"Acme, Inc.",'
            f"Director,12 Nov 2024\r\n"
        )
    return "".join(lines).encode()


def import_once(db: Database, data: bytes, owner: Owner) -> str:
    started = time.perf_counter()
    spool = io.BytesIO(data)
    encoding = choose_encoding(iter(lambda: spool.read(65536), b""))
    spool.seek(0)
    file_format, parsed = read_contacts(io.TextIOWrapper(spool, encoding=encoding, newline=""))
    with db.session() as session:
        report = import_contacts(
            session=session,
            owner=owner,
            rows=parsed,
            file_format=file_format,
            encoding=encoding,
            now=datetime.now(UTC),
        )
    elapsed = time.perf_counter() - started
    skipped = sum(report.skipped.values())
    return f"{report.added} added, {skipped} already known, in {elapsed:.2f} s"


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as scratch:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{Path(scratch) / 'bench.db'}"
        upgrade_to_head(url)
        db = Database(url)
        data = linkedin_file(rows)
        owner = Owner("TBENCH", f"U{time.time_ns()}")  # a new member on every run
        print(f"{rows} rows ({len(data) / 1e6:.1f} MB), {db.engine.dialect.name}")
        print("first import: " + import_once(db, data, owner))
        print("same file again: " + import_once(db, data, owner))
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"peak resident memory {peak_kb / 1024:.0f} MB")
        db.dispose()


if __name__ == "__main__":
    main()
