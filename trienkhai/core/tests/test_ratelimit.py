"""The one limiter holds under concurrency, and reads one client address."""

import socket
import threading

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory

from trienkhai.core import ratelimit


def burst(monkeypatch, cache, rate="600/minute", threads=8, calls=200):
    monkeypatch.setattr(ratelimit, "cache", cache)
    allowed = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def run():
        start.wait()
        mine = sum(ratelimit.allow("burst-test", rate) for _ in range(calls))
        with lock:
            allowed.append(mine)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(allowed)


def test_a_limit_of_600_lets_exactly_600_of_1600_concurrent_requests_through(monkeypatch):
    cache = LocMemCache("burst", {"OPTIONS": {"MAX_ENTRIES": 1000}})
    assert burst(monkeypatch, cache) == 600


def _redis_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_the_limit_holds_on_a_shared_redis_too(monkeypatch):
    import uuid

    # A prefix of its own: another test run on the same Redis (CI beside a developer's
    # run) must not count against this one's limit, nor be flushed by it.
    cache = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": f"tk-test-{uuid.uuid4().hex}"})
    assert burst(monkeypatch, cache) == 600


def test_the_client_address_is_the_connection_without_a_trusted_proxy(settings):
    settings.TK_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert ratelimit.client_ip(request) == "10.0.0.2"


def test_behind_one_proxy_the_address_is_the_one_the_proxy_saw_not_a_forged_one(settings):
    settings.TK_PROXY_COUNT = 1
    forged = "6.6.6.6, 203.0.113.9"  # the client wrote the first entry, the proxy the last
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forged)
    assert ratelimit.client_ip(request) == "203.0.113.9"


@pytest.mark.django_db
def test_the_api_refuses_past_its_rate_with_a_vietnamese_message(api_as, settings, monkeypatch):
    import types

    from django.core.cache import cache

    # Mid-window, so the four requests never straddle the minute's boundary.
    monkeypatch.setattr(
        "trienkhai.core.ratelimit.time", types.SimpleNamespace(time=lambda: 60 * 1000 + 20.0)
    )
    cache.clear()  # other tests of this process may have counted for this user this minute
    settings.TK_API_RATE = "3/minute"
    client = api_as("commune_reporter")
    statuses = [client.get("/api/v1/units/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/units/")
    assert "Quá nhiều yêu cầu" in refused.json()["error"]["message"]
    assert int(refused["Retry-After"]) >= 1
