"""A synthetic national tree of any size, for benchmarks.

Central → provinces → district-level → commune-level → grassroots cells, every unit
marked as sample data. Paths are computed here and rows written with bulk_create, so
100,000 units load in seconds instead of one INSERT round trip per node. Later issues
extend the same tree with their own synthetic data.
"""

from dataclasses import dataclass

from django.db import connection, transaction

from trienkhai.orgs.models import Kind, Level, OrgUnit

PREFIX = "SYN"


@dataclass(frozen=True)
class Shape:
    provinces: int = 34
    districts: int = 10  # per province
    communes: int = 15  # per district
    cells: int = 19  # per commune

    @property
    def total(self):
        per_commune = 1 + self.cells
        per_district = 1 + self.communes * per_commune
        per_province = 1 + self.districts * per_district
        return 1 + self.provinces * per_province


def province_code(p, prefix=PREFIX):
    return f"{prefix}-P{p:02d}"


def exists(prefix=PREFIX):
    return OrgUnit.objects.filter(code=f"{prefix}-TW").exists()


@transaction.atomic
def delete(prefix=PREFIX):
    root = OrgUnit.objects.filter(code=f"{prefix}-TW").first()
    if root is not None:
        OrgUnit.objects.under(root).delete()


@transaction.atomic
def build(shape: Shape, batch_size: int = 5000, prefix: str = PREFIX) -> int:
    """Create the tree under a new root; returns the number of units created."""
    if exists(prefix):
        raise ValueError("Cây tổng hợp đã có; hãy xóa trước (--replace).")
    last_root = OrgUnit.objects.get_last_root_node()
    root_path = last_root._inc_path() if last_root else OrgUnit._get_path(None, 1, 1)
    batch = []
    created = 0

    def add(path, depth, numchild, code, name, kind, level):
        nonlocal created
        unit = OrgUnit(
            path=path,
            depth=depth,
            numchild=numchild,
            code=code,
            name=name,
            kind=kind,
            level=level,
            is_sample=True,
        )
        unit.prepare()
        batch.append(unit)
        if len(batch) >= batch_size:
            OrgUnit.objects.bulk_create(batch)
            created += len(batch)
            batch.clear()

    def child(parent_path, depth, i):
        return OrgUnit._get_path(parent_path, depth, i)

    add(
        root_path,
        1,
        shape.provinces,
        f"{prefix}-TW",
        "Ban Chấp hành Trung ương (tổng hợp)",
        Kind.PARTY_COMMITTEE,
        Level.CENTRAL,
    )
    for p in range(1, shape.provinces + 1):
        pp = child(root_path, 2, p)
        pc = province_code(p, prefix)
        add(
            pp, 2, shape.districts, pc, f"Tỉnh ủy Mẫu {p:02d}", Kind.PARTY_COMMITTEE, Level.PROVINCE
        )
        for d in range(1, shape.districts + 1):
            dp = child(pp, 3, d)
            dc = f"{pc}-D{d:02d}"
            add(
                dp,
                3,
                shape.communes,
                dc,
                f"Huyện ủy Mẫu {p}-{d}",
                Kind.PARTY_COMMITTEE,
                Level.DISTRICT,
            )
            for c in range(1, shape.communes + 1):
                cp = child(dp, 4, c)
                cc = f"{dc}-C{c:02d}"
                add(
                    cp,
                    4,
                    shape.cells,
                    cc,
                    f"Đảng ủy xã Mẫu {p}-{d}-{c}",
                    Kind.PARTY_COMMITTEE,
                    Level.COMMUNE,
                )
                for g in range(1, shape.cells + 1):
                    add(
                        child(cp, 5, g),
                        5,
                        0,
                        f"{cc}-G{g:02d}",
                        f"Chi bộ Mẫu {p}-{d}-{c}-{g}",
                        Kind.PARTY_CELL,
                        Level.GRASSROOTS,
                    )
    if batch:
        OrgUnit.objects.bulk_create(batch)
        created += len(batch)
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner knows a province subtree is thousands of rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE orgs_orgunit")
    return created
