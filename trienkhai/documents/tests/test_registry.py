import datetime

import pytest

from trienkhai.documents.models import Document, DocumentLink, Organ
from trienkhai.documents.registry import (
    Draft,
    RegistrationError,
    find_duplicate,
    guess_issuing_unit,
    links_from_text,
    organ_from_body,
    register,
    term_near,
)
from trienkhai.lib.citations import extract
from trienkhai.orgs.models import OrgUnit
from trienkhai.testing import documents as docs

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = docs.FAST_HASHERS


SEED_DOCUMENTS = {
    "621-QĐ/TU": "2021-07-23",
    "623-QĐ/TU": "2021-07-23",
    "22-KH/TU": "2021-07-23",
    "696-QĐ/TU": "2021-09-09",
    "700-QĐ/TU": "2021-09-10",
    "701-QĐ/TU": "2021-09-10",
    "624-QĐ/TU": "2021-07-23",
    "624-KL/TU": "2021-10-04",
    "13-CTr/TU": "2021-04-16",
    "715-QĐ/TU": "2021-09-20",
    "610-KL/TU": "2021-09-20",
    "02-NQ/TU": None,
}


def nghi_son(world, **fields):
    """621-QĐ/TU of the province, as the seed states it (term XIX)."""
    return docs.registered(
        world.province,
        "621-QĐ/TU",
        "Chương trình phát triển Khu kinh tế Nghi Sơn và các Khu công nghiệp",
        issue_date=datetime.date(2021, 7, 23),
        body_text="Ban Chấp hành Đảng bộ tỉnh",
        term="XIX",
        **fields,
    )


def test_demo_registers_the_seeds_documents_with_dates_bodies_and_titles(world):
    assert docs.demo.load() == 12
    found = {d.symbol: d for d in Document.objects.filter(issuing_unit__code="TU-38")}
    assert {
        s: (d.issue_date.isoformat() if d.issue_date else None) for s, d in found.items()
    } == SEED_DOCUMENTS
    assert found["621-QĐ/TU"].organ == Organ.EXECUTIVE
    assert found["715-QĐ/TU"].organ == Organ.STANDING
    assert found["621-QĐ/TU"].title.startswith("Chương trình phát triển Khu kinh tế Nghi Sơn")
    assert found["02-NQ/TU"].term == "XVIII" and found["621-QĐ/TU"].term == "XIX"
    assert docs.demo.load() == 0  # loading again registers nothing twice
    assert Document.objects.count() == 12


def test_demo_links_the_documents_as_the_seed_states(world):
    docs.seed_documents()
    kl610 = Document.objects.get(symbol="610-KL/TU")
    assert DocumentLink.objects.filter(
        source=kl610, target__symbol="02-NQ/TU", kind="continues"
    ).exists()
    steering = OrgUnit.objects.get(code="BCD-CTTT-38")
    assert steering.established_by.symbol == "715-QĐ/TU"
    assert steering.name.startswith("Ban Chỉ đạo thực hiện các chương trình trọng tâm")


def test_party_and_state_documents_show_their_conventional_number_and_date_lines(world):
    doc = nghi_son(world)
    assert doc.number_line == "Số 621-QĐ/TU"
    assert doc.date_line == "Thanh Hóa, ngày 23 tháng 7 năm 2021"
    state = Document(
        system="state",
        symbol="1234/QĐ-UBND",
        kind="QĐ",
        issue_date=datetime.date(2021, 1, 9),
        place="Thanh Hóa",
    )
    assert state.number_line == "Số: 1234/QĐ-UBND"
    assert state.date_line == "Thanh Hóa, ngày 09 tháng 01 năm 2021"


@pytest.mark.parametrize("typed", ["621-QĐ/TU", "621 qd tu", "621-QD/TU", "621/qđ-tu", "621"])
def test_a_symbol_is_found_however_it_is_typed(world, typed):
    nghi_son(world)
    docs.registered(world.province, "623-QĐ/TU", issue_date=datetime.date(2021, 7, 23))
    docs.registered(world.province, "21-KH/TU")
    assert {d.symbol for d in Document.objects.search(typed)} == {"621-QĐ/TU"}


def test_title_words_are_found_without_diacritics(world):
    nghi_son(world)
    docs.registered(
        world.province,
        "623-QĐ/TU",
        "Chương trình phát triển du lịch tỉnh Thanh Hóa giai đoạn 2021-2025",
        issue_date=datetime.date(2021, 7, 23),
    )
    docs.registered(world.hoanghoa, "5-KH/HU", "Kế hoạch phát triển du lịch huyện Hoằng Hóa")
    found = list(Document.objects.search("du lich"))
    assert {d.symbol for d in found} == {"623-QĐ/TU", "5-KH/HU"}
    assert all("du lịch" in d.title for d in found)


def test_registering_twice_is_refused_and_nothing_is_saved(world):
    province = world.province
    nghi_son(world)
    before = Document.objects.count()
    drafts = [
        Draft(
            symbol="999-QĐ/TU",
            issue_date=datetime.date(2021, 5, 5),
            issuing_unit=province,
            title="Một văn bản mới",
        ),
        Draft(
            symbol="621-QĐ/TU",
            issue_date=datetime.date(2021, 7, 23),
            issuing_unit=province,
            title="Trùng",
        ),
    ]
    with pytest.raises(RegistrationError) as exc:
        register(drafts)
    assert exc.value.errors[0][0] == 2 and "đã có trong sổ đăng ký" in exc.value.errors[0][1]
    assert Document.objects.count() == before


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (Draft(symbol="abc", title="x"), "không đúng dạng"),
        (Draft(symbol="5-NQ/TU", title="x", issue_date=datetime.date(2099, 1, 1)), "ở tương lai"),
        (Draft(symbol="5-NQ/TU", title="  "), "Thiếu trích yếu"),
    ],
)
def test_bad_drafts_are_refused_with_a_vietnamese_message(world, draft, message):
    with pytest.raises(RegistrationError) as exc:
        register([draft])
    assert message in exc.value.errors[0][1]
    assert Document.objects.count() == 0


def test_the_same_number_in_another_term_is_a_different_document(world):
    province = world.province
    nghi_son(world)
    assert find_duplicate("621-QĐ/TU", province, datetime.date(2016, 3, 1), "XVIII") is None
    assert find_duplicate("621-QĐ/TU", province, datetime.date(2021, 12, 1)) is not None
    assert find_duplicate("621-QĐ/TU", None, datetime.date(2021, 7, 23)) is None


def test_a_user_may_only_register_for_units_it_may_change(world, persona):
    with pytest.raises(RegistrationError) as exc:
        register(
            [Draft(symbol="45-KH/TU", title="x", issuing_unit=world.province)],
            user=persona("district_reporter"),
        )
    assert "không có quyền" in exc.value.errors[0][1]
    assert not Document.objects.exists()


def test_issuing_units_and_organs_are_guessed_from_the_citation(world):
    commune = world.hoangdong
    assert guess_issuing_unit("TU", commune).code == "TU-38"
    assert guess_issuing_unit("HU", commune).code == "HU-399"
    assert guess_issuing_unit("CP", commune) is None
    assert organ_from_body("Ban Thường vụ Tỉnh ủy") == Organ.STANDING
    assert organ_from_body("Bộ Chính trị") == Organ.POLITBURO
    assert organ_from_body(None, "CP") == Organ.GOVERNMENT


def test_nested_citations_become_links_and_terms_are_read_from_the_text():
    text = (
        "Kết luận số 610-KL/TU, ngày 20/9/2021 của Ban Thường vụ Tỉnh ủy tiếp tục thực hiện "
        "Nghị quyết số 02-NQ/TU của Ban Thường vụ Tỉnh ủy (khóa XVIII) về đổi mới. "
        "Quyết định số 715-QĐ/TU ngày 20/9/2021."
    )
    citations = extract(text)
    assert links_from_text(text, citations) == [("610-KL/TU", "02-NQ/TU", "continues")]
    assert term_near(text, citations[1]) == "XVIII" and term_near(text, citations[0]) == ""
