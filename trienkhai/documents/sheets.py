"""The document list as a file ("Tải Excel", "Tải CSV" of `documents:list`)."""

from django.utils.translation import gettext_lazy

COLUMNS = [
    (gettext_lazy("Số, ký hiệu"), "text"),
    (gettext_lazy("Loại văn bản"), "text"),
    (gettext_lazy("Ngày ban hành"), "date"),
    (gettext_lazy("Trích yếu"), "text"),
    (gettext_lazy("Đơn vị ban hành"), "text"),
    (gettext_lazy("Hiệu lực"), "text"),
]


def rows(documents):
    for d in documents:
        yield [
            d.symbol,
            d.kind_name,
            d.issue_date,
            d.title,
            d.issuing_unit.name if d.issuing_unit_id else d.body_text,
            d.get_status_display(),
        ]
