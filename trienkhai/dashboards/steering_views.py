"""The steering committee's page (Ban Chỉ đạo): every programme it oversees with the
same measures side by side and their change since the period before, then a matrix of
programmes × districts for one measure (dashboards/steering.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from trienkhai.accounts.access import get_steering_for_user, steerings_for_user
from trienkhai.core import clock
from trienkhai.dashboards import scorecard, steering, steering_sheets
from trienkhai.dashboards.views import CHOOSER_KINDS
from trienkhai.exports.sheets import wants_xlsx, xlsx_response
from trienkhai.orgs.models import Tenure
from trienkhai.reporting.models import Period
from trienkhai.reporting.views.overview import chosen_period


@login_required
def steering_page(request, code=""):
    """A steering committee's board for a period (`period`, a code) with the matrix of
    one measure (`measure`: concretisation, reporting, targets, tasks). Without a code,
    the user's steering committee (or the one it sees), a chooser when there are
    several."""
    user = request.user
    if code:
        committee, _may_change = get_steering_for_user(user, code)
    else:
        choices = steerings_for_user(user)
        if len(choices) != 1:
            return render(request, "dashboards/steering_choose.html", {"choices": choices})
        committee = choices[0]
    today = clock.today()
    period = chosen_period(request)
    board = steering.compute(committee, period, measure=request.GET.get("measure"), today=today)
    if wants_xlsx(request):
        return xlsx_response(
            f"{committee.unit.name} — {period.label}",
            steering_sheets.board_tables(board),
            f"ban-chi-dao-{committee.unit.code}-{period.code}",
        )
    members = (
        Tenure.objects.active_on(today)
        .filter(position__unit=committee.unit)
        .select_related("person", "position")
        .order_by("position__rank", "person__full_name")
    )
    rate = scorecard.BY_KEY[steering.RATE_OF[board.measure]]
    return render(
        request,
        "dashboards/steering.html",
        {
            "steering": committee,
            "board": board,
            "period": period,
            "members": list(members),
            "measures": steering.MEASURES,
            "rate": rate,
            "rates": [scorecard.BY_KEY[r] for _k, _l, r in steering.MEASURES],
            "columns": [(d, steering.column_label(d)) for d in board.districts],
            "periods": Period.objects.filter(kind__in=CHOOSER_KINDS, start__lte=today).order_by(
                "-end", "kind"
            )[:16],
        },
    )
