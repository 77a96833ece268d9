"""The audit trail shown on an object's page, from django-simple-history records."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("tạo mới"), "~": _("sửa"), "-": _("xóa")}


@dataclass
class HistoryRow:
    when: object
    who: str
    action: str
    reason: str
    changes: list = field(default_factory=list)  # (field label, old, new)


def _display(record, name):
    value = getattr(record, name)
    getter = getattr(record, f"get_{name}_display", None)
    if getter is not None and value not in (None, ""):
        return getter()
    return "—" if value in (None, "") else value


def history_rows(obj, limit=20):
    """The latest changes to `obj`, newest first: one query for the records and users."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    rows = []
    # Each record beside the one before it (the oldest has none). Objects created in
    # bulk (demo, imports) may have no record at all.
    for record, previous in zip(records, [*records[1:], None][: len(records)], strict=True):
        if len(rows) == limit:
            break
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                label = record.instance_type._meta.get_field(change.field).verbose_name
                changes.append(
                    (label, _display(previous, change.field), _display(record, change.field))
                )
            if not changes:
                continue  # saved without a visible change
        user = record.history_user
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else str(_("hệ thống")),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return rows
