"""The last serialised body of each feed, shared by every worker, checked by its ETag.

A feed's ETag is computed from an aggregate of what it contains (``sources.state``), so
the body written for that ETag can be kept and served again as long as the ETag is the
same: an unchanged feed costs the aggregate query and one read. One entry per feed (the
latest), so the cache holds at most one body per feed address plus the public one:

* with ``CALENDAR_CACHE_URL = redis://…`` in Redis (``tavolo:calendar-feed:<key>``,
  expiring after a week unused), for several hosts;
* otherwise as files in the instance folder (``calendar-cache/``), written to a
  temporary file and renamed, so a worker never reads half a body.

The stored value starts with the ETag and a newline; a body is served only when that ETag
is the current one. Any error of the store is a cache miss: the feed is written again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)
REDIS_PREFIX = "tavolo:calendar-feed:"
REDIS_TTL_SECONDS = 7 * 24 * 3600


def _redis():
    url = current_app.config.get("CALENDAR_CACHE_URL") or ""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    client = current_app.extensions.get("calendar_cache_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        current_app.extensions["calendar_cache_redis"] = client
    return client


def _path(key: str) -> Path:
    name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    return Path(current_app.instance_path) / "calendar-cache" / f"{name}.ics"


def get(key: str, etag: str) -> bytes | None:
    """The body stored for feed ``key`` if it was written for ``etag``."""
    try:
        client = _redis()
        if client is not None:
            stored = client.get(REDIS_PREFIX + key)
        else:
            stored = _path(key).read_bytes()
    except FileNotFoundError:
        return None
    except Exception as error:  # noqa: BLE001 - a broken cache is a miss, never an error
        log.warning("calendar feed cache unreadable: %s", error)
        return None
    if not stored:
        return None
    head, _sep, body = stored.partition(b"\n")
    return body if head == etag.encode("ascii") else None


def put(key: str, etag: str, body: bytes) -> None:
    value = etag.encode("ascii") + b"\n" + body
    try:
        client = _redis()
        if client is not None:
            client.set(REDIS_PREFIX + key, value, ex=REDIS_TTL_SECONDS)
            return
        path = _path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(value)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except Exception as error:  # noqa: BLE001
        log.warning("calendar feed cache not written: %s", error)
