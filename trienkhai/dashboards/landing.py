"""The leader's landing: what the home page shows of the scorecards. A Standing Committee
member in charge of units (phân công phụ trách, `access.charge_of`) gets one scorecard row
per unit in their charge; the office, a leader without units in charge and the Standing
Committee itself get the card of their committee (for the Ban Thường vụ Tỉnh ủy, the
province's). The home page includes `dashboards/_landing.html` with this context."""

from __future__ import annotations

from django.db.models import Count

from trienkhai.accounts.access import charge_of, home_unit, scope_for
from trienkhai.accounts.models import Role
from trienkhai.dashboards import scorecard
from trienkhai.dashboards.models import Steering
from trienkhai.orgs.models import Kind, OrgUnit
from trienkhai.reporting.models import Period, PeriodKind


def landing_period(today):
    """The quarter a landing reads: the latest stored quarter whose figures are cut off by
    today (its reports are due), else the latest begun; None before any is opened."""
    quarters = Period.objects.filter(kind=PeriodKind.QUARTER, start__lte=today)
    return (
        quarters.filter(data_to__lt=today).order_by("-end").first()
        or quarters.order_by("-end").first()
    )


def landing(user, today) -> dict | None:
    """The context of `dashboards/_landing.html`, or None when the user has no landing
    (a reporter, a Party member): {"period", "unit" (the committee, for a card) or None,
    "card", "families", "rows" (the units in charge), "columns", "name_column"}. A fixed
    number of queries for the card; for rows, the same per parent of the units in charge
    (members are put in charge of units of one level, so usually one)."""
    if not user.is_authenticated:
        return None
    steerings = steerings_of_member(user)
    is_body = user.unit_id and user.unit.kind == Kind.LEADING_BODY
    if not (is_body or steerings or user.has_role(Role.OFFICE, Role.LEADER)):
        return None  # a reporter's home is its to-do list
    period = landing_period(today)
    if period is None:
        return {"steerings": steerings, "period": None} if steerings else None
    units = charge_of(user, today)
    context = {
        "period": period,
        "steerings": steerings,
        "unit": None,
        "card": None,
        "rows": [],
        "name_column": (None, "", ""),
        "columns": [(m, "", "") for m in scorecard.MEASURES],
    }
    if units:
        context["rows"] = _rows_in_charge(units, period, today)
        return context
    unit = home_unit(user)
    if unit is None:
        return context if steerings else None
    card = scorecard.card(unit, period, today=today)
    context.update(unit=unit, card=card, families=scorecard.families(card.values))
    return context


def steerings_of_member(user):
    """The steering committees (Ban Chỉ đạo) the user belongs to, each with the number of
    programmes it oversees (`programme_count`): its home page leads to their boards. One
    query, none for a user who belongs to none."""
    paths = scope_for(user).steering_paths
    if not paths:
        return []
    return list(
        Steering.objects.filter(unit__path__in=paths)
        .select_related("unit")
        .annotate(programme_count=Count("programmes"))
    )


def _rows_in_charge(units, period, today):
    rows = {}
    for parent, group in OrgUnit.objects.by_parent(units):
        if parent is None:  # a unit at the top of the tree: its own card
            rows.update({u.pk: scorecard.card(u, period, today=today) for u in group})
            continue
        _head, found = scorecard.compute(
            parent, period, units=group, today=today, with_root=False, every=True
        )
        rows.update({r.unit.pk: r for r in found})
    return [rows[u.pk] for u in units if u.pk in rows]
