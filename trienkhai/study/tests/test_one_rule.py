"""Study sessions and learning reports: the page and the API keep one set of rules
(study/services.py) and say the same thing in the same words."""

import html

import pytest
from django.urls import reverse

from trienkhai.study.models import LearningReport, StudySession
from trienkhai.testing import factories as make
from trienkhai.testing import study


@pytest.fixture
def doc(world):
    study.members(world.hoangdong, 120)
    return make.document(world.province, "623-QĐ/TU", "Quyết định ban hành Chương trình du lịch")


def test_more_members_present_than_expected_is_refused_alike_by_the_page_and_the_api(
    client_as, api_as, world, doc
):
    message = "Số đảng viên tham gia (130) lớn hơn số phải tham gia (120)."
    page = client_as("commune_reporter").post(
        reverse("study:create"),
        {
            "unit": world.hoangdong.pk,
            "documents": [doc.pk],
            "held_on": "20/11/2021",
            "kind": "regular",
            "form": "in_person",
            "members_present": "130",
            "others_present": "0",
            "reports_submitted": "0",
        },
    )
    assert page.status_code == 400 and message in html.unescape(page.content.decode())
    api = api_as("commune_reporter").post(
        reverse("study-session-list"),
        {
            "unit": "DU-15997",
            "documents": [str(doc.uid)],
            "held_on": "2021-11-20",
            "members_present": 130,
        },
        format="json",
    )
    assert api.status_code == 400
    assert api.json()["error"]["fields"]["members_present"] == [message]
    assert not StudySession.objects.exists()


def test_a_short_learning_report_is_refused_alike_by_the_page_and_the_api(client_as, api_as, doc):
    message = "Bài thu hoạch quá ngắn (cần ít nhất 50 ký tự)."
    page = client_as("dangvien").post(
        reverse("study:report-create"), {"document": doc.pk, "lessons": "Đã học."}
    )
    assert page.status_code == 400 and message in html.unescape(page.content.decode())
    api = api_as("dangvien").post(
        reverse("learning-report-list"),
        {"document": str(doc.uid), "lessons": "Đã học."},
        format="json",
    )
    assert api.json()["error"]["fields"]["lessons"] == [message]
    assert not LearningReport.objects.exists()


def test_the_same_learning_report_sent_twice_through_the_api_is_stored_once(api_as, doc):
    body = {"document": str(doc.uid), "lessons": study.LESSONS}
    first = api_as("dangvien").post(reverse("learning-report-list"), body, format="json")
    again = api_as("dangvien").post(reverse("learning-report-list"), body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["uid"] == again.json()["uid"]
    assert LearningReport.objects.count() == 1
