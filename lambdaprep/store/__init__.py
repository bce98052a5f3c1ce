"""Progress storage: one SQLite file (WAL, versioned migrations). No Textual here.

    from lambdaprep.store import Store
    with Store.open(locations) as store:
        store.card("lambda/execution-environment-phases")

See docs/study.md for the API and the schema.
"""

from lambdaprep.store.cardstate import Rating, State
from lambdaprep.store.errors import CorruptDatabase, NewerDatabase, StaleCard, StoreBusy, StoreClosed, StoreError
from lambdaprep.store.store import (
    STATE_LEARNING,
    STATE_NEW,
    STATE_RELEARNING,
    STATE_REVIEW,
    CardState,
    ReviewRecord,
    Store,
)

__all__ = [
    "Rating",
    "State",
    "STATE_LEARNING",
    "STATE_NEW",
    "STATE_RELEARNING",
    "STATE_REVIEW",
    "CardState",
    "CorruptDatabase",
    "NewerDatabase",
    "ReviewRecord",
    "StaleCard",
    "Store",
    "StoreBusy",
    "StoreClosed",
    "StoreError",
]
