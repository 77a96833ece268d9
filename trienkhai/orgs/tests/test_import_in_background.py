"""A large unit file is imported by the background worker, with its progress on a page
of its own, instead of holding the request; all or nothing as in the request."""

import pytest
from django.urls import reverse

from trienkhai.core.models import ImportJob
from trienkhai.orgs.models import OrgUnit
from trienkhai.orgs.tasks import run_unit_import
from trienkhai.orgs.tests.test_import_export import csv_file, post, row

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.IMPORT_INLINE_ROWS = 2  # three rows make a "large" file here


def three_villages(bad=False):
    return csv_file(
        [
            row("CB-1", "Chi bộ thôn Một", "DU-15997", kind="Chi bộ", level="Cơ sở"),
            row("CB-2", "Chi bộ thôn Hai", "DU-15997", kind="Chi bộ", level="Cơ sở"),
            row("CB-3", "Chi bộ thôn Ba", "XX-404" if bad else "DU-15997", kind="Chi bộ"),
        ]
    )


def test_a_large_file_goes_to_the_worker_and_its_page_follows_it_to_the_end(
    client_as, django_capture_on_commit_callbacks
):
    client = client_as("province_office")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post(client, three_villages())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert len(queued) == 1 and not OrgUnit.objects.filter(code__startswith="CB-").exists()
    waiting = client.get(job.get_absolute_url()).content.decode()
    assert "Đang chờ" in waiting and 'hx-trigger="every 1s"' in waiting and "3 dòng" in waiting

    run_unit_import.call(str(job.uid))  # what the worker does

    done = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "Đã nhập 3 đơn vị mới và cập nhật 0 đơn vị." in done
    assert "every 1s" not in done and reverse("orgs:tree") in done
    assert OrgUnit.objects.filter(code__startswith="CB-").count() == 3


def test_a_large_file_with_a_bad_row_stores_nothing_and_its_page_names_the_row(client_as):
    client = client_as("province_office")
    post(client, three_villages(bad=True))
    job = ImportJob.objects.get()
    run_unit_import.call(str(job.uid))
    job.refresh_from_db()
    assert job.state == "failed" and job.problems[0]["row"] == 4
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Tệp có 1 lỗi, chưa có gì được ghi" in page and "XX-404" in page
    assert not OrgUnit.objects.filter(code__startswith="CB-").exists()


def test_only_the_sender_follows_an_import(client_as):
    post(client_as("province_office"), three_villages())
    job = ImportJob.objects.get()
    assert client_as("district_reporter").get(job.get_absolute_url()).status_code == 404


def test_a_small_file_is_still_imported_in_the_request(client_as, settings):
    settings.IMPORT_INLINE_ROWS = 2000
    response = post(client_as("province_office"), three_villages())
    assert response.status_code == 302 and response["Location"] == reverse("orgs:tree")
    assert OrgUnit.objects.filter(code__startswith="CB-").count() == 3
    assert not ImportJob.objects.exists()


def test_a_large_file_of_bridge_points_is_registered_by_the_worker(client_as, world):
    from trienkhai.conferences.models import BridgePoint
    from trienkhai.conferences.tasks import run_points_import
    from trienkhai.conferences.tests.test_points_import import upload, workbook
    from trienkhai.testing import conferences as meet

    conference = meet.conference(world.province, "Hội nghị quán triệt nghị quyết")
    client = client_as("district_reporter")
    rows = [
        ("DU-15997", f"Điểm cầu thôn {name}", "thôn/tổ dân phố", "", "", "", "")
        for name in ("Một", "Hai", "Ba")
    ]
    response = upload(client, conference, workbook(client, conference, rows))
    job = ImportJob.objects.get(kind="points")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert not BridgePoint.objects.filter(conference=conference).exists()
    run_points_import.call(str(job.uid))
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Đã đăng ký 3 điểm cầu từ tệp Excel." in page
    assert BridgePoint.objects.filter(conference=conference).count() == 3
