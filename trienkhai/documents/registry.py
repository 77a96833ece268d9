"""Registering documents: duplicates, issuing units and organs guessed from citations,
and the one all-or-nothing write used by the page, the API and the demo."""

import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from trienkhai.accounts.access import may_change_owned
from trienkhai.core import clock, versions
from trienkhai.documents.models import Document, LinkKind, Organ
from trienkhai.lib.citations import parse_symbol
from trienkhai.lib.vntext import search_key
from trienkhai.orgs.models import Kind, Level, OrgUnit

# Words of an issuing body as written → the organ that adopted the document.
ORGAN_WORDS = [
    ("ban chap hanh", Organ.EXECUTIVE),
    ("ban thuong vu", Organ.STANDING),
    ("thuong truc", Organ.PERMANENT),
    ("bo chinh tri", Organ.POLITBURO),
    ("ban bi thu", Organ.SECRETARIAT),
    ("uy ban nhan dan", Organ.PEOPLES_COMMITTEE),
    ("ubnd", Organ.PEOPLES_COMMITTEE),
    ("hoi dong nhan dan", Organ.PEOPLES_COUNCIL),
    ("hdnd", Organ.PEOPLES_COUNCIL),
    ("quoc hoi", Organ.NATIONAL_ASSEMBLY),
    ("thu tuong", Organ.PRIME_MINISTER),
    ("chinh phu", Organ.GOVERNMENT),
]

# Issuer codes whose documents come from a unit of that level of the tree.
ISSUER_LEVELS = {
    "TU": Level.PROVINCE,
    "HU": Level.DISTRICT,
    "ThU": Level.DISTRICT,
    "QU": Level.DISTRICT,
    "ĐU": Level.COMMUNE,
    "UBND": None,
}


def organ_from_body(body: str | None, issuer: str = "") -> str:
    key = search_key(body or "")
    for words, organ in ORGAN_WORDS:
        if words in key:
            return organ
    if issuer == "CP":
        return Organ.GOVERNMENT
    if issuer == "TTg":
        return Organ.PRIME_MINISTER
    if issuer.startswith("QH"):
        return Organ.NATIONAL_ASSEMBLY
    return ""


def unit_named_in(body: str | None, issuer: str):
    """The committee a citation's body names ("của Ban Thường vụ Huyện ủy Hoằng Hóa" →
    Huyện ủy Hoằng Hóa), among the units of the issuer code's level; the longest name
    wins. None when the body names no unit ("Ban Chấp hành Đảng bộ tỉnh")."""
    key = search_key(body or "")
    if not key or issuer not in ISSUER_LEVELS:
        return None
    if issuer == "UBND":
        qs = OrgUnit.objects.filter(kind=Kind.PEOPLES_COMMITTEE)
    else:
        qs = OrgUnit.objects.filter(kind=Kind.PARTY_COMMITTEE, level=ISSUER_LEVELS[issuer])
    # The place name ends the body: only units whose key holds its last word.
    padded = f" {key} "
    named = [
        u
        for u in qs.filter(search_key__contains=f" {key.rsplit(' ', 1)[-1]} ")
        if f" {search_key(u.name)} " in padded
    ]
    return max(named, key=lambda u: len(u.name), default=None)


def guess_issuing_unit(issuer: str, user_unit: OrgUnit | None, body: str | None = None):
    """The unit that most likely issued a document with this issuer code: the one the
    body names ("Huyện ủy Hoằng Hóa"), else as seen from the user's unit: "TU" is the
    province Party committee above it, "HU"/"ThU" the district one; Central and State
    issuers have no unit in the tree."""
    named = unit_named_in(body, issuer)
    if named is not None:
        return named
    if user_unit is None or issuer not in ISSUER_LEVELS:
        return None
    chain = list(OrgUnit.objects.get_ancestors(user_unit)) + [user_unit]
    level = ISSUER_LEVELS[issuer]
    if issuer == "UBND":
        candidates = [u for u in chain if u.kind == Kind.PEOPLES_COMMITTEE]
    else:
        candidates = [u for u in chain if u.level == level and u.kind == Kind.PARTY_COMMITTEE]
    return candidates[-1] if candidates else None


def find_duplicate(symbol, issuing_unit, issue_date, term="", exclude_pk=None):
    """An already registered document with the same symbol from the same issuer: same
    term, or same year of issue, or a date missing on either side (numbers restart per
    term for the Party and per year for the State, so the symbol alone is not enough)."""
    qs = Document.objects.filter(symbol=symbol)
    qs = (
        qs.filter(issuing_unit=issuing_unit)
        if issuing_unit
        else qs.filter(issuing_unit__isnull=True)
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if issue_date is None:
        return qs.first()
    same = Q(issue_date__isnull=True) | Q(issue_date__year=issue_date.year)
    if term:
        same |= Q(term=term)
    return qs.filter(same).first()


def already_registered(*, symbol, issuing_unit, issue_date, term="", instance=None):
    """The registered document that a document with these fields would duplicate, by
    `find_duplicate` on the canonical symbol, or None: what `check_document` refuses and
    the register-from-text preview marks "đã có"."""
    parsed = parse_symbol(symbol or "")
    if parsed is None:
        return None
    return find_duplicate(
        parsed.symbol,
        issuing_unit,
        issue_date,
        term,
        exclude_pk=instance.pk if instance else None,
    )


@dataclass
class Draft:
    """One document to register, as corrected by the user."""

    symbol: str
    issue_date: datetime.date | None = None
    issuing_unit: OrgUnit | None = None
    organ: str = ""
    body_text: str = ""
    title: str = ""
    term: str = ""
    place: str = ""
    is_sample: bool = False


class RegistrationError(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors))
        self.errors = errors  # [(index or symbol, message)]


def check_document(*, symbol, issue_date, issuing_unit, title, term="", user=None, instance=None):
    """The one validity rule of a document, for the page, the API, the batch from text
    and the demo: returns (parsed symbol or None, {field: Vietnamese message}).
    A well-formed symbol; a date of issue not after today; a summary (trích yếu); an
    issuing unit the user may register for; not already in the registry (the same
    symbol from the same issuer in the same term or year, `find_duplicate`)."""
    errors = {}
    parsed = parse_symbol(symbol or "")
    if parsed is None:
        errors["symbol"] = _(
            "Số, ký hiệu “%(s)s” không đúng dạng (ví dụ: 621-QĐ/TU, 1234/QĐ-UBND, 30/2020/NĐ-CP)."
        ) % {"s": symbol or ""}
    if issue_date and issue_date > clock.today():
        errors["issue_date"] = _("Ngày ban hành %(d)s ở tương lai.") % {
            "d": issue_date.strftime("%d/%m/%Y")
        }
    if not (title or "").strip():
        errors["title"] = _("Thiếu trích yếu (nội dung văn bản).")
    if user is not None and not may_change_owned(user, issuing_unit):
        errors["issuing_unit"] = _("Bạn không có quyền đăng ký văn bản cho đơn vị ban hành này.")
    if parsed is not None:
        existing = already_registered(
            symbol=parsed.symbol,
            issuing_unit=issuing_unit,
            issue_date=issue_date,
            term=term,
            instance=instance,
        )
        if existing is not None:
            errors["symbol"] = _("Văn bản %(s)s đã có trong sổ đăng ký.") % {"s": existing.symbol}
    return parsed, errors


def save_document(
    fields: dict, *, user, instance=None, issuer_checked=False, based_on=None
) -> Document:
    """Register a document (or change `instance`) from cleaned `fields` (the model's
    editable fields by name). Raises RegistrationError([(field, message)]) and saves
    nothing when `check_document` finds a problem. `issuer_checked`: the calling service
    has decided that the user issues for the issuing unit (an inspector registers the
    notices of the body they serve, a unit they do not edit)."""
    doc = instance or Document(created_by=user)
    merged = {
        name: fields.get(name, getattr(doc, name))
        for name in ("symbol", "issue_date", "issuing_unit", "title", "term")
    }
    # Whether the user may change `instance` at all is the caller's access check
    # (access.get_document_for_user with change=True); here, its new values.
    parsed, errors = check_document(
        **merged, user=None if issuer_checked else user, instance=instance
    )
    if errors:
        raise RegistrationError(list(errors.items()))
    for name, value in fields.items():
        setattr(doc, name, value)
    doc.symbol = parsed.symbol
    doc.system, doc.kind, doc.number, doc.year, doc.issuer_code = (
        parsed.system,
        parsed.kind,
        parsed.number,
        parsed.year,
        parsed.issuer,
    )
    if not doc.organ:
        doc.organ = organ_from_body(doc.body_text, parsed.issuer)
    with transaction.atomic():
        versions.lock_and_check(doc, based_on, fields)  # saved since the edit opened?
        doc.save()
    return doc


def same_document(symbol, draft, other):
    """The rule of `find_duplicate`, between two drafts of one batch."""
    other_symbol, other_draft = other
    if symbol != other_symbol or draft.issuing_unit != other_draft.issuing_unit:
        return False
    a, b = draft.issue_date, other_draft.issue_date
    return (
        a is None
        or b is None
        or a.year == b.year
        or bool(draft.term and draft.term == other_draft.term)
    )


@transaction.atomic
def register(drafts: list[Draft], *, user=None) -> list[Document]:
    """Create every draft or none; duplicates (in the registry or in the batch) refused."""
    errors, documents, accepted = [], [], []
    for index, draft in enumerate(drafts, start=1):
        parsed, found = check_document(
            symbol=draft.symbol,
            issue_date=draft.issue_date,
            issuing_unit=draft.issuing_unit,
            title=draft.title,
            term=draft.term,
            user=user,
        )
        problems = list(found.values())
        if parsed is not None:
            if any(same_document(parsed.symbol, draft, other) for other in accepted):
                problems.append(_("Trùng với một văn bản khác trong cùng lần đăng ký."))
            accepted.append((parsed.symbol, draft))
        errors.extend((index, p) for p in problems)
        if problems:
            continue
        documents.append(
            Document(
                system=parsed.system,
                kind=parsed.kind,
                number=parsed.number,
                year=parsed.year,
                issuer_code=parsed.issuer,
                symbol=parsed.symbol,
                issue_date=draft.issue_date,
                issuing_unit=draft.issuing_unit,
                organ=draft.organ or organ_from_body(draft.body_text, parsed.issuer),
                body_text=draft.body_text,
                title=draft.title.strip(),
                term=draft.term,
                place=draft.place or _default_place(draft.issuing_unit),
                is_sample=draft.is_sample,
                created_by=user,
            )
        )
    if errors:
        raise RegistrationError(errors)
    for document in documents:
        document.save()
    return documents


def _default_place(unit):
    """The place name of the date line: the province of the issuing unit."""
    if unit is None:
        return ""
    province = (
        unit
        if unit.level == Level.PROVINCE
        else next(
            (a for a in OrgUnit.objects.get_ancestors(unit) if a.level == Level.PROVINCE), None
        )
    )
    if province is None:
        return ""
    name = province.name
    for prefix in ("Tỉnh ủy ", "Thành ủy ", "Ủy ban nhân dân tỉnh ", "Ủy ban nhân dân thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return ""


TERM_RE = re.compile(r"\(\s*khóa\s+([IVXLC]+)\s*\)", re.IGNORECASE)
RELATION_WORDS = [  # checked in this order on the words between two citations
    ("tiếp tục thực hiện", LinkKind.CONTINUES),
    ("sửa đổi, bổ sung", LinkKind.AMENDS),
    ("sửa đổi", LinkKind.AMENDS),
    ("thay thế", LinkKind.REPLACES),
    ("thực hiện", LinkKind.IMPLEMENTS),
    ("triển khai", LinkKind.IMPLEMENTS),
]


def term_near(text, citation):
    """The term stated right after a citation: "… 02-NQ/TU … (khóa XVIII)"."""
    window = text[citation.end : citation.end + 120]
    cut = re.search(r"[;.\n]", window)
    match = TERM_RE.search(window[: cut.start()] if cut else window)
    return match.group(1).upper() if match else ""


def links_from_text(text, citations):
    """(source symbol, target symbol, kind) for citations nested in another one's
    clause: "Kết luận số 610-KL/TU … tiếp tục thực hiện Nghị quyết số 02-NQ/TU"."""
    links = []
    for outer, inner in zip(citations, citations[1:], strict=False):
        between = text[outer.end : inner.start]
        if len(between) > 300 or re.search(r"[;\n]|\.\s", between):
            continue
        folded = between.lower()
        kind = next((k for words, k in RELATION_WORDS if words in folded), LinkKind.MENTIONS)
        links.append((outer.symbol, inner.symbol, kind))
    return links
