from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.versions import VersionedForm
from trienkhai.study.models import LearningReport, StudySession
from trienkhai.study.services import SESSION_FIELDS


class SessionForm(VersionedForm, forms.ModelForm):
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
        fields = ["unit", "documents", *SESSION_FIELDS[1:]]
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

    # The rules (members expected from the unit's count, no more present than expected,
    # one session per unit, day, kind and document) are `services.record_session`'s.

    def _post_clean(self):
        """Parsing only: the session is saved by `services.record_session`."""


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

    # The rules (at least 50 characters, one report per member and document) are
    # `services.submit_learning_report`'s.

    def _post_clean(self):
        """Parsing only: the report is saved by `services.submit_learning_report`."""
