"""The store is sealed: SQL text lives only in lambdaprep/store/, and the Store offers
named, typed functions instead of generic query/insert helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SQL = re.compile(r"\b(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO\b|DELETE\s+FROM\b|UPDATE\s+\w+\s+SET\b|CREATE\s+(TABLE|INDEX|TRIGGER)\b)")
"""SQL statements as this code base writes them (keywords in capitals)."""

EXEMPT = {
    # the store's own tests check the schema and raw rows independently of the store's API
    "tests/test_store.py",
    "tests/test_store_processes.py",
    "tests/test_store_backup.py",  # reads backup files with sqlite3, independently of the store
    "tests/test_anki_export.py",  # reads the .apkg's Anki collection with sqlite3
    "tests/test_store_boundary.py",
    "tests/test_optimize.py",  # builds Anki collections (a foreign schema) and seeds review rows as another program would
}


def _python_files() -> list[Path]:
    files = []
    for folder in ("lambdaprep", "tests", "benchmarks"):
        files += sorted((ROOT / folder).rglob("*.py"))
    store = ROOT / "lambdaprep" / "store"
    return [p for p in files if store not in p.parents]


def test_no_sql_outside_the_store() -> None:
    offenders = []
    for path in _python_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel in EXEMPT:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL.search(line):
                offenders.append(f"{rel}:{n}: {line.strip()[:80]}")
    assert offenders == [], "SQL outside lambdaprep/store/ (add a named function to the store):\n" + "\n".join(offenders)


def test_the_scan_sees_store_sql_and_ignores_prose() -> None:
    # the pattern must catch the store's real statements, or the test above proves nothing
    store_sql = sum(1 for p in (ROOT / "lambdaprep" / "store").rglob("*.py") for line in p.read_text().splitlines() if SQL.search(line))
    assert store_sql >= 20
    assert SQL.search('rows = db.execute("SELECT card_key FROM card_state")')
    assert SQL.search("UPDATE study_sessions SET cards = ?")
    assert SQL.search("INSERT OR REPLACE INTO settings")
    assert not SQL.search("select a card, then update the view and delete from the list")


@pytest.mark.parametrize("name", ["query", "insert", "insert_many", "update", "rows", "db", "conn", "write", "transaction"])
def test_store_has_no_generic_public_helpers(name: str) -> None:
    from lambdaprep.store import Store

    assert not hasattr(Store, name), f"Store.{name} is public: other layers must use named store functions"
