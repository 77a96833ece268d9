from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core import clock
from trienkhai.core.fields import VietnameseDecimalField
from trienkhai.documents.registry import find_duplicate
from trienkhai.lib.citations import parse_symbol
from trienkhai.orgs.forms import DateInput
from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.models import Task


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

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean_symbol(self):
        parsed = parse_symbol(self.cleaned_data["symbol"])
        if parsed is None:
            raise forms.ValidationError(_("Số, ký hiệu không đúng dạng (ví dụ: 52-KH/HU)."))
        return parsed.symbol

    def clean_issue_date(self):
        day = self.cleaned_data["issue_date"]
        if day > clock.today():
            raise forms.ValidationError(_("Ngày ban hành không thể ở tương lai."))
        return day

    def clean(self):
        data = super().clean()
        if (
            data.get("start_year")
            and data.get("end_year")
            and data["end_year"] < data["start_year"]
        ):
            self.add_error("end_year", _("Năm kết thúc phải từ năm bắt đầu trở đi."))
        if (
            data.get("symbol")
            and data.get("issue_date")
            and find_duplicate(data["symbol"], self.unit, data["issue_date"])
        ):
            self.add_error("symbol", _("Văn bản này của đơn vị đã có trong sổ đăng ký."))
        return data


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
    start = forms.DateField(label=_("Bắt đầu"), required=False, widget=DateInput())
    deadline = forms.DateField(label=_("Hạn hoàn thành"), required=False, widget=DateInput())
    expected_output = forms.CharField(label=_("Sản phẩm"), max_length=300, required=False)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["lead_unit"].queryset = OrgUnit.objects.under(unit).order_by("path")

    def clean(self):
        data = super().clean()
        if data.get("title"):
            if not data.get("deadline"):
                self.add_error("deadline", _("Nhiệm vụ cần có hạn hoàn thành."))
            if data.get("start") and data.get("deadline") and data["deadline"] < data["start"]:
                self.add_error("deadline", _("Hạn hoàn thành phải sau ngày bắt đầu."))
        return data


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

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["units"].queryset = OrgUnit.objects.get_children(task.lead_unit).order_by(
            "sort_key"
        )
        self.fields["units"].label_from_instance = lambda u: u.name
        if task.deadline:
            self.fields["deadline"].initial = task.deadline

    def clean_units(self):
        units = self.cleaned_data["units"]
        taken = set(
            self.task.subtasks.filter(lead_unit__in=units).values_list("lead_unit__name", flat=True)
        )
        if taken:
            raise forms.ValidationError(
                _("Đã giao cho: %(names)s.") % {"names": ", ".join(sorted(taken))}
            )
        return units

    def clean_deadline(self):
        day = self.cleaned_data["deadline"]
        if self.task.start and day < self.task.start:
            raise forms.ValidationError(_("Hạn hoàn thành phải sau ngày bắt đầu."))
        return day


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

    def clean_progress(self):
        value = self.cleaned_data["progress"]
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError(_("Tiến độ phải từ 0 đến 100%."))
        return value

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day and day > clock.today():
            raise forms.ValidationError(_("Ngày hoàn thành không thể ở tương lai."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("completed_on") and data.get("progress") is not None and data["progress"] < 100:
            self.add_error("progress", _("Nhiệm vụ đã hoàn thành thì tiến độ phải là 100%."))
        return data


class TaskForm(forms.ModelForm):
    """Editing a task: the "5 rõ" fields, with the coordinating units apart from the lead."""

    class Meta:
        model = Task
        fields = [
            "title",
            "lead_unit",
            "coordinating_units",
            "responsible_position",
            "responsible_person",
            "start",
            "deadline",
            "expected_output",
        ]
        widgets = {
            "start": DateInput(),
            "deadline": DateInput(),
            "title": forms.Textarea(attrs={"rows": 2}),
            "coordinating_units": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        from trienkhai.orgs.models import Person, Position

        units = OrgUnit.objects.under(unit).order_by("path") if unit else OrgUnit.objects.none()
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        self.fields["responsible_position"].queryset = Position.objects.filter(
            unit__in=units
        ).select_related("unit")
        self.fields["responsible_person"].queryset = Person.objects.filter(
            tenures__position__unit__in=units
        ).distinct()
        for name in ("lead_unit", "coordinating_units"):
            self.fields[name].label_from_instance = lambda u: u.name

    def clean(self):
        data = super().clean()
        lead, coordinating = data.get("lead_unit"), data.get("coordinating_units") or []
        if lead is not None and lead in coordinating:
            self.add_error(
                "coordinating_units", _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
            )
        if data.get("start") and data.get("deadline") and data["deadline"] < data["start"]:
            self.add_error("deadline", _("Hạn hoàn thành phải sau ngày bắt đầu."))
        return data


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
        if (
            data.get("start_year")
            and data.get("end_year")
            and data["end_year"] < data["start_year"]
        ):
            self.add_error("end_year", _("Năm kết thúc phải từ năm bắt đầu trở đi."))
        return data


class ObjectiveForm(forms.ModelForm):
    class Meta:
        from trienkhai.programmes.models import Objective

        model = Objective
        fields = ["order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class TargetForm(forms.ModelForm):
    """A target's indicator definition and its planned values, one field per year."""

    class Meta:
        from trienkhai.programmes.models import Target

        model = Target
        fields = [
            "code",
            "name",
            "objective",
            "unit_of_measure",
            "value_type",
            "direction",
            "aggregation",
            "numerator",
            "denominator",
            "cumulative",
            "annual_growth",
            "baseline_year",
            "baseline_value",
            "end_value",
        ]

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

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = self.programme.targets.filter(code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Mã chỉ tiêu “%(c)s” đã có.") % {"c": code})
        return code

    def clean(self):
        data = super().clean()
        if data.get("aggregation") == "ratio" and not (
            data.get("numerator") and data.get("denominator")
        ):
            self.add_error(
                "aggregation", _("Chỉ tiêu tỷ lệ phải có chỉ tiêu tử số và chỉ tiêu mẫu số.")
            )
        return data

    def save(self, commit=True):
        from trienkhai.programmes.models import TargetPlan

        target = super().save(commit=False)
        target.programme = self.programme
        target.save()
        for year in self.years:
            value = self.cleaned_data.get(f"y{year}")
            if value is None:
                TargetPlan.objects.filter(target=target, year=year).delete()
            else:
                TargetPlan.objects.update_or_create(
                    target=target, year=year, defaults={"value": value}
                )
        return target
