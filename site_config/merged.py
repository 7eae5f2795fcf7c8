"""A list that is "the public rows plus the viewer's own few", in one order, without an OR.

`WHERE is_public OR author_id = me ORDER BY created DESC` defeats every index (a scan and
a sort of the whole table). `MergedList` asks two index lookups instead: the viewer's own
extra rows (a few, by an author index; passed in as a list) and one window of the public
rows (a queryset walking its index in order), and merges them in Python. It is sliceable
and has `count()`, which is what the paginator needs.

`key(row)` must give the rows' order as a tuple, largest first (the querysets' order by
`-created, -id` is `key=lambda row: (row.created, row.pk)`), and the extra rows must not be
in `public`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet


class MergedList:
    def __init__(
        self,
        public: QuerySet,
        extra: list,
        *,
        key: Callable[[Any], tuple],
        public_count: int | None = None,
    ):
        self.public = public
        self.key = key
        self.extra = sorted(extra, key=key, reverse=True)
        self._public_count = public_count

    def count(self) -> int:
        if self._public_count is None:
            self._public_count = self.public.count()
        return self._public_count + len(self.extra)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        if not self.extra:
            return list(self.public[start:stop])
        key = self.key
        # Public rows before `first` come before `start` even if every extra row is newer;
        # so do extra rows newer than public[first] (rank < first + h = start).
        first = max(0, start - len(self.extra))
        window = list(self.public[first:stop])
        if not window:
            # No public row from `first` on: with first > 0 the page is past the end.
            return self.extra[start:stop] if first == 0 else []
        if first == 0:
            merged, rank = window + self.extra, 0
        else:
            top = key(window[0])
            newer = sum(1 for row in self.extra if key(row) > top)
            merged = window + [row for row in self.extra if key(row) < top]
            rank = first + newer
        # `merged` starts at global position `rank` and is gapless up to window[-1]; extra
        # rows older than window[-1] sort after it (their position is >= stop otherwise).
        merged.sort(key=key, reverse=True)
        return merged[start - rank : stop - rank]
