"""Regenerate thanhhoa_pre2025.csv / thanhhoa_2025.csv from the PyPI package vietnam-provinces.

A maintenance tool, not part of the app: nothing imports it, and it needs the package,
which is NOT a dependency of trienkhai. Run it with the Python of a scratch virtualenv
that has the wanted release installed; the release decides which file is produced:

    python3 -m venv /tmp/vp06 && /tmp/vp06/bin/pip install vietnam-provinces==0.6.0
    /tmp/vp06/bin/python trienkhai/orgs/data/extract_vietnam_provinces.py \
        -o trienkhai/orgs/data/thanhhoa_pre2025.csv

    python3 -m venv /tmp/vp25 && /tmp/vp25/bin/pip install vietnam-provinces==2025.10.1
    /tmp/vp25/bin/python trienkhai/orgs/data/extract_vietnam_provinces.py \
        -o trienkhai/orgs/data/thanhhoa_2025.csv

Both releases are read from the same bundled file, vietnam_provinces/data/nested-divisions.json
(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH):
- 0.x: province -> "districts" -> "wards" (three levels);
- 2025.x: province -> "wards" (two levels, after the 1/7/2025 reform).

In 0.6.0 the JSON's "division_type" is "huyện" for every district and "xã" for every ward
(an upstream conversion bug; the GSO export it was built from has the right types), so for
0.x the type is taken from the name prefix instead. For 2025.x the package's own field is
used, and checked against the name prefix.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections import Counter

import vietnam_provinces as vp

PROVINCE_CODE = 38  # Thanh Hóa
LICENCE = (
    "GPL-3.0-or-later (the package's pyproject.toml 'license'; the wheel metadata has no "
    "licence field); names and codes come from the official list of administrative units "
    "(GSO / Tổng cục Thống kê)"
)
COLUMNS = ["code", "name", "division_type", "level", "parent_code"]

# Name prefix -> division type, in the vocabulary of the package's VietNamDivisionType.
PREFIXES = [
    ("Thành phố ", "thành phố"),
    ("Thị trấn ", "thị trấn"),
    ("Thị xã ", "thị xã"),
    ("Huyện ", "huyện"),
    ("Quận ", "quận"),
    ("Phường ", "phường"),
    ("Xã ", "xã"),
    ("Đặc khu ", "đặc khu"),
    ("Tỉnh ", "tỉnh"),
]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def type_from_name(name: str) -> str:
    for prefix, division_type in PREFIXES:
        if name.startswith(prefix):
            return division_type
    raise ValueError(f"no known division prefix in {name!r}")


def load_province() -> dict:
    with open(vp.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as f:
        data = json.load(f)
    (province,) = [p for p in data if p["code"] == PROVINCE_CODE]
    return province


def rows_pre_reform(province: dict) -> list[dict]:
    rows = [_row(province, province["division_type"], "province", "")]
    districts = sorted(province["districts"], key=lambda d: d["code"])
    for district in districts:
        rows.append(_row(district, type_from_name(district["name"]), "district", province["code"]))
    for district in districts:
        for ward in sorted(district["wards"], key=lambda w: w["code"]):
            rows.append(_row(ward, type_from_name(ward["name"]), "commune", district["code"]))
    return rows


def rows_post_reform(province: dict) -> list[dict]:
    rows = [_row(province, province["division_type"], "province", "")]
    for ward in sorted(province["wards"], key=lambda w: w["code"]):
        if ward["division_type"] != type_from_name(ward["name"]):
            raise ValueError(f"type/name mismatch in the package: {ward}")
        rows.append(_row(ward, ward["division_type"], "commune", province["code"]))
    return rows


def _row(unit: dict, division_type: str, level: str, parent_code) -> dict:
    return {
        "code": str(unit["code"]),
        "name": nfc(unit["name"].strip()),
        "division_type": nfc(division_type),
        "level": level,
        "parent_code": str(parent_code),
    }


def header(rows: list[dict], pre_reform: bool) -> list[str]:
    by_level = Counter(r["level"] for r in rows)
    parts = []
    for level in ("province", "district", "commune"):
        if by_level[level]:
            types = Counter(r["division_type"] for r in rows if r["level"] == level)
            detail = ", ".join(f"{t} {n}" for t, n in sorted(types.items()))
            parts.append(f"{level} {by_level[level]} ({detail})")
    json_file = "vietnam_provinces/data/nested-divisions.json"
    if pre_reform:
        what = "Thanh Hóa administrative units before the 1/7/2025 reform (3 levels)"
        reflects = (
            "the GSO list (danhmuchanhchinh.gso.gov.vn export, upstream seed file "
            f"Xa_{vp.__data_version__}.csv) as of that date: the last pre-reform state"
        )
        typing = (
            "division_type taken from the name prefix: the package's own division_type field "
            "in this release is 'huyện' for every district and 'xã' for every commune (bug)"
        )
    else:
        what = "Thanh Hóa administrative units after the 1/7/2025 reform (2 levels)"
        reflects = (
            "the two-level structure in force from 1/7/2025; upstream names as its source the "
            "list of the Prime Minister's draft decision on unit names and codes (seed 2025-07)"
        )
        typing = "division_type as the package gives it (checked against the name prefix)"
    lines = [
        what,
        f"source: PyPI package vietnam-provinces {vp.__version__}, file {json_file} "
        f"(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH), province code {PROVINCE_CODE}",
        f"data date: vietnam_provinces.__data_version__ = {vp.__data_version__} "
        "(the package's data retrieval date, UTC)",
        f"reflects: {reflects}",
        f"licence: {LICENCE}",
        typing,
        "counts: " + "; ".join(parts),
    ]
    seen: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        seen.setdefault((r["parent_code"], r["name"]), []).append(r["code"])
    for (parent, name), codes in seen.items():
        if len(codes) > 1:
            lines.append(
                f"note: {name} appears {len(codes)} times under {parent} "
                f"(codes {', '.join(codes)}), as in the package; kept unchanged"
            )
    lines.append("generated by trienkhai/orgs/data/extract_vietnam_provinces.py (see SOURCES.md)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", help="CSV file to write (default: stdout)")
    args = parser.parse_args(argv)

    province = load_province()
    pre_reform = "districts" in province
    rows = rows_pre_reform(province) if pre_reform else rows_post_reform(province)

    codes = [r["code"] for r in rows]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate codes")
    if any(r["parent_code"] and r["parent_code"] not in codes for r in rows):
        raise ValueError("dangling parent_code")

    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        for line in header(rows, pre_reform):
            out.write(f"# {line}\n")
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
