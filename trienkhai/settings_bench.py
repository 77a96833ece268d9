"""Settings for the burst load test only (`make bench-checkin`): the normal settings plus
a bare endpoint that does one INSERT, the ceiling the real endpoints are compared with.
Never used by a deployment: the bare endpoint has no validation and no rate limit."""

from trienkhai.settings import *  # noqa: F403

ROOT_URLCONF = "trienkhai.bench_urls"
