"""What a quiz or mock mistake does to the drill — without flooding it.

- Only cards you have already studied can be made due now: at most :data:`PER_MISTAKE` per
  wrong answer, and at most ``followup_per_day`` (a setting) per study day.
- Related cards you have never studied move to the front of the new-card queue: they come
  next, within the usual daily new-card limit (the limit itself does not grow).
- Suspended and hidden (buried) cards are left alone.

Nothing here writes to the review log (only real ratings go there). Plain Python; no pydantic
on the hot path except loading the settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from lambdaprep.store import STATE_NEW

if TYPE_CHECKING:
    from lambdaprep.store import Store
    from lambdaprep.study.clock import Clock

__all__ = ["PER_MISTAKE", "FollowUp", "follow_up", "new_front"]

PER_MISTAKE = 3
"""At most this many studied cards are made due per wrong answer."""
NEW_FRONT_KEY = "engine.new_front"
"""Settings key: new cards moved to the front of the new-card queue (oldest first)."""
NEW_FRONT_MAX = 200
COUNT_KEY = "engine.followups"
"""Settings key: ``{"day": "YYYY-MM-DD", "count": n}`` cards made due today by follow-ups."""


@dataclass(frozen=True, slots=True)
class FollowUp:
    due: tuple[str, ...] = ()
    """Studied cards made due now."""
    queued: tuple[str, ...] = ()
    """Never-studied cards moved to the front of the new-card queue."""


def new_front(store: Store) -> list[str]:
    """New cards moved to the front of the new-card queue (quiz and mock mistakes), oldest first."""
    value = store.get_setting(NEW_FRONT_KEY, [])
    return [k for k in value if isinstance(k, str)] if isinstance(value, list) else []


def follow_up(store: Store, keys: Iterable[str], clock: Clock, *, limit: int = PER_MISTAKE) -> FollowUp:
    """Act on one mistake whose related cards are ``keys`` (most relevant first)."""
    from lambdaprep.study.clock import study_day, to_ms
    from lambdaprep.study.settings import StudySettings

    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return FollowUp()
    settings = StudySettings.load(store)
    now = clock.now()
    now_ms = to_ms(now)
    today = study_day(now, clock.tz, settings.day_starts_hour).isoformat()
    counted = store.get_setting(COUNT_KEY, {})
    used = counted.get("count", 0) if isinstance(counted, dict) and counted.get("day") == today else 0
    used = used if isinstance(used, int) and used >= 0 else 0
    room = max(0, settings.followup_per_day - used)

    states = store.cards(wanted)
    due: list[str] = []
    queued: list[str] = []
    changed = []
    taken = 0
    for key in wanted:
        st = states.get(key)
        if st is not None and (st.suspended or (st.buried_until or 0) > now_ms):
            continue  # suspended or hidden: respected
        if st is None or st.state == STATE_NEW:
            if len(queued) < limit:
                queued.append(key)
            continue
        if taken >= limit:
            continue
        taken += 1
        if (st.due or 0) <= now_ms:
            continue  # already due: it is in the drill anyway
        if len(due) >= room:
            continue
        changed.append(replace(st, due=now_ms, updated_at=now_ms))
        due.append(key)
    if changed:
        store.put_cards(changed)
    values: dict[str, object] = {}
    if due:
        values[COUNT_KEY] = {"day": today, "count": used + len(due)}
    if queued:
        front = [k for k in new_front(store) if k not in queued]
        values[NEW_FRONT_KEY] = (front + queued)[-NEW_FRONT_MAX:]
    if values:
        store.set_settings(values)
    return FollowUp(tuple(due), tuple(queued))
