"""Demo accounts, one per persona. The password comes from TK_DEMO_PASSWORD."""

import os

from trienkhai.accounts.models import Role, RoleGrant, User
from trienkhai.orgs.models import OrgUnit, Person

DEFAULT_PASSWORD = "thanhhoa2021"

# username, display name, unit code, roles, linked person, superuser, what it shows
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", "TU-38", [Role.ADMIN], None, True, "quản trị toàn hệ thống"),
    (
        "vanphong",
        "Nguyễn Thị Văn Phòng",
        "TU-38",
        [Role.OFFICE],
        "Nguyễn Thị Văn Phòng",
        False,
        "Văn phòng Tỉnh ủy: toàn tỉnh, được sửa",
    ),
    (
        "hoanghoa",
        "Trần Văn Hoằng",
        "HU-399",
        [Role.REPORTER],
        "Trần Văn Hoằng",
        False,
        "Huyện ủy Hoằng Hóa và các xã",
    ),
    (
        "hoangdong",
        "Phạm Thị Đông",
        "DU-15997",
        [Role.REPORTER],
        "Phạm Thị Đông",
        False,
        "Đảng ủy xã Hoằng Đông",
    ),
    (
        "vanphonghh",
        "Đỗ Thị Hồng",
        "HU-399",
        [Role.OFFICE],
        None,
        False,
        "Văn phòng Huyện ủy Hoằng Hóa: huyện và các xã, được sửa",
    ),
    (
        "dangvien",
        "Nguyễn Văn Bình",
        "DU-15997",
        [],
        None,
        False,
        "Đảng viên xã Hoằng Đông: điểm danh, thăm dò, bài thu hoạch",
    ),
    (
        "lanhdao",
        "Lê Văn Phụ Trách",
        "TU-38-BTV",
        [Role.LEADER],
        "Lê Văn Phụ Trách",
        False,
        "Ủy viên BTV phụ trách Hoằng Hóa và Công an tỉnh",
    ),
    (
        "kiemtra",
        "Vũ Thị Kiểm",
        "TU-38",
        [Role.INSPECTOR],
        "Vũ Thị Kiểm",
        False,
        "Ủy ban Kiểm tra: toàn tỉnh; lập kế hoạch, làm việc, kết luận kiểm tra, giám sát",
    ),
    (
        "ngason",
        "Hoàng Văn Nga",
        "HU-401",
        [Role.REPORTER],
        "Hoàng Văn Nga",
        False,
        "Huyện ủy Nga Sơn (không thấy Hoằng Hóa)",
    ),
]


# A member of the Ban Chỉ đạo 715 holding only that post: loaded with the steering
# committee (dashboards/demo.py), once its unit and its programmes exist.
STEERING_USER = (
    "bandaochi",
    "Trịnh Văn Chỉ Đạo",
    "BCD-CTTT-38",
    [Role.LEADER],
    "Trịnh Văn Chỉ Đạo",
    False,
    "Thành viên Ban Chỉ đạo 715: các chương trình trọng tâm, khâu đột phá, toàn tỉnh (chỉ xem)",
)


def password():
    return os.getenv("TK_DEMO_PASSWORD", DEFAULT_PASSWORD)


def load():
    for row in DEMO_USERS:
        ensure_user(row)


def ensure_user(row):
    """The demo account of one row of `DEMO_USERS` (its password set when it is new)."""
    username, name, unit_code, roles, person, superuser, _what = row
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username)
        user.set_password(password())
    user.first_name = name
    user.unit = OrgUnit.objects.get(code=unit_code)
    user.person = Person.objects.filter(full_name=person).first() if person else None
    user.is_superuser = user.is_staff = superuser
    user.save()
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=role)
    return user


def logins():
    return [(u, what) for u, _n, _c, _r, _p, _s, what in [*DEMO_USERS, STEERING_USER]]
