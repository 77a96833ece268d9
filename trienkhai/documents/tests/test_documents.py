def test_a_state_document_without_issuing_body_or_unit_still_opens(client_as):
    import datetime

    from trienkhai.documents.models import Document

    doc = Document.objects.create(
        system="state",
        kind="NĐ",
        number="99",
        year=2019,
        issuer_code="NĐ-CP",
        symbol="99/2019/NĐ-CP",
        issue_date=datetime.date(2019, 1, 1),
        title="Thử văn bản không có cơ quan ban hành",
    )
    assert client_as("province_office").get(doc.get_absolute_url()).status_code == 200
