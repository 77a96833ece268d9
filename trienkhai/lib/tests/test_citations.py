"""Tests of the citation extractor (pure Python, no database).

Corpus: ``corpus/*.json``, texts written for these tests in news and report style,
each with the citations a careful reader finds (symbol and issue date, and where
given body, title, kind, issuer, system).
"""

from __future__ import annotations

import datetime
import io
import json
import pathlib
import unicodedata
from collections import Counter

import pytest

from trienkhai.lib.bench_citations import build_text
from trienkhai.lib.citations import Citation, extract, main, parse_symbol

CORPUS_DIR = pathlib.Path(__file__).parent / "corpus"
SEED = pathlib.Path("/work/shared/seed/000_39c58d648b6ec2be.txt")

BCH = "Ban Chấp hành Đảng bộ tỉnh"
BTV = "Ban Thường vụ Tỉnh ủy"
SEED_EXPECTED = [
    ("621-QĐ/TU", "2021-07-23", BCH),
    ("623-QĐ/TU", "2021-07-23", BCH),
    ("22-KH/TU", "2021-07-23", BCH),
    ("696-QĐ/TU", "2021-09-09", BCH),
    ("700-QĐ/TU", "2021-09-10", BCH),
    ("701-QĐ/TU", "2021-09-10", BCH),
    ("624-QĐ/TU", "2021-07-23", BCH),
    ("624-KL/TU", "2021-10-04", BCH),
    ("13-CTr/TU", "2021-04-16", BCH),
    ("715-QĐ/TU", "2021-09-20", BTV),
    ("610-KL/TU", "2021-09-20", BTV),
    ("02-NQ/TU", None, BTV),
]


def load_corpus() -> list[dict]:
    items = []
    for path in sorted(CORPUS_DIR.glob("*.json")):
        items.extend(json.loads(path.read_text("utf-8")))
    return items


def corpus_text(item: dict) -> str:
    form = item.get("unicode_form")
    return unicodedata.normalize(form, item["text"]) if form else item["text"]


def pairs(cites: list[Citation]) -> list[tuple]:
    return [(c.symbol, c.date.isoformat() if c.date else None) for c in cites]


def one(text: str) -> Citation:
    cites = extract(text)
    assert len(cites) == 1, pairs(cites)
    return cites[0]


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ------------------------------------------------------------------- the seed


@pytest.mark.skipif(not SEED.exists(), reason="shared seed text not present")
def test_seed_paragraph_yields_its_dated_citations_and_the_undated_nested_one():
    cites = extract(SEED.read_text("utf-8"))
    assert [
        (c.symbol, c.date.isoformat() if c.date else None, c.body) for c in cites
    ] == SEED_EXPECTED


@pytest.mark.skipif(not SEED.exists(), reason="shared seed text not present")
def test_seed_titles_name_what_each_document_is_about():
    by_symbol = {c.symbol: c for c in extract(SEED.read_text("utf-8"))}
    assert by_symbol["621-QĐ/TU"].title == (
        "Chương trình phát triển Khu kinh tế Nghi Sơn và các Khu công nghiệp giai đoạn 2021-2025"
    )
    assert by_symbol["624-KL/TU"].title == (
        "tiếp tục tăng cường sự lãnh đạo của Đảng đối với công tác bảo đảm vệ sinh an toàn "
        "thực phẩm trên địa bàn tỉnh đến năm 2025"
    )
    assert by_symbol["715-QĐ/TU"].title.startswith("thành lập Ban Chỉ đạo thực hiện")
    assert by_symbol["610-KL/TU"].title == "tiếp tục thực hiện Nghị quyết số 02-NQ/TU"


def test_paraphrased_seed_paragraph_yields_the_same_citations():
    item = next(i for i in load_corpus() if i["id"] == "mixed-01-seed-paraphrase")
    cites = extract(item["text"])
    assert [
        (c.symbol, c.date.isoformat() if c.date else None, c.body) for c in cites
    ] == SEED_EXPECTED


# ------------------------------------------------------------------- accuracy


def test_corpus_has_at_least_forty_texts_with_unique_ids():
    ids = [i["id"] for i in load_corpus()]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids)


def test_corpus_f1_on_symbols_and_exact_dates_is_at_least_097(capsys):
    sym = Counter()
    both = Counter()
    misses = []
    for item in load_corpus():
        got = extract(corpus_text(item))
        g = Counter(pairs(got))
        e = Counter((x["symbol"], x["date"]) for x in item["expected"])
        gs, es = Counter(c.symbol for c in got), Counter(x["symbol"] for x in item["expected"])
        both.update(tp=sum((g & e).values()), fp=sum((g - e).values()), fn=sum((e - g).values()))
        sym.update(
            tp=sum((gs & es).values()), fp=sum((gs - es).values()), fn=sum((es - gs).values())
        )
        if g != e:
            misses.append((item["id"], dict(e - g), dict(g - e)))
    ps, rs, fs = f1(sym["tp"], sym["fp"], sym["fn"])
    pb, rb, fb = f1(both["tp"], both["fp"], both["fn"])
    with capsys.disabled():
        print(f"\ncorpus symbols:        P={ps:.3f} R={rs:.3f} F1={fs:.3f}")
        print(f"corpus symbol + date:  P={pb:.3f} R={rb:.3f} F1={fb:.3f}")
    assert fs >= 0.97, misses
    assert fb >= 0.97, misses


def test_corpus_attributes_match_where_the_corpus_states_them():
    wrong = []
    for item in load_corpus():
        got = extract(corpus_text(item))
        for exp in item["expected"]:
            match = [
                c
                for c in got
                if c.symbol == exp["symbol"]
                and (c.date.isoformat() if c.date else None) == exp["date"]
            ]
            for key in ("body", "title", "kind", "issuer", "system", "year"):
                if key in exp and match and getattr(match[0], key) != exp[key]:
                    wrong.append((item["id"], exp["symbol"], key, getattr(match[0], key)))
    assert not wrong


def test_every_expected_corpus_symbol_parses_back_to_itself():
    for item in load_corpus():
        for exp in item["expected"]:
            parsed = parse_symbol(exp["symbol"])
            assert parsed is not None and parsed.symbol == exp["symbol"], exp["symbol"]


# ---------------------------------------------------------- canonical symbols


def test_party_symbol_without_hyphen_is_canonicalised():
    assert one("Chương trình số 13 CTr/TU của Tỉnh ủy").symbol == "13-CTr/TU"


def test_numbers_keep_leading_zeros():
    c = one("Nghị quyết số 05-NQ/TU của Tỉnh ủy")
    assert (c.number, c.symbol) == ("05", "05-NQ/TU")


def test_kind_and_issuer_keep_their_printed_case():
    assert one("Chương trình số 15-CTr/TU").kind == "CTr"
    assert one("Nghị quyết số 12-NQ/ThU của Thị ủy").issuer == "ThU"
    assert one("Quyết định số 153/QĐ-TTg").issuer == "TTg"
    assert one("Quy định số 08-QĐi/TW").kind == "QĐi"


def test_lookalike_characters_are_normalised():
    text = (
        "Quyết định số 700-Q\u00d0/TU, Chỉ thị số 12-\u0421T/TU "
        "và Nghị định 30\u20442020\u2044NĐ\u2013CP"
    )
    assert [c.symbol for c in extract(text)] == ["700-QĐ/TU", "12-CT/TU", "30/2020/NĐ-CP"]


def test_tu_with_horn_is_written_tw():
    c = one("Nghị quyết số 18-NQ/TƯ của Ban Chấp hành Trung ương")
    assert (c.symbol, c.issuer, c.system) == ("18-NQ/TW", "TW", "party")


def test_glued_state_code_is_split_into_kind_and_issuer():
    c = one("Nghị định số 108/2014/NĐCP về tinh giản biên chế")
    assert (c.symbol, c.kind, c.issuer, c.year) == ("108/2014/NĐ-CP", "NĐ", "CP", 2014)


def test_state_symbol_with_year_keeps_number_year_kind_issuer():
    c = one("Nghị định số 30/2020/NĐ-CP")
    assert (c.system, c.kind, c.number, c.year, c.issuer) == ("state", "NĐ", "30", 2020, "CP")


def test_state_symbol_without_year_is_number_kind_issuer():
    c = one("Quyết định số 1234/QĐ-UBND của UBND tỉnh")
    assert (c.symbol, c.system, c.kind, c.year, c.issuer) == (
        "1234/QĐ-UBND",
        "state",
        "QĐ",
        None,
        "UBND",
    )


def test_law_has_kind_l_and_the_legislature_as_issuer():
    c = one("Luật số 80/2015/QH13")
    assert (c.symbol, c.kind, c.issuer, c.year) == ("80/2015/QH13", "L", "QH13", 2015)


def test_national_assembly_resolution_takes_its_kind_from_the_words():
    assert one("Nghị quyết số 202/2025/QH15").kind == "NQ"


def test_state_cong_van_has_no_kind_code():
    c = one("Công văn số 4567/UBND-KTTC của UBND tỉnh")
    assert (c.symbol, c.kind, c.issuer, c.system) == ("4567/UBND-KTTC", "CV", "UBND-KTTC", "state")


def test_party_document_laid_out_the_state_way_is_a_party_citation():
    c = one("Chỉ thị số 22/CT-TW của Ban Bí thư")
    assert (c.symbol, c.system, c.issuer) == ("22-CT/TW", "party", "TW")


def test_state_document_laid_out_the_party_way_is_a_state_citation():
    c = one("Quyết định số 1234-QĐ/UBND")
    assert (c.symbol, c.system) == ("1234/QĐ-UBND", "state")


@pytest.mark.parametrize(
    "text,symbol",
    [
        ("Hướng dẫn số 96-HD/BTGTW", "96-HD/BTGTW"),
        ("Hướng dẫn số 31-HD/BTCTW", "31-HD/BTCTW"),
        ("Thông báo số 112-TB/UBKTTW", "112-TB/UBKTTW"),
        ("Hướng dẫn số 36-HD/VPTW", "36-HD/VPTW"),
        ("Quyết định số 09-QĐ/BCĐ", "09-QĐ/BCĐ"),
        ("Hướng dẫn số 94-HD/ĐUK", "94-HD/ĐUK"),
        ("Kế hoạch số 07-KH/ĐU", "07-KH/ĐU"),
        ("Kế hoạch số 45-KH/HU", "45-KH/HU"),
    ],
)
def test_party_issuers_are_recognised(text, symbol):
    c = one(text)
    assert (c.symbol, c.system) == (symbol, "party")


@pytest.mark.parametrize(
    "text,symbol",
    [
        ("Chỉ thị số 16/CT-TTg", "16/CT-TTg"),
        ("Nghị quyết số 178/NQ-HĐND", "178/NQ-HĐND"),
        ("Nghị quyết số 1686/NQ-UBTVQH15", "1686/NQ-UBTVQH15"),
        ("Thông tư số 01/2021/TT-BNV", "01/2021/TT-BNV"),
        ("Thông tư số 32/2018/TT-BGDĐT", "32/2018/TT-BGDĐT"),
        ("Quyết định số 218/QĐ-BYT", "218/QĐ-BYT"),
        ("Thông tư liên tịch số 01/2015/TTLT-BNV-BTC", "01/2015/TTLT-BNV-BTC"),
    ],
)
def test_state_issuers_are_recognised(text, symbol):
    c = one(text)
    assert (c.symbol, c.system) == (symbol, "state")


# ------------------------------------------------------------------------ lists


@pytest.mark.parametrize(
    "text,symbols",
    [
        ("Kế hoạch số 154 & 201/KH-UBND", ["154/KH-UBND", "201/KH-UBND"]),
        ("Nghị quyết số 01, 02-NQ/TU", ["01-NQ/TU", "02-NQ/TU"]),
        ("Thông tư số 01 và 02/2021/TT-BNV", ["01/2021/TT-BNV", "02/2021/TT-BNV"]),
        ("các Quyết định số 1025, 1026 và 1027-QĐ/TU", ["1025-QĐ/TU", "1026-QĐ/TU", "1027-QĐ/TU"]),
    ],
)
def test_a_list_gives_one_citation_per_number(text, symbols):
    assert [c.symbol for c in extract(text)] == symbols


def test_bare_numbers_before_a_symbol_join_it_only_after_so_or_a_kind_word():
    text = "nhiệm kỳ 2020 - 2025, 02-NQ/TU"
    assert [c.symbol for c in extract(text)] == ["02-NQ/TU"]


@pytest.mark.parametrize(
    "text,symbols",
    [
        ("Thông tư 32/2020/TT-BGD&ĐT", ["32/2020/TT-BGDĐT"]),
        ("Quyết định số 12/QĐ-SNN&PTNT", ["12/QĐ-SNNPTNT"]),
        ("Công văn số 567/SYT và Văn bản số 88/VPCP", ["567/SYT", "88/VPCP"]),
        ("các Kế hoạch: 154, 201/KH-UBND", ["154/KH-UBND", "201/KH-UBND"]),
        ("Quyết định số 12 và số 13/QĐ-UBND", ["12/QĐ-UBND", "13/QĐ-UBND"]),
    ],
)
def test_ampersands_lone_agency_codes_and_list_variants(text, symbols):
    assert [c.symbol for c in extract(text)] == symbols


def test_an_agency_code_alone_needs_the_words_cong_van_or_van_ban():
    assert extract("Đề án 06/CP và Khu 3/CP") == []


def test_a_date_after_a_list_applies_to_every_item():
    cites = extract("Nghị quyết số 01, 02-NQ/TU ngày 15/01/2021 của Ban Thường vụ Tỉnh ủy")
    assert pairs(cites) == [("01-NQ/TU", "2021-01-15"), ("02-NQ/TU", "2021-01-15")]
    assert {c.body for c in cites} == {BTV}


def test_list_items_have_spans_on_their_own_numbers():
    text = "Kế hoạch số 154 & 201/KH-UBND"
    assert [text[c.start : c.end] for c in extract(text)] == ["154", "201/KH-UBND"]


# ------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 621-QĐ/TU, ngày 23/7/2021 của Tỉnh ủy",
        "Quyết định số 621-QĐ/TU ngày 23-7-2021",
        "Quyết định số 621-QĐ/TU ngày 23.7.2021",
        "Quyết định số 621-QĐ/TU ngày 23 tháng 7 năm 2021",
        "Quyết định số 621-QĐ/TU (ngày 23/7/2021)",
        "Quyết định ngày 23 tháng 7 năm 2021 số 621-QĐ/TU",
        "Quyết định số 621-QĐ/TU của Ban Chấp hành Đảng bộ tỉnh ngày 23/7/2021",
        "Quyết định số 621-QĐ/TU ký ngày 23/7/2021",
        "Số 621-QĐ/TU\nThanh Hóa, ngày 23 tháng 7 năm 2021",
    ],
)
def test_issue_date_is_read_in_every_written_form(text):
    assert one(text).date == datetime.date(2021, 7, 23)


def test_a_nested_citation_does_not_take_the_date_of_the_one_containing_it():
    cites = extract(
        "Kết luận số 610-KL/TU, ngày 20/9/2021 của Ban Thường vụ Tỉnh ủy tiếp "
        "tục thực hiện Nghị quyết số 02-NQ/TU của Ban Thường vụ Tỉnh ủy (khóa XVIII)"
    )
    assert pairs(cites) == [("610-KL/TU", "2021-09-20"), ("02-NQ/TU", None)]


def test_a_date_before_counts_when_the_sentence_says_a_body_issued_it():
    c = one("Ngày 5/8/2020, Bộ Chính trị ban hành Nghị quyết số 58-NQ/TW về Thanh Hóa.")
    assert (c.date, c.body) == (datetime.date(2020, 8, 5), "Bộ Chính trị")


@pytest.mark.parametrize(
    "text,expected",
    [
        (  # the body before the date
            "Bộ Chính trị ngày 5/8/2020 đã ban hành Nghị quyết số 58-NQ/TW về Thanh Hóa.",
            [("58-NQ/TW", "2020-08-05")],
        ),
        (  # a time of day before the date
            "Chiều 12/3/2024, Thủ tướng Chính phủ đã ký Quyết định số 220/QĐ-TTg.",
            [("220/QĐ-TTg", "2024-03-12")],
        ),
        (  # every document the sentence says the body issued, titles in between
            "Ngày 10/3/2022, UBND tỉnh ban hành Kế hoạch số 45/KH-UBND về thương mại điện tử"
            " và Kế hoạch số 46/KH-UBND về chuyển đổi số.",
            [("45/KH-UBND", "2022-03-10"), ("46/KH-UBND", "2022-03-10")],
        ),
        (  # ... but not what a title says is implemented
            "Ngày 5/8/2020, Tỉnh ủy ban hành Kế hoạch số 45-KH/TU về thực hiện Nghị quyết"
            " Đại hội, Chỉ thị số 05-CT/TW của Bộ Chính trị.",
            [("45-KH/TU", "2020-08-05"), ("05-CT/TW", None)],
        ),
        (  # "cùng ngày" after a chain
            "HĐND tỉnh ban hành Nghị quyết số 20/2023/NQ-HĐND và Nghị quyết số"
            " 21/2023/NQ-HĐND cùng ngày 14/7/2023.",
            [("20/2023/NQ-HĐND", "2023-07-14"), ("21/2023/NQ-HĐND", "2023-07-14")],
        ),
        (  # a date after a quoted title
            'Kết luận số 14-KL/TW "về khuyến khích cán bộ năng động" ngày 22/9/2021'
            " của Bộ Chính trị.",
            [("14-KL/TW", "2021-09-22")],
        ),
        (  # "được <body> ban hành ngày" after a title
            "Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ được Bộ Chính"
            " trị ban hành ngày 22/12/2024.",
            [("57-NQ/TW", "2024-12-22")],
        ),
        (  # a date after a title and before "của <body>", not past a nested citation
            "Kế hoạch số 45-KH/TU về thực hiện Nghị quyết số 06-NQ/TW ngày 24/1/2022"
            " của Bộ Chính trị.",
            [("45-KH/TU", None), ("06-NQ/TW", "2022-01-24")],
        ),
        (  # a parenthesis with a nested citation before the date
            "Nghị quyết số 05-NQ/TU (cụ thể hóa Nghị quyết số 36-NQ/TW của Ban Chấp hành"
            " Trung ương) ngày 10/11/2021.",
            [("05-NQ/TU", "2021-11-10"), ("36-NQ/TW", None)],
        ),
        (  # the issuing conference after the date
            "Nghị quyết số 18-NQ/TW, ngày 25-10-2017, Hội nghị lần thứ sáu Ban Chấp hành"
            " Trung ương Đảng khóa XII.",
            [("18-NQ/TW", "2017-10-25")],
        ),
        (  # letterhead with a place name in lower case
            "TỈNH ỦY QUẢNG BÌNH\nSố 345-BC/TU\nThành phố Đồng Hới, ngày 12 tháng 6 năm 2024",
            [("345-BC/TU", "2024-06-12")],
        ),
    ],
)
def test_issue_dates_in_news_phrasings(text, expected):
    assert pairs(extract(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Kế hoạch số 45/KH-UBND, ngày 20/5/2022, UBND tỉnh tổ chức lễ phát động.",
        "Theo Kế hoạch số 45/KH-UBND, ngày 20/5/2022, tại Hội trường tỉnh, Sở tổ chức hội nghị.",
        "Hội nghị lần thứ 9 Ban Chấp hành khóa XIX ngày 28/6/2022 đã ban hành Nghị quyết số 10-NQ/TU.",
        "Sáng 5/8/2020, Tỉnh ủy tổ chức hội nghị quán triệt Nghị quyết số 58-NQ/TW.",
    ],
)
def test_event_and_meeting_dates_in_news_phrasings_do_not_count(text):
    assert one(text).date is None


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 5/11/2021, Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt Quyết định số 715-QĐ/TU.",
        "Các huyện báo cáo kết quả thực hiện Kế hoạch số 25-KH/TU trước ngày 15/12/2021.",
        "Thông tư số 01/2021/TT-BNV có hiệu lực từ ngày 01/3/2021.",
        "Tại Hội nghị lần thứ tư ngày 18/10/2021, Ban Chấp hành đã thông qua Nghị quyết số 05-NQ/TU.",
        "Nghị quyết số 58-NQ/TW của Bộ Chính trị, ngày 10/8/2023, Tỉnh ủy tổ chức hội nghị sơ kết.",
        "Chỉ thị số 20-CT/TU tháng 7/2021 của Ban Thường vụ Tỉnh ủy.",
        "Quyết định số 621-QĐ/TU ngày 23/7 của Tỉnh ủy.",
    ],
)
def test_event_deadline_effective_meeting_and_partial_dates_do_not_count(text):
    assert one(text).date is None


# ---------------------------------------------------------------- noisy input


@pytest.mark.parametrize(
    "text,symbol",
    [
        ("Quyết định số621-QĐ/TU của Tỉnh ủy", "621-QĐ/TU"),
        ("Quyết định 621-QĐ/TU của Tỉnh ủy", "621-QĐ/TU"),
        ("Kế hoạch số 22-KH/\nTU của Tỉnh ủy", "22-KH/TU"),
        ("Kế hoạch số 22 \u2013 KH / TU", "22-KH/TU"),
        ("Quyết định số 1234 / QĐ - UBND", "1234/QĐ-UBND"),
        ("Kế hoạch số 07-KH/DU của Đảng ủy xã", "07-KH/ĐU"),
        ("Quyết định số 45-QD/HU", "45-QĐ/HU"),
        ("SỐ 12-NQ/TU", "12-NQ/TU"),
    ],
)
def test_noisy_symbols_are_read(text, symbol):
    assert one(text).symbol == symbol


def test_spans_refer_to_the_symbol_in_the_original_string():
    text = "Theo Quyết định số 621-QĐ/TU, ngày 23/7/2021"
    c = one(text)
    assert text[c.start : c.end] == "621-QĐ/TU"


def test_decomposed_input_keeps_spans_on_the_original_string():
    nfc = "Quyết định số 715-QĐ/TU, ngày 20/9/2021 của Ban Thường vụ Tỉnh ủy về việc thành lập"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    c = one(nfd)
    assert (c.symbol, c.date, c.body) == ("715-QĐ/TU", datetime.date(2021, 9, 20), BTV)
    assert unicodedata.normalize("NFC", nfd[c.start : c.end]) == "715-QĐ/TU"
    assert c.end - c.start == len(nfd[c.start : c.end])


def test_decomposed_input_with_several_citations_keeps_every_span():
    nfd = unicodedata.normalize(
        "NFD", "Kế hoạch số 22-KH/TU, ngày 23/7/2021; Thông tư số 01/2021/TT-BNV của Bộ Nội vụ"
    )
    assert [unicodedata.normalize("NFC", nfd[c.start : c.end]) for c in extract(nfd)] == [
        "22-KH/TU",
        "01/2021/TT-BNV",
    ]


# ----------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị kết nối 827 điểm cầu với 32.637 đại biểu.",
        "giai đoạn 2021-2025, quý IV/2021, nhiệm kỳ 2020 - 2025",
        "điện thoại 0237.3852.xxx, số 35 Đại lộ Lê Lợi, Số nhà 12/3",
        "đoạn Km 15+200 trên QL1A",
        "ngày 23/7/2021, 23-7-2021, 23.7.2021",
        "Nghị quyết Đại hội XIII và Nghị quyết Trung ương 4",
        "xe chạy 40 km/h, trực 24/7, 2/3 số xã, COVID-19",
        "Mẫu số 01/BC-TH và Phụ lục 2/KH-UBND",
        "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12",
    ],
)
def test_things_that_are_not_citations_produce_nothing(text):
    assert extract(text) == []


def test_pathological_inputs_finish_and_produce_nothing():
    assert extract("1, " * 20000) == []
    assert extract("1" * 50000 + "/") == []
    assert extract("số " * 20000) == []
    assert extract("A-" * 20000 + "/") == []


# ------------------------------------------------------------- body and title


def test_title_after_ve_viec_drops_the_formula():
    c = one(
        "Quyết định số 715-QĐ/TU, ngày 20/9/2021 của Ban Thường vụ Tỉnh ủy về việc "
        "thành lập Ban Chỉ đạo thực hiện các chương trình trọng tâm; Kết luận khác."
    )
    assert c.title == "thành lập Ban Chỉ đạo thực hiện các chương trình trọng tâm"


def test_title_after_ban_hanh_is_trimmed_at_the_end_of_the_clause():
    cites = extract(
        "Quyết định số 621-QĐ/TU của Ban Chấp hành Đảng bộ tỉnh ban hành Chương "
        "trình phát triển du lịch; Quyết định số 623-QĐ/TU"
    )
    assert cites[0].title == "Chương trình phát triển du lịch"
    assert cites[0].body == BCH


def test_quoted_title_ends_at_its_closing_quote():
    c = one(
        "Chỉ thị số 05-CT/TW của Bộ Chính trị về “Đẩy mạnh học tập và làm theo tư tưởng, "
        "đạo đức, phong cách Hồ Chí Minh”, năm 2022 tỉnh tập trung chuyên đề."
    )
    assert c.title == "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def test_body_is_read_before_the_verb_ban_hanh():
    c = one("Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 18-CT/TU về sinh hoạt chi bộ.")
    assert (c.body, c.title) == (BTV, "sinh hoạt chi bộ")


# ---------------------------------------------------------------- parse_symbol


@pytest.mark.parametrize(
    "typed,symbol,system",
    [
        ("621 qd tu", "621-QĐ/TU", "party"),
        ("621-QD/TU", "621-QĐ/TU", "party"),
        ("621-QĐ/TU", "621-QĐ/TU", "party"),
        ("13 ctr tu", "13-CTr/TU", "party"),
        ("08 qdi tw", "08-QĐi/TW", "party"),
        ("12 nq thu", "12-NQ/ThU", "party"),
        ("22/CT-TW", "22-CT/TW", "party"),
        ("30/2020/nd-cp", "30/2020/NĐ-CP", "state"),
        ("30 2020 nđ cp", "30/2020/NĐ-CP", "state"),
        ("30/2020/NĐCP", "30/2020/NĐ-CP", "state"),
        ("80/2015/qh13", "80/2015/QH13", "state"),
        ("1234 qd ubnd", "1234/QĐ-UBND", "state"),
        ("153/qd-ttg", "153/QĐ-TTg", "state"),
        ("4567/ubnd-kttc", "4567/UBND-KTTC", "state"),
        ("18-NQ/TƯ", "18-NQ/TW", "party"),
    ],
)
def test_parse_symbol_reads_typed_forms(typed, symbol, system):
    c = parse_symbol(typed)
    assert c is not None
    assert (c.symbol, c.system) == (symbol, system)
    assert (c.date, c.body, c.title, c.start, c.end) == (None, None, None, 0, len(typed))


@pytest.mark.parametrize("typed", ["", "621", "qd tu", "23/7/2021", "km 15", "hello world"])
def test_parse_symbol_rejects_what_is_not_a_symbol(typed):
    assert parse_symbol(typed) is None


# ------------------------------------------------------------------------- API


def test_to_dict_is_json_ready_with_iso_dates():
    d = one("Quyết định số 621-QĐ/TU, ngày 23/7/2021 của Ban Chấp hành Đảng bộ tỉnh").to_dict()
    assert list(d) == [
        "system",
        "kind",
        "number",
        "year",
        "issuer",
        "symbol",
        "date",
        "body",
        "title",
        "start",
        "end",
    ]
    assert d["date"] == "2021-07-23"
    assert json.loads(json.dumps(d)) == d


def test_citations_are_frozen():
    c = one("Nghị quyết số 05-NQ/TU")
    with pytest.raises(AttributeError):
        c.number = "06"


def test_extract_of_empty_text_is_empty():
    assert extract("") == []


# ------------------------------------------------------------------------- CLI


def test_cli_json_prints_a_list_of_citation_dicts():
    out = io.StringIO()
    rc = main(
        ["-", "--json"], stdin=io.StringIO("Nghị quyết số 58-NQ/TW, ngày 05-8-2020"), stdout=out
    )
    assert rc == 0
    data = json.loads(out.getvalue())
    assert [(d["symbol"], d["date"]) for d in data] == [("58-NQ/TW", "2020-08-05")]


def test_cli_reads_a_file(tmp_path):
    path = tmp_path / "bai.txt"
    path.write_text("Công văn số 4567/UBND-KTTC ngày 12/4/2022", encoding="utf-8")
    out = io.StringIO()
    assert main([str(path), "--json"], stdout=out) == 0
    assert json.loads(out.getvalue())[0]["symbol"] == "4567/UBND-KTTC"


def test_cli_reports_a_missing_file(tmp_path, capsys):
    assert main([str(tmp_path / "khong-co.txt")], stdout=io.StringIO()) == 2


def test_cli_jsonl_answers_each_line_in_one_process():
    lines = (
        "\n".join(
            json.dumps({"id": i, "text": t}, ensure_ascii=False)
            for i, t in [
                (1, "Kế hoạch số 22-KH/TU"),
                ("b", "không có văn bản nào"),
                (3, "Luật số 80/2015/QH13"),
            ]
        )
        + "\n\n"
    )
    out = io.StringIO()
    assert main(["--jsonl"], stdin=io.StringIO(lines), stdout=out) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == [1, "b", 3]
    assert [[c["symbol"] for c in r["citations"]] for r in rows] == [
        ["22-KH/TU"],
        [],
        ["80/2015/QH13"],
    ]


def test_cli_jsonl_flags_a_bad_line_and_carries_on():
    lines = 'not json\n{"id": 2, "text": "Nghị quyết số 05-NQ/TU"}\n'
    out = io.StringIO()
    assert main(["--jsonl"], stdin=io.StringIO(lines), stdout=out) == 1
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert "error" in rows[0]
    assert rows[1]["citations"][0]["symbol"] == "05-NQ/TU"


def test_cli_plain_output_has_one_line_per_citation():
    out = io.StringIO()
    main(["-"], stdin=io.StringIO("Nghị quyết số 01, 02-NQ/TU ngày 15/01/2021"), stdout=out)
    assert out.getvalue().splitlines() == [
        "01-NQ/TU\t2021-01-15\t-\t-",
        "02-NQ/TU\t2021-01-15\t-\t-",
    ]


# ------------------------------------------------------------------- benchmark


def test_benchmark_text_is_built_from_the_corpus_with_plain_paragraphs():
    text = build_text(60_000)
    assert len(text.encode("utf-8")) >= 60_000
    cites = extract(text)
    assert cites and len(text.encode("utf-8")) / len(cites) > 250  # news-like density


@pytest.mark.parametrize(
    ("typed", "symbol"),
    [
        ('"12-KH/ĐU"', "12-KH/ĐU"),
        ("“621-QĐ/TU”", "621-QĐ/TU"),
        ("№5-NQ/TU", "5-NQ/TU"),
        ("(1) QĐ TU", "1-QĐ/TU"),
    ],
)
def test_a_symbol_in_quotes_brackets_or_after_a_numero_sign_is_read_without_them(typed, symbol):
    assert parse_symbol(typed).symbol == symbol


@pytest.mark.parametrize("typed", ["((", "-", "", "abc 5", "12) x", "№", '""', "(((1"])
def test_odd_text_typed_as_a_symbol_is_not_a_symbol_and_never_an_error(typed):
    found = parse_symbol(typed)
    assert found is None or found.number
