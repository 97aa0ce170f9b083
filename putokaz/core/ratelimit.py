"""Counting attempts in the shared cache: at most so many in a period, per key.

The cache is shared by every app server (Redis in production), so the limit holds across
them. A key is hashed: it may hold an e-mail or an address.
"""

import hashlib

from django.core.cache import cache


def allow(scope: str, key: str, *, limit: int, period: int) -> bool:
    """Count one attempt of ``key`` in ``scope``; whether it is within ``limit`` per
    ``period`` seconds (the period starts with the first attempt)."""
    name = f"ratelimit:{scope}:" + hashlib.sha256(key.encode()).hexdigest()
    cache.add(name, 0, period)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, period)
        count = 1
    return count <= limit
