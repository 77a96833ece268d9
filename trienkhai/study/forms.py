from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.study.models import LearningReport, SessionKind, StudySession


class SessionForm(forms.ModelForm):
    """A study session; members expected default to the unit's registered count."""

    held_on = forms.DateField(
        label=_("Ngày học tập"),
        widget=forms.TextInput(attrs={"placeholder": "15/11/2021"}),
        localize=True,
    )
    members_expected = forms.IntegerField(
        label=_("Số đảng viên phải tham gia"),
        min_value=0,
        required=False,
        help_text=_("Để trống thì lấy số đảng viên của đơn vị trong danh mục."),
    )

    class Meta:
        model = StudySession
        fields = [
            "unit",
            "documents",
            "programme",
            "held_on",
            "kind",
            "form",
            "members_expected",
            "members_present",
            "others_present",
            "reports_submitted",
            "presiding",
            "note",
        ]
        widgets = {
            "documents": forms.SelectMultiple(attrs={"size": 6}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units, documents, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: u.name
        self.fields["documents"].queryset = documents
        self.fields["documents"].label_from_instance = lambda d: f"{d} — {d.title[:90]}"
        self.fields["documents"].help_text = _("Giữ phím Ctrl (hoặc ⌘) để chọn nhiều văn bản.")
        self.fields["programme"].queryset = programmes
        self.fields["programme"].required = False

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        expected = data.get("members_expected")
        if unit is not None and expected is None:
            if unit.party_members is None:
                self.add_error(
                    "members_expected",
                    _(
                        "Đơn vị chưa có số đảng viên trong danh mục; hãy nhập số đảng viên "
                        "phải tham gia."
                    ),
                )
            else:
                data["members_expected"] = expected = unit.party_members
                self.instance.members_expected = expected
        present = data.get("members_present")
        if expected is not None and present is not None and present > expected:
            self.add_error(
                "members_present",
                _("Số đảng viên tham gia (%(p)d) lớn hơn số phải tham gia (%(e)d).")
                % {"p": present, "e": expected},
            )
        documents = data.get("documents")
        if unit is not None and documents and data.get("held_on"):
            same = StudySession.objects.filter(
                unit=unit,
                held_on=data["held_on"],
                kind=data.get("kind") or SessionKind.REGULAR,
                documents__in=documents,
            ).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error(
                    None,
                    _(
                        "Buổi học tập của đơn vị này trong ngày này về văn bản đã chọn đã "
                        "được ghi nhận. Hãy sửa buổi đã có thay vì ghi nhận lại."
                    ),
                )
        return data


class ReportForm(forms.ModelForm):
    class Meta:
        model = LearningReport
        fields = ["document", "lessons", "commitments"]
        widgets = {
            "lessons": forms.Textarea(attrs={"rows": 8}),
            "commitments": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, documents, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.author = author
        self.fields["document"].queryset = documents
        self.fields["document"].label_from_instance = lambda d: f"{d} — {d.title[:90]}"

    def clean_lessons(self):
        text = (self.cleaned_data.get("lessons") or "").strip()
        if len(text) < 50:
            raise forms.ValidationError(_("Bài thu hoạch quá ngắn (cần ít nhất 50 ký tự)."))
        return text

    def clean_document(self):
        document = self.cleaned_data["document"]
        if LearningReport.objects.filter(document=document, author=self.author).exists():
            raise forms.ValidationError(_("Bạn đã nộp bài thu hoạch về văn bản này."))
        return document
