"""The page's form: which report, of which unit, period and programme, in which file. It
only reads the choices; `services.request_export` decides."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trienkhai.exports import kinds
from trienkhai.orgs.models import Kind, Level, OrgUnit
from trienkhai.programmes.models import Programme
from trienkhai.reporting.models import Period


def unit_choices(user):
    """Party committees the user reads, to the district level, and the user's own."""
    qs = OrgUnit.objects.for_user(user).filter(
        Q(kind=Kind.PARTY_COMMITTEE, level__in=[Level.CENTRAL, Level.PROVINCE, Level.DISTRICT])
        | Q(pk=user.unit_id)
    )
    return [(u.code, u.name) for u in qs.in_display_order()[:500]]


def programme_choices(user):
    qs = (
        Programme.objects.for_user(user)
        .filter(document__isnull=False)
        .filter(Q(parent__isnull=True) | Q(unit_id=user.unit_id))
        .select_related("document")
        .order_by("document__issue_date", "title")
    )
    return [(p.document.symbol, f"{p.document.symbol} — {p.title}") for p in qs[:300]]


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"))
    unit = forms.ChoiceField(label=_("Đơn vị báo cáo"))
    period = forms.ChoiceField(label=_("Kỳ báo cáo"))
    programme = forms.ChoiceField(label=_("Chương trình"), required=False)
    fmt = forms.ChoiceField(label=_("Định dạng tệp"), widget=forms.RadioSelect, initial="docx")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in kinds.KINDS.values()]
        self.fields["unit"].choices = unit_choices(user)
        self.fields["period"].choices = [
            (p.code, p.label) for p in Period.objects.order_by("-end", "kind")[:60]
        ]
        self.fields["programme"].choices = [("", "—")] + programme_choices(user)
        self.fields["fmt"].choices = list(kinds.FORMATS.items())
