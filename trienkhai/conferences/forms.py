from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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

    # The rules (times in the window, the end after the start, who may create it) are
    # `services.create_conference`'s: the form only reads what was typed.

    def _post_clean(self):
        """Parsing only: the conference is made by `services.create_conference`."""


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
    unit_text = forms.CharField(
        label=_("Đơn vị/chức vụ"),
        max_length=200,
        required=False,
        help_text=_("Không bắt buộc; giúp phân biệt những người cùng họ tên."),
    )
    is_party_member = forms.BooleanField(label=_("Là đảng viên"), required=False)
    personal_code = forms.CharField(label=_("hoặc mã cá nhân"), max_length=40, required=False)


class PollForm(forms.Form):
    question = forms.CharField(label=_("Câu hỏi"), max_length=500)
    kind = forms.ChoiceField(label=_("Loại câu hỏi"), choices=[])
    choices = forms.CharField(
        label=_("Các phương án (mỗi dòng một phương án)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opens_at = forms.DateTimeField(label=_("Mở lúc"), localize=True)
    closes_at = forms.DateTimeField(label=_("Đóng lúc"), localize=True)
    anonymous = forms.BooleanField(label=_("Ẩn danh"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from trienkhai.conferences.models import PollKind

        self.fields["kind"].choices = PollKind.choices

    def clean(self):
        data = super().clean()
        lines = [x.strip() for x in (data.get("choices") or "").splitlines() if x.strip()]
        if data.get("kind") in ("single", "multiple") and len(lines) < 2:
            self.add_error("choices", _("Cần ít nhất hai phương án."))
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("Giờ đóng phải sau giờ mở."))
        data["choice_lines"] = lines
        return data


class AnswerForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    unit_text = forms.CharField(label=_("Đơn vị công tác"), max_length=200, required=False)
    personal_code = forms.CharField(label=_("hoặc mã cá nhân"), max_length=40, required=False)
    choice = forms.MultipleChoiceField(required=False, label=pgettext_lazy("poll", "Phương án"))
    rating = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(i, i) for i in range(1, 6)],
        label=_("Điểm"),
    )
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Ý kiến"), max_length=5000
    )

    def __init__(self, *args, poll=None, **kwargs):
        super().__init__(*args, **kwargs)
        options = [(str(c.pk), c.text) for c in poll.choices.all()]
        if poll.kind == "single":
            self.fields["choice"] = forms.ChoiceField(
                required=False,
                choices=options,
                widget=forms.RadioSelect,
                label=pgettext_lazy("poll", "Phương án"),
            )
        else:
            self.fields["choice"].choices = options
            self.fields["choice"].widget = forms.CheckboxSelectMultiple(choices=options)

    def choice_ids(self):
        value = self.cleaned_data.get("choice") or []
        return [int(v) for v in ([value] if isinstance(value, str) else value) if v]
        self.fields["rating"].widget = forms.RadioSelect(choices=self.fields["rating"].choices)
