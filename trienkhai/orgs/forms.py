from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import OrgUnit

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, **kwargs):
        super().__init__(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, **kwargs
        )


class UnitForm(forms.ModelForm):
    successor_code = forms.CharField(label=_("Mã đơn vị kế thừa"), required=False, max_length=40)

    class Meta:
        model = OrgUnit
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "party_members",
            "valid_from",
            "valid_to",
            "note",
        ]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk and self.instance.successor_id:
            self.fields["successor_code"].initial = self.instance.successor.code

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not all(ch.isalnum() or ch in "-_." for ch in code):
            raise forms.ValidationError(_("Mã chỉ gồm chữ, số và các dấu - _ ."))
        return code

    def clean_successor_code(self):
        code = self.cleaned_data["successor_code"].strip().upper()
        if not code:
            return None
        from trienkhai.orgs.models import OrgUnit as Unit

        successor = Unit.objects.for_user(self.user).filter(code=code).first()
        if successor is None:
            raise forms.ValidationError(
                _("Không có đơn vị nào mang mã “%(code)s”.") % {"code": code}
            )
        if self.instance.pk and successor.pk == self.instance.pk:
            raise forms.ValidationError(_("Đơn vị không thể kế thừa chính nó."))
        return successor

    def save(self, commit=True):
        self.instance.successor = self.cleaned_data.get("successor_code")
        return super().save(commit=commit)


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp CSV hoặc Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={
            "required": _("Hãy chọn một tệp để nhập."),
            "empty": _("Tệp rỗng, không có dữ liệu."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
        return upload
