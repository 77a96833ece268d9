from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.fields import VietnameseDecimalField
from trienkhai.core.versions import VersionedForm
from trienkhai.orgs.forms import DateInput
from trienkhai.orgs.models import OrgUnit, Person
from trienkhai.programmes.models import Task
from trienkhai.programmes.services import (
    TARGET_FIELDS,
    TASK_FIELDS,
    check_years,
    responsible_choices,
)


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class PlanForm(forms.Form):
    """A lower unit's implementing plan for an upper programme, with its document."""

    title = forms.CharField(label=_("Tên kế hoạch"), max_length=500)
    symbol = forms.CharField(
        label=_("Số, ký hiệu văn bản"), max_length=60, help_text=_("Ví dụ: 52-KH/HU")
    )
    issue_date = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())
    start_year = forms.IntegerField(label=_("Từ năm"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Đến năm"), min_value=2000, max_value=2100)

    # The rules (a well-formed symbol not yet registered, a date not in the future, the
    # years in order) are `services.issue_plan`'s, for this page and the API alike.


class PlanTargetForm(forms.Form):
    """One upper target: taken up or not, with the unit's own planned values."""

    upper_id = forms.IntegerField(widget=forms.HiddenInput)
    take = forms.BooleanField(required=False, label=_("Áp dụng"))

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        for year in self.years:
            self.fields[f"y{year}"] = forms.DecimalField(
                required=False,
                max_digits=20,
                decimal_places=4,
                label=str(year),
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
                error_messages={"invalid": _("Giá trị kế hoạch phải là số.")},
            )

    def year_fields(self):
        return [self[f"y{year}"] for year in self.years]


class PlanTaskForm(forms.Form):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500, required=False)
    lead_unit = UnitChoice(
        queryset=OrgUnit.objects.none(), required=False, label=_("Đơn vị chủ trì")
    )
    responsible_person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("Người chịu trách nhiệm")
    )
    start = forms.DateField(label=_("Bắt đầu"), required=False, widget=DateInput())
    deadline = forms.DateField(label=_("Hạn hoàn thành"), required=False, widget=DateInput())
    expected_output = forms.CharField(label=_("Sản phẩm"), max_length=300, required=False)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["lead_unit"].queryset = OrgUnit.objects.under(unit).order_by("path")
            people, _positions = responsible_choices(unit)
            self.fields["responsible_person"].queryset = people


PlanTargetFormSet = forms.formset_factory(PlanTargetForm, extra=0)
PlanTaskFormSet = forms.formset_factory(PlanTaskForm, extra=3, max_num=50)


class DelegateForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        queryset=OrgUnit.objects.none(),
        label=_("Giao cho đơn vị"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một đơn vị.")},
    )
    deadline = forms.DateField(label=_("Hạn hoàn thành"), widget=DateInput())
    responsible_title = forms.CharField(
        label=_("Chức vụ chịu trách nhiệm ở mỗi đơn vị"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Bí thư, Chủ tịch UBND. Để trống nếu đơn vị tự phân công."),
    )

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["units"].queryset = OrgUnit.objects.get_children(task.lead_unit).order_by(
            "sort_key"
        )
        self.fields["units"].label_from_instance = lambda u: u.name
        if task.deadline:
            self.fields["deadline"].initial = task.deadline


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Mốc"), max_length=300)
    due = forms.DateField(label=_("Thời hạn"), widget=DateInput())


class ProgressForm(forms.ModelForm):
    # Typed the Vietnamese way ("80,5"), kept as typed (two decimals at most).
    progress = VietnameseDecimalField(
        label=_("tiến độ (%)"),
        error_messages={"required": _("Hãy nhập tiến độ (0–100%).")},
    )

    class Meta:
        model = Task
        fields = ["progress", "completed_on"]
        widgets = {"completed_on": DateInput()}

    # The rules (0–100 %, not completed in the future, completed means 100 %) are
    # `services.record_progress`'s.

    def _post_clean(self):
        """Parsing only: the task is changed by `services.record_progress`."""


class TaskForm(VersionedForm, forms.ModelForm):
    """Editing a task: the "5 rõ" fields, with the coordinating units apart from the lead."""

    class Meta:
        model = Task
        fields = ["title", "lead_unit", "coordinating_units", *TASK_FIELDS[2:]]
        widgets = {
            "start": DateInput(),
            "deadline": DateInput(),
            "title": forms.Textarea(attrs={"rows": 2}),
            "coordinating_units": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.under(unit).order_by("path") if unit else OrgUnit.objects.none()
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        if unit is not None:
            people, positions = responsible_choices(unit)
            self.fields["responsible_person"].queryset = people
            self.fields["responsible_position"].queryset = positions
        for name in ("lead_unit", "coordinating_units"):
            self.fields[name].label_from_instance = lambda u: u.name

    # The rules (units under the programme's unit, the lead not also coordinating, the
    # dates in order, who answers for it) are `services.save_task`'s.

    def _post_clean(self):
        """Parsing only: the task is changed by `services.save_task`, not by the form."""


class ConcretiseForm(forms.Form):
    """The units that must issue an implementing plan for a programme, and by when."""

    units = forms.ModelMultipleChoiceField(
        queryset=OrgUnit.objects.none(),
        label=_("Đơn vị phải ban hành kế hoạch thực hiện"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một đơn vị.")},
    )
    due = forms.DateField(label=_("Hạn ban hành"), widget=DateInput())

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        from trienkhai.orgs.models import Kind

        self.fields["units"].queryset = (
            OrgUnit.objects.get_children(programme.unit)
            .active_on()
            .filter(
                kind__in=[Kind.PARTY_COMMITTEE, Kind.PARTY_ORG, Kind.PEOPLES_COMMITTEE, Kind.AGENCY]
            )
            .order_by("sort_key")
        )
        self.fields["units"].label_from_instance = lambda u: u.name


class ProgrammeForm(forms.ModelForm):
    """A new programme, breakthrough or plan of the user's unit, from a registered document."""

    class Meta:
        from trienkhai.programmes.models import Programme

        model = Programme
        fields = ["kind", "title", "document", "start_year", "end_year", "report_every"]

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        from trienkhai.documents.models import Document

        self.unit = unit
        self.fields["document"].queryset = Document.objects.filter(issuing_unit=unit).order_by(
            "-issue_date"
        )
        self.fields["document"].required = True
        self.fields["report_every"].required = False

    def clean_report_every(self):
        return self.cleaned_data.get("report_every") or "quarter"

    def clean(self):
        data = super().clean()
        if data.get("start_year") is not None and data.get("end_year") is not None:
            errors = {}
            check_years(errors, data["start_year"], data["end_year"])
            for field, message in errors.items():
                self.add_error(field, message)
        return data


class ObjectiveForm(forms.ModelForm):
    class Meta:
        from trienkhai.programmes.models import Objective

        model = Objective
        fields = ["order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class TargetForm(VersionedForm, forms.ModelForm):
    """A target's indicator definition and its planned values, one field per year."""

    class Meta:
        from trienkhai.programmes.models import Target

        model = Target
        fields = list(TARGET_FIELDS)

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.years = list(range(programme.start_year, programme.end_year + 1))
        self.fields["objective"].queryset = programme.objectives.all()
        others = programme.targets.exclude(pk=self.instance.pk)
        self.fields["numerator"].queryset = others
        self.fields["denominator"].queryset = others
        planned = {p.year: p.value for p in self.instance.plans.all()} if self.instance.pk else {}
        for year in self.years:
            self.fields[f"y{year}"] = forms.DecimalField(
                label=_("Kế hoạch %(y)s") % {"y": year},
                required=False,
                max_digits=20,
                decimal_places=4,
                localize=True,
                initial=planned.get(year),
                error_messages={"invalid": _("Giá trị kế hoạch phải là số.")},
            )

    # The rules (a code not yet used, a ratio's numerator and denominator, plans within
    # the programme's years) are `services.save_target`'s.

    def _post_clean(self):
        """Parsing only: the target is saved by `services.save_target`."""

    def target_fields(self):
        """(fields, plans) read from the form, for `services.save_target`."""
        data = getattr(self, "cleaned_data", {})
        fields = {k: v for k, v in data.items() if not k.startswith("y")}
        plans = {year: data.get(f"y{year}") for year in self.years if f"y{year}" in data}
        return fields, plans
