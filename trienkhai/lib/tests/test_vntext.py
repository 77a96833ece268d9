"""Tests for trienkhai.lib.vntext and the trienkhai.formats modules (no Django needed)."""

import importlib
import random
import unicodedata
from datetime import date, datetime
from decimal import Decimal

import pytest

from trienkhai.lib import vntext
from trienkhai.lib.vnformat import (
    format_date,
    format_number,
    format_official_date,
    format_percent,
    parse_date,
    parse_number,
    parse_roman,
    roman,
)
from trienkhai.lib.vntext import (
    clean_line,
    fold_tone_placement,
    nfc,
    normalize_text,
    search_key,
    search_terms,
    sort_key,
    sort_key_text,
)


def nfd(s):
    return unicodedata.normalize("NFD", s)


# Former district-level units of Thanh Hóa plus commune-style names, case and
# tone-placement variants, digits and punctuation: 54 names.
UNIT_NAMES = [
    "Hoằng Hóa",
    "Hậu Lộc",
    "Hà Trung",
    "Bá Thước",
    "Bỉm Sơn",
    "Cẩm Thủy",
    "Đông Sơn",
    "Lang Chánh",
    "Mường Lát",
    "Nga Sơn",
    "Ngọc Lặc",
    "Như Thanh",
    "Như Xuân",
    "Nông Cống",
    "Quan Hóa",
    "Quan Sơn",
    "Quảng Xương",
    "Sầm Sơn",
    "Thạch Thành",
    "Thiệu Hóa",
    "Thọ Xuân",
    "Thường Xuân",
    "Tĩnh Gia",
    "Triệu Sơn",
    "Vĩnh Lộc",
    "Yên Định",
    "Nghi Sơn",
    "Thanh Hóa",
    "Thanh Hoá",
    "THANH HÓA",
    "thanh hóa",
    "Hạc Thành",
    "Hàm Rồng",
    "Đông Tiến",
    "Đông Quang",
    "Dân Lực",
    "Ân Tiến",
    "Ăn Khê",
    "An Nông",
    "Ấp Bắc",
    "Ẩn Sơn",
    "Ba Đình",
    "Hải Tiến",
    "Lam Sơn",
    "Điền Lư",
    "Xuân Lập",
    "Xuân Lâm",
    "Xã 1",
    "Phường 10",
    "Phường 2",
    "Tổ dân phố số 3",
    "Khu phố Bắc-Sơn",
    "Tân Dân",
    "Tam Chung",
]


# ---------------------------------------------------------------------- nfc & clean


def test_nfc_composes_decomposed_text():
    assert nfc(nfd("Thanh Hóa")) == "Thanh Hóa"
    assert len(nfc(nfd("Thanh Hóa"))) == 9


def test_nfc_maps_eth_look_alikes_to_d_bar():
    assert nfc("\u00d0ảng ủy") == "Đảng ủy"
    assert nfc("\u00f0ồng chí") == "đồng chí"
    assert nfc("\u0189ông Sơn") == "Đông Sơn"


def test_nfc_strips_zero_width_characters_and_keeps_spaces():
    assert nfc("\ufeffHoằng\u200b Hóa\u00ad ") == "Hoằng Hóa "
    assert nfc("a\u200b\u0301") == "á"  # a removed ZWSP lets the accent compose


def test_clean_line_collapses_all_whitespace_and_strips_ends():
    assert clean_line("  Ban\tThường\u00a0vụ \n Tỉnh   ủy  ") == "Ban Thường vụ Tỉnh ủy"
    assert clean_line(nfd(" Ðảng ủy ")) == "Đảng ủy"


def test_normalize_text_keeps_lines_but_tidies_them():
    text = "\r\n  Điều 1.  Giao\tnhiệm vụ  \r\n\r\n\r\n- Mục a \u2028- Mục b\n\n"
    assert normalize_text(text) == "Điều 1. Giao nhiệm vụ\n\n- Mục a\n- Mục b"


# ---------------------------------------------------------------- tone placement


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Thanh Hoá", "Thanh Hóa"),
        ("Uỷ ban", "Ủy ban"),
        ("hoà", "hòa"),
        ("khoẻ", "khỏe"),
        ("thuỷ", "thủy"),
        ("uỷ", "ủy"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
        ("Hoạ sĩ, toé nước", "Họa sĩ, tóe nước"),
        ("Đảng uỷ, Uỷ ban, thuỷ lợi.", "Đảng ủy, Ủy ban, thủy lợi."),
    ],
)
def test_fold_tone_placement_moves_old_style_marks_for_open_oa_oe_uy(old, new):
    assert fold_tone_placement(old) == new


@pytest.mark.parametrize(
    "word",
    ["quý", "quỳ", "Quỷ", "hoàn", "thuyền", "huỳnh", "khuỷu", "loẹt", "hòa", "thủy", "Hoàng"],
)
def test_fold_tone_placement_leaves_qu_closed_syllables_and_new_style_alone(word):
    assert fold_tone_placement(word) == word


def test_fold_tone_placement_returns_nfc_for_decomposed_input():
    assert fold_tone_placement(nfd("Thanh Hoá")) == "Thanh Hóa"
    assert fold_tone_placement(nfd("quý")) == "quý"


def test_fold_tone_placement_makes_both_spellings_compare_equal():
    assert fold_tone_placement("Luật Thuỷ sản") == fold_tone_placement("Luật Thủy sản")


# ------------------------------------------------------------------------ search


def test_search_key_drops_diacritics_and_case():
    assert search_key("Hoằng Hóa") == search_key("hoang hoa") == "hoang hoa"
    assert search_key("ĐẢNG ỦY") == "dang uy"


def test_search_key_ignores_tone_mark_placement():
    assert search_key("Thanh Hoá") == search_key("Thanh Hóa") == "thanh hoa"
    assert search_key("Uỷ ban") == search_key("Ủy ban")


def test_search_key_maps_d_bar_and_look_alikes_to_d():
    assert search_key("Đông Sơn đồng") == "dong son dong"
    assert search_key("\u00d0ông \u00f0ồng") == "dong dong"


def test_search_key_treats_nfd_input_like_nfc():
    assert search_key(nfd("Quảng Xương")) == search_key("Quảng Xương") == "quang xuong"


def test_search_key_collapses_punctuation_and_whitespace_to_single_spaces():
    assert search_key("  Số 708-BC/TU,\tngày 06/10/2025  ") == "so 708 bc tu ngay 06 10 2025"
    assert search_key("Hoằng\u200bHóa") == "hoanghoa"  # zero-width joins, not splits
    assert search_key("") == ""
    assert search_key(" -- ") == ""


def test_search_key_keeps_letters_of_other_scripts():
    assert search_key("Москва Straße") == "москва straße"


def test_search_terms_splits_query_into_distinct_keys_in_order():
    assert search_terms("  Hoằng  hóa, HOẰNG ") == ["hoang", "hoa"]
    assert search_terms("") == []


def test_search_terms_match_a_stored_key_as_substrings():
    stored = search_key("Đảng ủy xã Hoằng Tiến, huyện Hoằng Hóa")
    assert all(term in stored for term in search_terms("hoang TIEN đang"))


# ------------------------------------------------------------------------ sorting


def test_sort_key_orders_vietnamese_letters():
    names = ["Đông", "Bá", "Ân", "Ăn", "An", "Dũng", "Yên"]
    assert sorted(names, key=sort_key) == ["An", "Ăn", "Ân", "Bá", "Dũng", "Đông", "Yên"]


def test_sort_key_orders_the_full_alphabet():
    alphabet = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
    shuffled = alphabet[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == alphabet


def test_sort_key_orders_tones_none_huyen_hoi_nga_sac_nang():
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=sort_key) == tones


def test_sort_key_compares_letters_before_tones():
    # Tones are secondary: "mạ" (primary "ma") sorts before "mac".
    assert sorted(["mac", "mạ", "mà"], key=sort_key) == ["mà", "mạ", "mac"]
    assert sorted(["Hòa", "Hoa Lư", "Hóa"], key=sort_key) == ["Hòa", "Hóa", "Hoa Lư"]


def test_sort_key_ignores_case_until_everything_else_is_equal():
    assert sorted(["b", "A", "a", "B"], key=sort_key) == ["a", "A", "b", "B"]
    assert sorted(["Ðông", "đông", "Đà"], key=sort_key) == ["Đà", "đông", "Ðông"]


def test_sort_key_puts_spaces_and_digits_before_letters():
    assert sorted(["Quảng", "Quan Sơn", "Quan"], key=sort_key) == ["Quan", "Quan Sơn", "Quảng"]
    assert sorted(["Xã A", "Xã 2", "Xã 10"], key=sort_key) == ["Xã 10", "Xã 2", "Xã A"]


def test_sort_key_treats_nfd_and_nfc_alike():
    assert sort_key(nfd("Hoằng Hóa")) == sort_key("Hoằng Hóa")


def test_sort_key_orders_former_thanh_hoa_districts():
    expected = [
        "Bá Thước",
        "Bỉm Sơn",
        "Cẩm Thủy",
        "Đông Sơn",
        "Hà Trung",
        "Hậu Lộc",
        "Hoằng Hóa",
        "Lang Chánh",
        "Mường Lát",
        "Nga Sơn",
        "Nghi Sơn",
        "Ngọc Lặc",
        "Như Thanh",
        "Như Xuân",
        "Nông Cống",
        "Quan Hóa",
        "Quan Sơn",
        "Quảng Xương",
        "Sầm Sơn",
        "Thạch Thành",
        "Thiệu Hóa",
        "Thọ Xuân",
        "Thường Xuân",
        "Tĩnh Gia",
        "Triệu Sơn",
        "Vĩnh Lộc",
        "Yên Định",
    ]
    shuffled = expected[:]
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == expected
    assert sorted(expected) != expected  # plain code-point order would be wrong


def test_sort_key_text_sorts_by_code_point_like_sort_key():
    assert len(UNIT_NAMES) >= 50
    by_tuple = sorted(UNIT_NAMES, key=sort_key)
    by_text = sorted(UNIT_NAMES, key=sort_key_text)
    assert by_text == by_tuple
    # ... and by UTF-8 bytes, as a binary / "C" database collation compares.
    assert sorted(UNIT_NAMES, key=lambda s: sort_key_text(s).encode()) == by_tuple


def test_sort_key_text_agrees_with_sort_key_on_every_pair():
    names = UNIT_NAMES + ["ma", "mà", "mả", "mã", "má", "mạ", "Ma", "mac", "Hòa", "Hoá", ""]
    for a in names:
        for b in names:
            assert (sort_key(a) < sort_key(b)) == (sort_key_text(a) < sort_key_text(b)), (a, b)


def test_sort_key_text_is_printable_ascii_without_spaces_and_short():
    for name in UNIT_NAMES:
        key = sort_key_text(name)
        assert key.isascii() and key.isprintable() and " " not in key
        assert len(key) <= 3 * len(name) + 2


def test_sort_key_text_ignores_zero_width_characters():
    assert sort_key_text("Hoằng\u200b Hóa") == sort_key_text("Hoằng Hóa")


def test_every_collation_element_is_three_characters_or_empty():
    for code in [*range(0x0000, 0x0600), *range(0x1E00, 0x2100), *range(0x3000, 0x3100)]:
        assert len(vntext._ELEMENT_TABLE[code]) in (0, 3), hex(code)


# ------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (32637, "32.637"),
        (357760, "357.760"),
        (35599, "35.599"),
        (999, "999"),
        (0, "0"),
        (1234567890, "1.234.567.890"),
        (Decimal("10.24"), "10,24"),
        (Decimal("1.50"), "1,50"),
        (Decimal("1E+3"), "1.000"),
        (-1234.5, "-1.234,5"),
        (0.1, "0,1"),
        (-7, "-7"),
    ],
)
def test_format_number_uses_dot_thousands_and_comma_decimals(value, text):
    assert format_number(value) == text


def test_format_number_rounds_half_up_to_fixed_decimals():
    assert format_number(2.675, 2) == "2,68"
    assert format_number(Decimal("2.5"), 0) == "3"
    assert format_number(1234, 2) == "1.234,00"
    assert format_number(-0.001, 2) == "0,00"
    assert format_number(Decimal("123456789012345678901234567890.5"), 0) == (
        "123.456.789.012.345.678.901.234.567.891"
    )


def test_format_number_rejects_non_numbers():
    for bad in ("12", None, True):
        with pytest.raises(TypeError):
            format_number(bad)
    with pytest.raises(ValueError):
        format_number(float("nan"))


def test_format_percent_takes_a_percent_number():
    assert format_percent(99.16) == "99,16%"
    assert format_percent(Decimal("10.24")) == "10,24%"
    assert format_percent(100) == "100,00%"
    assert format_percent(33.333, 1) == "33,3%"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("32.637", Decimal("32637")),
        ("357.760", Decimal("357760")),
        ("1.234", Decimal("1234")),
        ("1.234.567", Decimal("1234567")),
        ("10,24", Decimal("10.24")),
        ("1,5", Decimal("1.5")),
        ("1,234", Decimal("1.234")),
        ("1.234,5", Decimal("1234.5")),
        ("-1.234,5", Decimal("-1234.5")),
        ("\u22121.234,5", Decimal("-1234.5")),
        (" 32 637 ", Decimal("32637")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("10.24", Decimal("10.24")),
        ("0.125", Decimal("0.125")),
        ("1234.567", Decimal("1234.567")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("1234", Decimal("1234")),
        ("+7", Decimal("7")),
        (",5", Decimal("0.5")),
    ],
)
def test_parse_number_reads_vietnamese_and_unambiguous_plain_numbers(text, value):
    result = parse_number(text)
    assert result == value
    assert isinstance(result, Decimal)


def test_parse_number_keeps_decimal_places():
    assert str(parse_number("10,20")) == "10.20"


def test_parse_number_passes_numbers_through():
    assert parse_number(12) == Decimal(12)
    assert parse_number(0.1) == Decimal("0.1")
    assert parse_number(Decimal("3.5")) == Decimal("3.5")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "abc",
        "12a",
        "1.2.3",
        "1.23.456",
        "1,2,3",
        "1.234.5678",
        "1 2",
        "12 34",
        "1e5",
        "NaN",
        "Infinity",
        "1..2",
        "1,",
        ".",
        "--1",
        "1.234,5.6",
        "٣",
    ],
)
def test_parse_number_rejects_garbage_with_a_vietnamese_message(text):
    with pytest.raises(ValueError, match="^Không phải là số: "):
        parse_number(text)


def test_parse_number_reads_back_what_format_number_writes():
    for value in (
        Decimal("0"),
        Decimal("7"),
        Decimal("1234"),
        Decimal("-98765.4321"),
        Decimal("357760"),
        Decimal("10.24"),
    ):
        assert parse_number(format_number(value)) == value


# -------------------------------------------------------------------------- dates


def test_format_date_zero_pads_day_first():
    assert format_date(date(2021, 11, 5)) == "05/11/2021"
    assert format_date(date(2026, 1, 9)) == "09/01/2026"
    assert format_date(datetime(2025, 6, 27, 14, 30)) == "27/06/2025"


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2021, 11, 5), "ngày 05 tháng 11 năm 2021"),
        (date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        (date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (date(2025, 3, 1), "ngày 01 tháng 3 năm 2025"),
        (date(2025, 6, 27), "ngày 27 tháng 6 năm 2025"),
        (date(2021, 7, 23), "ngày 23 tháng 7 năm 2021"),
        (date(2021, 12, 10), "ngày 10 tháng 12 năm 2021"),
    ],
)
def test_format_official_date_pads_small_days_and_january_february(d, text):
    assert format_official_date(d) == text


def test_format_official_date_puts_the_place_first():
    assert (
        format_official_date(date(2021, 7, 23), place=" Thanh  Hóa ")
        == "Thanh Hóa, ngày 23 tháng 7 năm 2021"
    )


@pytest.mark.parametrize(
    "text",
    [
        "05/11/2021",
        "5/11/2021",
        "5-11-2021",
        "05.11.2021",
        "2021-11-05",
        " 05 / 11 / 2021 ",
        "ngày 5 tháng 11 năm 2021",
        "Ngày 05 tháng 11 năm 2021",
        "ngay 5 thang 11 nam 2021",
        "Thanh Hóa, ngày 05 tháng 11 năm 2021",
        nfd("ngày 5 tháng 11 năm 2021"),
    ],
)
def test_parse_date_reads_day_first_forms(text):
    assert parse_date(text) == date(2021, 11, 5)


def test_parse_date_never_reads_month_first():
    assert parse_date("11/05/2021") == date(2021, 5, 11)
    with pytest.raises(ValueError):
        parse_date("11/31/2021")


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2021",
        "11/31/2021",
        "29/02/2023",
        "00/01/2021",
        "5/11/21",
        "5/11-2021",
        "2021/31/12",
        "",
        "hôm nay",
        "ngày 32 tháng 1 năm 2021",
        "05112021",
        "0/0/0000",
    ],
)
def test_parse_date_rejects_bad_input_with_a_vietnamese_message(text):
    with pytest.raises(ValueError) as excinfo:
        parse_date(text)
    message = str(excinfo.value)
    assert message.startswith("Ngày không hợp lệ: ")
    assert message.endswith("; nhập theo dạng ngày/tháng/năm, ví dụ 05/11/2021")


def test_parse_date_reads_back_both_formats():
    for d in (date(2026, 1, 9), date(2025, 6, 27), date(2000, 12, 31)):
        assert parse_date(format_date(d)) == d
        assert parse_date(format_official_date(d, place="Thanh Hóa")) == d


def test_parse_date_passes_dates_through():
    assert parse_date(date(2021, 11, 5)) == date(2021, 11, 5)
    assert parse_date(datetime(2021, 11, 5, 8, 0)) == date(2021, 11, 5)


# ------------------------------------------------------------------ roman numerals


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "I"),
        (4, "IV"),
        (9, "IX"),
        (13, "XIII"),
        (19, "XIX"),
        (20, "XX"),
        (40, "XL"),
        (1990, "MCMXC"),
        (2026, "MMXXVI"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_roman_and_parse_roman_convert_both_ways(n, text):
    assert roman(n) == text
    assert parse_roman(text) == n
    assert parse_roman(f" {text.lower()} ") == n


def test_roman_round_trips_every_number():
    assert all(parse_roman(roman(n)) == n for n in range(1, 4000))


def test_roman_rejects_numbers_out_of_range():
    for bad in (0, -1, 4000):
        with pytest.raises(ValueError):
            roman(bad)
    with pytest.raises(TypeError):
        roman("19")


@pytest.mark.parametrize("text", ["", "IIII", "IC", "VX", "XIXX", "ABC", "19", "khóa XIX"])
def test_parse_roman_rejects_non_canonical_numerals(text):
    with pytest.raises(ValueError, match="^Không phải là số La Mã: "):
        parse_roman(text)


# ------------------------------------------------------------------ format modules


def test_vi_format_module_is_day_first_with_dot_thousands():
    f = importlib.import_module("trienkhai.formats.vi.formats")
    assert f.DATE_FORMAT == f.SHORT_DATE_FORMAT == "d/m/Y"
    assert f.DATETIME_FORMAT == f.SHORT_DATETIME_FORMAT == "H:i d/m/Y"
    assert f.TIME_FORMAT == "H:i"
    assert f.MONTH_DAY_FORMAT
    assert f.YEAR_MONTH_FORMAT == "m/Y"
    assert f.FIRST_DAY_OF_WEEK == 1
    assert f.DATE_INPUT_FORMATS[0] == "%d/%m/%Y"
    assert f.DATETIME_INPUT_FORMATS[0].startswith("%d/%m/%Y")
    assert f.DECIMAL_SEPARATOR == ","
    assert f.THOUSAND_SEPARATOR == "."
    assert f.NUMBER_GROUPING == 3


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_format_modules_have_no_month_first_input_format(lang):
    f = importlib.import_module(f"trienkhai.formats.{lang}.formats")
    for fmt in [*f.DATE_INPUT_FORMATS, *f.DATETIME_INPUT_FORMATS]:
        assert "%m/%d" not in fmt and "%m-%d-" not in fmt and "%m.%d" not in fmt, fmt
        if "%d" in fmt and "%m" in fmt and "%Y" in fmt:
            assert fmt.index("%d") < fmt.index("%m") or fmt.index("%Y") < fmt.index("%m")
    # Every input format reads an unambiguous day-first date correctly.
    assert datetime.strptime("05/11/2021", f.DATE_INPUT_FORMATS[0]).date() == date(2021, 11, 5)


def test_format_module_input_formats_all_parse_their_own_examples():
    f = importlib.import_module("trienkhai.formats.vi.formats")
    moment = datetime(2021, 11, 5, 14, 30)
    for fmt in f.DATE_INPUT_FORMATS:
        assert datetime.strptime(moment.strftime(fmt), fmt).date() == moment.date()
    for fmt in f.DATETIME_INPUT_FORMATS:
        assert datetime.strptime(moment.strftime(fmt), fmt) == moment
    for fmt in f.TIME_INPUT_FORMATS:
        assert datetime.strptime(moment.strftime(fmt), fmt).time() == moment.time()


def test_file_sizes_read_the_vietnamese_way():
    from trienkhai.lib.vnformat import format_size

    assert format_size(10 * 2**20) == "10 MB"
    assert format_size(3 * 2**19) == "1,5 MB"
    assert format_size(1024) == "1 KB"
    assert format_size(900) == "900 B"
