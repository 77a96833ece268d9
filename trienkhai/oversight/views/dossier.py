"""The subject's dossier: one page of what the system already knows about a case's
subject over the period its plan covers (oversight/dossier.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from trienkhai.accounts.access import get_case_for_user, may_read_dossier
from trienkhai.core import clock
from trienkhai.oversight.dossier import gather, summary


@login_required
def dossier(request, uid):
    """Seen by the team and its body, and by the subject itself and those who see its
    subtree (the levels above, the leader in charge): it is their own data. Reading
    writes nothing."""
    case, may_work = get_case_for_user(request.user, uid)
    if not may_read_dossier(request.user, case):
        raise PermissionDenied(
            _(
                "Hồ sơ theo dõi chỉ dành cho đoàn, cơ quan lập đoàn, đơn vị là đối tượng, cấp "
                "trên của đơn vị và người được phân công phụ trách."
            )
        )
    plan = case.team.plan
    data = gather(
        case.subject,
        covers_from=plan.covers_from,
        covers_to=plan.covers_to,
        on=clock.today(),
        programmes=plan.programmes.select_related("document"),
        documents=plan.documents.order_by("-issue_date", "symbol"),
        exclude_case=case,
    )
    return render(
        request,
        "oversight/dossier.html",
        {"case": case, "plan": plan, "d": data, "counts": summary(data), "may_work": may_work},
    )
