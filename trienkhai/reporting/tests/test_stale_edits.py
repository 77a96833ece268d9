"""The same report open in two windows: the second save does not blank the first one's
text. It is refused with what differs, the user's own text kept for them to merge; the
API does the same with ETag and If-Match."""

import re

import pytest
from django.urls import reverse

from trienkhai.core import clock
from trienkhai.programmes.models import Task
from trienkhai.reporting.models import Submission
from trienkhai.testing import reporting as make_reports

pytestmark = [pytest.mark.django_db]
UNIT = "DU-15997"
API = f"/api/v1/reports/units/{UNIT}/2021Q4/"


@pytest.fixture
def opened(client_as, settings):
    """The commune's 2021Q4 report, saved once, as two windows would have it open."""
    settings.TK_TODAY = clock.DEMO_TODAY
    make_reports.tourism()
    make_reports.period("2021Q4")
    client = client_as("commune_reporter")
    url = reverse("reporting:form", args=[UNIT, "2021Q4"])
    client.post(url, {"results": "Bản đầu.", "revision": "0"})
    revision = Submission.objects.get(unit__code=UNIT).revision
    return client, url, revision


def report():
    return Submission.objects.get(unit__code=UNIT, period__code="2021Q4")


def test_the_second_window_is_refused_and_the_first_windows_text_stays(opened):
    client, url, revision = opened
    task = Task.objects.get(lead_unit__code=UNIT)
    first = client.post(
        url, {"results": "Cửa sổ 1: đã họp 12 chi bộ.", "revision": revision, "action": "save"}
    )
    assert first.status_code == 302
    second = client.post(
        url,
        {
            "results": "Cửa sổ 2: số liệu quý.",
            f"task-{task.pk}-progress": "60",
            "revision": revision,
            "action": "save",
        },
    )
    page = second.content.decode()
    assert second.status_code == 409
    assert "đã được lưu ở nơi khác" in page and "Kết quả đạt được" in page
    assert "Cửa sổ 2: số liệu quý." in page  # the user's own text, kept in the form
    assert "Cửa sổ 1: đã họp 12 chi bộ." in page  # beside it, what is stored now
    assert f'name="task-{task.pk}-progress" value="60"' in page
    assert report().results == "Cửa sổ 1: đã họp 12 chi bộ."
    assert not report().tasks.exists()
    # The form moved to the new revision: saving again, after merging, is deliberate.
    now = report().revision
    assert f'name="revision" id="revision" value="{now}"' in page
    merged = client.post(url, {"results": "Gộp cả hai.", "revision": now, "action": "save"})
    assert merged.status_code == 302 and report().results == "Gộp cả hai."


def test_a_stale_autosave_stops_with_a_message_and_writes_nothing(opened):
    client, url, revision = opened
    client.post(url, {"results": "Cửa sổ 1.", "revision": revision}, HTTP_HX_REQUEST="true")
    refused = client.post(
        url, {"results": "Cửa sổ 2.", "revision": revision}, HTTP_HX_REQUEST="true"
    )
    text = refused.content.decode()
    assert "tự lưu đã dừng để không ghi đè" in text
    assert 'id="revision"' not in text  # the window stays on its old revision
    assert report().results == "Cửa sổ 1."


def test_each_autosave_moves_its_window_to_the_new_revision(opened):
    client, url, revision = opened
    saved = client.post(url, {"results": "Một.", "revision": revision}, HTTP_HX_REQUEST="true")
    new = re.search(r'id="revision" value="(\d+)" hx-swap-oob="true"', saved.content.decode())
    assert new and int(new.group(1)) == report().revision == revision + 1
    again = client.post(url, {"results": "Hai.", "revision": new.group(1)}, HTTP_HX_REQUEST="true")
    assert "Đã lưu nháp lúc" in again.content.decode() and report().results == "Hai."


def test_the_api_refuses_a_draft_based_on_an_old_etag_with_412_and_what_differs(opened, api_as):
    client = api_as("commune_reporter")
    uid = report().uid
    read = client.get(f"/api/v1/reports/{uid}/")
    etag = read["ETag"]
    assert etag == f'"{report().revision}"' and read.json()["revision"] == report().revision
    saved = client.put(API, {"results": "Máy A."}, format="json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200 and saved["ETag"] != etag
    stale = client.put(API, {"results": "Máy B."}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    error = stale.json()["error"]
    assert error["code"] == "stale" and "đã được lưu ở nơi khác" in error["message"]
    assert error["fields"]["results"] == ["kết quả đạt được: Máy A."]
    assert stale["ETag"] == saved["ETag"] and report().results == "Máy A."
    fresh = client.put(API, {"results": "Máy B."}, format="json", HTTP_IF_MATCH=stale["ETag"])
    assert fresh.status_code == 200 and report().results == "Máy B."


def test_an_if_match_that_is_no_version_is_refused_with_a_message(opened, api_as):
    response = api_as("commune_reporter").put(
        API, {"results": "x"}, format="json", HTTP_IF_MATCH="hôm qua"
    )
    assert response.status_code == 400
    assert "Phiên bản gửi kèm không hợp lệ" in str(response.json())
