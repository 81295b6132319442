from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

# A request must be answered within Slack's 3 seconds: better a clear "try again" than
# a save that lands after Slack gave up.
LOCK_WAIT_SECONDS = 2


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        in_memory = ":memory:" in url or "mode=memory" in url
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": LOCK_WAIT_SECONDS},
            # One shared connection, or every thread would see its own empty database.
            poolclass=StaticPool if in_memory else None,
            hide_parameters=True,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={LOCK_WAIT_SECONDS * 1000}")
            if not in_memory:
                # WAL lets App Home reads go on while a submission writes.
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    # hide_parameters: SQL errors would otherwise carry names and notes into the logs.
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        pool_timeout=LOCK_WAIT_SECONDS,
        connect_args={"connect_timeout": LOCK_WAIT_SECONDS},
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _no_jit(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Our queries are small and indexed; PostgreSQL's JIT took 78 of the 94 ms of the
        # App Home's pipeline count (docs/PERFORMANCE.md), compiling what then ran in 5.
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        dbapi_connection.commit()

    return engine


class Database:
    """One engine and its session factory; `session()` is the unit of work."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def read_only(self) -> Iterator[Session]:
        """A transaction that is always rolled back: for looking, never for changing."""
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def is_reachable(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # any driver error means "not reachable" to a health check
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()
