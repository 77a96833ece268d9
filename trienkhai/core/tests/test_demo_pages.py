"""Smoke test on the demo: every object page of the demo opens for the province office
(a page that fails for one object fails for a user who opens it)."""

import pytest
from django.db.models import Q
from django.test import Client

from trienkhai.conferences.models import BridgePoint, Conference, Poll
from trienkhai.documents.models import Document
from trienkhai.orgs.models import OrgUnit, Person
from trienkhai.programmes.models import Programme, Task
from trienkhai.reporting.models import Submission
from trienkhai.study.models import LearningReport, StudySession

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

KINDS = [
    OrgUnit,
    Person,
    Document,
    Programme,
    Task,
    Submission,
    Conference,
    BridgePoint,
    Poll,
    StudySession,
    LearningReport,
]


@pytest.mark.parametrize("model", KINDS, ids=lambda m: m.__name__)
def test_every_demo_object_page_opens_for_the_province_office(persona, model):
    client = Client(raise_request_exception=False)
    client.force_login(persona("province_office"))
    objects = model.objects.for_user(persona("province_office"))
    if model is OrgUnit:  # the units of today's tree; the 2025 units come with the reform
        objects = objects.filter(Q(valid_to__isnull=True))
    urls = [obj.get_absolute_url() for obj in objects]
    assert urls, f"the demo has no {model.__name__}"
    failed = {}
    for url in urls:
        status = client.get(url).status_code
        if status != 200:
            failed[url] = status
    assert failed == {}, f"{len(failed)} of {len(urls)} pages failed: {list(failed.items())[:5]}"
