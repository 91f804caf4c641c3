"""Claims that stay packed until a reporter reads them.

A re-check of an archive reuses the findings of every claim group no new article
touched (`checker.groupstore`).  Those findings hold tens of thousands of claims each,
and a console report shows 24 of them: building every `Claim` would cost more than the
rest of the run.  So a reused group's claims come as sequences over its packed form
(`checker.claimio.PackedClaims`): their length is known without parsing, and a claim is
built when it is first read.  To every reader they are an ordinary `Sequence[Claim]`,
equal to the tuple of the same claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from checker.claimio import PackedClaims
from checker.model import Claim


class PackedGroup:
    """One claim group's claims as stored: parsed on first use, each claim built once."""

    __slots__ = ("_blob", "_built", "_packed", "count")

    def __init__(self, blob: bytes, count: int) -> None:
        self._blob: bytes | None = blob
        self.count = count
        self._packed: PackedClaims | None = None
        self._built: list[Claim | None] = []

    def _rows(self) -> PackedClaims:
        if self._packed is None:
            assert self._blob is not None
            self._packed = PackedClaims(self._blob, share=False)
            self._blob = None
            if len(self._packed) != self.count:
                raise ValueError(f"{len(self._packed)} packed claims, {self.count} expected")
            self._built = [None] * self.count
        return self._packed

    def value_keys(self, positions: Iterable[int]) -> list[str]:
        return self._rows().value_keys(positions)

    def claim(self, index: int) -> Claim:
        packed = self._rows()
        found = self._built[index]
        if found is None:
            found = self._built[index] = packed.claim(index)
        return found


class ClaimView(Sequence[Claim]):
    """Some claims of a packed group (`positions` into it, ascending), or all of them."""

    __slots__ = ("_group", "_positions")

    def __init__(self, group: PackedGroup, positions: Sequence[int] | None = None) -> None:
        self._group = group
        self._positions = positions

    def __len__(self) -> int:
        return self._group.count if self._positions is None else len(self._positions)

    @overload
    def __getitem__(self, index: int) -> Claim: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Claim]: ...
    def __getitem__(self, index: int | slice) -> Claim | Sequence[Claim]:
        if isinstance(index, slice):
            return tuple(self)[index]
        position = index if self._positions is None else self._positions[index]
        if self._positions is None and not -self._group.count <= index < self._group.count:
            raise IndexError(index)
        return self._group.claim(position % self._group.count)

    def __iter__(self) -> Iterator[Claim]:
        claim = self._group.claim
        positions = range(self._group.count) if self._positions is None else self._positions
        return map(claim, positions)

    def value_keys(self) -> list[str]:
        """Each claim's value key, without building the claims."""
        positions = range(self._group.count) if self._positions is None else self._positions
        return self._group.value_keys(positions)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"ClaimView({len(self)} claims)"


class JoinedClaims(Sequence[Claim]):
    """A run's claims from its groups, in `Claim.sort_key` order: counted without being
    read, merged (a stable sort, so equal keys keep their article's order) when first
    read."""

    __slots__ = ("_all", "_count", "_parts")

    def __init__(self, parts: Sequence[Sequence[Claim]]) -> None:
        self._parts = parts
        self._count = sum(map(len, parts))
        self._all: tuple[Claim, ...] | None = None

    def _claims(self) -> tuple[Claim, ...]:
        if self._all is None:
            every = [c for part in self._parts for c in part]
            self._all = tuple(sorted(every, key=Claim.sort_key))
        return self._all

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Claim: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Claim]: ...
    def __getitem__(self, index: int | slice) -> Claim | Sequence[Claim]:
        return self._claims()[index]

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._claims())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and self._claims() == tuple(other)

    def __hash__(self) -> int:
        return hash(self._claims())

    def __repr__(self) -> str:
        return f"JoinedClaims({len(self)} claims)"


def value_keys(claims: Sequence[Claim]) -> list[str]:
    """Each claim's value key; claims still packed are not built for it."""
    if isinstance(claims, ClaimView):
        return claims.value_keys()
    return [c.value.key() for c in claims]
