"""A run's articles as a sequence that decodes unchanged files' stored records only when
a reporter reads them.

A re-check of an archive keeps 100,000 files' records undecoded (`checker.cache.Kept`);
the console report needs their number, how many are undated (the file flags say) and
the few articles its findings show.  Reporters that list every article (JSON, SARIF,
HTML) decode them all, as before.
"""

from __future__ import annotations

import sqlite3
import weakref
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from itertools import compress
from operator import attrgetter
from typing import overload

from checker.cache import ARTICLE, DIAGNOSED, UNDATED, FileStat, Kept, decode_record
from checker.model import ArticleInfo, Diagnostic
from checker.records import StoredRecords

_by_id = attrgetter("id")


class Articles(Sequence[ArticleInfo]):
    """Articles read in this run and articles of kept files, in article-id order."""

    def __init__(self, read: Sequence[ArticleInfo], kept: Kept) -> None:
        """`read` and `kept.files` each in article-id order."""
        self._records = kept.records
        if self._records is not None:  # closed when these articles are done with
            weakref.finalize(self, self._records.close)
        self._items: list[ArticleInfo | FileStat] = [
            k for k, f in zip(kept.files, kept.flags, strict=True) if f & ARTICLE
        ]
        self._undated = sum(a.published is None for a in read)
        self._undated += sum(1 for f in kept.flags if f & UNDATED and f & ARTICLE)
        _merge(self._items, read)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> ArticleInfo: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ArticleInfo]: ...

    def __getitem__(self, index: int | slice) -> ArticleInfo | Sequence[ArticleInfo]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        item = self._items[index]
        if isinstance(item, FileStat):
            item = self._items[index] = _decoded(item, self._fetch([item.id]))
        return item

    def __iter__(self) -> Iterator[ArticleInfo]:
        """Every article, the kept ones' records fetched in one statement."""
        if any(isinstance(item, FileStat) for item in self._items):
            records = self._fetch(None)
            self._items = [
                _decoded(i, records) if isinstance(i, FileStat) else i for i in self._items
            ]
        return iter(self._items)  # type: ignore[arg-type]

    def _fetch(self, ids: list[str] | None) -> Mapping[str, str]:
        """Stored records of these kept files (None: of all)."""
        records = _source(self._records)
        return records.every() if ids is None else records.of(ids)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    @property
    def undated(self) -> int:
        return self._undated

    def get(self, article_id: str) -> ArticleInfo | None:
        """The article of this id, found by bisection (the items are in id order): a
        report looks up a few hundred of 100,000."""
        at = bisect_left(self._items, article_id, key=_by_id)
        if at < len(self._items) and _by_id(self._items[at]) == article_id:
            return self[at]
        return None


def _merge(items: list[ArticleInfo | FileStat], read: Sequence[ArticleInfo]) -> None:
    """Put the articles read into the kept ones, both in id order: by bisection when
    they are a few (a re-check), by one sort of the two runs otherwise."""
    if len(read) > 64:
        items[:] = sorted([*items, *read], key=_by_id)
        return
    ids = [_by_id(item) for item in items]
    for article in read:
        at = bisect_left(ids, article.id)
        ids.insert(at, article.id)
        items.insert(at, article)


class _Index(Mapping[str, ArticleInfo]):
    """Articles by id, decoding only those looked up."""

    def __init__(self, articles: Articles) -> None:
        self._articles = articles

    def __getitem__(self, article_id: str) -> ArticleInfo:
        found = self._articles.get(article_id)
        if found is None:
            raise KeyError(article_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return (a.id for a in self._articles)

    def __len__(self) -> int:
        return len(self._articles)


def article_index(articles: Sequence[ArticleInfo]) -> Mapping[str, ArticleInfo]:
    """Articles by id; for `Articles`, without decoding the ones never looked up."""
    if isinstance(articles, Articles):
        return _Index(articles)
    return {a.id: a for a in articles}


def undated_count(articles: Sequence[ArticleInfo]) -> int:
    if isinstance(articles, Articles):
        return articles.undated
    return sum(1 for a in articles if a.published is None)


def damaged_records(kept: Kept) -> list[str]:
    """The ids of kept files whose stored record is not whole (all of them when the
    records cannot be checked)."""
    try:
        damaged = kept.records.damaged() if kept.records is not None else set()
    except sqlite3.Error:
        return [k.id for k in kept.files]
    return [k.id for k in kept.files if k.id in damaged] if damaged else []


def kept_diagnostics(kept: Kept) -> list[tuple[str, tuple[Diagnostic, ...]]]:
    """The stored diagnostics of kept files that have any, by file id."""
    files = list(compress(kept.files, [f & DIAGNOSED for f in kept.flags]))
    if not files:
        return []
    records = _source(kept.records).of(k.id for k in files)
    return [(k.id, decode_record(_record(k, records), k.path)[1]) for k in files]


def _source(records: StoredRecords | None) -> StoredRecords:
    if records is None:
        raise ValueError("cache: kept files without their records")
    return records


def _decoded(kept: FileStat, records: Mapping[str, str]) -> ArticleInfo:
    article, _ = decode_record(_record(kept, records), kept.path)
    if article is None:
        raise ValueError(f"cache: the record of {kept.id} holds no article")
    return article


def _record(kept: FileStat, records: Mapping[str, str]) -> str:
    """A kept file's record; gone only if another run rewrote the cache meanwhile."""
    found = records.get(kept.id)
    if found is None:
        raise ValueError(f"cache: the record of {kept.id} is gone (another run changed the cache)")
    return found
