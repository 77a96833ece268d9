from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.attachments import max_upload, too_large_message
from trienkhai.core.versions import VersionedForm
from trienkhai.documents.models import Document, DocumentLink, Organ, System
from trienkhai.documents.registry import check_document
from trienkhai.orgs.forms import DateInput
from trienkhai.orgs.models import OrgUnit

MAX_TEXT = 2_000_000  # characters pasted or uploaded at once


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.name


def unit_field(user, **kwargs):
    qs = OrgUnit.objects.for_user(user).filter(
        kind__in=["party_committee", "leading_body", "peoples_committee", "agency"]
    )
    return UnitChoiceField(
        queryset=qs.order_by("depth", "sort_key"),
        required=False,
        label=_("Đơn vị ban hành"),
        **kwargs,
    )


class DocumentForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "symbol",
            "issue_date",
            "issuing_unit",
            "organ",
            "body_text",
            "place",
            "term",
            "title",
            "summary",
            "status",
        ]
        widgets = {
            "issue_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "title": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["issuing_unit"] = unit_field(user)
        self.fields["issuing_unit"].initial = self.instance.issuing_unit_id

    def clean(self):
        """The registry's one rule (registry.check_document), its messages on the fields."""
        data = super().clean()
        if not self.errors:
            _parsed, errors = check_document(
                symbol=data.get("symbol"),
                issue_date=data.get("issue_date"),
                issuing_unit=data.get("issuing_unit"),
                title=data.get("title"),
                term=data.get("term", ""),
                user=self.user,
                instance=self.instance if self.instance.pk else None,
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return data

    def validate_unique(self):
        """Duplicates are judged by the registry's rule above, not the model's constraint."""


class LinkForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Quan hệ"), choices=DocumentLink._meta.get_field("kind").choices
    )
    target = forms.CharField(label=_("Văn bản liên quan (số, ký hiệu)"), max_length=60)

    def __init__(self, *args, user=None, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.source = user, source

    def clean_target(self):
        qs = Document.objects.for_user(self.user).search(self.cleaned_data["target"])
        found = list(qs.exclude(pk=self.source.pk)[:2])
        if not found:
            raise forms.ValidationError(_("Không tìm thấy văn bản này trong sổ đăng ký."))
        if len(found) > 1:
            raise forms.ValidationError(_("Có nhiều văn bản trùng ký hiệu; hãy ghi đầy đủ hơn."))
        return found[0]

    def clean(self):
        data = super().clean()
        target = data.get("target")
        if (
            target
            and DocumentLink.objects.filter(
                source=self.source, target=target, kind=data.get("kind")
            ).exists()
        ):
            raise forms.ValidationError(_("Liên kết này đã có."))
        return data


class ExtractForm(forms.Form):
    text = forms.CharField(
        label=_("Dán văn bản"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    file = forms.FileField(
        label=_("hoặc tải tệp .txt, .docx"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > max_upload():
            raise forms.ValidationError(too_large_message())
        name = upload.name.lower()
        if name.endswith(".txt"):
            raw = upload.read()
            try:
                return raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("Tệp .txt phải dùng bảng mã UTF-8.")) from None
        if name.endswith(".docx"):
            from trienkhai.documents.textfiles import docx_text

            try:
                return docx_text(upload)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from None
        raise forms.ValidationError(_("Chỉ nhận tệp .txt hoặc .docx."))

    def clean(self):
        data = super().clean()
        text = data.get("file") or data.get("text") or ""
        if not self.errors:
            if not text.strip():
                raise forms.ValidationError(_("Hãy dán nội dung hoặc chọn một tệp."))
            if len(text) > MAX_TEXT:
                raise forms.ValidationError(_("Nội dung quá dài (tối đa 2 triệu ký tự)."))
        data["content"] = text
        return data


class DraftForm(forms.Form):
    """One row of the register-from-text table, as the user corrects it."""

    selected = forms.BooleanField(required=False, label=_("Đăng ký"))
    symbol = forms.CharField(max_length=60, label=_("Số, ký hiệu"))
    issue_date = forms.DateField(required=False, widget=DateInput(), label=_("Ngày ban hành"))
    body_text = forms.CharField(required=False, max_length=200, label=_("Cơ quan ban hành"))
    organ = forms.ChoiceField(
        required=False, choices=[("", "—"), *Organ.choices], label=_("Cơ quan thông qua")
    )
    term = forms.CharField(required=False, max_length=20, label=_("Khóa"))
    title = forms.CharField(
        required=False,
        max_length=500,
        label=_("Trích yếu"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["issuing_unit"] = unit_field(user)

    def clean(self):
        """A selected row must pass the registry's one rule (registry.check_document)."""
        data = super().clean()
        if data.get("selected") and not self.errors:
            parsed, errors = check_document(
                symbol=data.get("symbol"),
                issue_date=data.get("issue_date"),
                issuing_unit=data.get("issuing_unit"),
                title=data.get("title"),
                term=data.get("term", ""),
                user=self.user,
            )
            for field, message in errors.items():
                self.add_error(field if field in self.fields else None, message)
            if parsed is not None and not errors:
                data["symbol"] = parsed.symbol
        return data


DraftFormSet = forms.formset_factory(DraftForm, extra=0, max_num=500, validate_max=True)

SYSTEM_CHOICES = [("", _("Tất cả")), *System.choices]
