"""A bridge point is registered by one service: the page, the API and the Excel import
refuse the same bad input with the same Vietnamese message, and store nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.orgs.models import OrgUnit
from trienkhai.testing import conferences as meet

pytestmark = [pytest.mark.django_db]

TAKEN = "Hội nghị đã có điểm cầu “Điểm cầu Tỉnh ủy” của đơn vị khác; hãy đặt tên khác."


@pytest.fixture
def conference(world):
    """A province conference tomorrow with the province's main point."""
    conference = meet.conference(world.province, "Hội nghị thử")
    meet.point(conference, world.province, "Điểm cầu Tỉnh ủy", level="province")
    assert conference.points.get().is_main
    return conference


# The province's point name, typed another way, for Hoằng Hóa's own point.
BAD = {"host": "HU-399", "name": "điểm cầu tỉnh ủy ", "level": "district"}


def by_page(client, conference):
    host = OrgUnit.objects.get(code=BAD["host"])
    response = client.post(
        reverse("conferences:point-add", args=[conference.uid]),
        {"host": host.pk, "name": BAD["name"], "level": BAD["level"], "uses_check_in": "on"},
    )
    assert response.status_code == 400
    return response.context["form"].errors["name"][0]


def by_api(client, conference, api_as):
    response = api_as("district_reporter").post(
        reverse("point-list"), {"conference": str(conference.uid), **BAD}, format="json"
    )
    assert response.status_code == 400
    return response.json()["error"]["message"]


def by_import(client, conference):
    template = client.get(reverse("conferences:points-template", args=[conference.uid])).content
    wb = load_workbook(io.BytesIO(template))
    wb["Điểm cầu"].append([BAD["host"], BAD["name"], "Cấp huyện", "", "", "", "Có"])
    buf = io.BytesIO()
    wb.save(buf)
    response = client.post(
        reverse("conferences:points-import", args=[conference.uid]),
        {"file": SimpleUploadedFile("diem-cau.xlsx", buf.getvalue())},
    )
    assert response.status_code == 400
    (error,) = response.context["parsed"].errors
    return error[3]


def test_page_api_and_import_refuse_a_taken_name_with_one_message(client_as, api_as, conference):
    client = client_as("district_reporter")
    messages = {
        "page": by_page(client, conference),
        "api": by_api(client, conference, api_as),
        "import": by_import(client, conference),
    }
    assert messages == {"page": TAKEN, "api": TAKEN, "import": TAKEN}
    assert conference.points.count() == 1


def test_the_page_sent_twice_registers_one_point(client_as, conference, world):
    client = client_as("district_reporter")
    host = world.hoanghoa
    data = {"host": host.pk, "name": "Điểm cầu Huyện ủy", "level": "district"}
    url = reverse("conferences:point-add", args=[conference.uid])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert list(conference.points.filter(host=host).values_list("name", flat=True)) == [
        "Điểm cầu Huyện ủy"
    ]
