"""Forms of oversight: parsing only. Every rule is the service's (`services.py`); a
refusal is shown on the form's fields (`core.refusals.show_on_form`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.oversight.models import (
    FindingKind,
    Kind,
    Plan,
    Recommendation,
    TeamRole,
    Verdict,
    Visit,
    VisitKind,
)
from trienkhai.oversight.services import PLAN_FIELDS, REC_FIELDS


def _date(label, required=True, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.TextInput(attrs={"placeholder": "15/11/2021", "inputmode": "numeric"}),
        localize=True,
        **kwargs,
    )


class ParseOnly:
    def _post_clean(self):
        """Parsing only: the service saves and owns the rules."""


class PlanForm(ParseOnly, forms.ModelForm):
    covers_from = _date(_("Thời kỳ kiểm tra, giám sát từ ngày"))
    covers_to = _date(_("đến ngày"))
    starts_on = _date(_("Thời gian tiến hành từ ngày"))
    ends_on = _date(_("đến ngày"))
    year_to = forms.IntegerField(label=_("đến năm"), required=False)

    class Meta:
        model = Plan
        fields = [*PLAN_FIELDS, "subjects", "documents", "programmes"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 4}),
            "subjects": forms.SelectMultiple(attrs={"size": 8}),
            "documents": forms.SelectMultiple(attrs={"size": 5}),
            "programmes": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args, bodies, units, documents, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].label_from_instance = lambda u: u.name
        self.fields["subjects"].queryset = units
        self.fields["subjects"].label_from_instance = lambda u: u.name
        self.fields["subjects"].help_text = _("Giữ phím Ctrl (hoặc ⌘) để chọn nhiều đơn vị.")
        self.fields["documents"].queryset = documents
        self.fields["documents"].label_from_instance = lambda d: f"{d} — {d.title[:80]}"
        self.fields["programmes"].queryset = programmes
        for name in ("documents", "programmes"):
            self.fields[name].required = False
        self.fields["kind"].choices = Kind.choices


class IssueForm(forms.Form):
    """The number-symbol and date of a document an act issues (a plan, a decision, a
    conclusion notice)."""

    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    issue_date = _date(_("Ngày ban hành"))
    title = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)


MEMBER_ROWS = 6


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Tên đoàn"), max_length=200)
    starts_on = _date(_("Làm việc từ ngày"))
    ends_on = _date(_("đến ngày"))
    self_report_due = _date(_("Hạn nộp báo cáo tự kiểm tra"))
    subjects = forms.ModelMultipleChoiceField(
        label=_("Đối tượng"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    symbol = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=60)
    issue_date = _date(_("Ngày ra quyết định"))

    def __init__(self, *args, subjects, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].queryset = subjects
        self.fields["subjects"].label_from_instance = lambda u: u.name
        for i in range(MEMBER_ROWS):
            self.fields[f"person_{i}"] = forms.ModelChoiceField(
                label=_("Cán bộ"), queryset=people, required=False, to_field_name="uid"
            )
            self.fields[f"person_{i}"].label_from_instance = lambda p: p.full_name
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=_("Nhiệm vụ trong đoàn"),
                choices=TeamRole.choices,
                initial=TeamRole.HEAD if i == 0 else TeamRole.MEMBER,
                required=False,
            )

    def member_rows(self):
        return [(self[f"person_{i}"], self[f"role_{i}"]) for i in range(MEMBER_ROWS)]

    def members(self):
        data = self.cleaned_data
        return [
            (data.get(f"person_{i}"), data.get(f"role_{i}") or TeamRole.MEMBER)
            for i in range(MEMBER_ROWS)
            if data.get(f"person_{i}") is not None
        ]


class SelfReportForm(forms.Form):
    self_report = forms.CharField(
        label=_("Báo cáo tự kiểm tra"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Kết quả học tập, cụ thể hóa, tổ chức thực hiện; hạn chế và nguyên nhân."),
    )


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=FindingKind.choices)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(ParseOnly, forms.ModelForm):
    deadline = _date(_("Hạn thực hiện"), required=False)

    class Meta:
        model = Recommendation
        fields = list(REC_FIELDS)
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units
        self.fields["responsible_unit"].label_from_instance = lambda u: u.name
        # Required is the service's rule, said in its words.
        self.fields["responsible_unit"].required = False
        self.fields["text"].required = False


class RemedyForm(forms.Form):
    text = forms.CharField(
        label=_("Kết quả khắc phục"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Đã làm gì, khi nào, văn bản nào; đính kèm minh chứng sau khi gửi."),
    )


class VerifyForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Kết quả xác minh"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TaskForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Đưa vào kế hoạch"), queryset=None, to_field_name="uid"
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: p.title


FOLLOW_UP_ROWS = 3


class VisitForm(ParseOnly, forms.ModelForm):
    held_on = _date(_("Ngày"))

    class Meta:
        model = Visit
        fields = ["unit", "held_on", "kind", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: u.name
        self.fields["kind"].choices = VisitKind.choices
        for i in range(FOLLOW_UP_ROWS):
            self.fields[f"follow_up_{i}"] = forms.CharField(
                label=_("Việc cần theo dõi"), max_length=500, required=False
            )
            self.fields[f"follow_up_due_{i}"] = _date(_("Hạn"), required=False)

    def follow_up_rows(self):
        return [(self[f"follow_up_{i}"], self[f"follow_up_due_{i}"]) for i in range(FOLLOW_UP_ROWS)]

    def follow_ups(self):
        data = self.cleaned_data
        return [
            (data.get(f"follow_up_{i}"), data.get(f"follow_up_due_{i}"))
            for i in range(FOLLOW_UP_ROWS)
        ]
