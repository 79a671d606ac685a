"""An SQLAlchemy engine from a file path or a URL, with SQLite set up to lose nothing."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from desktop_app.store import search_terms

BUSY_TIMEOUT_MS = 5000


def database_url(target: str | Path) -> str:
    """A URL for `target`: an SQLAlchemy URL as it is, anything else as an SQLite file path
    (escaped: a folder named "a#b?c%d" is that folder, not a query string)."""
    text = str(target)
    if "://" in text:
        return text
    path = str(Path(text).expanduser().resolve())
    return URL.create("sqlite", database=path).render_as_string(hide_password=False)


def sqlite_database(url: str) -> str:
    """The file (or ":memory:", or "file:..." URI) an SQLite URL names, unescaped."""
    return make_url(url).database or ""


def make_engine(target: str | Path) -> Engine:
    url = database_url(target)
    if url.startswith("sqlite"):
        path = sqlite_database(url)
        if path and path != ":memory:" and not path.startswith("file:"):  # not a URI
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    from desktop_app.store.tables import add_postgresql_options

    add_postgresql_options()  # the partial indexes' WHERE, only where PostgreSQL is used
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the case list read while a save writes; synchronous=FULL makes a committed
    # save survive a power cut; foreign keys keep items from outliving their case.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()
    search_terms.attach(dbapi_connection)  # words of one or two letters through the index


_REFUSED: weakref.WeakKeyDictionary[Engine, tuple[Any, Any]] = weakref.WeakKeyDictionary()
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "VACUUM")


def refuse_writes(engine: Engine, error: Exception) -> None:
    """From now on every statement that would change the database raises `error` (a
    StoreError saying why) before it reaches SQLite, and new connections are query-only:
    used when the database was found damaged after it was opened."""

    def refuse(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip()[:7].upper().startswith(WRITES):
            raise error

    def query_only(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA query_only=ON")

    event.listen(engine, "before_cursor_execute", refuse)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", query_only)
    engine.dispose()  # pooled connections are closed; new ones are query-only
    _REFUSED[engine] = (refuse, query_only)


def allow_writes(engine: Engine) -> None:
    """Undo refuse_writes (a good backup has been put in place of the damaged file)."""
    hooks = _REFUSED.pop(engine, None)
    if hooks is None:
        return
    refuse, query_only = hooks
    event.remove(engine, "before_cursor_execute", refuse)
    if event.contains(engine, "connect", query_only):
        event.remove(engine, "connect", query_only)
    engine.dispose()
