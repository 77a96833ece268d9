"""A small province for tests: the demo's shape in a dozen units.

    TU-38 Tỉnh ủy Thanh Hóa
      TU-38-BTV Ban Thường vụ Tỉnh ủy      (the leader's unit)
      UBKTTU-38 Ủy ban Kiểm tra Tỉnh ủy
      DUCA-38   Đảng ủy Công an tỉnh
      HU-399    Huyện ủy Hoằng Hóa   → DU-15997 Hoằng Đông, DU-16000 Hoằng Hải
      HU-401    Huyện ủy Nga Sơn     → DU-16100 Nga Thanh

The accounts carry the demo's usernames (vanphong, hoanghoa, hoangdong, vanphonghh,
lanhdao, kiemtra, ngason, dangvien), so a test written against personas runs on either.
"""

from dataclasses import dataclass, field

from trienkhai.orgs.models import Kind, Level, OrgUnit

from . import factories as make
from .factories import Role


@dataclass
class World:
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)

    def user(self, username):
        return self.users[username]

    def __getattr__(self, name):
        """`world.hoanghoa` is the unit, `world.leader` the person."""
        for table in ("units", "people"):
            found = self.__dict__.get(table, {}).get(name)
            if found is not None:
                return found
        raise AttributeError(name)


def build() -> World:
    w = World()
    province = make.unit(
        None, "TU-38", "Tỉnh ủy Thanh Hóa", level=Level.PROVINCE, short_name="Tỉnh ủy"
    )
    btv = make.unit(
        province, "TU-38-BTV", "Ban Thường vụ Tỉnh ủy", level=Level.PROVINCE, kind=Kind.LEADING_BODY
    )
    ubkt = make.unit(
        province, "UBKTTU-38", "Ủy ban Kiểm tra Tỉnh ủy", level=Level.PROVINCE, kind=Kind.AGENCY
    )
    police = make.unit(province, "DUCA-38", "Đảng ủy Công an tỉnh", level=Level.PROVINCE)
    hoanghoa = make.unit(province, "HU-399", "Huyện ủy Hoằng Hóa", level=Level.DISTRICT)
    hoangdong = make.unit(hoanghoa, "DU-15997", "Đảng ủy xã Hoằng Đông", level=Level.COMMUNE)
    hoanghai = make.unit(hoanghoa, "DU-16000", "Đảng ủy xã Hoằng Hải", level=Level.COMMUNE)
    ngason = make.unit(province, "HU-401", "Huyện ủy Nga Sơn", level=Level.DISTRICT)
    ngathanh = make.unit(ngason, "DU-16100", "Đảng ủy xã Nga Thanh", level=Level.COMMUNE)
    w.units.update(
        province=province,
        btv=btv,
        ubkt=ubkt,
        police=police,
        hoanghoa=hoanghoa,
        hoangdong=hoangdong,
        hoanghai=hoanghai,
        ngason=ngason,
        ngathanh=ngathanh,
    )

    secretary = make.person("Đỗ Trọng Hưng", unit=province, title="Bí thư", standing=True)
    leader = make.person("Lê Văn Phụ Trách", unit=btv, title="Ủy viên Ban Thường vụ", standing=True)
    make.assign(leader, hoanghoa, police)
    w.people.update(secretary=secretary, leader=leader)

    for username, home, roles, extra in [
        ("admin", province, [Role.ADMIN], {"superuser": True}),
        ("vanphong", province, [Role.OFFICE], {"first_name": "Nguyễn Thị Văn Phòng"}),
        ("hoanghoa", hoanghoa, [Role.REPORTER], {"first_name": "Trần Văn Hoằng"}),
        ("hoangdong", hoangdong, [Role.REPORTER], {"first_name": "Phạm Thị Đông"}),
        ("vanphonghh", hoanghoa, [Role.OFFICE], {"first_name": "Đỗ Thị Hồng"}),
        ("dangvien", hoangdong, [], {"first_name": "Nguyễn Văn Bình"}),
        ("lanhdao", btv, [Role.LEADER], {"person": leader, "first_name": "Lê Văn Phụ Trách"}),
        ("kiemtra", province, [Role.INSPECTOR], {"first_name": "Vũ Thị Kiểm"}),
        ("ngason", ngason, [Role.REPORTER], {"first_name": "Hoàng Văn Nga"}),
    ]:
        w.users[username] = make.user(username, home, *roles, **extra)
    return w


def unit(code) -> OrgUnit:
    return OrgUnit.objects.get(code=code)
