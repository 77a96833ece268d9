import datetime

import pytest
from django.urls import reverse

from trienkhai.documents.models import Document, DocumentLink
from trienkhai.testing import documents as docs

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = docs.FAST_HASHERS


def test_documents_are_listed_and_searched_by_symbol_however_typed(api_as, world):
    july_23 = datetime.date(2021, 7, 23)
    docs.registered(world.province, "621-QĐ/TU", "Chương trình Nghi Sơn", issue_date=july_23)
    docs.registered(world.province, "623-QĐ/TU", "Chương trình du lịch", issue_date=july_23)
    body = api_as("commune_reporter").get(reverse("document-list"), {"q": "621 qd tu"}).json()
    assert [d["symbol"] for d in body["results"]] == ["621-QĐ/TU"]
    assert body["results"][0]["number_line"] == "Số 621-QĐ/TU"
    assert body["results"][0]["date_line"] == "Thanh Hóa, ngày 23 tháng 7 năm 2021"


def test_office_creates_a_document_and_a_retry_is_refused_as_a_duplicate(api_as):
    client = api_as("province_office")
    data = {
        "symbol": "35-ct/tu",
        "issue_date": "2021-11-10",
        "issuing_unit": "TU-38",
        "organ": "BTV",
        "title": "Chỉ thị về tăng cường công tác kiểm tra",
    }
    first = client.post(reverse("document-list"), data, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["symbol"] == "35-CT/TU" and first.json()["system"] == "party"
    again = client.post(reverse("document-list"), data, format="json")
    assert again.status_code == 400
    assert "đã có trong sổ đăng ký" in again.json()["error"]["fields"]["symbol"][0]
    assert Document.objects.filter(symbol="35-CT/TU").count() == 1


def test_a_reporter_cannot_create_and_a_district_office_cannot_write_for_the_province(
    api_as, persona
):
    from trienkhai.accounts.models import Role, RoleGrant

    data = {"symbol": "36-CT/TU", "issuing_unit": "TU-38", "title": "x"}
    assert api_as("district_reporter").post(reverse("document-list"), data).status_code == 403
    RoleGrant.objects.create(user=persona("district_reporter"), role=Role.OFFICE)
    response = api_as("district_reporter").post(reverse("document-list"), data)
    assert response.status_code == 400
    assert "issuing_unit" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"symbol": "khong phai ky hieu", "title": "x"}, "symbol"),
        ({"symbol": "37-CT/TU", "issue_date": "2099-01-01", "title": "x"}, "issue_date"),
        ({"symbol": "38-CT/TU"}, "title"),
    ],
)
def test_bad_documents_get_structured_errors(api_as, data, field):
    response = api_as("province_office").post(
        reverse("document-list"), {"issuing_unit": "TU-38", **data}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_links_are_read_both_ways_and_added(api_as):
    client = api_as("province_office")
    docs.seed_documents()
    nq = Document.objects.get(symbol="02-NQ/TU")
    rows = client.get(reverse("document-links", args=[nq.uid])).json()
    assert len(rows) == 1
    assert {"kind": "continues", "direction": "in", "symbol": "610-KL/TU"}.items() <= rows[
        0
    ].items()
    kh = Document.objects.get(symbol="22-KH/TU")
    target = Document.objects.get(symbol="13-CTr/TU")
    response = client.post(
        reverse("document-links", args=[kh.uid]),
        {"kind": "implements", "document": str(target.uid)},
        format="json",
    )
    assert response.status_code == 201
    assert DocumentLink.objects.filter(source=kh, target=target, kind="implements").exists()


def test_citation_extraction_endpoint_returns_the_fields(api_as):
    text = "Ngày 5/8/2020, Bộ Chính trị ban hành Nghị quyết số 58-NQ/TW về xây dựng tỉnh Thanh Hóa."
    response = api_as("commune_reporter").post(
        reverse("api-citations"), {"text": text}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    (c,) = body["citations"]
    assert (c["symbol"], c["date"], c["system"], c["issuer"]) == (
        "58-NQ/TW",
        "2020-08-05",
        "party",
        "TW",
    )
    assert text[c["start"] : c["end"]].startswith("58")


def test_citation_endpoint_refuses_missing_or_huge_text(api_as):
    client = api_as("commune_reporter")
    assert client.post(reverse("api-citations"), {}, format="json").status_code == 400
    huge = client.post(reverse("api-citations"), {"text": "x" * 2_000_001}, format="json")
    assert huge.status_code == 400


def test_a_district_document_is_invisible_to_another_district(api_as, world):
    doc = docs.document(world.hoanghoa, "7-KH/HU", "Kế hoạch")
    assert api_as("outsider").get(reverse("document-detail", args=[doc.uid])).status_code == 404
    assert (
        api_as("commune_reporter").get(reverse("document-detail", args=[doc.uid])).status_code
        == 200
    )


def test_cite_command_reads_json_lines_in_one_process(capsys, monkeypatch):
    import io
    import json

    from django.core.management import call_command

    lines = "\n".join(
        json.dumps({"id": i, "text": t}, ensure_ascii=False)
        for i, t in [
            (1, "Theo Quyết định số 1234/QĐ-UBND ngày 05/11/2021 của UBND tỉnh"),
            (2, "Hội nghị có 827 điểm cầu và 32.637 đại biểu."),
        ]
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(lines + "\n"))
    call_command("cite", "--jsonl")
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert out[0]["id"] == 1 and out[0]["citations"][0]["symbol"] == "1234/QĐ-UBND"
    assert out[0]["citations"][0]["date"] == "2021-11-05"
    assert out[1] == {"id": 2, "citations": []}
