from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.lib import periods as regime
from trienkhai.reporting.models import PeriodKind

LEVELS = ["grassroots", "commune", "district", "province"]
LEVEL_TITLES = {
    "grassroots": _("Cơ sở"),
    "commune": _("Cấp xã"),
    "district": _("Cấp huyện"),
    "province": _("Cấp tỉnh"),
}


class DeadlineRuleForm(forms.Form):
    """Days after the cut-off (the 14th) by which each level reports, and the grace."""

    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=PeriodKind.choices)
    grace_days = forms.IntegerField(
        label=_("Số ngày gia hạn trước khi tính là muộn"), min_value=0, max_value=30, initial=0
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for level in LEVELS:
            self.fields[f"days_{level}"] = forms.IntegerField(
                label=_("%(level)s: số ngày sau ngày chốt số liệu")
                % {"level": LEVEL_TITLES[level]},
                min_value=1,
                max_value=60,
                initial=regime.DEFAULT_OFFSETS[level],
            )

    def clean(self):
        """The days by level, read; their order is `set_deadline_rule`'s rule."""
        data = super().clean()
        offsets = {level: data.get(f"days_{level}") for level in LEVELS}
        if None not in offsets.values():
            data["offsets"] = offsets
        return data


class ExtensionForm(forms.Form):
    unit = forms.CharField(label=_("Mã đơn vị"), max_length=40)
    period = forms.CharField(label=_("Mã kỳ báo cáo"), max_length=12, initial="2021Q4")
    until = forms.DateField(label=_("Gia hạn đến ngày"), localize=True)
    reason = forms.CharField(label=_("Lý do"), max_length=300)

    def clean_period(self):
        try:
            return regime.parse(self.cleaned_data["period"]).code
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class ExemptionForm(forms.Form):
    unit = forms.CharField(label=_("Mã đơn vị"), max_length=40)
    period = forms.CharField(
        label=_("Mã kỳ báo cáo"),
        max_length=12,
        required=False,
        help_text=_("Để trống: miễn mọi kỳ cho đến khi bỏ miễn."),
    )
    reason = forms.CharField(label=_("Lý do"), max_length=300)

    def clean_period(self):
        code = (self.cleaned_data.get("period") or "").strip()
        if not code:
            return ""
        try:
            return regime.parse(code).code
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
