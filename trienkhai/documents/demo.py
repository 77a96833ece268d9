"""Demo documents: the seed's twelve citations, registered through the extractor.

The text is the seed itself when it lies beside the project (`../shared/seed/`, or
TK_SEED_DIR); otherwise `data/seed_documents.txt`, which restates the same facts.
"""

import datetime
import os
from pathlib import Path

from django.conf import settings

from trienkhai.documents.models import Document, DocumentLink
from trienkhai.documents.registry import Draft, links_from_text, register, term_near
from trienkhai.lib.citations import extract
from trienkhai.orgs.loading import ensure_unit
from trienkhai.orgs.models import Kind, Level, OrgUnit

FALLBACK = Path(__file__).resolve().parent / "data" / "seed_documents.txt"
STEERING_CODE = "BCD-CTTT-38"
STEERING_NAME = (
    "Ban Chỉ đạo thực hiện các chương trình trọng tâm, khâu đột phá theo Nghị quyết "
    "Đại hội đại biểu Đảng bộ tỉnh lần thứ XIX, nhiệm kỳ 2020-2025"
)
TERM_XIX_START = datetime.date(2020, 10, 27)


def seed_text():
    folder = Path(os.getenv("TK_SEED_DIR", settings.BASE_DIR.parent / "shared" / "seed"))
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if files:
        return files[0].read_text(encoding="utf-8")
    return "".join(
        line
        for line in FALLBACK.read_text(encoding="utf-8").splitlines(True)
        if not line.startswith("#")
    )


def load():
    text = seed_text()
    province = OrgUnit.objects.get(code="TU-38")
    citations = extract(text)
    drafts, seen = [], set()
    for c in citations:
        if c.symbol in seen or c.issuer != "TU":
            continue
        seen.add(c.symbol)
        if Document.objects.filter(symbol=c.symbol, issuing_unit=province).exists():
            continue
        term = term_near(text, c) or ("XIX" if c.date and c.date >= TERM_XIX_START else "")
        drafts.append(
            Draft(
                symbol=c.symbol,
                issue_date=c.date,
                issuing_unit=province,
                body_text=c.body or "",
                title=c.title or "",
                term=term,
            )
        )
    register(drafts)
    by_symbol = {d.symbol: d for d in Document.objects.filter(issuing_unit=province)}
    for source, target, kind in links_from_text(text, citations):
        if source in by_symbol and target in by_symbol:
            DocumentLink.objects.get_or_create(
                source=by_symbol[source], target=by_symbol[target], kind=kind
            )
    decision = by_symbol.get("715-QĐ/TU")
    if decision is not None:
        steering, _new = ensure_unit(
            province,
            STEERING_CODE,
            name=STEERING_NAME,
            short_name="Ban Chỉ đạo 715",
            kind=Kind.OTHER,
            level=Level.PROVINCE,
            valid_from=decision.issue_date,
        )
        if steering.established_by_id is None:
            steering.established_by = decision
            steering.save()
    return len(drafts)
