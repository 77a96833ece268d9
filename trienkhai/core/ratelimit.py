"""A fixed-window rate limit in Django's cache, for pages open without an account."""

import time

from django.core.cache import cache


def parse_rate(rate: str):
    count, _slash, period = rate.partition("/")
    seconds = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}[period.strip()]
    return int(count), seconds


def allow(key: str, rate: str) -> bool:
    """True while fewer than `rate` requests were made under `key` in this window."""
    limit, seconds = parse_rate(rate)
    bucket = f"rl:{key}:{int(time.time() // seconds)}"
    cache.add(bucket, 0, timeout=seconds + 1)
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # the bucket expired between add and incr
        cache.set(bucket, 1, timeout=seconds + 1)
        return True


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")
