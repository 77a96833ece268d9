"""Password guessing across usernames from one address.

django-axes locks a username at an address after TK_LOGIN_FAILURE_LIMIT failures; one
password tried against every username from one address never reaches that. Here every
failed login (the page or the API's token endpoint: both authenticate through Django,
which sends `user_login_failed`) is counted per address, across usernames, and once the
address has spent TK_LOGIN_ADDRESS_RATE (default 50 an hour, so an office behind one
address is not locked out by its own typing) no login from it is tried until the window
ends, whatever the username or password.
"""

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from trienkhai.core.ratelimit import allow, client_ip, seconds_left, spent


def _key(request) -> str:
    return f"login-address:{client_ip(request)}"


def address_locked(request) -> bool:
    return spent(_key(request), settings.LOGIN_ADDRESS_RATE)


def minutes_left() -> int:
    return max(1, -(-seconds_left(settings.LOGIN_ADDRESS_RATE) // 60))


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        allow(_key(request), settings.LOGIN_ADDRESS_RATE)
