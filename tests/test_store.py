"""The progress database: opening, migrations, refusal of newer/corrupt files, locking."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from lambdaprep.errors import LambdaprepError
from lambdaprep.store import CardState, CorruptDatabase, NewerDatabase, Store, StoreBusy
from lambdaprep.store import migrations as mig
from lambdaprep.store.db import Connection, open_connection


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "lambdaprep.db"


def test_open_creates_wal_database_with_foreign_keys(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert db_path.exists()
        assert store._query("PRAGMA journal_mode")[0][0] == "wal"
        assert store._query("PRAGMA foreign_keys")[0][0] == 1
        assert store.schema_version == mig.latest_version()
        assert store.integrity_check() == ["ok"]
        names = [r[0] for r in store._query("SELECT name FROM schema_migrations ORDER BY version")]
        assert names == [m.name for m in mig.MIGRATIONS]


def test_open_with_locations(locations) -> None:  # type: ignore[no-untyped-def]
    with Store.open(locations) as store:
        assert store.path == locations.database


def test_first_migration_creates_tables_for_other_features(db_path: Path) -> None:
    with Store.open(db_path) as store:
        tables = set(store._con.db.table_names())
        assert {"card_state", "review_log", "study_sessions", "settings"} <= tables
        cols = lambda t: set(store._con.db[t].columns_dict)  # noqa: E731
        assert {"id", "started_at", "finished_at", "packs", "topics", "seed", "score", "total", "duration_ms"} <= cols("quiz_attempts")
        assert {"attempt_id", "question_key", "chosen", "correct", "answered_at", "time_ms"} <= cols("quiz_answers")
        assert {"id", "format_key", "started_at", "finished_at", "score", "max_score", "report"} <= cols("mock_sessions")
        assert {"session_id", "prompt_key", "kind", "answer_text", "points", "score", "max_score", "time_used_ms"} <= cols("mock_answers")


def test_reopen_is_idempotent(db_path: Path) -> None:
    Store.open(db_path).close()
    with Store.open(db_path) as store:
        assert store.schema_version == mig.latest_version()
        assert len(store._query("SELECT * FROM schema_migrations")) == mig.latest_version()


@pytest.mark.parametrize("start", range(0, mig.latest_version() + 1))
def test_migrates_from_every_earlier_version(db_path: Path, start: int) -> None:
    con = open_connection(db_path, stop_after=start)
    assert mig.user_version(con.conn) == start
    con.close()
    with Store.open(db_path) as store:
        assert store.schema_version == mig.latest_version()
        assert store.integrity_check() == ["ok"]


def test_quiz_attempts_made_before_the_kind_column_stay_quizzes(db_path: Path) -> None:
    con = open_connection(db_path, stop_after=1)
    con.conn.execute("INSERT INTO quiz_attempts (started_at, finished_at, score, total) VALUES (1, 2, 3, 4)")
    con.conn.commit()
    con.close()
    with Store.open(db_path) as store:
        (old,) = store.quiz_history()
        assert old["kind"] == "quiz" and old["score"] == 3
        exam = store.start_quiz_attempt(started_at=5, packs=[], topics=[], seed=None, total=2, kind="exam")
        assert dict(store._query("SELECT id, kind FROM quiz_attempts")) == {old["id"]: "quiz", exam: "exam"}
        with pytest.raises(sqlite3.IntegrityError):
            store.start_quiz_attempt(started_at=6, packs=[], topics=[], seed=None, total=1, kind="bogus")


def test_failed_migration_rolls_back_whole(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(db_path).close()

    def broken(db):  # type: ignore[no-untyped-def]
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(mig, "MIGRATIONS", [*mig.MIGRATIONS, mig.Migration(len(mig.MIGRATIONS) + 1, "9999_broken", broken)])
    with pytest.raises(RuntimeError):
        Store.open(db_path)
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == len(mig.MIGRATIONS) - 1
    assert not raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchall()
    raw.close()


def test_newer_database_is_refused_and_untouched(db_path: Path) -> None:
    Store.open(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {mig.latest_version() + 5}")
    raw.execute("PRAGMA journal_mode = DELETE")
    raw.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerDatabase) as info:
        Store.open(db_path)
    assert isinstance(info.value, LambdaprepError)
    assert "newer lambdaprep" in str(info.value)
    assert db_path.read_bytes() == before


def test_unknown_migration_name_counts_as_newer(db_path: Path) -> None:
    Store.open(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute("INSERT INTO schema_migrations VALUES (99, '0099_from_the_future', 'x')")
    raw.commit()
    raw.close()
    with pytest.raises(NewerDatabase):
        Store.open(db_path)


def test_not_a_database_is_refused_and_never_overwritten(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is my shopping list, not a database\n" * 100)
    before = db_path.read_bytes()
    with pytest.raises(CorruptDatabase) as info:
        Store.open(db_path)
    assert "damaged" in str(info.value)
    assert db_path.read_bytes() == before


def test_damaged_database_is_refused_and_never_overwritten(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.put_card(CardState("p/a", state=2, due=1))
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA journal_mode = DELETE")
    raw.close()
    data = bytearray(db_path.read_bytes())
    data[16:100] = b"\xff" * 84  # smash the header fields after the magic string
    db_path.write_bytes(bytes(data))
    with pytest.raises(LambdaprepError) as info:
        Store.open(db_path)
    assert "damaged" in str(info.value) or "not a lambdaprep database" in str(info.value)
    assert db_path.read_bytes() == bytes(data)


def test_review_record_and_undo_are_exact(db_path: Path) -> None:
    with Store.open(db_path) as store:
        first = CardState("p/a", state=1, step=1, stability=2.0, difficulty=5.0, due=1000, last_review=10, reps=1)
        log1, stored = store.record_review(None, first, rating=3, reviewed_at=10, answer_ms=1500)
        snapshot = (store._query("SELECT * FROM card_state"), store._query("SELECT * FROM review_log"))
        second = CardState.from_dict({**stored.to_dict(), "state": 2, "due": 99_000, "reps": 2})
        log2, _ = store.record_review(stored, second, rating=4, reviewed_at=20)
        assert store.card("p/a").due == 99_000  # type: ignore[union-attr]
        with pytest.raises(LambdaprepError):
            store.undo_review(log1)  # not the newest review of the card
        assert store.undo_review(log2) == stored
        assert (store._query("SELECT * FROM card_state"), store._query("SELECT * FROM review_log")) == snapshot
        assert store.undo_review(log1) is None
        assert store.card("p/a") is None
        assert store.count_reviews() == 0


def test_settings_and_generic_rows(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.set_settings({"study.new_per_day": 5, "x": {"a": [1, 2]}})
        assert store.get_setting("study.new_per_day") == 5
        assert store.settings()["x"] == {"a": [1, 2]}
        store.set_setting("x", None)
        assert "x" not in store.settings()
        attempt = store.start_quiz_attempt(started_at=1, packs=["lambda"], topics=[], seed=7, total=1)
        store.record_quiz_answer(attempt, question_key="p/q", chosen=["a"], correct=True, answered_at=2)
        store.finish_quiz_attempt(attempt, finished_at=3, score=1, total=1, duration_ms=2)
        (row,) = store.quiz_history()
        assert (row["score"], row["packs"], row["seed"]) == (1, ["lambda"], 7)
        assert store.quiz_answers(attempt)[0]["chosen"] == ["a"]
        assert store._query("SELECT chosen FROM quiz_answers") == [('["a"]',)]  # stored as JSON text


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    with Store.open(db_path) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.record_quiz_answer(12345, question_key="x", chosen=[], correct=False, answered_at=1)


def test_writer_waits_for_a_lock_held_by_another_connection(db_path: Path) -> None:
    with Store.open(db_path) as store:
        other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO settings VALUES ('held', '1')")
        release = threading.Timer(0.4, lambda: other.execute("COMMIT"))
        release.start()
        t0 = time.monotonic()
        store.set_setting("mine", 1)  # must wait, not fail
        assert time.monotonic() - t0 >= 0.3
        release.join()
        other.close()
        assert store.get_setting("held") == 1 and store.get_setting("mine") == 1


def test_a_lock_held_too_long_gives_a_clear_error(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Connection, "busy_timeout_ms", 50)
    monkeypatch.setattr(Connection, "lock_timeout", 0.3)
    with Store.open(db_path) as store:
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreBusy) as info:
            store.set_setting("mine", 1)
        other.execute("ROLLBACK")
        other.close()
        assert "busy" in str(info.value)
        assert "locked" not in str(info.value)


def test_path_that_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(LambdaprepError):
        Store.open(tmp_path)


def test_store_package_does_not_import_textual() -> None:
    import subprocess
    import sys

    code = "import sys, lambdaprep.store, lambdaprep.study.session, lambdaprep.study.stats; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
