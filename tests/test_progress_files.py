"""Progress export and import: round trip, idempotence, merging two machines, refusals."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambdaprep.cli import main
from lambdaprep.paths import Locations
from lambdaprep.store import Store
from lambdaprep.store import progress as pg
from lambdaprep.study.cards import study_cards
from lambdaprep.study.clock import UTC, FakeClock
from lambdaprep.study.replay import Replayer
from lambdaprep.study.session import DrillSession
from lambdaprep.study.settings import StudySettings
from tests.seeding import seed_mock, seed_quiz

START = dt.datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) - dt.timedelta(days=12)


def _study(store: Store, cards: dict[str, Any], keys: list[str], *, days: int, seed: int, minute: int = 0) -> None:
    """Drill ``keys`` for ``days`` days (every due and new card, random ratings)."""
    rnd = random.Random(seed)
    chosen = {k: cards[k] for k in keys}
    for day in range(days):
        clock = FakeClock(start=START + dt.timedelta(days=day, minutes=minute))
        session = DrillSession(store, chosen, clock=clock, new_limit=len(keys))
        n = 0
        while session.next() is not None and n < 60:
            session.answer(rnd.choice([1, 2, 3, 3, 3, 4]))
            clock.advance(7 + rnd.randint(0, 20))
            n += 1
        session.finish()


def _export(store: Store) -> list[dict[str, Any]]:
    buf = io.StringIO()
    pg.export_progress(store, buf)
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def _body(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records minus the header (which carries the export time) and local session refs."""
    out = []
    for r in records[1:]:
        r = dict(r)
        r.pop("ref", None)
        r.pop("session", None) if r.get("type") == "review" else None
        out.append(r)
    return out


def _write(records: list[dict[str, Any]], path: Path, *, compact: bool = False) -> Path:
    """JSON Lines; ``compact`` writes the layout the export uses (review lines are then read by SQLite)."""
    sep = (",", ":") if compact else (", ", ": ")
    path.write_text("".join(json.dumps(r, separators=sep) + "\n" for r in records), encoding="utf-8")
    return path


def _import(store: Store, path: Path, **kw: Any) -> pg.ImportSummary:
    return pg.import_progress(store, path, replay=Replayer(StudySettings.load(store)), **kw)


@pytest.fixture(scope="module")
def cards(catalog: Any) -> dict[str, Any]:
    return study_cards(catalog)


@pytest.fixture
def machine_a(tmp_path: Path, cards: dict[str, Any]) -> Locations:
    loc = Locations.under(tmp_path / "a")
    keys = list(cards)[:12]
    with Store.open(loc.database) as store:
        StudySettings(new_per_day=15, desired_retention=0.88).save(store)
        store.set_setting("plan.interview_date", "2027-01-15")
        _study(store, cards, keys, days=8, seed=1)
        store.set_setting("study.reviews_per_day", 150)
        seed_quiz(store, started_at=1_780_000_000_000, finished_at=1_780_000_300_000, score=0.5, total=2,
                  answers=[(keys[0], True), (keys[1], False)])
        seed_mock(store, format_key="lambda/standard", started_at=1_780_100_000_000, finished_at=1_780_101_000_000,
                  score=7.0, max_score=10.0)
        store.change_cards([keys[2]], lambda k, s: replace(s, suspended=True, updated_at=s.updated_at + 1) if s else None)
    return loc


# ---------------------------------------------------------------- round trip


def test_export_then_import_into_an_empty_data_dir_reproduces_everything(
    machine_a: Locations, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "progress.jsonl"
    assert main(["--data-dir", str(machine_a.data_dir), "progress", "export", "-o", str(out)]) == 0
    header = json.loads(out.read_text().splitlines()[0])
    assert header["format"] == "lambdaprep-progress" and header["version"] == pg.FORMAT_VERSION
    fresh = tmp_path / "b"
    assert main(["--data-dir", str(fresh), "progress", "import", str(out)]) == 0
    capsys.readouterr()

    assert main(["--data-dir", str(machine_a.data_dir), "stats", "--json"]) == 0
    stats_a = capsys.readouterr().out
    assert main(["--data-dir", str(fresh), "stats", "--json"]) == 0
    stats_b = capsys.readouterr().out
    assert json.loads(stats_a)["total_reviews"] > 30
    assert stats_a == stats_b

    with Store.open(machine_a.database) as a, Store.open(fresh / "lambdaprep.db") as b:
        assert _body(_export(a)) == _body(_export(b))
        assert b.get_setting("plan.interview_date") == "2027-01-15"
        assert StudySettings.load(b) == StudySettings.load(a)
        assert b.card_totals().suspended == 1


def test_importing_twice_adds_nothing(machine_a: Locations, tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    with Store.open(machine_a.database) as a:
        _write(_export(a), out)  # the spaced layout: every line is read by Python
    with Store.open(tmp_path / "b.db") as b:
        first = _import(b, out)
        assert first.changed and first.reviews_added == first.reviews_in_file > 0
        before = _export(b)
        second = _import(b, out)
        assert not second.changed
        assert second.reviews_added == second.cards_added == second.quiz_added == second.mock_added == 0
        assert _body(_export(b)) == _body(before)
    # importing a machine's own export into itself changes nothing either
    with Store.open(machine_a.database) as a:
        before = _export(a)
        assert not _import(a, out).changed
        assert _body(_export(a)) == _body(before)


def test_dry_run_reports_and_changes_nothing(machine_a: Locations, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.jsonl"
    assert main(["--data-dir", str(machine_a.data_dir), "progress", "export", "-o", str(out)]) == 0
    empty = tmp_path / "b"
    assert main(["--data-dir", str(empty), "progress", "import", str(out), "--dry-run", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["dry_run"] and summary["reviews_added"] > 0 and summary["quiz_added"] == 1
    with Store.open(empty / "lambdaprep.db") as b:
        assert b.count_reviews() == 0 and b.cards() == {} and b.settings() == {}


# ---------------------------------------------------------------- two machines


def _union_log(*exports: list[dict[str, Any]]) -> dict[str, list[pg.LoggedReview]]:
    seen: dict[tuple[str, int], pg.LoggedReview] = {}
    for records in exports:
        for r in records:
            if r.get("type") == "review" and (r["card"], r["at"]) not in seen:
                seen[(r["card"], r["at"])] = pg._logged(
                    r["card"], r["at"], r["rating"], r["answer_ms"], json.dumps(r["before"]), json.dumps(r["after"])
                )
    out: dict[str, list[pg.LoggedReview]] = {}
    for (key, _), review in seen.items():
        out.setdefault(key, []).append(review)
    return out


def _memory(s: Any) -> tuple[Any, ...]:
    return (s.card_key, s.state, s.step, s.stability, s.difficulty, s.due, s.last_review, s.reps, s.lapses, s.leech)


def test_two_machines_merge_into_the_union_and_replay(tmp_path: Path, cards: dict[str, Any]) -> None:
    keys = list(cards)
    shared = keys[20]
    with Store.open(tmp_path / "a.db") as a, Store.open(tmp_path / "b.db") as b:
        # different cards on the same days; one card studied on both machines
        _study(a, cards, keys[:8] + [shared], days=6, seed=2)
        _study(b, cards, keys[8:16] + [shared], days=6, seed=3, minute=30)
        ea, eb = _export(a), _export(b)
        fa, fb = _write(ea, tmp_path / "a.jsonl"), _write(eb, tmp_path / "b.jsonl")
        sa, sb = _import(a, fb), _import(b, fa)
        assert sa.cards_replayed == sb.cards_replayed == 1  # only the shared card needed a replay
        union = _union_log(ea, eb)
        n_union = sum(len(v) for v in union.values())
        assert a.count_reviews() == b.count_reviews() == n_union
        assert n_union == sum(r.get("type") == "review" for r in ea + eb) - 0  # no (card, time) collisions
        merged_a, merged_b = a.cards(), b.cards()
        assert set(merged_a) == set(merged_b) == set(union)
        replayer = Replayer(StudySettings.load(a))
        for key, log in union.items():
            expected = replayer(key, log)
            assert _memory(merged_a[key]) == _memory(expected), key
            assert _memory(merged_b[key]) == _memory(expected), key
        # the shared card's log interleaves both machines' reviews, oldest first
        shared_log = sorted(r.reviewed_at for r in union[shared])
        assert len(shared_log) > len([r for r in ea if r.get("card") == shared])
        # and merging again in either direction changes nothing
        assert not _import(a, fb).changed and not _import(b, fa).changed
        cards_of = lambda recs: [r for r in recs if r.get("type") == "card"]  # noqa: E731
        assert cards_of(_export(a)) == cards_of(_export(b))
        reviews_of = lambda recs: sorted((r["card"], r["at"]) for r in recs if r.get("type") == "review")  # noqa: E731
        assert reviews_of(_export(a)) == reviews_of(_export(b))


def test_replay_recomputes_only_where_histories_diverge(cards: dict[str, Any], tmp_path: Path) -> None:
    key = list(cards)[0]
    with Store.open(tmp_path / "a.db") as a:
        _study(a, cards, [key], days=5, seed=4)
        log = _union_log(_export(a))[key]
        stored = a.card(key)
    replayer = Replayer(StudySettings())
    assert _memory(replayer(key, log)) == _memory(stored)  # a linear history reproduces the saved state
    # a review the machine never saw in between: everything after it is recomputed
    extra = pg.LoggedReview(log[0].reviewed_at + 1, 1, None, None, None, recorded=False)
    diverged = replayer(key, [log[0], extra, *log[1:]])
    assert diverged.reps == stored.reps + 1
    assert _memory(diverged) != _memory(stored)


# ---------------------------------------------------------------- refusals


def test_a_newer_format_is_refused(machine_a: Locations, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(machine_a.database) as a:
        records = _export(a)
    records[0]["version"] = pg.FORMAT_VERSION + 1
    path = _write(records, tmp_path / "new.jsonl")
    assert main(["--data-dir", str(tmp_path / "b"), "progress", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "newer lambdaprep" in err and "nothing was imported" in err and "Traceback" not in err
    with Store.open(tmp_path / "b" / "lambdaprep.db") as b:
        assert b.count_reviews() == 0


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda rs: rs[:-1], "cut short"),
        (lambda rs: [{"format": "something-else", "version": 1}, *rs[1:]], "not a lambdaprep progress file"),
        (lambda rs: [*rs[:3], {"type": "review", "card": "lambda/x", "at": "soon", "rating": 3}, *rs[3:]], "line 4"),
        (lambda rs: [*rs[:3], {"type": "review", "card": "lambda/x", "at": 1, "rating": 9}, *rs[3:]], "'rating' is out of range"),
        (lambda rs: [*rs[:2], {"type": "mystery"}, *rs[2:]], "unknown record type"),
        (lambda rs: [*rs[:-2], {"type": "review", "card": "lambda/x", "at": 1, "rating": 3, "state_before": 0, "state_after": 2,
                                "due_before": None, "due_after": 5, "interval_ms": 4, "before": [1]}, rs[-1]], "'before' and 'after'"),
    ],
)
@pytest.mark.parametrize("compact", [False, True])
def test_broken_files_change_nothing(machine_a: Locations, tmp_path: Path, mutate: Any, message: str, compact: bool) -> None:
    with Store.open(machine_a.database) as a:
        records = _export(a)
    path = _write(mutate(records), tmp_path / "bad.jsonl", compact=compact)
    with Store.open(tmp_path / "b.db") as b:
        with pytest.raises(pg.ProgressFileError, match=message):
            _import(b, path)
        assert b.count_reviews() == 0 and b.cards() == {} and b.settings() == {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_to_a_file_imports_cleanly_or_changes_nothing(tmp_path_factory: Any, data: Any) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    records = [
        {"format": "lambdaprep-progress", "version": 1},
        {"type": "setting", "key": "study.new_per_day", "value": 5},
        {"type": "card", "key": "p/a", "state": 2, "step": None, "stability": 3.0, "difficulty": 5.0, "due": 5000,
         "last_review": 1000, "reps": 1, "lapses": 0, "suspended": False, "buried_until": None, "leech": False,
         "flag": 0, "updated_at": 1000},
        {"type": "review", "card": "p/a", "at": 1000, "rating": 3, "state_before": 0, "state_after": 2, "due_before": None,
         "due_after": 5000, "interval_ms": 4000, "answer_ms": 10, "session": None, "before": None, "after": None},
        {"type": "end", "counts": {}},
    ]
    i = data.draw(st.integers(0, len(records) - 1))
    field = data.draw(st.sampled_from(sorted(records[i])))
    records[i][field] = data.draw(st.one_of(st.none(), st.booleans(), st.integers(-5, 10**13), st.floats(), st.text(max_size=5), st.lists(st.integers(), max_size=2)))
    path = _write(records, folder / "f.jsonl", compact=data.draw(st.booleans()))
    with Store.open(folder / "x.db") as store:
        try:
            _import(store, path)
        except pg.ProgressFileError:
            assert store.count_reviews() == 0 and store.cards() == {} and store.settings() == {}
        else:
            assert store.integrity_check() == ["ok"]


def test_cards_of_packs_not_installed_are_kept_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(tmp_path / "a.db") as a:
        from lambdaprep.store import CardState

        a.record_review(None, CardState("ghostpack/c1", state=2, stability=2.0, difficulty=5.0, due=9_000, last_review=1_000,
                                        reps=1, updated_at=1_000), rating=3, reviewed_at=1_000)
        path = _write(_export(a), tmp_path / "p.jsonl")
    assert main(["--data-dir", str(tmp_path / "b"), "progress", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "ghostpack" in out and "not installed" in out
    with Store.open(tmp_path / "b" / "lambdaprep.db") as b:
        assert "ghostpack/c1" in b.cards() and b.count_reviews() == 1


def test_csv_has_the_fsrs_columns(machine_a: Locations, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(machine_a.data_dir), "progress", "export", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "card_id,review_time,review_rating,review_state,review_duration"
    with Store.open(machine_a.database) as a:
        assert len(lines) - 1 == a.count_reviews()
    card, at, rating, state, duration = lines[1].split(",")
    assert "/" in card and int(at) > 0 and rating in "1234" and state in "0123" and int(duration) >= 0


def test_export_without_a_database_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "none"), "progress", "export"]) == 1
    assert "nothing to export" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path / "none"), "progress", "import", str(tmp_path / "missing.jsonl")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_a_damaged_review_line_in_the_export_layout_is_named(machine_a: Locations, tmp_path: Path) -> None:
    with Store.open(machine_a.database) as a:
        buf = io.StringIO()
        pg.export_progress(a, buf)
    lines = buf.getvalue().splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith('{"type":"review",'))
    good = lines[n]
    for broken, message in (
        (good.replace('"after":{', '"after":{"x":', 1), "'after' is not valid JSON"),
        (good.replace('"rating":', '"rating":"', 1).replace(',"state_before"', '",' + '"state_before"', 1), "'rating' must be a whole number"),
        (good[: good.index(',"before":')] + ',"before":[1],"after":null}\n', "must be objects or null"),
    ):
        path = tmp_path / "bad.jsonl"
        path.write_text("".join(lines[:n]) + broken + "".join(lines[n + 1 :]), encoding="utf-8")
        with Store.open(tmp_path / "b.db") as b:
            with pytest.raises(pg.ProgressFileError, match=f"line {n + 1} .*{message}"):
                _import(b, path)
            assert b.count_reviews() == 0


# ---------------------------------------------------------------- the bulk path


def _dump(path: Path) -> list[str]:
    """Every statement that rebuilds the database (schema, indexes and rows with their ids),
    minus the migration log's times; sorted (the bulk path re-creates the log's indexes, so
    they are listed in another order)."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return sorted(line for line in con.iterdump() if "schema_migrations" not in line)
    finally:
        con.close()


_STATE = st.fixed_dictionaries(
    {"state": st.integers(0, 3), "stability": st.floats(0.1, 300), "difficulty": st.floats(1, 10), "reps": st.integers(0, 9),
     "due": st.integers(1_000, 9_000_000), "last_review": st.none() | st.integers(1_000, 9_000_000)}
)  # fmt: skip


@st.composite
def _histories(draw: Any) -> list[dict[str, Any]]:
    """A small progress file: a few cards, reviews at colliding times, some states, both line layouts."""
    keys = draw(st.lists(st.sampled_from(["p/a", "p/b", "q/c", "ghost/d"]), min_size=1, max_size=3, unique=True))
    records: list[dict[str, Any]] = [{"format": "lambdaprep-progress", "version": 1}]
    records.append({"type": "session", "ref": 7, "kind": "normal", "filters": {}, "started_at": 500})
    for key in keys:
        if draw(st.booleans()):
            state = draw(_STATE)
            records.append({"type": "card", "key": key, "step": None, "lapses": 0, "suspended": draw(st.booleans()),
                            "buried_until": None, "leech": False, "flag": draw(st.integers(0, 2)), "updated_at": 5, **state})
    for _ in range(draw(st.integers(0, 12))):
        key = draw(st.sampled_from(keys))
        # keys sorted, as the database stores states: both line layouts then carry the same text
        before = draw(st.none() | _STATE.map(lambda s, k=key: dict(sorted({**s, "card_key": k}.items()))))
        after = draw(st.none() | _STATE.map(lambda s, k=key: dict(sorted({**s, "card_key": k}.items()))))
        records.append({"type": "review", "card": key, "at": draw(st.integers(1, 6)) * 60_000, "rating": draw(st.integers(1, 4)),
                        "state_before": 0, "state_after": 2, "due_before": None, "due_after": 9_000_000, "interval_ms": 8_000,
                        "answer_ms": draw(st.none() | st.integers(0, 9_000)), "session": draw(st.sampled_from([None, 7, 8])),
                        "before": before, "after": after})  # fmt: skip
    records.append({"type": "end", "counts": {}})
    return records


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=_histories(), local=st.booleans())
def test_bulk_and_row_by_row_imports_give_the_same_database(
    tmp_path_factory: Any, monkeypatch: pytest.MonkeyPatch, records: list[dict[str, Any]], local: bool
) -> None:
    """An empty database takes the bulk path (indexes built afterwards, duplicates found
    afterwards); it must end up exactly as the row-by-row path leaves it (with or without
    the temporary (card, time) index), whichever layout
    the lines have (the export's own is read by the fast path, any other by Python) — and
    importing the file again must change nothing."""
    folder = tmp_path_factory.mktemp("bulk")
    results = []
    for compact in (True, False):
        path = _write(records, folder / f"{compact}.jsonl", compact=compact)
        for bulk, match in ((True, False), (False, False), (False, True)):
            monkeypatch.setattr(pg, "_BULK", bulk)
            # match: the (card, time) index a big file into a big log gets while it is imported
            monkeypatch.setattr(pg, "_BIG_FILE", 0 if match else 1 << 40)
            monkeypatch.setattr(pg, "_BIG_LOG", 0)
            db = folder / f"{compact}-{bulk}-{match}.db"
            with Store.open(db) as store:
                if local:
                    store.set_setting("study.new_per_day", 3)
                first = _import(store, path)
                second = _import(store, path)
            assert not second.changed
            results.append(({**first.to_dict(), "exported_at": None}, _dump(db)))
    assert all(r == results[0] for r in results)


_ODD = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=4),
    st.lists(st.integers(), max_size=2), st.sampled_from(["p/a", "/a", "a", "p/\u00e9", "p/\x01", -0.0, 1.0, 10**18, 2**63]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["card", "at", "rating", "state_before", "state_after", "due_before", "due_after",
                               "interval_ms", "answer_ms", "session", "before", "after"]), value=_ODD)  # fmt: skip
def test_both_layouts_take_or_refuse_a_review_alike(tmp_path_factory: Any, field: str, value: Any) -> None:
    """A review line with one odd value: the fast path (the export's layout) and Python's
    path (any other layout) refuse it with the same message, or import the same rows."""
    folder = tmp_path_factory.mktemp("odd")
    review = {"type": "review", "card": "p/a", "at": 60_000, "rating": 3, "state_before": 0, "state_after": 2,
              "due_before": None, "due_after": 9_000_000, "interval_ms": 8_000, "answer_ms": 10, "session": 7,
              "before": None, "after": {"card_key": "p/a", "state": 2}}  # fmt: skip
    review[field] = value
    records = [{"format": "lambdaprep-progress", "version": 1},
               {"type": "session", "ref": 7, "kind": "normal", "filters": {}, "started_at": 500},
               review, {"type": "end", "counts": {}}]  # fmt: skip
    outcomes = []
    for compact in (True, False):
        path = _write(records, folder / f"{compact}.jsonl", compact=compact)
        db = folder / f"{compact}.db"
        with Store.open(db) as store:
            try:
                outcome: Any = {**_import(store, path).to_dict(), "exported_at": None}
            except pg.ProgressFileError as exc:
                outcome = str(exc)
        outcomes.append((outcome, _dump(db)))
    assert outcomes[0] == outcomes[1]


def test_a_review_twice_in_one_file_is_added_once(tmp_path: Path) -> None:
    review = {"type": "review", "card": "p/a", "at": 60_000, "rating": 3, "state_before": 0, "state_after": 2, "due_before": None,
              "due_after": 9_000_000, "interval_ms": 8_000, "answer_ms": 10, "session": None, "before": None, "after": None}  # fmt: skip
    records = [{"format": "lambdaprep-progress", "version": 1}, review, {**review, "rating": 1}, {"type": "end", "counts": {}}]
    with Store.open(tmp_path / "b.db") as b:
        summary = _import(b, _write(records, tmp_path / "f.jsonl", compact=True))
        assert summary.reviews_in_file == 2 and summary.reviews_added == 1
        assert [r.rating for r in b.reviews("p/a")] == [3]  # the first one in the file wins


_KILLED_IMPORT = """
import os, signal, sys
from pathlib import Path
from lambdaprep.store import Store
from lambdaprep.store import progress as pg
from lambdaprep.study.replay import Replayer

def die(*args, **kw):
    os.kill(os.getpid(), signal.SIGKILL)

pg._merge_settings = die  # every review is in the log by now (and, on the bulk path, its indexes are gone)
with Store.open(Path(sys.argv[1])) as store:
    pg.import_progress(store, Path(sys.argv[2]), replay=Replayer())
"""


@pytest.mark.parametrize("populated", [False, True])
def test_a_killed_import_leaves_the_database_as_it_was(machine_a: Locations, tmp_path: Path, populated: bool) -> None:
    import subprocess
    import sys

    with Store.open(machine_a.database) as a:
        records = _export(a)
    path = _write(records, tmp_path / "p.jsonl", compact=True)
    target = tmp_path / "b.db"
    with Store.open(target) as b:
        if populated:  # some of the reviews already (the row-by-row path)
            half = [r for i, r in enumerate(records) if r.get("type") != "review" or i % 2]
            assert _import(b, _write(half, tmp_path / "half.jsonl")).reviews_added > 5
    before = _dump(target)
    assert any("review_log_card" in line for line in before)
    done = subprocess.run([sys.executable, "-c", _KILLED_IMPORT, str(target), str(path)], capture_output=True, text=True)
    assert done.returncode == -9, done.stderr
    with Store.open(target) as b:
        assert b.integrity_check() == ["ok"]
    assert _dump(target) == before


def test_an_import_beside_another_open_connection_keeps_the_wal(machine_a: Locations, tmp_path: Path) -> None:
    """The bulk path switches to a rollback journal only when no other connection has the
    database open; with one open (another lambdaprep, say), it keeps the WAL and that
    connection goes on reading while the import runs and after it."""
    import sqlite3

    with Store.open(machine_a.database) as a:
        path = _write(_export(a), tmp_path / "p.jsonl", compact=True)
    target = tmp_path / "b.db"
    with Store.open(target) as b, Store.open(target) as other:
        assert other.count_reviews() == 0
        summary = _import(b, path)
        assert summary.reviews_added > 30 and other.count_reviews() == summary.reviews_added
    con = sqlite3.connect(target)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()
