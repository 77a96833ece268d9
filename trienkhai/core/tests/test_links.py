"""Links are drawn only to what the user can open: every persona crawls the pages it can
reach from its home page, and no link on them leads to a missing or failing page."""

import re
from collections import deque

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

HREF = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/logout", "/i18n/", "/static/", "/media/", "/admin/", "/api/", "/c/", "/p/")
LIMIT = 120  # pages per persona: the first ones of every kind, breadth first


def crawl(client, limit=LIMIT):
    seen, queue, broken = {"/"}, deque(["/"]), {}
    opened = 0
    while queue and opened < limit:
        url = queue.popleft()
        response = client.get(url)
        opened += 1
        if response.status_code in (404, 500):
            broken[url] = response.status_code
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in HREF.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            path = link.split("?")[0]
            if link in seen or path.startswith(SKIP) or re.search(r"\.(xlsx|csv|png)$", path):
                continue
            # One page of each shape is enough: /units/DU-1/ stands for every unit.
            shape = re.sub(r"[0-9A-F-]{8,}|DU-\d+|HU-\d+|\d+", "*", link)
            if shape in seen:
                continue
            seen.update({link, shape})
            queue.append(link)
    return broken, opened


@pytest.mark.parametrize(
    "name", ["district_reporter", "commune_reporter", "leader", "outsider", "province_office"]
)
def test_no_link_a_persona_is_shown_leads_to_a_missing_page(persona, name):
    client = Client(raise_request_exception=False)
    client.force_login(persona(name))
    broken, opened = crawl(client)
    assert opened > 20, "the crawl reached too few pages to mean anything"
    assert broken == {}, f"{name} meets broken links: {broken}"
