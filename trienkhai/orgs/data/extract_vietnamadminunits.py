"""Regenerate thanhhoa_geo_pre2025.csv / thanhhoa_geo_2025.csv from the PyPI package
vietnamadminunits (MIT): a point, a bounding box and an area per unit, for schematic maps.

A maintenance tool, not part of the app: nothing imports it, and the package is NOT a
dependency of trienkhai. It needs only the standard library: it reads the package's data
files (never imports the package, which pulls in shapely and geopy) from the wheel, or
from an installation in a scratch virtualenv:

    python3 -m venv /tmp/vau && /tmp/vau/bin/pip install vietnamadminunits==1.0.4
    /tmp/vau/bin/pip download --no-deps -d /tmp/vau/wheel vietnamadminunits==1.0.4
    /tmp/vau/bin/python trienkhai/orgs/data/extract_vietnamadminunits.py \
        --wheel /tmp/vau/wheel/vietnamadminunits-1.0.4-py3-none-any.whl

Where the package keeps what (vietnamadminunits/data/dataset.db, SQLite):
- table admin_units_legacy (63 provinces, 3 levels, one row per commune): the GSO codes
  provinceCode / districtCode / wardCode, a point (…Lat, …Lon) and a bounding box
  (…Bounds, "south,west – north,east") per level, and the geocoder's answer (…GeoAddress);
  no area;
- table admin_units (34 provinces from 1/7/2025, 2 levels, one row per commune): wardCode,
  wardLat, wardLon, wardAreaKm2, and the province's point; no bounding box.
data/converter_2025.json maps each 2025 commune to the old communes it was formed from
(DICT_PROVINCE_WARD_NO_DIVIDED, and DICT_PROVINCE_WARD_DIVIDED for old communes split
between several new ones); the script uses it to estimate the areas of the old districts.

Rows are matched to our unit files (thanhhoa_pre2025.csv, thanhhoa_2025.csv) by GSO code;
a 2025 commune whose code differs between the two packages is matched by its (unique)
name and written under OUR code. Units of ours the package lacks are listed in the header.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import re
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from importlib.util import find_spec
from pathlib import Path

PROVINCE_CODE = "38"  # Thanh Hóa
PROVINCE_KEY = "tinhthanhhoa"  # the package's key for it in converter_2025.json
HERE = Path(__file__).resolve().parent
COLUMNS = ["code", "name", "level", "lat", "lon", "south", "west", "north", "east", "area_km2"]
DATA_FILES = ("vietnamadminunits/data/dataset.db", "vietnamadminunits/data/converter_2025.json")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


# -- reading the package ---------------------------------------------------------------


class Package:
    """The package's data files, its version and licence, from a wheel or an install."""

    def __init__(self, wheel: str | None):
        self.tmp = tempfile.TemporaryDirectory()
        tmp = Path(self.tmp.name)
        if wheel:
            self.wheel_sha256 = hashlib.sha256(Path(wheel).read_bytes()).hexdigest()
            with zipfile.ZipFile(wheel) as zf:
                names = zf.namelist()
                for name in DATA_FILES:
                    zf.extract(name, tmp)
                meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
                lic = next(n for n in names if re.search(r"\.dist-info/(licenses/)?LICENSE", n))
                self.metadata = zf.read(meta).decode("utf-8")
                self.licence = zf.read(lic).decode("utf-8")
                self.db_time = str(datetime.datetime(*zf.getinfo(DATA_FILES[0]).date_time))
            self.root = tmp
        else:
            spec = find_spec("vietnamadminunits")
            if spec is None or not spec.submodule_search_locations:
                raise SystemExit("vietnamadminunits is not installed; pass --wheel")
            self.root = Path(next(iter(spec.submodule_search_locations))).parent
            info = next(self.root.glob("vietnamadminunits-*.dist-info"))
            self.metadata = (info / "METADATA").read_text(encoding="utf-8")
            lic = next(p for p in info.rglob("LICENSE*"))
            self.licence = lic.read_text(encoding="utf-8")
            self.wheel_sha256 = "unknown (read from an installation; pass --wheel)"
            self.db_time = "unknown"
        self.version = re.search(r"^Version: (\S+)", self.metadata, re.M).group(1)
        self.copyright = next(
            line.strip() for line in self.licence.splitlines() if line.startswith("Copyright")
        )
        if not self.licence.lstrip().startswith("MIT License"):
            raise SystemExit("the package's licence is no longer MIT: check before bundling")

    def query(self, sql: str, *params) -> list[sqlite3.Row]:
        with sqlite3.connect(self.root / DATA_FILES[0]) as conn:
            conn.row_factory = sqlite3.Row
            return conn.execute(sql, params).fetchall()

    def converter(self) -> dict:
        with open(self.root / DATA_FILES[1], encoding="utf-8") as fh:
            return json.load(fh)


def bounds(text: str) -> tuple[float, float, float, float]:
    """ "19.73,105.71 – 19.88,105.86" → (south, west, north, east)."""
    low, high = (part.strip() for part in text.split("–"))
    south, west = map(float, low.split(","))
    north, east = map(float, high.split(","))
    return south, west, north, east


def read_ours(filename: str) -> dict[str, dict]:
    with open(HERE / filename, encoding="utf-8") as fh:
        return {r["code"]: r for r in csv.DictReader(line for line in fh if line[0] != "#")}


# -- building the rows -----------------------------------------------------------------


def _row(code, name, level, lat, lon, box=None, area=None) -> dict:
    south, west, north, east = box or ("", "", "", "")
    return {
        "code": code,
        "name": nfc(name),
        "level": level,
        "lat": lat,
        "lon": lon,
        "south": south,
        "west": west,
        "north": north,
        "east": east,
        "area_km2": "" if area is None else f"{area:.2f}",
    }


def district_areas(pkg: Package) -> dict[str, float]:
    """Area of each old district, estimated from the 2025 communes formed from its
    communes: a 2025 commune's area is shared among the old communes it was formed from
    (an old commune split between k new ones counts 1/k in each)."""
    old = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r["districtCode"]
        for r in pkg.query(
            "SELECT DISTINCT provinceKey, districtKey, wardKey, districtCode "
            "FROM admin_units_legacy WHERE provinceCode = ?",
            PROVINCE_CODE,
        )
    }
    new_area = {
        r["wardKey"]: r["wardAreaKm2"]
        for r in pkg.query(
            "SELECT wardKey, wardAreaKm2 FROM admin_units WHERE provinceCode = ?", PROVINCE_CODE
        )
    }
    conv = pkg.converter()
    parts: dict[str, dict[str, float]] = defaultdict(dict)
    for new_key, old_keys in conv["DICT_PROVINCE_WARD_NO_DIVIDED"][PROVINCE_KEY].items():
        for key in old_keys:
            parts[new_key][key] = 1.0
    for old_key, news in conv["DICT_PROVINCE_WARD_DIVIDED"].get(PROVINCE_KEY, {}).items():
        for new in news:
            parts[new["newWardKey"]][old_key] = 1 / len(news)
    if set(parts) != set(new_area) or {k for p in parts.values() for k in p} - set(old):
        raise ValueError("converter_2025.json and dataset.db disagree")
    area: dict[str, float] = defaultdict(float)
    for new_key, weights in parts.items():
        total = sum(weights.values())
        for old_key, weight in weights.items():
            area[old[old_key]] += new_area[new_key] * weight / total
    return dict(area)


def rows_pre2025(pkg: Package, notes: list[str]) -> list[dict]:
    units = pkg.query(
        "SELECT * FROM admin_units_legacy WHERE provinceCode = ? ORDER BY wardCode", PROVINCE_CODE
    )
    areas = district_areas(pkg)
    p = units[0]
    rows = [
        _row(
            p["provinceCode"],
            p["province"],
            "province",
            p["provinceLat"],
            p["provinceLon"],
            bounds(p["provinceBounds"]),
            sum(areas.values()),
        )
    ]
    districts = {}
    for u in units:
        districts.setdefault(u["districtCode"], u)
    for code, u in sorted(districts.items()):
        box = bounds(u["districtBounds"])
        rows.append(
            _row(
                code,
                u["district"],
                "district",
                u["districtLat"],
                u["districtLon"],
                box,
                areas[code],
            )
        )
    for u in units:
        box = bounds(u["wardBounds"])
        rows.append(_row(u["wardCode"], u["ward"], "commune", u["wardLat"], u["wardLon"], box))
    shared = defaultdict(list)
    for r in rows:
        if r["level"] == "commune":
            shared[(r["lat"], r["lon"])].append(f"{r['code']} {r['name']}")
    for names in shared.values():
        if len(names) > 1:
            notes.append("same point for " + " and ".join(names) + " (as in the package)")
    return rows


def rows_2025(pkg: Package, ours: dict[str, dict], notes: list[str]) -> list[dict]:
    units = pkg.query(
        "SELECT * FROM admin_units WHERE provinceCode = ? ORDER BY wardCode", PROVINCE_CODE
    )
    p = units[0]
    area = sum(u["wardAreaKm2"] for u in units)
    rows = [
        _row(
            p["provinceCode"],
            p["province"],
            "province",
            p["provinceLat"],
            p["provinceLon"],
            area=area,
        )
    ]
    our_by_name = {r["name"]: code for code, r in ours.items() if r["level"] == "commune"}
    for u in units:
        code, name = u["wardCode"], nfc(u["ward"])
        if code not in ours and name in our_by_name:
            notes.append(
                f"{name}: code {code} in the package, {our_by_name[name]} in ours; written as ours"
            )
            code = our_by_name[name]
        rows.append(_row(code, name, "commune", u["wardLat"], u["wardLon"], area=u["wardAreaKm2"]))
    rows.sort(key=lambda r: (r["level"] != "province", int(r["code"])))
    return rows


def compare(rows: list[dict], ours: dict[str, dict], notes: list[str]) -> str:
    """Counts of our units with and without a row, and notes for names that differ."""
    mine = {r["code"]: r for r in rows}
    if len(mine) != len(rows):
        raise ValueError("duplicate codes")
    parts = []
    for level in ("province", "district", "commune"):
        codes = [c for c, r in ours.items() if r["level"] == level]
        if not codes:
            continue
        missing = [c for c in codes if c not in mine]
        parts.append(f"{level} {len(codes) - len(missing)}/{len(codes)}")
        for c in missing:
            notes.append(f"not in the package: {c} {ours[c]['name']} ({level}); no point")
        for c in codes:
            if c in mine and mine[c]["name"] != ours[c]["name"] and level != "province":
                notes.append(
                    f"{c}: '{mine[c]['name']}' in the package, '{ours[c]['name']}' in ours"
                )
    extra = [c for c in mine if c not in ours]
    if extra:
        raise ValueError(f"codes not in our unit file: {extra}")
    return "; ".join(parts)


def header(
    pkg: Package,
    what: str,
    unit_file: str,
    table: str,
    counts: str,
    notes: list[str],
    extra: list[str],
) -> list[str]:
    return [
        what,
        f"source: PyPI package vietnamadminunits {pkg.version} "
        "(https://github.com/tranngocminhhieu/vietnamadminunits), "
        f"file vietnamadminunits/data/dataset.db, table {table}, provinceCode {PROVINCE_CODE}",
        f"wheel sha256: {pkg.wheel_sha256}",
        f"licence: MIT ({pkg.copyright}); the package's README names its raw sources: "
        "danhmuchanhchinh.gso.gov.vn, sapnhap.bando.com.vn, Google Geocoding API",
        f"data date: not stated by the package; the wheel dates dataset.db {pkg.db_time}",
        *extra,
        f"matched by code with {unit_file}: {counts}",
        *(f"note: {n}" for n in notes),
        "columns: lat/lon in decimal degrees; south/west/north/east the bounding box (empty "
        "when the package has none); area_km2 (empty when unknown)",
        "generated by trienkhai/orgs/data/extract_vietnamadminunits.py (see SOURCES.md)",
    ]


def write(path: Path, lines: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        for line in lines:
            out.write(f"# {line}\n")
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", help="the downloaded wheel (else: the installed package)")
    parser.add_argument("--out-dir", default=str(HERE), help="where to write (default: here)")
    args = parser.parse_args(argv)
    pkg = Package(args.wheel)
    out = Path(args.out_dir)

    ours = read_ours("thanhhoa_pre2025.csv")
    notes: list[str] = []
    rows = rows_pre2025(pkg, notes)
    counts = compare(rows, ours, notes)
    levels = Counter(r["level"] for r in rows)
    write(
        out / "thanhhoa_geo_pre2025.csv",
        header(
            pkg,
            "Thanh Hóa units before the 1/7/2025 reform: a point, bounding box and area each",
            "thanhhoa_pre2025.csv",
            "admin_units_legacy",
            counts,
            notes,
            [
                f"rows: province {levels['province']}, district {levels['district']}, "
                f"commune {levels['commune']}",
                "points and boxes: the package's columns (its GeoAddress shows a geocoder's "
                "answer, not a polygon centroid)",
                "area_km2: districts and province only, ESTIMATED: the 2025 communes' areas "
                "(table admin_units) shared among the old communes they were formed from "
                "(data/converter_2025.json); communes have none",
            ],
        ),
        rows,
    )

    ours = read_ours("thanhhoa_2025.csv")
    notes = []
    rows = rows_2025(pkg, ours, notes)
    counts = compare(rows, ours, notes)
    levels = Counter(r["level"] for r in rows)
    write(
        out / "thanhhoa_geo_2025.csv",
        header(
            pkg,
            "Thanh Hóa units from the 1/7/2025 reform: a point and area each (no bounding box)",
            "thanhhoa_2025.csv",
            "admin_units",
            counts,
            notes,
            [
                f"rows: province {levels['province']}, commune {levels['commune']}",
                "area_km2: the package's wardAreaKm2; the province's is their sum",
            ],
        ),
        rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
