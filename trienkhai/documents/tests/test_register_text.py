"""Register from text: what the preview offers as new is what the registry accepts
(registry.find_duplicate, the one rule), and each summary is its own document's."""

import datetime
import re

import pytest
from django.urls import reverse

from trienkhai.documents.models import Document
from trienkhai.testing import documents as docs

pytestmark = [pytest.mark.django_db]

PLAN = "45-KH/HU"
PLAN_TITLE = "triển khai Chương trình chuyển đổi số huyện Hoằng Hóa"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = docs.FAST_HASHERS


@pytest.fixture
def plan(world):
    """45-KH/HU of Huyện ủy Hoằng Hóa, already in the registry."""
    return docs.registered(
        world.hoanghoa,
        PLAN,
        PLAN_TITLE,
        issue_date=datetime.date(2021, 3, 10),
        term="XXIX",
    )


def preview(client, text):
    response = client.post(reverse("documents:register"), {"extract": "1", "text": text})
    assert response.status_code == 200
    return response, {row["symbol"]: (form, row) for form, row in response.context["pairs"]}


def table_row(response, symbol):
    """The HTML of the table row of `symbol`, as the user sees it."""
    html = response.content.decode()
    match = re.search(rf'<tr[^>]*data-symbol="{re.escape(symbol)}".*?</tr>', html, re.S)
    assert match, symbol
    return match.group()


def register_every_row(client, response):
    """The table submitted with every row ticked, as a hasty user would."""
    formset = response.context["formset"]
    data = {"register": "1"}
    for key, value in formset.management_form.initial.items():
        data[f"form-{key}"] = value
    for form in formset.forms:
        for name in form.fields:
            value = form.initial.get(name)
            if hasattr(value, "strftime"):
                value = value.strftime("%d/%m/%Y")
            if value not in (None, "", False):
                data[form.add_prefix(name)] = value
        data[form.add_prefix("selected")] = "on"
    return client.post(reverse("documents:register"), data)


TEXTS = {
    "with its date": (
        f"Thực hiện Kế hoạch số {PLAN} ngày 10/3/2021 của Huyện ủy Hoằng Hóa về {PLAN_TITLE}, "
        "các xã đã xây dựng kế hoạch của mình."
    ),
    "without a date": (
        f"Thực hiện Kế hoạch số {PLAN} của Huyện ủy Hoằng Hóa về {PLAN_TITLE}, "
        "các xã đã xây dựng kế hoạch của mình."
    ),
    "dated another year of the same term": (
        f"Kế hoạch số {PLAN} ngày 04/01/2022 của Ban Thường vụ Huyện ủy Hoằng Hóa (khóa XXIX) "
        f"về {PLAN_TITLE}."
    ),
}


@pytest.mark.parametrize("person", ["province_office", "vanphonghh"])  # district office
@pytest.mark.parametrize("text", TEXTS)
def test_a_document_already_registered_is_marked_as_such_and_not_ticked(
    client_as, plan, person, text
):
    client = client_as(person)
    response, rows = preview(client, TEXTS[text])
    form, row = rows[PLAN]
    assert row["issuing_unit"] == plan.issuing_unit
    assert row["existing"] == plan
    assert not form.initial["selected"]
    shown = table_row(response, PLAN)
    assert "đã có" in shown and plan.get_absolute_url() in shown
    assert "mới" not in shown


@pytest.mark.parametrize("text", TEXTS)
def test_a_document_already_registered_is_never_registered_twice(client_as, plan, text):
    client = client_as("province_office")
    response, _rows = preview(client, TEXTS[text])
    response = register_every_row(client, response)
    assert response.status_code == 400
    assert "Văn bản 45-KH/HU đã có trong sổ đăng ký." in response.content.decode()
    assert Document.objects.filter(symbol=PLAN).count() == 1


def test_the_same_symbol_from_another_district_is_offered_as_new(client_as, plan):
    client = client_as("province_office")
    _response, rows = preview(
        client, f"Kế hoạch số {PLAN} ngày 12/3/2021 của Huyện ủy Nga Sơn về {PLAN_TITLE}."
    )
    form, row = rows[PLAN]
    assert row["issuing_unit"].code == "HU-401"
    assert row["existing"] is None
    assert form.initial["selected"]


def test_the_district_office_names_its_own_plan_without_saying_whose_it_is(client_as, plan):
    client = client_as("vanphonghh")
    _response, rows = preview(client, f"Kế hoạch số {PLAN} về {PLAN_TITLE}.")
    _form, row = rows[PLAN]
    assert row["existing"] == plan


def test_each_summary_in_the_preview_ends_where_the_next_citation_begins(client_as, world):
    client = client_as("province_office")
    text = (
        "Thực hiện Kế hoạch số 45-KH/HU ngày 10/3/2021 của Huyện ủy Hoằng Hóa về triển khai "
        "chương trình chuyển đổi số Quyết định số 621-QĐ/TU ngày 23/7/2021 của Ban Chấp hành "
        "Đảng bộ tỉnh về Chương trình phát triển Khu kinh tế Nghi Sơn. Huyện đã tổ chức "
        "hội nghị quán triệt."
    )
    _response, rows = preview(client, text)
    assert rows["45-KH/HU"][0].initial["title"] == "triển khai chương trình chuyển đổi số"
    assert rows["621-QĐ/TU"][0].initial["title"] == ("Chương trình phát triển Khu kinh tế Nghi Sơn")
