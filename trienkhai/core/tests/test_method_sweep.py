"""Every named URL, every persona, every method (GET, POST, PUT, PATCH, DELETE), API
write routes included: no server error, a unit outside one's scope refuses every method,
and a refused request writes nothing to the database (read from the SQL it ran)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.core.tests.test_url_sweep import ANON, ROLES, SWEEP, resolve

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

METHODS = ["get", "post", "put", "patch", "delete"]
# Bookkeeping any request may write: its session, and django-axes' record of logins.
BOOKKEEPING = re.compile(r'"?(django_session|axes_\w+)"?')
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)
OPEN_REDIRECTS = {"set_language"}  # answers everyone with a redirect back to the page
REFUSED = {400, 401, 403, 404, 405, 409, 429}


def refused(role, response):
    """A refusal: an error status, or for the anonymous the way to the login page (for
    a signed-in user a redirect is the usual answer to a form that was accepted)."""
    if response.status_code in REFUSED:
        return True
    return role == ANON and response.status_code == 302 and "/login/" in response["Location"]


def writes(queries):
    return [
        q["sql"][:160]
        for q in queries
        if WRITE.match(q["sql"]) and not BOOKKEEPING.search(q["sql"].split("(")[0][:120])
    ]


@pytest.mark.parametrize("name", list(SWEEP))
def test_every_method_for_every_persona_is_answered_and_refusals_write_nothing(
    name, persona, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kwargs, _method, expected = SWEEP[name]
    url = reverse(name, kwargs=resolve(kwargs))
    problems = []
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != ANON:
            client.force_login(persona(role))
        # What the sweep's own request says: not visible to this persona.
        hidden = expected[role] == 404 or (
            role == ANON and expected[role] in (302, 401) and name not in OPEN_REDIRECTS
        )
        for method in METHODS:
            with CaptureQueriesContext(connection) as ctx:
                response = getattr(client, method)(url)
            status = response.status_code
            if status >= 500:
                problems.append((role, method, status, "server error"))
                continue
            if hidden and not refused(role, response):
                problems.append((role, method, status, "answered outside its scope"))
            if refused(role, response) and (written := writes(ctx.captured_queries)):
                problems.append((role, method, status, written))
    assert problems == [], f"{url}: {problems}"
