"""lambdaprep optimize: fit FSRS to real history, evaluate on held-out data, save, revert, recommend."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from lambdaprep.cli import main
from lambdaprep.store import Store
from lambdaprep.store.revlog import RatedReview, read_anki_revlog
from lambdaprep.study.optimize import (
    MIN_REVIEWS,
    build_dataset,
    default_parameters,
    evaluate,
    optimize,
    read_csv,
)
from lambdaprep.study.settings import StudySettings
from tests.learner import TRUE_PARAMETERS, simulate_learner

DAY = 86_400_000


@pytest.fixture(scope="module")
def history() -> list[RatedReview]:
    """About 2,500 reviews of 300 cards by a learner whose memory follows TRUE_PARAMETERS."""
    return simulate_learner(300, 60, seed=3)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())  # messages may be wrapped to the terminal width


def seed_store(data_dir: Path, events: list[RatedReview]) -> None:
    """Write ``events`` into a lambdaprep database as if they had been drilled."""
    from lambdaprep.paths import Locations

    path = Locations.under(data_dir).database
    Store.open(path).close()  # create and migrate the database
    con = sqlite3.connect(path)
    with con:
        keys = sorted({e.card for e in events})
        con.executemany("INSERT INTO card_state (card_key, state, updated_at) VALUES (?, 2, 0)", [(k,) for k in keys])
        con.executemany(
            "INSERT INTO review_log (card_key, reviewed_at, rating, state_before, state_after, due_after, interval_ms,"
            " answer_ms, before_json, after_json) VALUES (?, ?, ?, 2, 2, ?, ?, ?, '{}', '{}')",
            [(e.card, e.reviewed_at, e.rating, e.reviewed_at + DAY, DAY, e.duration_ms) for e in events],
        )
    con.close()


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    from lambdaprep.paths import Locations

    return Locations.under(data_dir).database


def stored_settings(db_path: Path) -> dict[str, object]:
    with Store.open(db_path) as store:
        return dict(store.settings())


# ---------------------------------------------------------------- fitting


def test_fit_recovers_a_learner_better_than_the_defaults_on_held_out_data(history: list[RatedReview]) -> None:
    data = build_dataset(history)
    assert data.usable >= MIN_REVIEWS
    result = optimize(data, None)
    assert result.current_is_default
    assert result.after.log_loss < result.before.log_loss
    assert result.after.rmse < result.before.rmse
    # On the whole log, the fitted set is also closer to the truth than FSRS's defaults.
    fitted = evaluate(result.parameters, data.items)
    assert fitted.log_loss < evaluate(default_parameters(), data.items).log_loss
    assert abs(fitted.log_loss - evaluate(TRUE_PARAMETERS, data.items).log_loss) < 0.01
    assert len(result.parameters) == 21


def test_same_day_steps_are_short_term_not_training_targets() -> None:
    t0 = 1_767_600_000_000  # a morning, UTC
    events = [
        RatedReview("p/a", t0, 1),
        RatedReview("p/a", t0 + 60_000, 3),  # learning step, same day
        RatedReview("p/a", t0 + 3 * DAY, 3),
        RatedReview("p/a", t0 + 3 * DAY + 1000, 3),  # same day again: not a target
        RatedReview("p/a", t0 + 10 * DAY, 1),
    ]
    data = build_dataset(events, day_start_hour=4)
    assert data.usable == 2
    assert data.reviews == 5 and data.cards == 1
    # Items: the history up to day 3 (3 reviews) and the whole history (5 reviews; 2 long-term gaps).
    assert [len(i.reviews) for i in data.items] == [3, 5]
    assert [i.long_term_review_cnt() for i in data.items] == [1, 2]


# ---------------------------------------------------------------- the command


def test_optimize_saves_only_when_better_and_reverts_exactly(
    capsys: pytest.CaptureFixture[str], history: list[RatedReview], data_dir: Path, db_path: Path
) -> None:
    seed_store(data_dir, history)
    before = stored_settings(db_path)

    code, out, _ = run(capsys, "optimize", "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0 and report["saved"] is False
    for key in ("parameters", "log_loss_before", "log_loss_after", "rmse_before", "rmse_after", "reviews", "cards", "saved", "seconds"):
        assert key in report
    assert report["reviews"] == len(history) and report["cards"] == 300
    assert stored_settings(db_path) == before

    code, out, _ = run(capsys, "optimize")
    assert code == 0 and "Saved" in out
    with Store.open(db_path) as store:
        fitted = StudySettings.load(store).fsrs_parameters
    assert fitted is not None and list(fitted) != default_parameters()
    from lambdaprep.study.scheduler import Scheduler

    assert Scheduler(StudySettings(fsrs_parameters=fitted)).fsrs.parameters == tuple(fitted)

    # A second fit now compares against the fitted set, so it is not "better" and nothing moves.
    code, out, _ = run(capsys, "optimize", "--json")
    assert json.loads(out)["current_is_default"] is False

    code, out, _ = run(capsys, "optimize", "--revert")
    assert code == 0 and "default parameters" in out
    with Store.open(db_path) as store:
        assert StudySettings.load(store).fsrs_parameters is None

    code, _, err = run(capsys, "optimize", "--revert")
    assert code == 1 and "nothing to revert" in err


def test_revert_restores_the_previous_fitted_set_exactly(
    capsys: pytest.CaptureFixture[str], history: list[RatedReview], data_dir: Path, db_path: Path
) -> None:
    seed_store(data_dir, history)
    assert run(capsys, "optimize")[0] == 0
    with Store.open(db_path) as store:
        first = StudySettings.load(store).fsrs_parameters
    code, out, _ = run(capsys, "optimize", "--force", "--json")
    assert code == 0 and json.loads(out)["saved"] is True
    code, out, _ = run(capsys, "optimize", "--revert", "--json")
    assert code == 0 and json.loads(out)["parameters"] == list(first)  # type: ignore[arg-type]
    with Store.open(db_path) as store:
        assert StudySettings.load(store).fsrs_parameters == first


def test_too_little_history_changes_nothing(capsys: pytest.CaptureFixture[str], history: list[RatedReview], data_dir: Path, db_path: Path) -> None:
    seed_store(data_dir, history[:150])
    before = stored_settings(db_path)
    code, _, err = run(capsys, "optimize")
    assert code == 1
    assert f"at least {MIN_REVIEWS} usable reviews" in err and "more are needed" in err and "Nothing was changed" in err
    code, out, _ = run(capsys, "optimize", "--json")
    report = json.loads(out)
    assert code == 1 and report["saved"] is False and report["needed"] == MIN_REVIEWS - report["usable_reviews"]
    assert stored_settings(db_path) == before


def test_evaluate_and_retention_change_nothing(capsys: pytest.CaptureFixture[str], history: list[RatedReview], data_dir: Path, db_path: Path) -> None:
    seed_store(data_dir, history)
    before = stored_settings(db_path)
    code, out, _ = run(capsys, "optimize", "--evaluate", "--json")
    assert code == 0 and json.loads(out)["default"] is True and json.loads(out)["log_loss"] > 0
    code, out, _ = run(capsys, "optimize", "--retention", "--json")
    advice = json.loads(out)
    assert code == 0 and 0.7 <= advice["recommended_retention"] <= 0.97
    loads = {w["retention"]: w for w in advice["workloads"]}
    assert advice["recommended_retention"] in loads and 0.9 in loads
    # More retention always costs more reviews.
    ordered = [loads[r]["reviews_per_day"] for r in sorted(loads)]
    assert ordered == sorted(ordered)
    assert stored_settings(db_path) == before


def test_bad_stored_parameters_fall_back_to_defaults(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.set_setting("study.fsrs_parameters", [1e9] * 21)
        assert StudySettings.load(store).fsrs_parameters is None
        store.set_setting("study.fsrs_parameters", [0.5] * 20)
        assert StudySettings.load(store).fsrs_parameters is None


# ---------------------------------------------------------------- CSV


def write_csv(path: Path, events: list[RatedReview], extra_rows: list[list[str]] = ()) -> None:  # type: ignore[assignment]
    import datetime as dt

    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["card_id", "review_rating", "review_time", "review_duration"])
        for e in events:
            when = dt.datetime.fromtimestamp(e.reviewed_at / 1000, dt.timezone(dt.timedelta(hours=2)))
            w.writerow([e.card, e.rating, when.isoformat(), e.duration_ms])
        for row in extra_rows:
            w.writerow(row)


def test_csv_bad_rows_are_reported_by_line_and_the_rest_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], history: list[RatedReview], db_path: Path
) -> None:
    path = tmp_path / "revlog.csv"
    bad = [
        ["x", "5", "2026-01-05T09:00:00+00:00", "10"],
        ["x", "3", "yesterday", "10"],
        ["x", "3", "2026-01-05T09:00:00", "10"],
        ["", "3", "2026-01-05T09:00:00+00:00", "10"],
        ["x", "3", "2026-01-05T09:00:00+00:00", "-4"],
    ]
    write_csv(path, history, bad)
    read = read_csv(path)
    assert len(read.events) == len(history)
    first_bad = len(history) + 2
    assert [line.split(":")[0] for line in read.bad_rows] == [f"line {first_bad + i}" for i in range(5)]
    assert "1, 2, 3 or 4" in read.bad_rows[0] and "ISO 8601" in read.bad_rows[1] and "UTC offset" in read.bad_rows[2]
    # The CSV's events fit exactly like the same events read from the database.
    assert build_dataset(read.events).usable == build_dataset(history).usable

    code, out, err = run(capsys, "optimize", "--from-csv", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["source"] == "csv" and json.loads(out)["reviews"] == len(history)
    assert f"line {first_bad}" in err and "row skipped" in err
    with Store.open(db_path) as store:
        assert StudySettings.load(store).fsrs_parameters is not None  # a fresh user starts from their own history


def test_csv_without_the_columns_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    code, _, err = run(capsys, "optimize", "--from-csv", str(path))
    assert code == 1 and "not a review-log CSV" in err and "card_id" in err
    code, _, err = run(capsys, "optimize", "--from-csv", str(tmp_path / "missing.csv"))
    assert code == 1 and "cannot read" in err


# ---------------------------------------------------------------- Anki


ANKI_REVLOG = """
CREATE TABLE revlog (
    id      integer primary key,
    cid     integer not null,
    usn     integer not null,
    ease    integer not null,
    ivl     integer not null,
    lastIvl integer not null,
    factor  integer not null,
    time    integer not null,
    type    integer not null
);
"""


def make_anki_collection(path: Path, events: list[RatedReview], *, wal: bool = False) -> dict[str, int]:
    """An Anki collection's revlog (the real schema) holding ``events`` plus rows that are not reviews."""
    con = sqlite3.connect(path)
    if wal:
        con.execute("PRAGMA journal_mode=WAL")
    con.executescript(ANKI_REVLOG + "CREATE TABLE cards (id integer primary key); CREATE TABLE col (id integer primary key);")
    ids = {card: 1_500_000_000_000 + i for i, card in enumerate(sorted({e.card for e in events}))}
    rows = []
    for n, e in enumerate(events):
        rows.append((e.reviewed_at * 1 + n % 7, ids[e.card], -1, e.rating, 1, 0, 2500, e.duration_ms or 0, 1))
    any_card = next(iter(ids.values()))
    last = max(e.reviewed_at for e in events)
    rows.append((last + 10, any_card, -1, 0, 5, 0, 0, 0, 4))  # "set due date": manual, not a review
    rows.append((last + 20, any_card, -1, 0, 0, 0, 0, 0, 3))  # cram without rescheduling
    con.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
    con.close()
    return ids


def test_anki_collection_is_read_only_and_manual_rows_are_ignored(tmp_path: Path, history: list[RatedReview]) -> None:
    path = tmp_path / "collection.anki2"
    make_anki_collection(path, history)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    read = read_anki_revlog(path)
    assert len(read.events) == len(history)
    assert read.ignored_manual == 1 and read.ignored_other == 1
    assert sorted(e.rating for e in read.events) == sorted(e.rating for e in history)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collection.anki2"]


def test_anki_forget_restarts_a_cards_history(tmp_path: Path) -> None:
    path = tmp_path / "collection.anki21"
    t = 1_767_600_000_000
    make_anki_collection(path, [RatedReview("c", t, 3), RatedReview("c", t + 3 * DAY, 3), RatedReview("d", t, 3)])
    con = sqlite3.connect(path)
    cid = con.execute("SELECT cid FROM revlog WHERE id < ? ORDER BY id LIMIT 1", (t + 3,)).fetchone()[0]
    con.execute("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", (t + 4 * DAY, cid, -1, 0, 0, 0, 0, 0, 4))  # forget
    con.execute("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", (t + 5 * DAY, cid, -1, 3, 1, 0, 2500, 0, 0))
    con.commit()
    con.close()
    read = read_anki_revlog(path)
    card = [e for e in read.events if e.card == f"anki/{cid}"]
    assert [e.reviewed_at for e in card] == [t + 5 * DAY]


def test_anki_wal_collection_and_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], history: list[RatedReview]) -> None:
    path = tmp_path / "collection.anki2"
    make_anki_collection(path, history, wal=True)
    code, out, err = run(capsys, "optimize", "--from-anki", str(path), "--dry-run", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["source"] == "anki" and report["reviews"] == len(history) and report["saved"] is False


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_a_file_that_is_not_an_anki_collection(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    path = tmp_path / "collection.anki2"
    path.write_bytes(content)
    code, _, err = run(capsys, "optimize", "--from-anki", str(path))
    assert code == 1 and "Anki collection" in err or "SQLite" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "optimize", "--from-anki", str(tmp_path / "nope.anki2"))
    assert code == 1 and "no such file" in err


def test_source_options_are_exclusive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["optimize", "--from-csv", "a", "--from-anki", "b"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["optimize", "--revert", "--dry-run"])
    assert info.value.code == 2
