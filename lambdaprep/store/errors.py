"""The store's exceptions (one module at the bottom of the store, so every store module can raise them)."""

from __future__ import annotations

from lambdaprep.errors import LambdaprepError


class StoreError(LambdaprepError):
    """The progress database cannot be used."""


class CorruptDatabase(StoreError):
    pass


class NewerDatabase(StoreError):
    pass


class StoreBusy(StoreError):
    pass


class StoreClosed(StoreError):
    """The store was closed (the app is exiting) while an operation waited for the lock."""


class StaleCard(StoreError):
    """The card changed in the database since it was read (another lambdaprep answered it)."""
