"""The one rate limiter and the one client address, for the API, the open pages
(check-in, poll answers), the token endpoint and login throttling alike.

`allow()` is a fixed window in Django's cache: `add` then `incr`, both atomic in the
local cache and in Redis, so concurrent requests never overwrite each other's counts
(DRF's own throttles read a list, change it and write it back: under a burst they let
almost everything through). `client_ip()` reads X-Forwarded-For only behind as many
proxies as `TK_PROXY_COUNT` says; otherwise anyone could forge a new address per request.
"""

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle


def parse_rate(rate: str):
    count, _slash, period = rate.partition("/")
    seconds = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}[period.strip()]
    return int(count), seconds


def _bucket(key: str, seconds: int) -> str:
    return f"rl:{key}:{int(time.time() // seconds)}"


def allow(key: str, rate: str) -> bool:
    """True while fewer than `rate` requests were made under `key` in this window."""
    limit, seconds = parse_rate(rate)
    bucket = _bucket(key, seconds)
    cache.add(bucket, 0, timeout=seconds + 1)
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # the bucket expired between add and incr
        cache.set(bucket, 1, timeout=seconds + 1)
        return True


def spent(key: str, rate: str) -> bool:
    """True when `rate` is used up under `key` in this window, counting nothing."""
    limit, seconds = parse_rate(rate)
    return (cache.get(_bucket(key, seconds)) or 0) >= limit


def seconds_left(rate: str) -> int:
    """Until the current window ends (the Retry-After of a refusal)."""
    _limit, seconds = parse_rate(rate)
    return max(1, int(seconds - time.time() % seconds))


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind `TK_PROXY_COUNT` trusted proxies the
    entry of X-Forwarded-For that the outermost of them saw (counted from the right)."""
    proxies = settings.TK_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


class Throttle(BaseThrottle):
    """A DRF throttle on `allow()`. Subclasses name the rate and the key."""

    rate = "600/minute"
    name = "api"

    def get_rate(self) -> str:
        return self.rate

    def key(self, request, view) -> str:
        return client_ip(request)

    def allow_request(self, request, view):
        return allow(f"{self.name}:{self.key(request, view)}", self.get_rate())

    def wait(self):
        return seconds_left(self.get_rate())


class UserThrottle(Throttle):
    """Every API call: per account (per address without one), TK_API_RATE."""

    def get_rate(self):
        return settings.TK_API_RATE

    def key(self, request, view):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return f"ip:{client_ip(request)}"
