"""A report in the Party's format (Hướng dẫn 36-HD/VPTW), independent of the file it goes
to: the heading block, the type and summary, the body as a list of blocks, the signature
and the recipients. Each kind of report (`exports/kinds/`) builds one; `docx.py`, `pdf.py`
and `xlsx.py` write it. So the Word file, the PDF and the spreadsheet say the same."""

import re
from dataclasses import dataclass, field
from datetime import date

from trienkhai.lib.vnformat import format_official_date
from trienkhai.orgs.models import Kind, Level, OrgUnit

# The words a committee's name starts with, and the issuer code of its documents.
COMMITTEE_WORDS = [
    ("Tỉnh ủy ", "tỉnh ", "TU"),
    ("Thành ủy ", "thành phố ", "TU"),  # a centrally-run city; a provincial city is below
    ("Huyện ủy ", "huyện ", "HU"),
    ("Thị ủy ", "thị xã ", "ThU"),
    ("Quận ủy ", "quận ", "QU"),
    ("Đảng ủy ", "", "ĐU"),
]


@dataclass
class Heading:
    """The top of the first page: the superior body and the issuing body at the left,
    with the star and the number; the Party's name and the place and date at the right."""

    superior: str  # "ĐẢNG BỘ TỈNH THANH HÓA"
    issuer: str  # "TỈNH ỦY"
    number: str  # "Số    -BC/TU": the văn thư writes the number when it is issued
    place_date: str  # "Thanh Hóa, ngày 05 tháng 11 năm 2021"
    kind_name: str = "BÁO CÁO"
    summary: str = ""


@dataclass
class Table:
    title: str
    columns: list  # [(header, kind)], kind: "text", "number", "percent", "count"
    rows: list  # [[cell, ...]]; a cell is a str, an int, a Decimal or None
    note: str = ""
    # Decimal places of each numeric column in the files (None: as the value has them).
    decimals: list = field(default_factory=list)


@dataclass
class Chart:
    title: str
    svg: str  # one self-contained SVG (colours and fonts inside)
    width_mm: int = 160


@dataclass
class Section:
    """A numbered part of the body: a heading, paragraphs, tables and charts in order."""

    heading: str
    parts: list = field(default_factory=list)  # str (a paragraph), Table, Chart, Section


@dataclass
class Signature:
    on_behalf: str  # "T/M BAN THƯỜNG VỤ"
    title: str  # "BÍ THƯ"
    name: str = ""


@dataclass
class Report:
    heading: Heading
    sections: list
    signature: Signature
    recipients: list  # ["Ban Bí thư Trung ương Đảng (để báo cáo)", ..., "Lưu Văn phòng Tỉnh ủy"]
    filename: str = "bao-cao"
    is_sample: bool = False  # the figures include sample data: say so
    preamble: list = field(default_factory=list)  # paragraphs before the first section

    def tables(self):
        """Every table of the report, in order, for the spreadsheet."""
        found = []

        def walk(parts):
            for part in parts:
                if isinstance(part, Table):
                    found.append(part)
                elif isinstance(part, Section):
                    walk(part.parts)

        walk(self.sections)
        return found


def _chain(unit):
    """The unit and the units above it, the province first (one query)."""
    return [*OrgUnit.objects.get_ancestors(unit), unit] if unit.depth > 1 else [unit]


def _committees(chain):
    return [u for u in chain if u.kind == Kind.PARTY_COMMITTEE and _committee_words(u.name)]


def issuing_committee(unit: OrgUnit) -> OrgUnit:
    """The committee that issues a unit's reports: the unit itself when it is a Party
    committee, else the nearest committee above it (an office or a Standing Committee
    writes in its committee's name)."""
    committees = _committees(_chain(unit))
    return committees[-1] if committees else unit


def _committee_words(name):
    for prefix, place_word, code in COMMITTEE_WORDS:
        if name.startswith(prefix):
            return prefix, place_word, code
    return None


def _party_of(committee: OrgUnit) -> str:
    """The Party organisation a committee leads: "Tỉnh ủy Thanh Hóa" → "Đảng bộ tỉnh Thanh
    Hóa", "Đảng ủy xã Hoằng Đạo" → "Đảng bộ xã Hoằng Đạo"."""
    words = _committee_words(committee.name)
    if words is None:
        return committee.name
    prefix, place_word, _code = words
    return f"Đảng bộ {place_word}{committee.name[len(prefix) :]}"


def issuer_code(committee: OrgUnit) -> str:
    words = _committee_words(committee.name)
    return words[2] if words else (committee.short_name or committee.code)


def upper(text: str) -> str:
    """Capitals as the heading writes them (Python's upper() keeps Vietnamese letters)."""
    return text.upper()


def heading_for(
    unit: OrgUnit, *, kind_code: str, kind_name: str, summary: str, on: date, number: str = ""
) -> Heading:
    """The heading of a document the unit's committee issues on `on`: "ĐẢNG BỘ TỈNH THANH
    HÓA / TỈNH ỦY / * / Số    -BC/TU" for the province; a district committee writes
    "ĐẢNG BỘ TỈNH THANH HÓA / HUYỆN ỦY HOẰNG HÓA", a commune's "ĐẢNG BỘ HUYỆN HOẰNG HÓA /
    ĐẢNG ỦY XÃ HOẰNG ĐẠO" (the Party organisation above, then the committee)."""
    chain = _chain(unit)
    committees = _committees(chain) or [unit]
    committee = committees[-1]
    parent = committees[-2] if len(committees) > 1 else None
    if committee.level == Level.PROVINCE or parent is None:
        superior = _party_of(committee)
        words = _committee_words(committee.name)
        issuer = words[0].strip() if words else committee.name
    else:
        superior = _party_of(parent)
        issuer = committee.name
    number = re.sub(r"\s+", "", number or "")
    return Heading(
        superior=upper(superior),
        issuer=upper(issuer),
        # No-break spaces leave room for the number the văn thư writes on issuing.
        number=f"Số {number or chr(0xA0) * 8}-{kind_code}/{issuer_code(committee)}",
        place_date=format_official_date(on, place_of(chain)),
        kind_name=kind_name,
        summary=summary,
    )


def place_of(chain) -> str:
    """The place of the date line: the province's name ("Thanh Hóa")."""
    province = next((u for u in chain if u.level == Level.PROVINCE), None)
    if province is None:
        return ""
    words = _committee_words(province.name)
    return province.name[len(words[0]) :] if words else province.name


def signature_for(unit: OrgUnit, on: date) -> Signature:
    """The Standing Committee signs for the committee; the secretary's name when the tree
    knows who held the post that day, else left for the văn thư."""
    from trienkhai.orgs.models import Tenure

    committee = issuing_committee(unit)
    holder = (
        Tenure.objects.filter(position__unit=committee, position__title="Bí thư")
        .active_on(on)
        .select_related("person")
        .order_by("-start")
        .first()
    )
    on_behalf = (
        "T/M BAN THƯỜNG VỤ"
        if committee.level in (Level.PROVINCE, Level.DISTRICT)
        else ("T/M ĐẢNG ỦY")
    )
    return Signature(on_behalf, "BÍ THƯ", holder.person.full_name if holder else "")


def recipients_for(unit: OrgUnit) -> list:
    committees = _committees(_chain(unit)) or [unit]
    committee = committees[-1]
    first = (
        f"{committees[-2].name} (để báo cáo)"
        if len(committees) > 1
        else "Ban Bí thư Trung ương Đảng (để báo cáo)"
    )
    return [
        first,
        "Các đồng chí Ủy viên Ban Thường vụ",
        "Các cơ quan, đơn vị liên quan",
        f"Lưu Văn phòng {committee.name}" if committee.level != Level.COMMUNE else "Lưu",
    ]


def _initials(name: str) -> str:
    """A body's code from its name, as its symbols write it: "Ủy ban Kiểm tra Tỉnh ủy" →
    "UBKTTU", "Ban Tuyên giáo Tỉnh ủy" → "BTGTU" (Đ stays Đ, other marks go)."""
    from trienkhai.lib.vntext import search_key

    return "".join(
        "Đ" if w[0] in "Đđ" else search_key(w[0]).upper() for w in name.split() if w[0].isalpha()
    )


def _own_name(body: OrgUnit, committee: OrgUnit) -> str:
    """A body's name without the committee it serves: "Ủy ban Kiểm tra Tỉnh ủy" → "Ủy ban
    Kiểm tra" (the committee is the line above it in the heading)."""
    words = _committee_words(committee.name)
    for suffix in (committee.name, words[0].strip() if words else None):
        if suffix and body.name.endswith(" " + suffix):
            return body.name[: -len(suffix) - 1]
    return body.name


def speaks_for_committee(body: OrgUnit) -> bool:
    """Does the body issue in its committee's name (the committee itself, its Standing
    Committee or Standing Board), rather than in its own (a commission, a board)?"""
    committee = issuing_committee(body)
    return body == committee or body.name.startswith(("Ban Thường vụ", "Thường trực"))


def body_heading(
    body: OrgUnit, *, kind_code: str, kind_name: str, summary: str, on: date, symbol: str = ""
) -> Heading:
    """The heading of a document a body issues: its committee's (`heading_for`) when it
    speaks for the committee; else "TỈNH ỦY THANH HÓA / ỦY BAN KIỂM TRA / * / Số 48-KH/
    UBKTTU", the committee above the body's own name. `symbol` is the registered one
    ("48-KH/UBKTTU") once the document is issued; before, the number is left blank."""
    number, _sep, code = (symbol or "").partition("/")
    number = number.split("-")[0].strip()
    if speaks_for_committee(body):
        return heading_for(
            body, kind_code=kind_code, kind_name=kind_name, summary=summary, on=on, number=number
        )
    committee = issuing_committee(body)
    code = code.strip() or _initials(body.name)
    return Heading(
        superior=upper(committee.name),
        issuer=upper(_own_name(body, committee)),
        number=f"Số {number or chr(0xA0) * 8}-{kind_code}/{code}",
        place_date=format_official_date(on, place_of(_chain(body))),
        kind_name=kind_name,
        summary=summary,
    )


# The posts that head a body under a committee, the one who signs for it.
HEAD_TITLES = ("Chủ nhiệm", "Trưởng ban", "Chánh Văn phòng")


def body_signature(body: OrgUnit, on: date) -> Signature:
    """Who signs for a body: the committee's secretary when it speaks for the committee;
    else "T/M ỦY BAN KIỂM TRA / CHỦ NHIỆM" (the head of the body, by the tree's posts)."""
    from trienkhai.orgs.models import Tenure

    if speaks_for_committee(body):
        return signature_for(body, on)
    committee = issuing_committee(body)
    own = _own_name(body, committee)
    head = (
        Tenure.objects.filter(position__unit=body, position__title__in=HEAD_TITLES)
        .active_on(on)
        .select_related("person", "position")
        .order_by("position__rank", "-start")
        .first()
    )
    title = head.position.title if head else ("Chủ nhiệm" if "Kiểm tra" in own else "Trưởng ban")
    return Signature(f"T/M {upper(own)}", upper(title), head.person.full_name if head else "")
