"""Reporting periods (kỳ báo cáo) of the Vietnamese State reporting regime.

Standard library only: no Django import here, so models, forms, reports and tests
share one definition of every period, its data cut-off window and its deadlines.

Kinds and codes
    ==============  ===============  =========================================
    ``Kind``        code             calendar span (``start``..``end``)
    ==============  ===============  =========================================
    ``MONTH``       ``2021-11``      1/11/2021 .. 30/11/2021
    ``QUARTER``     ``2021Q4``       1/10/2021 .. 31/12/2021
    ``HALF``        ``2021S1``       1/1/2021 .. 30/6/2021 (first half only)
    ``NINE_MONTHS`` ``2021M9``       1/1/2021 .. 30/9/2021
    ``YEAR``        ``2021``         1/1/2021 .. 31/12/2021
    ``TERM``        ``2020-2025``    1/1/2020 .. 31/12/2025 (calendar years)
    ==============  ===============  =========================================

    ``parse`` also reads ``2021 q4``, ``Q4/2021``, ``S1/2021``, ``M9/2021``,
    ``11/2021``, ``2021-1`` and ``2020 – 2025``; ``Period.code`` is always the
    canonical form above, so ``parse(p.code) == p``.

Data cut-off window (thời gian chốt số liệu): ``data_from``..``data_to``
    From the decree — Nghị định 09/2019/NĐ-CP, Điều 12:

    * monthly (khoản 1): the 15th of the previous month to the 14th of the
      reporting month (January: 15/12 of the previous year to 14/1);
    * quarterly (khoản 2): the 15th of the month before the quarter to the 14th of
      the last month of the quarter (Q1: 15/12 of the previous year to 14/3);
    * 6 months (khoản 3): first half 15/12 of the previous year to 14/6;
    * annual (khoản 4): 15/12 of the previous year to 14/12.

    This system's extensions, by analogy:

    * 9 months (9 tháng, common in Party reporting, not in the decree):
      15/12 of the previous year to 14/9;
    * term (nhiệm kỳ) ``A-B``: 15/12/A to 14/12/B, i.e. the annual windows of the
      years A+1..B.  Consecutive terms share their boundary year (2015-2020,
      2020-2025), and the figures of that year belong to the term that ends in it,
      so the windows of consecutive terms tile without counting a year twice.

    Second half of the year: the decree also defines a window for "6 tháng cuối
    năm" (15/6 to 14/12), but in practice the second half is reported in the annual
    report, so this system has one ``HALF`` period a year, ``S1``; ``2021S2`` is
    refused with a message pointing to the annual code ``2021``.

Submission deadline (thời hạn gửi báo cáo): ``Period.deadline(level, offsets)``
    From the decree:

    * Điều 13 khoản 1: ministries and provincial People's Committees send periodic
      reports to the Government at the latest on the 25th of the last month of the
      period;  khoản 2: each ministry and province sets the deadlines of its own
      reporting regimes;
    * Điều 8 khoản 5 điểm b: a deadline leaves at least one working day after the
      cut-off, and a report aggregated through several levels states a deadline for
      each level.

    This system's defaults, ``DEFAULT_OFFSETS`` (days after ``data_to``, the 14th):
    grassroots 16th, commune 17th, district 19th, province 22nd, central 25th.  The
    commune, district and province days are those of Thông tư 01/2020/TT-VPCP,
    Điều 11 khoản 4 (17/12, 19/12, 22/12 for an annual report); the central day is
    the decree's limit of the 25th; the grassroots day is this system's choice (one
    day before the commune, two after the cut-off).  An upper unit passes its own
    ``offsets`` (level -> days, any subset of the levels); ``check_offsets``
    validates them for a settings form.  Deadlines are calendar dates and are not
    moved off weekends or public holidays: the decree has no such rule.

Finding periods
    ``periods_of(kind, year)``, ``containing(kind, day)`` and
    ``due_periods(kinds, today, level, offsets)``; see their docstrings for the
    conventions (the second half of a year and the last quarter of a year hold no
    ``HALF`` / ``NINE_MONTHS`` period; terms are aligned to 2020-2025).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from itertools import pairwise

from trienkhai.lib.vnformat import roman

__all__ = [
    "DEFAULT_OFFSETS",
    "KIND_LABELS",
    "LEVELS",
    "LEVEL_LABELS",
    "TERM_ANCHOR",
    "TERM_LENGTH",
    "Kind",
    "Period",
    "check_offsets",
    "containing",
    "due_periods",
    "parse",
    "periods_of",
]


class Kind(StrEnum):
    """The kinds of reporting period (DHIS2's ``period_type``)."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine_months"
    YEAR = "year"
    TERM = "term"


KIND_LABELS = {
    Kind.MONTH: "Tháng",
    Kind.QUARTER: "Quý",
    Kind.HALF: "6 tháng đầu năm",
    Kind.NINE_MONTHS: "9 tháng đầu năm",
    Kind.YEAR: "Năm",
    Kind.TERM: "Nhiệm kỳ",
}

# Lowest first: the order in which reports travel up the tree.  The values are
# those of ``orgs.models.Level``.
LEVELS = ("grassroots", "commune", "district", "province", "central")

LEVEL_LABELS = {
    "grassroots": "Cơ sở",
    "commune": "Cấp xã",
    "district": "Cấp huyện",
    "province": "Cấp tỉnh",
    "central": "Trung ương",
}

# Days after ``data_to`` (always the 14th) by which a unit of each level sends its
# report to the level above.  See the module docstring for which day comes from
# where: 16th (system), 17th/19th/22nd (TT 01/2020/TT-VPCP), 25th (NĐ 09/2019 Đ.13).
DEFAULT_OFFSETS = {
    "grassroots": 2,
    "commune": 3,
    "district": 5,
    "province": 8,
    "central": 11,
}

# Terms are 5 years and consecutive terms share their boundary year: 2015-2020,
# 2020-2025, 2025-2030 (Party congresses and People's Councils).
TERM_ANCHOR = 2020
TERM_LENGTH = 5

# Years outside this range are far more likely to be typing mistakes than periods.
_MIN_YEAR = 1900
_MAX_YEAR = 2100
_MAX_TERM_LENGTH = 10

_CUTOFF_DAY = 14  # Điều 12: windows run from the 15th to the 14th.

# Spelled out rather than ``calendar.month_name``, which follows the process locale.
_EN_MONTHS = ("", *"January February March April May June July August September".split())
_EN_MONTHS += ("October", "November", "December")

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})

# After whitespace is removed and letters are upper-cased.
_YEAR_FIRST_RE = re.compile(r"(\d{4})(?:([QSM])(\d{1,2})|-(\d{1,2})|-(\d{4}))?")
_YEAR_LAST_RE = re.compile(r"(?:([QSM])(\d{1,2})|(\d{1,2}))/(\d{4})")


# -------------------------------------------------------------------------- period


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: its calendar span and its data cut-off window.

    Build periods with ``parse``, ``periods_of`` or ``containing`` rather than by
    hand, so that the fields agree with each other.  Periods of one kind sort in
    time order (the codes are zero-padded).
    """

    kind: Kind
    code: str
    start: date
    end: date
    data_from: date
    data_to: date

    def __str__(self) -> str:
        return self.code

    def label(self, lang: str = "vi") -> str:
        """The period's name as written in reports.

        Vietnamese: "Tháng 11 năm 2021", "Quý IV năm 2021" (Roman quarters, as in
        official documents), "6 tháng đầu năm 2021", "9 tháng đầu năm 2021",
        "Năm 2021", "Nhiệm kỳ 2020-2025".  English (``lang="en"``): "November 2021",
        "Q4 2021", "First half of 2021", "First nine months of 2021", "Year 2021",
        "Term 2020-2025".
        """
        year = self.start.year
        if lang == "vi":
            match self.kind:
                case Kind.MONTH:
                    return f"Tháng {self.start.month} năm {year}"
                case Kind.QUARTER:
                    return f"Quý {roman(_quarter_of(self.start))} năm {year}"
                case Kind.HALF:
                    return f"6 tháng đầu năm {year}"
                case Kind.NINE_MONTHS:
                    return f"9 tháng đầu năm {year}"
                case Kind.YEAR:
                    return f"Năm {year}"
                case Kind.TERM:
                    return f"Nhiệm kỳ {year}-{self.end.year}"
        if lang == "en":
            match self.kind:
                case Kind.MONTH:
                    return f"{_EN_MONTHS[self.start.month]} {year}"
                case Kind.QUARTER:
                    return f"Q{_quarter_of(self.start)} {year}"
                case Kind.HALF:
                    return f"First half of {year}"
                case Kind.NINE_MONTHS:
                    return f"First nine months of {year}"
                case Kind.YEAR:
                    return f"Year {year}"
                case Kind.TERM:
                    return f"Term {year}-{self.end.year}"
        raise ValueError(f"Ngôn ngữ “{lang}” không được hỗ trợ (chỉ có “vi” và “en”).")

    def contains(self, day: date) -> bool:
        """Whether ``day`` lies in the calendar span ``start``..``end`` (both included).

        Not the data window: 20/11/2021 is in the period 2021-11 although its
        figures are cut off into 2021-12's report.
        """
        return self.start <= _as_date(day) <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before this one.

        2021-01 -> 2020-12, 2021Q1 -> 2020Q4, 2021S1 -> 2020S1, 2021M9 -> 2020M9,
        2021 -> 2020; a term -> the term of the same length ending in its first
        year (2020-2025 -> 2015-2020).
        """
        return self._shift(-1)

    def next(self) -> Period:
        """The period of the same kind just after this one (see ``previous``)."""
        return self._shift(1)

    def deadline(self, level: str, offsets: Mapping[str, int] | None = None) -> date:
        """The date by which a unit of ``level`` sends its report for this period.

        ``data_to`` plus the level's number of days: from ``offsets`` when it names
        the level, otherwise from ``DEFAULT_OFFSETS`` (commune 17th, district 19th,
        province 22nd of the period's last data month; see the module docstring for
        the sources).  An offset below 1 is refused: NĐ 09/2019, Điều 8 khoản 5
        điểm b, leaves at least one working day after the cut-off.
        """
        _check_level(level)
        days = DEFAULT_OFFSETS[level] if offsets is None else offsets.get(level)
        if days is None:
            days = DEFAULT_OFFSETS[level]
        _check_offset(level, days)
        return self.data_to + timedelta(days=days)

    def _shift(self, step: int) -> Period:
        year = self.start.year
        match self.kind:
            case Kind.MONTH:
                index = year * 12 + self.start.month - 1 + step
                return _month(index // 12, index % 12 + 1)
            case Kind.QUARTER:
                index = year * 4 + _quarter_of(self.start) - 1 + step
                return _quarter(index // 4, index % 4 + 1)
            case Kind.HALF:
                return _half(year + step)
            case Kind.NINE_MONTHS:
                return _nine_months(year + step)
            case Kind.YEAR:
                return _year(year + step)
            case Kind.TERM:
                length = self.end.year - year
                return _term(year + step * length, self.end.year + step * length)
        raise AssertionError(self.kind)  # pragma: no cover - every kind is matched


# ----------------------------------------------------------------------- builders


def _check_year(year: int) -> None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValueError(f"Năm {year} nằm ngoài khoảng {_MIN_YEAR}–{_MAX_YEAR}.")


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _window_from_month(year: int, month: int) -> date:
    """The 15th of the month before (year, month): where Điều 12 windows begin."""
    if month == 1:
        return date(year - 1, 12, _CUTOFF_DAY + 1)
    return date(year, month - 1, _CUTOFF_DAY + 1)


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _month(year: int, month: int) -> Period:
    _check_year(year)
    return Period(
        Kind.MONTH,
        f"{year}-{month:02d}",
        date(year, month, 1),
        _last_day(year, month),
        _window_from_month(year, month),  # Điều 12 khoản 1
        date(year, month, _CUTOFF_DAY),
    )


def _quarter(year: int, quarter: int) -> Period:
    _check_year(year)
    first, last = 3 * quarter - 2, 3 * quarter
    return Period(
        Kind.QUARTER,
        f"{year}Q{quarter}",
        date(year, first, 1),
        _last_day(year, last),
        _window_from_month(year, first),  # Điều 12 khoản 2
        date(year, last, _CUTOFF_DAY),
    )


def _from_january(kind: Kind, code: str, year: int, last_month: int) -> Period:
    """A period from January to ``last_month`` with the window 15/12 prev .. 14/last."""
    _check_year(year)
    return Period(
        kind,
        code,
        date(year, 1, 1),
        _last_day(year, last_month),
        date(year - 1, 12, _CUTOFF_DAY + 1),
        date(year, last_month, _CUTOFF_DAY),
    )


def _half(year: int) -> Period:
    return _from_january(Kind.HALF, f"{year}S1", year, 6)  # Điều 12 khoản 3


def _nine_months(year: int) -> Period:
    return _from_january(Kind.NINE_MONTHS, f"{year}M9", year, 9)  # by analogy


def _year(year: int) -> Period:
    return _from_january(Kind.YEAR, f"{year}", year, 12)  # Điều 12 khoản 4


def _term(first: int, last: int) -> Period:
    _check_year(first)
    _check_year(last)
    if not 1 <= last - first <= _MAX_TERM_LENGTH:
        raise ValueError(f"Nhiệm kỳ phải kết thúc sau năm bắt đầu từ 1 đến {_MAX_TERM_LENGTH} năm.")
    return Period(
        Kind.TERM,
        f"{first}-{last}",
        date(first, 1, 1),
        date(last, 12, 31),
        # The boundary year's figures belong to the term that ends in it.
        date(first, 12, _CUTOFF_DAY + 1),
        date(last, 12, _CUTOFF_DAY),
    )


# ------------------------------------------------------------------------- parsing


def _invalid(code: str, hint: str = "") -> ValueError:
    message = f"Mã kỳ báo cáo “{code}” không hợp lệ."
    return ValueError(f"{message} {hint}" if hint else message)


def parse(code: str) -> Period:
    """The period named by ``code``.

    Canonical codes: ``2021-11`` (month), ``2021Q4`` (quarter), ``2021S1`` (first
    half), ``2021M9`` (first nine months), ``2021`` (year), ``2020-2025`` (term).
    Case, spaces and dashes are forgiven ("2021 q4", "2020 – 2025"), and the
    year may come last after a slash ("Q4/2021", "S1/2021", "M9/2021", "11/2021").
    Anything else raises ``ValueError("Mã kỳ báo cáo “…” không hợp lệ.")``;
    ``2021S2`` adds that the second half is reported in the annual report.
    Years run from 1900 to 2100; a term lasts 1 to 10 years.
    """
    if not isinstance(code, str):
        raise TypeError(f"Expected str, got {type(code).__name__}")
    shown = code.strip()
    text = "".join(shown.translate(_DASHES).split()).upper()
    year_first = _YEAR_FIRST_RE.fullmatch(text)
    year_last = None if year_first else _YEAR_LAST_RE.fullmatch(text)
    if year_first:
        year_text, letter, number, month, last_year = year_first.groups()
    elif year_last:
        letter, number, month, year_text = year_last.groups()
        last_year = None
    else:
        raise _invalid(shown)
    year = int(year_text)
    try:
        if letter == "Q" and 1 <= int(number) <= 4:
            return _quarter(year, int(number))
        if letter == "S" and int(number) == 1:
            return _half(year)
        if letter == "S" and int(number) == 2:
            raise _invalid(
                shown,
                f"Nửa cuối năm được báo cáo trong báo cáo năm (“{year}”); "
                f"kỳ 6 tháng chỉ có 6 tháng đầu năm (“{year}S1”).",
            )
        if letter == "M" and int(number) == 9:
            return _nine_months(year)
        if letter:
            raise _invalid(shown)
        if month is not None:
            if not 1 <= int(month) <= 12:
                raise _invalid(shown)
            return _month(year, int(month))
        if last_year is not None:
            return _term(year, int(last_year))
        return _year(year)
    except ValueError as error:
        if str(error).startswith("Mã kỳ báo cáo"):
            raise
        raise _invalid(shown, str(error)) from None


# ------------------------------------------------------------------------ finding


def _as_date(day: date) -> date:
    return day.date() if isinstance(day, datetime) else day


def periods_of(kind: Kind | str, year: int) -> list[Period]:
    """All periods of ``kind`` in ``year``, in time order.

    12 months, 4 quarters, 1 half (S1: this system has no S2, see the module
    docstring), 1 nine-months, 1 year.  Terms: those whose calendar span includes
    the year — one, or two in a boundary year (2025: 2020-2025 and 2025-2030).
    """
    kind = Kind(kind)
    match kind:
        case Kind.MONTH:
            return [_month(year, m) for m in range(1, 13)]
        case Kind.QUARTER:
            return [_quarter(year, q) for q in range(1, 5)]
        case Kind.HALF:
            return [_half(year)]
        case Kind.NINE_MONTHS:
            return [_nine_months(year)]
        case Kind.YEAR:
            return [_year(year)]
        case Kind.TERM:
            term = _aligned_term(year)
            if term.end.year == year:
                return [term, term.next()]
            return [term]
    raise AssertionError(kind)  # pragma: no cover - every kind is matched


def _aligned_term(year: int) -> Period:
    """The aligned 5-year term holding ``year``; a boundary year goes to the term
    ending in it (2025 -> 2020-2025), whose end-of-term report covers that year."""
    last = year + (TERM_ANCHOR - year) % TERM_LENGTH
    return _term(last - TERM_LENGTH, last)


def containing(kind: Kind | str, day: date) -> Period:
    """The period of ``kind`` whose calendar span holds ``day``.

    Terms are aligned 5-year terms (2015-2020, 2020-2025, 2025-2030): a day in a
    boundary year belongs to the term ending in that year, so 2025-06-01 gives
    2020-2025 and 2026-01-01 gives 2025-2030.  A day from July to December holds no
    ``HALF`` period and a day from October to December no ``NINE_MONTHS`` period:
    these raise ``ValueError`` (the annual period covers them).
    """
    kind = Kind(kind)
    day = _as_date(day)
    match kind:
        case Kind.MONTH:
            return _month(day.year, day.month)
        case Kind.QUARTER:
            return _quarter(day.year, _quarter_of(day))
        case Kind.HALF | Kind.NINE_MONTHS:
            period = _half(day.year) if kind is Kind.HALF else _nine_months(day.year)
            if not period.contains(day):
                raise ValueError(
                    f"Ngày {day:%d/%m/%Y} không thuộc kỳ "
                    f"{KIND_LABELS[kind]} nào; hãy dùng kỳ năm “{day.year}”."
                )
            return period
        case Kind.YEAR:
            return _year(day.year)
        case Kind.TERM:
            return _aligned_term(day.year)
    raise AssertionError(kind)  # pragma: no cover - every kind is matched


def _latest_closed(kind: Kind, today: date) -> Period:
    """The latest period of ``kind`` whose data window closed before ``today``."""
    if kind is Kind.TERM:
        period = _aligned_term(today.year)
    else:
        period = periods_of(kind, today.year)[-1]
    while period.data_to >= today:
        period = period.previous()
    return period


def due_periods(
    kinds: Iterable[Kind | str],
    today: date,
    level: str,
    offsets: Mapping[str, int] | None = None,
) -> list[Period]:
    """The periods a unit of ``level`` should be reporting, or have reported, by ``today``.

    For each kind in ``kinds`` (duplicates ignored): the most recent period whose
    data window has closed, ``data_to < today``.  On 15/11/2021 that is 2021-11
    (window closed 14/11), 2021Q3, 2021S1, 2021M9, 2020 and 2015-2020; on
    14/11/2021 it is still 2021-10.  Its deadline for ``level`` may be ahead
    (report in preparation) or past (late if not submitted): the caller compares
    with the submissions.  The result is sorted by that deadline, most urgent
    first, then by kind in ``Kind`` order.
    """
    _check_level(level)
    today = _as_date(today)
    order = list(Kind)
    chosen = list(dict.fromkeys(Kind(k) for k in kinds))
    periods = [_latest_closed(kind, today) for kind in chosen]
    return sorted(periods, key=lambda p: (p.deadline(level, offsets), order.index(p.kind)))


# ------------------------------------------------------------------------- levels


def _check_level(level: str) -> None:
    if level not in LEVEL_LABELS:
        raise ValueError(f"Cấp “{level}” không hợp lệ; dùng một trong: {', '.join(LEVELS)}.")


def _check_offset(level: str, days: object) -> None:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"Expected int days for {level}, got {type(days).__name__}")
    if days < 1:
        raise ValueError(
            f"Thời hạn của {LEVEL_LABELS[level].lower()} phải sau ngày chốt số liệu "
            f"ít nhất 1 ngày (đang là {days})."
        )


def check_offsets(offsets: Mapping[str, int]) -> dict[str, int]:
    """Validate an upper unit's own deadlines; return them merged over the defaults.

    Every level named must be known, every offset at least 1 day (NĐ 09/2019,
    Điều 8 khoản 5 điểm b), and after merging each level must report strictly
    later than the level below it, so the lowest level reports first and each
    level has time to aggregate.  Raises ``ValueError`` with a Vietnamese message.
    ``Period.deadline`` itself does not require the order, because the offsets of
    different levels may come from different upper units.
    """
    merged = dict(DEFAULT_OFFSETS)
    for level, days in offsets.items():
        _check_level(level)
        _check_offset(level, days)
        merged[level] = days
    for lower, upper in pairwise(LEVELS):
        if merged[upper] <= merged[lower]:
            raise ValueError(
                f"Thời hạn của {LEVEL_LABELS[upper].lower()} ({merged[upper]} ngày sau ngày "
                f"chốt số liệu) phải muộn hơn thời hạn của {LEVEL_LABELS[lower].lower()} "
                f"({merged[lower]} ngày)."
            )
    return merged
