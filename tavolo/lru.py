"""A small bounded, thread-safe LRU mapping for caches of rendered text in one worker.

Used for Markdown rendered to HTML (``tavolo.templating``) and for calendar events written
as iCalendar (``tavolo.calendar.ical``). Keys are short digests of what the value is made
of, so the cache holds no copy of the source text; the least recently used entry goes
first once ``size`` entries are kept.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


def digest(data: str | bytes) -> bytes:
    """A 20-byte BLAKE2b digest of ``data`` (text as UTF-8), for cache keys."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=20).digest()


class LRUCache(Generic[V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[bytes, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: bytes, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
