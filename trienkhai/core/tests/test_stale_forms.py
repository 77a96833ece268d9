"""The same record open in two windows (a task, a target, a document, a study session):
the second save is refused with what differs, the user's own input kept in the form and
the first window's work left as it was; the API does the same with ETag and If-Match."""

import pytest
from django.urls import reverse

from trienkhai.documents.models import Document
from trienkhai.programmes.models import Target, Task
from trienkhai.study.models import StudySession
from trienkhai.testing import factories as make
from trienkhai.testing import study as make_study
from trienkhai.testing.forms import form_data

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def records(world):
    document = make.document(world.province, "05-CTr/TU", "Chương trình phát triển du lịch")
    programme = make.programme(world.province, "Chương trình du lịch", document=document)
    task = make.task(programme, "Xây dựng sản phẩm du lịch")
    target = make.target(programme, "1", "Lượt khách du lịch", plan={2021: 100})
    make_study.members(world.hoangdong, 40)
    session = make_study.session(world.hoangdong, [document])
    return {"task": task, "target": target, "document": document, "session": session}


def pages(records):
    task, target = records["task"], records["target"]
    return {
        "task": ("province_office", reverse("programmes:task-edit", args=[task.uid]), "title"),
        "target": (
            "province_office",
            reverse("programmes:target-edit", args=[target.programme.uid, target.code]),
            "name",
        ),
        "document": (
            "province_office",
            reverse("documents:edit", args=[records["document"].uid]),
            "summary",
        ),
        "session": (
            "commune_reporter",
            reverse("study:edit", args=[records["session"].uid]),
            "note",
        ),
    }


def stored(kind, records, field):
    model = {"task": Task, "target": Target, "document": Document, "session": StudySession}
    return getattr(model[kind].objects.get(pk=records[kind].pk), field)


@pytest.mark.parametrize("kind", ["task", "target", "document", "session"])
def test_the_second_window_is_refused_and_keeps_its_text_and_the_first_windows_stays(
    client_as, records, kind
):
    who, url, field = pages(records)[kind]
    client = client_as(who)
    first, second = (form_data(client.get(url).content.decode()) for _window in range(2))
    assert first["revision"] == second["revision"] != ""
    first[field] = "Nội dung của cửa sổ thứ nhất"
    assert client.post(url, first).status_code == 302
    second[field] = "Nội dung của cửa sổ thứ hai"
    refused = client.post(url, second)
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "đã được lưu ở nơi khác" in page
    assert "Nội dung của cửa sổ thứ hai" in page  # the user's input, kept
    assert "Bản đang lưu: Nội dung của cửa sổ thứ nhất" in page  # beside it, what is stored
    assert stored(kind, records, field) == "Nội dung của cửa sổ thứ nhất"
    # Moved to the new revision: saving again after merging is deliberate.
    merged = form_data(page)
    assert int(merged["revision"]) == stored(kind, records, "revision")
    merged[field] = "Gộp hai cửa sổ"
    assert client.post(url, merged).status_code == 302
    assert stored(kind, records, field) == "Gộp hai cửa sổ"


@pytest.mark.parametrize(
    "kind, url_name, field",
    [("task", "task-detail", "title"), ("document", "document-detail", "summary")],
)
def test_the_api_answers_an_etag_and_refuses_a_write_on_an_old_one_with_412(
    api_as, records, kind, url_name, field
):
    client = api_as("province_office")
    url = reverse(url_name, args=[records[kind].uid])
    read = client.get(url)
    etag = read["ETag"]
    assert etag == f'"{read.json()["revision"]}"'
    saved = client.patch(url, {field: "Máy A"}, format="json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200 and saved["ETag"] != etag
    stale = client.patch(url, {field: "Máy B"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["error"]["code"] == "stale"
    assert list(stale.json()["error"]["fields"]) == [field]
    assert stored(kind, records, field) == "Máy A"
    unchecked = client.patch(url, {field: "Máy C"}, format="json")  # no If-Match: not checked
    assert unchecked.status_code == 200 and stored(kind, records, field) == "Máy C"
