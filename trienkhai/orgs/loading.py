"""Loading administrative-unit data into the tree: the bundled Thanh Hóa files
(pre-reform and 1/7/2025 structures) and the synthetic national tree for benchmarks.

Every loader is idempotent: units are matched by code, existing ones are left alone.
"""

import csv
import datetime
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from trienkhai.orgs.models import Kind, Level, OrgUnit

DATA_DIR = Path(__file__).resolve().parent / "data"
REFORM_DAY = datetime.date(2025, 7, 1)

STRUCTURES = {
    "pre2025": "thanhhoa_pre2025.csv",
    "2025": "thanhhoa_2025.csv",
}


def read_admin_csv(filename):
    """Rows of a bundled data file (comment lines start with '#')."""
    with open(DATA_DIR / filename, encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


PREFIXES = ("thành phố", "thị xã", "thị trấn", "huyện", "xã", "phường", "tỉnh", "đặc khu")


def strip_prefix(name, division_type):
    """ "Huyện Hoằng Hóa" → "Hoằng Hóa"."""
    words = name.split()
    for size in (2, 1):
        head = " ".join(words[:size]).lower()
        if head == division_type or head in PREFIXES:
            return " ".join(words[size:])
    return name


def district_committee_name(row):
    """ "Huyện Hoằng Hóa" → "Huyện ủy Hoằng Hóa"; thị xã → Thị ủy; thành phố → Thành ủy."""
    place = strip_prefix(row["name"], row["division_type"])
    word = {"huyện": "Huyện ủy", "thị xã": "Thị ủy", "thành phố": "Thành ủy"}.get(
        row["division_type"], "Đảng ủy"
    )
    return f"{word} {place}"


def commune_committee_name(row):
    """ "Xã Hoằng Đông" → "Đảng ủy xã Hoằng Đông" (and phường, thị trấn)."""
    place = strip_prefix(row["name"], row["division_type"])
    return f"Đảng ủy {row['division_type']} {place}"


def ensure_unit(parent, code, **fields):
    """Get the unit with `code`, or create it under `parent` (a root when None)."""
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is not None:
        return unit, False
    unit = OrgUnit(code=code, **fields)
    if parent is None:
        return OrgUnit.objects.add_root(instance=unit), True
    return OrgUnit.objects.add_child(parent, instance=unit), True


@transaction.atomic
def load_pre2025(province):
    """District-level and commune-level Party committees (and district people's
    committees) under `province`, from the last public pre-reform data."""
    rows = read_admin_csv(STRUCTURES["pre2025"])
    created = 0
    districts = {}
    for row in rows:
        if row["level"] != "district":
            continue
        hu, new = ensure_unit(
            province,
            f"HU-{row['code']}",
            name=district_committee_name(row),
            kind=Kind.PARTY_COMMITTEE,
            level=Level.DISTRICT,
            admin_code=row["code"],
        )
        created += new
        _u, new = ensure_unit(
            hu,
            f"UBND-{row['code']}",
            name=f"Ủy ban nhân dân {row['name'][0].lower()}{row['name'][1:]}",
            short_name=f"UBND {row['name']}",
            kind=Kind.PEOPLES_COMMITTEE,
            level=Level.DISTRICT,
            admin_code=row["code"],
        )
        created += new
        districts[row["code"]] = hu
    for row in rows:
        if row["level"] != "commune":
            continue
        _u, new = ensure_unit(
            districts[row["parent_code"]],
            f"DU-{row['code']}",
            name=commune_committee_name(row),
            kind=Kind.PARTY_COMMITTEE,
            level=Level.COMMUNE,
            admin_code=row["code"],
        )
        created += new
    return created


@transaction.atomic
def load_2025(province):
    """The two-level structure from 1/7/2025: commune-level Party committees directly
    under the province, valid from the reform; district and old commune units closed."""
    rows = read_admin_csv(STRUCTURES["2025"])
    created = 0
    for row in rows:
        if row["level"] != "commune":
            continue
        _u, new = ensure_unit(
            province,
            f"DU-2025-{row['code']}",
            name=commune_committee_name(row),
            kind=Kind.PARTY_COMMITTEE,
            level=Level.COMMUNE,
            admin_code=row["code"],
            valid_from=REFORM_DAY,
        )
        created += new
    closing = list(
        OrgUnit.objects.under(province, include_self=False)
        .filter(
            level__in=[Level.DISTRICT, Level.COMMUNE],
            valid_from__isnull=True,
            valid_to__isnull=True,
        )
        .exclude(code__startswith="DU-2025-")
    )
    for unit in closing:
        unit.valid_to = REFORM_DAY - datetime.timedelta(days=1)
    # In bulk, and each closure still in the unit's history (a plain update() is not).
    bulk_update_with_history(
        closing,
        OrgUnit,
        ["valid_to"],
        batch_size=500,
        default_change_reason="Sắp xếp đơn vị hành chính từ 01/07/2025",
    )
    return created, len(closing)
