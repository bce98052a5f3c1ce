"""The Data screen: database path and size, the newest backup, back up now; the daily backup in a worker."""

from __future__ import annotations

from typing import Any

from lambdaprep.store import Store
from lambdaprep.store.backup import list_backups
from tests.conftest import screen_text, settle


async def test_data_screen_shows_the_database_and_backs_up(seeded: Any, locations: Any, make_test_app: Any) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        text = screen_text(app)
        assert "Your progress" in text and "lambdaprep.db" in text
        assert " of " in text and "review" in text and "lambdaprep backup" in text and "lambdaprep progress import FILE" in text
        # opening the store (in a worker) made today's automatic backup
        backups = list_backups(locations.backups_dir)
        assert [b.kind for b in backups] == ["daily"]
        assert backups[0].name in text
        await pilot.press("n")
        await settle(pilot)
        backups = list_backups(locations.backups_dir)
        assert sorted(b.kind for b in backups) == ["daily", "manual"]
        manual = next(b for b in backups if b.kind == "manual")
        assert manual.name in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "Data" in screen_text(app) and "database, backups" in screen_text(app)


async def test_data_screen_with_no_progress_yet(make_test_app: Any, locations: Any) -> None:
    app = make_test_app(area="data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "none yet" in text and "0 reviews of 0 cards" in text
    assert list_backups(locations.backups_dir) == []  # nothing to keep yet
    with Store.open(locations.database) as store:
        assert store.count_reviews() == 0
