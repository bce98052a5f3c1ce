"""The calculators' view of the content: price book, cold-start profiles, parameters, limits.

:class:`CalcData` is built once from a :class:`~lambdaprep.content.Catalog` and then
passed to the pure calculator functions, so they never search the catalog on a
keystroke. Parameters are read by id; a missing one is reported by the
calculator that wanted it (never replaced by a number hidden in the code).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from lambdaprep.units import Quantity, UnitError, format_duration, format_quantity, format_size, parse_unit

if TYPE_CHECKING:
    from lambdaprep.content.catalog import Catalog
    from lambdaprep.content.models import ColdStartProfile, LimitRow, ModelParameter, PriceBook

Arch = Literal["x86_64", "arm64"]
ARCHES: tuple[Arch, Arch] = ("x86_64", "arm64")
ASSUMPTION = "assumption"


class CalcError(ValueError):
    """An input or data problem the calculators cannot work around.

    ``field`` names the input at fault (``"memory"``, ``"duration"``, …) so a form can
    mark it inline; the message is one plain sentence.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Param:
    """A model parameter converted to the unit a calculator asked for."""

    id: str
    name: str
    value: float
    low: float | None
    high: float | None
    unit: str
    basis: str
    """``documented``, ``measured`` or ``assumption``."""
    source: str | None
    as_of: dt.date | None
    note: str = ""

    @property
    def cite(self) -> str:
        """The source URL, or ``"assumption"`` for a stated assumption without one."""
        return self.source or ASSUMPTION

    @property
    def upper(self) -> float:
        return self.high if self.high is not None else self.value


def _convert(value: float | None, unit: str, target: str) -> float | None:
    if value is None:
        return None
    return Quantity(value, parse_unit(unit)).to(target)


@dataclass
class CalcData:
    """Everything the calculators read, indexed by plain item id."""

    books: dict[str, PriceBook] = field(default_factory=dict)
    """Price books by region."""
    profiles: dict[str, ColdStartProfile] = field(default_factory=dict)
    """Cold-start profiles by id (``python3-13``)."""
    parameters: dict[str, ModelParameter] = field(default_factory=dict)
    limits: dict[str, LimitRow] = field(default_factory=dict)
    region: str | None = None
    """The price book's region when the user chose one (``calc --region``); None: us-east-1, else the first."""

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> CalcData:
        data = cls()
        for book in catalog.price_books.values():
            data.books.setdefault(book.region, book)
        for profile in catalog.coldstart_profiles.values():
            data.profiles.setdefault(profile.id, profile)
        for p in catalog.coldstart_parameters.values():
            data.parameters.setdefault(p.id, p)
        for row in catalog.limits.values():
            data.limits.setdefault(row.id, row)
        return data

    # ------------------------------------------------------------ price book

    def price_book(self, region: str | None = None) -> PriceBook:
        region = region or self.region
        if region is None:
            if "us-east-1" in self.books:
                return self.books["us-east-1"]
            if self.books:
                return next(iter(self.books.values()))
            raise CalcError("no price book is loaded (the content packs have no price_books)")
        try:
            return self.books[region]
        except KeyError:
            known = ", ".join(sorted(self.books)) or "none"
            raise CalcError(f"no price book for region {region!r} (loaded: {known})", "region") from None

    # ------------------------------------------------------------ parameters

    def param(self, *ids: str, unit: str) -> Param | None:
        """The first parameter found among ``ids``, converted to ``unit``; None when none exists."""
        for pid in ids:
            p = self.parameters.get(pid)
            if p is None:
                continue
            try:
                return Param(
                    id=p.id,
                    name=p.name,
                    value=_convert(p.value, p.unit, unit) or 0.0,
                    low=_convert(p.low, p.unit, unit),
                    high=_convert(p.high, p.unit, unit),
                    unit=unit,
                    basis=p.basis,
                    source=p.source,
                    as_of=p.as_of,
                    note=p.note,
                )
            except UnitError as exc:
                raise CalcError(f"parameter {pid!r} is in {p.unit}, which cannot be read as {unit}: {exc}") from None
        return None

    def fact(self, *ids: str, unit: str) -> Param | None:
        """A number by id from the limits tables (documented) or the model parameters."""
        for fid in ids:
            row = self.limits.get(fid)
            if row is not None:
                try:
                    value = _convert(row.value, row.unit, unit) or 0.0
                except UnitError:
                    continue
                return Param(
                    id=row.id, name=row.name, value=value, low=None, high=None, unit=unit,
                    basis="documented", source=row.source, as_of=row.as_of, note=row.notes,
                )
            found = self.param(fid, unit=unit)
            if found is not None:
                return found
        return None

    def require(self, *ids: str, unit: str, what: str) -> Param:
        """Like :meth:`fact`, but a missing number is a :class:`CalcError` naming the ids."""
        found = self.fact(*ids, unit=unit)
        if found is None:
            raise CalcError(f"the content has no {what} (looked for: {', '.join(ids)})")
        return found

    # ---------------------------------------------------------------- limits

    def limit(self, limit_id: str, unit: str) -> tuple[float | None, float] | None:
        """``(minimum, maximum)`` of a limit row in ``unit``, or None when the row is missing."""
        row = self.limits.get(limit_id)
        if row is None:
            return None
        try:
            return _convert(row.minimum, row.unit, unit), _convert(row.value, row.unit, unit) or 0.0
        except UnitError:
            return None

    def check_range(self, value: float, limit_id: str, unit: str, label: str, fieldname: str, *, minimum: bool = True) -> None:
        """Raise :class:`CalcError` when ``value`` is outside the limit row's range."""
        bounds = self.limit(limit_id, unit)
        if bounds is None:
            return
        low, high = bounds
        if minimum and low is not None and value < low:
            raise CalcError(f"{label} must be at least {_show(low, unit)}", fieldname)
        if value > high:
            raise CalcError(f"{label} can be at most {_show(high, unit)}", fieldname)


def _show(value: float, unit: str) -> str:
    """A limit in the one number form (``10,240 MB``, ``15 min``)."""
    dimension = parse_unit(unit).dimension
    if dimension == "time":
        return format_duration(value, unit)
    if dimension == "size":
        return format_size(value, unit)
    return format_quantity(value, unit)
