"""Where the units are: a point, bounding box and area per administrative unit, from the
bundled files `data/thanhhoa_geo_<structure>.csv` (see `data/SOURCES.md`), and the point
of an `OrgUnit`.

A unit is placed by its `admin_code`, the GSO code of its territory: a district's Party
committee (HU-399), its People's Committee (UBND-399) and the district itself share 399;
a commune's Party committee is DU-<code> before the reform and DU-2025-<code> after it.
GSO codes were reused by the 1/7/2025 reform for other communes, so a code is looked up
in the file of the unit's structure: "2025" for units valid from the reform day (or coded
DU-2025-), "pre2025" for the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from trienkhai.orgs.loading import REFORM_DAY, STRUCTURES, read_admin_csv

GEO_FILES = {structure: f"thanhhoa_geo_{structure}.csv" for structure in STRUCTURES}

# Codes the loaders give (loading.py), for a unit whose admin_code was left empty.
_CODE = re.compile(r"^(?:TU|HU|UBND|DU(?:-2025)?)-(\d{2,5})$")


@dataclass(frozen=True)
class GeoPoint:
    code: str
    name: str
    level: str  # "province", "district" or "commune"
    lat: float
    lon: float
    bbox: tuple[float, float, float, float] | None  # south, west, north, east
    area_km2: float | None


def _number(text):
    return float(text) if text else None


@cache
def geo_points(structure: str) -> dict[str, GeoPoint]:
    """GSO code -> GeoPoint for every unit of the bundled file of `structure`
    ("pre2025" or "2025"). Read once per process."""
    points = {}
    for row in read_admin_csv(GEO_FILES[structure]):
        box = tuple(_number(row[k]) for k in ("south", "west", "north", "east"))
        points[row["code"]] = GeoPoint(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            bbox=None if None in box else box,
            area_km2=_number(row["area_km2"]),
        )
    return points


def admin_code_of(unit) -> str:
    """The GSO code of the unit's territory: its `admin_code`, else the one in a code of
    the loaders' pattern (HU-399, DU-2025-14758); "" when it has none (a department, a
    Party cell)."""
    if unit.admin_code:
        return unit.admin_code.strip()
    match = _CODE.match(unit.code or "")
    return match.group(1) if match else ""


def structure_of(unit) -> str:
    """ "2025" for a unit of the two-level structure, "pre2025" otherwise."""
    if (unit.code or "").startswith("DU-2025-"):
        return "2025"
    if unit.valid_from is not None and unit.valid_from >= REFORM_DAY:
        return "2025"
    return "pre2025"


def point_for_unit(unit, structure: str | None = None) -> GeoPoint | None:
    """The point of the unit's territory, or None. `structure` forces the file read
    (for a province, which is in both); by default the unit's own (`structure_of`)."""
    code = admin_code_of(unit)
    if not code:
        return None
    return geo_points(structure or structure_of(unit)).get(code)


def points_for_units(units, structure: str | None = None) -> dict[int, GeoPoint]:
    """unit.pk -> GeoPoint for the units that have one (no query: reads the units' own
    fields)."""
    found = {}
    for unit in units:
        point = point_for_unit(unit, structure)
        if point is not None:
            found[unit.pk] = point
    return found
