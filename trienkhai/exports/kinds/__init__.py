"""The kinds of report the office can produce. Each kind reads its parameters (`parse`,
which refuses with a Vietnamese message what it cannot find) and builds a `Report`
(`build`). The page, the background job and `export_report` all go through `KINDS`."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What a kind is about: a unit and a period (a programme too for some), or one object of
# oversight, an inspection plan or a case, whose page offers it.
UNIT_PERIOD = ("unit", "period")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    needs_programme: bool = False
    needs: tuple = UNIT_PERIOD

    @property
    def of_object(self) -> bool:
        """Made from one object's page (a plan, a case), not chosen on the reports page."""
        return self.needs != UNIT_PERIOD


KINDS = {
    k.key: k
    for k in [
        Kind(
            "programme-quarterly",
            gettext_lazy("Báo cáo quý kết quả thực hiện chương trình"),
            needs_programme=True,
        ),
        Kind("conference-summary", gettext_lazy("Báo cáo kết quả tổ chức hội nghị")),
        Kind("study-coverage", gettext_lazy("Báo cáo kết quả học tập, quán triệt")),
        Kind("scorecard", gettext_lazy("Bảng điểm của đơn vị và các đơn vị trực thuộc")),
        Kind("inspection-plan", gettext_lazy("Kế hoạch kiểm tra, giám sát"), needs=("plan",)),
        Kind(
            "conclusion-notice",
            gettext_lazy("Thông báo kết luận kiểm tra, giám sát"),
            needs=("case",),
        ),
    ]
}
FORMATS = {"docx": "Word (.docx)", "pdf": "PDF", "xlsx": "Excel (.xlsx)"}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def kind_of(key):
    if key not in KINDS:
        raise ValidationError(
            {
                "kind": _("Không có loại báo cáo “%(kind)s”. Chọn một trong: %(all)s.")
                % {"kind": key, "all": ", ".join(KINDS)}
            }
        )
    return KINDS[key]


def build(key, params, *, today, progress=lambda pct, step: None):
    """The report of kind `key` for parsed `params` (see `exports.params`)."""
    from trienkhai.dashboards import exported
    from trienkhai.exports.kinds import (
        conference_summary,
        oversight_notices,
        programme_quarterly,
        study_coverage,
    )

    builders = {
        "programme-quarterly": programme_quarterly.build,
        "conference-summary": conference_summary.build,
        "study-coverage": study_coverage.build,
        "scorecard": exported.build,
        "inspection-plan": oversight_notices.plan_report,
        "conclusion-notice": oversight_notices.conclusion_report,
    }
    return builders[key](today=today, progress=progress, **params)
