"""The demo's steering committee: the Ban Chỉ đạo set up by 715-QĐ/TU (its unit comes
with the documents, documents/demo.py) oversees the six key programmes and the three
breakthroughs of the demo (programmes/demo.py; two breakthroughs are sample programmes),
with its posts (the provincial secretary at its head; the deputies and a member, the
posts sample data) and the account of a member who holds only that post (`bandaochi`).
Adds only what is missing."""

from django.db.models import Q

from trienkhai.accounts import demo as accounts_demo
from trienkhai.dashboards.models import Steering
from trienkhai.documents.demo import STEERING_CODE
from trienkhai.documents.models import Document
from trienkhai.orgs.models import OrgUnit, Person, Position, Tenure
from trienkhai.programmes.demo import PROGRAMMES, SAMPLE_BREAKTHROUGHS
from trienkhai.programmes.models import Programme

DECISION = "715-QĐ/TU"
MEMBER = "Trịnh Văn Chỉ Đạo"  # a sample cadre, the `bandaochi` account's person
# (person, post, rank): people of the demo, the posts sample data.
POSTS = [
    ("Đỗ Trọng Hưng", "Trưởng ban", 1),
    ("Lại Thế Nguyên", "Phó Trưởng ban Thường trực", 2),
    ("Đỗ Minh Tuấn", "Phó Trưởng ban", 3),
    ("Trịnh Tuấn Sinh", "Phó Trưởng ban", 3),
    (MEMBER, "Thành viên", 10),
]


def load():
    """The steering committee, its programmes, posts and member account; returns whether
    the steering committee was new (nothing when its unit is missing)."""
    unit = OrgUnit.objects.filter(code=STEERING_CODE).first()
    if unit is None:
        return False
    province = OrgUnit.objects.get_parent(unit)
    decision = Document.objects.filter(symbol=DECISION, issuing_unit=province).first()
    steering, created = Steering.objects.get_or_create(unit=unit, defaults={"document": decision})
    symbols = [symbol for symbol, *_rest in PROGRAMMES]
    samples = [title for title, *_rest in SAMPLE_BREAKTHROUGHS]
    overseen = Programme.objects.filter(unit=province, parent__isnull=True).filter(
        Q(document__symbol__in=symbols) | Q(title__in=samples, is_sample=True)
    )
    steering.programmes.add(*overseen.exclude(steerings=steering))
    start = unit.valid_from
    if not Person.objects.filter(full_name=MEMBER).exists():
        Person.objects.create(full_name=MEMBER, is_sample=True)
    for name, title, rank in POSTS:
        person = Person.objects.filter(full_name=name).first()
        if person is None:
            continue
        position, _new = Position.objects.get_or_create(
            unit=unit, title=title, defaults={"rank": rank}
        )
        Tenure.objects.get_or_create(
            person=person, position=position, defaults={"start": start, "is_sample": True}
        )
    accounts_demo.ensure_user(accounts_demo.STEERING_USER)
    return created
