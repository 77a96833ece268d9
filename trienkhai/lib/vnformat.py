"""Vietnamese numbers, dates and Roman numerals, as written in Party and State texts.

Standard library only, like `vntext`.

Numbers
    ``format_number``, ``format_percent``, ``parse_number``: "." groups thousands,
    "," marks decimals (357.760; 10,24%).

Dates
    ``format_date`` (05/11/2021), ``format_official_date`` ("ngày 05 tháng 11 năm 2021"),
    ``parse_date`` (day first, never month first).

Roman numerals
    ``roman`` / ``parse_roman`` for "khóa XIX", "Đại hội lần thứ XX".
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal

from trienkhai.lib.vntext import clean_line, search_key

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


def format_number(value, decimals: int | None = None, *, trim: bool = False) -> str:
    """Format a number the Vietnamese way: "." between thousands, "," before decimals.

    ``format_number(357760) == "357.760"``, ``format_number(Decimal("10.24")) ==
    "10,24"``, ``format_number(-1234.5) == "-1.234,5"``.

    ``decimals=None`` keeps the value's own decimals (a Decimal keeps its
    exponent, a float its shortest repr).  With ``decimals=n`` the value is
    rounded half away from zero (2.675 -> "2,68") and always shows ``n`` decimals.
    ``trim=True`` (without ``decimals``) drops the zeros a stored column pads a value
    with (``trim_zeros``): 40.0000 -> "40", 59.9500 -> "59,95".
    """
    number = _as_decimal(value)
    if trim and decimals is None:
        number = trim_zeros(number)
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


def trim_zeros(value) -> Decimal:
    """A stored decimal without the zeros its column pads it with: 40.0000 → 40,
    59.9500 → 59.95, 1E+3 → 1000 (never an exponent)."""
    number = _as_decimal(value)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1), context=Context(prec=max(28, len(str(number)))))
    return number.normalize()


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


def format_size(n_bytes: int) -> str:
    """A file size as Vietnamese offices write it: "10 MB", "1,5 MB", "512 KB"."""
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n_bytes >= size:
            value = Decimal(n_bytes) / size
            decimals = 0 if value == value.to_integral_value() or value >= 100 else 1
            return f"{format_number(value, decimals)} {unit}"
    return f"{n_bytes} B"
