"""Demo tree: Thanh Hóa as in late 2021.

Real: the Tỉnh ủy and its bodies, the district- and commune-level Party committees
from the bundled pre-reform data, the leaders the seed names with their positions,
Đỗ Trọng Hưng's election as secretary (27/10/2020) and the 19th Congress's 229,424
Party members. Everything else (sample cadres, the assignment of a Standing Committee
member to units) is marked `is_sample` and shown as "dữ liệu mẫu".
"""

import datetime

from trienkhai.orgs.loading import ensure_unit, load_pre2025
from trienkhai.orgs.models import Assignment, Kind, Level, OrgUnit, Person, Position, Tenure

PROVINCE_CODE = "TU-38"
CONGRESS_DAY = datetime.date(2020, 10, 27)

P, A, LB = Kind.PARTY_COMMITTEE, Kind.AGENCY, Kind.LEADING_BODY

# (code, name, short name, kind) directly under the Tỉnh ủy
PROVINCE_BODIES = [
    ("TU-38-BCH", "Ban Chấp hành Đảng bộ tỉnh", "BCH Đảng bộ tỉnh", LB),
    ("TU-38-BTV", "Ban Thường vụ Tỉnh ủy", "BTV Tỉnh ủy", LB),
    ("TU-38-TT", "Thường trực Tỉnh ủy", "", LB),
    ("VPTU-38", "Văn phòng Tỉnh ủy", "", A),
    ("BTCTU-38", "Ban Tổ chức Tỉnh ủy", "", A),
    ("BTGTU-38", "Ban Tuyên giáo Tỉnh ủy", "", A),
    ("BDVTU-38", "Ban Dân vận Tỉnh ủy", "", A),
    ("BNCTU-38", "Ban Nội chính Tỉnh ủy", "", A),
    ("UBKTTU-38", "Ủy ban Kiểm tra Tỉnh ủy", "UBKT Tỉnh ủy", A),
    ("DUCA-38", "Đảng ủy Công an tỉnh", "Công an tỉnh", P),
    ("UBND-38", "Ủy ban nhân dân tỉnh Thanh Hóa", "UBND tỉnh", Kind.PEOPLES_COMMITTEE),
    ("VPDBQH-38", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "", A),
    (
        "MTTQ-38",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa",
        "Ủy ban MTTQ tỉnh",
        Kind.FATHERLAND_FRONT,
    ),
    ("LDLD-38", "Liên đoàn Lao động tỉnh Thanh Hóa", "LĐLĐ tỉnh", Kind.MASS_ORG),
    ("HLHPN-38", "Hội Liên hiệp Phụ nữ tỉnh Thanh Hóa", "Hội LHPN tỉnh", Kind.MASS_ORG),
    ("TDTN-38", "Tỉnh đoàn Thanh Hóa", "Đoàn TNCS Hồ Chí Minh tỉnh", Kind.MASS_ORG),
    ("HND-38", "Hội Nông dân tỉnh Thanh Hóa", "Hội Nông dân tỉnh", Kind.MASS_ORG),
    ("HCCB-38", "Hội Cựu chiến binh tỉnh Thanh Hóa", "Hội CCB tỉnh", Kind.MASS_ORG),
]

# Departments and agencies of the provincial People's Committee (2021).
DEPARTMENTS = [
    ("VPUBND-38", "Văn phòng UBND tỉnh"),
    ("SKHDT-38", "Sở Kế hoạch và Đầu tư"),
    ("STC-38", "Sở Tài chính"),
    ("SNV-38", "Sở Nội vụ"),
    ("SCT-38", "Sở Công Thương"),
    ("SNN-38", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("SXD-38", "Sở Xây dựng"),
    ("SGTVT-38", "Sở Giao thông vận tải"),
    ("STNMT-38", "Sở Tài nguyên và Môi trường"),
    ("SGDDT-38", "Sở Giáo dục và Đào tạo"),
    ("SYT-38", "Sở Y tế"),
    ("SVHTTDL-38", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SLDTBXH-38", "Sở Lao động - Thương binh và Xã hội"),
    ("SKHCN-38", "Sở Khoa học và Công nghệ"),
    ("STTTT-38", "Sở Thông tin và Truyền thông"),
    ("STP-38", "Sở Tư pháp"),
    ("TTRA-38", "Thanh tra tỉnh"),
    ("BDT-38", "Ban Dân tộc tỉnh"),
    ("BQLKKT-38", "Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp"),
]

# The leaders the seed names: (name, [(unit code, title, rank, standing member)]).
SEED_LEADERS = [
    ("Đỗ Trọng Hưng", [("TU-38", "Bí thư", 1, True)]),
    ("Lại Thế Nguyên", [("TU-38", "Phó Bí thư Thường trực", 2, True)]),
    ("Đỗ Minh Tuấn", [("TU-38", "Phó Bí thư", 3, True), ("UBND-38", "Chủ tịch", 1, False)]),
    ("Trịnh Tuấn Sinh", [("TU-38", "Phó Bí thư", 3, True)]),
]

# Sample cadres for the demo accounts (not in the seed).
SAMPLE_LEADER = "Lê Văn Phụ Trách"
SAMPLE_ASSIGNED = ["HU-399", "DUCA-38"]  # Huyện ủy Hoằng Hóa, Đảng ủy Công an tỉnh
SAMPLE_CADRES = [
    ("Nguyễn Thị Văn Phòng", "VPTU-38", "Chuyên viên"),
    ("Trần Văn Hoằng", "HU-399", "Chánh Văn phòng Huyện ủy"),
    ("Phạm Thị Đông", "DU-15997", "Văn phòng Đảng ủy"),
    ("Hoàng Văn Nga", "HU-401", "Chánh Văn phòng Huyện ủy"),
    ("Vũ Thị Kiểm", "UBKTTU-38", "Cán bộ kiểm tra"),
]


def load():
    province, _new = ensure_unit(
        None,
        PROVINCE_CODE,
        name="Tỉnh ủy Thanh Hóa",
        short_name="Tỉnh ủy",
        kind=Kind.PARTY_COMMITTEE,
        level=Level.PROVINCE,
        admin_code="38",
        party_members=229_424,
        note="Số đảng viên: theo báo cáo Đại hội XIX (10/2020), 229.424 đảng viên.",
    )
    for code, name, short, kind in PROVINCE_BODIES:
        ensure_unit(province, code, name=name, short_name=short, kind=kind, level=Level.PROVINCE)
    ubnd = OrgUnit.objects.get_children(province).get(code="UBND-38")
    for code, name in DEPARTMENTS:
        ensure_unit(ubnd, code, name=name, kind=Kind.AGENCY, level=Level.PROVINCE)
    load_pre2025(province)
    _people()
    return province


def _position(unit_code, title, rank=100, standing=False):
    position, _c = Position.objects.get_or_create(
        unit=OrgUnit.objects.get(code=unit_code),
        title=title,
        defaults={"rank": rank, "is_standing_member": standing},
    )
    return position


def _person(name, sample):
    person = Person.objects.filter(full_name=name).first()
    if person is None:
        person = Person.objects.create(full_name=name, is_sample=sample)
    return person


def _hold(person, position, start=None, sample=False):
    Tenure.objects.get_or_create(
        person=person, position=position, defaults={"start": start, "is_sample": sample}
    )


def _people():
    for name, posts in SEED_LEADERS:
        person = _person(name, sample=False)
        for unit_code, title, rank, standing in posts:
            start = CONGRESS_DAY if (name, title) == ("Đỗ Trọng Hưng", "Bí thư") else None
            _hold(person, _position(unit_code, title, rank, standing), start)
    leader = _person(SAMPLE_LEADER, sample=True)
    _hold(leader, _position("TU-38-BTV", "Ủy viên Ban Thường vụ", 10, True), CONGRESS_DAY, True)
    for code in SAMPLE_ASSIGNED:
        Assignment.objects.get_or_create(
            person=leader,
            unit=OrgUnit.objects.get(code=code),
            start=CONGRESS_DAY,
            defaults={"is_sample": True, "note": "Phân công mẫu để minh họa"},
        )
    for name, unit_code, title in SAMPLE_CADRES:
        _hold(_person(name, sample=True), _position(unit_code, title, 50), CONGRESS_DAY, True)


def person_named(name):
    return Person.objects.get(full_name=name)
