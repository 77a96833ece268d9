"""Roll-up of target (chỉ tiêu) values up the organisation tree, and plan-vs-actual.

Standard library only: no Django import here, so models, reports, import scripts
and tests share one definition of each rule.  Values are ``decimal.Decimal``.

Roll-up
    ``roll_up(rule, children, direction)`` combines the values of a unit's children
    for one period into the unit's value.  Each target carries its own ``Rule``:

    ``SUM``               Σ value (e.g. new rural communes, export turnover).
    ``AVERAGE``           plain mean of the children that reported.
    ``WEIGHTED_AVERAGE``  Σ(value × weight) / Σ weight (e.g. a rate weighted by
                          population); a child without a weight cannot enter.
    ``MIN`` / ``MAX``     the lowest / highest reported value.
    ``LATEST``            the value with the latest ``reported_at`` (ties: the last
                          child in input order).
    ``COUNT_REACHED``     how many children reached their own plan.
    ``RATIO``             Σ numerator / Σ denominator × 100.  Never the mean of the
                          children's percentages: a commune of 100 households and a
                          district town of 10,000 must not weigh the same.

    A child without data never counts as zero: it is reported in ``missing`` and the
    note says how many units the figure rests on ("Tổng của 3/4 đơn vị có số liệu").

Plan against actual
    ``rating`` is the one rule a dashboard shows: vượt / đạt (green), gần đạt
    (amber: not met but at least ``AMBER_THRESHOLD`` % of plan), không đạt (red),
    chưa có kế hoạch (a value without a plan), chưa có số liệu (no value); each
    ``Rating`` carries its label and its colour, and ``LIGHT_LABELS`` names the
    colours for a legend.  Underneath: ``attainment`` (vượt / đạt / không đạt /
    chưa có số liệu), ``attainment_rate`` (% of plan) and ``traffic_light``.
    ``Direction.LOWER`` marks targets where lower is better (poverty rate, road
    deaths).

Growth and periods
    ``average_annual_growth`` ("bình quân x%/năm"), ``value_after_growth``,
    ``cumulative`` (running totals over periods) and ``to_date`` (cumulative total
    or latest point-in-time value).

Every result is rounded with ``ROUND_HALF_UP`` (the rounding taught in Vietnamese
schools and used in reports: 2,345 → 2,35), never banker's rounding.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

__all__ = [
    "ATTAINMENT_LABELS",
    "AMBER_THRESHOLD",
    "Attainment",
    "LIGHT_LABELS",
    "Rating",
    "ChildValue",
    "Direction",
    "RULE_LABELS",
    "RollupResult",
    "Rule",
    "attainment",
    "attainment_rate",
    "average_annual_growth",
    "rating",
    "ratio",
    "cumulative",
    "roll_up",
    "to_date",
    "traffic_light",
    "value_after_growth",
]

_HUNDRED = Decimal(100)


class Rule(StrEnum):
    """How a target's values combine from the children of a unit."""

    SUM = "sum"
    AVERAGE = "average"
    WEIGHTED_AVERAGE = "weighted_average"
    MIN = "min"
    MAX = "max"
    LATEST = "latest"
    COUNT_REACHED = "count_reached"
    RATIO = "ratio"


RULE_LABELS = {
    Rule.SUM: "Tổng",
    Rule.AVERAGE: "Trung bình cộng",
    Rule.WEIGHTED_AVERAGE: "Bình quân gia quyền",
    Rule.MIN: "Giá trị nhỏ nhất",
    Rule.MAX: "Giá trị lớn nhất",
    Rule.LATEST: "Số liệu mới nhất",
    Rule.COUNT_REACHED: "Số đơn vị đạt kế hoạch",
    Rule.RATIO: "Tỷ lệ (tổng tử số / tổng mẫu số)",
}


class Direction(StrEnum):
    """Which way is better for a target."""

    HIGHER = "higher"  # GRDP, income, exports
    LOWER = "lower"  # poverty rate, road deaths


class Attainment(StrEnum):
    """Actual against plan: vượt / đạt / không đạt / chưa có số liệu."""

    EXCEEDED = "exceeded"
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"


ATTAINMENT_LABELS = {
    Attainment.EXCEEDED: "Vượt",
    Attainment.MET: "Đạt",
    Attainment.NOT_MET: "Không đạt",
    Attainment.NO_DATA: "Chưa có số liệu",
}

# A target not met but at or above this % of plan is amber, below it red.
AMBER_THRESHOLD = Decimal(80)


@dataclass(frozen=True)
class ChildValue:
    """One child unit's data for the period; which fields matter depends on the rule."""

    value: Decimal | None  # the child's value for the period (None = no data)
    weight: Decimal | None = None  # WEIGHTED_AVERAGE: population, members, ...
    numerator: Decimal | None = None  # RATIO
    denominator: Decimal | None = None  # RATIO
    plan: Decimal | None = None  # COUNT_REACHED: the child's own planned value
    reported_at: datetime.date | None = None  # LATEST


@dataclass(frozen=True)
class RollupResult:
    value: Decimal | None
    contributing: int  # children with data that entered the computation
    missing: int  # children without data
    note: str  # short Vietnamese explanation


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _dec(value) -> Decimal | None:
    """Decimal from a Decimal, int or numeric string; floats go through ``str`` so
    0.1 stays 0.1 rather than its binary expansion."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def _share(contributing: int, total: int, what: str = "đơn vị có số liệu") -> str:
    return f"{contributing}/{total} {what}"


def roll_up(
    rule: Rule,
    children: Sequence[ChildValue],
    direction: Direction = Direction.HIGHER,
    *,
    decimals: int = 2,
) -> RollupResult:
    """Combine the children's values for one period by ``rule``.

    Which children have data depends on the rule: ``value`` for most rules,
    ``value`` and ``weight`` for WEIGHTED_AVERAGE, ``numerator`` and ``denominator``
    for RATIO.  Children without data are counted in ``missing`` and never as zero.
    With no child having data the value is None.  ``direction`` matters only to
    COUNT_REACHED (reaching a LOWER plan means being at or below it).

    COUNT_REACHED returns a whole number (not quantized); a child with a value but no
    plan has data (it contributes) but cannot have reached a plan.

    LATEST takes the child with the latest ``reported_at``; a child with a value but
    no date ranks before every dated one; among equal dates the last in input order
    wins (the later row in a submission list is the later correction).
    """
    rule = Rule(rule)
    direction = Direction(direction)
    total = len(children)
    if rule is Rule.RATIO:
        return _ratio(children, total, decimals)
    if rule is Rule.WEIGHTED_AVERAGE:
        return _weighted_average(children, total, decimals)

    with_data = [c for c in children if c.value is not None]
    n = len(with_data)
    missing = total - n
    if not n:
        return RollupResult(None, 0, missing, _no_data_note(total))
    values = [_dec(c.value) for c in with_data]
    share = _share(n, total)

    if rule is Rule.SUM:
        return RollupResult(_round(sum(values), decimals), n, missing, f"Tổng của {share}")
    if rule is Rule.AVERAGE:
        mean = sum(values) / n
        return RollupResult(_round(mean, decimals), n, missing, f"Trung bình cộng của {share}")
    if rule is Rule.MIN:
        return RollupResult(
            _round(min(values), decimals), n, missing, f"Giá trị nhỏ nhất trong {share}"
        )
    if rule is Rule.MAX:
        return RollupResult(
            _round(max(values), decimals), n, missing, f"Giá trị lớn nhất trong {share}"
        )
    if rule is Rule.LATEST:
        latest = None
        for child in with_data:
            # ">=" so that on equal dates the later child in input order wins.
            if latest is None or _date_key(child) >= _date_key(latest):
                latest = child
        when = f" (báo cáo ngày {latest.reported_at:%d/%m/%Y})" if latest.reported_at else ""
        return RollupResult(
            _round(_dec(latest.value), decimals),
            n,
            missing,
            f"Số liệu mới nhất{when} trong {share}",
        )
    if rule is Rule.COUNT_REACHED:
        reached = sum(
            1
            for c in with_data
            if c.plan is not None and _reached(_dec(c.value), _dec(c.plan), direction)
        )
        return RollupResult(
            Decimal(reached),
            n,
            missing,
            f"{reached} đơn vị đạt kế hoạch trong {share}",
        )
    raise ValueError(f"Quy tắc tổng hợp không hợp lệ: {rule}")  # pragma: no cover


def _date_key(child: ChildValue) -> datetime.date:
    return child.reported_at or datetime.date.min


def _reached(value: Decimal, plan: Decimal, direction: Direction) -> bool:
    return value >= plan if direction is Direction.HIGHER else value <= plan


def _no_data_note(total: int) -> str:
    if not total:
        return "Không có đơn vị cấp dưới"
    return f"Chưa có đơn vị nào có số liệu (0/{total})"


def _weighted_average(children: Sequence[ChildValue], total: int, decimals: int) -> RollupResult:
    pairs = [
        (_dec(c.value), _dec(c.weight))
        for c in children
        if c.value is not None and c.weight is not None
    ]
    n = len(pairs)
    missing = total - n
    if not n:
        return RollupResult(None, 0, missing, _no_data_note(total))
    share = _share(n, total, "đơn vị có số liệu và quyền số")
    weight_sum = sum(w for _, w in pairs)
    if not weight_sum:
        return RollupResult(None, n, missing, f"Tổng quyền số bằng 0, không tính được ({share})")
    mean = sum(v * w for v, w in pairs) / weight_sum
    return RollupResult(_round(mean, decimals), n, missing, f"Bình quân gia quyền của {share}")


def ratio(numerator, denominator, *, decimals: int = 2) -> Decimal | None:
    """numerator / denominator × 100, a unit's own rate from its two parts; None when a
    part is missing or the denominator is zero."""
    if numerator is None or denominator is None or not _dec(denominator):
        return None
    return _round(_dec(numerator) / _dec(denominator) * _HUNDRED, decimals)


def _ratio(children: Sequence[ChildValue], total: int, decimals: int) -> RollupResult:
    pairs = [
        (_dec(c.numerator), _dec(c.denominator))
        for c in children
        if c.numerator is not None and c.denominator is not None
    ]
    n = len(pairs)
    missing = total - n
    if not n:
        return RollupResult(None, 0, missing, _no_data_note(total))
    share = _share(n, total, "đơn vị có tử số và mẫu số")
    numerator = sum(num for num, _ in pairs)
    denominator = sum(den for _, den in pairs)
    if not denominator:
        return RollupResult(
            None, n, missing, f"Tổng mẫu số bằng 0, không tính được tỷ lệ ({share})"
        )
    value = numerator / denominator * _HUNDRED
    return RollupResult(
        _round(value, decimals),
        n,
        missing,
        f"Tỷ lệ = tổng tử số / tổng mẫu số của {share}",
    )


# --------------------------------------------------------------- plan vs actual


def attainment(
    actual: Decimal | None,
    plan: Decimal | None,
    direction: Direction,
    *,
    tolerance: Decimal = Decimal("0"),
) -> Attainment:
    """Actual against plan.

    HIGHER: above plan → EXCEEDED, equal → MET, below → NOT_MET.  LOWER is the
    mirror image (a poverty rate below plan is EXCEEDED).  A difference of at most
    ``tolerance`` either way counts as MET, so a report rounded to one decimal is
    not "vượt" or "không đạt" by a rounding crumb.  Missing actual or plan → NO_DATA.
    """
    if actual is None or plan is None:
        return Attainment.NO_DATA
    better_by = _dec(actual) - _dec(plan)
    if Direction(direction) is Direction.LOWER:
        better_by = -better_by
    if abs(better_by) <= _dec(tolerance):
        return Attainment.MET
    return Attainment.EXCEEDED if better_by > 0 else Attainment.NOT_MET


def attainment_rate(
    actual: Decimal | None,
    plan: Decimal | None,
    direction: Direction,
    *,
    decimals: int = 2,
) -> Decimal | None:
    """Percentage of plan achieved ("đạt x% kế hoạch").

    HIGHER: actual / plan × 100.  LOWER: plan / actual × 100 (a poverty rate of 4%
    against a plan of 3% is 75% of plan).  None when a value is missing or the
    divisor is zero.
    """
    if actual is None or plan is None:
        return None
    actual, plan = _dec(actual), _dec(plan)
    if Direction(direction) is Direction.HIGHER:
        top, bottom = actual, plan
    else:
        top, bottom = plan, actual
    if not bottom:
        return None
    return _round(top / bottom * _HUNDRED, decimals)


def traffic_light(att: Attainment, rate: Decimal | None) -> str:
    """Colour for dashboards: green (met or exceeded), amber (not met but at least
    ``AMBER_THRESHOLD`` % of plan), red (below that, or no rate), grey (no data)."""
    att = Attainment(att)
    if att is Attainment.NO_DATA:
        return "grey"
    if att in (Attainment.EXCEEDED, Attainment.MET):
        return "green"
    if rate is not None and _dec(rate) >= AMBER_THRESHOLD:
        return "amber"
    return "red"


class Rating(StrEnum):
    """What a dashboard says of a value against its plan: one rule for the row's words,
    its colour, the legend and the counts (``rating``)."""

    EXCEEDED = "exceeded"
    MET = "met"
    NEARLY = "nearly"
    NOT_MET = "not_met"
    NO_PLAN = "no_plan"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return _RATING_LABELS[self]

    @property
    def light(self) -> str:
        return _RATING_LIGHTS[self]


_RATING_LABELS = {
    Rating.EXCEEDED: "Vượt",
    Rating.MET: "Đạt",
    Rating.NEARLY: "Gần đạt",
    Rating.NOT_MET: "Không đạt",
    Rating.NO_PLAN: "Chưa có kế hoạch",
    Rating.NO_DATA: "Chưa có số liệu",
}
_RATING_LIGHTS = {
    Rating.EXCEEDED: "green",
    Rating.MET: "green",
    Rating.NEARLY: "amber",
    Rating.NOT_MET: "red",
    Rating.NO_PLAN: "none",
    Rating.NO_DATA: "grey",
}
# The legend, in the order a dashboard counts: one entry per colour.
LIGHT_LABELS = {
    "green": "đạt, vượt",
    "amber": "gần đạt",
    "red": "không đạt",
    "none": "chưa có kế hoạch",
    "grey": "chưa có số liệu",
}


def rating(actual: Decimal | None, plan: Decimal | None, direction: Direction) -> Rating:
    """The rating of ``actual`` against ``plan``: no value → NO_DATA; a value without a
    plan → NO_PLAN; met or exceeded as ``attainment`` says; not met but at least
    ``AMBER_THRESHOLD`` % of plan → NEARLY; below it (or no rate: a plan of 0) → NOT_MET.
    """
    if actual is None:
        return Rating.NO_DATA
    if plan is None:
        return Rating.NO_PLAN
    att = attainment(actual, plan, direction)
    if att is Attainment.EXCEEDED:
        return Rating.EXCEEDED
    if att is Attainment.MET:
        return Rating.MET
    rate = attainment_rate(actual, plan, direction)
    if rate is not None and rate >= AMBER_THRESHOLD:
        return Rating.NEARLY
    return Rating.NOT_MET


# ----------------------------------------------------------------------- growth


def average_annual_growth(
    start_value: Decimal | None,
    end_value: Decimal | None,
    years: Decimal | int | None,
    *,
    decimals: int = 2,
) -> Decimal | None:
    """Compound average annual growth in percent ("tăng bình quân x%/năm"):
    ((end / start) ^ (1 / years) − 1) × 100.

    None when a value is missing, ``start`` ≤ 0, ``years`` ≤ 0 or ``end`` < 0
    (no real root).
    """
    if start_value is None or end_value is None or years is None:
        return None
    start, end, years = _dec(start_value), _dec(end_value), _dec(years)
    if start <= 0 or years <= 0 or end < 0:
        return None
    if not end:
        return _round(-_HUNDRED, decimals)
    factor = (end / start) ** (Decimal(1) / years)
    return _round((factor - 1) * _HUNDRED, decimals)


def value_after_growth(
    start_value: Decimal,
    rate_percent: Decimal,
    years: Decimal | int,
    *,
    decimals: int = 2,
) -> Decimal:
    """``start × (1 + rate/100) ^ years``: the value a "bình quân x%/năm" target
    implies after ``years`` years (the plan for a year between baseline and goal)."""
    start, rate, years = _dec(start_value), _dec(rate_percent), _dec(years)
    return _round(start * (1 + rate / _HUNDRED) ** years, decimals)


# ---------------------------------------------------------------------- periods


def _running_sums(values_by_period: Sequence[Decimal | None]) -> list[Decimal | None]:
    out: list[Decimal | None] = []
    running: Decimal | None = None
    for value in values_by_period:
        if value is not None:
            running = _dec(value) if running is None else running + _dec(value)
        out.append(running)
    return out


def cumulative(values_by_period: Sequence[Decimal | None]) -> list[Decimal | None]:
    """Running totals over consecutive periods ("lũy kế").

    A period without data adds nothing and keeps the running total (it is not a
    zero, but the total so far is still known); periods before any data are None.
    """
    return _running_sums(values_by_period)


def to_date(values_by_period: Sequence[Decimal | None], cumulative: bool) -> Decimal | None:
    """The value "to date": for a cumulative target (flows: houses built, members
    admitted) the running total; for a point-in-time target (stocks and rates:
    poverty rate, GRDP per capita) the latest value reported.  None without data."""
    if cumulative:
        sums = _running_sums(values_by_period)
        return sums[-1] if sums else None
    for value in reversed(values_by_period):
        if value is not None:
            return _dec(value)
    return None
