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
    """Unit and period are asked of every kind but those made from one object of
    oversight (a plan, a case), whose page posts its uid instead; the service says
    what is missing for the kind chosen."""

    kind = forms.ChoiceField(label=_("Loại báo cáo"))
    unit = forms.ChoiceField(label=_("Đơn vị báo cáo"), required=False)
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), required=False)
    programme = forms.ChoiceField(label=_("Chương trình"), required=False)
    plan = forms.CharField(required=False, max_length=36, widget=forms.HiddenInput)
    case = forms.CharField(required=False, max_length=36, widget=forms.HiddenInput)
    fmt = forms.ChoiceField(label=_("Định dạng tệp"), widget=forms.RadioSelect, initial="docx")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinds of one object are offered on its page; the page posts here.
        of_object = self.is_bound and (self.data.get("plan") or self.data.get("case"))
        self.fields["kind"].choices = [
            (k.key, k.label) for k in kinds.KINDS.values() if of_object or not k.of_object
        ]
        self.fields["unit"].choices = unit_choices(user)
        self.fields["period"].choices = [
            (p.code, p.label) for p in Period.objects.order_by("-end", "kind")[:60]
        ]
        self.fields["programme"].choices = [("", "—")] + programme_choices(user)
        self.fields["fmt"].choices = list(kinds.FORMATS.items())
