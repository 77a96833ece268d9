"""Import of units from CSV or XLSX: every row is checked first, then all rows are
written in one transaction, or none are.

Rows are matched by unit code: a known code updates that unit, a new code creates a
unit under its parent (an existing unit, or one created earlier or later in the same
file). Errors name the row, the column and what is wrong, in Vietnamese.
"""

import csv
import functools
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from trienkhai.accounts.access import scope_for
from trienkhai.core import importjobs
from trienkhai.core.cellsafe import csv_unquote
from trienkhai.core.spreadsheets import cell_text, read_workbook, sheet_rows
from trienkhai.lib.vnformat import parse_date
from trienkhai.lib.vntext import search_key
from trienkhai.orgs.exports import COLUMNS, REQUIRED
from trienkhai.orgs.models import Kind, Level, OrgUnit

MAX_ROWS = 50_000


@dataclass
class RowError:
    row: int  # 1-based, as the office user sees it in Excel (header is row 1)
    column: str
    message: str

    def __str__(self):
        if self.row:
            return _("Dòng %(row)d, cột “%(col)s”: %(msg)s") % {
                "row": self.row,
                "col": self.column,
                "msg": self.message,
            }
        return self.message


class ImportError_(Exception):  # noqa: N801 - not the builtin ImportError
    def __init__(self, errors):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    codes: list = field(default_factory=list)


def _header_keys():
    """Column headers as written in any interface language (a file exported in English
    imports back), and the plain field names, all matched without diacritics."""
    keys = {search_key(key): key for key, _h in COLUMNS}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            keys.update({search_key(str(h)): key for key, h in COLUMNS})
    return keys


class _Labels(dict):
    """Column labels in the active language, for error messages."""

    def __missing__(self, key):
        return str(dict(COLUMNS)[key])


HEADER_LABELS = _Labels()


@functools.cache
def _choice_lookup(choices):
    """Values by code or by label in any interface language, without diacritics."""
    table = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in choices.choices:
                table[search_key(value)] = value
                table[search_key(str(label))] = value
    return table


def read_table(upload):
    """Return a list of rows (lists of strings) from an uploaded CSV or XLSX file."""
    name = (getattr(upload, "name", "") or "").lower()
    data = upload.read()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(data)
    raise ImportError_([RowError(0, "", _("Tệp phải là CSV hoặc Excel (.xlsx)."))])


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_(
            [
                RowError(
                    0, "", _("Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: “CSV UTF-8”).")
                )
            ]
        ) from None
    if "\x00" in text:
        raise ImportError_([RowError(0, "", _("Tệp không phải là tệp văn bản CSV."))])
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[csv_unquote(v) for v in row] for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(data):
    try:
        wb = read_workbook(data)
        rows = []
        for row in sheet_rows(wb.worksheets[0]):
            rows.append(["" if v is None else v for v in row])
            if len(rows) > MAX_ROWS + 1:
                break
    except ValueError as exc:
        raise ImportError_([RowError(0, "", str(exc))]) from None
    wb.close()
    return rows


def parse_rows(rows):
    """Check every row; return (records, errors). A record is a dict of clean values."""
    errors = []
    rows = [r for r in rows if any(cell_text(c) for c in r)]
    if not rows:
        return [], [RowError(0, "", _("Tệp không có dữ liệu."))]
    if len(rows) > MAX_ROWS + 1:
        return [], [RowError(0, "", _("Tệp có quá %(n)d dòng.") % {"n": MAX_ROWS})]
    known = _header_keys()
    header = [known.get(search_key(cell_text(c))) for c in rows[0]]
    missing = [HEADER_LABELS[k] for k in REQUIRED if k not in header]
    if missing:
        return [], [
            RowError(
                1,
                ", ".join(missing),
                _("Thiếu cột bắt buộc. Hãy dùng tệp mẫu tải từ trang nhập đơn vị."),
            )
        ]
    records, seen = [], {}
    for index, raw in enumerate(rows[1:], start=2):
        values = {
            key: cell_text(raw[i]) if i < len(raw) else "" for i, key in enumerate(header) if key
        }
        rec, row_errors = _clean_record(index, values)
        if rec and rec["code"] in seen:
            row_errors.append(
                RowError(
                    index,
                    HEADER_LABELS["code"],
                    _("Mã “%(code)s” đã xuất hiện ở dòng %(other)d.")
                    % {"code": rec["code"], "other": seen[rec["code"]]},
                )
            )
        if rec:
            seen.setdefault(rec["code"], index)
        errors.extend(row_errors)
        if rec and not row_errors:
            records.append(rec)
    return records, errors


MAX_MEMBERS = 2_147_483_647  # what the column (an integer) holds on PostgreSQL


def _clean_record(index, values):
    errors = []

    def err(key, msg):
        errors.append(RowError(index, HEADER_LABELS[key], msg))

    rec = {"row": index}
    for key in REQUIRED:
        if not values.get(key):
            err(key, _("Không được để trống."))
    code = values.get("code", "").upper()
    if code and (len(code) > 40 or not all(ch.isalnum() or ch in "-_." for ch in code)):
        err("code", _("Mã chỉ gồm chữ, số và các dấu - _ . (tối đa 40 ký tự)."))
    rec["code"] = code
    rec["name"] = values.get("name", "")
    if len(rec["name"]) > 255:
        err("name", _("Tên dài quá 255 ký tự."))
    rec["short_name"] = values.get("short_name", "")
    if len(rec["short_name"]) > 100:
        err("short_name", _("Tên viết tắt dài quá 100 ký tự."))
    for key, table, label in (("kind", Kind, Kind), ("level", Level, Level)):
        raw = values.get(key, "")
        rec[key] = _choice_lookup(table).get(search_key(raw)) if raw else None
        if raw and rec[key] is None:
            err(
                key,
                _("Giá trị “%(v)s” không hợp lệ; chọn một trong: %(opts)s.")
                % {"v": raw, "opts": ", ".join(str(c.label) for c in label)},
            )
    rec["parent_code"] = values.get("parent_code", "").upper()
    rec["successor_code"] = values.get("successor_code", "").upper()
    members = values.get("party_members", "")
    rec["party_members"] = None
    if members:
        try:
            rec["party_members"] = int(members.replace(".", "").replace(" ", ""))
            if rec["party_members"] < 0:
                raise ValueError
        except ValueError:
            err("party_members", _("Phải là số nguyên không âm, ví dụ 1.250."))
        else:
            if rec["party_members"] > MAX_MEMBERS:
                rec["party_members"] = None
                err("party_members", _("Số quá lớn (tối đa 2.147.483.647)."))
    for key in ("valid_from", "valid_to"):
        rec[key] = None
        if values.get(key):
            try:
                rec[key] = parse_date(values[key])
            except ValueError:
                err(
                    key,
                    _("Ngày “%(v)s” không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 05/11/2021.")
                    % {"v": values[key]},
                )
    if rec["valid_from"] and rec["valid_to"] and rec["valid_to"] < rec["valid_from"]:
        err("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
    return rec, errors


def import_units(upload, *, user, rows=None):
    """Import a file (or its `rows`, already read); raises ImportError_ with every error
    found, changing nothing."""
    records, errors = parse_rows(read_table(upload) if rows is None else rows)
    if errors:
        raise ImportError_(errors)
    return apply_records(records, user=user)


def summary(result):
    return _("Đã nhập %(created)d đơn vị mới và cập nhật %(updated)d đơn vị.") % {
        "created": result.created,
        "updated": result.updated,
    }


def job_work(job, progress):
    """The unit import as a background job (core/importjobs.py): the same checks and the
    same one transaction, with the phases said as it goes."""
    with job.file.open("rb") as stored:
        upload = ContentFile(stored.read(), name=job.name)
    try:
        rows = read_table(upload)
        progress(20, _("Đang kiểm tra %(n)d dòng") % {"n": max(len(rows) - 1, 0)})
        records, errors = parse_rows(rows)
        if errors:
            raise ImportError_(errors)
        progress(50, _("Đang ghi %(n)d đơn vị") % {"n": len(records)})
        result = apply_records(records, user=job.requested_by)
    except ImportError_ as exc:
        raise importjobs.Refused(
            [importjobs.problem(e.row, e.column, e.message) for e in exc.errors]
        ) from None
    return summary(result)


def apply_records(records, *, user):
    scope = scope_for(user)
    codes = (
        {r["code"] for r in records}
        | {r["parent_code"] for r in records}
        | {r["successor_code"] for r in records}
    )
    # Only units the user may see exist for the import: an invisible code reads as unknown.
    existing = {u.code: u for u in OrgUnit.objects.for_user(user).filter(code__in=codes - {""})}
    hidden = set(
        OrgUnit.objects.filter(code__in=codes - {""})
        .exclude(code__in=existing)
        .values_list("code", flat=True)
    )
    in_file = {r["code"]: r for r in records}
    errors = []

    def err(rec, key, msg):
        errors.append(RowError(rec["row"], HEADER_LABELS[key], msg))

    for rec in records:
        if rec["code"] in hidden:
            err(rec, "code", _("Mã “%(code)s” đã được dùng cho một đơn vị khác.") % rec)
            continue
        if rec["successor_code"] and rec["successor_code"] not in (existing.keys() | in_file):
            err(
                rec,
                "successor_code",
                _("Không có đơn vị nào mang mã “%(code)s”.") % {"code": rec["successor_code"]},
            )
        unit = existing.get(rec["code"])
        if unit is not None:
            if not scope.changes(unit.path):
                err(rec, "code", _("Bạn không có quyền sửa đơn vị “%(code)s”.") % rec)
            parent_path = unit.path[: -unit.steplen]
            current_parent = next((u for u in existing.values() if u.path == parent_path), None)
            if rec["parent_code"] and (
                current_parent is None or current_parent.code != rec["parent_code"]
            ):
                err(
                    rec,
                    "parent_code",
                    _("Không đổi đơn vị cấp trên của đơn vị đã có qua nhập tệp."),
                )
            continue
        parent_code = rec["parent_code"]
        if not parent_code:
            if not scope.everything:
                err(rec, "parent_code", _("Đơn vị mới phải có đơn vị cấp trên."))
        elif parent_code in existing:
            if not scope.changes(existing[parent_code].path):
                err(
                    rec,
                    "parent_code",
                    _("Bạn không có quyền thêm đơn vị vào “%(code)s”.") % {"code": parent_code},
                )
        elif parent_code not in in_file:
            err(
                rec,
                "parent_code",
                _("Không có đơn vị nào mang mã “%(code)s”.") % {"code": parent_code},
            )
    order = _creation_order(records, existing, errors)
    if errors:
        raise ImportError_(sorted(errors, key=lambda e: e.row))

    result = ImportResult()
    with transaction.atomic():
        units = dict(existing)
        for rec in records:
            unit = existing.get(rec["code"])
            if unit is not None:
                _assign(unit, rec)
                unit.save()
                result.updated += 1
        for rec in order:
            unit = _assign(OrgUnit(code=rec["code"]), rec)
            parent = units.get(rec["parent_code"])
            if parent is None:
                unit = OrgUnit.objects.add_root(instance=unit)
            else:
                unit = OrgUnit.objects.add_child(parent, instance=unit)
            units[unit.code] = unit
            result.created += 1
        succeeded = []
        for rec in records:
            if rec["successor_code"]:
                unit = units.get(rec["code"]) or OrgUnit.objects.get(code=rec["code"])
                unit.successor = units[rec["successor_code"]]
                succeeded.append(unit)
        bulk_update_with_history(  # kept in each unit's history, unlike update()
            succeeded, OrgUnit, ["successor"], batch_size=500, default_user=user
        )
        result.codes = [r["code"] for r in records]
    return result


def _assign(unit, rec):
    for key in ("name", "short_name", "kind", "level", "party_members", "valid_from", "valid_to"):
        setattr(unit, key, rec[key])
    return unit


def _creation_order(records, existing, errors):
    """New records ordered so that each parent is created before its children."""
    new = {r["code"]: r for r in records if r["code"] not in existing}
    order, done, visiting = [], set(), set()

    def visit(rec):
        code = rec["code"]
        if code in done:
            return
        if code in visiting:
            errors.append(
                RowError(
                    rec["row"],
                    HEADER_LABELS["parent_code"],
                    _("Quan hệ cấp trên tạo thành vòng lặp."),
                )
            )
            return
        visiting.add(code)
        parent = new.get(rec["parent_code"])
        if parent is not None:
            visit(parent)
        visiting.discard(code)
        done.add(code)
        order.append(rec)

    for rec in new.values():
        visit(rec)
    return order
