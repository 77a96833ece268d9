import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as WordDocument

from trienkhai.documents.models import Document, DocumentLink
from trienkhai.testing import documents as docs
from trienkhai.testing.documents import seed_text

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = docs.FAST_HASHERS


def formset_post(response):
    """The register table as the browser would submit it, every row as shown."""
    formset = response.context["formset"]
    data = {"register": "1"}
    for key, value in formset.management_form.initial.items():
        data[f"form-{key}"] = value
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            if hasattr(value, "strftime"):
                value = value.strftime("%d/%m/%Y")
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def test_pasting_the_seed_finds_twelve_documents_and_registers_them_in_one_step(client_as):
    client = client_as("province_office")
    response = client.post(reverse("documents:register"), {"extract": "1", "text": seed_text()})
    assert response.status_code == 200
    rows = [row for _form, row in response.context["pairs"]]
    assert len(rows) == 12
    assert all(row["existing"] is None and row["issuing_unit"].code == "TU-38" for row in rows)
    response = client.post(reverse("documents:register"), formset_post(response))
    assert response.status_code == 302
    assert Document.objects.count() == 12
    assert Document.objects.get(symbol="715-QĐ/TU").body_text == "Ban Thường vụ Tỉnh ủy"


def test_already_registered_documents_are_marked_and_not_preselected(client_as):
    client = client_as("province_office")
    docs.seed_documents()
    response = client.post(reverse("documents:register"), {"extract": "1", "text": seed_text()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "đã có" in html
    assert len(response.context["pairs"]) == 12
    assert all(
        row["existing"] is not None and not row["selected"]
        for _form, row in response.context["pairs"]
    )


def test_a_batch_with_one_bad_row_registers_nothing(client_as):
    client = client_as("province_office")
    response = client.post(reverse("documents:register"), {"extract": "1", "text": seed_text()})
    data = formset_post(response)
    data["form-1-issue_date"] = "31/02/2021"
    response = client.post(reverse("documents:register"), data)
    assert response.status_code == 400
    assert Document.objects.count() == 0


def test_a_docx_file_is_read(client_as):
    word = WordDocument()
    word.add_paragraph("Thực hiện Chỉ thị số 05-CT/TU ngày 12/3/2021 của Ban Thường vụ Tỉnh ủy.")
    buf = io.BytesIO()
    word.save(buf)
    upload = SimpleUploadedFile("van-ban.docx", buf.getvalue())
    response = client_as("province_office").post(
        reverse("documents:register"), {"extract": "1", "file": upload}
    )
    assert response.status_code == 200
    rows = [row for _f, row in response.context["pairs"]]
    assert [(r["symbol"], r["issue_date"].isoformat()) for r in rows] == [
        ("05-CT/TU", "2021-03-12")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Hãy dán nội dung hoặc chọn một tệp"),
        (
            {"file": SimpleUploadedFile("x.docx", b"\x89PNG not a word file")},
            "không phải là tài liệu Word",
        ),
        ({"file": SimpleUploadedFile("x.pdf", b"%PDF")}, "Chỉ nhận tệp .txt hoặc .docx"),
        ({"file": SimpleUploadedFile("x.txt", "Nghị quyết".encode("utf-16"))}, "UTF-8"),
        ({"text": "x" * 2_000_001}, "quá dài"),
    ],
)
def test_bad_input_to_the_register_page_gets_a_clear_message(client_as, data, message):
    before = Document.objects.count()
    response = client_as("province_office").post(
        reverse("documents:register"), {"extract": "1", **data}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Document.objects.count() == before


def test_text_without_citations_says_so(client_as):
    response = client_as("province_office").post(
        reverse("documents:register"),
        {
            "extract": "1",
            "text": "Hội nghị có 827 điểm cầu với 32.637 đại biểu, giai đoạn 2021-2025.",
        },
    )
    assert response.status_code == 200
    assert response.context["pairs"] == []
    assert "Không tìm thấy số, ký hiệu văn bản nào" in response.content.decode()


def test_document_page_shows_the_conventions_and_both_sides_of_links(client_as):
    client = client_as("commune_reporter")
    docs.seed_documents()
    doc = Document.objects.get(symbol="610-KL/TU")
    html = client.get(doc.get_absolute_url()).content.decode()
    assert "Số 610-KL/TU" in html and "Thanh Hóa, ngày 20 tháng 9 năm 2021" in html
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html and "02-NQ/TU" in html
    target = Document.objects.get(symbol="02-NQ/TU")
    html = client.get(target.get_absolute_url()).content.decode()
    assert "được tiếp tục thực hiện bởi" in html and "610-KL/TU" in html
    html = client.get(Document.objects.get(symbol="715-QĐ/TU").get_absolute_url()).content.decode()
    assert "Ban Chỉ đạo thực hiện các chương trình trọng tâm" in html


def test_list_filters_by_kind_and_date_range_and_reports_a_bad_date(client_as):
    client = client_as("district_reporter")
    docs.seed_documents()
    response = client.get(reverse("documents:list"), {"kind": "KL"})
    assert {d.symbol for d in response.context["page"]} == {"610-KL/TU", "624-KL/TU"}
    response = client.get(
        reverse("documents:list"), {"date_from": "01/09/2021", "date_to": "10/09/2021"}
    )
    assert {d.symbol for d in response.context["page"]} == {"696-QĐ/TU", "700-QĐ/TU", "701-QĐ/TU"}
    response = client.get(reverse("documents:list"), {"date_from": "2021/31/12"})
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in response.content.decode()


def test_document_list_has_a_fixed_query_count(client_as, world):
    client = client_as("province_office")
    docs.seed_documents()
    for symbol, unit in [
        ("1-KH/HU", world.hoanghoa),
        ("2-KH/HU", world.ngason),
        ("3-KH/ĐU", world.hoangdong),
        ("4-KH/ĐU", world.police),
    ]:
        docs.document(unit, symbol)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("documents:list"))
    assert response.status_code == 200
    assert len(response.context["page"]) == 16
    # session (4), user, scope (3), count, page with issuing units
    assert len(ctx) <= 11


def test_office_adds_a_link_and_a_wrong_target_is_refused(client_as):
    client = client_as("province_office")
    docs.seed_documents()
    doc = Document.objects.get(symbol="22-KH/TU")
    response = client.post(
        reverse("documents:link-add", args=[doc.uid]), {"kind": "implements", "target": "13 ctr tu"}
    )
    assert response.status_code == 302
    assert DocumentLink.objects.filter(source=doc, target__symbol="13-CTr/TU").exists()
    response = client.post(
        reverse("documents:link-add", args=[doc.uid]),
        {"kind": "implements", "target": "9999-QĐ/TU"},
        follow=True,
    )
    assert "Không tìm thấy văn bản này" in response.content.decode()
    assert DocumentLink.objects.filter(source=doc).count() == 1


def test_office_creates_a_state_document_by_hand(client_as):
    client = client_as("province_office")
    response = client.post(
        reverse("documents:create"),
        {
            "symbol": "1234/qd-ubnd",
            "issue_date": "05/11/2021",
            "issuing_unit": "",
            "organ": "UBND",
            "title": "Quyết định về việc phê duyệt kế hoạch",
            "status": "in_force",
            "place": "Thanh Hóa",
        },
    )
    assert response.status_code == 302
    doc = Document.objects.get(symbol="1234/QĐ-UBND")
    assert doc.system == "state" and doc.number_line == "Số: 1234/QĐ-UBND"


def test_a_future_date_and_a_malformed_symbol_are_refused_on_the_form(client_as):
    client = client_as("province_office")
    response = client.post(
        reverse("documents:create"),
        {"symbol": "hello", "issue_date": "01/01/2099", "title": "x", "status": "in_force"},
    )
    assert response.status_code == 400  # the form again, with its messages
    assert not Document.objects.exists()
    html = response.content.decode()
    assert "“hello” không đúng dạng" in html and "Ngày ban hành 01/01/2099 ở tương lai" in html


@pytest.mark.parametrize("typed", ['"12-KH/ĐU"', "(1) QĐ TU", "№5-NQ/TU", "(("])
def test_an_odd_symbol_typed_gets_the_form_back_or_a_search_not_an_error(client_as, typed):
    commune = client_as("commune_reporter")
    assert commune.get(reverse("documents:list"), {"q": typed}).status_code == 200
    client = client_as("province_office")
    response = client.post(
        reverse("documents:create"),
        {"symbol": typed, "issue_date": "01/01/2099", "title": "x", "status": "in_force"},
    )
    assert response.status_code == 400  # refused for its date, with the form again
    assert not Document.objects.exists()
