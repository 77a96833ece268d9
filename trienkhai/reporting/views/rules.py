"""An office's rules for reporting: deadlines, extensions, exemptions, and the
periods opened and closed."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.core import clock
from trienkhai.core.refusals import show_on_form
from trienkhai.lib import periods as regime
from trienkhai.reporting import services
from trienkhai.reporting.models import (
    Period,
    span_label,
)
from trienkhai.reporting.views import period_or_404

log = logging.getLogger("trienkhai.reporting")


@login_required
@require_http_methods(["GET", "POST"])
def deadline_settings(request):
    """A unit's own deadlines for the units under it, and per-unit extensions; each
    write through its service (reporting/deadline_services.py)."""
    from trienkhai.reporting import deadline_services as deadlines
    from trienkhai.reporting.forms import DeadlineRuleForm, ExemptionForm, ExtensionForm
    from trienkhai.reporting.models import DeadlineRule, Exemption, Extension

    unit = deadlines.office_unit(request.user)
    posted = request.POST.get("form")
    rule_form = DeadlineRuleForm(request.POST if posted == "rule" else None)
    extension_form = ExtensionForm(request.POST if posted == "extension" else None)
    exemption_form = ExemptionForm(request.POST if posted == "exemption" else None)
    writes = (  # (form, its service with what it reads, what is said once saved)
        (exemption_form, deadlines.exempt, ("unit", "period", "reason")),
        (rule_form, deadlines.set_deadline_rule, ("kind", "offsets", "grace_days")),
        (extension_form, deadlines.grant_extension, ("unit", "period", "until", "reason")),
    )
    for form, write, fields in writes:
        if not (form.is_bound and form.is_valid()):
            continue
        try:
            saved = write(request.user, **{f: form.cleaned_data.get(f) for f in fields})
        except ValidationError as exc:
            show_on_form(form, exc)
            continue
        if form is rule_form:
            messages.success(request, _("Đã lưu quy định thời hạn báo cáo."))
        elif form is extension_form:
            messages.success(request, _("Đã gia hạn báo cáo cho %(u)s.") % {"u": saved.unit.name})
        else:
            messages.success(request, _("Đã miễn báo cáo cho %(u)s.") % {"u": saved.unit.name})
        return redirect("reporting:deadlines")
    bound = rule_form.is_bound or extension_form.is_bound or exemption_form.is_bound
    return render(
        request,
        "reporting/deadlines.html",
        {
            "unit": unit,
            "rule_form": rule_form,
            "extension_form": extension_form,
            "exemption_form": exemption_form,
            "exemptions": Exemption.objects.filter(unit__path__startswith=unit.path)
            .select_related("unit", "period")
            .order_by("-pk")[:100],
            "rules": DeadlineRule.objects.filter(unit=unit),
            "extensions": Extension.objects.filter(unit__path__startswith=unit.path)
            .select_related("unit", "period")
            .order_by("-period__end")[:100],
            "defaults": regime.DEFAULT_OFFSETS,
        },
        status=400 if bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def periods(request):
    """The reporting periods of a year, opened or closed by the province office. The
    daily job opens each period as its data cut-off passes; the office opens one ahead
    of time, or closes one so that no more reports are saved or sent for it."""
    today = clock.today()
    may_manage = services.may_manage_periods(request.user)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied(_("Chỉ Văn phòng cấp tỉnh được mở, khóa kỳ báo cáo."))
        code = request.POST.get("code", "")
        try:
            if request.POST.get("action") == "close":
                period = services.close_period(period_or_404(code), request.user)
                messages.success(request, _("Đã khóa kỳ %(p)s.") % {"p": period.label})
            else:
                period = services.open_period(code, request.user)
                messages.success(request, _("Đã mở kỳ %(p)s.") % {"p": period.label})
        except services.Refused as exc:
            messages.error(request, str(exc))
        return redirect(f"{reverse('reporting:periods')}?year={request.POST.get('year', '')}")
    try:
        year = min(max(int(request.GET.get("year") or today.year), 2000), 2100)
    except ValueError:
        year = today.year
    stored = {p.code: p for p in Period.objects.filter(start__year=year)}
    rows = []
    for kind in services.INBOX_KINDS:
        for span in regime.periods_of(kind, year):
            rows.append(
                {
                    "span": span,
                    "label": span_label(span),
                    "period": stored.get(span.code),
                    "due": span.data_to < today,
                }
            )
    return render(
        request,
        "reporting/periods.html",
        {"rows": rows, "year": year, "may_manage": may_manage, "today": today},
    )
