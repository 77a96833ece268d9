from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.conferences.models import BridgePoint, Conference
from trienkhai.orgs.models import OrgUnit


class ConferenceForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Bắt đầu"),
        widget=forms.TextInput(attrs={"placeholder": "08:00 05/11/2021"}),
        localize=True,
    )
    ends_at = forms.DateTimeField(
        label=_("Kết thúc"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "11:30 05/11/2021"}),
        localize=True,
    )

    class Meta:
        model = Conference
        fields = ["title", "organ", "starts_at", "ends_at", "form", "presiding", "agenda"]
        widgets = {
            "presiding": forms.Textarea(attrs={"rows": 2}),
            "agenda": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return data


class PointForm(forms.ModelForm):
    class Meta:
        model = BridgePoint
        fields = [
            "host",
            "name",
            "level",
            "address",
            "person_in_charge",
            "capacity",
            "uses_check_in",
        ]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["host"].label_from_instance = lambda u: u.name


class AttendanceForm(forms.Form):
    committee_members = forms.IntegerField(label=_("Cấp ủy viên"), min_value=0, initial=0)
    party_members = forms.IntegerField(label=_("Đảng viên"), min_value=0, initial=0)
    officials = forms.IntegerField(label=_("Cán bộ, công chức"), min_value=0, initial=0)
    others = forms.IntegerField(label=_("Thành phần khác"), min_value=0, initial=0)


class CheckInForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    unit_text = forms.CharField(label=_("Đơn vị công tác"), max_length=200, required=False)
    is_party_member = forms.BooleanField(label=_("Là đảng viên"), required=False)
    personal_code = forms.CharField(label=_("hoặc mã cá nhân"), max_length=40, required=False)
