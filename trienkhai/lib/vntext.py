"""Helpers for Vietnamese text, numbers and dates.

Standard library only: no Django import here, so the module can be used from
models, import scripts, management commands and tests alike.

Text
    ``nfc``              Unicode NFC, look-alike Đ/đ fixed, zero-width characters removed.
    ``clean_line``       ``nfc`` plus whitespace collapsed to single spaces (one line).
    ``normalize_text``   ``nfc`` for multi-line text: lines kept, spaces tidied.
    ``fold_tone_placement``  old-style "hoà/thuỷ" -> new-style "hòa/thủy".
    ``search_key`` / ``search_terms``  accent-insensitive search keys.
    ``sort_key`` / ``sort_key_text``   Vietnamese collation (a < ă < â, d < đ ...).

Numbers
    ``format_number``, ``format_percent``, ``parse_number``: "." groups thousands,
    "," marks decimals (357.760; 10,24%).

Dates
    ``format_date`` (05/11/2021), ``format_official_date`` ("ngày 05 tháng 11 năm 2021"),
    ``parse_date`` (day first, never month first).

Roman numerals
    ``roman`` / ``parse_roman`` for "khóa XIX", "Đại hội lần thứ XX".

Bulk loads call ``search_key`` and ``sort_key_text`` for every row, so both work
with ``str.translate`` over per-character tables that fill themselves on first
use of a character; no regular expression is compiled per call.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cache

__all__ = [
    "clean_line",
    "fold_tone_placement",
    "format_date",
    "format_number",
    "format_official_date",
    "format_percent",
    "nfc",
    "normalize_text",
    "parse_date",
    "parse_number",
    "parse_roman",
    "roman",
    "search_key",
    "search_terms",
    "sort_key",
    "sort_key_text",
]


class _CharTable(dict):
    """A ``str.translate`` table that computes an entry the first time a character is seen.

    ``str.translate`` looks each code point up with ``table[code]``; a missing key
    calls ``__missing__``, which stores the computed replacement so later calls are
    plain dictionary hits.  The table can grow at most to the number of distinct
    characters ever seen.
    """

    __slots__ = ("_compute",)

    def __init__(self, compute):
        super().__init__()
        self._compute = compute

    def __missing__(self, code):
        value = self._compute(chr(code))
        self[code] = value
        return value


# --------------------------------------------------------------------------- text

# Characters that look like Vietnamese Đ/đ but are different code points:
# U+00D0 Ð (Icelandic eth, capital), U+00F0 ð (eth) and U+0189 Ɖ (African D).
_LOOKALIKE_D = {0x00D0: "Đ", 0x00F0: "đ", 0x0189: "Đ"}

# Invisible characters that sneak in from Word, PDFs and web pages.
_ZERO_WIDTH = {
    0x00AD: None,  # soft hyphen
    0x200B: None,  # zero width space
    0x200C: None,  # zero width non-joiner
    0x200D: None,  # zero width joiner
    0x200E: None,  # left-to-right mark
    0x200F: None,  # right-to-left mark
    0x2060: None,  # word joiner
    0xFEFF: None,  # zero width no-break space / byte order mark
}

_NFC_TABLE = {**_LOOKALIKE_D, **_ZERO_WIDTH}


def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC with look-alike characters fixed.

    * Ð (U+00D0) and Ɖ (U+0189) become Đ, ð (U+00F0) becomes đ.  Text in this
      system is Vietnamese, so the eth is always a mistyped d-bar.
    * Zero-width characters (ZWSP, ZWJ, ZWNJ, word joiner, BOM, LRM/RLM, soft
      hyphen) are removed.
    * Whitespace is left exactly as it is (use ``clean_line`` or
      ``normalize_text`` to tidy it).

    NFC does not unify tone placement: "Hoá" and "Hóa" stay different (see
    ``fold_tone_placement``).
    """
    return unicodedata.normalize("NFC", s.translate(_NFC_TABLE))


def clean_line(s: str) -> str:
    """Return ``nfc(s)`` as one line: every whitespace run (newlines, tabs,
    no-break spaces included) becomes one space, and the ends are stripped."""
    return " ".join(nfc(s).split())


def normalize_text(s: str) -> str:
    """Return ``nfc(s)`` for multi-line text such as notes and document bodies.

    Line breaks are kept (``\\r\\n``, ``\\r`` and Unicode line separators become
    ``\\n``); inside each line whitespace runs become one space and line ends are
    stripped; runs of blank lines shrink to one blank line; leading and trailing
    blank lines are removed.
    """
    out: list[str] = []
    for line in nfc(s).splitlines():
        line = " ".join(line.split())
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# Tone marks as combining characters, in Vietnamese collation order:
# huyền (grave), hỏi (hook above), ngã (tilde), sắc (acute), nặng (dot below).
_TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"


def _build_tone_fold():
    """Regex and replacement table for ``fold_tone_placement``."""
    replacements = {}
    for first_letters, second_letters in (("oO", "aAeE"), ("uU", "yY")):
        for first in first_letters:
            for second in second_letters:
                for tone in _TONE_MARKS:
                    old = first + unicodedata.normalize("NFC", second + tone)
                    new = unicodedata.normalize("NFC", first + tone) + second
                    replacements[old] = new
    toned_ae = "".join(sorted({k[1] for k in replacements if k[0] in "oO"}))
    toned_y = "".join(sorted({k[1] for k in replacements if k[0] in "uU"}))
    # Not after "q" (in "quý" the u belongs to the initial "qu"); not followed by a
    # letter or digit (a final consonant or a third vowel: "hoàn", "khuỷu").
    pattern = re.compile(rf"(?<![qQ])(?:[oO][{toned_ae}]|[uU][{toned_y}])(?!\w)")
    return pattern, replacements


_TONE_FOLD_RE, _TONE_FOLD = _build_tone_fold()


def fold_tone_placement(s: str) -> str:
    """Move old-style tone marks to the new-style position; return NFC text.

    Only the open finals oa, oe and uy differ between the two styles:
    "hoà, khoẻ, thuỷ, uỷ, Hoá" become "hòa, khỏe, thủy, ủy, Hóa".  Letter case is
    kept.  Unchanged: "quý", "quỳ" (the u belongs to the initial "qu"), syllables
    with a final consonant or third vowel ("hoàn", "thuyền", "khuỷu"), and text
    already in the new style.
    """
    s = unicodedata.normalize("NFC", s)
    if not _TONE_FOLD_RE.search(s):
        return s
    return _TONE_FOLD_RE.sub(lambda m: _TONE_FOLD[m.group()], s)


# ------------------------------------------------------------------------- search

_D_BAR_CHARS = frozenset("đĐðÐƉ")


def _search_char(ch: str) -> str:
    """Search-key replacement for one character (see ``search_key``)."""
    if ch in _D_BAR_CHARS:
        return "d"
    category = unicodedata.category(ch)
    if category[0] == "M" or category == "Cf":
        return ""  # combining mark (tone, hat, breve...) or zero-width character
    out = []
    for c in unicodedata.normalize("NFD", ch.lower()):
        if unicodedata.category(c)[0] == "M":
            continue
        out.append(c if c.isalnum() else " ")
    return "".join(out)


_SEARCH_TABLE = _CharTable(_search_char)


def search_key(s: str) -> str:
    """Return a key for accent-insensitive, tone-placement-insensitive search.

    Equivalent to: NFD, drop combining marks, map đ/Đ (and look-alikes) to d,
    lowercase, turn every run of non-alphanumeric characters into one space, strip.
    ``search_key("Hoằng Hóa") == search_key("hoang hoa") == "hoang hoa"`` and
    ``search_key("ĐẢNG ỦY") == "dang uy"``.  Works on NFC and NFD input alike.
    """
    return " ".join(s.translate(_SEARCH_TABLE).split())


def search_terms(q: str) -> list[str]:
    """Split a search query into distinct search keys, in order, for AND matching.

    ``search_terms("  Hoằng  hóa, hoằng") == ["hoang", "hoa"]``.
    """
    return list(dict.fromkeys(search_key(q).split()))


# ---------------------------------------------------------------------- collation
#
# The key has three levels, compared one after the other, like ICU/CLDR ``vi``:
#   primary    base letters; a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư; case ignored
#   secondary  tone of each letter: none < huyền < hỏi < ngã < sắc < nặng
#   tertiary   case of each letter: lower < upper
# Every weight is one printable ASCII character above "!" (0x21), which separates
# the levels in ``sort_key_text``; secondary and tertiary weights start at "0"
# (no tone / lower case) so stored keys stay readable.  Letters outside the
# Latin alphabet use their own character as primary weight (above 0x7F, after z).

_LEVEL_SEP = "!"
_PRIMARY_ORDER = (
    [" "]  # whitespace
    # ASCII punctuation and symbols, roughly in CLDR root order
    + list("_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$")
    + ["<other punctuation>", "<other symbol>"]
    + list("0123456789")
    + "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
)
_PRIMARY = {name: chr(0x22 + i) for i, name in enumerate(_PRIMARY_ORDER)}
assert max(_PRIMARY.values()) < "\x7f"

# Marks that turn a base letter into another Vietnamese letter (primary level).
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Non-decomposable Latin letters with a stroke, sorted with their base letter.
_STROKED = {"ø": "o", "ł": "l", "ħ": "h", "ŧ": "t", "ƀ": "b"}
_STROKE = "<stroke>"
# Other (non-Vietnamese) diacritics, secondary level, after the five tones.
_FOREIGN_MARKS = {
    mark: i
    for i, mark in enumerate(
        [
            "\u0308",  # diaeresis
            "\u030a",  # ring above
            "\u0327",  # cedilla
            "\u030c",  # caron
            "\u0304",  # macron
            "\u0306",  # breve (not on a)
            "\u0302",  # circumflex (not on a/e/o)
            "\u031b",  # horn (not on o/u)
            "\u0307",  # dot above
            "\u0328",  # ogonek
            _STROKE,
        ]
    )
}
_OTHER_MARK = len(_FOREIGN_MARKS)  # any other combining mark
_ABSENT = "\x00"  # placeholder inside sort_key only, never in a returned key
_NO_TONE = "0"
_LOWER = "0"
_UPPER = "1"


def _secondary(tone: int, foreign: int | None) -> str:
    """Secondary weight: 0 no mark, 1..5 Vietnamese tones, then foreign marks."""
    weight = tone if foreign is None else 6 + 6 * foreign + tone
    return chr(0x30 + weight)  # "0".."5" for Vietnamese, at most "}" (0x7D)


def _mark_secondary(marks) -> str:
    tone = 0
    foreign = None
    for mark in marks:
        if mark in _TONE_MARKS and not tone:
            tone = _TONE_MARKS.index(mark) + 1
        elif foreign is None:
            foreign = _FOREIGN_MARKS.get(mark, _OTHER_MARK)
    return _secondary(tone, foreign)


@cache  # per-character weights, computed once
def _collation_element(ch: str) -> tuple[str, str, str]:
    """(primary, secondary, tertiary) weights of one NFC character, one character
    each; ``_ABSENT`` where a level has no weight; all three "" if ignorable."""
    ch = _LOOKALIKE_D.get(ord(ch), ch)
    if ch.isspace():
        return _PRIMARY[" "], _NO_TONE, _LOWER
    category = unicodedata.category(ch)
    if category[0] == "M":  # a combining mark left over after NFC: no primary, no case
        return _ABSENT, _mark_secondary(ch), _ABSENT
    if category[0] == "C":  # control, format (zero-width), private use...
        return "", "", ""
    tertiary = _UPPER if ch != ch.lower() else _LOWER
    if category[0] == "N" and unicodedata.decimal(ch, None) is not None:
        return _PRIMARY[str(unicodedata.decimal(ch))], _NO_TONE, tertiary
    if ch in _PRIMARY and category[0] in "PS":
        return _PRIMARY[ch], _NO_TONE, tertiary
    if category[0] == "P":
        return _PRIMARY["<other punctuation>"], _NO_TONE, tertiary
    if category[0] == "S":
        return _PRIMARY["<other symbol>"], _NO_TONE, tertiary

    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0].lower()
    marks = list(decomposed[1:])
    if base in ("đ", *_STROKED) and not marks:
        if base == "đ":
            return _PRIMARY["đ"], _NO_TONE, tertiary
        return _PRIMARY[_STROKED[base]], _mark_secondary([_STROKE]), tertiary
    for mark in marks:
        letter = _LETTER_MARKS.get((base, mark))
        if letter:
            base = letter
            marks.remove(mark)
            break
    primary = _PRIMARY.get(base) if len(base) == 1 and base.isalpha() else None
    if primary is None:
        # Other scripts and letters: by code point, after z.  One character, so
        # that every element stays three characters wide.
        primary = base if len(base) == 1 else decomposed[0]
    return primary, _mark_secondary(marks), tertiary


# One translation gives, for each character, its three weights side by side
# ("" for ignorable characters); slicing with step 3 then separates the levels.
_ELEMENT_TABLE = _CharTable(lambda ch: "".join(_collation_element(ch)))


def sort_key(s: str) -> tuple[str, str, str]:
    """Return a key that sorts strings in Vietnamese order (ICU/CLDR ``vi`` rules).

    Letters: a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z);
    spaces and punctuation before digits, digits before letters (digit by digit,
    so "10" < "9", as ICU does by default).  Case is ignored until everything
    else is equal (then lower < upper); tones are compared after the letters:
    none < huyền < hỏi < ngã < sắc < nặng.  The text is NFC-normalised first and
    Ð/ð look-alikes count as Đ/đ.

    ``sorted(["Đông", "Bá", "Ân", "Ăn", "An"], key=sort_key)``
    gives ``["An", "Ăn", "Ân", "Bá", "Đông"]``.
    """
    elements = unicodedata.normalize("NFC", s).translate(_ELEMENT_TABLE)
    primary, secondary, tertiary = elements[0::3], elements[1::3], elements[2::3]
    if _ABSENT in elements:
        primary = primary.replace(_ABSENT, "")
        tertiary = tertiary.replace(_ABSENT, "")
    return primary, secondary.rstrip(_NO_TONE), tertiary.rstrip(_LOWER)


def sort_key_text(s: str) -> str:
    """Return ``sort_key(s)`` as one string for a database column.

    Plain code-point (or UTF-8 byte) comparison of these strings gives the same
    order as ``sort_key``, so the column can use a binary / "C" collation and
    ``ORDER BY`` it.  Vietnamese and Latin text gives printable ASCII only (no
    spaces); letters of other scripts appear as themselves.  Length is at most
    ``3 * len(s) + 2`` for NFC input.
    """
    primary, secondary, tertiary = sort_key(s)
    return f"{primary}{_LEVEL_SEP}{secondary}{_LEVEL_SEP}{tertiary}".rstrip(_LEVEL_SEP)


# ------------------------------------------------------------------------ numbers


def _as_decimal(value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"Expected int, float or Decimal, got {type(value).__name__}")
    if isinstance(value, float):
        value = Decimal(repr(value))  # shortest repr: 0.1 -> Decimal("0.1")
    else:
        value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"Không phải là số hữu hạn: “{value}”")
    return value


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]]
    parts.extend(digits[i : i + 3] for i in range(head, len(digits), 3))
    return ".".join(parts)


def format_number(value, decimals: int | None = None) -> str:
    """Format a number the Vietnamese way: "." between thousands, "," before decimals.

    ``format_number(357760) == "357.760"``, ``format_number(Decimal("10.24")) ==
    "10,24"``, ``format_number(-1234.5) == "-1.234,5"``.

    ``decimals=None`` keeps the value's own decimals (a Decimal keeps its
    exponent, a float its shortest repr).  With ``decimals=n`` the value is
    rounded half away from zero (2.675 -> "2,68") and always shows ``n`` decimals.
    """
    number = _as_decimal(value)
    if decimals is not None:
        if decimals < 0:
            raise ValueError("decimals must be >= 0")
        digits = len(number.as_tuple().digits)
        context = Context(prec=max(28, digits + decimals + 2))
        number = number.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP, context)
    text = format(number, "f")
    sign = ""
    if text.startswith("-"):
        text = text[1:]
        sign = "-" if number != 0 else ""
    integer, _, fraction = text.partition(".")
    result = sign + _group_thousands(integer)
    return f"{result},{fraction}" if fraction else result


def format_percent(value, decimals: int = 2) -> str:
    """Format a percentage given as a percent number: ``format_percent(99.16) == "99,16%"``."""
    return f"{format_number(value, decimals)}%"


_SPACES = " \u00a0\u202f\u2009\u2007"  # space, no-break, narrow no-break, thin, figure
_NUM_PLAIN = re.compile(r"[0-9]+")
_NUM_DECIMAL = {sep: re.compile(rf"([0-9]*)\{sep}([0-9]+)") for sep in ".,"}
_NUM_GROUPED = {sep: re.compile(rf"[1-9][0-9]{{0,2}}(?:\{sep}[0-9]{{3}})+") for sep in ".,"}
_NUM_GROUPED_DECIMAL = {
    (thou, dec): re.compile(rf"([1-9][0-9]{{0,2}}(?:\{thou}[0-9]{{3}})+)\{dec}([0-9]+)")
    for thou, dec in ((".", ","), (",", "."))
}
_NUM_SPACE_GROUPED = re.compile(rf"([1-9][0-9]{{0,2}}(?:[{_SPACES}][0-9]{{3}})+)(?:[.,]([0-9]+))?")


def parse_number(s) -> Decimal:
    """Parse a number typed the Vietnamese way (or pasted from Excel) into a Decimal.

    Accepted: "32.637" (32637), "10,24", "1.234,5", " 32 637 ", "1 234,5",
    "-5", "−5" (Unicode minus), and unambiguous plain forms:

    * a single comma is always the decimal separator ("1,5" -> 1.5; "1,234" -> 1.234);
    * a single dot followed by exactly three digits, after 1-3 digits not starting
      with 0, groups thousands ("1.234" -> 1234); any other single dot is a
      decimal point ("1234.5", "10.24", "0.125");
    * several dots (or several commas) group thousands and must be well grouped;
    * with both "." and ",", the last one is the decimal separator.

    int, float and Decimal values pass through as Decimal.  Anything else raises
    ``ValueError("Không phải là số: …")``.
    """
    if isinstance(s, int | float | Decimal) and not isinstance(s, bool):
        return _as_decimal(s)
    if not isinstance(s, str):
        raise TypeError(f"Expected str, got {type(s).__name__}")
    text = s.strip()
    sign = ""
    if text[:1] in ("-", "+", "\u2212"):
        sign = "" if text[0] == "+" else "-"
        text = text[1:]
    integer = fraction = None
    if any(c in _SPACES for c in text):
        m = _NUM_SPACE_GROUPED.fullmatch(text)
        if m:
            integer = "".join(c for c in m.group(1) if c not in _SPACES)
            fraction = m.group(2)
    else:
        dots, commas = text.count("."), text.count(",")
        if dots and commas:
            thou, dec = (",", ".") if text.rfind(".") > text.rfind(",") else (".", ",")
            m = _NUM_GROUPED_DECIMAL[thou, dec].fullmatch(text)
            if m:
                integer, fraction = m.group(1).replace(thou, ""), m.group(2)
        elif dots > 1 or commas > 1:
            sep = "." if dots else ","
            if _NUM_GROUPED[sep].fullmatch(text):
                integer = text.replace(sep, "")
        elif dots == 1 and _NUM_GROUPED["."].fullmatch(text):
            integer = text.replace(".", "")
        elif dots or commas:
            m = _NUM_DECIMAL["." if dots else ","].fullmatch(text)
            if m:
                integer, fraction = m.group(1) or "0", m.group(2)
        elif _NUM_PLAIN.fullmatch(text):
            integer = text
    if integer is None:
        raise ValueError(f"Không phải là số: “{s}”")
    return Decimal(f"{sign}{integer}.{fraction}" if fraction else f"{sign}{integer}")


# -------------------------------------------------------------------------- dates


def format_date(d: date) -> str:
    """Format a date as zero-padded dd/mm/yyyy: "05/11/2021".

    A datetime is formatted by its own date; convert aware datetimes to local
    time (Asia/Ho_Chi_Minh) first.
    """
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_official_date(d: date, place: str | None = None) -> str:
    """Format a date as in the heading of a Party or State document.

    Days below 10 and the months January and February are zero-padded, other
    months are not: "ngày 05 tháng 11 năm 2021", "ngày 09 tháng 01 năm 2026",
    "ngày 27 tháng 6 năm 2025".  With ``place``:
    "Thanh Hóa, ngày 23 tháng 7 năm 2021".
    """
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    text = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    place = clean_line(place) if place else ""
    return f"{place}, {text}" if place else text


_DATE_DMY = re.compile(r"([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]{4})")
_DATE_YMD = re.compile(r"([0-9]{4})([/.-])([0-9]{1,2})\2([0-9]{1,2})")
# Matched against search_key(text): "Thanh Hóa, ngày 5 tháng 11 năm 2021"
# -> "thanh hoa ngay 5 thang 11 nam 2021".
_DATE_WORDS = re.compile(r"(?:[^0-9]* )?ngay ([0-9]{1,2}) thang ([0-9]{1,2}) nam ([0-9]{4})")


def parse_date(s) -> date:
    """Parse a date written day first.

    Accepted: "05/11/2021", "5/11/2021", "5-11-2021", "05.11.2021" (day, month,
    4-digit year, one kind of separator), ISO "2021-11-05", and the official
    form "ngày 5 tháng 11 năm 2021" (with or without accents, optionally after
    "<place>, ").  Month-first dates are never accepted: "11/31/2021" is an
    error, "11/05/2021" is 11 May.  A ``date`` is returned as is, a ``datetime``
    as its date.

    Raises ``ValueError("Ngày không hợp lệ: …; nhập theo dạng ngày/tháng/năm,
    ví dụ 05/11/2021")``.
    """
    if isinstance(s, datetime):
        return s.date()
    if isinstance(s, date):
        return s
    if not isinstance(s, str):
        raise TypeError(f"Expected str or date, got {type(s).__name__}")
    text = s.strip()
    day = month = year = None
    if m := _DATE_DMY.fullmatch(text):
        day, month, year = m.group(1), m.group(3), m.group(4)
    elif m := _DATE_YMD.fullmatch(text):
        year, month, day = m.group(1), m.group(3), m.group(4)
    elif m := _DATE_WORDS.fullmatch(search_key(text)):
        day, month, year = m.groups()
    if day is not None:
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            pass
    raise ValueError(f"Ngày không hợp lệ: “{s}”; nhập theo dạng ngày/tháng/năm, ví dụ 05/11/2021")


# ------------------------------------------------------------------ roman numerals

_ROMAN_VALUES = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_ROMAN_RE = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman(n: int) -> str:
    """Return ``n`` (1..3999) in Roman numerals: ``roman(19) == "XIX"`` ("khóa XIX")."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"Expected int, got {type(n).__name__}")
    if not 1 <= n <= 3999:
        raise ValueError(f"Số La Mã chỉ từ 1 đến 3999, không có: {n}")
    out = []
    for value, letters in _ROMAN_VALUES:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def parse_roman(s: str) -> int:
    """Parse a canonical Roman numeral, any case: ``parse_roman("xix") == 19``.

    Non-canonical forms ("IIII", "IC") and anything else raise
    ``ValueError("Không phải là số La Mã: …")``.
    """
    text = s.strip().upper()
    if not text or not _ROMAN_RE.fullmatch(text):
        raise ValueError(f"Không phải là số La Mã: “{s}”")
    total = 0
    previous = 0
    for letter in reversed(text):
        value = _ROMAN_DIGITS[letter]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total
