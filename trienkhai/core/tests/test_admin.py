"""A superuser can correct any row: every domain model is in the admin, and its list
opens, searched and filtered, without a server error."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from trienkhai.conferences.models import PointFile
from trienkhai.core.models import ImportJob
from trienkhai.documents.models import DocumentFile, DocumentLink, LinkKind
from trienkhai.reporting.models import DeadlineRule, Evidence, Exemption, Extension, PeriodKind
from trienkhai.testing import conferences, programmes, reporting, study

pytestmark = pytest.mark.django_db

APPS = ["core", "orgs", "accounts", "documents", "programmes", "reporting", "conferences", "study"]
MODELS = [
    m
    for label in APPS
    for m in apps.get_app_config(label).get_models()
    if not m.__name__.startswith("Historical")
]


@pytest.fixture
def every_model(world):
    """At least one row of every domain model, over the small world (its units, people,
    positions, tenures, assignments, accounts and role grants)."""
    office, reporter = world.user("vanphong"), world.user("hoangdong")

    tourism = reporting.tourism()  # documents, programmes, targets, plans, tasks
    programme = tourism.programme
    programmes.objective(programme, "Đưa du lịch thành ngành kinh tế mũi nhọn")
    programmes.concretisation(programme, world.hoanghoa, datetime.date(2021, 7, 1))
    programmes.milestone(tourism.task, "Hoàn thành khảo sát", datetime.date(2022, 6, 30))
    plan_document = tourism.plans["HU-399"].document
    DocumentLink.objects.create(
        source=plan_document, target=programme.document, kind=LinkKind.MENTIONS
    )
    DocumentFile.objects.create(
        document=programme.document,
        file=ContentFile(b"%PDF-1.4", name="ctr.pdf"),
        name="ctr.pdf",
        size=8,
        uploaded_by=office,
    )

    period = reporting.period("2021Q4")
    report = reporting.returned(
        world.hoangdong, period, reporter, world.user("hoanghoa"), progress=40
    )
    reporting.sent(world.hoanghoa, period, world.user("hoanghoa"), progress=30, value=500)
    Evidence.objects.create(
        submission=report,
        file=ContentFile(b"bien ban", name="bien-ban.txt"),
        name="bien-ban.txt",
        size=8,
        uploaded_by=reporter,
    )
    Exemption.objects.create(unit=world.hoanghai, period=period, reason="Sáp nhập đơn vị")
    DeadlineRule.objects.create(
        unit=world.hoanghoa, kind=PeriodKind.QUARTER, offsets={"commune": 3}, grace_days=2
    )
    Extension.objects.create(
        unit=world.ngathanh, period=period, until=datetime.date(2022, 1, 20), reason="Mưa lũ"
    )

    conference = conferences.live(world.province, "Hội nghị quán triệt Hoằng Hóa")
    point = conferences.point(conference, world.hoanghoa, uses_check_in=True)
    conferences.check_in(point, "Lê Văn Hoằng")
    poll = conferences.poll(world.province, "Đồng chí đã nắm được nội dung?", conference=conference)
    conferences.answer(poll, "Có", name="Lê Văn Hoằng")
    PointFile.objects.create(
        point=point,
        file=ContentFile(b"danh sach", name="dai-bieu.txt"),
        name="dai-bieu.txt",
        size=9,
        uploaded_by=world.user("hoanghoa"),
    )

    study.session(world.hoangdong, [programme.document], 120, 110)
    study.learning_report(world.user("dangvien"), programme.document)
    job = ImportJob(requested_by=office, kind="units", name="don-vi.csv", rows=3)
    job.file.save("don-vi.csv", ContentFile(b"ma,ten"), save=True)
    return world


def test_every_domain_model_is_registered_in_the_admin():
    missing = [m.__name__ for m in MODELS if not admin.site.is_registered(m)]
    assert missing == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_admin_list_opens_searched_and_filtered_and_a_row_opens(persona, every_model, model):
    client = Client(raise_request_exception=False)
    client.force_login(persona("admin"))
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    page = client.get(url)
    assert page.status_code == 200
    changelist = page.context["cl"]
    assert changelist.result_count >= 1  # a tree's list shows its roots only
    assert client.get(url, {"q": "hoằng hóa"}).status_code == 200
    for spec in changelist.filter_specs:  # each filter, on its last choice
        choice = list(spec.choices(changelist))[-1]
        assert client.get(url + choice["query_string"]).status_code == 200, spec.title
    row = model.objects.order_by("pk").first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    assert client.get(change).status_code == 200
