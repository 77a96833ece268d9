"""Every page that reads an uploaded office file refuses a crafted one quickly, with a
Vietnamese message, and stores nothing."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trienkhai.conferences.models import BridgePoint
from trienkhai.documents.models import Document
from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.models import Target
from trienkhai.reporting.models import Submission
from trienkhai.testing import conferences as meet
from trienkhai.testing import factories as make
from trienkhai.testing import officefiles as craft
from trienkhai.testing import reporting as make_reports

pytestmark = [pytest.mark.django_db]

SHARED_STRINGS = craft.xlsx(craft.rows(("a",)), shared=["<si><t>x</t></si>" * 2_000_000])
WIDE = craft.xlsx('<row r="1"><c r="XFD1" t="inlineStr"><is><t>a</t></is></c></row>')
BROKEN = craft.xlsx(craft.rows(("a",)), extra={"xl/styles.xml": "<styleSheet><a></b>"})
PARAGRAPHS = craft.docx("<w:p/>" * 300_000)
BROKEN_WORD = craft.docx("<w:p><w:r><w:t>Nghị quyết</w:r></w:p>")


def _units(world):
    return reverse("orgs:import"), "province_office", "file", OrgUnit.objects.count


def _points(world):
    conference = meet.conference(world.province, "Hội nghị quán triệt nghị quyết")
    url = reverse("conferences:points-import", args=[conference.uid])
    return url, "district_reporter", "file", BridgePoint.objects.count


def _structure(world):
    programme = make.programme(world.province, "Chương trình phát triển văn hóa")
    url = reverse("programmes:import", args=[programme.uid])
    return url, "province_office", "file", Target.objects.count


def _report(world):
    make_reports.tourism()
    make_reports.period("2021Q4")
    url = reverse("reporting:excel", args=["DU-15997", "2021Q4"])
    return url, "commune_reporter", "file", Submission.objects.count


ENTRY_POINTS = {"units": _units, "points": _points, "structure": _structure, "report": _report}


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (SHARED_STRINGS, "phần tử XML"),
        (WIDE, "256 cột"),
        (BROKEN, "Không đọc được tệp Excel"),
    ],
    ids=["two-million-strings", "column-xfd", "broken-xml"],
)
def test_a_crafted_workbook_is_refused_quickly_and_stores_nothing(
    client_as, world, entry, content, message
):
    url, persona, field, count = ENTRY_POINTS[entry](world)
    client = client_as(persona)
    before = count()
    started = time.perf_counter()
    response = client.post(url, {field: SimpleUploadedFile("tep.xlsx", content)})
    assert time.perf_counter() - started < 2
    assert response.status_code == 400
    assert message in response.content.decode()
    assert count() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [(PARAGRAPHS, "50.000 đoạn văn"), (BROKEN_WORD, "không phải là tài liệu Word")],
    ids=["300000-paragraphs", "broken-xml"],
)
def test_a_crafted_word_file_is_refused_on_the_register_page(client_as, world, content, message):
    client = client_as("province_office")
    started = time.perf_counter()
    response = client.post(
        reverse("documents:register"),
        {"extract": "1", "file": SimpleUploadedFile("van-ban.docx", content)},
    )
    assert time.perf_counter() - started < 2
    assert message in response.content.decode()
    assert Document.objects.count() == 0
