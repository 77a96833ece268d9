"""Shared fixtures: the small world of factories, the personas, and the demo.

Three kinds of test run apart (`make test` runs each):
- most tests build their own world from `trienkhai.testing` (factories, `world`);
- a handful marked `demo` read the demo, loaded once per test database;
- browser tests (`browser`) drive Chromium against a live server and empty the database
  when each ends, so they load what they need themselves.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

# The personas of the URL sweep and the permission tests (demo accounts).
PERSONAS = {
    "province_office": "vanphong",
    "district_reporter": "hoanghoa",
    "commune_reporter": "hoangdong",
    "leader": "lanhdao",
    "outsider": "ngason",
}


_RUN = {"demo": False}


def _kind(item):
    if item.get_closest_marker("browser"):
        return "browser"
    if item.get_closest_marker("demo"):
        return "demo"
    names = set(getattr(item, "fixturenames", ()))
    return "world" if names & {"db", "transactional_db", "django_db_setup"} else None


def pytest_collection_finish(session):
    kinds = {_kind(item) for item in session.items} - {None}
    if len(kinds) > 1:
        raise pytest.UsageError(
            "Tests on factories, on the demo and in the browser use the database "
            f"differently and run apart ({', '.join(sorted(kinds))} selected): `make test`, "
            'or pytest -m "not demo and not browser" / -m "demo and not browser" / -m browser'
        )
    _RUN["demo"] = kinds == {"demo"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    if not _RUN["demo"]:
        return
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def world(db):
    """A small province (trienkhai/testing/world.py) built inside the test."""
    if _RUN["demo"]:
        raise pytest.UsageError("a demo test reads the demo; `world` is for the others")
    from trienkhai.testing import world as world_module

    return world_module.build()


@pytest.fixture
def persona(request, db):
    """`persona("commune_reporter")`: the account of the demo, or of the small world
    (same usernames) when the test is not marked `demo`."""
    from trienkhai.accounts.models import User

    if not _RUN["demo"]:
        request.getfixturevalue("world")

    def get(name):
        return User.objects.get(username=PERSONAS.get(name, name))

    return get


@pytest.fixture
def client_as(client, persona):
    def login(name):
        client.force_login(persona(name))
        return client

    return login


# --- Browser tests (Playwright driving Debian's chromium) -----------------------------

CHROMIUM = os.getenv("TK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(
    os.getenv("TK_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts")
)
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
_skipped_browser = []


def pytest_collection_modifyitems(config, items):
    browser_items = [i for i in items if i.get_closest_marker("browser")]
    if not browser_items or Path(CHROMIUM).exists():
        return
    reason = f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.getenv("TK_REQUIRE_BROWSER"):
        raise pytest.UsageError(reason + " and TK_REQUIRE_BROWSER is set")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))
    _skipped_browser.extend(browser_items)


def pytest_terminal_summary(terminalreporter):
    if _skipped_browser:
        line = "!" * 78
        terminalreporter.write_line(line, red=True, bold=True)
        terminalreporter.write_line(
            f"{len(_skipped_browser)} BROWSER TESTS WERE SKIPPED: Chromium is not installed "
            f"({CHROMIUM}).",
            red=True,
            bold=True,
        )
        terminalreporter.write_line(line, red=True, bold=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request, django_db_modify_db_settings_parallel_suffix, tmp_path_factory
):
    """On SQLite, the browser tests' database is a file, not pytest-django's in-memory
    one: the live server then opens one connection per request thread and SQLite's own
    locking (WAL, the busy timeout) orders them. Over an in-memory database every thread
    shares the test's single connection, and two requests at once (an HTMX search still
    answering while a link is followed) fail with "database table is locked"."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    if settings_dict["ENGINE"].endswith("sqlite3") and any(
        item.get_closest_marker("browser") for item in request.session.items
    ):
        folder = tmp_path_factory.mktemp("browser-db")
        settings_dict.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself (and the live server thread) are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield _PolicedBrowser(chromium)
        chromium.close()


_policy_refusals = []


class _PolicedBrowser:
    """Chromium, whose pages note what the Content-Security-Policy refused (an inline
    script or style, something from outside): a browser test fails on any of them."""

    def __init__(self, chromium):
        self._chromium = chromium

    def __getattr__(self, name):
        return getattr(self._chromium, name)

    @staticmethod
    def _watch(page):
        def seen(message):
            if "Content Security Policy" in message.text:
                _policy_refusals.append(f"{page.url}: {message.text}")

        page.on("console", seen)
        return page

    def new_page(self, **kwargs):
        return self._watch(self._chromium.new_page(**kwargs))

    def new_context(self, **kwargs):
        context = self._chromium.new_context(**kwargs)
        context.on("page", self._watch)
        return context


@pytest.fixture(autouse=True)
def _no_policy_refusals(request):
    _policy_refusals.clear()
    yield
    if request.node.get_closest_marker("browser"):
        assert not _policy_refusals, "Content-Security-Policy refused:\n" + "\n".join(
            _policy_refusals
        )


@pytest.fixture
def demo_server(live_server, transactional_db):
    """A live server over the demo data, reloaded: a transactional test empties the
    database when it ends. So the browser tests run in a pytest run of their own
    (`make test`), never beside the tests that expect the demo loaded once."""
    call_command("load_demo", stdout=io.StringIO())
    return live_server


@pytest.fixture
def screenshots(request):
    """`shot(page, name)` saves test-artifacts/screenshots/<test>/<name>.png."""
    folder = ARTIFACTS / "screenshots" / request.node.name.replace("/", "_")
    folder.mkdir(parents=True, exist_ok=True)

    def shot(page, name):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return shot


def login(page, base_url, username, password=None):
    from trienkhai.accounts.demo import password as demo_password

    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or demo_password())
    page.click("button.primary")


@pytest.fixture
def api_as(persona):
    """`api_as("commune_reporter")`: a DRF client authenticated with the persona's token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def as_(name):
        client = APIClient()
        token, _created = Token.objects.get_or_create(user=persona(name))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return as_


def clear_registry():
    """Remove every document and what refers to it (programmes, their targets, the
    inspections whose plans and conclusions are documents), so a test can register the
    seed's documents afresh."""
    from trienkhai.documents.models import Document
    from trienkhai.orgs.models import OrgUnit
    from trienkhai.oversight.models import Case, Plan, Team
    from trienkhai.programmes.models import Programme, Target
    from trienkhai.study.models import LearningReport

    LearningReport.objects.all().delete()
    for model in (Case, Team, Plan):  # inspections registered their plans and conclusions
        model.objects.all().delete()
    Target.objects.filter(aggregation="ratio").delete()
    Target.objects.all().delete()
    Programme.objects.filter(parent__isnull=False).delete()
    Programme.objects.all().delete()
    OrgUnit.objects.filter(established_by__isnull=False).update(established_by=None)
    Document.objects.all().delete()


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    """New passwords hashed quickly (the small world makes nine accounts per test);
    Argon2 stays second so the demo's accounts still verify."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *[h for h in settings.PASSWORD_HASHERS if "MD5" not in h],
    ]


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in the default language, whatever a test before it switched to
    (a test's own `translation.activate("en")` would otherwise carry on in its worker)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with empty rate-limit counters (the test cache is per process)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
